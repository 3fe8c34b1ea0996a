package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestDiskFullWatchSeesErrorsThroughDerivedLoggers(t *testing.T) {
	var buf bytes.Buffer
	w := newDiskFullWatch(slog.NewTextHandler(&buf, nil))
	log := slog.New(w).With("service", "gateway")
	log.Info("no space left on device is only information")
	log.Warn("handler failed", "error", errors.New("dataset: write /x/.parts/accepted.jsonl: no space left on device"))
	select {
	case sign := <-w.Full():
		if !strings.Contains(sign, "accepted.jsonl: no space left on device") {
			t.Fatalf("sign %q", sign)
		}
	default:
		t.Fatal("a full disk in a warning's error went unnoticed")
	}
	if !strings.Contains(buf.String(), "handler failed") {
		t.Fatal("the record did not reach the log")
	}
}

// TestSynthReportsFullDisk runs tds synth into a 2 MB tmpfs: the terminal
// says the disk is full, what takes the space, and to run the same command
// once there is room; after the tmpfs grows, that command finishes the
// dataset with every record once.
func TestSynthReportsFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a job until its disk is full, then resumes it")
	}
	disk := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", disk, "tmpfs", 0, "size=2m"); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(disk, syscall.MNT_DETACH) })
	out := filepath.Join(disk, "ds")
	args := []string{"synth", "--corpus", exampleCorpus, "-n", "120", "--out", out}

	code, _, stderr := runTDS(t, args...)
	if code != 1 {
		t.Fatalf("exit %d on a full disk, want 1:\n%s", code, stderr)
	}
	for _, want := range []string{
		"the disk holding " + out + " is full",
		"records so far take",
		"Free space on that disk",
		"run the same\n  command again",
	} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("the terminal does not say %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stderr, "no space left on device") && !strings.Contains(stderr, "JetStream out of") &&
		!strings.Contains(stderr, "insufficient") {
		t.Fatalf("the terminal does not show the error:\n%s", stderr)
	}

	if err := syscall.Mount("tmpfs", disk, "tmpfs", syscall.MS_REMOUNT, "size=100m"); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runTDS(t, args...)
	if code != 0 || !strings.Contains(stdout, "120 records in") {
		t.Fatalf("resume after freeing space: exit %d\n%s\n%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, "trajectories.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.ID == "" || ids[rec.ID] {
			t.Fatalf("record %q: %v (duplicate: %v)", clipLine(line), err, ids[rec.ID])
		}
		ids[rec.ID] = true
	}
	if len(ids) != 120 {
		t.Fatalf("%d records after the resume, want 120", len(ids))
	}
}

func clipLine(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
