package seccomp

// Numbers from arch/x86/entry/syscalls/syscall_64.tbl.
var arch = archInfo{
	audit:   0xc000003e, // AUDIT_ARCH_X86_64
	x32Bit:  0x40000000,
	seccomp: 317,
	clone:   56,
	clone3:  435,
	denied: []uint32{
		272, // unshare
		308, // setns
		165, // mount
		166, // umount2
		155, // pivot_root
		161, // chroot
		428, // open_tree
		429, // move_mount
		430, // fsopen
		431, // fsconfig
		432, // fsmount
		433, // fspick
		442, // mount_setattr
		101, // ptrace
		310, // process_vm_readv
		311, // process_vm_writev
		312, // kcmp
		438, // pidfd_getfd
		321, // bpf
		248, // add_key
		249, // request_key
		250, // keyctl
		425, // io_uring_setup
		426, // io_uring_enter
		427, // io_uring_register
		298, // perf_event_open
		175, // init_module
		313, // finit_module
		176, // delete_module
		246, // kexec_load
		320, // kexec_file_load
		303, // name_to_handle_at
		304, // open_by_handle_at
		323, // userfaultfd
		167, // swapon
		168, // swapoff
		169, // reboot
		163, // acct
		179, // quotactl
		103, // syslog
		212, // lookup_dcookie
		153, // vhangup
		134, // uselib
		172, // iopl
		173, // ioperm
		300, // fanotify_init
		164, // settimeofday
		227, // clock_settime
		305, // clock_adjtime
		159, // adjtimex
	},
}
