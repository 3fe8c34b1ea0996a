// Package seccomp builds and installs the sandbox's system-call filter: it
// denies the calls that let code escape or inspect its sandbox (namespaces,
// mounts, ptrace, bpf, keyrings, io_uring, perf, kernel modules, ...) and
// allows the rest.
package seccomp

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Instruction is a classic BPF instruction (struct sock_filter).
type Instruction = unix.SockFilter

const (
	bpfLD   = unix.BPF_LD
	bpfJMP  = unix.BPF_JMP
	bpfRET  = unix.BPF_RET
	bpfW    = unix.BPF_W
	bpfABS  = unix.BPF_ABS
	bpfJEQ  = unix.BPF_JEQ
	bpfJGE  = unix.BPF_JGE
	bpfJSET = unix.BPF_JSET
	bpfK    = unix.BPF_K

	retKillProcess = unix.SECCOMP_RET_KILL_PROCESS
	retErrno       = unix.SECCOMP_RET_ERRNO
	retAllow       = unix.SECCOMP_RET_ALLOW

	// Offsets in struct seccomp_data.
	offNr   = 0
	offArch = 4
	offArg0 = 16 // low 32 bits of args[0] on little-endian machines

	// cloneNewMask is every CLONE_NEW* flag: clone may make threads and
	// processes but no namespaces.
	cloneNewMask = unix.CLONE_NEWNS | unix.CLONE_NEWCGROUP | unix.CLONE_NEWUTS |
		unix.CLONE_NEWIPC | unix.CLONE_NEWUSER | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWTIME
)

func stmt(code uint16, k uint32) Instruction { return Instruction{Code: code, K: k} }
func jump(code uint16, k uint32, jt, jf uint8) Instruction {
	return Instruction{Code: code, Jt: jt, Jf: jf, K: k}
}

// Filter returns the program for this machine's architecture.
func Filter() ([]Instruction, error) {
	if arch.audit == 0 {
		return nil, fmt.Errorf("seccomp: no filter for %s", runtime.GOARCH)
	}
	p := []Instruction{
		stmt(bpfLD|bpfW|bpfABS, offArch),
		jump(bpfJMP|bpfJEQ|bpfK, arch.audit, 1, 0),
		stmt(bpfRET|bpfK, retKillProcess),
		stmt(bpfLD|bpfW|bpfABS, offNr),
	}
	if arch.x32Bit != 0 {
		// x32 calls alias the 64-bit ones under other numbers: refuse them all.
		p = append(p,
			jump(bpfJMP|bpfJGE|bpfK, arch.x32Bit, 0, 1),
			stmt(bpfRET|bpfK, retErrno|uint32(unix.EPERM)))
	}
	for _, nr := range arch.denied {
		p = append(p,
			jump(bpfJMP|bpfJEQ|bpfK, nr, 0, 1),
			stmt(bpfRET|bpfK, retErrno|uint32(unix.EPERM)))
	}
	// clone3 hides its flags behind a pointer; ENOSYS makes libc fall back to clone.
	p = append(p,
		jump(bpfJMP|bpfJEQ|bpfK, arch.clone3, 0, 1),
		stmt(bpfRET|bpfK, retErrno|uint32(unix.ENOSYS)),
		jump(bpfJMP|bpfJEQ|bpfK, arch.clone, 0, 3),
		stmt(bpfLD|bpfW|bpfABS, offArg0),
		jump(bpfJMP|bpfJSET|bpfK, cloneNewMask, 0, 1),
		stmt(bpfRET|bpfK, retErrno|uint32(unix.EPERM)),
		stmt(bpfRET|bpfK, retAllow),
	)
	return p, nil
}

// Bytes encodes a program as the kernel's struct sock_filter array (native
// byte order), for processes that install it themselves.
func Bytes(p []Instruction) []byte {
	out := make([]byte, 0, 8*len(p))
	for _, in := range p {
		out = binary.NativeEndian.AppendUint16(out, in.Code)
		out = append(out, in.Jt, in.Jf)
		out = binary.NativeEndian.AppendUint32(out, in.K)
	}
	return out
}

// Install sets no_new_privs and installs p on every thread of the calling
// process (SECCOMP_FILTER_FLAG_TSYNC): Go runs on many threads, and any of
// them may be the one that forks the next child.
func Install(p []Instruction) error {
	if _, _, errno := unix.RawSyscall6(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0); errno != 0 {
		return fmt.Errorf("seccomp: prctl(PR_SET_NO_NEW_PRIVS): %w", errno)
	}
	prog := unix.SockFprog{Len: uint16(len(p)), Filter: &p[0]}
	r, _, errno := unix.RawSyscall(arch.seccomp, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&prog)))
	runtime.KeepAlive(p)
	if errno != 0 {
		return fmt.Errorf("seccomp: install filter: %w", errno)
	}
	if r != 0 {
		return fmt.Errorf("seccomp: install filter: thread %d could not be synchronised", r)
	}
	return nil
}
