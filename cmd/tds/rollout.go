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

func rolloutCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tds rollout", rolloutUsage, stderr)
	clusterID := fs.String("cluster", "", "id of a cluster in the cluster service (see --cluster.addr)")
	clusterFile := fs.String("cluster-file", "", "file holding a cluster as JSON (tdscaling.cluster.v1.Cluster), instead of --cluster")
	clusterAddr := fs.String("cluster.addr", agent.DefaultClusterAddr, "cluster service address, for --cluster")
	clusterToken := fs.String("cluster.token", os.Getenv("TDS_TOKEN"), "bearer token for the cluster service (default $TDS_TOKEN)")
	bpAddr := fs.String("blueprint.addr", "", "address of a running blueprint service (default: draft in this process)")
	bpToken := fs.String("blueprint.token", os.Getenv("TDS_TOKEN"), "bearer token for --blueprint.addr (default $TDS_TOKEN)")
	sandboxAddr := fs.String("sandbox.addr", "", "sandbox service address, for code steps")
	sandboxToken := fs.String("sandbox.token", os.Getenv("TDS_TOKEN"), "bearer token for --sandbox.addr (default $TDS_TOKEN)")
	prims := fs.String("primitives", "", "comma-separated reasoning primitives to realise (see tds blueprint --help; default: a chain where the cluster has one)")
	complexity := fs.Int("complexity", 0, "target complexity 1..10 (about that many calls); 0 leaves it to the primitives")
	code := fs.Bool("code", false, "include a code-tool step (same as adding code to --primitives)")
	seed := fs.Int64("seed", 1, "seed: the same cluster, target, seed and roles give the same trajectory with the sim provider")
	jobID := fs.String("job-id", "", "job id recorded in the trajectory")
	taskID := fs.String("task-id", "", "task id; with --job-id it determines the record id")
	maxCorr := fs.Int("max-corrections", 0, "off-plan corrections allowed before rejection (0: the default)")
	judge := fs.Bool("judge", false, "score the trajectory with the judge (--llm.judge.*) as a fourth verification layer")
	pretty := fs.Bool("pretty", false, "indent the JSON")
	cacheDir := fs.String("llm.cache_dir", "", "directory of the LLM response cache (default: no cache)")
	var roles llm.RoleFlags
	roles.Register(fs, "llm.", llm.RoleUserSimulator, llm.RoleAssistant, llm.RoleToolSimulator, llm.RoleJudge)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "tds rollout: "+format+"\n", a...)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected argument %q (flags only; see --help)", fs.Arg(0))
	case *clusterID == "" && *clusterFile == "":
		return fail("name the cluster: --cluster ID (from the cluster service) or --cluster-file FILE")
	case *clusterID != "" && *clusterFile != "":
		return fail("give --cluster or --cluster-file, not both")
	case *complexity < 0 || *complexity > 10:
		return fail("--complexity: want 0..10, got %d", *complexity)
	case *maxCorr < 0 || *maxCorr > 20:
		return fail("--max-corrections: want 0..20, got %d", *maxCorr)
	}
	ps, err := parsePrimitives(*prims)
	if err != nil {
		return fail("--primitives: %v", err)
	}
	defaults := map[llm.Role]llm.Endpoint{}
	for _, r := range []llm.Role{llm.RoleUserSimulator, llm.RoleAssistant, llm.RoleToolSimulator, llm.RoleJudge} {
		e := roles.Endpoint(r)
		for _, p := range e.Problems() {
			return fail("--llm.%s.%s: %s", r, p[0], p[1])
		}
		if r != llm.RoleJudge || *judge {
			defaults[r] = e
		}
	}

	var cluster *clusterv1.Cluster
	if *clusterFile != "" {
		if cluster, err = readCluster(*clusterFile); err != nil {
			return fail("%v", err)
		}
	} else {
		conn, err := grpcclient.Dial(*clusterAddr, grpcclient.Config{Token: *clusterToken})
		if err != nil {
			return fail("--cluster.addr: %v", err)
		}
		defer conn.Close()
		if cluster, err = (blueprint.ClusterClient{C: clusterv1.NewClusterServiceClient(conn)}).GetCluster(ctx, *clusterID); err != nil {
			printStatus(stderr, "tds rollout: cluster "+*clusterID, err)
			return 1
		}
	}

	draftReq := &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cluster},
		Target:     &blueprintv1.Target{Primitives: ps, Complexity: int32(*complexity), CodeStep: *code},
		Seed:       *seed, JobId: *jobID,
	}
	var bps blueprintAPI
	if *bpAddr != "" {
		conn, err := grpcclient.Dial(*bpAddr, grpcclient.Config{Token: *bpToken})
		if err != nil {
			return fail("--blueprint.addr: %v", err)
		}
		defer conn.Close()
		bps = remoteBlueprint{blueprintv1.NewBlueprintServiceClient(conn)}
	} else {
		local, closeFn, err := blueprint.NewLocal(blueprint.LocalOptions{MaxAttempts: 1})
		if err != nil {
			return fail("%v", err)
		}
		defer closeFn()
		bps = local
	}
	drafted, err := bps.DraftBlueprint(ctx, draftReq)
	if err != nil {
		printStatus(stderr, "tds rollout: draft", err)
		return 1
	}

	svc, closeFn, err := agent.NewLocal(agent.LocalOptions{SandboxAddr: *sandboxAddr, SandboxToken: *sandboxToken, Roles: defaults, CacheDir: *cacheDir})
	if err != nil {
		return fail("%v", err)
	}
	defer closeFn()
	resp, err := svc.Rollout(ctx, &agentv1.RolloutRequest{
		Blueprint: drafted.GetBlueprint(), Tools: cluster.GetTools(), JobId: *jobID, TaskId: *taskID,
		Seed: *seed, MaxCorrections: int32(*maxCorr),
	})
	if err != nil {
		printStatus(stderr, "tds rollout", err)
		return 1
	}
	res := resp.GetResult()
	line, err := agent.RecordJSON(res.GetRecord())
	if err != nil {
		return fail("%v", err)
	}
	if *pretty {
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
