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

// bearerAuth accepts calls whose "authorization: Bearer <token>" matches one
// of tokens. Digests are compared in constant time, so neither the token nor
// its length leaks through timing.
func bearerAuth(tokens []string) auth.AuthFunc {
	digests := make([][32]byte, len(tokens))
	for i, t := range tokens {
		digests[i] = sha256.Sum256([]byte(t))
	}
	return func(ctx context.Context) (context.Context, error) {
		token, err := auth.AuthFromMD(ctx, "bearer")
		if err != nil {
			return nil, apierr.New(codes.Unauthenticated, errorsv1.ErrorReason_ERROR_REASON_UNAUTHENTICATED,
				"missing bearer token: send metadata \"authorization: Bearer <token>\"")
		}
		got := sha256.Sum256([]byte(strings.TrimSpace(token)))
		match := 0
		for _, d := range digests {
			match |= subtle.ConstantTimeCompare(got[:], d[:])
		}
		if match != 1 {
			return nil, apierr.New(codes.Unauthenticated, errorsv1.ErrorReason_ERROR_REASON_UNAUTHENTICATED, "unknown bearer token")
		}
		return context.WithValue(ctx, principalKey{}, PrincipalOf(strings.TrimSpace(token))), nil
	}
}

// needsAuth exempts the health service, which load balancers and
// orchestrators probe without credentials.
func needsAuth(_ context.Context, c interceptors.CallMeta) bool {
	return c.Service != healthpb.Health_ServiceDesc.ServiceName
}

func authInterceptors(tokens []string) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	f := bearerAuth(tokens)
	m := selector.MatchFunc(needsAuth)
	return selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(f), m),
		selector.StreamServerInterceptor(auth.StreamServerInterceptor(f), m)
}
