package llm

import (
	"context"
	"flag"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	// Any answer will do: a server without /models still is a server.
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if err := Probe(context.Background(), srv.Client(), srv.URL+"/v1/"); err != nil {
		t.Fatalf("Probe of a live server: %v", err)
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + lis.Addr().String() + "/v1"
	lis.Close()
	err = Probe(context.Background(), http.DefaultClient, down)
	if err == nil {
		t.Fatal("Probe of a closed port succeeded")
	}
	if !strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "/models") {
		t.Fatalf("Probe error %q: want the cause alone, without the URL", err)
	}
}

func TestServersListsOpenAIRolesByFlag(t *testing.T) {
	fs := flag.NewFlagSet("agent", flag.ContinueOnError)
	var r RoleFlags
	r.Register(fs, "llm.", RoleAssistant, RoleToolSimulator, RoleJudge)
	if err := fs.Parse([]string{
		"--llm.assistant.provider", "openai", "--llm.assistant.base_url", "http://gpu:8000/v1",
		"--llm.judge.provider", "openai", "--llm.judge.base_url", "http://judge:8000/v1",
	}); err != nil {
		t.Fatal(err)
	}
	got := r.Servers(RoleAssistant, RoleToolSimulator)
	if len(got) != 1 || got["llm.assistant.base_url"] != "http://gpu:8000/v1" {
		t.Fatalf("Servers(assistant, tool_simulator) = %v", got)
	}
	if all := r.Servers(); len(all) != 2 || all["llm.judge.base_url"] != "http://judge:8000/v1" {
		t.Fatalf("Servers() = %v", all)
	}
}
