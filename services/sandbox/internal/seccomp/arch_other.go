//go:build !amd64

package seccomp

// Only amd64 has a filter so far; Filter reports the gap and the sandbox
// refuses to start rather than run unfiltered.
var arch archInfo
