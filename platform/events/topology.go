package events

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// The job flow's streams (docs/design.md#events). Every service that publishes or
// consumes calls EnsureStreams first; the configurations are the same
// everywhere, so whoever starts first creates them.
const (
	// StreamTasks is the work queue of rollout tasks (payload RolloutTask),
	// subjects "tds.task.<job>"; agent workers share the consumer ConsumerAgents.
	StreamTasks = "TDS_TASKS"
	// StreamFacts carries what happened: job lifecycle, rollout results,
	// accepted and rejected records, dead letters.
	StreamFacts = "TDS_FACTS"
)

// Durable consumer names, one per role in the flow.
const (
	ConsumerAgents       = "agent-workers"   // StreamTasks, all jobs
	ConsumerEvolveJobs   = "evolve-jobs"     // StreamFacts, "tds.job.*.created" and "tds.job.*.state"
	ConsumerEvolveResult = "evolve-rollouts" // StreamFacts, "tds.rollout.>" and "tds.dead.>"
	ConsumerSink         = "gateway-sink"    // StreamFacts, "tds.record.>"
	ConsumerGatewayJobs  = "gateway-jobs"    // StreamFacts, "tds.job.*.state", "tds.job.*.progress", "tds.dead.>"
)

// Subjects of the flow. Job ids are single subject tokens (no dots, spaces
// or wildcards); CheckJobID says whether one is.
func TaskSubject(job string) string        { return "tds.task." + job }
func JobCreatedSubject(job string) string  { return "tds.job." + job + ".created" }
func JobStateSubject(job string) string    { return "tds.job." + job + ".state" }
func JobProgressSubject(job string) string { return "tds.job." + job + ".progress" }
func RolloutSubject(job string) string     { return "tds.rollout." + job }
func AcceptedSubject(job string) string    { return "tds.record." + job + ".accepted" }
func RejectedSubject(job string) string    { return "tds.record." + job + ".rejected" }
func DeadSubject(job string) string        { return "tds.dead." + job }

// CheckJobID returns an error unless id can be one subject token.
func CheckJobID(id string) error {
	if id == "" {
		return fmt.Errorf("empty job id")
	}
	if len(id) > 128 {
		return fmt.Errorf("job id longer than 128 bytes")
	}
	if i := strings.IndexAny(id, ".*> \t\r\n"); i >= 0 {
		return fmt.Errorf("job id %q contains %q", id, id[i])
	}
	return nil
}

// Streams returns the configurations of the flow's streams. replicas is 1 on
// one server and 3 on a cluster.
func Streams(replicas int) []jetstream.StreamConfig {
	if replicas < 1 {
		replicas = 1
	}
	return []jetstream.StreamConfig{
		{
			Name:        StreamTasks,
			Description: "rollout tasks: a work queue shared by agent workers",
			Subjects:    []string{"tds.task.>"},
			Retention:   jetstream.WorkQueuePolicy,
			Storage:     jetstream.FileStorage,
			Replicas:    replicas,
			Duplicates:  10 * time.Minute,
		},
		{
			Name:        StreamFacts,
			Description: "job lifecycle, rollout results, accepted and rejected records, dead letters",
			Subjects:    []string{"tds.job.>", "tds.rollout.>", "tds.record.>", "tds.dead.>"},
			Retention:   jetstream.LimitsPolicy,
			Storage:     jetstream.FileStorage,
			Replicas:    replicas,
			Duplicates:  10 * time.Minute,
			MaxAge:      30 * 24 * time.Hour,
		},
	}
}

// EnsureStreams creates or updates the flow's streams and its buckets
// (holders, stopped jobs).
func (b *Bus) EnsureStreams(ctx context.Context, replicas int) error {
	for _, cfg := range Streams(replicas) {
		if _, err := b.EnsureStream(ctx, cfg); err != nil {
			return err
		}
	}
	if _, err := EnsureKeyValue(ctx, b.js, HoldersConfig(replicas)); err != nil {
		return fmt.Errorf("events: bucket %s: %w", HoldersBucket, err)
	}
	if _, err := EnsureKeyValue(ctx, b.js, StoppedConfig(replicas)); err != nil {
		return fmt.Errorf("events: bucket %s: %w", StoppedBucket, err)
	}
	return nil
}
