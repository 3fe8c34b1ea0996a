package grpcserver

import (
	"context"

	"google.golang.org/grpc/metadata"
)

// OwnerMetadata is the metadata key with which a service acting for a user
// (the gateway, for the token that called it) names that user's principal to
// another service. Only callers the receiving service trusts may use it: a
// service decides that itself (the cluster service: its peer tokens).
const OwnerMetadata = "tds-owner"

// OwnerFromMetadata returns the principal a caller says it acts for, or "".
func OwnerFromMetadata(ctx context.Context) Principal {
	if vs := metadata.ValueFromIncomingContext(ctx, OwnerMetadata); len(vs) == 1 {
		return Principal(vs[0])
	}
	return ""
}
