// Command tds is the TDScaling command line: `tds up` runs every service and
// the gateway in one process with an embedded NATS server.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tdscaling/tdscaling/platform/version"
)

const usage = `tds — synthesise diverse, verified tool-use trajectories for code agents.

Usage:
  tds <command> [flags]

Commands:
  synth     synthesise a dataset and exit: tds synth --corpus FILE... -n N --out DIR
            (starts the suite in-process unless --server names a running one)
  jobs      the jobs of a running suite: tds jobs list|get|watch|cancel
  corpora   the tool corpora of a running suite: tds corpora list|upload|share
  export    download a finished job's dataset file: tds export --job ID --format jsonl --out FILE
  report    a dataset's diversity and realism report: tds report --job ID | --dataset DIR
  up        run every service and the gateway in one process, with an embedded
            NATS JetStream server (data under --data-dir, default ./.tds)
  sandbox   run a program in the sandbox: tds sandbox run [--lang python|bash|sql] [--db FILE] FILE
  clusters  cluster tool corpora: tds clusters build|eval|show (see tds clusters --help)
  blueprint plan a trajectory over a cluster: tds blueprint draft --cluster-file FILE [--primitives chain,fan-out,...] [--planner sim|llm]
  rollout   plan and roll out one verified trajectory, printed as a JSON line: tds rollout --cluster ID [--primitives ...] [--seed N]
  version   print the version
  help      print this help; "tds help <command>" or "tds <command> --help"
            lists a command's flags

Every flag can also be set by an environment variable (TDS_ + the flag name in
upper case, dots as underscores, e.g. TDS_DATA_DIR) or in a YAML file given by
--config; a flag on the command line wins over the environment, which wins over
the file.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	endProfile := startCPUProfile(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	endProfile()
	stop()
	os.Exit(code)
}

// run dispatches a command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "up":
		return upCommand(ctx, rest, stdout, stderr, nil)
	case "synth":
		return synthCommand(ctx, rest, stdout, stderr)
	case "jobs":
		return jobsCommand(ctx, rest, stdout, stderr)
	case "corpora":
		return corporaCommand(ctx, rest, stdout, stderr)
	case "export":
		return exportCommand(ctx, rest, stdout, stderr)
	case "report":
		return reportCommand(ctx, rest, stdout, stderr)
	case "blueprint":
		return blueprintCommand(ctx, rest, stdout, stderr)
	case "rollout":
		return rolloutCommand(ctx, rest, stdout, stderr)
	case "sandbox":
		return sandboxCommand(ctx, rest, os.Stdin, stdout, stderr)
	case "clusters":
		return clustersCommand(ctx, rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "tds", version.String())
		return 0
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return run(ctx, []string{rest[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "tds: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}
