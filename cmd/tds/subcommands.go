package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// subcommand is one verb of a command group ("tds clusters build").
type subcommand struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// dispatch runs the subcommand args[0] of group, or explains what is wanted.
func dispatch(ctx context.Context, group, usage string, subs []subcommand, args []string, stdout, stderr io.Writer) int {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	want := strings.Join(names, ", ")
	if len(names) > 1 {
		want = strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	}
	if len(args) == 0 {
		fmt.Fprintf(stderr, "tds %s: want a subcommand: %s\n\n%s", group, want, usage)
		return 2
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, args[1:], stdout, stderr)
		}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "tds %s: unknown subcommand %q: want a subcommand: %s\n\n%s", group, args[0], want, usage)
	return 2
}

// newFlagSet is a subcommand's flag set: errors and help go to stderr,
// help prints usage and then the flags.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}
