package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/platform/natsserver"
)

// resumeBound is how long a resumed run may take in these tests. It is far
// above what the remaining records need (seconds; a minute and more on a
// loaded machine under the race detector, where 90 s ran out) and below the
// ack waits the flow's consumers had before in-progress reports (five and
// ten minutes), which a resume used to sit out: a resume that waited for
// them would still fail.
const resumeBound = 4 * time.Minute

// tdsProcess is `tds` run as its own process (this test binary in the role
// of the command), so that it can be SIGKILLed.
type tdsProcess struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{}
}

func startTDS(t *testing.T, args ...string) *tdsProcess {
	t.Helper()
	p := &tdsProcess{cmd: exec.Command(os.Args[0], args...), stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1")
	p.cmd.Stdout, p.cmd.Stderr = p.stderr, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill() })
	return p
}

// ended reports whether the process has exited.
func (p *tdsProcess) ended() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *tdsProcess) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// wait returns the exit code, or -1 after d (the process is then killed).
func (p *tdsProcess) wait(d time.Duration) int {
	select {
	case <-p.done:
	case <-time.After(d):
		p.kill()
		return -1
	}
	return p.cmd.ProcessState.ExitCode()
}

// partRows counts the rows the sink has appended for the job in dir.
func partRows(dir string) int {
	data, _ := os.ReadFile(filepath.Join(dir, ".parts", "accepted.jsonl"))
	return bytes.Count(data, []byte("\n"))
}

// tempFiles lists the temporaries of unfinished writes in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// writing reports whether dir holds a temporary of an unfinished write.
func writing(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp-") {
			return true
		}
	}
	return false
}

// heldOnDisk checks that the newest record a consumer wrote in the holders
// bucket of the suite in dir (events.RecordHeld) has reached the embedded
// NATS server's files, and names a message it holds rather than clearing
// the record. The server writes what it has taken to its files a few
// milliseconds later; a SIGKILL in between loses it. The record is read as
// the bytes of the bucket's message blocks: a key's subject, then its value
// (the ack subjects of the messages held), or a delete marker.
func heldOnDisk(dir, stream, consumer string) error {
	blocks, _ := filepath.Glob(filepath.Join(dir, ".tds", "nats", "jetstream", "*", "streams", "KV_"+events.HoldersBucket, "msgs", "*.blk"))
	index := func(path string) int {
		n, _ := strconv.Atoi(strings.TrimSuffix(filepath.Base(path), ".blk"))
		return n
	}
	slices.SortFunc(blocks, func(a, b string) int { return index(a) - index(b) })
	var data []byte
	for _, b := range blocks {
		d, _ := os.ReadFile(b)
		data = append(data, d...)
	}
	records := []byte("$KV." + events.HoldersBucket + ".")
	at := bytes.LastIndex(data, append(records, consumer+"."...))
	if at < 0 {
		return fmt.Errorf("no record of %s's held messages on disk", consumer)
	}
	last := data[at+len(records):]
	if next := bytes.Index(last, records); next >= 0 {
		last = last[:next]
	}
	if !bytes.Contains(last, []byte("$JS.ACK."+stream+"."+consumer+".")) {
		return fmt.Errorf("the last record of %s's held messages on disk names none: %q", consumer, last)
	}
	return nil
}

// handedBack is how many held messages the runs of tds synth in dir handed
// back on start, read from the services' log.
func handedBack(t *testing.T, dir string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ".tds", "tds.log"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, "handed back the messages") {
			continue
		}
		_, after, _ := strings.Cut(line, " messages=")
		k, _ := strconv.Atoi(strings.Fields(after + " ")[0])
		n += k
	}
	return n
}

// storedConsumer reads a durable consumer's state from a suite's NATS store
// once the suite has stopped.
func storedConsumer(t *testing.T, storeDir, stream, name string) *jetstream.ConsumerInfo {
	t.Helper()
	ns, err := natsserver.Start(natsserver.Config{StoreDir: storeDir})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := js.Consumer(t.Context(), stream, name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Info(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// TestResumeAfterKillMidJob SIGKILLs tds synth while every agent worker is
// in the middle of a rollout (a judge model that takes a second to answer
// keeps them there) and runs the command again: the tasks the dead process
// held come back within the consumers' ack wait, far under the minutes a
// resume waited before, and the dataset holds exactly n unique records that
// the report describes.
func TestResumeAfterKillMidJob(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tds synth as a process twice")
	}
	const n = 100
	const latency = time.Second
	judge := llmtest.New(t)
	judge.SetLatency(latency)
	judge.Handle(func(llm.ChatRequest, int) llmtest.Reply {
		return llmtest.Text(`{"score": 0.9, "reason": "the assistant used the tools as asked"}`)
	})
	out := filepath.Join(t.TempDir(), "ds")
	args := []string{"synth", "--corpus", exampleCorpus, "-n", strconv.Itoa(n), "--out", out, "--seed", "11",
		"--agent.rollout.judge=true", "--agent.llm.judge.provider=openai", "--agent.llm.judge.base_url=" + judge.URL,
		"--agent.llm.judge.model=fake-judge"}

	start := time.Now()
	first := startTDS(t, args...)
	// Kill once the workers are busy: well into the job, with rollouts
	// waiting on the judge.
	eventually.Check(t, 3*time.Minute, 20*time.Millisecond, func() error {
		if first.ended() {
			t.Fatalf("tds synth ended before it was killed:\n%s", first.stderr.String())
		}
		if calls := judge.Calls(); calls < 40 {
			return fmt.Errorf("%d of 40 judge calls before the kill; its output:\n%s", calls, first.stderr.String())
		}
		return nil
	})
	first.kill()
	ran := time.Since(start)
	atKill := partRows(out)
	if atKill >= n {
		t.Fatalf("the job had finished (%d records) when it was killed", atKill)
	}

	resumed := time.Now()
	second := startTDS(t, args...)
	if code := second.wait(resumeBound); code != 0 {
		t.Fatalf("the resumed run exited %d after %v (-1: still running):\n%s", code, time.Since(resumed).Round(time.Second), second.stderr.String())
	}
	took := time.Since(resumed)
	t.Logf("killed after %v with %d of %d records written (%.1f records/s); the resumed run wrote the other %d in %v",
		ran.Round(100*time.Millisecond), atKill, n, float64(atKill)/ran.Seconds(), n-atKill, took.Round(100*time.Millisecond))
	checkDataset(t, out, n)
	if tmp := tempFiles(t, out); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}

	// The bound is structural. The re-run handed the killed process's
	// rollouts back as it started (they were recorded as held), the tasks were
	// delivered again (the consumer counts more deliveries than tasks), and no
	// consumer of the flow waits longer than the default ack wait for a silent
	// holder.
	if handed := handedBack(t, out); handed == 0 {
		t.Errorf("the re-run handed back no message of the killed run")
	} else {
		t.Logf("the re-run handed back %d messages the killed run held", handed)
	}
	store := filepath.Join(out, ".tds", "nats")
	tasks := storedConsumer(t, store, events.StreamTasks, events.ConsumerAgents)
	if redelivered := tasks.Delivered.Consumer - tasks.Delivered.Stream; redelivered == 0 {
		t.Errorf("no task was delivered twice (%d deliveries of %d tasks): the kill found no rollout in flight", tasks.Delivered.Consumer, tasks.Delivered.Stream)
	} else {
		t.Logf("%d tasks the killed process held were delivered again", redelivered)
	}
	for _, c := range []struct{ stream, name string }{
		{events.StreamTasks, events.ConsumerAgents},
		{events.StreamFacts, events.ConsumerGatewayJobs},
		{events.StreamFacts, events.ConsumerSink},
		{events.StreamFacts, events.ConsumerEvolveResult},
		{events.StreamFacts, events.ConsumerEvolveJobs},
	} {
		if got := storedConsumer(t, store, c.stream, c.name).Config.AckWait; got > events.DefaultAckWait {
			t.Errorf("consumer %s waits %v for a silent holder, want at most %v", c.name, got, events.DefaultAckWait)
		}
	}
}

// TestResumeAfterKillDuringFinalWrite SIGKILLs tds synth while it writes the
// final dataset files: the re-run removes the temporaries, writes the dataset
// again and finishes without waiting out an ack wait.
func TestResumeAfterKillDuringFinalWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tds synth as a process twice")
	}
	const n = 300
	var out string
	var left []string
	var unrecorded error // why the last write seen was not yet killable
	// The final write takes a fraction of a second; a kill may miss it.
	for attempt := 1; attempt <= 5 && len(left) == 0; attempt++ {
		out = filepath.Join(t.TempDir(), "ds")
		first := startTDS(t, "synth", "--corpus", exampleCorpus, "-n", strconv.Itoa(n), "--out", out, "--seed", "3")
		// Kill inside the write, once the finaliser's record of its message
		// (written just before the write began) is in the store's files: a
		// kill before the embedded server has written it out would leave the
		// re-run nothing to take over.
		inWrite := eventually.Value(t, 3*time.Minute, time.Millisecond, func() (bool, error) {
			if first.ended() {
				return false, nil
			}
			if !writing(out) {
				return false, errors.New("no temporary file of the final write")
			}
			unrecorded = heldOnDisk(out, events.StreamFacts, events.ConsumerGatewayJobs)
			return true, unrecorded
		})
		first.kill()
		if !inWrite {
			t.Logf("attempt %d: the job finished before a kill inside its final write (last seen: %v)", attempt, unrecorded)
			continue
		}
		left = tempFiles(t, out)
	}
	if len(left) == 0 {
		t.Fatalf("no kill landed during the final write in 5 attempts; during the last write seen: %v", unrecorded)
	}
	t.Logf("killed during the final write, leaving %v", left)

	resumed := time.Now()
	second := startTDS(t, "synth", "--corpus", exampleCorpus, "-n", strconv.Itoa(n), "--out", out, "--seed", "3")
	if code := second.wait(resumeBound); code != 0 {
		t.Fatalf("the resumed run exited %d after %v (-1: still running):\n%s", code, time.Since(resumed).Round(time.Second), second.stderr.String())
	}
	// The finaliser recorded its message before it began to write, so the
	// re-run took it over as it started instead of after the ack wait.
	handed := handedBack(t, out)
	t.Logf("the resumed run finished the dataset in %v, having handed back %d held messages on start",
		time.Since(resumed).Round(100*time.Millisecond), handed)
	if handed == 0 {
		t.Errorf("the re-run handed back no message of the killed run")
	}
	if tmp := tempFiles(t, out); len(tmp) > 0 {
		t.Errorf("temporary files left after the resume: %v", tmp)
	}
	checkDataset(t, out, n)
}

// TestSecondSuiteOnADataDirInUseIsRefused: a second tds up, or a tds synth
// whose state directory is the same, is refused with the holder's pid; a
// second tds up on a taken port names the port.
func TestSecondSuiteOnADataDirInUseIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tds up as a process")
	}
	out := filepath.Join(t.TempDir(), "ds")
	dataDir := filepath.Join(out, ".tds")
	first := exec.Command(os.Args[0], "up", "--base-port=0", "--data-dir="+dataDir, "--metrics.listen=")
	first.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1")
	stdout, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	first.Stdout, first.Stderr = w, w
	err = first.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = first.Process.Signal(syscall.SIGINT)
		_ = first.Wait()
	}()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.Contains(sc.Text(), "(JetStream)") {
	}
	go func() {
		for sc.Scan() {
		}
	}()
	holder := fmt.Sprintf("in use by pid %d", first.Process.Pid)

	code, _, stderr := runTDS(t, "up", "--base-port=0", "--data-dir="+dataDir, "--metrics.listen=")
	if code != 1 || !strings.Contains(stderr, holder) {
		t.Errorf("second tds up: exit %d, want 1 and %q in:\n%s", code, holder, stderr)
	}
	code, _, stderr = runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "5", "--out", out)
	if code != 1 || !strings.Contains(stderr, holder) {
		t.Errorf("tds synth on the same state: exit %d, want 1 and %q in:\n%s", code, holder, stderr)
	}

	// A port taken by anything: tds up says which.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	code, _, stderr = runTDS(t, "up", "--base-port="+strconv.Itoa(port-natsPortOffset), "--data-dir="+t.TempDir(), "--metrics.listen=")
	if want := fmt.Sprintf("port %d in use", port); code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("tds up on a taken port: exit %d, want 1 and %q in:\n%s", code, want, stderr)
	}
}

// TestDataDirLock: the lock refuses a second holder, naming the first, and is
// free again once released (a killed holder releases it with its process).
func TestDataDirLock(t *testing.T) {
	dir := t.TempDir()
	release, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDataDir(dir); err == nil || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second lock in the same process: %v, want a refusal naming pid %d", err, os.Getpid())
	}
	release()
	again, err := lockDataDir(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}
