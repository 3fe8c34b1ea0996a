package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A move is asked for from where to where ("move /home/ana/a.txt to
// /home/ana/old/a.txt"), not as "move files — destination … and source
// …"; a compared second case is said by its value alone ("and again for
// /home/ana/b"), not with its parameter's name.
func TestRequestsSayAMoveFromWhereToWhere(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_move", Name: "move_file", Service: "fs", Domain: "file_system",
			Description:     "Move or rename files and directories. Can move files between directories and rename them in a single operation.",
			InputSchemaJson: `{"type":"object","properties":{"source":{"type":"string"},"destination":{"type":"string"}},"required":["source","destination"]}`},
	}}
	moved := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "destination /") || strings.Contains(in, "source /") {
			t.Fatalf("seed %d: request %q names the move's parameters", seed, in)
		}
		if strings.Contains(in, " to /") {
			moved++
		}
	}
	if moved == 0 {
		t.Fatalf("no request said a move from where to where")
	}
}

func TestRequestsSayASecondCaseByItsValue(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_mem", Domain: "agent_memory", Tools: []*toolv1.Tool{
		{Id: "t_open", Name: "open_nodes", Service: "memory", Domain: "agent_memory", Description: "Open specific nodes in the knowledge graph by their names",
			InputSchemaJson:  `{"type":"object","properties":{"names":{"type":"array","items":{"type":"string"},"description":"An array of entity names to retrieve"}},"required":["names"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"entities":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"entityType":{"type":"string"},"observations":{"type":"array","items":{"type":"string"}}}}}}}`},
	}}
	compared := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1, validate.Aggregate)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "names ") {
			t.Fatalf("seed %d: request %q names the second case's parameter", seed, in)
		}
		if strings.Contains(in, "again for ") || strings.Contains(in, "same for ") || strings.Contains(in, "also for ") {
			compared++
		}
	}
	if compared == 0 {
		t.Fatalf("no second case drafted")
	}
}

// A second case of a file read with a count is said as the count of its
// lines ("then the same for the last 25 lines of /home/ana/b.md"), not
// "the same for path /home/ana/b.md and tail 25".
func TestRequestsSayASecondFileByItsPath(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_tail", Name: "read_text_file", Service: "fs", Domain: "file_system",
			Description:      "Read the complete contents of a file from the file system as text.",
			InputSchemaJson:  `{"type":"object","properties":{"path":{"type":"string"},"tail":{"type":"number","description":"If provided, returns only the last N lines of the file"}},"required":["path","tail"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"content":{"type":"string"}}}`},
	}}
	second := 0
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 1, validate.Aggregate)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "path /") || strings.Contains(in, "tail ") {
			t.Fatalf("seed %d: request %q names the second case's parameters", seed, in)
		}
		if strings.Contains(in, "for the last ") || strings.Contains(in, "for /") {
			second++
		}
	}
	if second == 0 {
		t.Fatalf("no second case said by its path")
	}
}

// A second case by a code or token keeps its noun ("the same for access
// token x7Ka9…"): a bare code says nothing of what it is.
func TestRequestsSayASecondCodeWithItsNoun(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_bank", Domain: "banking", Tools: []*toolv1.Tool{
		{Id: "t_bal", Name: "get_credit_card_balance", Service: "bank", Domain: "banking", Description: "Get the balance of a credit card.",
			InputSchemaJson:  `{"type":"object","properties":{"access_token":{"type":"string","description":"The access token"}},"required":["access_token"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"balance":{"type":"number"}}}`},
	}}
	coded := 0
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 1, validate.Aggregate)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if u := a.GetUser(); u != nil && !u.GetWithholdUntilAsked() {
					v := strings.Trim(u.GetValueJson(), `"`)
					if strings.Contains(in, v) && !strings.Contains(in, "token "+v) {
						t.Fatalf("seed %d: request %q says the token %s without its noun", seed, in, v)
					}
					coded++
				}
			}
		}
	}
	if coded == 0 {
		t.Fatalf("no token said")
	}
}

// A move whose destination the user gives only when asked is asked for by
// what moves ("move /home/ana/a.txt"), not "shift files with source …".
func TestRequestsSayAMoveWithItsDestinationLater(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_move", Name: "move_file", Service: "fs", Domain: "file_system",
			Description:     "Move or rename files and directories. Can move files between directories and rename them in a single operation.",
			InputSchemaJson: `{"type":"object","properties":{"source":{"type":"string"},"destination":{"type":"string"}},"required":["source","destination"]}`},
	}}
	asked := 0
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 1, validate.Clarify)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "source /") || strings.Contains(in, "destination /") {
			t.Fatalf("seed %d: request %q names the move's parameters", seed, in)
		}
		if strings.Contains(in, " /home/") && !strings.Contains(in, " to /") {
			asked++
		}
	}
	if asked == 0 {
		t.Fatalf("no move asked for by what moves, its destination given later")
	}
}
