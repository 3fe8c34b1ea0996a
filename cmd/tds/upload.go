package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// uploadChunk is the size of the chunks a corpus file is uploaded in.
const uploadChunk = 1 << 20

// uploadCorpora uploads the files into one new corpus of the caller's and
// returns its id.
func uploadCorpora(ctx context.Context, c jobv1.JobServiceClient, paths []string) (string, error) {
	id := ""
	for _, p := range paths {
		resp, err := uploadFile(ctx, c, p, &jobv1.UploadHeader{Name: filepath.Base(p), CorpusId: id})
		if err != nil {
			return "", err
		}
		id = resp.GetCorpus().GetId()
	}
	return id, nil
}

// uploadFile streams one file to UploadCorpus.
func uploadFile(ctx context.Context, c jobv1.JobServiceClient, path string, hdr *jobv1.UploadHeader) (*jobv1.UploadCorpusResponse, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	stream, err := c.UploadCorpus(ctx)
	if err != nil {
		return nil, err
	}
	err = stream.Send(&jobv1.UploadCorpusRequest{Payload: &jobv1.UploadCorpusRequest_Header{Header: hdr}})
	buf := make([]byte, uploadChunk)
	for err == nil {
		n, rerr := f.Read(buf)
		if n > 0 {
			err = stream.Send(&jobv1.UploadCorpusRequest{Payload: &jobv1.UploadCorpusRequest_Chunk{Chunk: append([]byte(nil), buf[:n]...)}})
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return nil, rerr
		}
	}
	// A failed Send means the server answered early (e.g. over its size
	// limit): CloseAndRecv returns its answer.
	return stream.CloseAndRecv()
}
