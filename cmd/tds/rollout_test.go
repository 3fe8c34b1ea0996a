package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRolloutPrintsOneRecord(t *testing.T) {
	cluster := writeFile(t, "cluster.json", testCluster)
	code, out, errOut := runTDS(t, "rollout", "--cluster-file", cluster, "--primitives", "chain", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one JSON line, got %d", len(lines))
	}
	var rec struct {
		ID            string `json:"id"`
		ClusterID     string `json:"cluster_id"`
		ReasoningMode string `json:"reasoning_mode"`
		Messages      []any  `json:"messages"`
		Verdict       struct {
			Passed bool `json:"passed"`
		} `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.ClusterID != "cl_cli" || !rec.Verdict.Passed || !strings.Contains(rec.ReasoningMode, "[d]") || len(rec.Messages) < 5 {
		t.Fatalf("record %+v", rec)
	}
	// The same command gives the same record.
	if _, again, _ := runTDS(t, "rollout", "--cluster-file", cluster, "--primitives", "chain", "--seed", "3"); again != out {
		t.Fatal("the sim rollout is not reproducible")
	}
	if !strings.Contains(errOut, "passed=true") {
		t.Fatalf("stderr summary %q", errOut)
	}
}

func TestRolloutErrors(t *testing.T) {
	cluster := writeFile(t, "cluster.json", testCluster)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rollout"}, 2, "name the cluster"},
		{[]string{"rollout", "--cluster", "x", "--cluster-file", cluster}, 2, "not both"},
		{[]string{"rollout", "--cluster-file", cluster, "--primitives", "nonsense"}, 2, "unknown primitive"},
		{[]string{"rollout", "--cluster-file", cluster, "--llm.assistant.provider", "openai"}, 2, "--llm.assistant."},
		// A code step without a sandbox: printed, rejected, exit 1.
		{[]string{"rollout", "--cluster-file", cluster, "--primitives", "chain,code"}, 1, "REJECT_REASON_SANDBOX"},
	} {
		code, _, errOut := runTDS(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
}
