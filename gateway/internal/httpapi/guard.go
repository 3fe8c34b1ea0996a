package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// Guard says who may call the API and how much each call may send.
type Guard struct {
	// Tokens, when set, must match the request's "Authorization: Bearer"
	// header before any byte of its body is read.
	Tokens *grpcserver.Tokens
	// Limits bound request bodies by route (the RPC's full method name).
	Limits map[string]int
	// DefaultLimit bounds routes without a limit of their own.
	DefaultLimit int
}

// wrap checks the caller, then reads at most the route's limit of the body
// into memory, so that the JSON decoder behind it never sees more: a caller
// without a valid token gets 401 having sent headers only, and a body over
// the limit gets 413 stating it, read no further than the limit (the
// server closes the connection rather than drain the rest).
func (g Guard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.Tokens != nil {
			if _, err := g.Tokens.Authenticate(r.Header.Get("Authorization")); err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="tdscaling"`)
				writeStatus(w, http.StatusUnauthorized, err)
				return
			}
		}
		limit, ok := g.Limits[r.URL.Path]
		if !ok {
			limit = g.DefaultLimit
		}
		if limit <= 0 || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > int64(limit) {
			tooLarge(w, r, strconv.FormatInt(r.ContentLength, 10), limit)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(limit)))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				tooLarge(w, r, "more than "+strconv.Itoa(limit), limit)
				return
			}
			writeStatus(w, http.StatusBadRequest, apierr.New(codes.InvalidArgument,
				errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "reading the request body: %v", err))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

func tooLarge(w http.ResponseWriter, r *http.Request, size string, limit int) {
	w.Header().Set("Connection", "close")
	writeStatus(w, http.StatusRequestEntityTooLarge, apierr.New(codes.ResourceExhausted,
		errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT,
		"request body of %s bytes exceeds the limit of %d bytes for %s", size, limit, r.URL.Path))
}

// writeStatus answers with the body grpc-gateway gives every error (the
// google.rpc.Status as JSON), so that clients parse one error shape.
func writeStatus(w http.ResponseWriter, code int, err error) {
	st, _ := status.FromError(err)
	body, merr := protojson.MarshalOptions{UseProtoNames: true}.Marshal(st.Proto())
	if merr != nil {
		body = fmt.Appendf(nil, `{"code":%d,"message":%q}`, st.Code(), st.Message())
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
