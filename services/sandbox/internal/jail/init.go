package jail

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/seccomp"
)

// init turns a re-executed binary into the sandbox init before anything else
// of the program runs: any binary that links the sandbox (the service, tds,
// test binaries) can host runs.
func init() {
	if len(os.Args) > 0 && os.Args[0] == initArg0 {
		os.Exit(initMain())
	}
}

// initMain is PID 1 of a run. Files 3 and 4 are the configuration (in) and
// the status (out).
func initMain() int {
	// Only the host may end the run: user code cannot signal us anyway (other
	// uid), and nothing in the namespace should stop the relay.
	signal.Ignore(syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGPIPE, syscall.SIGUSR1, syscall.SIGUSR2)
	runtime.LockOSThread()
	cfgFile := os.NewFile(3, "config")
	statFile := os.NewFile(4, "status")
	syscall.Close(5) // this binary, which the host passed to exec
	st := runInit(cfgFile)
	if err := writeStatus(statFile, st); err != nil {
		return 125
	}
	return 0
}

func fail(stage string, err error) *initStatus {
	return &initStatus{Stage: stage, Error: err.Error()}
}

func runInit(cfgFile *os.File) *initStatus {
	var cfg initConfig
	if err := json.NewDecoder(cfgFile).Decode(&cfg); err != nil {
		return fail("read config", err)
	}
	cfgFile.Close()
	if err := buildRoot(&cfg); err != nil {
		return fail("build root", err)
	}
	if err := placeFiles(cfg.Files); err != nil {
		return fail("place files", err)
	}
	if err := syscall.Sethostname([]byte("sandbox")); err != nil {
		return fail("hostname", err)
	}
	if err := setRlimits(&cfg); err != nil {
		return fail("rlimits", err)
	}
	files := []*os.File{os.Stdin, os.Stdout, os.Stderr}
	cred := &syscall.Credential{Uid: sandboxUID, Gid: sandboxGID, NoSetGroups: true}
	if cfg.Privileged {
		files = append(files, os.NewFile(6, "control"))
		cred = &syscall.Credential{Uid: 0, Gid: 0, NoSetGroups: true}
	} else {
		filter, err := seccomp.Filter()
		if err != nil {
			return fail("seccomp", err)
		}
		if err := seccomp.Install(filter); err != nil {
			return fail("seccomp", err)
		}
	}
	proc, err := os.StartProcess(cfg.Argv[0], cfg.Argv, &os.ProcAttr{
		Dir:   "/work",
		Env:   cfg.Env,
		Files: files,
		Sys:   &syscall.SysProcAttr{Credential: cred, Setsid: true},
	})
	if err != nil {
		// The program could not start (e.g. not executable): an outcome of the
		// request, reported like a shell does.
		fmt.Fprintf(os.Stderr, "sandbox: cannot start %s: %v\n", cfg.Argv[0], err)
		return &initStatus{ExitCode: 127}
	}
	// The init's own ends of stdio go away so that the host sees EOF when the
	// program and its descendants are done.
	os.Stdin.Close()
	os.Stdout.Close()
	os.Stderr.Close()

	st := &initStatus{}
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, 0, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fail("wait", err)
		}
		if pid != proc.Pid {
			continue // an orphan, reaped
		}
		if ws.Signaled() {
			st.Signal = int(ws.Signal())
		} else {
			st.ExitCode = ws.ExitStatus()
		}
		break
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err == nil {
		st.CPUMicros = ru.Utime.Sec*1e6 + ru.Utime.Usec + ru.Stime.Sec*1e6 + ru.Stime.Usec
	}
	st.fetch, st.fetchMax, st.fetchTotal = cfg.Fetch, cfg.FetchMax, cfg.FetchTotal
	return st
}

func setRlimits(cfg *initConfig) error {
	set := func(res int, cur, max uint64) error {
		if err := syscall.Setrlimit(res, &syscall.Rlimit{Cur: cur, Max: max}); err != nil {
			return fmt.Errorf("setrlimit %d: %w", res, err)
		}
		return nil
	}
	if cfg.CPUSecs > 0 {
		// SIGXCPU at the limit, SIGKILL a second later if it is ignored.
		if err := set(syscall.RLIMIT_CPU, cfg.CPUSecs, cfg.CPUSecs+1); err != nil {
			return err
		}
	}
	if cfg.FileSize > 0 {
		if err := set(syscall.RLIMIT_FSIZE, uint64(cfg.FileSize), uint64(cfg.FileSize)); err != nil {
			return err
		}
	}
	if cfg.OpenFiles > 0 {
		if err := set(syscall.RLIMIT_NOFILE, uint64(cfg.OpenFiles), uint64(cfg.OpenFiles)); err != nil {
			return err
		}
	}
	return set(unix.RLIMIT_CORE, 0, 0)
}

// placeFiles writes the request's files into /work as the sandbox user.
func placeFiles(files []File) error {
	for _, f := range files {
		p := filepath.Join("/work", filepath.Clean("/"+f.Path))
		if !strings.HasPrefix(p, "/work/") {
			return fmt.Errorf("file %q escapes the work dir", f.Path)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		for d := filepath.Dir(p); d != "/work"; d = filepath.Dir(d) {
			if err := os.Lchown(d, sandboxUID, sandboxGID); err != nil {
				return err
			}
		}
		mode := os.FileMode(f.Mode & 0o777)
		if mode == 0 {
			mode = 0o644
		}
		fd, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, mode)
		if err != nil {
			return err
		}
		_, werr := fd.Write(f.Content)
		cerr := fd.Close()
		if werr != nil || cerr != nil {
			return fmt.Errorf("write %s: %v %v", f.Path, werr, cerr)
		}
		if err := os.Chmod(p, mode); err != nil {
			return err
		}
		if err := os.Lchown(p, sandboxUID, sandboxGID); err != nil {
			return err
		}
	}
	return nil
}

// writeStatus writes st as JSON with the files it fetches streamed into its
// "files" array: each is copied from /work through a base64 encoder in
// small pieces, so that the init (which runs in the run's cgroup, without
// a garbage collector) never holds a file, let alone its encoding. A path
// whose any component is a symlink, or that is not a regular file, is
// skipped, as is a file above fetchMax bytes or past fetchTotal in all.
func writeStatus(w io.Writer, st *initStatus) error {
	head, err := json.Marshal(st)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if len(st.fetch) == 0 {
		bw.Write(head)
		bw.WriteByte('\n')
		return bw.Flush()
	}
	bw.Write(head[:len(head)-1]) // without its closing brace
	bw.WriteString(`,"files":[`)
	var total int64
	first := true
	for _, rel := range st.fetch {
		f, size, err := openNoFollow(rel, st.fetchMax)
		if err != nil {
			continue
		}
		if st.fetchTotal > 0 && total+size > st.fetchTotal {
			f.Close()
			continue
		}
		total += size
		if !first {
			bw.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(rel)
		bw.WriteString(`{"path":`)
		bw.Write(name)
		bw.WriteString(`,"content":"`)
		enc := base64.NewEncoder(base64.StdEncoding, bw)
		_, _ = io.Copy(enc, io.LimitReader(f, size))
		enc.Close()
		f.Close()
		bw.WriteString(`"}`)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// openNoFollow opens a regular file under /work without following any
// symlink on the way, and returns it with its size. The kernel resolves the
// path (openat2 with RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS), so neither ".."
// nor a symlink the program left leads anywhere; where openat2 is missing
// (kernels before 5.6, gVisor) the path is walked one component at a time
// with O_NOFOLLOW.
func openNoFollow(rel string, max int64) (*os.File, int64, error) {
	clean := filepath.Clean(rel)
	for _, part := range strings.Split(clean, "/") {
		if part == "" || part == "." || part == ".." {
			return nil, 0, fmt.Errorf("bad path %q", rel)
		}
	}
	root, err := unix.Open("/work", unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, 0, err
	}
	fd, err := openBeneath(root, clean)
	unix.Close(root)
	if err != nil {
		return nil, 0, err
	}
	f := os.NewFile(uintptr(fd), rel)
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s is not a regular file", rel)
	}
	if max > 0 && info.Size() > max {
		f.Close()
		return nil, 0, fmt.Errorf("%s is larger than %d bytes", rel, max)
	}
	return f, info.Size(), nil
}

// fetchFlags open a fetched file: read-only, never a symlink, and without
// blocking on a FIFO the program left in its place (fstat then refuses it).
const fetchFlags = unix.O_RDONLY | unix.O_NOFOLLOW | unix.O_CLOEXEC | unix.O_NONBLOCK

// openBeneath opens clean (relative, without "." or "..") beneath the
// directory root, following no symlink.
func openBeneath(root int, clean string) (int, error) {
	how := &unix.OpenHow{Flags: fetchFlags, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS}
	for {
		fd, err := unix.Openat2(root, clean, how)
		switch {
		case err == unix.EINTR || err == unix.EAGAIN:
			continue // a concurrent rename elsewhere on the mount; nothing runs in /work now
		case err == unix.ENOSYS:
			return walkBeneath(root, clean)
		}
		return fd, err
	}
}

// walkBeneath is openBeneath for kernels without openat2: one component at
// a time, each opened with O_NOFOLLOW relative to the last.
func walkBeneath(root int, clean string) (int, error) {
	dir, err := unix.Dup(root)
	if err != nil {
		return -1, err
	}
	parts := strings.Split(clean, "/")
	for i, part := range parts {
		flags := fetchFlags
		if i < len(parts)-1 {
			flags = unix.O_PATH | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
		}
		next, err := unix.Openat(dir, part, flags, 0)
		unix.Close(dir)
		if err != nil {
			return -1, err
		}
		dir = next
	}
	return dir, nil
}
