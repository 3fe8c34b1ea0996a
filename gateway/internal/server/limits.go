package server

import (
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// MaxRequestBytes is the most gRPC reads of any one request message to the
// gateway; larger ones are refused with ResourceExhausted before decoding.
const MaxRequestBytes = 4 << 20

// RequestLimits bound each JobService request, by full method name (which
// is also its HTTP/JSON route): a job spec needs room for its labels and
// paths, the other calls for an id or two. The gRPC server enforces them on
// the decoded message, the HTTP/JSON API on the body before decoding it.
// Methods not listed get MaxRequestBytes (an upload, per chunk).
var RequestLimits = map[string]int{
	jobv1.JobService_CreateJob_FullMethodName:     1 << 20,
	jobv1.JobService_GetJob_FullMethodName:        64 << 10,
	jobv1.JobService_ListJobs_FullMethodName:      64 << 10,
	jobv1.JobService_WatchJob_FullMethodName:      64 << 10,
	jobv1.JobService_CancelJob_FullMethodName:     64 << 10,
	jobv1.JobService_ResumeJob_FullMethodName:     64 << 10,
	jobv1.JobService_ExportDataset_FullMethodName: 64 << 10,
	jobv1.JobService_ListCorpora_FullMethodName:   64 << 10,
	// UploadCorpus's chunks get MaxRequestBytes each; the whole upload is
	// bounded by --gateway.corpus.max_bytes as it streams.
}
