package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// orderRecord is a realistic record: the user names an order, its result
// gives the e-mail the receipt goes to (a dependent call), and every text
// uses words of its own, so no phrase repeats across records.
func orderRecord(i int, placeholder bool) trajectory.Record {
	w := func(k int) string { return fmt.Sprintf("w%dn%d", i, k) }
	order := fmt.Sprintf("ORD-%05d", 48213+i)
	email := fmt.Sprintf("client%d@shop.example.org", i)
	if placeholder {
		email = fmt.Sprintf("email_%d", i)
	}
	tools := []trajectory.Tool{
		{Type: "function", Function: trajectory.FunctionSpec{Name: "get_order", Parameters: json.RawMessage(`{"type":"object","properties":{"order_id":{"type":"string","description":"Order id, such as 'ORD-00000'"}}}`)}},
		{Type: "function", Function: trajectory.FunctionSpec{Name: "send_receipt", Parameters: json.RawMessage(`{"type":"object","properties":{"email":{"type":"string","format":"email"}}}`)}},
	}
	call := func(id, name, args string) trajectory.ToolCall {
		return trajectory.ToolCall{ID: id, Type: "function", Function: trajectory.FunctionCall{Name: name, Arguments: args}}
	}
	return trajectory.Record{
		ID: fmt.Sprintf("r%02d", i), JobID: "job-9", Domain: []string{"retail", "billing", "support"}[i%3], Tools: tools,
		Messages: []trajectory.Message{
			{Role: "user", Content: fmt.Sprintf("%s %s %s %s %s %s", w(1), w(2), order, w(3), w(4), w(5))},
			{Role: "assistant", ReasoningContent: fmt.Sprintf("%s %s %s", w(6), w(7), w(8)), ToolCalls: []trajectory.ToolCall{call("c1", "get_order", fmt.Sprintf(`{"order_id":%q}`, order))}},
			{Role: "tool", ToolCallID: "c1", Name: "get_order", Content: fmt.Sprintf(`{"order_id":%q,"customer_email":%q,"total_eur":%d.50}`, order, email, 20+i)},
			{Role: "assistant", ReasoningContent: fmt.Sprintf("%s %s %s", w(9), w(10), w(11)), ToolCalls: []trajectory.ToolCall{call("c2", "send_receipt", fmt.Sprintf(`{"email":%q}`, email))}},
			{Role: "tool", ToolCallID: "c2", Name: "send_receipt", Content: `{"receipt_sent_at":"2024-05-01T10:00:00Z"}`},
			{Role: "assistant", Content: fmt.Sprintf("%s %s %s %s %s", w(12), w(13), w(14), w(15), w(16))},
		},
		Provenance: json.RawMessage(`{"models":{"assistant":"sim"},"seed":1,"version":"dev","strategy":"tdscaling"}`),
	}
}

func writeDataset(t *testing.T, n int, placeholder bool) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := range n {
		line, err := json.Marshal(orderRecord(i, placeholder))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(filepath.Join(dir, "trajectories.jsonl"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReportDataset(t *testing.T) {
	good := writeDataset(t, 20, false)
	code, out, stderr := runTDS(t, "report", "--dataset", good, "--check")
	if code != 0 {
		t.Fatalf("check of a realistic dataset: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{
		"job job-9 (tdscaling)",
		"20 accepted",
		"H_dom         1.581 bits over 3 domains",
		fmt.Sprintf("H_mode        0.000 bits over 1 signatures (grammar v%d)", trajectory.GrammarVersion),
		"requests      0.000 bits over 1 request signatures, 1.00 requests per record",
		"realism over 20 records",
		"✓ placeholder args           0.0 %     0/40 ≤ 2 %",
		"✓ example shape            100.0 %    20/20 ≥ 90 %",
		"✓ format                   100.0 %    20/20 ≥ 95 %",
		"✓ dependent records        100.0 %    20/20 ≥ 40 %",
		"✓ first-message 4-gram       5.0 %     1/20 ≤ 10 %",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// The same records with placeholder e-mails: the file itself, not the
	// directory, and --check fails naming what missed.
	bad := filepath.Join(writeDataset(t, 20, true), "trajectories.jsonl")
	code, out, stderr = runTDS(t, "report", "--dataset", bad, "--check")
	if code != 1 {
		t.Fatalf("check of placeholder values: exit %d\n%s", code, out)
	}
	for _, want := range []string{"placeholder args is 50.0 %, threshold ≤ 2 %", "format is 0.0 %, threshold ≥ 95 %"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(out, `✗ placeholder args          50.0 %    20/40 ≤ 2 %     e.g. "email_0" send_receipt.email (word_number) ×20 in r00`) {
		t.Errorf("output lacks the example:\n%s", out)
	}

	code, raw, _ := runTDS(t, "report", "--dataset", bad, "--json")
	var r evolvev1.Report
	if code != 0 || protojson.Unmarshal([]byte(raw), &r) != nil {
		t.Fatalf("--json: exit %d\n%s", code, raw)
	}
	if p := r.GetRealism().GetPlaceholderArguments(); p.GetNumerator() != 20 || p.GetDenominator() != 40 || p.GetMeets() {
		t.Fatalf("placeholder arguments %v", p)
	}

	if code, _, stderr := runTDS(t, "report", "--dataset", filepath.Join(t.TempDir(), "none")); code != 1 || !strings.Contains(stderr, "no such file") {
		t.Fatalf("missing dataset: exit %d %s", code, stderr)
	}
}

// TestReportDatasetMatchesFinalize: the realism the gateway measured while
// writing a dataset is the one tds report --dataset measures from scratch
// on its trajectories.jsonl.
func TestReportDatasetMatchesFinalize(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ds")
	code, summary, stderr := runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "40", "--out", out, "--seed", "5")
	if code != 0 {
		t.Fatalf("synth: exit %d\n%s", code, stderr)
	}
	if !regexp.MustCompile(`realism: \d+ of 11 thresholds met.*; tds report --dataset `).MatchString(summary) {
		t.Fatalf("the summary lacks the realism line:\n%s", summary)
	}
	raw, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var written evolvev1.Report
	if err := protojson.Unmarshal(raw, &written); err != nil {
		t.Fatal(err)
	}
	code, js, stderr := runTDS(t, "report", "--dataset", out, "--json")
	var fresh evolvev1.Report
	if code != 0 || protojson.Unmarshal([]byte(js), &fresh) != nil {
		t.Fatalf("report --dataset: exit %d\n%s", code, stderr)
	}
	if written.GetRealism().GetRecords() != 40 || !proto.Equal(written.GetRealism(), fresh.GetRealism()) {
		t.Fatalf("report.json realism %v\nfrom scratch %v", written.GetRealism(), fresh.GetRealism())
	}
	if written.GetSignatureGrammarVersion() != fresh.GetSignatureGrammarVersion() {
		t.Fatalf("grammar v%d in report.json, v%d from the records", written.GetSignatureGrammarVersion(), fresh.GetSignatureGrammarVersion())
	}
	if written.GetFinal().GetHDom() != fresh.GetFinal().GetHDom() || written.GetFinal().GetDistinctDomains() != fresh.GetFinal().GetDistinctDomains() {
		t.Fatalf("H_dom %v over %d domains in report.json, %v over %d from the records", written.GetFinal().GetHDom(),
			written.GetFinal().GetDistinctDomains(), fresh.GetFinal().GetHDom(), fresh.GetFinal().GetDistinctDomains())
	}
	card, _ := os.ReadFile(filepath.Join(out, "README.md"))
	if !strings.Contains(string(card), "## Realism") {
		t.Fatalf("card lacks the realism section:\n%s", card)
	}
}
