package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// The tokens of the two callers of the security tests.
const (
	secTokenA = "tokA-3f9c1e"
	secTokenB = "tokB-77d2a0"
)

// upProcess is `tds up` as a process of its own (the test binary acting as
// tds), so that its memory and threads are its own to measure.
type upProcess struct {
	cmd       *exec.Cmd
	dataDir   string
	endpoints Endpoints
	stdout    *syncBuffer
	stderr    *syncBuffer
	done      chan struct{}
}

// startUpProcess starts `tds up --auth.tokens tokA,tokB` on free ports and
// waits until it has printed its endpoints.
func startUpProcess(t *testing.T, extra ...string) *upProcess {
	t.Helper()
	p := &upProcess{dataDir: t.TempDir(), stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	args := append([]string{"up", "--base-port=0", "--data-dir=" + p.dataDir, "--metrics.listen=",
		"--auth.tokens=" + secTokenA + "," + secTokenB}, extra...)
	p.cmd = exec.Command(os.Args[0], args...)
	p.cmd.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1")
	out, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdout = w
	p.cmd.Stderr = p.stderr
	err = p.cmd.Start()
	w.Close()
	if err != nil {
		out.Close()
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	lines := make(chan string)
	go func() {
		defer out.Close()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.stdout.Write([]byte(sc.Text() + "\n"))
			lines <- sc.Text()
		}
		close(lines)
	}()
	p.endpoints = Endpoints{}
	timeout := time.After(60 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("tds up exited before serving:\n%s", p.stderr.String())
			}
			f := strings.Fields(line)
			switch {
			case len(f) >= 2 && f[0] == "gateway" && strings.HasPrefix(f[1], "http://"):
				p.endpoints["gateway http"] = f[1]
			case len(f) >= 2 && (wantServices[f[0]] != "" || f[0] == "nats"):
				p.endpoints[f[0]] = f[1]
			}
			if len(f) > 0 && f[0] == "nats" { // the last endpoint printed
				go func() {
					for range lines { // keep the pipe drained
					}
				}()
				return p
			}
		case <-timeout:
			t.Fatalf("tds up printed no endpoints after 60s:\n%s", p.stderr.String())
		}
	}
}

// TestSecurityNATSRefusesAnonymousClients: with API tokens, the embedded
// NATS server (which carries every job's spec, events and records) refuses
// a client without credentials or with wrong ones; the services' own
// credentials sit in the data directory, readable by the owner only, and
// appear in no output.
func TestSecurityNATSRefusesAnonymousClients(t *testing.T) {
	p := startUpProcess(t)
	url := p.endpoints["nats"]
	if !strings.HasPrefix(url, "nats://127.0.0.1:") {
		t.Fatalf("nats endpoint %q: want loopback", url)
	}
	for name, opts := range map[string][]nats.Option{
		"anonymous":      nil,
		"wrong password": {nats.UserInfo(natsUser, "guess")},
		"api token":      {nats.Token(secTokenA)},
	} {
		nc, err := nats.Connect(url, append(opts, nats.MaxReconnects(0), nats.Timeout(5*time.Second))...)
		if err == nil {
			nc.Close()
			t.Fatalf("%s NATS client connected to a server behind tokens", name)
		}
		if !errors.Is(err, nats.ErrAuthorization) && !strings.Contains(strings.ToLower(err.Error()), "authorization") {
			t.Fatalf("%s NATS client: %v, want an authorization violation", name, err)
		}
	}

	path := filepath.Join(p.dataDir, natsAuthFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var creds natsCredentials
	if err := json.Unmarshal(data, &creds); err != nil || creds.Password == "" {
		t.Fatalf("%s: %v %q", path, err, data)
	}
	nc, err := nats.Connect(url, nats.UserInfo(creds.User, creds.Password), nats.MaxReconnects(0))
	if err != nil {
		t.Fatalf("the data directory's credentials: %v", err)
	}
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.AccountInfo(); err != nil {
		t.Fatalf("JetStream with the credentials: %v", err)
	}
	nc.Close()

	_ = p.cmd.Process.Signal(syscall.SIGINT)
	<-p.done
	for what, out := range map[string]string{"stdout": p.stdout.String(), "stderr": p.stderr.String()} {
		if strings.Contains(out, creds.Password) {
			t.Fatalf("the NATS password appears on %s", what)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s after tds up stopped: %v, want it removed", path, err)
	}
}
