package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
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
	"github.com/tdscaling/tdscaling/platform/dirlock"
	"github.com/tdscaling/tdscaling/platform/fscap"
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
		return apierr.Invalid(apierr.Violation{Field: "spec", Description: "required"})
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
	vs = append(vs, strategyViolations("spec.strategy", spec.GetStrategy())...)
	if spec.CodeToolShare != nil {
		if s := spec.GetCodeToolShare(); math.IsNaN(s) || s < 0 || s > 1 {
			bad("code_tool_share", "want a fraction in [0, 1], got %g", s)
		}
	}
	vs = append(vs, budgetViolations("spec.budget", spec.GetBudget())...)
	// In a fixed role order, so a spec's problems read the same each time.
	eps := roleEndpoints(spec.GetRoles())
	for _, role := range slices.Sorted(maps.Keys(eps)) {
		ep := eps[role]
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
		return apierr.Invalid(vs...)
	}
	return nil
}

// strategyViolations checks a job's strategy spec (field names it).
func strategyViolations(field string, st *evolvev1.StrategySpec) []apierr.Violation {
	var vs []apierr.Violation
	bad := func(f, format string, a ...any) {
		vs = append(vs, apierr.Violation{Field: field + f, Description: fmt.Sprintf(format, a...)})
	}
	switch st.GetStrategy() {
	case evolvev1.Strategy_STRATEGY_UNSPECIFIED, evolvev1.Strategy_STRATEGY_TDSCALING, evolvev1.Strategy_STRATEGY_UNIFORM:
	default:
		bad(".strategy", "unknown strategy %v: choose STRATEGY_TDSCALING or STRATEGY_UNIFORM", st.GetStrategy())
	}
	if st.GetAlpha() < 0 || st.GetBeta() < 0 || st.GetWindow() < 0 || st.GetBaseComplexity() < 0 || st.GetMaxClusters() < 0 {
		bad("", "alpha, beta, window, base_complexity and max_clusters must not be negative")
	}
	if st.GetMaxRequestsPerRecord() < 0 {
		bad(".max_requests_per_record", "want at least 1 request per record, or 0 for the default (3), got %d", st.GetMaxRequestsPerRecord())
	}
	for _, share := range []float64{st.GetMaxDomainShare(), st.GetMaxSignatureShare()} {
		if share < 0 || share > 1 {
			bad("", "max_domain_share and max_signature_share are fractions in [0, 1]")
		}
	}
	return vs
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
	spec = withBudgetDefaults(spec)
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
	dir, created, lock, err := e.outputDir(id, spec.GetOutputDir())
	if err != nil {
		return nil, err
	}
	undo := func() {
		if created {
			_ = os.RemoveAll(dir)
		}
		lock.Release()
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
	if err := e.resolveCorpus(asOwner(ctx, owner), job); err != nil {
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
	e.holdLock(id, lock)
	// This replica holds the job's directory, so it writes the dataset;
	// should its lease be refused, the directory goes to whoever holds it.
	if err := e.own(ctx, id); err != nil {
		e.log.WarnContext(ctx, "the new job's dataset is left to another replica", "job", id, "err", err)
		e.closeSink(id)
	}
	if err := e.announce(ctx, job); err != nil {
		// The job is stored: Resume announces it when the gateway restarts.
		e.log.WarnContext(ctx, "job stored but not yet announced", "job", id, "err", err)
	}
	e.log.InfoContext(ctx, "job created", "job", id, "target", spec.GetTargetRecords(), "corpus", job.GetCorpusId(), "out", dir)
	return job, nil
}

// outputDir resolves, claims and locks the job's dataset directory: it must
// lie beneath the data directory's jobs/ or an export root, must not already
// hold a finished dataset or files the job did not write, and no other
// process may be writing it. The lock is held until the job's sink closes.
func (e *Engine) outputDir(id, dir string) (string, bool, *dirlock.Lock, error) {
	field := "spec.output_dir"
	if dir == "" {
		if e.cfg.DataDir == "" {
			return "", false, nil, apierr.Invalid(apierr.Violation{Field: field, Description: "required: this gateway has no data directory for datasets"})
		}
		abs, err := filepath.Abs(filepath.Join(e.cfg.DataDir, "jobs", id))
		if err != nil {
			return "", false, nil, err
		}
		dir = abs
	} else if !filepath.IsAbs(dir) {
		return "", false, nil, apierr.Invalid(apierr.Violation{Field: field, Description: "give an absolute path (clients resolve relative ones where they run), or leave it empty for the gateway's data directory"})
	}
	abs, created, err := e.exportRoots.MkdirAll(filepath.Clean(dir), 0o755)
	if err != nil {
		e.log.Info("output directory refused", "field", field, "reason", fscap.Reason(err))
		return "", false, nil, errNotWritable(field)
	}
	undo := func() {
		if created {
			_ = os.Remove(abs)
		}
	}
	if _, err := os.Lstat(filepath.Join(abs, dataset.FileTrajectories)); err == nil {
		undo()
		return "", false, nil, refuse(ErrExists, errorsv1.ErrorReason_ERROR_REASON_ALREADY_EXISTS,
			"output directory %s already holds a dataset: choose another directory or remove it", abs)
	}
	if busy, err := e.dirInUse(abs); err != nil {
		undo()
		return "", false, nil, err
	} else if busy != "" {
		undo()
		return "", false, nil, refuse(ErrConflict, errorsv1.ErrorReason_ERROR_REASON_JOB_STATE_CONFLICT,
			"output directory %s belongs to unfinished job %s with other settings: resume that job, cancel it, or choose another directory", abs, busy)
	}
	lock, err := dirlock.Claim(abs, dataset.Names())
	if err != nil {
		undo()
		return "", false, nil, lockErr(field, err)
	}
	// Rows left by an earlier, cancelled or failed job in this directory are
	// not this job's; anything else in .parts is nobody's to delete.
	if err := dataset.RemoveParts(abs); err != nil {
		lock.Release()
		return "", false, nil, lockErr(field, err)
	}
	return abs, created, lock, nil
}

// errNotWritable is the one answer for an output directory the gateway may
// not use, whatever the reason: it tells nothing about the path.
func errNotWritable(field string) error {
	return refuse(ErrDenied, errorsv1.ErrorReason_ERROR_REASON_PERMISSION_DENIED,
		"%s: this server does not write there: leave it empty for the server's data directory, or name a directory under one of its export roots (--gateway.export.roots)", field)
}

// errNotReadable is the one answer for a corpus path the gateway may not
// read, whatever the reason: missing, a directory, unreadable, outside the
// import roots, a symlink leading out, a FIFO, too large.
func errNotReadable(field string) error {
	return refuse(ErrDenied, errorsv1.ErrorReason_ERROR_REASON_PERMISSION_DENIED,
		"%s: this server does not read that path: upload the corpus (UploadCorpus; tds synth --server does) and name its corpus_id, or name a file under one of the server's import roots (--gateway.corpus.roots)", field)
}

func lockErr(field string, err error) error {
	var held *dirlock.HeldError
	var foreign *dirlock.ForeignError
	switch {
	case errors.As(err, &held):
		return refuse(ErrConflict, errorsv1.ErrorReason_ERROR_REASON_JOB_STATE_CONFLICT,
			"%s: %v: wait for it to finish, stop it, or choose another directory", field, held)
	case errors.As(err, &foreign):
		return refuse(ErrConflict, errorsv1.ErrorReason_ERROR_REASON_ALREADY_EXISTS,
			"%s: %v: move them away or choose another directory (a job never overwrites files it did not write)", field, foreign)
	}
	return apierr.Invalid(apierr.Violation{Field: field, Description: fmt.Sprintf("cannot use it: %v", unwrapPath(err))})
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
	eps := roleEndpoints(roles)
	for _, role := range slices.Sorted(maps.Keys(eps)) {
		ep := eps[role]
		if ep == nil {
			continue
		}
		end := llm.FromProto(ep).WithDefaults()
		if end.Provider == llm.ProviderSim {
			continue
		}
		if err := llm.Probe(ctx, e.cfg.HTTP, end.BaseURL); err != nil {
			return refuse(ErrUnreachable, errorsv1.ErrorReason_ERROR_REASON_LLM_UNAVAILABLE,
				"spec.roles.%s.base_url: cannot reach %s (%v): start the server or fix the address", role, end.BaseURL, err)
		}
	}
	return nil
}

// resolveCorpus imports the spec's corpus files into the cluster service (or
// finds the named corpus) and builds its clusters.
func (e *Engine) resolveCorpus(ctx context.Context, job *jobv1.Job) error {
	c := job.GetSpec().GetCorpus()
	corpusID := c.GetCorpusId()
	if corpusID == "" {
		// Every file is opened (and checked) before any is imported, so a
		// refused extra path leaves no corpus behind.
		paths := append([]string{c.GetPath()}, c.GetExtraPaths()...)
		files := make([]*fscap.File, 0, len(paths))
		defer func() {
			for _, f := range files {
				_ = f.Close()
			}
		}()
		fields := make([]string, len(paths))
		for i, p := range paths {
			fields[i] = "spec.corpus.path"
			if i > 0 {
				fields[i] = fmt.Sprintf("spec.corpus.extra_paths[%d]", i-1)
			}
			f, err := e.openCorpus(ctx, p, fields[i])
			if err != nil {
				return err
			}
			files = append(files, f)
		}
		for i, f := range files {
			hdr := &clusterv1.ImportHeader{CorpusId: corpusID, Source: paths[i]}
			if corpusID == "" {
				hdr.CorpusName = strings.TrimSuffix(filepath.Base(paths[i]), filepath.Ext(paths[i]))
			}
			resp, err := e.importStream(ctx, f, hdr, fields[i])
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
			return refuse(ErrNotFound, errorsv1.ErrorReason_ERROR_REASON_CORPUS_NOT_FOUND,
				"spec.corpus.corpus_id: no corpus %q in the cluster service", corpusID)
		}
	}
	build, err := e.cfg.Cluster.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: corpusID, Options: job.GetSpec().GetClustering()})
	if err != nil {
		if st, ok := status.FromError(err); ok && st.Code() == codes.InvalidArgument {
			return apierr.Invalid(apierr.Violation{Field: "spec.clustering", Description: st.Message()})
		}
		return dependency("cluster", err)
	}
	if build.GetClusterCount() == 0 {
		return refuse(ErrConflict, errorsv1.ErrorReason_ERROR_REASON_NO_CLUSTERS,
			"spec.corpus: the corpus's %d tools form no business cluster: give a corpus with related tools", build.GetToolCount())
	}
	job.CorpusId = corpusID
	job.ClusteringId = build.GetClusteringId()
	return nil
}

// openCorpus opens a corpus file named by a job spec: an absolute path to a
// regular file beneath an import root, within the size limit. Anything else
// gets the one answer that tells nothing (the reason goes to the log).
func (e *Engine) openCorpus(ctx context.Context, path, field string) (*fscap.File, error) {
	if !filepath.IsAbs(path) {
		return nil, apierr.Invalid(apierr.Violation{Field: field, Description: "give an absolute path (clients resolve relative ones where they run, or upload the file)"})
	}
	f, err := e.importRoots.OpenRegular(path, e.maxCorpusBytes())
	if err != nil {
		e.log.InfoContext(ctx, "corpus path refused", "field", field, "reason", fscap.Reason(err))
		return nil, errNotReadable(field)
	}
	return f, nil
}

// importStream sends r to the cluster service as one import (hdr first).
// More than the corpus size limit, or a read error, abandons the import: the
// stream is cancelled, so the cluster service keeps nothing of it.
func (e *Engine) importStream(ctx context.Context, r io.Reader, hdr *clusterv1.ImportHeader, field string) (*clusterv1.ImportToolsResponse, error) {
	path := hdr.GetSource()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := e.cfg.Cluster.ImportTools(ctx)
	if err != nil {
		return nil, dependency("cluster", err)
	}
	if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Header{Header: hdr}}); err != nil {
		_, rerr := stream.CloseAndRecv()
		return nil, importErr(field, path, rerr)
	}
	limit := e.maxCorpusBytes()
	buf := make([]byte, 1<<20)
	limited := io.LimitReader(r, limit+1)
	var sent int64
	for {
		n, rerr := limited.Read(buf)
		if sent += int64(n); sent > limit {
			return nil, errTooLarge(field, limit)
		}
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
			if _, ok := status.FromError(rerr); ok {
				return nil, rerr
			}
			return nil, apierr.Invalid(apierr.Violation{Field: field, Description: fmt.Sprintf("cannot read %s: %v", path, unwrapPath(rerr))})
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
		return nil, apierr.Invalid(apierr.Violation{Field: field,
			Description: fmt.Sprintf("%s holds no tool definitions%s: give MCP tools/list, OpenAI tools, OpenAPI or TDScaling JSONL", path, detail)})
	}
	return resp, nil
}

func errTooLarge(field string, limit int64) error {
	return refuse(ErrTooLarge, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT,
		"%s: the corpus is larger than this server's limit of %d bytes (--gateway.corpus.max_bytes)", field, limit)
}

func importErr(field, path string, err error) error {
	if st, ok := status.FromError(err); ok && (st.Code() == codes.InvalidArgument || st.Code() == codes.FailedPrecondition) {
		msg := st.Message()
		if !strings.Contains(msg, path) {
			msg = path + ": " + msg
		}
		return apierr.Invalid(apierr.Violation{Field: field, Description: msg})
	}
	return dependency("cluster", err)
}

func dependency(name string, err error) error {
	if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown {
		if st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded {
			return refuse(ErrUnavailable, errorsv1.ErrorReason_ERROR_REASON_DEPENDENCY_UNAVAILABLE,
				"the %s service is unavailable: %s", name, st.Message())
		}
		return err
	}
	return refuse(ErrUnavailable, errorsv1.ErrorReason_ERROR_REASON_DEPENDENCY_UNAVAILABLE, "the %s service: %v", name, err)
}
