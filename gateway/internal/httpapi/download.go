package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// DownloadPath serves one file of a job's dataset as a plain file:
// GET /v1/jobs/{id}/files/{name}, name one of DownloadFiles.
const DownloadPath = "/v1/jobs/{id}/files/{name}"

// DownloadFiles are the files a job's dataset may have, by name.
var DownloadFiles = map[string]jobv1.DatasetFormat{
	"trajectories.jsonl":   jobv1.DatasetFormat_DATASET_FORMAT_JSONL,
	"trajectories.parquet": jobv1.DatasetFormat_DATASET_FORMAT_PARQUET,
	"sharegpt.jsonl":       jobv1.DatasetFormat_DATASET_FORMAT_SHAREGPT,
	"rejected.jsonl":       jobv1.DatasetFormat_DATASET_FORMAT_REJECTED,
	"report.json":          jobv1.DatasetFormat_DATASET_FORMAT_REPORT,
	"README.md":            jobv1.DatasetFormat_DATASET_FORMAT_CARD,
}

// download streams ExportDataset into the response body as it arrives: the
// header gives the length and type, the chunks the bytes. The gRPC server
// checks the token and the job's owner, as for every call.
func download(jobs jobv1.JobServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		format, ok := DownloadFiles[name]
		if !ok {
			writeRPCError(w, status.Errorf(codes.NotFound, "a dataset has no file %q (it has trajectories.jsonl, trajectories.parquet, sharegpt.jsonl, rejected.jsonl, report.json, README.md)", name))
			return
		}
		ctx := r.Context()
		if a := r.Header.Get("Authorization"); a != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "authorization", a)
		}
		stream, err := jobs.ExportDataset(ctx, &jobv1.ExportDatasetRequest{JobId: r.PathValue("id"), Format: format})
		if err != nil {
			writeRPCError(w, err)
			return
		}
		first, err := stream.Recv()
		if err != nil {
			writeRPCError(w, err)
			return
		}
		h := first.GetHeader()
		if h == nil {
			writeRPCError(w, status.Error(codes.Internal, "export stream began without its header"))
			return
		}
		w.Header().Set("Content-Type", h.GetContentType())
		w.Header().Set("Content-Length", strconv.FormatInt(h.GetSizeBytes(), 10))
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": h.GetFilename()}))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return
		}
		for {
			m, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				// The status line is sent: cutting the body short (shorter
				// than Content-Length) is how the client learns of it.
				panic(http.ErrAbortHandler)
			}
			if _, err := w.Write(m.GetChunk()); err != nil {
				return // the client went away
			}
		}
	}
}
