package llm_test

import (
	"flag"
	"strings"
	"testing"

	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/llm"
)

func TestRoleFlags(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	var r llm.RoleFlags
	r.Register(fs, "llm.")
	err := fs.Parse([]string{"--llm.assistant.provider", "openai", "--llm.assistant.base_url", "http://127.0.0.1:8000/v1",
		"--llm.assistant.model", "qwen", "--llm.assistant.temperature", "0.3", "--llm.judge.provider", "gpt"})
	requireNoError(t, err)
	a := r.Endpoint(llm.RoleAssistant)
	requireEqual(t, a.Model, "qwen", "assistant model")
	requireEqual(t, *a.Temperature, 0.3, "assistant temperature")
	requireEqual(t, r.Endpoint(llm.RolePlanner).Provider, llm.ProviderSim, "planner provider")
	if r.Endpoint(llm.RolePlanner).Temperature != nil {
		t.Fatal("unset temperature should stay unset")
	}
	var v config.Validator
	r.Validate(&v)
	if err := v.Err(); err == nil || !strings.Contains(err.Error(), "llm.judge.provider") {
		t.Fatalf("want an error naming llm.judge.provider, got %v", err)
	}

	m := llm.RolesFromProto(&llmv1.Roles{Assistant: &llmv1.Endpoint{Provider: "openai", BaseUrl: "http://h/v1", Model: "m"}})
	requireEqual(t, m[llm.RoleAssistant].Model, "m", "assistant from proto")
	requireEqual(t, m[llm.RoleUserSimulator].Provider, llm.ProviderSim, "unset role")
	if _, ok := m[llm.RoleJudge]; ok {
		t.Fatal("an unset judge should not run")
	}
}
