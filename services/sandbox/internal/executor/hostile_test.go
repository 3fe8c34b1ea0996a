package executor

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/protobuf/types/known/durationpb"
)

type hostile struct {
	name string
	req  *sandboxv1.ExecuteRequest
	// check returns why the outcome breaks containment, or "".
	check func(r *sandboxv1.ExecuteResponse) string
}

func wantStatus(want ...sandboxv1.Status) func(*sandboxv1.ExecuteResponse) string {
	return func(r *sandboxv1.ExecuteResponse) string {
		for _, w := range want {
			if r.GetStatus() == w {
				return ""
			}
		}
		return fmt.Sprintf("status %v, want one of %v", r.GetStatus(), want)
	}
}

// wantOut checks the program ran to the end and printed exactly want.
func wantOut(want string) func(*sandboxv1.ExecuteResponse) string {
	return func(r *sandboxv1.ExecuteResponse) string {
		if r.GetStatus() != sandboxv1.Status_STATUS_OK || strings.TrimSpace(string(r.GetStdout())) != want {
			return fmt.Sprintf("status %v stdout %q stderr %q, want OK and %q", r.GetStatus(), r.GetStdout(), r.GetStderr(), want)
		}
		return ""
	}
}

func limits(wall, cpu time.Duration, mem int64, pids int32, out int64) *sandboxv1.Limits {
	l := &sandboxv1.Limits{MemoryBytes: mem, Pids: pids, OutputBytes: out}
	if wall > 0 {
		l.WallTime = durationpb.New(wall)
	}
	if cpu > 0 {
		l.CpuTime = durationpb.New(cpu)
	}
	return l
}

func with(r *sandboxv1.ExecuteRequest, l *sandboxv1.Limits) *sandboxv1.ExecuteRequest {
	r.Limits = l
	return r
}

// syscallProbe calls a system call through ctypes and prints "-1 <errno>" or the result.
func syscallProbe(nr int, args ...string) string {
	a := strings.Join(append(args, "0", "0", "0", "0", "0", "0")[:6], ", ")
	return fmt.Sprintf("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nlibc.syscall.restype = ctypes.c_long\nr = libc.syscall(%d, %s)\nprint(r, ctypes.get_errno() if r < 0 else 0)", nr, a)
}

// TestHostilePrograms runs programs that try to break out, snoop or exhaust,
// and checks that each is contained, that the sandbox keeps working after
// each, and that nothing is left on the host afterwards.
func TestHostilePrograms(t *testing.T) {
	t.Run("own init", func(t *testing.T) { testHostilePrograms(t, newExecutor(t)) })
	t.Run("forked", func(t *testing.T) { testHostilePrograms(t, newForkExecutor(t)) })
	t.Run("warm", func(t *testing.T) { testHostilePrograms(t, newWarmExecutor(t)) })
}

func testHostilePrograms(t *testing.T, e *Executor) {
	host, _ := os.Hostname()
	t.Setenv("TDS_HOST_SECRET", "hunter2-host-secret")
	marker := fmt.Sprintf("tds-hostile-%d", os.Getpid())

	// A host listener on loopback the sandbox must not reach.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	reached := make(chan struct{}, 1)
	go func() {
		if c, err := lis.Accept(); err == nil {
			c.Close()
			reached <- struct{}{}
		}
	}()
	hostPort := lis.Addr().(*net.TCPAddr).Port

	mountsBefore := countMounts(t)
	cases := []hostile{
		{"tcp egress", python(`import socket
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2); print("connected")
except OSError as e: print("blocked")`), wantOut("blocked")},
		{"udp egress", python(`import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b"x", ("8.8.8.8", 53)); print("sent")
except OSError: print("blocked")`), wantOut("blocked")},
		{"dns lookup", python(`import socket
try:
    socket.getaddrinfo("example.com", 80); print("resolved")
except OSError: print("blocked")`), wantOut("blocked")},
		{"host loopback service", python(fmt.Sprintf(`import socket
try:
    socket.create_connection(("127.0.0.1", %d), timeout=2); print("connected")
except OSError: print("blocked")`, hostPort)), wantOut("blocked")},
		{"network interfaces", python(`import socket
print(",".join(sorted(n for _, n in socket.if_nameindex())))`), wantOut("lo")},
		{"read /etc/shadow", python(`
try:
    open("/etc/shadow").read(); print("read")
except OSError: print("absent")`), wantOut("absent")},
		{"host environment", python(`import os
print("leak" if any("hunter2" in v for v in os.environ.values()) else "clean")`), wantOut("clean")},
		{"other processes in /proc", python(`import os
pids = [p for p in os.listdir("/proc") if p.isdigit()]
print(len(pids) <= 3, os.getppid() == 1)`), wantOut("True True")},
		{"host users and home", python(`import os
print(os.path.exists("/root"), os.path.exists("/home"), open("/etc/passwd").read().count("\n"))`), wantOut("False False 2")},
		{"host hostname", python(`import socket; print(socket.gethostname())`), func(r *sandboxv1.ExecuteResponse) string {
			if got := strings.TrimSpace(string(r.GetStdout())); got != "sandbox" || got == host {
				return fmt.Sprintf("hostname %q", got)
			}
			return ""
		}},
		{"no /sys", python(`import os; print(os.path.exists("/sys/class"))`), wantOut("False")},
		{"write /usr", python(`
try:
    open("/usr/bin/evil", "w"); print("wrote")
except OSError: print("denied")`), wantOut("denied")},
		{"write /etc", python(`
try:
    open("/etc/evil", "w"); print("wrote")
except OSError: print("denied")`), wantOut("denied")},
		{"write root", python(`
try:
    open("/evil", "w"); print("wrote")
except OSError: print("denied")`), wantOut("denied")},
		{"write sandbox /tmp stays private", python(fmt.Sprintf(`open("/tmp/%s", "w").write("x"); print("ok")`, marker)), wantOut("ok")},
		{"write sandbox /dev/shm stays private", python(fmt.Sprintf(`open("/dev/shm/%s", "w").write("x"); print("ok")`, marker)), wantOut("ok")},
		{"fork bomb", with(&sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: `f(){ f | f & }; f; sleep 1; echo done`},
			limits(3*time.Second, 0, 0, 32, 0)), wantStatus(sandboxv1.Status_STATUS_OK, sandboxv1.Status_STATUS_NONZERO_EXIT, sandboxv1.Status_STATUS_WALL_TIMEOUT, sandboxv1.Status_STATUS_SIGNALED)},
		{"memory bomb", with(python(`x = bytearray(1 << 30); print("allocated")`), limits(0, 0, 64<<20, 0, 0)),
			wantStatus(sandboxv1.Status_STATUS_OUT_OF_MEMORY)},
		{"memory bomb in /dev/shm", with(python(`
f = open("/dev/shm/fill", "wb")
try:
    for _ in range(1 << 20): f.write(b"x" * (1 << 20))
except OSError: print("full")`), limits(0, 0, 64<<20, 0, 0)),
			wantStatus(sandboxv1.Status_STATUS_OK, sandboxv1.Status_STATUS_OUT_OF_MEMORY)},
		{"disk fill", with(python(`
f = open("/work/fill", "wb")
try:
    for _ in range(1 << 20): f.write(b"x" * (1 << 20))
except OSError as e: print("stopped")`), &sandboxv1.Limits{FileSizeBytes: 8 << 20}), wantOut("stopped")},
		{"output flood", with(python(`
while True: print("x" * 1000)`), limits(0, 0, 0, 0, 64<<10)), func(r *sandboxv1.ExecuteResponse) string {
			if r.GetStatus() != sandboxv1.Status_STATUS_OUTPUT_TRUNCATED || len(r.GetStdout()) != 64<<10 || !r.GetStdoutTruncated() {
				return fmt.Sprintf("status %v, %d bytes, truncated=%v", r.GetStatus(), len(r.GetStdout()), r.GetStdoutTruncated())
			}
			return ""
		}},
		{"fd exhaustion", python(`
fs = []
try:
    while True: fs.append(open("/dev/null"))
except OSError: print(len(fs) < 256)`), wantOut("True")},
		{"sleep forever", with(python(`import time; time.sleep(10**6)`), limits(300*time.Millisecond, 0, 0, 0, 0)), func(r *sandboxv1.ExecuteResponse) string {
			if r.GetStatus() != sandboxv1.Status_STATUS_WALL_TIMEOUT {
				return fmt.Sprintf("status %v", r.GetStatus())
			}
			return ""
		}},
		{"busy loop", with(python(`
while True: pass`), limits(20*time.Second, time.Second, 0, 0, 0)), wantStatus(sandboxv1.Status_STATUS_CPU_TIMEOUT)},
		{"setsid daemon outliving the run", python(`import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3600)
    os._exit(0)
print("parent exits")`), wantOut("parent exits")},
		{"signal the init", python(`import os, signal
try:
    os.kill(1, signal.SIGKILL); print("sent")
except PermissionError: print("denied")`), wantOut("denied")},
		{"kill everything", python(`import os, signal
try:
    os.kill(-1, signal.SIGKILL); print("killed")
except ProcessLookupError: print("nothing to kill")`), wantOut("nothing to kill")},
		{"ptrace", python(syscallProbe(101, "0")), wantOut("-1 1")},
		{"mount", python(`import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None), ctypes.get_errno())`), wantOut("-1 1")},
		{"unshare user namespace", python(syscallProbe(272, "0x10000000")), wantOut("-1 1")},
		{"clone new namespace", python(syscallProbe(56, "0x10000011")), wantOut("-1 1")},
		{"clone3", python(syscallProbe(435)), wantOut("-1 38")},
		{"setns", python(syscallProbe(308)), wantOut("-1 1")},
		{"bpf", python(syscallProbe(321)), wantOut("-1 1")},
		{"keyctl", python(syscallProbe(250)), wantOut("-1 1")},
		{"io_uring", python(syscallProbe(425, "8")), wantOut("-1 1")},
		{"perf_event_open", python(syscallProbe(298)), wantOut("-1 1")},
		{"init_module", python(syscallProbe(175)), wantOut("-1 1")},
		{"x32 syscall", python(syscallProbe(0x40000000 + 39)), wantOut("-1 1")},
		{"chroot", python(syscallProbe(161)), wantOut("-1 1")},
		{"become root", python(`import os
try:
    os.setuid(0); print("root")
except PermissionError: print(os.getuid(), open("/proc/self/status").read().split("CapEff:")[1].split()[0])`), wantOut("1000 0000000000000000")},
		{"symlink in fetched files", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON,
			Code:  `import os; os.symlink("/etc/passwd", "/work/out"); os.mkdir("/work/d"); os.symlink("/etc", "/work/d/l"); open("/work/ok", "w").write("fine")`,
			Fetch: []string{"out", "d/l/passwd", "ok"}}, func(r *sandboxv1.ExecuteResponse) string {
			if r.GetStatus() != sandboxv1.Status_STATUS_OK || len(r.GetFiles()) != 1 || r.GetFiles()[0].GetPath() != "ok" {
				return fmt.Sprintf("status %v, fetched %v", r.GetStatus(), r.GetFiles())
			}
			return ""
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := execute(t, e, c.req)
			if why := c.check(resp); why != "" {
				t.Errorf("not contained: %s\nstdout: %q\nstderr: %q", why, clip(resp.GetStdout()), clip(resp.GetStderr()))
			}
			// The sandbox keeps working after every hostile program.
			if r := execute(t, e, python(`print(6 * 7)`)); strings.TrimSpace(string(r.GetStdout())) != "42" {
				t.Fatalf("sandbox broken after %q: %v %q %q", c.name, r.GetStatus(), r.GetStdout(), r.GetStderr())
			}
		})
	}

	select {
	case <-reached:
		t.Error("a sandbox reached the host's loopback listener")
	default:
	}
	for _, p := range []string{"/tmp/" + marker, "/dev/shm/" + marker} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s appeared on the host", p)
			os.Remove(p)
		}
	}
	if left := lingeringProcesses(t); len(left) > 0 {
		t.Errorf("processes left on the host: %v", left)
	}
	if after := countMounts(t); after != mountsBefore {
		t.Errorf("host mounts changed: %d before, %d after", mountsBefore, after)
	}
	if left := leftoverCgroups(t); len(left) > 0 {
		t.Errorf("cgroups left: %v", left)
	}
}

func TestNoStateCarriesToTheNextRun(t *testing.T) {
	t.Run("own init", func(t *testing.T) { testNoStateCarries(t, newExecutor(t)) })
	t.Run("forked", func(t *testing.T) { testNoStateCarries(t, newForkExecutor(t)) })
	t.Run("warm", func(t *testing.T) { testNoStateCarries(t, newWarmExecutor(t)) })
}

func testNoStateCarries(t *testing.T, e *Executor) {
	first := execute(t, e, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: `
echo a > /work/marker; echo b > /tmp/marker; echo c > /dev/shm/marker
python3 -c 'import time; time.sleep(60)' & disown
echo planted`})
	if strings.TrimSpace(string(first.GetStdout())) != "planted" {
		t.Fatalf("first run: %v %q %q", first.GetStatus(), first.GetStdout(), first.GetStderr())
	}
	second := execute(t, e, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: `
ls -A /work /tmp /dev/shm | tr '\n' ' '; ps -e 2>/dev/null | wc -l; ls /proc | grep -c '^[0-9]'`})
	out := string(second.GetStdout())
	if strings.Contains(out, "marker") {
		t.Fatalf("state from the first run is visible: %q", out)
	}
	// The first run's tree is killed with its namespace.
	if left := lingeringProcesses(t); len(left) > 0 {
		t.Fatalf("the first run's background process survived: %v", left)
	}
}

func countMounts(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte("\n"))
}

// leftoverCgroups lists run cgroups still present under this process's parents.
func leftoverCgroups(t *testing.T) []string {
	t.Helper()
	var left []string
	for _, pattern := range []string{
		"/sys/fs/cgroup/memory/*/*/tds-sandbox-" + fmt.Sprint(os.Getpid()) + "-*/run-*",
		"/sys/fs/cgroup/memory/tds-sandbox-" + fmt.Sprint(os.Getpid()) + "-*/run-*",
		"/sys/fs/cgroup/pids/tds-sandbox-" + fmt.Sprint(os.Getpid()) + "-*/run-*",
	} {
		m, _ := filepath.Glob(pattern)
		left = append(left, m...)
	}
	return left
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
