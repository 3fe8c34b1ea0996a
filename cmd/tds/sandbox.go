package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/services/sandbox"
)

const sandboxUsage = `Usage: tds sandbox run [flags] FILE [ARG...]

Runs FILE in a fresh sandbox (no network, read-only minimal root, limits) and
exits with the program's exit code: 128+N when killed by signal N, 124 on a
time limit, 125 when the sandbox itself failed. The language comes from the
extension (.py, .sh, .sql) unless --lang says otherwise. Standard input is
passed to the program when it is not a terminal.

Runs in this process (needs root, like the sandbox service) unless --addr names
a running sandbox service.
`

// sandboxCommand runs `tds sandbox <subcommand>`.
func sandboxCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return dispatch(ctx, "sandbox", sandboxUsage, []subcommand{
		{"run", func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
			return sandboxRun(ctx, args, stdin, stdout, stderr)
		}},
	}, args, stdout, stderr)
}

// sandboxRun runs `tds sandbox run`.
func sandboxRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("tds sandbox run", sandboxUsage, stderr)
	lang := fs.String("lang", "", "python, bash or sql (default: from the file extension)")
	db := fs.String("db", "", "SQLite database file to query (with --lang sql)")
	wall := fs.Duration("timeout", 10*time.Second, "wall-time limit")
	memory := fs.Int64("memory", 256<<20, "memory limit in bytes")
	asJSON := fs.Bool("json", false, "print the whole response as JSON instead of the program's output")
	addr := fs.String("addr", "", "address of a running sandbox service (default: run in this process)")
	token := fs.String("token", os.Getenv("TDS_TOKEN"), "bearer token for --addr (default $TDS_TOKEN)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() < 1 {
		fmt.Fprint(stderr, "tds sandbox run: name the program file to run\n\n")
		fs.Usage()
		return 2
	}
	file := fs.Arg(0)
	req, err := buildRequest(file, *lang, *db, fs.Args()[1:], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "tds sandbox run: %v\n", err)
		return 2
	}
	req.Limits = &sandboxv1.Limits{WallTime: durationpb.New(*wall), MemoryBytes: *memory}

	var resp *sandboxv1.ExecuteResponse
	if *addr != "" {
		conn, err := grpcclient.Dial(*addr, grpcclient.Config{Token: *token})
		if err != nil {
			fmt.Fprintf(stderr, "tds sandbox run: %v\n", err)
			return 125
		}
		defer conn.Close()
		resp, err = sandboxv1.NewSandboxServiceClient(conn).Execute(ctx, req)
		if err != nil {
			return reportCallError(stderr, err)
		}
	} else {
		dir, err := os.MkdirTemp("", "tds-sandbox-cli-")
		if err != nil {
			fmt.Fprintf(stderr, "tds sandbox run: %v\n", err)
			return 125
		}
		defer os.RemoveAll(dir)
		exec, _, closeFn, err := sandbox.Open(ctx, sandbox.Options{Slots: 1, StateDir: dir}, app.Env{})
		if err != nil {
			fmt.Fprintf(stderr, "tds sandbox run: %v\n", err)
			return 125
		}
		defer closeFn()
		resp, err = exec.Execute(ctx, req)
		if err != nil {
			return reportCallError(stderr, sandbox.Status(ctx, exec, err))
		}
	}
	if *asJSON {
		out, _ := protojson.MarshalOptions{Multiline: true, UseProtoNames: true}.Marshal(resp)
		fmt.Fprintln(stdout, string(out))
	} else {
		_, _ = stdout.Write(resp.GetStdout())
		_, _ = stderr.Write(resp.GetStderr())
	}
	return exitCode(resp, stderr, !*asJSON)
}

// buildRequest reads the program (and the database) into a request.
func buildRequest(file, lang, db string, args []string, stdin io.Reader) (*sandboxv1.ExecuteRequest, error) {
	code, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if lang == "" {
		switch strings.ToLower(filepath.Ext(file)) {
		case ".py":
			lang = "python"
		case ".sh", ".bash":
			lang = "bash"
		case ".sql":
			lang = "sql"
		default:
			return nil, fmt.Errorf("cannot tell the language of %s from its extension: pass --lang python, bash or sql", file)
		}
	}
	req := &sandboxv1.ExecuteRequest{Code: string(code), Args: args}
	switch lang {
	case "python":
		req.Language = sandboxv1.Language_LANGUAGE_PYTHON
	case "bash":
		req.Language = sandboxv1.Language_LANGUAGE_BASH
	case "sql", "sqlite":
		req.Language = sandboxv1.Language_LANGUAGE_SQLITE
	default:
		return nil, fmt.Errorf("--lang %q: want python, bash or sql", lang)
	}
	if db != "" {
		if req.Language != sandboxv1.Language_LANGUAGE_SQLITE {
			return nil, fmt.Errorf("--db is for SQL programs (--lang sql)")
		}
		data, err := os.ReadFile(db)
		if err != nil {
			return nil, err
		}
		req.Database = filepath.Base(db)
		req.Files = append(req.Files, &sandboxv1.File{Path: req.Database, Content: data})
	}
	if f, ok := stdin.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice == 0 {
			if req.Stdin, err = io.ReadAll(f); err != nil {
				return nil, fmt.Errorf("read standard input: %w", err)
			}
		}
	}
	return req, nil
}

func reportCallError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "tds sandbox run: %s\n", status.Convert(err).Message())
	for _, v := range apierr.Violations(err) {
		fmt.Fprintf(stderr, "  %s: %s\n", v.Field, v.Description)
	}
	return 125
}

// exitCode maps a response to a shell-style exit code.
func exitCode(r *sandboxv1.ExecuteResponse, stderr io.Writer, explain bool) int {
	say := func(format string, args ...any) {
		if explain {
			fmt.Fprintf(stderr, "tds sandbox run: "+format+"\n", args...)
		}
	}
	switch r.GetStatus() {
	case sandboxv1.Status_STATUS_OK:
		return 0
	case sandboxv1.Status_STATUS_NONZERO_EXIT:
		return int(r.GetExitCode())
	case sandboxv1.Status_STATUS_WALL_TIMEOUT:
		say("wall-time limit reached after %d ms", r.GetWallTimeMs())
		return 124
	case sandboxv1.Status_STATUS_CPU_TIMEOUT:
		say("CPU-time limit reached after %d ms", r.GetCpuTimeMs())
		return 124
	case sandboxv1.Status_STATUS_OUT_OF_MEMORY:
		say("out of memory (peak %d bytes)", r.GetPeakMemoryBytes())
		return 128 + 9
	case sandboxv1.Status_STATUS_OUTPUT_TRUNCATED:
		say("output limit reached; the program was stopped")
		return 128 + 9
	case sandboxv1.Status_STATUS_SIGNALED:
		say("killed by signal %d", r.GetSignal())
		return 128 + int(r.GetSignal())
	default:
		say("sandbox failure: %s", r.GetSandboxError())
		return 125
	}
}
