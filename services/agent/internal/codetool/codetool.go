// Package codetool runs the code tool's calls in the sandbox service over
// gRPC. The tool result is the sandbox's response as JSON (status, exit
// code, stdout, stderr); a program that fails is an ordinary (error) result,
// while a sandbox that fails is a *world.SandboxError, which rejects the
// rollout: the code may not have run, and its output is never made up.
package codetool

import (
	"context"
	"encoding/json"
	"strings"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// Runner calls the sandbox service.
type Runner struct {
	C sandboxv1.SandboxServiceClient
}

var _ world.CodeRunner = Runner{}

// maxOutput bounds stdout and stderr kept in the tool result.
const maxOutput = 16 << 10

// Result is the code tool's result as the assistant sees it.
type Result struct {
	Status   string `json:"status"`
	ExitCode int32  `json:"exit_code"`
	Stdout   string `json:"stdout"`
	Stderr   string `json:"stderr"`
	// Error is set when the program did not succeed, so the trajectory's
	// signature marks the call with "!".
	Error string `json:"error,omitempty"`
}

// Run implements world.CodeRunner.
func (r Runner) Run(ctx context.Context, language, code string) (string, error) {
	lang := sandboxv1.Language_LANGUAGE_PYTHON
	req := &sandboxv1.ExecuteRequest{Language: lang, Code: code}
	if language == "sql" {
		req.Language = sandboxv1.Language_LANGUAGE_SQLITE
	}
	resp, err := r.C.Execute(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &world.SandboxError{Reason: err.Error()}
	}
	if resp.GetStatus() == sandboxv1.Status_STATUS_SANDBOX_ERROR || resp.GetStatus() == sandboxv1.Status_STATUS_UNSPECIFIED {
		return "", &world.SandboxError{Reason: "sandbox error: " + resp.GetSandboxError()}
	}
	res := Result{
		Status:   strings.ToLower(strings.TrimPrefix(resp.GetStatus().String(), "STATUS_")),
		ExitCode: resp.GetExitCode(),
		Stdout:   plan.Clip(string(resp.GetStdout()), maxOutput),
		Stderr:   plan.Clip(string(resp.GetStderr()), maxOutput),
	}
	if resp.GetStatus() != sandboxv1.Status_STATUS_OK {
		res.Error = "program ended with " + res.Status
		if s := strings.TrimSpace(res.Stderr); s != "" {
			lines := strings.Split(s, "\n")
			res.Error += ": " + lines[len(lines)-1]
		}
	}
	raw, _ := json.Marshal(res)
	return string(raw), nil
}
