package dataset

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/realism"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// Summary is what the records themselves say, for the dataset card.
type Summary struct {
	Records  int
	Verified int
	// Models maps a role to the models that played it.
	Models map[string][]string
	Usage  llm.Totals
	// Realism is the realism report of the accepted records.
	Realism realism.Report
}

func newSummary() *Summary { return &Summary{Models: map[string][]string{}} }

func (s *Summary) add(r trajectory.Record) error {
	s.Records++
	var v trajectory.Verdict
	if json.Unmarshal(r.Verdict, &v) == nil && v.Passed {
		s.Verified++
	}
	var u trajectory.Usage
	if json.Unmarshal(r.Usage, &u) == nil {
		s.Usage.PromptTokens += u.PromptTokens
		s.Usage.CompletionTokens += u.CompletionTokens
		s.Usage.Calls += u.LLMCalls
	}
	var p trajectory.Provenance
	if json.Unmarshal(r.Provenance, &p) == nil {
		for role, model := range p.Models {
			if !slices.Contains(s.Models[role], model) {
				s.Models[role] = append(s.Models[role], model)
			}
		}
	}
	return nil
}

// Finalize writes the dataset's final files into dir from the parts and the
// evolve report, each atomically: trajectories.jsonl always, the others as
// formats asks (empty: all). The accepted records are read once, for the
// summary, the realism report (added to report.json and the card) and
// every file made from them; trajectories.jsonl comes last, so its
// presence means the dataset is whole.
func Finalize(dir string, accepted, rejected string, job *jobv1.Job, report *evolvev1.Report, formats []jobv1.DatasetFormat) (Summary, error) {
	want := func(f jobv1.DatasetFormat) bool {
		return len(formats) == 0 || slices.Contains(formats, f)
	}
	sum := newSummary()
	measure := realism.New()
	adders := []func(trajectory.Record) error{sum.add, func(r trajectory.Record) error { measure.Add(r); return nil }}
	var closers []func() error
	var files []*atomicFile
	defer func() {
		for _, f := range files {
			f.abort()
		}
	}()
	create := func(name string) (*atomicFile, error) {
		f, err := createAtomic(filepath.Join(dir, name))
		if err == nil {
			files = append(files, f)
		}
		return f, err
	}
	if want(jobv1.DatasetFormat_DATASET_FORMAT_PARQUET) {
		f, err := create(FileParquet)
		if err != nil {
			return *sum, err
		}
		pw := newParquetWriter(f)
		adders, closers = append(adders, pw.add), append(closers, pw.close)
	}
	if want(jobv1.DatasetFormat_DATASET_FORMAT_SHAREGPT) {
		f, err := create(FileShareGPT)
		if err != nil {
			return *sum, err
		}
		adders = append(adders, newShareGPTWriter(f).add)
	}
	err := ReadRecords(accepted, func(r trajectory.Record) error {
		for _, add := range adders {
			if err := add(r); err != nil {
				return err
			}
		}
		return nil
	})
	for _, c := range closers {
		if err == nil {
			err = c()
		}
	}
	for _, f := range files {
		if err == nil {
			err = f.commit()
		}
	}
	if err != nil {
		return *sum, err
	}
	for _, ms := range sum.Models {
		sort.Strings(ms)
	}
	sum.Realism = measure.Report()
	report = withRealism(report, sum.Realism)
	steps := []struct {
		format jobv1.DatasetFormat
		file   string
		write  func(io.Writer) error
	}{
		{jobv1.DatasetFormat_DATASET_FORMAT_REJECTED, FileRejected, copyOrEmpty(rejected)},
		{jobv1.DatasetFormat_DATASET_FORMAT_REJECTED, FileRejectedParquet, writeRejectedParquet(rejected)},
		{jobv1.DatasetFormat_DATASET_FORMAT_REPORT, FileReport, writeReport(report)},
		{jobv1.DatasetFormat_DATASET_FORMAT_CARD, FileCard, writeCard(job, report, *sum, countLines(rejected), want(jobv1.DatasetFormat_DATASET_FORMAT_PARQUET), fileSize(filepath.Join(dir, FileParquet)))},
		{jobv1.DatasetFormat_DATASET_FORMAT_JSONL, FileTrajectories, copyFile(accepted)},
	}
	for _, st := range steps {
		if st.format != jobv1.DatasetFormat_DATASET_FORMAT_JSONL && !want(st.format) {
			continue
		}
		if st.file == FileRejectedParquet && !want(jobv1.DatasetFormat_DATASET_FORMAT_PARQUET) {
			continue // the rejected rows go as the trajectories go
		}
		if err := WriteAtomic(filepath.Join(dir, st.file), st.write); err != nil {
			return *sum, err
		}
	}
	return *sum, nil
}

// withRealism is a copy of the evolve report carrying the realism report;
// the caller's report is left as it was.
func withRealism(r *evolvev1.Report, rr realism.Report) *evolvev1.Report {
	out := &evolvev1.Report{}
	if r != nil {
		out = proto.Clone(r).(*evolvev1.Report)
	}
	out.Realism = rr.Proto()
	return out
}

func copyOrEmpty(src string) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := os.Stat(src); os.IsNotExist(err) {
			return nil
		}
		return copyFile(src)(w)
	}
}

func writeReport(r *evolvev1.Report) func(io.Writer) error {
	return func(w io.Writer) error {
		b, err := protojson.MarshalOptions{Multiline: true, Indent: "  ", EmitUnpopulated: true, UseProtoNames: true}.Marshal(r)
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
}

func writeCard(job *jobv1.Job, r *evolvev1.Report, s Summary, rejected int, parquet bool, parquetBytes int64) func(io.Writer) error {
	return func(w io.Writer) error {
		if err := writeHFMetadata(w, job, s.Records, rejected, parquet, parquetBytes); err != nil {
			return err
		}
		spec := job.GetSpec()
		name := spec.GetName()
		if name == "" {
			name = job.GetId()
		}
		f := r.GetFinal()
		p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
		p("# %s\n\n", name)
		writeAuthors(w, s.Models)
		writeStop(w, job, s.Records)
		p("%d multi-turn tool-use trajectories synthesised by TDScaling (job `%s`, finished %s). %d of them passed\n"+
			"the pipeline's verification (schema, plan conformance, outcome, and the judge where one was configured):\n"+
			"checks of structure and consistency, not of the quality of the language.\n\n",
			s.Records, job.GetId(), time.Now().UTC().Format(time.RFC3339), s.Verified)
		p("## Contents\n\n")
		p("| file | what |\n|---|---|\n")
		p("| `%s` | %d records, OpenAI chat format with tool calls (canonical) |\n", FileTrajectories, s.Records)
		p("| `%s` | the same records; messages and tools as lists of structs (a call's arguments and a tool's parameters as JSON text) |\n", FileParquet)
		p("| `%s` | the same records in LLaMA-Factory's ShareGPT function-call format |\n", FileShareGPT)
		p("| `%s` | rejected rollouts with reasons (%d) |\n", FileRejected, f.GetRejected())
		if parquet {
			p("| `%s` | the same rejected rollouts, nested as `%s` (the config `rejected`) |\n", FileRejectedParquet, FileParquet)
		}
		p("| `%s` | the evolve report: the metrics over time and the histograms |\n\n", FileReport)
		p("## Diversity\n\n")
		p("Measured from the records alone (signature grammar v%d; definitions: `docs/metrics.md` of TDScaling). H_mode counts\n"+
			"whole-conversation signatures, which grow with every combination of requests glued into one record;\n"+
			"the request-level entropy counts the structure of each request on its own.\n\n", r.GetSignatureGrammarVersion())
		p("| metric | value |\n|---|---:|\n")
		p("| Domain Entropy H_dom (bits) | %.3f |\n", f.GetHDom())
		p("| Reasoning-Mode Entropy H_mode (bits) | %.3f |\n", f.GetHMode())
		p("| request-level entropy (bits) / distinct request signatures | %.3f / %d |\n", f.GetHRequest(), f.GetDistinctRequestSignatures())
		p("| requests per record (mean) | %.2f |\n", f.GetRequestsPerRecord())
		p("| Cumulative Action Complexity mean / p50 / p90 | %.2f / %.2f / %.2f |\n", f.GetCacMean(), f.GetCacP50(), f.GetCacP90())
		p("| distinct domains / signatures | %d / %d |\n", f.GetDistinctDomains(), f.GetDistinctSignatures())
		p("| near-duplicate rate | %.4f |\n", r.GetNearDuplicateRate())
		p("| rejection rate | %.4f |\n", r.GetRejectionRate())
		if u := r.GetUniformBaseline(); u != nil {
			p("| H_dom of uniform sampling of the same clusters at %d records (seeded dry draw) | %.3f |\n", u.GetAccepted(), u.GetHDom())
		}
		p("\n")
		histogram(w, "Requests per record", r.GetRequestsPerRecord())
		histogram(w, "Domains", r.GetDomains())
		histogram(w, "Reasoning primitives", r.GetPrimitives())
		if len(r.GetCacHistogram()) > 0 {
			p("### CAC histogram\n\n| CAC | records |\n|---|---:|\n")
			for _, b := range r.GetCacHistogram() {
				p("| [%g, %g) | %d |\n", b.GetLower(), b.GetUpper(), b.GetCount())
			}
			p("\n")
		}

		writeRealism(w, r.GetRealism())
		p("## How it was made\n\n")
		// The strategy as evolve resolved it (the spec may leave it to the default).
		st := r.GetStrategy()
		if st.GetStrategy() == evolvev1.Strategy_STRATEGY_UNSPECIFIED {
			st = spec.GetStrategy()
		}
		p("- Strategy: %s", strings.ToLower(strings.TrimPrefix(st.GetStrategy().String(), "STRATEGY_")))
		if st.GetAlpha() != 0 || st.GetBeta() != 0 {
			p(" (alpha %g, beta %g)", st.GetAlpha(), st.GetBeta())
		}
		p("\n- Seed: %d\n- Target records: %d\n", spec.GetSeed(), spec.GetTargetRecords())
		if spec.CodeToolShare != nil {
			p("- Code-tool share: %g\n", spec.GetCodeToolShare())
		}
		p("- Corpus: `%s` (clustering `%s`)\n", job.GetCorpusId(), job.GetClusteringId())
		writeUsage(w, r.GetUsage(), s.Usage)
		p("- Models by role:\n")
		for _, role := range slices.Sorted(maps.Keys(s.Models)) {
			p("  - %s: %s\n", role, strings.Join(s.Models[role], ", "))
		}
		if len(s.Models) == 0 {
			p("  - (none recorded)\n")
		}
		p("\n## Licence\n\n")
		if lic := job.GetCorpusLicenses(); len(lic) > 0 {
			p("The tool definitions come from a corpus under: %s. Each record's tools keep that licence;\n"+
				"check the source corpus's terms before redistributing.\n", strings.Join(lic, ", "))
		} else {
			p("The source corpus declares no licence; check its terms before redistributing.\n")
		}
		return nil
	}
}

// writeAuthors opens the card with who wrote each role's text, and says
// plainly when the built-in sim provider wrote any of it.
func writeAuthors(w io.Writer, models map[string][]string) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	var simRoles []string
	p("| role | written by |\n|---|---|\n")
	for _, role := range slices.Sorted(maps.Keys(models)) {
		p("| %s | %s |\n", role, strings.Join(models[role], ", "))
		if slices.Contains(models[role], "sim") {
			simRoles = append(simRoles, role)
		}
	}
	if len(models) == 0 {
		p("| (no record names its models) | |\n")
	}
	p("\n")
	switch {
	case len(simRoles) > 0 && len(simRoles) == len(models):
		p("> **Not for training.** Every role was played by `sim`, TDScaling's built-in deterministic generator:\n" +
			"> no language model wrote this text. Requests, answers and tool outputs are generated from templates and\n" +
			"> value synthesis, so the data is for testing pipelines, loaders and throughput. Point each role at a\n" +
			"> model (an OpenAI-compatible server) to synthesise training data.\n\n")
	case len(simRoles) > 0:
		p("> The %s role(s) were played by `sim`, TDScaling's built-in deterministic generator: their text is\n"+
			"> templated, not written by a model. Treat this data as a pipeline test, not training data.\n\n", strings.Join(simRoles, ", "))
	}
}

func histogram(w io.Writer, title string, counts []*evolvev1.Count) {
	if len(counts) == 0 {
		return
	}
	cs := append([]*evolvev1.Count(nil), counts...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].GetCount() > cs[j].GetCount() })
	fmt.Fprintf(w, "### %s\n\n| %s | records |\n|---|---:|\n", title, strings.ToLower(strings.TrimSuffix(title, "s")))
	for _, c := range cs {
		fmt.Fprintf(w, "| %s | %d |\n", c.GetKey(), c.GetCount())
	}
	fmt.Fprintln(w)
}

// writeStop says, for a dataset short of its target, that it is partial
// and why the job stopped.
func writeStop(w io.Writer, job *jobv1.Job, records int) {
	if !job.GetPartial() {
		return
	}
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	state := strings.ToLower(strings.TrimPrefix(job.GetState().String(), "JOB_STATE_"))
	p("> **Partial dataset**: the job was %s with %d of its %d target records.\n", state, records, job.GetSpec().GetTargetRecords())
	if reason := job.GetReason(); reason != "" {
		p("> Why: %s.\n", reason)
	}
	st := job.GetStop()
	if len(st.GetTopRejections()) > 0 {
		var top []string
		for _, c := range st.GetTopRejections() {
			top = append(top, fmt.Sprintf("%s %d", c.GetKey(), c.GetCount()))
		}
		p("> Rejections: %s.\n", strings.Join(top, ", "))
	}
	if ex := st.GetExample(); ex != "" {
		p("> Example: %s\n", strings.ReplaceAll(ex, "\n", " "))
	}
	p("\n")
}

// writeUsage lists every model call of the job by role (the rejected
// rollouts' and the planner's included), with its cost when priced; a
// report without usage falls back to what the accepted records hold.
func writeUsage(w io.Writer, u *llmv1.Usage, records llm.Totals) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	if u.GetLlmCalls()+u.GetCachedCalls() == 0 {
		if records.Calls == 0 {
			p("- LLM usage: no model calls (every role was played by `sim`)\n")
			return
		}
		p("- LLM usage of the accepted records: %d calls, %d prompt + %d completion tokens\n", records.Calls, records.PromptTokens, records.CompletionTokens)
		return
	}
	p("- LLM usage, every call of the job (accepted and rejected rollouts, planner and judge included): %d calls (%d from the cache), %d prompt + %d completion tokens",
		u.GetLlmCalls(), u.GetCachedCalls(), u.GetPromptTokens(), u.GetCompletionTokens())
	if u.GetCost() > 0 {
		p(", cost %.4f", u.GetCost())
	}
	p("\n")
	for _, role := range slices.Sorted(maps.Keys(u.GetByRole())) {
		r := u.GetByRole()[role]
		if role == "" {
			role = "(unattributed)"
		}
		p("  - %s: %d calls, %d prompt + %d completion tokens", role, r.GetLlmCalls(), r.GetPromptTokens(), r.GetCompletionTokens())
		if r.GetCost() > 0 {
			p(", cost %.4f", r.GetCost())
		}
		p("\n")
	}
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
