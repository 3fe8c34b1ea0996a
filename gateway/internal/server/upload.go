package server

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// UploadCorpus implements jobv1.JobServiceServer.
func (s *Server) UploadCorpus(stream grpc.ClientStreamingServer[jobv1.UploadCorpusRequest, jobv1.UploadCorpusResponse]) error {
	ctx := stream.Context()
	// The call got past authentication: say so before any byte is read, so a
	// proxy (the HTTP route) sends the body only to a caller who may upload.
	if err := stream.SendHeader(metadata.MD{}); err != nil {
		return err
	}
	first, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return apierr.InvalidArgument(apierr.Violation{Field: "header", Description: "the stream was empty: send the header first, then the file in chunks"})
	}
	if err != nil {
		return err
	}
	hdr := first.GetHeader()
	if hdr == nil {
		return apierr.InvalidArgument(apierr.Violation{Field: "header", Description: "the first message must be the header"})
	}
	resp, err := s.eng.Upload(ctx, owner(ctx), hdr, &chunkReader{recv: stream.Recv})
	if err != nil {
		return s.status(ctx, err)
	}
	return stream.SendAndClose(resp)
}

// ListCorpora implements jobv1.JobServiceServer.
func (s *Server) ListCorpora(ctx context.Context, _ *jobv1.ListCorporaRequest) (*jobv1.ListCorporaResponse, error) {
	cs, err := s.eng.ListCorpora(ctx, owner(ctx))
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return &jobv1.ListCorporaResponse{Corpora: cs}, nil
}

// chunkReader reads an upload's chunks as one stream of bytes.
type chunkReader struct {
	recv func() (*jobv1.UploadCorpusRequest, error)
	buf  []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		msg, err := r.recv()
		if err != nil {
			return 0, err // io.EOF at the end
		}
		if msg.GetHeader() != nil {
			return 0, apierr.InvalidArgument(apierr.Violation{Field: "header", Description: "sent twice: only the first message is a header"})
		}
		r.buf = msg.GetChunk()
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
