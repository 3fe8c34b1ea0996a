package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/gateway/internal/jobs"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/rungroup"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// SinkConcurrency is how many record messages the sink holds at once; rows
// of concurrent messages share one fsync.
const SinkConcurrency = 256

// Run consumes the job flow's facts until ctx is done: the dataset sink on
// "tds.record.>" and the job follower on state, progress and dead letters.
func (e *Engine) Run(ctx context.Context) error {
	if err := e.Resume(ctx); err != nil {
		return err
	}
	g, _ := rungroup.New(ctx)
	if e.cfg.Leases != nil {
		g.Go(e.cfg.Leases.Run)
	}
	g.Go(e.watchStore)
	g.Go(func(ctx context.Context) error {
		return e.cfg.Bus.Consume(ctx, events.StreamFacts, jetstream.ConsumerConfig{
			Durable:       events.ConsumerSink,
			FilterSubject: "tds.record.>",
			MaxDeliver:    -1,
			MaxAckPending: 4 * SinkConcurrency,
		}, e.handleRecord, events.ConsumeOptions{Concurrency: SinkConcurrency, Logger: e.log})
	})
	g.Go(func(ctx context.Context) error {
		return e.cfg.Bus.Consume(ctx, events.StreamFacts, jetstream.ConsumerConfig{
			Durable:        events.ConsumerGatewayJobs,
			FilterSubjects: []string{"tds.job.*.state", "tds.job.*.progress", "tds.dead.>"},
			MaxDeliver:     -1,
		}, e.handleFact, events.ConsumeOptions{Concurrency: 16, NakMax: 2 * time.Second, Logger: e.log})
	})
	g.Go(e.flushProgressLoop)
	err := g.Wait()
	e.Close()
	if e.cfg.Leases != nil {
		// A clean stop: another replica takes these jobs over now rather
		// than a time to live later.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		e.cfg.Leases.ReleaseAll(rctx)
		cancel()
	}
	return err
}

// jobOf returns the job of a subject "tds.<kind>.<job>[.<what>]".
func jobOf(subject string) string {
	parts := strings.Split(subject, ".")
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

func (e *Engine) handleRecord(ctx context.Context, m *events.Message) error {
	id := jobOf(m.Subject)
	// An open sink is a running job's: it closes when the job ends (here or,
	// through the state event, on another gateway). Otherwise the store says
	// whether the job exists and still runs.
	s := e.openSink(id)
	if s == nil || !e.owns(id) {
		ent, err := e.cfg.Store.Get(ctx, id)
		if errors.Is(err, jobs.ErrNotFound) {
			return events.Permanent(fmt.Errorf("record for unknown job %q", id))
		}
		if err != nil {
			return err
		}
		if datasetClosed(ent.Job) {
			return nil // a late redelivery: the dataset is final
		}
		if err := e.own(ctx, id); err != nil {
			return err
		}
		if s, err = e.sinkFor(ent.Job); err != nil {
			return err
		}
	}
	switch {
	case strings.HasSuffix(m.Subject, ".accepted"):
		var ev eventsv1.RecordAccepted
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		if ev.GetRecord().GetId() == "" {
			return events.Permanent(errors.New("accepted record without id"))
		}
		row, err := trajectory.MarshalProto(ev.GetRecord())
		if err != nil {
			return events.Permanent(err)
		}
		if _, err := s.accepted.Add(ctx, ev.GetRecord().GetId(), row); err != nil {
			return err
		}
		e.noteWritten(id, s.accepted.Count())
	case strings.HasSuffix(m.Subject, ".rejected"):
		var ev eventsv1.RecordRejected
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		row, err := json.Marshal(dataset.RejectedRow(ev.GetResult()))
		if err != nil {
			return events.Permanent(err)
		}
		key := ev.GetResult().GetTaskId()
		if key == "" {
			key = m.MsgID
		}
		if _, err := s.rejected.Add(ctx, key, row); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) handleFact(ctx context.Context, m *events.Message) error {
	id := jobOf(m.Subject)
	switch {
	case strings.HasSuffix(m.Subject, ".progress"):
		var ev eventsv1.JobProgressed
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		e.noteProgress(id, ev.GetProgress())
		return nil
	case strings.HasSuffix(m.Subject, ".state"):
		var ev eventsv1.JobStateChanged
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		if ev.GetStop() != nil && e.staleFinal(ctx, id, m.MsgID) {
			return nil
		}
		return e.onState(ctx, id, &ev)
	case strings.HasPrefix(m.Subject, "tds.dead."):
		var ev eventsv1.TaskDeadLettered
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		e.log.WarnContext(ctx, "task dead-lettered", "job", id, "task", ev.GetTask().GetId(), "deliveries", ev.GetDeliveries(), "err", ev.GetLastError())
		_, err := e.cfg.Store.Update(ctx, id, func(j *jobv1.Job) bool {
			if jobs.Terminal(j.GetState()) {
				return false
			}
			if j.Progress == nil {
				j.Progress = &jobv1.Progress{}
			}
			j.Progress.DeadLettered++
			return true
		})
		if errors.Is(err, jobs.ErrNotFound) {
			return nil
		}
		return err
	}
	return nil
}

func (e *Engine) onState(ctx context.Context, id string, ev *eventsv1.JobStateChanged) error {
	switch ev.GetState() {
	case jobv1.JobState_JOB_STATE_RUNNING:
		_, err := e.cfg.Store.Update(ctx, id, func(j *jobv1.Job) bool {
			if j.GetState() != jobv1.JobState_JOB_STATE_PENDING {
				return false
			}
			j.State = jobv1.JobState_JOB_STATE_RUNNING
			return true
		})
		if errors.Is(err, jobs.ErrNotFound) {
			return nil
		}
		return err
	case jobv1.JobState_JOB_STATE_SUCCEEDED, jobv1.JobState_JOB_STATE_STOPPED:
		return e.finalize(ctx, id, ev, false)
	case jobv1.JobState_JOB_STATE_FAILED:
		_, err := e.cfg.Store.Update(ctx, id, func(j *jobv1.Job) bool {
			if jobs.Terminal(j.GetState()) {
				return false
			}
			j.State, j.Reason, j.FinishedAt = jobv1.JobState_JOB_STATE_FAILED, ev.GetReason(), now()
			return true
		})
		e.closeSink(id)
		e.release(ctx, id)
		if errors.Is(err, jobs.ErrNotFound) {
			return nil
		}
		return err
	case jobv1.JobState_JOB_STATE_CANCELLED:
		// A gateway's announcement of the cancel changes nothing here: the
		// sink keeps writing the records evolve accepted before it stopped,
		// until evolve's final word (with the stop) says the dataset can
		// be written.
		if ev.GetStop() != nil {
			return e.finalize(ctx, id, ev, false)
		}
	}
	return nil
}

// staleFinal says whether evolve's final word with message id msgID is of
// a run of the job that a resume has since continued (its id ends in
// "/r<resumes>" after a resume), so that it finalises nothing now.
func (e *Engine) staleFinal(ctx context.Context, id, msgID string) bool {
	ent, err := e.cfg.Store.Get(ctx, id)
	if err != nil || ent.Job.GetResumes() == 0 {
		return false
	}
	var gen int32
	if i := strings.LastIndex(msgID, "/r"); i >= 0 {
		if n, err := strconv.Atoi(msgID[i+2:]); err == nil {
			gen = int32(n)
		}
	}
	return gen < ent.Job.GetResumes()
}

// datasetClosed says whether the sink takes no more records for job: its
// dataset is written (a SUCCEEDED job's always is, also one stored before
// dataset_written existed), or it failed.
func datasetClosed(job *jobv1.Job) bool {
	switch job.GetState() {
	case jobv1.JobState_JOB_STATE_FAILED, jobv1.JobState_JOB_STATE_SUCCEEDED:
		return true
	}
	return job.GetDatasetWritten()
}

// finalize writes the final dataset once the sink holds every accepted record
// evolve counted (until then it asks for redelivery; with force it writes
// what the sink holds), and sets the job's final state from ev: SUCCEEDED
// at the target, STOPPED by a budget or the breaker, CANCELLED kept. A
// dataset short of its target is marked partial.
func (e *Engine) finalize(ctx context.Context, id string, ev *eventsv1.JobStateChanged, force bool) error {
	ent, err := e.cfg.Store.Get(ctx, id)
	if errors.Is(err, jobs.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if finalized(ent.Job) {
		return nil
	}
	// The dataset's last writes are its owner's.
	if err := e.own(ctx, id); err != nil {
		return err
	}
	resp, err := e.cfg.Evolve.GetReport(ctx, &evolvev1.GetReportRequest{JobId: id})
	var report *evolvev1.Report
	switch {
	case err == nil:
		report = resp.GetReport()
	case force && status.Code(err) == codes.NotFound:
		report = &evolvev1.Report{JobId: id, Final: &evolvev1.Snapshot{}} // cancelled before evolve saw it
	default:
		return events.RetryAfter(fmt.Errorf("evolve GetReport: %w", err), time.Second)
	}
	s, err := e.sinkFor(ent.Job)
	if err != nil {
		return err
	}
	want := report.GetFinal().GetAccepted()
	have := int64(s.accepted.Count())
	if have < want && !force {
		return events.RetryAfter(fmt.Errorf("job %s: sink holds %d of %d accepted records", id, have, want), 300*time.Millisecond)
	}
	if have > want {
		e.log.Error("the sink holds more records than evolve accepted", "job", id, "sink", have, "evolve", want)
	}
	state := ev.GetState()
	if ent.Job.GetState() == jobv1.JobState_JOB_STATE_CANCELLED {
		state = jobv1.JobState_JOB_STATE_CANCELLED
	}
	stop := ev.GetStop()
	if stop == nil {
		stop = report.GetStop()
	}
	reason := ent.Job.GetReason()
	if state != jobv1.JobState_JOB_STATE_CANCELLED || reason == "" {
		reason = ev.GetReason()
	}
	target := ent.Job.GetSpec().GetTargetRecords()
	// The job as the card describes it: its final state and why.
	final := proto.Clone(ent.Job).(*jobv1.Job)
	final.State, final.Reason, final.Stop, final.Partial = state, reason, stop, have < target

	// The last writes of the job: the dataset files, then its final state.
	// Should the process die during them, its successor takes this message
	// over as it starts, rather than one ack wait later.
	events.RecordHeld(ctx)
	ctx, span := e.tracer.Start(ctx, "finalize dataset", trace.WithAttributes(
		attribute.String("tds.job.id", id), attribute.Int64("tds.dataset.records", have)))
	defer span.End()
	sum, err := dataset.Finalize(s.dir, s.accepted.Path(), s.rejected.Path(), final, report, ent.Job.GetSpec().GetFormats())
	if err != nil {
		span.RecordError(err)
		span.SetStatus(otelcodes.Error, err.Error())
		return fmt.Errorf("job %s: write dataset: %w", id, err)
	}
	_, err = e.cfg.Store.Update(ctx, id, func(j *jobv1.Job) bool {
		if finalized(j) {
			return false
		}
		j.Progress = finalProgress(j, report, int64(sum.Records))
		if j.GetState() != jobv1.JobState_JOB_STATE_CANCELLED {
			j.State, j.Reason, j.FinishedAt = state, reason, now()
		}
		j.Stop, j.Partial, j.DatasetWritten = stop, int64(sum.Records) < j.Progress.Target, true
		return true
	})
	if err != nil {
		return err
	}
	e.closeSink(id)
	e.forgetProgress(id)
	if err := dataset.RemoveParts(s.dir); err != nil {
		e.log.WarnContext(ctx, "rows of the finished dataset left in place", "job", id, "err", err)
	}
	e.release(ctx, id)
	e.log.InfoContext(ctx, "job finished", "job", id, "state", stateName(state), "records", sum.Records, "dir", s.dir, "reason", reason)
	return nil
}

// finalized says whether job needs no finalizing: its dataset is closed, or
// it ended otherwise than cancelled (a cancelled job's dataset is still written).
func finalized(job *jobv1.Job) bool {
	return datasetClosed(job) || (jobs.Terminal(job.GetState()) && job.GetState() != jobv1.JobState_JOB_STATE_CANCELLED)
}

// finalProgress is job's progress once its dataset of written records is
// final: evolve's final figures, nothing in flight, no time left.
func finalProgress(job *jobv1.Job, report *evolvev1.Report, written int64) *jobv1.Progress {
	p := job.GetProgress()
	if p == nil {
		p = &jobv1.Progress{}
	}
	f := report.GetFinal()
	p.Target = job.GetSpec().GetTargetRecords()
	p.Accepted, p.Rejected, p.Written, p.InFlight = f.GetAccepted(), f.GetRejected(), written, 0
	p.HDom, p.HMode, p.CacMean, p.CacP90 = f.GetHDom(), f.GetHMode(), f.GetCacMean(), f.GetCacP90()
	p.HRequest, p.RequestsPerRecord = f.GetHRequest(), f.GetRequestsPerRecord()
	p.NearDuplicateRate = report.GetNearDuplicateRate()
	p.Rejections = report.GetRejections()
	if report.GetUsage() != nil {
		p.Usage = report.GetUsage()
	}
	p.Eta = durationpb.New(0)
	p.At = now()
	return p
}

// progressState is the latest progress of a running job, written to the
// store at most every ProgressEvery.
type progressState struct {
	fromEvolve *jobv1.Progress
	written    int64
	dirty      bool
	samples    []sample
}

type sample struct {
	at       time.Time
	accepted int64
}

func (e *Engine) noteProgress(id string, p *jobv1.Progress) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ps := e.progressOf(id)
	if ps.fromEvolve == nil || p.GetAt().AsTime().After(ps.fromEvolve.GetAt().AsTime()) || p.GetAccepted() >= ps.fromEvolve.GetAccepted() {
		ps.fromEvolve = proto.Clone(p).(*jobv1.Progress)
		ps.dirty = true
	}
}

func (e *Engine) noteWritten(id string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ps := e.progressOf(id)
	if int64(n) != ps.written {
		ps.written = int64(n)
		ps.dirty = true
	}
}

func (e *Engine) progressOf(id string) *progressState {
	ps, ok := e.progress[id]
	if !ok {
		ps = &progressState{}
		e.progress[id] = ps
	}
	return ps
}

func (e *Engine) forgetProgress(id string) {
	e.mu.Lock()
	delete(e.progress, id)
	e.mu.Unlock()
}

func (e *Engine) flushProgressLoop(ctx context.Context) error {
	t := time.NewTicker(e.cfg.ProgressEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		type pending struct {
			id      string
			p       *jobv1.Progress
			written int64
		}
		var todo []pending
		nowT := time.Now()
		e.mu.Lock()
		for id, ps := range e.progress {
			if !ps.dirty {
				continue
			}
			ps.dirty = false
			p := &jobv1.Progress{}
			if ps.fromEvolve != nil {
				p = proto.Clone(ps.fromEvolve).(*jobv1.Progress)
			}
			// Rate over the last 30 s of accepted counts, when evolve gives none.
			ps.samples = append(ps.samples, sample{nowT, max(p.GetAccepted(), ps.written)})
			for len(ps.samples) > 2 && nowT.Sub(ps.samples[0].at) > 30*time.Second {
				ps.samples = ps.samples[1:]
			}
			if p.GetRate() == 0 && len(ps.samples) >= 2 {
				first, last := ps.samples[0], ps.samples[len(ps.samples)-1]
				if dt := last.at.Sub(first.at).Seconds(); dt > 0 {
					p.Rate = float64(last.accepted-first.accepted) / dt
				}
			}
			todo = append(todo, pending{id, p, ps.written})
		}
		e.mu.Unlock()
		for _, t := range todo {
			_, err := e.cfg.Store.Update(ctx, t.id, func(j *jobv1.Job) bool {
				if jobs.Terminal(j.GetState()) {
					return false
				}
				p := t.p
				p.Target = j.GetSpec().GetTargetRecords()
				p.Written = t.written
				p.DeadLettered = max(p.GetDeadLettered(), j.GetProgress().GetDeadLettered())
				if p.GetEta() == nil && p.GetRate() > 0 {
					left := float64(p.Target - max(p.GetAccepted(), p.Written))
					p.Eta = durationpb.New(time.Duration(max(left, 0) / p.GetRate() * float64(time.Second)))
				}
				if p.At == nil {
					p.At = now()
				}
				j.Progress = p
				if j.GetState() == jobv1.JobState_JOB_STATE_PENDING && p.GetAccepted()+p.GetRejected()+p.GetInFlight() > 0 {
					j.State = jobv1.JobState_JOB_STATE_RUNNING
				}
				return true
			})
			if err != nil && !errors.Is(err, jobs.ErrNotFound) && ctx.Err() == nil {
				e.log.Warn("progress not stored", "job", t.id, "err", err)
			}
		}
	}
}
