package engine

import (
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// maxSkippedRecords bounds the skipped corpus records a job lists; it
// counts them all.
const maxSkippedRecords = 10

// noteSkipped adds the records an import of the job's corpus skipped to the
// job, so that the caller learns which lines of the file were not used
// rather than finding a count in the services' log.
func noteSkipped(job *jobv1.Job, resp *clusterv1.ImportToolsResponse) {
	job.CorpusSkipped += resp.GetSkipped()
	for _, is := range resp.GetIssues() {
		if len(job.CorpusSkippedRecords) >= maxSkippedRecords {
			break
		}
		job.CorpusSkippedRecords = append(job.CorpusSkippedRecords, is)
	}
}
