//go:build race

package main

// raceEnabled: this test binary carries the race detector, whose shadow
// memory would be measured with the process's own.
const raceEnabled = true
