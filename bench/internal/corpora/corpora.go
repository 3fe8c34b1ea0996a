// Package corpora names the shared tool corpora the benchmarks run on.
package corpora

import "path/filepath"

// Dir is where the project's corpora sit beside the checkout; benchmarks
// run from the repository root.
const Dir = "../shared/corpora"

// APIsGuru are the four files of the APIs.guru OpenAPI corpus (about 50,000
// operations with ground-truth services and domains).
var APIsGuru = []string{
	filepath.Join(Dir, "apisguru_datafire.domains_a-e.jsonl"),
	filepath.Join(Dir, "apisguru_datafire.domains_f-z.jsonl"),
	filepath.Join(Dir, "apisguru_datafire.cloud.jsonl"),
	filepath.Join(Dir, "apisguru_datafire.uncategorized.jsonl"),
}
