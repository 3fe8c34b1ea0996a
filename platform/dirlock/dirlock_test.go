package dirlock

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestMain doubles as a lock holder in a child process: DIRLOCK_HOLD=DIR
// locks DIR, prints "locked" and waits for stdin to close.
func TestMain(m *testing.M) {
	if dir := os.Getenv("DIRLOCK_HOLD"); dir != "" {
		if _, err := Acquire(dir); err != nil {
			os.Stdout.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		buf := make([]byte, 1)
		_, _ = os.Stdin.Read(buf)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestSecondProcessIsRefusedWithPID(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DIRLOCK_HOLD="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf)
	if strings.TrimSpace(string(buf[:n])) != "locked" {
		t.Fatalf("holder: %q", buf[:n])
	}
	_, err = Acquire(dir)
	var held *HeldError
	if !errors.As(err, &held) || held.PID != cmd.Process.Pid {
		t.Fatalf("second writer: %v, want held by %d", err, cmd.Process.Pid)
	}
	if !strings.Contains(err.Error(), strconv.Itoa(cmd.Process.Pid)) {
		t.Errorf("message %q does not name the pid", err)
	}
	_ = stdin.Close()
	_ = cmd.Wait()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after the holder exited: %v", err)
	}
	l.Release()
}

func TestSameProcessShares(t *testing.T) {
	dir := t.TempDir()
	a, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Acquire(dir)
	if err != nil {
		t.Fatalf("second lock in the same process: %v", err)
	}
	a.Release()
	a.Release()
	if _, ok := locks[dir]; !ok {
		t.Fatal("released while another lock of the process holds it")
	}
	b.Release()
	if _, ok := locks[dir]; ok {
		t.Fatal("still held after the last release")
	}
}

func TestClaimRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Claim(dir, []string{"trajectories.jsonl", "README.md", ".parts"})
	var foreign *ForeignError
	if !errors.As(err, &foreign) || len(foreign.Names) != 1 || foreign.Names[0] != "README.md" {
		t.Fatalf("claim: %v, want README.md named", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err == nil {
		t.Error("a refused claim left its lock file")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(b) != "mine" {
		t.Error("the foreign file was touched")
	}

	// A directory a job claimed before keeps its files as the job's.
	clean := t.TempDir()
	l, err := Claim(clean, []string{"README.md"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(clean, "README.md"), []byte("card"), 0o644); err != nil {
		t.Fatal(err)
	}
	l.Release()
	l, err = Claim(clean, []string{"README.md"})
	if err != nil {
		t.Fatalf("re-claim of a claimed directory: %v", err)
	}
	l.Release()
}
