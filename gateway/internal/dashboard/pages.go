package dashboard

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

func (h *handler) jobs(w http.ResponseWriter, r *http.Request, owner string) error {
	list, err := h.cfg.Jobs.List(r.Context(), owner, jobv1.JobState_JOB_STATE_UNSPECIFIED)
	if err != nil {
		return err
	}
	rows := make([]jobView, 0, len(list))
	for _, j := range list {
		rows = append(rows, newJobView(j))
	}
	return h.render(w, "jobs.html", rows)
}

func (h *handler) job(w http.ResponseWriter, r *http.Request, owner string) error {
	id := r.PathValue("id")
	job, err := h.cfg.Jobs.Get(r.Context(), owner, id)
	if err != nil {
		return err
	}
	trace, err := h.cfg.Jobs.TraceID(r.Context(), owner, id)
	if err != nil {
		return err
	}
	lv, err := h.liveView(r, owner, job, nil)
	if err != nil {
		return err
	}
	return h.render(w, "job.html", jobPage{Job: lv.Job, Spec: job.GetSpec(), Trace: trace, TraceURL: traceLink(h.cfg.TraceURL, trace), Live: lv})
}

// traceLink fills the link pattern with the trace id.
func traceLink(pattern, trace string) string {
	if pattern == "" || trace == "" {
		return ""
	}
	return strings.ReplaceAll(pattern, "{trace_id}", trace)
}

// liveEvery is the least time between two updates of a live page.
const liveEvery = time.Second

// live streams the job's live section as server-sent events ("live", then
// "end" once the job has ended): one update at most every liveEvery, the
// latest state each time.
func (h *handler) live(w http.ResponseWriter, r *http.Request, owner string) error {
	id := r.PathValue("id")
	ctx := r.Context()
	if _, err := h.cfg.Jobs.Get(ctx, owner, id); err != nil {
		return err
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		return fmt.Errorf("the response cannot stream")
	}
	var (
		mu     sync.Mutex
		latest *jobv1.Job
	)
	changed := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- h.cfg.Jobs.Watch(ctx, owner, id, func(j *jobv1.Job) error {
			mu.Lock()
			latest = j
			mu.Unlock()
			select {
			case changed <- struct{}{}:
			default:
			}
			return nil
		})
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	flusher.Flush()
	seq := 0
	var seen history
	send := func(event string) error {
		mu.Lock()
		j := latest
		mu.Unlock()
		if j == nil {
			return nil
		}
		seen.add(j.GetProgress())
		lv, err := h.liveView(r, owner, j, seen)
		if err != nil {
			return err
		}
		seq++
		lv.Seq = seq
		var b strings.Builder
		if err := h.pages.ExecuteTemplate(&b, "live.html", lv); err != nil {
			return err
		}
		if err := writeEvent(w, event, b.String()); err != nil {
			return err
		}
		flusher.Flush()
		return nil
	}
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	var last time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.cfg.Stop:
			_ = writeEvent(w, "end", "the gateway is stopping")
			flusher.Flush()
			return nil
		case err := <-done:
			// The job ended (or the watch failed): one last update.
			if err := send("live"); err != nil {
				return err
			}
			msg := ""
			if err != nil {
				_, msg = h.httpError(ctx, err)
			}
			_ = writeEvent(w, "end", msg)
			flusher.Flush()
			return nil
		case <-changed:
			if wait := liveEvery - time.Since(last); wait > 0 {
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return nil
				}
			}
			last = time.Now()
			if err := send("live"); err != nil {
				return err
			}
		case <-keepAlive.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return nil
			}
			flusher.Flush()
		}
	}
}

// writeEvent writes one server-sent event; each line of data is a data field.
func writeEvent(w http.ResponseWriter, event, data string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "event: %s\n", event)
	for _, line := range strings.Split(data, "\n") {
		fmt.Fprintf(&b, "data: %s\n", strings.TrimRight(line, "\r"))
	}
	b.WriteString("\n")
	_, err := w.Write([]byte(b.String()))
	return err
}

// liveView gathers what the live section shows: the job, evolve's report
// and the record files' summaries.
func (h *handler) liveView(r *http.Request, owner string, job *jobv1.Job, seen history) (liveView, error) {
	report, err := h.cfg.Jobs.Report(r.Context(), owner, job.GetId())
	if err != nil {
		return liveView{}, err
	}
	accPath, rejPath := recordFiles(job)
	lv := liveView{Job: newJobView(job)}
	if accPath != "" {
		acc := h.index.get(accPath, kindAccepted)
		acc.mu.Lock()
		err := acc.refresh()
		if err == nil && acc.realism != nil && len(acc.rows) > 0 {
			lv.Realism = realismRows(acc.realism.Report().Proto())
			lv.RealismRecords = len(acc.rows)
		}
		acc.mu.Unlock()
		if err != nil {
			return liveView{}, err
		}
		rej := h.index.get(rejPath, kindRejected)
		rej.mu.Lock()
		err = rej.refresh()
		examples := map[string]row{}
		for _, rw := range rej.rows {
			if len(rw.Reasons) > 0 {
				if _, ok := examples[rw.Reasons[0]]; !ok {
					examples[rw.Reasons[0]] = rw
				}
			}
		}
		rej.mu.Unlock()
		if err != nil {
			return liveView{}, err
		}
		lv.Rejections = rejectionViews(job, report, examples)
	}
	lv.Charts = charts(job, report, seen)
	if report != nil {
		lv.Domains = BarChart{ID: "chart-domains", Title: "Domains of accepted records", Bars: bars(report.GetDomains()), Max: 12}.SVG()
		lv.Signatures = BarChart{ID: "chart-signatures", Title: "Reasoning-mode signatures of accepted records", Bars: bars(report.GetSignatures()), Max: 12}.SVG()
		lv.Baseline = report.GetUniformBaseline()
		lv.Attempts = report.GetAttempts()
	}
	return lv, nil
}

func bars(cs []*evolvev1.Count) []Bar {
	out := make([]Bar, 0, len(cs))
	for _, c := range cs {
		out = append(out, Bar{Label: c.GetKey(), Count: c.GetCount()})
	}
	return out
}

// charts are the live page's curves: accepted and rejected over time, the
// entropies against the uniform baseline, and CAC, over accepted records.
func charts(job *jobv1.Job, report *evolvev1.Report, seen history) []LineChart {
	start := job.GetCreatedAt().AsTime()
	var acc, rej, hdom, hmode, hreq, cmean, cp50, cp90 []Point
	// evolve samples its curve every hundredth of the target; the progress
	// a live page has seen fills in between.
	curve := slices.Clone(report.GetCurve())
	sampled := map[int64]bool{}
	for _, s := range curve {
		sampled[s.GetAccepted()] = true
	}
	for _, p := range seen {
		if p.GetAccepted() > 0 && !sampled[p.GetAccepted()] {
			sampled[p.GetAccepted()] = true
			curve = append(curve, &evolvev1.Snapshot{Accepted: p.GetAccepted(), Rejected: p.GetRejected(), At: p.GetAt(),
				HDom: p.GetHDom(), HMode: p.GetHMode(), HRequest: p.GetHRequest(), CacMean: p.GetCacMean(), CacP90: p.GetCacP90()})
		}
	}
	slices.SortStableFunc(curve, func(a, b *evolvev1.Snapshot) int {
		return cmp.Or(cmp.Compare(a.GetAccepted(), b.GetAccepted()), a.GetAt().AsTime().Compare(b.GetAt().AsTime()))
	})
	for _, s := range curve {
		t := s.GetAt().AsTime().Sub(start).Seconds()
		a := float64(s.GetAccepted())
		acc = append(acc, Point{t, a})
		rej = append(rej, Point{t, float64(s.GetRejected())})
		hdom = append(hdom, Point{a, s.GetHDom()})
		hmode = append(hmode, Point{a, s.GetHMode()})
		hreq = append(hreq, Point{a, s.GetHRequest()})
		cmean = append(cmean, Point{a, s.GetCacMean()})
		if s.GetCacP50() > 0 { // progress carries no median
			cp50 = append(cp50, Point{a, s.GetCacP50()})
		}
		cp90 = append(cp90, Point{a, s.GetCacP90()})
	}
	// The curve is sampled every hundredth of the target; the latest
	// progress carries the lines to now.
	if p := job.GetProgress(); p.GetAt() != nil && p.GetAccepted()+p.GetRejected() > 0 {
		t := p.GetAt().AsTime().Sub(start).Seconds()
		if len(acc) == 0 || t > acc[len(acc)-1].X {
			acc = append(acc, Point{t, float64(p.GetAccepted())})
			rej = append(rej, Point{t, float64(p.GetRejected())})
		}
		if a := float64(p.GetAccepted()); a > 0 && (len(hdom) == 0 || a > hdom[len(hdom)-1].X) {
			hdom = append(hdom, Point{a, p.GetHDom()})
			hmode = append(hmode, Point{a, p.GetHMode()})
			hreq = append(hreq, Point{a, p.GetHRequest()})
			cmean = append(cmean, Point{a, p.GetCacMean()})
			cp90 = append(cp90, Point{a, p.GetCacP90()})
		}
	}
	if len(acc) > 0 {
		// Every job starts from nothing at its creation.
		acc = append([]Point{{0, 0}}, acc...)
		rej = append([]Point{{0, 0}}, rej...)
	}
	entropy := LineChart{ID: "chart-entropy", Title: "Entropy over accepted records", XLabel: "accepted records", YLabel: "bits", YMin0: true,
		Series: []Series{
			{Name: "H_dom", Class: "s0", Points: hdom},
			{Name: "H_mode", Class: "s1", Points: hmode},
			{Name: "request-level", Class: "s2", Points: hreq},
		}}
	if b := report.GetUniformBaseline(); b != nil && b.GetAccepted() > 0 {
		entropy.Refs = append(entropy.Refs, Ref{Name: "H_dom of uniform sampling", Class: "s0", X: float64(b.GetAccepted()), Y: b.GetHDom()})
	}
	return []LineChart{
		{ID: "chart-progress", Title: "Accepted and rejected over time", XLabel: "seconds since the job was created", YLabel: "rollouts", YMin0: true,
			Series: []Series{{Name: "accepted", Class: "s0", Points: acc}, {Name: "rejected", Class: "bad", Points: rej}}},
		entropy,
		{ID: "chart-cac", Title: "Cumulative Action Complexity over accepted records", XLabel: "accepted records", YLabel: "CAC", YMin0: true,
			Series: []Series{{Name: "mean", Class: "s0", Points: cmean}, {Name: "p50", Class: "s1", Points: cp50, Dashed: true}, {Name: "p90", Class: "s2", Points: cp90}}},
	}
}

// history is the progress a live stream has sent, for the curves between
// evolve's samples; it keeps at most maxHistory entries, thinning the older
// half when full.
type history []*jobv1.Progress

const maxHistory = 600

func (h *history) add(p *jobv1.Progress) {
	if p == nil || p.GetAt() == nil {
		return
	}
	if n := len(*h); n > 0 {
		last := (*h)[n-1]
		if last.GetAccepted() == p.GetAccepted() && last.GetRejected() == p.GetRejected() {
			return
		}
	}
	if len(*h) >= maxHistory {
		kept := (*h)[:0]
		for i, q := range *h {
			if i >= maxHistory/2 || i%2 == 0 {
				kept = append(kept, q)
			}
		}
		*h = kept
	}
	*h = append(*h, p)
}

// rejectionViews are the rejection reasons with their counts (evolve's,
// which include near-duplicates and dead letters) and one example each from
// the rejected rollouts.
func rejectionViews(job *jobv1.Job, report *evolvev1.Report, examples map[string]row) []rejectionView {
	counts := report.GetRejections()
	if len(counts) == 0 {
		counts = job.GetProgress().GetRejections()
	}
	var out []rejectionView
	for _, c := range counts {
		v := rejectionView{Reason: c.GetKey(), Count: c.GetCount()}
		if ex, ok := examples[c.GetKey()]; ok {
			v.Example, v.Detail = ex.ID, ex.Detail
		}
		out = append(out, v)
	}
	return out
}

func (h *handler) records(w http.ResponseWriter, r *http.Request, owner string) error {
	id := r.PathValue("id")
	job, err := h.cfg.Jobs.Get(r.Context(), owner, id)
	if err != nil {
		return err
	}
	q := query{Text: clip(r.URL.Query().Get("q"), 200), Kind: r.URL.Query().Get("kind")}
	if q.Kind != kindAccepted && q.Kind != kindRejected {
		q.Kind = ""
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	accPath, rejPath := recordFiles(job)
	var matched []row
	total := 0
	for _, f := range []struct{ path, kind string }{{accPath, kindAccepted}, {rejPath, kindRejected}} {
		if f.path == "" {
			continue
		}
		fi := h.index.get(f.path, f.kind)
		fi.mu.Lock()
		err := fi.refresh()
		total += len(fi.rows)
		for _, rw := range fi.rows {
			if q.match(rw) {
				matched = append(matched, rw)
			}
		}
		fi.mu.Unlock()
		if err != nil {
			return err
		}
	}
	const perPage = 50
	pages := max(1, (len(matched)+perPage-1)/perPage)
	page = min(page, pages)
	lo := (page - 1) * perPage
	hi := min(lo+perPage, len(matched))
	return h.render(w, "records.html", recordsPage{Job: newJobView(job), Query: q, Rows: matched[lo:hi], Matched: len(matched), Total: total,
		Page: page, Pages: pages, From: lo + 1, To: hi})
}

func (h *handler) record(w http.ResponseWriter, r *http.Request, owner string) error {
	id, kind, rid := r.PathValue("id"), r.PathValue("kind"), r.PathValue("rid")
	if kind != kindAccepted && kind != kindRejected {
		return fmt.Errorf("record kind %q: %w", kind, errNotFound)
	}
	job, err := h.cfg.Jobs.Get(r.Context(), owner, id)
	if err != nil {
		return err
	}
	accPath, rejPath := recordFiles(job)
	path := accPath
	if kind == kindRejected {
		path = rejPath
	}
	if path == "" {
		return fmt.Errorf("record %s: %w", clip(rid, 60), errNotFound)
	}
	fi := h.index.get(path, kind)
	fi.mu.Lock()
	err = fi.refresh()
	var line []byte
	if err == nil {
		if i, ok := fi.byID[rid]; ok {
			line, err = fi.readRow(fi.rows[i])
		}
	}
	fi.mu.Unlock()
	if err != nil {
		return err
	}
	if line == nil {
		return fmt.Errorf("no %s record %s in job %s: %w", kind, clip(rid, 60), id, errNotFound)
	}
	page := recordPage{Job: newJobView(job), Kind: kind}
	if kind == kindRejected {
		var rej dataset.Rejected
		if err := json.Unmarshal(line, &rej); err != nil || rej.TaskID != rid {
			return fmt.Errorf("record %s changed while it was read: %w", rid, errNotFound)
		}
		page.ID = rej.TaskID
		for _, rr := range rej.Reasons {
			page.Reasons = append(page.Reasons, reasonView{Name: ReasonName(rr.Reason), Detail: rr.Detail, CallID: rr.CallID})
		}
		page.Corrections = rej.Correction
		if rej.Record != nil {
			page.fill(*rej.Record)
		}
		return h.render(w, "record.html", page)
	}
	var rec trajectory.Record
	if err := json.Unmarshal(line, &rec); err != nil || rec.ID != rid {
		return fmt.Errorf("record %s changed while it was read: %w", rid, errNotFound)
	}
	page.ID = rec.ID
	page.fill(rec)
	return h.render(w, "record.html", page)
}
