// Package server is the gRPC JobService over the engine: it takes the caller's
// principal from the authenticated context and maps requests and errors.
package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"os"
	"path/filepath"
	"strconv"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/engine"
	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// ExportChunk is the size of ExportDataset's chunks.
const ExportChunk = 256 << 10

// Server implements jobv1.JobServiceServer.
type Server struct {
	jobv1.UnimplementedJobServiceServer
	eng *engine.Engine
	log *slog.Logger
}

// New returns the service over eng; log receives the causes of the errors
// callers see only as Internal.
func New(eng *engine.Engine, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{eng: eng, log: log}
}

func owner(ctx context.Context) string { return string(grpcserver.PrincipalFromContext(ctx)) }

// CreateJob implements jobv1.JobServiceServer.
func (s *Server) CreateJob(ctx context.Context, req *jobv1.CreateJobRequest) (*jobv1.CreateJobResponse, error) {
	job, err := s.eng.Create(ctx, owner(ctx), req.GetRequestId(), req.GetSpec())
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return &jobv1.CreateJobResponse{Job: job}, nil
}

// GetJob implements jobv1.JobServiceServer.
func (s *Server) GetJob(ctx context.Context, req *jobv1.GetJobRequest) (*jobv1.GetJobResponse, error) {
	job, err := s.eng.Get(ctx, owner(ctx), req.GetJobId())
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return &jobv1.GetJobResponse{Job: job}, nil
}

// ListJobs implements jobv1.JobServiceServer. Page tokens are offsets into
// the caller's jobs, newest first.
func (s *Server) ListJobs(ctx context.Context, req *jobv1.ListJobsRequest) (*jobv1.ListJobsResponse, error) {
	size := int(req.GetPageSize())
	if size <= 0 || size > 1000 {
		size = 100
	}
	off := 0
	if t := req.GetPageToken(); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			return nil, apierr.InvalidArgument(apierr.Violation{Field: "page_token", Description: "not a token from a previous response"})
		}
		off = n
	}
	all, err := s.eng.List(ctx, owner(ctx), req.GetState())
	if err != nil {
		return nil, s.status(ctx, err)
	}
	resp := &jobv1.ListJobsResponse{}
	if off < len(all) {
		end := min(off+size, len(all))
		resp.Jobs = all[off:end]
		if end < len(all) {
			resp.NextPageToken = strconv.Itoa(end)
		}
	}
	return resp, nil
}

// WatchJob implements jobv1.JobServiceServer.
func (s *Server) WatchJob(req *jobv1.WatchJobRequest, stream grpc.ServerStreamingServer[jobv1.WatchJobResponse]) error {
	ctx := stream.Context()
	err := s.eng.Watch(ctx, owner(ctx), req.GetJobId(), func(j *jobv1.Job) error {
		return stream.Send(&jobv1.WatchJobResponse{State: j.GetState(), Progress: j.GetProgress()})
	})
	if err != nil && ctx.Err() != nil {
		return status.FromContextError(ctx.Err()).Err()
	}
	return s.status(ctx, err)
}

// CancelJob implements jobv1.JobServiceServer.
func (s *Server) CancelJob(ctx context.Context, req *jobv1.CancelJobRequest) (*jobv1.CancelJobResponse, error) {
	job, err := s.eng.Cancel(ctx, owner(ctx), req.GetJobId(), req.GetReason())
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return &jobv1.CancelJobResponse{Job: job}, nil
}

// ResumeJob implements jobv1.JobServiceServer.
func (s *Server) ResumeJob(ctx context.Context, req *jobv1.ResumeJobRequest) (*jobv1.ResumeJobResponse, error) {
	job, err := s.eng.ResumeJob(ctx, owner(ctx), req.GetJobId(), req.GetBudget())
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return &jobv1.ResumeJobResponse{Job: job}, nil
}

// ExportDataset implements jobv1.JobServiceServer.
func (s *Server) ExportDataset(req *jobv1.ExportDatasetRequest, stream grpc.ServerStreamingServer[jobv1.ExportDatasetResponse]) error {
	ctx := stream.Context()
	format := req.GetFormat()
	if format == jobv1.DatasetFormat_DATASET_FORMAT_UNSPECIFIED {
		format = jobv1.DatasetFormat_DATASET_FORMAT_JSONL
	}
	path, err := s.eng.ExportPath(ctx, owner(ctx), req.GetJobId(), format)
	if err != nil {
		return s.status(ctx, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return s.status(ctx, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return s.status(ctx, err)
	}
	ct := mime.TypeByExtension(filepath.Ext(path))
	switch filepath.Ext(path) {
	case ".jsonl":
		ct = "application/jsonl"
	case ".parquet":
		ct = "application/vnd.apache.parquet"
	case ".md":
		ct = "text/markdown; charset=utf-8"
	}
	if err := stream.Send(&jobv1.ExportDatasetResponse{Payload: &jobv1.ExportDatasetResponse_Header{Header: &jobv1.ExportHeader{
		Filename: filepath.Base(path), SizeBytes: fi.Size(), ContentType: ct,
	}}}); err != nil {
		return err
	}
	buf := make([]byte, ExportChunk)
	for {
		n, rerr := f.Read(buf)
		if n > 0 {
			if err := stream.Send(&jobv1.ExportDatasetResponse{Payload: &jobv1.ExportDatasetResponse_Chunk{Chunk: buf[:n]}}); err != nil {
				return err
			}
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			return s.status(ctx, rerr)
		}
	}
}
