package seccomp

import (
	"encoding/binary"
	"testing"

	"golang.org/x/sys/unix"
)

// run interprets p, as the kernel does, on one struct seccomp_data (only
// the fields the filter reads: nr, arch, the low word of args[0]).
func run(t *testing.T, p []Instruction, nr, auditArch, arg0 uint32) uint32 {
	t.Helper()
	data := make([]byte, 64)
	binary.NativeEndian.PutUint32(data[offNr:], nr)
	binary.NativeEndian.PutUint32(data[offArch:], auditArch)
	binary.NativeEndian.PutUint32(data[offArg0:], arg0)
	var acc uint32
	for pc := 0; pc < len(p); pc++ {
		in := p[pc]
		switch in.Code {
		case bpfLD | bpfW | bpfABS:
			acc = binary.NativeEndian.Uint32(data[in.K:])
		case bpfRET | bpfK:
			return in.K
		case bpfJMP | bpfJEQ | bpfK, bpfJMP | bpfJGE | bpfK, bpfJMP | bpfJSET | bpfK:
			var taken bool
			switch in.Code &^ (bpfJMP | bpfK) {
			case bpfJEQ:
				taken = acc == in.K
			case bpfJGE:
				taken = acc >= in.K
			case bpfJSET:
				taken = acc&in.K != 0
			}
			if taken {
				pc += int(in.Jt)
			} else {
				pc += int(in.Jf)
			}
		default:
			t.Fatalf("instruction %d: unexpected code %#x", pc, in.Code)
		}
	}
	t.Fatal("the program ran off its end")
	return 0
}

func TestFilterDecisions(t *testing.T) {
	p, err := Filter()
	if err != nil {
		t.Fatal(err)
	}
	eperm := uint32(unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM))
	enosys := uint32(unix.SECCOMP_RET_ERRNO | uint32(unix.ENOSYS))
	allow := uint32(unix.SECCOMP_RET_ALLOW)
	const x86 = 0xc000003e
	for _, c := range []struct {
		name      string
		nr, arch  uint32
		arg0      uint32
		want      uint32
		wantLabel string
	}{
		{"read", 0, x86, 0, allow, "allow"},
		{"openat2", 437, x86, 0, allow, "allow"},
		{"unshare", 272, x86, 0, eperm, "EPERM"},
		{"setns", 308, x86, 0, eperm, "EPERM"},
		{"mount", 165, x86, 0, eperm, "EPERM"},
		{"ptrace", 101, x86, 0, eperm, "EPERM"},
		{"bpf", 321, x86, 0, eperm, "EPERM"},
		{"io_uring_setup", 425, x86, 0, eperm, "EPERM"},
		{"mount_setattr", 442, x86, 0, eperm, "EPERM"},
		{"pidfd_getfd", 438, x86, 0, eperm, "EPERM"},
		{"clone3", 435, x86, 0, enosys, "ENOSYS"},
		{"clone of a thread", 56, x86, 0x003d0f00, allow, "allow"},
		{"clone of a user namespace", 56, x86, 0x10000000, eperm, "EPERM"},
		{"clone of a cgroup namespace", 56, x86, 0x02000000, eperm, "EPERM"},
		{"clone of a time namespace", 56, x86, 0x80, eperm, "EPERM"},
		{"an x32 call (read with the x32 bit)", 0x40000000, x86, 0, eperm, "EPERM"},
		{"a foreign architecture", 0, 0x40000003 /* i386 */, 0, uint32(unix.SECCOMP_RET_KILL_PROCESS), "kill"},
	} {
		if got := run(t, p, c.nr, c.arch, c.arg0); got != c.want {
			t.Errorf("%s (nr %d): got %#x, want %s (%#x)", c.name, c.nr, got, c.wantLabel, c.want)
		}
	}
}

// TestDeniedCallsByKernelNumber pins the denied list to the numbers of
// arch/x86/entry/syscalls/syscall_64.tbl, so a constant that names the
// wrong call cannot slip in.
func TestDeniedCallsByKernelNumber(t *testing.T) {
	want := map[uint32]string{
		272: "unshare", 308: "setns", 165: "mount", 166: "umount2", 155: "pivot_root", 161: "chroot",
		428: "open_tree", 429: "move_mount", 430: "fsopen", 431: "fsconfig", 432: "fsmount", 433: "fspick",
		442: "mount_setattr", 101: "ptrace", 310: "process_vm_readv", 311: "process_vm_writev", 312: "kcmp",
		438: "pidfd_getfd", 321: "bpf", 248: "add_key", 249: "request_key", 250: "keyctl",
		425: "io_uring_setup", 426: "io_uring_enter", 427: "io_uring_register", 298: "perf_event_open",
		175: "init_module", 313: "finit_module", 176: "delete_module", 246: "kexec_load", 320: "kexec_file_load",
		303: "name_to_handle_at", 304: "open_by_handle_at", 323: "userfaultfd", 167: "swapon", 168: "swapoff",
		169: "reboot", 163: "acct", 179: "quotactl", 103: "syslog", 212: "lookup_dcookie", 153: "vhangup",
		134: "uselib", 172: "iopl", 173: "ioperm", 300: "fanotify_init", 164: "settimeofday",
		227: "clock_settime", 305: "clock_adjtime", 159: "adjtimex",
	}
	got := map[uint32]bool{}
	for _, nr := range arch.denied {
		if _, ok := want[nr]; !ok {
			t.Errorf("denied call %d is not in the list", nr)
		}
		got[nr] = true
	}
	for nr, name := range want {
		if !got[nr] {
			t.Errorf("%s (%d) is not denied", name, nr)
		}
	}
	if arch.seccomp != 317 || arch.clone != 56 || arch.clone3 != 435 {
		t.Errorf("seccomp, clone, clone3 = %d, %d, %d; want 317, 56, 435", arch.seccomp, arch.clone, arch.clone3)
	}
}
