package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// UploadPath takes a corpus file as the raw request body:
// POST /v1/corpora?name=tools.jsonl[&shared=true][&corpus_id=ID].
const UploadPath = "/v1/corpora"

// uploadChunk is the size of the chunks the body is forwarded in.
const uploadChunk = 1 << 20

// upload streams the body into UploadCorpus. The body is read only after the
// gRPC server has accepted the caller's token (its response headers arrive
// first), and the server stops it at its size limit.
func upload(jobs jobv1.JobServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if a := r.Header.Get("Authorization"); a != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "authorization", a)
		}
		q := r.URL.Query()
		shared, _ := strconv.ParseBool(q.Get("shared"))
		stream, err := jobs.UploadCorpus(ctx)
		if err != nil {
			writeRPCError(w, err)
			return
		}
		if _, err := stream.Header(); err != nil {
			writeRPCError(w, err)
			return
		}
		err = stream.Send(&jobv1.UploadCorpusRequest{Payload: &jobv1.UploadCorpusRequest_Header{Header: &jobv1.UploadHeader{
			Name: q.Get("name"), CorpusId: q.Get("corpus_id"), Shared: shared,
		}}})
		buf := make([]byte, uploadChunk)
		for err == nil {
			n, rerr := io.ReadFull(r.Body, buf)
			if n > 0 {
				err = stream.Send(&jobv1.UploadCorpusRequest{Payload: &jobv1.UploadCorpusRequest_Chunk{Chunk: append([]byte(nil), buf[:n]...)}})
			}
			if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
				break
			}
			if rerr != nil {
				writeRPCError(w, status.Errorf(codes.InvalidArgument, "reading the request body: %v", rerr))
				return
			}
		}
		// A failed Send means the server has answered (e.g. the size limit):
		// CloseAndRecv returns that answer.
		resp, err := stream.CloseAndRecv()
		if err != nil {
			writeRPCError(w, err)
			return
		}
		b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(resp)
		if err != nil {
			writeRPCError(w, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	}
}

// writeRPCError answers with the HTTP status of a gRPC error and the body
// every route gives errors.
func writeRPCError(w http.ResponseWriter, err error) {
	writeStatus(w, runtime.HTTPStatusFromCode(status.Code(err)), err)
}
