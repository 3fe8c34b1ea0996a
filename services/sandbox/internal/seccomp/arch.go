package seccomp

// archInfo holds one architecture's audit id and system-call numbers.
type archInfo struct {
	audit   uint32
	x32Bit  uint32
	seccomp uintptr
	clone   uint32
	clone3  uint32
	denied  []uint32
}
