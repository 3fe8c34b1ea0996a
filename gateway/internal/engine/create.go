package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/gateway/internal/jobs"
	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/llm"
)

// MaxTargetRecords bounds a job's target.
const MaxTargetRecords = 10_000_000

func now() *timestamppb.Timestamp { return timestamppb.Now() }

// Validate checks a job spec without side effects.
func Validate(spec *jobv1.JobSpec) error {
	var vs []apierr.Violation
	bad := func(field, format string, a ...any) {
		vs = append(vs, apierr.Violation{Field: "spec." + field, Description: fmt.Sprintf(format, a...)})
	}
	if spec == nil {
		return apierr.InvalidArgument(apierr.Violation{Field: "spec", Description: "required"})
	}
	c := spec.GetCorpus()
	switch {
	case c.GetPath() == "" && c.GetCorpusId() == "":
		bad("corpus", "name a corpus file (path) or an imported corpus (corpus_id)")
	case c.GetCorpusId() != "" && len(c.GetExtraPaths()) > 0:
		bad("corpus.extra_paths", "only with path, not with corpus_id")
	}
	if n := spec.GetTargetRecords(); n <= 0 || n > MaxTargetRecords {
		bad("target_records", "want 1..%d, got %d", MaxTargetRecords, n)
	}
	switch spec.GetStrategy().GetStrategy() {
	case evolvev1.Strategy_STRATEGY_UNSPECIFIED, evolvev1.Strategy_STRATEGY_TDSCALING, evolvev1.Strategy_STRATEGY_UNIFORM:
	default:
		bad("strategy.strategy", "unknown strategy %v: choose STRATEGY_TDSCALING or STRATEGY_UNIFORM", spec.GetStrategy().GetStrategy())
	}
	st := spec.GetStrategy()
	if st.GetAlpha() < 0 || st.GetBeta() < 0 || st.GetWindow() < 0 || st.GetBaseComplexity() < 0 || st.GetMaxClusters() < 0 {
		bad("strategy", "alpha, beta, window, base_complexity and max_clusters must not be negative")
	}
	if st.GetMaxRequestsPerRecord() < 0 {
		bad("strategy.max_requests_per_record", "want at least 1 request per record, or 0 for the default (3), got %d", st.GetMaxRequestsPerRecord())
	}
	for _, share := range []float64{st.GetMaxDomainShare(), st.GetMaxSignatureShare()} {
		if share < 0 || share > 1 {
			bad("strategy", "max_domain_share and max_signature_share are fractions in [0, 1]")
		}
	}
	if spec.CodeToolShare != nil {
		if s := spec.GetCodeToolShare(); math.IsNaN(s) || s < 0 || s > 1 {
			bad("code_tool_share", "want a fraction in [0, 1], got %g", s)
		}
	}
	b := spec.GetBudget()
	if b.GetMaxRecords() < 0 || b.GetMaxLlmTokens() < 0 || b.GetMaxAttempts() < 0 || b.GetMaxWallTime().AsDuration() < 0 {
		bad("budget", "limits must not be negative (zero means unlimited)")
	}
	for role, ep := range roleEndpoints(spec.GetRoles()) {
		if ep == nil {
			continue
		}
		for _, p := range llm.FromProto(ep).WithDefaults().Problems() {
			bad("roles."+role+"."+p[0], "%s", p[1])
		}
	}
	for _, f := range spec.GetFormats() {
		if _, ok := formatFiles[f]; !ok {
			bad("formats", "unknown format %v", f)
		}
	}
	if len(vs) > 0 {
		return apierr.InvalidArgument(vs...)
	}
	return nil
}

func roleEndpoints(r *llmv1.Roles) map[string]*llmv1.Endpoint {
	return map[string]*llmv1.Endpoint{
		"planner": r.GetPlanner(), "user_simulator": r.GetUserSimulator(), "assistant": r.GetAssistant(),
		"tool_simulator": r.GetToolSimulator(), "judge": r.GetJudge(),
	}
}

// Create validates spec, imports and clusters its corpus, stores the job and
// announces it. A retried call with the same owner and requestID returns the
// same job.
func (e *Engine) Create(ctx context.Context, owner, requestID string, spec *jobv1.JobSpec) (*jobv1.Job, error) {
	if err := Validate(spec); err != nil {
		return nil, err
	}
	id := jobs.NewID(time.Now())
	if requestID != "" {
		var err error
		if id, err = e.cfg.Store.ClaimRequest(ctx, owner, requestID, id); err != nil {
			return nil, err
		}
		if ent, err := e.cfg.Store.Get(ctx, id); err == nil {
			return ent.Job, nil
		} else if !errors.Is(err, jobs.ErrNotFound) {
			return nil, err
		}
	}
	dir, created, err := e.outputDir(id, spec.GetOutputDir())
	if err != nil {
		return nil, err
	}
	undo := func() {
		if created {
			_ = os.RemoveAll(dir)
		}
	}
	if err := e.probeEndpoints(ctx, spec.GetRoles()); err != nil {
		undo()
		return nil, err
	}
	job := &jobv1.Job{
		Id: id, Spec: spec, State: jobv1.JobState_JOB_STATE_PENDING, OutputDir: dir,
		Progress:  &jobv1.Progress{Target: spec.GetTargetRecords()},
		CreatedAt: now(), UpdatedAt: now(),
	}
	if err := e.resolveCorpus(ctx, job); err != nil {
		undo()
		return nil, err
	}
	if _, err := e.cfg.Store.Create(ctx, owner, job); err != nil {
		if errors.Is(err, jetstream.ErrKeyExists) {
			ent, gerr := e.cfg.Store.Get(ctx, id)
			if gerr != nil {
				return nil, gerr
			}
			return ent.Job, nil
		}
		undo()
		return nil, err
	}
	if err := e.announce(ctx, job); err != nil {
		// The job is stored: Resume announces it when the gateway restarts.
		e.log.WarnContext(ctx, "job stored but not yet announced", "job", id, "err", err)
	}
	e.log.InfoContext(ctx, "job created", "job", id, "target", spec.GetTargetRecords(), "corpus", job.GetCorpusId(), "out", dir)
	return job, nil
}

// outputDir resolves and prepares the job's dataset directory: it must be
// writable and must not already hold a finished dataset.
func (e *Engine) outputDir(id, dir string) (string, bool, error) {
	field := "spec.output_dir"
	if dir == "" {
		if e.cfg.DataDir == "" {
			return "", false, apierr.InvalidArgument(apierr.Violation{Field: field, Description: "required: this gateway has no data directory for datasets"})
		}
		dir = filepath.Join(e.cfg.DataDir, "jobs", id)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false, apierr.InvalidArgument(apierr.Violation{Field: field, Description: err.Error()})
	}
	if _, err := os.Stat(filepath.Join(abs, dataset.FileTrajectories)); err == nil {
		return "", false, apierr.New(codes.AlreadyExists, errorsv1.ErrorReason_ERROR_REASON_ALREADY_EXISTS,
			"output directory %s already holds a dataset: choose another directory or remove it", abs)
	}
	if busy, err := e.dirInUse(abs); err != nil {
		return "", false, err
	} else if busy != "" {
		return "", false, apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_JOB_STATE_CONFLICT,
			"output directory %s belongs to unfinished job %s with other settings: resume that job, cancel it, or choose another directory", abs, busy)
	}
	created := false
	if _, err := os.Stat(abs); os.IsNotExist(err) {
		created = true
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return "", false, apierr.InvalidArgument(apierr.Violation{Field: field, Description: fmt.Sprintf("cannot create %s: %v", abs, unwrapPath(err))})
	}
	// Rows left by an earlier, cancelled or failed job in this directory are
	// not this job's.
	if err := os.RemoveAll(filepath.Join(abs, dataset.PartsDir)); err != nil {
		return "", false, apierr.InvalidArgument(apierr.Violation{Field: field, Description: fmt.Sprintf("cannot clear %s: %v", dataset.PartsDir, unwrapPath(err))})
	}
	probe, err := os.CreateTemp(abs, ".write-probe-*")
	if err != nil {
		if created {
			_ = os.Remove(abs)
		}
		return "", false, apierr.InvalidArgument(apierr.Violation{Field: field, Description: fmt.Sprintf("%s is not writable: %v", abs, unwrapPath(err))})
	}
	_ = probe.Close()
	_ = os.Remove(probe.Name())
	return abs, created, nil
}

// dirInUse returns the unfinished job writing into dir, if any.
func (e *Engine) dirInUse(dir string) (string, error) {
	ents, err := e.cfg.Store.List(context.Background(), "", true)
	if err != nil {
		return "", err
	}
	for _, ent := range ents {
		if ent.Job.GetOutputDir() == dir && !jobs.Terminal(ent.Job.GetState()) {
			return ent.Job.GetId(), nil
		}
	}
	return "", nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// probeEndpoints checks that every role's OpenAI-compatible server answers
// HTTP at all (any status will do: the point is an address that is wrong or down).
func (e *Engine) probeEndpoints(ctx context.Context, roles *llmv1.Roles) error {
	for role, ep := range roleEndpoints(roles) {
		if ep == nil {
			continue
		}
		end := llm.FromProto(ep).WithDefaults()
		if end.Provider == llm.ProviderSim {
			continue
		}
		url := strings.TrimRight(end.BaseURL, "/") + "/models"
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err == nil {
			var resp *http.Response
			if resp, err = e.cfg.HTTP.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
				_ = resp.Body.Close()
				continue
			}
		}
		return apierr.New(codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_LLM_UNAVAILABLE,
			"spec.roles.%s.base_url: cannot reach %s (%v): start the server or fix the address", role, end.BaseURL, unwrapURL(err))
	}
	return nil
}

func unwrapURL(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// resolveCorpus imports the spec's corpus files into the cluster service (or
// finds the named corpus) and builds its clusters.
func (e *Engine) resolveCorpus(ctx context.Context, job *jobv1.Job) error {
	c := job.GetSpec().GetCorpus()
	corpusID := c.GetCorpusId()
	if corpusID == "" {
		paths := append([]string{c.GetPath()}, c.GetExtraPaths()...)
		for i, p := range paths {
			field := "spec.corpus.path"
			if i > 0 {
				field = fmt.Sprintf("spec.corpus.extra_paths[%d]", i-1)
			}
			resp, err := e.importFile(ctx, p, corpusID, field)
			if err != nil {
				return err
			}
			if corpusID == "" {
				corpusID = resp.GetCorpus().GetId()
			}
			job.CorpusLicenses = resp.GetCorpus().GetLicenses()
			noteSkipped(job, resp)
		}
		if job.CorpusLicenses == nil {
			job.CorpusLicenses = []string{}
		}
	} else {
		resp, err := e.cfg.Cluster.ListCorpora(ctx, &clusterv1.ListCorporaRequest{})
		if err != nil {
			return dependency("cluster", err)
		}
		found := false
		for _, cp := range resp.GetCorpora() {
			if cp.GetId() == corpusID {
				found = true
				job.CorpusLicenses = cp.GetLicenses()
			}
		}
		if !found {
			return apierr.New(codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_CORPUS_NOT_FOUND,
				"spec.corpus.corpus_id: no corpus %q in the cluster service", corpusID)
		}
	}
	build, err := e.cfg.Cluster.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: corpusID, Options: job.GetSpec().GetClustering()})
	if err != nil {
		if st, ok := status.FromError(err); ok && st.Code() == codes.InvalidArgument {
			return apierr.InvalidArgument(apierr.Violation{Field: "spec.clustering", Description: st.Message()})
		}
		return dependency("cluster", err)
	}
	if build.GetClusterCount() == 0 {
		return apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_NO_CLUSTERS,
			"spec.corpus: the corpus's %d tools form no business cluster: give a corpus with related tools", build.GetToolCount())
	}
	job.CorpusId = corpusID
	job.ClusteringId = build.GetClusteringId()
	return nil
}

func (e *Engine) importFile(ctx context.Context, path, corpusID, field string) (*clusterv1.ImportToolsResponse, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, apierr.InvalidArgument(apierr.Violation{Field: field, Description: fmt.Sprintf("cannot read %s: %v", path, unwrapPath(err))})
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, apierr.InvalidArgument(apierr.Violation{Field: field, Description: path + " is a directory: give a corpus file"})
	}
	stream, err := e.cfg.Cluster.ImportTools(ctx)
	if err != nil {
		return nil, dependency("cluster", err)
	}
	hdr := &clusterv1.ImportHeader{CorpusId: corpusID, Source: path}
	if corpusID == "" {
		hdr.CorpusName = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Header{Header: hdr}}); err != nil {
		_, rerr := stream.CloseAndRecv()
		return nil, importErr(field, path, rerr)
	}
	buf := make([]byte, 1<<20)
	for {
		n, rerr := f.Read(buf)
		if n > 0 {
			chunk := append([]byte(nil), buf[:n]...)
			if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Chunk{Chunk: chunk}}); err != nil {
				_, cerr := stream.CloseAndRecv()
				return nil, importErr(field, path, cerr)
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return nil, apierr.InvalidArgument(apierr.Violation{Field: field, Description: fmt.Sprintf("cannot read %s: %v", path, unwrapPath(rerr))})
		}
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, importErr(field, path, err)
	}
	if resp.GetImported() == 0 && resp.GetDuplicates() == 0 {
		detail := ""
		if is := resp.GetIssues(); len(is) > 0 {
			detail = fmt.Sprintf(" (first problem at %s: %s)", is[0].GetLocation(), is[0].GetReason())
		}
		return nil, apierr.InvalidArgument(apierr.Violation{Field: field,
			Description: fmt.Sprintf("%s holds no tool definitions%s: give MCP tools/list, OpenAI tools, OpenAPI or TDScaling JSONL", path, detail)})
	}
	return resp, nil
}

func importErr(field, path string, err error) error {
	if st, ok := status.FromError(err); ok && (st.Code() == codes.InvalidArgument || st.Code() == codes.FailedPrecondition) {
		msg := st.Message()
		if !strings.Contains(msg, path) {
			msg = path + ": " + msg
		}
		return apierr.InvalidArgument(apierr.Violation{Field: field, Description: msg})
	}
	return dependency("cluster", err)
}

func dependency(name string, err error) error {
	if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown {
		if st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded {
			return apierr.New(codes.Unavailable, errorsv1.ErrorReason_ERROR_REASON_DEPENDENCY_UNAVAILABLE,
				"the %s service is unavailable: %s", name, st.Message())
		}
		return err
	}
	return apierr.New(codes.Unavailable, errorsv1.ErrorReason_ERROR_REASON_DEPENDENCY_UNAVAILABLE, "the %s service: %v", name, err)
}
