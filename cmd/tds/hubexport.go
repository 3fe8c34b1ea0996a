package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway"
)

// exportHub writes hub as a Hugging Face Hub dataset repository from the
// dataset directory src, or from the files of job id downloaded first.
func exportHub(ctx context.Context, srv *serverFlags, id, src, hub, out string, stdout, stderr io.Writer) int {
	const name = "tds export"
	switch {
	case hub == "":
		fmt.Fprintf(stderr, "%s: --dataset goes with --hub DIR, the directory to write the Hub layout into\n", name)
		return 2
	case src != "" && id != "":
		fmt.Fprintf(stderr, "%s: give --dataset or --job, not both\n", name)
		return 2
	case src == "" && id == "":
		fmt.Fprintf(stderr, "%s: --hub needs --dataset DIR (a dataset directory on this host, tds synth's --out) or --job ID (a job of the server)\n", name)
		return 2
	case out != "":
		fmt.Fprintf(stderr, "%s: --out names one file; with --hub the directory written is --hub's\n", name)
		return 2
	}
	if id != "" {
		tmp, err := os.MkdirTemp("", "tds-hub-*")
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			return 1
		}
		defer os.RemoveAll(tmp)
		if code := downloadDataset(ctx, srv, id, tmp, stderr); code != 0 {
			return code
		}
		src = tmp
	}
	files, err := gateway.WriteHubDataset(src, hub)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, unwrapPathErr(err))
		return 1
	}
	abs, _ := filepath.Abs(hub)
	fmt.Fprintf(stdout, "wrote %s as a Hugging Face Hub dataset:\n", abs)
	for _, f := range files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	fmt.Fprintf(stdout, "check it: python -c 'import datasets; print(datasets.load_dataset(%q))'\n", abs)
	fmt.Fprintf(stdout, "upload it: huggingface-cli upload --repo-type dataset USER/NAME %s .\n", abs)
	return 0
}

// downloadDataset fetches a job's dataset files into dir: the records and
// the card are required, the others are taken when the job wrote them.
func downloadDataset(ctx context.Context, srv *serverFlags, id, dir string, stderr io.Writer) int {
	const name = "tds export"
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail(name, err, stderr)
	}
	defer conn.Close()
	files := []struct {
		file     string
		format   jobv1.DatasetFormat
		required bool
	}{
		{"trajectories.jsonl", jobv1.DatasetFormat_DATASET_FORMAT_JSONL, true},
		{"README.md", jobv1.DatasetFormat_DATASET_FORMAT_CARD, true},
		{"trajectories.parquet", jobv1.DatasetFormat_DATASET_FORMAT_PARQUET, false},
		{"rejected.jsonl", jobv1.DatasetFormat_DATASET_FORMAT_REJECTED, false},
		{"sharegpt.jsonl", jobv1.DatasetFormat_DATASET_FORMAT_SHAREGPT, false},
		{"report.json", jobv1.DatasetFormat_DATASET_FORMAT_REPORT, false},
	}
	for _, f := range files {
		if _, err := export(ctx, c, id, f.format, filepath.Join(dir, f.file), io.Discard); err != nil {
			if !f.required && status.Code(err) == codes.NotFound {
				continue
			}
			return clientFail(name, err, stderr)
		}
	}
	return 0
}
