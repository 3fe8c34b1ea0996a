package dataset

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

func record(id string) *trajectoryv1.Record {
	return &trajectoryv1.Record{
		Id: id, JobId: "job-1", ClusterId: "c1", Domain: "weather", ReasoningMode: "[u].[d].ans", Cac: 3.5,
		Tools: []*trajectoryv1.ToolSpec{{Type: "function", Function: &trajectoryv1.FunctionSpec{
			Name: "get_city", Description: "find a city", ParametersJson: `{"type":"object","properties":{"q":{"type":"string"}}}`}}},
		Messages: []*trajectoryv1.Message{
			{Role: "system", Content: "You help."},
			{Role: "user", Content: "Weather in Paris?"},
			{Role: "assistant", ToolCalls: []*trajectoryv1.ToolCall{
				{Id: "call_1", Type: "function", Function: &trajectoryv1.FunctionCall{Name: "get_city", Arguments: `{"q":"Paris"}`}},
				{Id: "call_2", Type: "function", Function: &trajectoryv1.FunctionCall{Name: "get_city", Arguments: `{"q":"Lyon"}`}},
			}},
			{Role: "tool", ToolCallId: "call_1", Name: "get_city", Content: `{"id":"c-75"}`},
			{Role: "tool", ToolCallId: "call_2", Name: "get_city", Content: `{"id":"c-69"}`},
			{Role: "assistant", Content: "Paris is c-75."},
		},
		Verdict:    &trajectoryv1.Verdict{Passed: true, Checks: map[string]bool{"schema": true}},
		Provenance: &trajectoryv1.Provenance{Models: map[string]string{"assistant": "sim"}, Seed: 7},
	}
}

func TestPartIsIdempotentAcrossReopenAndTornLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accepted.jsonl")
	p, err := OpenPart(path, KeyField("id"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			row, _ := trajectory.MarshalProto((record(fmt.Sprintf("r%03d", i%100)))) // every id twice, concurrently
			if _, err := p.Add(ctx, fmt.Sprintf("r%03d", i%100), row); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := p.Count(); n != 100 {
		t.Fatalf("count = %d, want 100", n)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	// A crash mid-write leaves a torn last line.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString(`{"id":"r999","messa`)
	_ = f.Close()

	p, err = OpenPart(path, KeyField("id"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if n := p.Count(); n != 100 {
		t.Fatalf("after reopen count = %d, want 100", n)
	}
	row, _ := trajectory.MarshalProto((record("r005")))
	if added, err := p.Add(ctx, "r005", row); err != nil || added {
		t.Fatalf("re-adding a committed id: added=%v err=%v", added, err)
	}
	row, _ = trajectory.MarshalProto((record("r999")))
	if added, err := p.Add(ctx, "r999", row); err != nil || !added {
		t.Fatalf("adding the torn id again: added=%v err=%v", added, err)
	}
	data, _ := os.ReadFile(path)
	ids := map[string]bool{}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var r trajectory.Record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		if ids[r.ID] {
			t.Fatalf("duplicate %s", r.ID)
		}
		ids[r.ID] = true
	}
	if len(ids) != 101 {
		t.Fatalf("file holds %d ids, want 101", len(ids))
	}
}

func TestCanonicalAndShareGPT(t *testing.T) {
	r, _ := trajectory.FromProto(record("r1"))
	b, _ := json.Marshal(r)
	for _, want := range []string{`"arguments":"{\"q\":\"Paris\"}"`, `"parameters":{"type":"object"`, `"verdict":{"passed":true`, `"tool_call_id":"call_1"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("canonical row lacks %s: %s", want, b)
		}
	}
	s := ToShareGPT(r)
	var from []string
	for _, c := range s.Conversations {
		from = append(from, c.From)
	}
	if got := strings.Join(from, ","); got != "human,function_call,observation,gpt" {
		t.Fatalf("turns = %s", got)
	}
	var calls []map[string]any
	if err := json.Unmarshal([]byte(s.Conversations[1].Value), &calls); err != nil || len(calls) != 2 {
		t.Fatalf("parallel calls = %s (%v)", s.Conversations[1].Value, err)
	}
	if args, ok := calls[0]["arguments"].(map[string]any); !ok || args["q"] != "Paris" {
		t.Fatalf("arguments must be an object: %v", calls[0])
	}
	if s.System != "You help." || !strings.Contains(s.Tools, `"name":"get_city"`) {
		t.Fatalf("system/tools: %q %q", s.System, s.Tools)
	}
}

func TestFinalizeWritesEveryFormat(t *testing.T) {
	dir := t.TempDir()
	parts := filepath.Join(dir, PartsDir)
	_ = os.MkdirAll(parts, 0o755)
	acc, _ := OpenPart(filepath.Join(parts, "accepted.jsonl"), KeyField("id"))
	for i := range 10 {
		row, _ := trajectory.MarshalProto((record(fmt.Sprintf("r%d", i))))
		if _, err := acc.Add(context.Background(), fmt.Sprintf("r%d", i), row); err != nil {
			t.Fatal(err)
		}
	}
	_ = acc.Close()
	job := &jobv1.Job{Id: "job-1", CorpusLicenses: []string{"MIT"}, Spec: &jobv1.JobSpec{TargetRecords: 10}}
	report := &evolvev1.Report{JobId: "job-1", Final: &evolvev1.Snapshot{Accepted: 10, HDom: 0, HMode: 0},
		Domains: []*evolvev1.Count{{Key: "weather", Count: 10}}}
	sum, err := Finalize(dir, acc.Path(), filepath.Join(parts, "rejected.jsonl"), job, report, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != 10 || sum.Verified != 10 || sum.Models["assistant"][0] != "sim" {
		t.Fatalf("summary %+v", sum)
	}
	for _, f := range []string{FileTrajectories, FileParquet, FileShareGPT, FileRejected, FileReport, FileCard} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	ids, err := ReadParquetIDs(filepath.Join(dir, FileParquet))
	if err != nil || len(ids) != 10 || ids[3] != "r3" {
		t.Fatalf("parquet ids %v, %v", ids, err)
	}
	card, _ := os.ReadFile(filepath.Join(dir, FileCard))
	for _, want := range []string{"10 records", "MIT", "| weather | 10 |", "| assistant | sim |", "**Not for training.**", "request-level entropy"} {
		if !strings.Contains(string(card), want) {
			t.Errorf("card lacks %q:\n%s", want, card)
		}
	}
	// Who wrote the text comes before anything else.
	if strings.Index(string(card), "Not for training") > strings.Index(string(card), "## Contents") {
		t.Errorf("the sim notice is not at the top:\n%s", card)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
	if len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func TestCardAuthors(t *testing.T) {
	for _, c := range []struct {
		models map[string][]string
		want   string
		not    string
	}{
		{map[string][]string{"assistant": {"Qwen/Qwen3-32B"}, "user_simulator": {"Qwen/Qwen3-32B"}}, "| assistant | Qwen/Qwen3-32B |", "`sim`"},
		{map[string][]string{"assistant": {"Qwen/Qwen3-32B"}, "tool_simulator": {"sim"}}, "The tool_simulator role(s) were played by `sim`", "Not for training"},
		{map[string][]string{"assistant": {"sim"}}, "**Not for training.**", "role(s) were played"},
	} {
		var b strings.Builder
		writeAuthors(&b, c.models)
		if !strings.Contains(b.String(), c.want) || strings.Contains(b.String(), c.not) {
			t.Errorf("models %v: card opening\n%s\nwant %q and not %q", c.models, b.String(), c.want, c.not)
		}
	}
}
