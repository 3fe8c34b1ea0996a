package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"

	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/agent"
	"github.com/tdscaling/tdscaling/services/blueprint"
)

const rolloutUsage = `Usage:
  tds rollout (--cluster ID | --cluster-file FILE) [--primitives chain,fan-out,...] [--seed N] [flags]

rollout drafts a blueprint over a business cluster and rolls it out into one
verified trajectory, printed as one JSON line in the dataset's format (OpenAI
chat messages, tools, reasoning-mode signature, CAC, verdict, usage,
provenance); --pretty indents it. The exit code is 0 when the trajectory
passed verification and 1 when it was rejected (the reasons go to stderr).

The cluster comes from a running cluster service (--cluster ID, at
--cluster.addr, by default where tds up puts it) or from a file holding a
tdscaling.cluster.v1.Cluster as JSON (--cluster-file). The blueprint is
drafted in this process unless --blueprint.addr names a running blueprint
service. Code steps run in the sandbox service at --sandbox.addr; without
it, a plan with a code step is rejected (code output is never faked).

Every role is the built-in deterministic sim provider unless its flags point
it at an OpenAI-compatible server, e.g.
  --llm.assistant.provider openai --llm.assistant.base_url http://127.0.0.1:8000/v1 --llm.assistant.model Qwen/Qwen3-8B

Examples:
  tds rollout --cluster-file shop.json --primitives chain,fan-out --seed 7 --pretty
  tds rollout --cluster cl_123 --primitives code --sandbox.addr 127.0.0.1:7105
`

// rolloutFlags are tds rollout's flags.
type rolloutFlags struct {
	clusterID, clusterFile, clusterAddr, clusterToken string
	bpAddr, bpToken                                   string
	sandboxAddr, sandboxToken                         string
	prims                                             string
	complexity, maxCorr                               int
	code, judge, pretty                               bool
	seed                                              int64
	jobID, taskID                                     string
	cacheDir                                          string
	roles                                             llm.RoleFlags
}

func (f *rolloutFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.clusterID, "cluster", "", "id of a cluster in the cluster service (see --cluster.addr)")
	fs.StringVar(&f.clusterFile, "cluster-file", "", "file holding a cluster as JSON (tdscaling.cluster.v1.Cluster), instead of --cluster")
	fs.StringVar(&f.clusterAddr, "cluster.addr", agent.DefaultClusterAddr, "cluster service address, for --cluster")
	fs.StringVar(&f.clusterToken, "cluster.token", os.Getenv("TDS_TOKEN"), "bearer token for the cluster service (default $TDS_TOKEN)")
	fs.StringVar(&f.bpAddr, "blueprint.addr", "", "address of a running blueprint service (default: draft in this process)")
	fs.StringVar(&f.bpToken, "blueprint.token", os.Getenv("TDS_TOKEN"), "bearer token for --blueprint.addr (default $TDS_TOKEN)")
	fs.StringVar(&f.sandboxAddr, "sandbox.addr", "", "sandbox service address, for code steps")
	fs.StringVar(&f.sandboxToken, "sandbox.token", os.Getenv("TDS_TOKEN"), "bearer token for --sandbox.addr (default $TDS_TOKEN)")
	fs.StringVar(&f.prims, "primitives", "", "comma-separated reasoning primitives to realise (see tds blueprint --help; default: a chain where the cluster has one)")
	fs.IntVar(&f.complexity, "complexity", 0, "target complexity 1..10 (about that many calls); 0 leaves it to the primitives")
	fs.BoolVar(&f.code, "code", false, "include a code-tool step (same as adding code to --primitives)")
	fs.Int64Var(&f.seed, "seed", 1, "seed: the same cluster, target, seed and roles give the same trajectory with the sim provider")
	fs.StringVar(&f.jobID, "job-id", "", "job id recorded in the trajectory")
	fs.StringVar(&f.taskID, "task-id", "", "task id; with --job-id it determines the record id")
	fs.IntVar(&f.maxCorr, "max-corrections", 0, "off-plan corrections allowed before rejection (0: the default)")
	fs.BoolVar(&f.judge, "judge", false, "score the trajectory with the judge (--llm.judge.*) as a fourth verification layer")
	fs.BoolVar(&f.pretty, "pretty", false, "indent the JSON")
	fs.StringVar(&f.cacheDir, "llm.cache_dir", "", "directory of the LLM response cache (default: no cache)")
	f.roles.Register(fs, "llm.", llm.RoleUserSimulator, llm.RoleAssistant, llm.RoleToolSimulator, llm.RoleJudge)
}

// check says what is wrong with the flags and the arguments, or "".
func (f *rolloutFlags) check(args []string) string {
	switch {
	case len(args) > 0:
		return fmt.Sprintf("unexpected argument %q (flags only; see --help)", args[0])
	case f.clusterID == "" && f.clusterFile == "":
		return "name the cluster: --cluster ID (from the cluster service) or --cluster-file FILE"
	case f.clusterID != "" && f.clusterFile != "":
		return "give --cluster or --cluster-file, not both"
	case f.complexity < 0 || f.complexity > 10:
		return fmt.Sprintf("--complexity: want 0..10, got %d", f.complexity)
	case f.maxCorr < 0 || f.maxCorr > 20:
		return fmt.Sprintf("--max-corrections: want 0..20, got %d", f.maxCorr)
	}
	return ""
}

// endpoints are the roles' models (the judge's only with --judge), or the
// first problem of their flags.
func (f *rolloutFlags) endpoints() (map[llm.Role]llm.Endpoint, string) {
	defaults := map[llm.Role]llm.Endpoint{}
	for _, r := range []llm.Role{llm.RoleUserSimulator, llm.RoleAssistant, llm.RoleToolSimulator, llm.RoleJudge} {
		e := f.roles.Endpoint(r)
		for _, p := range e.Problems() {
			return nil, fmt.Sprintf("--llm.%s.%s: %s", r, p[0], p[1])
		}
		if r != llm.RoleJudge || f.judge {
			defaults[r] = e
		}
	}
	return defaults, ""
}

func rolloutCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tds rollout", rolloutUsage, stderr)
	var f rolloutFlags
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if msg := f.check(fs.Args()); msg != "" {
		return rolloutFail(stderr, "%s", msg)
	}
	ps, err := parsePrimitives(f.prims)
	if err != nil {
		return rolloutFail(stderr, "--primitives: %v", err)
	}
	roles, msg := f.endpoints()
	if msg != "" {
		return rolloutFail(stderr, "%s", msg)
	}
	cluster, code := f.cluster(ctx, stderr)
	if code != 0 {
		return code
	}
	drafted, code := f.draft(ctx, cluster, ps, stderr)
	if code != 0 {
		return code
	}
	svc, closeFn, err := agent.NewLocal(agent.LocalOptions{SandboxAddr: f.sandboxAddr, SandboxToken: f.sandboxToken, Roles: roles, CacheDir: f.cacheDir})
	if err != nil {
		return rolloutFail(stderr, "%v", err)
	}
	defer closeFn()
	resp, err := svc.Rollout(ctx, &agentv1.RolloutRequest{
		Blueprint: drafted.GetBlueprint(), Tools: cluster.GetTools(), JobId: f.jobID, TaskId: f.taskID,
		Seed: f.seed, MaxCorrections: int32(f.maxCorr),
	})
	if err != nil {
		printStatus(stderr, "tds rollout", err)
		return 1
	}
	return printRollout(resp.GetResult(), f.pretty, stdout, stderr)
}

// rolloutFail prints what is wrong with the command line or the setup; the
// exit code is 2.
func rolloutFail(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "tds rollout: "+format+"\n", a...)
	return 2
}

// cluster reads the cluster from --cluster-file or the cluster service, or
// says why it cannot (exit code > 0).
func (f *rolloutFlags) cluster(ctx context.Context, stderr io.Writer) (*clusterv1.Cluster, int) {
	if f.clusterFile != "" {
		cluster, err := readCluster(f.clusterFile)
		if err != nil {
			return nil, rolloutFail(stderr, "%v", err)
		}
		return cluster, 0
	}
	conn, err := grpcclient.Dial(f.clusterAddr, grpcclient.Config{Token: f.clusterToken})
	if err != nil {
		return nil, rolloutFail(stderr, "--cluster.addr: %v", err)
	}
	defer conn.Close()
	cluster, err := (blueprint.ClusterClient{C: clusterv1.NewClusterServiceClient(conn)}).GetCluster(ctx, f.clusterID)
	if err != nil {
		printStatus(stderr, "tds rollout: cluster "+f.clusterID, err)
		return nil, 1
	}
	return cluster, 0
}

// draft drafts the blueprint over cluster, at --blueprint.addr or in this
// process, or says why it cannot (exit code > 0).
func (f *rolloutFlags) draft(ctx context.Context, cluster *clusterv1.Cluster, ps []blueprintv1.ReasoningPrimitive, stderr io.Writer) (*blueprintv1.DraftBlueprintResponse, int) {
	var bps blueprintAPI
	if f.bpAddr != "" {
		conn, err := grpcclient.Dial(f.bpAddr, grpcclient.Config{Token: f.bpToken})
		if err != nil {
			return nil, rolloutFail(stderr, "--blueprint.addr: %v", err)
		}
		defer conn.Close()
		bps = remoteBlueprint{blueprintv1.NewBlueprintServiceClient(conn)}
	} else {
		local, closeFn, err := blueprint.NewLocal(blueprint.LocalOptions{MaxAttempts: 1})
		if err != nil {
			return nil, rolloutFail(stderr, "%v", err)
		}
		defer closeFn()
		bps = local
	}
	drafted, err := bps.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cluster},
		Target:     &blueprintv1.Target{Primitives: ps, Complexity: int32(f.complexity), CodeStep: f.code},
		Seed:       f.seed, JobId: f.jobID,
	})
	if err != nil {
		printStatus(stderr, "tds rollout: draft", err)
		return nil, 1
	}
	return drafted, 0
}

// printRollout prints the record as one JSON line and the verdict; the exit
// code is 1 for a rejected trajectory.
func printRollout(res *agentv1.RolloutResult, pretty bool, stdout, stderr io.Writer) int {
	line, err := agent.RecordJSON(res.GetRecord())
	if err != nil {
		return rolloutFail(stderr, "%v", err)
	}
	if pretty {
		var buf bytes.Buffer
		if json.Indent(&buf, line, "", "  ") == nil {
			line = buf.Bytes()
		}
	}
	fmt.Fprintln(stdout, string(line))
	rec := res.GetRecord()
	fmt.Fprintf(stderr, "tds rollout: %s  passed=%v  signature=%s  cac=%.2f  corrections=%d\n", rec.GetId(), res.GetPassed(), rec.GetReasoningMode(), rec.GetCac(), res.GetCorrections())
	if !res.GetPassed() {
		for _, r := range res.GetRejections() {
			fmt.Fprintf(stderr, "  rejected (%s): %s\n", r.GetReason(), r.GetDetail())
		}
		return 1
	}
	return 0
}
