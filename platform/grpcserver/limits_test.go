package grpcserver_test

import (
	"context"
	"strings"
	"testing"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// TestAuthBeforeTheBody: a request far above the server's read limit is
// answered Unauthenticated without a token — the stream is refused from its
// headers, before gRPC reads (or refuses to read) the message — and
// ResourceExhausted, naming the limit, with one.
func TestAuthBeforeTheBody(t *testing.T) {
	const limit = 1 << 20
	executed := false
	h := start(t, grpcserver.Config{Tokens: []string{"tok"}, MaxRecvMsgSize: limit}, &sandboxStub{
		execute: func(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
			executed = true
			return &sandboxv1.ExecuteResponse{}, nil
		},
	})
	client := sandboxv1.NewSandboxServiceClient(h.conn)
	big := &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: strings.Repeat("x", 8<<20)}

	_, err := client.Execute(context.Background(), big)
	requireCode(t, err, codes.Unauthenticated)
	_, err = client.Execute(metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer nope"), big)
	requireCode(t, err, codes.Unauthenticated)

	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer tok")
	_, err = client.Execute(ctx, big)
	requireCode(t, err, codes.ResourceExhausted)
	if !strings.Contains(err.Error(), "1048576") {
		t.Fatalf("error %q does not state the limit", err)
	}
	if executed {
		t.Fatal("a refused request reached the handler")
	}
	_, err = client.Execute(ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"})
	requireNoError(t, err)
}

// TestMethodLimits: a method with a limit of its own refuses a request
// above it with ResourceExhausted naming the limit and the method, while
// the same request passes where no method limit applies.
func TestMethodLimits(t *testing.T) {
	method := sandboxv1.SandboxService_Execute_FullMethodName
	h := start(t, grpcserver.Config{MethodLimits: map[string]int{method: 1000}}, &sandboxStub{execute: okExecute})
	client := sandboxv1.NewSandboxServiceClient(h.conn)
	if _, err := client.Execute(context.Background(), &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: strings.Repeat("y", 900)}); err != nil {
		t.Fatalf("below the limit: %v", err)
	}
	_, err := client.Execute(context.Background(), &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: strings.Repeat("y", 2000)})
	requireCode(t, err, codes.ResourceExhausted)
	if !strings.Contains(err.Error(), "limit of 1000 bytes") || !strings.Contains(err.Error(), method) {
		t.Fatalf("error %q: want the limit and the method", err)
	}
	if r := apierr.Reason(err); r != errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT {
		t.Fatalf("reason = %v", r)
	}

	other := start(t, grpcserver.Config{MethodLimits: map[string]int{"/other.Service/Method": 10}}, &sandboxStub{execute: okExecute})
	if _, err := sandboxv1.NewSandboxServiceClient(other.conn).Execute(context.Background(),
		&sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: strings.Repeat("y", 2000)}); err != nil {
		t.Fatalf("a method without a limit: %v", err)
	}
}

func TestTokensAuthenticate(t *testing.T) {
	tokens := grpcserver.NewTokens([]string{"alpha", "beta"})
	for header, want := range map[string]grpcserver.Principal{
		"Bearer alpha":   grpcserver.PrincipalOf("alpha"),
		"bearer  beta  ": grpcserver.PrincipalOf("beta"),
		"Bearer alph":    "",
		"Basic alpha":    "",
		"alpha":          "",
		"":               "",
		"Bearer ":        "",
	} {
		p, err := tokens.Authenticate(header)
		if p != want || (want == "") != (err != nil) {
			t.Errorf("Authenticate(%q) = %q, %v; want %q", header, p, err, want)
		}
	}
}
