package loop

import (
	"context"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
)

// Metric attribute keys of observed records.
const (
	attrDecision     = attribute.Key("tds.evolve.decision")
	attrRejectReason = attribute.Key("tds.evolve.reject_reason")
)

// records counts rollout results by what evolve decided about them.
type records struct{ c metric.Int64Counter }

func newRecords(mp metric.MeterProvider) records {
	if mp == nil {
		mp = noop.NewMeterProvider()
	}
	// Instrument creation fails only on invalid names or options; the SDK
	// then still returns a usable instrument, so the error is dropped.
	c, _ := mp.Meter("github.com/tdscaling/tdscaling/services/evolve").Int64Counter("tds.evolve.records",
		metric.WithUnit("{record}"),
		metric.WithDescription("Rollout results observed once each, by tds.evolve.decision (accepted, rejected_unverified, rejected_duplicate, dropped) and, for rejections, tds.evolve.reject_reason"))
	return records{c: c}
}

// observed counts a result's first observation (redeliveries are not
// counted again).
func (r records) observed(ctx context.Context, decision evolvev1.Decision, res *agentv1.RolloutResult) {
	attrs := []attribute.KeyValue{attrDecision.String(strings.ToLower(strings.TrimPrefix(decision.String(), "DECISION_")))}
	switch decision {
	case evolvev1.Decision_DECISION_REJECTED_DUPLICATE:
		attrs = append(attrs, attrRejectReason.String(reasonName(trajectoryv1.RejectReason_REJECT_REASON_NEAR_DUPLICATE)))
	case evolvev1.Decision_DECISION_REJECTED_UNVERIFIED:
		reason := "unspecified"
		if rs := res.GetRejections(); len(rs) > 0 {
			reason = reasonName(rs[0].GetReason())
		}
		attrs = append(attrs, attrRejectReason.String(reason))
	}
	r.c.Add(ctx, 1, metric.WithAttributes(attrs...))
}

func reasonName(r trajectoryv1.RejectReason) string {
	return strings.ToLower(strings.TrimPrefix(r.String(), "REJECT_REASON_"))
}
