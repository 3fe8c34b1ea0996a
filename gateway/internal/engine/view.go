package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
)

// Report returns the evolve report of owner's job: evolve's own while it
// knows the job (live: curves, histograms, rejections as they grow), else
// the report.json of the job's written dataset; nil when neither has one
// yet (a job evolve has not seen).
func (e *Engine) Report(ctx context.Context, owner, id string) (*evolvev1.Report, error) {
	job, err := e.Get(ctx, owner, id)
	if err != nil {
		return nil, err
	}
	resp, err := e.cfg.Evolve.GetReport(ctx, &evolvev1.GetReportRequest{JobId: id})
	if err == nil {
		return resp.GetReport(), nil
	}
	if status.Code(err) != codes.NotFound {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(job.GetOutputDir(), dataset.FileReport))
	if errors.Is(err, os.ErrNotExist) || job.GetOutputDir() == "" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := &evolvev1.Report{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, r); err != nil {
		return nil, err
	}
	return r, nil
}

// TraceID returns the W3C trace id of owner's job (the trace of the
// CreateJob call that stored it, which every step of the job joins), or ""
// when the job was created without a trace.
func (e *Engine) TraceID(ctx context.Context, owner, id string) (string, error) {
	ent, err := e.cfg.Store.GetOwned(ctx, owner, id)
	if err != nil {
		return "", storeErr(id, err)
	}
	// traceparent: version "-" trace-id "-" parent-id "-" flags.
	parts := strings.Split(ent.TraceParent, "-")
	if len(parts) != 4 || len(parts[1]) != 32 || parts[1] == strings.Repeat("0", 32) {
		return "", nil
	}
	return parts[1], nil
}
