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
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/blueprint"
)

const blueprintUsage = `Usage:
  tds blueprint draft    (--cluster ID | --cluster-file FILE) [flags]
  tds blueprint validate --blueprint FILE (--cluster ID | --cluster-file FILE) [flags]

draft plans one trajectory over a business cluster and prints the blueprint
as JSON. The cluster comes from a running cluster service (--cluster ID, at
--cluster.addr) or from a file holding a tdscaling.cluster.v1.Cluster as JSON
(--cluster-file). The plan is drafted in this process unless --addr names a
running blueprint service.

validate checks a blueprint (JSON) against a cluster and lists what is wrong;
it exits 1 when the blueprint is invalid.

Primitives (--primitives, comma-separated): chain, fan-out, conditional,
iteration, error-recovery, clarification, aggregation, code, multi-intent,
irrelevance (or the enum names, e.g. REASONING_PRIMITIVE_SEQUENTIAL_CHAIN).

Planners: sim (default) is the built-in deterministic planner, no model
needed; llm asks an OpenAI-compatible server (--llm.base_url, --llm.model,
--llm.api_key_env ...), validates its plan and has it repair the plan.

Examples:
  tds blueprint draft --cluster-file shop.json --primitives chain,fan-out,code --seed 7
  tds blueprint draft --cluster cl_123 --planner llm \
      --llm.base_url http://127.0.0.1:8000/v1 --llm.model Qwen/Qwen3-8B
`

// primitiveNames maps the short names to the enum.
var primitiveNames = map[string]blueprintv1.ReasoningPrimitive{
	"chain": 1, "sequential": 1, "sequential-chain": 1,
	"fan-out": 2, "fanout": 2, "parallel": 2, "parallel-fan-out": 2,
	"conditional": 3, "branch": 3, "conditional-branch": 3,
	"iteration": 4, "loop": 4,
	"error-recovery": 5, "recovery": 5,
	"clarification": 6, "clarify": 6,
	"aggregation": 7, "aggregate": 7, "comparison": 7,
	"code": 8, "code-computation": 8,
	"multi-intent": 9, "multi": 9,
	"irrelevance": 10, "irrelevant": 10,
}

func parsePrimitives(s string) ([]blueprintv1.ReasoningPrimitive, error) {
	var out []blueprintv1.ReasoningPrimitive
	for _, part := range strings.Split(s, ",") {
		name := strings.ToLower(strings.TrimSpace(part))
		if name == "" {
			continue
		}
		name = strings.ReplaceAll(name, "_", "-")
		if p, ok := primitiveNames[name]; ok {
			out = append(out, p)
			continue
		}
		if v, ok := blueprintv1.ReasoningPrimitive_value[strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(part), "-", "_"))]; ok && v != 0 {
			out = append(out, blueprintv1.ReasoningPrimitive(v))
			continue
		}
		return nil, fmt.Errorf("unknown primitive %q; want chain, fan-out, conditional, iteration, error-recovery, clarification, aggregation, code, multi-intent or irrelevance", part)
	}
	return out, nil
}

type blueprintFlags struct {
	clusterID    string
	clusterFile  string
	clusterAddr  string
	clusterToken string
	addr         string
	token        string
}

func (f *blueprintFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.clusterID, "cluster", "", "id of a cluster in the cluster service (see --cluster.addr)")
	fs.StringVar(&f.clusterFile, "cluster-file", "", "file holding a cluster as JSON (tdscaling.cluster.v1.Cluster), instead of --cluster")
	fs.StringVar(&f.clusterAddr, "cluster.addr", blueprint.DefaultClusterAddr, "cluster service address, for --cluster")
	fs.StringVar(&f.clusterToken, "cluster.token", os.Getenv("TDS_TOKEN"), "bearer token for the cluster service (default $TDS_TOKEN)")
	fs.StringVar(&f.addr, "addr", "", "address of a running blueprint service (default: plan in this process)")
	fs.StringVar(&f.token, "token", os.Getenv("TDS_TOKEN"), "bearer token for --addr (default $TDS_TOKEN)")
}

func (f *blueprintFlags) check() error {
	switch {
	case f.clusterID == "" && f.clusterFile == "":
		return errors.New("name the cluster: --cluster ID (from the cluster service) or --cluster-file FILE")
	case f.clusterID != "" && f.clusterFile != "":
		return errors.New("give --cluster or --cluster-file, not both")
	}
	return nil
}

func readCluster(path string) (*clusterv1.Cluster, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--cluster-file: %w", err)
	}
	var c clusterv1.Cluster
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("--cluster-file %s: not a tdscaling.cluster.v1.Cluster in JSON: %w", path, err)
	}
	if len(c.GetTools()) == 0 {
		return nil, fmt.Errorf("--cluster-file %s: the cluster has no tools", path)
	}
	return &c, nil
}

// blueprintCommand runs `tds blueprint <subcommand>`.
func blueprintCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return dispatch(ctx, "blueprint", blueprintUsage, []subcommand{
		{"draft", blueprintDraft},
		{"validate", blueprintValidate},
	}, args, stdout, stderr)
}

// service returns the blueprint service to call: remote (--addr) or in this process.
// blueprintAPI is the service, local or remote.
type blueprintAPI interface {
	DraftBlueprint(context.Context, *blueprintv1.DraftBlueprintRequest) (*blueprintv1.DraftBlueprintResponse, error)
	ValidateBlueprint(context.Context, *blueprintv1.ValidateBlueprintRequest) (*blueprintv1.ValidateBlueprintResponse, error)
}

func (f *blueprintFlags) service(planner llm.Endpoint, cacheDir string, attempts int) (blueprintAPI, func(), error) {
	if f.addr != "" {
		conn, err := grpcclient.Dial(f.addr, grpcclient.Config{Token: f.token})
		if err != nil {
			return nil, nil, err
		}
		return remoteBlueprint{blueprintv1.NewBlueprintServiceClient(conn)}, func() { _ = conn.Close() }, nil
	}
	addr := ""
	if f.clusterID != "" {
		addr = f.clusterAddr
	}
	return blueprint.NewLocal(blueprint.LocalOptions{ClusterAddr: addr, ClusterToken: f.clusterToken, Planner: planner, CacheDir: cacheDir, MaxAttempts: attempts})
}

// remoteBlueprint calls a running service through the same interface.
type remoteBlueprint struct {
	c blueprintv1.BlueprintServiceClient
}

func (r remoteBlueprint) DraftBlueprint(ctx context.Context, req *blueprintv1.DraftBlueprintRequest) (*blueprintv1.DraftBlueprintResponse, error) {
	return r.c.DraftBlueprint(ctx, req)
}

func (r remoteBlueprint) ValidateBlueprint(ctx context.Context, req *blueprintv1.ValidateBlueprintRequest) (*blueprintv1.ValidateBlueprintResponse, error) {
	return r.c.ValidateBlueprint(ctx, req)
}

func blueprintDraft(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tds blueprint draft", blueprintUsage, stderr)
	var f blueprintFlags
	f.register(fs)
	prims := fs.String("primitives", "", "comma-separated reasoning primitives to realise (default: a chain where the cluster has one)")
	complexity := fs.Int("complexity", 0, "target complexity 1..10 (about that many calls); 0 leaves it to the primitives")
	domain := fs.String("domain", "", "domain label for the plan (default: the cluster's)")
	seed := fs.Int64("seed", 1, "seed: the same cluster, target and seed give the same plan")
	code := fs.Bool("code", false, "include a code-tool step (same as adding code to --primitives)")
	jobID := fs.String("job-id", "", "job the plan belongs to (recorded in the blueprint)")
	planner := fs.String("planner", "sim", "sim (built-in, deterministic) or llm (an OpenAI-compatible server, see --llm.*)")
	var ep llm.EndpointFlags
	ep.NoProvider = true
	ep.Register(fs, "llm.", llm.RolePlanner)
	cacheDir := fs.String("llm.cache_dir", "", "directory of the LLM response cache, so a re-run repeats no call (default: no cache)")
	attempts := fs.Int("attempts", 3, "draft-and-repair rounds the llm planner gets")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "tds blueprint draft: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (flags only; see --help)", fs.Arg(0))
	}
	if err := f.check(); err != nil {
		return fail("%v", err)
	}
	ps, err := parsePrimitives(*prims)
	if err != nil {
		return fail("--primitives: %v", err)
	}
	switch *planner {
	case "sim":
		ep.SetProvider(llm.ProviderSim)
	case "llm", "openai":
		ep.SetProvider(llm.ProviderOpenAI)
		for _, p := range ep.Endpoint().Problems() {
			return fail("--llm.%s: %s", p[0], p[1])
		}
	default:
		return fail("--planner: want sim or llm, got %q", *planner)
	}
	if *complexity < 0 || *complexity > 10 {
		return fail("--complexity: want 0..10, got %d", *complexity)
	}
	if *attempts < 1 || *attempts > 20 {
		return fail("--attempts: want 1..20, got %d", *attempts)
	}
	req := &blueprintv1.DraftBlueprintRequest{
		Target: &blueprintv1.Target{Primitives: ps, Complexity: int32(*complexity), Domain: *domain, CodeStep: *code},
		Seed:   *seed, JobId: *jobID,
	}
	if f.clusterFile != "" {
		c, err := readCluster(f.clusterFile)
		if err != nil {
			return fail("%v", err)
		}
		req.ClusterRef = &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: c}
	} else {
		req.ClusterRef = &blueprintv1.DraftBlueprintRequest_ClusterId{ClusterId: f.clusterID}
	}
	svc, closeFn, err := f.service(ep.Endpoint(), *cacheDir, *attempts)
	if err != nil {
		return fail("%v", err)
	}
	defer closeFn()
	if f.addr != "" && *planner != "sim" {
		req.Planner = ep.Endpoint().Proto()
	}
	resp, err := svc.DraftBlueprint(ctx, req)
	if err != nil {
		printStatus(stderr, "tds blueprint draft", err)
		return 1
	}
	fmt.Fprintln(stdout, prettyJSON(resp.GetBlueprint()))
	if *planner != "sim" {
		u := resp.GetUsage()
		fmt.Fprintf(stderr, "planner: %d attempt(s), %d LLM call(s) (%d cached), %d prompt + %d completion tokens\n",
			resp.GetAttempts(), u.GetLlmCalls(), u.GetCachedCalls(), u.GetPromptTokens(), u.GetCompletionTokens())
	}
	return 0
}

func blueprintValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tds blueprint validate", blueprintUsage, stderr)
	var f blueprintFlags
	f.register(fs)
	bpFile := fs.String("blueprint", "", "file holding the blueprint as JSON (as tds blueprint draft prints it)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "tds blueprint validate: "+format+"\n", a...)
		return 2
	}
	if *bpFile == "" {
		return fail("name the blueprint to check: --blueprint FILE")
	}
	if err := f.check(); err != nil {
		return fail("%v", err)
	}
	raw, err := os.ReadFile(*bpFile)
	if err != nil {
		return fail("--blueprint: %v", err)
	}
	var bp blueprintv1.Blueprint
	if err := protojson.Unmarshal(raw, &bp); err != nil {
		return fail("--blueprint %s: not a tdscaling.blueprint.v1.Blueprint in JSON: %v", *bpFile, err)
	}
	var cluster *clusterv1.Cluster
	if f.clusterFile != "" {
		if cluster, err = readCluster(f.clusterFile); err != nil {
			return fail("%v", err)
		}
	} else {
		conn, err := grpcclient.Dial(f.clusterAddr, grpcclient.Config{Token: f.clusterToken})
		if err != nil {
			return fail("%v", err)
		}
		defer conn.Close()
		cluster, err = blueprint.ClusterClient{C: clusterv1.NewClusterServiceClient(conn)}.GetCluster(ctx, f.clusterID)
		if err != nil {
			printStatus(stderr, "tds blueprint validate", err)
			return 1
		}
	}
	svc, closeFn, err := f.service(llm.Endpoint{}, "", 1)
	if err != nil {
		return fail("%v", err)
	}
	defer closeFn()
	resp, err := svc.ValidateBlueprint(ctx, &blueprintv1.ValidateBlueprintRequest{Blueprint: &bp, Cluster: cluster})
	if err != nil {
		printStatus(stderr, "tds blueprint validate", err)
		return 1
	}
	if resp.GetValid() {
		fmt.Fprintf(stdout, "valid: %d calls, primitives realised: %d\n", len(bp.GetCalls()), len(bp.GetPrimitives()))
		return 0
	}
	fmt.Fprintf(stdout, "invalid: %d problem(s)\n", len(resp.GetViolations()))
	for _, v := range resp.GetViolations() {
		fmt.Fprintf(stdout, "  %s: %s\n", v.GetField(), v.GetReason())
	}
	return 1
}

// prettyJSON renders a message as stable, indented JSON with the proto field
// names (protojson alone varies its whitespace on purpose).
func prettyJSON(m proto.Message) string {
	raw, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(m)
	if err != nil {
		return fmt.Sprintf("{\"error\": %q}", err.Error())
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}

// printStatus prints a service error with its field violations.
func printStatus(w io.Writer, prefix string, err error) {
	st := status.Convert(err)
	fmt.Fprintf(w, "%s: %s (%s)\n", prefix, st.Message(), st.Code())
	for _, v := range apierr.Violations(err) {
		fmt.Fprintf(w, "  %s: %s\n", v.Field, v.Description)
	}
}
