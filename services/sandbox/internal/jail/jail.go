// Package jail runs one program in a fresh sandbox: new user, pid, mount,
// net, ipc and uts namespaces, a minimal read-only root with size-limited
// tmpfs work dir, /tmp and /dev/shm, a private /proc and a minimal /dev,
// no_new_privs and a seccomp filter, rlimits, and a per-run cgroup for memory
// and pids. A small init (this binary, re-executed) is PID 1 of the run: it
// builds the root, starts the program as an unprivileged user, reaps, and
// relays the outcome. Killing the init kills the whole tree.
package jail

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/seccomp"
)

// initArg0 marks a re-executed process as the sandbox init.
const initArg0 = "tds-sandbox-init"

// The ids inside each run's user namespace. Inside 0 is the init (with
// capabilities over its own namespaces only); inside 1000 runs the program.
const (
	sandboxUID = 1000
	sandboxGID = 1000
)

// MinHostIDCount is the smallest uid/gid range a jail works with: inside
// root (0) up to the program's uid (1000).
const MinHostIDCount = sandboxUID + 1

// Config of the jail, fixed for the life of the service.
type Config struct {
	// HostIDBase is the first host uid/gid the runs' user namespaces map to
	// (inside 0..count-1 → host base..base+count-1). These ids must own
	// nothing on the host.
	HostIDBase int
	// HostIDCount is the size of that range: 65536 by default; at least
	// MinHostIDCount (programs run as uid 1000 inside). A container whose own
	// user namespace holds 65536 ids (Kubernetes hostUsers: false) gives the
	// sandbox a smaller range inside it.
	HostIDCount int
	// StateDir holds the empty directory each run's root is built on.
	StateDir string
	// Name of the cgroup parents, unique per service instance.
	CgroupName string
	// Slots is how many runs may execute at once.
	Slots int
}

var jailSeq atomic.Uint64

// Jail starts sandboxed runs.
type Jail struct {
	cfg     Config
	cgroups *cgroup.Manager
	filter  []seccomp.Instruction
	rootDir string
	// idle holds the idle slots of the fork servers (nil without them).
	idle  *idleSlots
	slots []*slot
	// exe is this binary, open: runs execute it as /proc/self/fd/N, since the
	// run's unprivileged host uid may not traverse the directory it is in.
	exe *os.File
}

// New checks that every kernel feature the sandbox needs is there, and
// refuses to start, saying what is missing, when one is not.
func New(cfg Config) (*Jail, error) {
	if cfg.HostIDBase <= 0 {
		cfg.HostIDBase = 200000
	}
	if cfg.HostIDCount <= 0 {
		cfg.HostIDCount = 65536
	}
	if cfg.HostIDCount < MinHostIDCount {
		return nil, fmt.Errorf("sandbox: a uid range of %d ids cannot hold the program's uid %d", cfg.HostIDCount, sandboxUID)
	}
	if cfg.StateDir == "" {
		cfg.StateDir = filepath.Join(os.TempDir(), "tds-sandbox")
	}
	if cfg.CgroupName == "" {
		cfg.CgroupName = fmt.Sprintf("tds-sandbox-%d-%d", os.Getpid(), jailSeq.Add(1))
	}
	filter, err := seccomp.Filter()
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w; refusing to run code without a system-call filter", err)
	}
	if os.Geteuid() != 0 {
		return nil, errors.New("sandbox: must run as root to create user namespaces with a mapped range and per-run cgroups")
	}
	for _, p := range []string{"/proc/self/ns/user", "/proc/self/ns/pid", "/proc/self/ns/net", "/proc/self/ns/ipc", "/proc/self/ns/uts", "/proc/self/ns/mnt"} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("sandbox: kernel lacks %s namespaces: %w", filepath.Base(p), err)
		}
	}
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		return nil, fmt.Errorf("sandbox: open own executable for the init: %w", err)
	}
	if info, err := exe.Stat(); err != nil || info.Mode().Perm()&0o001 == 0 {
		exe.Close()
		return nil, fmt.Errorf("sandbox: %s must be executable by others (mode o+x): the init runs as an unprivileged uid", exe.Name())
	}
	rootDir, err := makeRootDir(cfg.StateDir)
	if err != nil {
		exe.Close()
		return nil, err
	}
	cg, err := cgroup.New(cfg.CgroupName)
	if err != nil {
		exe.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if cfg.Slots <= 0 {
		cfg.Slots = 1
	}
	return &Jail{cfg: cfg, cgroups: cg, filter: filter, rootDir: rootDir, exe: exe}, nil
}

// Close removes the jail's cgroup parents.
func (j *Jail) Close() error {
	for _, s := range j.slots {
		s.close()
	}
	j.exe.Close()
	return j.cgroups.Close()
}

// Isolation describes the isolation each run gets.
func (j *Jail) Isolation() string {
	return "full: user/pid/mnt/net/ipc/uts namespaces, read-only minimal root, seccomp, no_new_privs, rlimits, cgroup " + j.cgroups.Describe()
}

// File is a file placed in or fetched from the work directory.
type File struct {
	Path    string `json:"path"`
	Content []byte `json:"content"`
	Mode    uint32 `json:"mode,omitempty"`
}

// Limits bound one run.
type Limits struct {
	Wall        time.Duration
	CPU         time.Duration
	MemoryBytes int64
	Pids        int64
	OutputBytes int64
	FileSize    int64
	OpenFiles   int64
	WorkBytes   int64
	TmpBytes    int64
}

// Spec is one program to run.
type Spec struct {
	// Argv[0] is an absolute path inside the sandbox root (/usr/...).
	Argv  []string
	Env   []string
	Stdin []byte
	Files []File
	// Fetch lists work-dir paths to read back after the run.
	Fetch  []string
	Limits Limits
}

// Result is what happened. A run that could not be carried out returns an
// error from Run instead (a sandbox failure, never the program's).
type Result struct {
	ExitCode        int
	Signal          syscall.Signal
	Stdout, Stderr  []byte
	StdoutTruncated bool
	StderrTruncated bool
	WallTimedOut    bool
	CPUTimedOut     bool
	OutOfMemory     bool
	Wall            time.Duration
	CPU             time.Duration
	PeakMemoryBytes int64
	Files           []File
}

// initConfig travels from the host to the init over fd 3.
type initConfig struct {
	Argv     []string `json:"argv"`
	Env      []string `json:"env"`
	Files    []File   `json:"files"`
	Fetch    []string `json:"fetch"`
	FetchMax int64    `json:"fetch_max"`
	// FetchTotal bounds the bytes of all fetched files together.
	FetchTotal int64  `json:"fetch_total"`
	CPUSecs    uint64 `json:"cpu_secs"`
	FileSize   int64  `json:"file_size"`
	OpenFiles  int64  `json:"open_files"`
	WorkBytes  int64  `json:"work_bytes"`
	TmpBytes   int64  `json:"tmp_bytes"`
	RootDir    string `json:"root_dir"`
	// InProcess runs Python code in the fork server's warm interpreter
	// instead of executing Argv.
	InProcess bool `json:"in_process,omitempty"`
	// Privileged starts the program as root of the run's user namespace,
	// without seccomp, with file 6 as its file 3: the warm pool's fork
	// server, which never runs user code itself.
	Privileged bool `json:"privileged,omitempty"`
}

// initStatus travels back from the init over fd 4.
type initStatus struct {
	// Error is set when the init itself failed, with the step in Stage.
	Error     string `json:"error,omitempty"`
	Stage     string `json:"stage,omitempty"`
	ExitCode  int    `json:"exit_code"`
	Signal    int    `json:"signal"`
	CPUMicros int64  `json:"cpu_us"`
	Files     []File `json:"files,omitempty"`

	// fetch is what the init reads back after the program: it streams the
	// files into the status rather than holding them (see writeStatus).
	fetch                []string
	fetchMax, fetchTotal int64
}

// MaxFetchBytes bounds the files one run may have read back, in all. The
// files travel out of the run as they are read, so they are not charged to
// the program's memory limit; the service holds them until it answers.
const MaxFetchBytes = 128 << 20

// maxStatusBytes bounds what the host reads of a run's status: the fetched
// files in base64 and some room for the rest.
const maxStatusBytes = MaxFetchBytes/3*4 + 4<<20

// makeRootDir creates the empty directory runs build their roots on. The
// run's init is an unprivileged host uid, so every directory on the way must
// be searchable by others.
func makeRootDir(stateDir string) (string, error) {
	abs, err := filepath.Abs(stateDir)
	if err != nil {
		return "", fmt.Errorf("sandbox: state dir: %w", err)
	}
	root := filepath.Join(abs, "root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("sandbox: state dir: %w", err)
	}
	for _, d := range []string{abs, root} {
		if err := os.Chmod(d, 0o755); err != nil {
			return "", fmt.Errorf("sandbox: state dir: %w", err)
		}
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err != nil {
			return "", fmt.Errorf("sandbox: state dir: %w", err)
		}
		if info.Mode().Perm()&0o001 == 0 {
			return "", fmt.Errorf("sandbox: state dir %s: its parent %s is not searchable by others (o+x); choose a state dir under a world-searchable path such as /tmp or /run", abs, d)
		}
		if d == "/" {
			return root, nil
		}
	}
}
