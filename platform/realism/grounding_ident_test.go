package realism

import "testing"

// An identifier said in words is grounded; one never said is not.
func TestIdentifierSaidInWords(t *testing.T) {
	c := &conversation{words: map[string]bool{}, numbers: map[string]bool{}}
	c.addText("Please link Ana Ruiz and Acme: Ana works at Acme.")
	if !c.grounds(leaf{text: "works_at", str: true}) {
		t.Error("works_at said as 'works at' is not grounded")
	}
	if c.grounds(leaf{text: "reports_to", str: true}) {
		t.Error("reports_to, never said, is grounded")
	}
}
