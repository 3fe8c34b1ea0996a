package taxonomy

import "testing"

func TestClassify(t *testing.T) {
	cases := []struct {
		words []string
		want  string
	}{
		{[]string{"weather", "forecast", "city"}, "weather"},
		{[]string{"tweet", "retweet", "follow"}, "social_media"},
		{[]string{"mkdir", "directory", "file"}, "file_system"},
		{[]string{"create", "relations", "entities", "knowledge", "graph"}, "agent_memory"},
		{[]string{"zzz"}, "uncategorized"},
	}
	for _, c := range cases {
		if got := Classify(c.words); got != c.want {
			t.Errorf("Classify(%v) = %q, want %q", c.words, got, c.want)
		}
	}
	if len(Domains) > 64 {
		t.Fatalf("%d domains, the contract allows 64", len(Domains))
	}
}
