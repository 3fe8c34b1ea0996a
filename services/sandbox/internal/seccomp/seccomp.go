// Package seccomp builds and installs the sandbox's system-call filter: it
// denies the calls that let code escape or inspect its sandbox (namespaces,
// mounts, ptrace, bpf, keyrings, io_uring, perf, kernel modules, ...) and
// allows the rest.
package seccomp

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"syscall"
	"unsafe"
)

// Instruction is a classic BPF instruction (struct sock_filter).
type Instruction struct {
	Code uint16
	Jt   uint8
	Jf   uint8
	K    uint32
}

const (
	bpfLD   = 0x00
	bpfJMP  = 0x05
	bpfRET  = 0x06
	bpfW    = 0x00
	bpfABS  = 0x20
	bpfJEQ  = 0x10
	bpfJGE  = 0x30
	bpfJSET = 0x40
	bpfK    = 0x00

	retKillProcess = 0x80000000
	retErrno       = 0x00050000
	retAllow       = 0x7fff0000

	offNr   = 0
	offArch = 4
	offArg0 = 16 // low 32 bits of args[0] on little-endian machines

	// cloneNewMask is every CLONE_NEW* flag: clone may make threads and
	// processes but no namespaces.
	cloneNewMask = syscall.CLONE_NEWNS | 0x02000000 /* NEWCGROUP */ | syscall.CLONE_NEWUTS |
		syscall.CLONE_NEWIPC | syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID | syscall.CLONE_NEWNET | 0x80 /* NEWTIME */
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
			stmt(bpfRET|bpfK, retErrno|uint32(syscall.EPERM)))
	}
	for _, nr := range arch.denied {
		p = append(p,
			jump(bpfJMP|bpfJEQ|bpfK, nr, 0, 1),
			stmt(bpfRET|bpfK, retErrno|uint32(syscall.EPERM)))
	}
	// clone3 hides its flags behind a pointer; ENOSYS makes libc fall back to clone.
	p = append(p,
		jump(bpfJMP|bpfJEQ|bpfK, arch.clone3, 0, 1),
		stmt(bpfRET|bpfK, retErrno|uint32(syscall.ENOSYS)),
		jump(bpfJMP|bpfJEQ|bpfK, arch.clone, 0, 3),
		stmt(bpfLD|bpfW|bpfABS, offArg0),
		jump(bpfJMP|bpfJSET|bpfK, cloneNewMask, 0, 1),
		stmt(bpfRET|bpfK, retErrno|uint32(syscall.EPERM)),
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

type sockFprog struct {
	Len    uint16
	_      [6]byte
	Filter *Instruction
}

const (
	prSetNoNewPrivs      = 38
	seccompSetModeFilter = 1
	seccompFilterTsync   = 1
)

// Install sets no_new_privs and installs p on every thread of the calling
// process (SECCOMP_FILTER_FLAG_TSYNC): Go runs on many threads, and any of
// them may be the one that forks the next child.
func Install(p []Instruction) error {
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRCTL, prSetNoNewPrivs, 1, 0, 0, 0, 0); errno != 0 {
		return fmt.Errorf("seccomp: prctl(PR_SET_NO_NEW_PRIVS): %w", errno)
	}
	prog := sockFprog{Len: uint16(len(p)), Filter: &p[0]}
	r, _, errno := syscall.RawSyscall(arch.seccomp, seccompSetModeFilter, seccompFilterTsync, uintptr(unsafe.Pointer(&prog)))
	runtime.KeepAlive(p)
	if errno != 0 {
		return fmt.Errorf("seccomp: install filter: %w", errno)
	}
	if r != 0 {
		return fmt.Errorf("seccomp: install filter: thread %d could not be synchronised", r)
	}
	return nil
}
