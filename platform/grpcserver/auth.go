package grpcserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/tap"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

type principalKey struct{}

// Principal identifies the caller's token without revealing it: the first 16
// hex digits of its SHA-256. Resources such as jobs are owned by a principal.
type Principal string

// PrincipalFromContext returns the authenticated caller, or "" when the server
// runs without tokens.
func PrincipalFromContext(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey{}).(Principal)
	return p
}

// PrincipalOf returns the principal of a token.
func PrincipalOf(token string) Principal {
	sum := sha256.Sum256([]byte(token))
	return Principal(hex.EncodeToString(sum[:8]))
}

// Tokens is a set of accepted bearer tokens, kept as digests and compared
// in constant time, so neither a token nor its length leaks through timing.
type Tokens struct {
	digests [][32]byte
}

// NewTokens returns the set of tokens; an empty set accepts nothing.
func NewTokens(tokens []string) *Tokens {
	t := &Tokens{digests: make([][32]byte, len(tokens))}
	for i, tok := range tokens {
		t.digests[i] = sha256.Sum256([]byte(tok))
	}
	return t
}

// Check returns the principal of token when it is one of the set.
func (t *Tokens) Check(token string) (Principal, bool) {
	token = strings.TrimSpace(token)
	got := sha256.Sum256([]byte(token))
	match := 0
	for _, d := range t.digests {
		match |= subtle.ConstantTimeCompare(got[:], d[:])
	}
	if match != 1 {
		return "", false
	}
	return PrincipalOf(token), true
}

// Authenticate checks an "authorization" header value ("Bearer <token>")
// and returns the caller's principal or an Unauthenticated status error.
func (t *Tokens) Authenticate(header string) (Principal, error) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || strings.TrimSpace(token) == "" {
		return "", errMissingToken
	}
	p, ok := t.Check(token)
	if !ok {
		return "", errUnknownToken
	}
	return p, nil
}

var (
	errMissingToken = apierr.New(codes.Unauthenticated, errorsv1.ErrorReason_ERROR_REASON_UNAUTHENTICATED,
		"missing bearer token: send metadata \"authorization: Bearer <token>\"")
	errUnknownToken = apierr.New(codes.Unauthenticated, errorsv1.ErrorReason_ERROR_REASON_UNAUTHENTICATED, "unknown bearer token")
)

// WithPrincipal returns ctx carrying an authenticated caller, for servers
// that authenticate outside gRPC (the HTTP/JSON API) and their tests.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// bearerAuth accepts calls whose "authorization: Bearer <token>" matches one
// of tokens.
func bearerAuth(tokens *Tokens) auth.AuthFunc {
	return func(ctx context.Context) (context.Context, error) {
		token, err := auth.AuthFromMD(ctx, "bearer")
		if err != nil {
			return nil, errMissingToken
		}
		p, ok := tokens.Check(token)
		if !ok {
			return nil, errUnknownToken
		}
		return WithPrincipal(ctx, p), nil
	}
}

// needsAuth exempts the health service, which load balancers and
// orchestrators probe without credentials.
func needsAuth(_ context.Context, c interceptors.CallMeta) bool {
	return c.Service != healthpb.Health_ServiceDesc.ServiceName
}

func authInterceptors(tokens *Tokens) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	f := bearerAuth(tokens)
	m := selector.MatchFunc(needsAuth)
	return selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(f), m),
		selector.StreamServerInterceptor(auth.StreamServerInterceptor(f), m)
}

// authTap refuses a stream without a valid token from its headers alone,
// before gRPC reads any of its messages: an unauthenticated caller cannot
// make the server buffer and decode a request of up to MaxRecvMsgSize. The
// interceptors check again, and set the principal, once the call runs.
func authTap(tokens *Tokens) tap.ServerInHandle {
	return func(ctx context.Context, info *tap.Info) (context.Context, error) {
		if isHealth(info.FullMethodName) {
			return ctx, nil
		}
		var header string
		if v := info.Header.Get("authorization"); len(v) > 0 {
			header = v[0]
		}
		if _, err := tokens.Authenticate(header); err != nil {
			return nil, err
		}
		return ctx, nil
	}
}

// isHealth tells whether a full method name ("/pkg.Service/Method") belongs
// to the health service.
func isHealth(fullMethod string) bool {
	return strings.HasPrefix(fullMethod, "/"+healthpb.Health_ServiceDesc.ServiceName+"/")
}
