package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// diskFullSigns are how a full disk shows in the errors of the embedded
// suite: the operating system's ENOSPC, and JetStream refusing to store
// more once its file store (or the disk under it) is out of room.
var diskFullSigns = []string{
	"no space left on device",
	"jetstream out of",
	"insufficient resources",
	"insufficient storage",
	"disk quota exceeded",
}

// diskFullWatch is a log handler in front of the embedded suite's log: it
// passes every record on, and notes the first that reports a full disk.
// `tds synth` hosts the suite in its own process, so it sees the error even
// when the log file, on the same full disk, cannot take it any more.
type diskFullWatch struct {
	next  slog.Handler
	state *diskFullState
}

type diskFullState struct {
	once sync.Once
	hit  chan string // the first sign; buffered 1
}

func newDiskFullWatch(next slog.Handler) *diskFullWatch {
	return &diskFullWatch{next: next, state: &diskFullState{hit: make(chan string, 1)}}
}

// Full receives the first error that reported a full disk.
func (h *diskFullWatch) Full() <-chan string { return h.state.hit }

func (h *diskFullWatch) Enabled(context.Context, slog.Level) bool { return true }

func (h *diskFullWatch) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelWarn {
		if sign := fullSign(r.Message); sign != "" {
			h.note(sign)
		}
		r.Attrs(func(a slog.Attr) bool {
			if sign := fullSign(a.Value.String()); sign != "" {
				h.note(sign)
				return false
			}
			return true
		})
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *diskFullWatch) note(text string) {
	h.state.once.Do(func() { h.state.hit <- text })
}

func (h *diskFullWatch) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &diskFullWatch{next: h.next.WithAttrs(attrs), state: h.state}
}

func (h *diskFullWatch) WithGroup(name string) slog.Handler {
	return &diskFullWatch{next: h.next.WithGroup(name), state: h.state}
}

// fullSign returns the text around the first sign of a full disk in s.
func fullSign(s string) string {
	low := strings.ToLower(s)
	for _, sign := range diskFullSigns {
		if i := strings.Index(low, sign); i >= 0 {
			start := max(0, i-120)
			return strings.TrimSpace(s[start:min(len(s), i+len(sign)+40)])
		}
	}
	return ""
}

// freeBytes is the space left to an unprivileged writer on dir's filesystem.
func freeBytes(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}

// diskFullMessage tells the user of `tds synth` what happened, what to free
// and how to go on: the dataset so far and the suite's state both sit under
// out, and the same command resumes once there is room.
func diskFullMessage(out string, sign string, written, target int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "tds synth: the disk holding %s is full", out)
	if free, err := freeBytes(out); err == nil {
		fmt.Fprintf(&b, " (%s free)", humanSize(free))
	}
	fmt.Fprintf(&b, "; the job stopped at %d of %d records.\n", written, target)
	fmt.Fprintf(&b, "  error: %s\n", sign)
	parts := dirSize(filepath.Join(out, ".parts"))
	state := dirSize(filepath.Join(out, ".tds"))
	fmt.Fprintf(&b, "  in %s: the records so far take %s (.parts), the suite's state %s (.tds)", out, humanSize(parts), humanSize(state))
	if written > 0 && target > written {
		// Each record is written about three times over (the stream, the
		// part file, the final formats): a rough need for the rest.
		need := (parts + state) / written * (target - written)
		fmt.Fprintf(&b, "; the remaining %d records need about %s more", target-written, humanSize(need))
	}
	b.WriteString(".\n")
	b.WriteString("  Free space on that disk (or give --out a directory on another disk and start over), then run the same\n")
	b.WriteString("  command again: it resumes from the records kept. Do not delete .parts or .tds: they are the job so far.")
	return b.String()
}
