package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"os/exec"
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
// dataset with every record once. Both runs are processes in a mount
// namespace of their own, so the tmpfs never shows on the host (where the
// sandbox's tests count mounts).
func TestSynthReportsFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a job until its disk is full, then resumes it")
	}
	keep := t.TempDir()
	disk := filepath.Join(keep, "disk")
	if err := os.Mkdir(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(disk, "ds")
	script := `set -e
mount --make-rprivate /
mount -t tmpfs -o size=2m tmpfs "$DISK"
set +e
timeout 300 "$TDS" synth --corpus "$CORPUS" -n 120 --out "$OUT" >"$KEEP/out1" 2>"$KEEP/err1"; echo $? >"$KEEP/rc1"
mount -o remount,size=100m "$DISK" || exit 3
timeout 300 "$TDS" synth --corpus "$CORPUS" -n 120 --out "$OUT" >"$KEEP/out2" 2>"$KEEP/err2"; echo $? >"$KEEP/rc2"
cp "$OUT/trajectories.jsonl" "$KEEP/" 2>/dev/null
exit 0`
	corpus, err := filepath.Abs(exampleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1", "TDS="+os.Args[0], "CORPUS="+corpus,
		"DISK="+disk, "OUT="+out, "KEEP="+keep)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot run in a mount namespace with a small tmpfs (needs root): %v %s", err, msg)
	}
	read := func(name string) string {
		data, _ := os.ReadFile(filepath.Join(keep, name))
		return string(data)
	}

	if rc, stderr := strings.TrimSpace(read("rc1")), read("err1"); rc != "1" {
		t.Fatalf("exit %s on a full disk, want 1:\n%s", rc, stderr)
	}
	stderr := read("err1")
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

	if rc, stdout := strings.TrimSpace(read("rc2")), read("out2"); rc != "0" || !strings.Contains(stdout, "120 records in") {
		t.Fatalf("resume after freeing space: exit %s\n%s\n%s", rc, stdout, read("err2"))
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(read("trajectories.jsonl")), "\n") {
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
