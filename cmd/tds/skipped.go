package main

import (
	"fmt"
	"strings"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// skippedLine says which corpus records the job's import skipped: the count
// and the first locations with their reasons; "" when none was.
func skippedLine(job *jobv1.Job) string {
	n := job.GetCorpusSkipped()
	if n == 0 {
		return ""
	}
	var first []string
	for _, is := range job.GetCorpusSkippedRecords() {
		if len(first) == 3 {
			break
		}
		first = append(first, is.GetLocation()+" ("+is.GetReason()+")")
	}
	noun := "records"
	if n == 1 {
		noun = "record"
	}
	line := fmt.Sprintf("corpus: %d malformed %s skipped", n, noun)
	if len(first) > 0 {
		line += ": " + strings.Join(first, "; ")
		if int64(len(first)) < n {
			line += "; …"
		}
	}
	return line
}
