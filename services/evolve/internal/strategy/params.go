package strategy

import (
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
)

// Defaults of StrategySpec's zero values.
const (
	DefaultAlpha             = 1.0
	DefaultBeta              = 2.0
	DefaultMaxDomainShare    = 0.10
	DefaultMaxSignatureShare = 0.05
	DefaultWindow            = 128
	DefaultBaseComplexity    = 3
	DefaultMaxRequests       = 3
	// MaxComplexity is the highest complexity a target asks for (blueprint.v1.Target).
	MaxComplexity = 10
)

// Params are a strategy's resolved parameters.
type Params struct {
	Kind              evolvev1.Strategy
	Alpha, Beta       float64
	MaxDomainShare    float64
	MaxSignatureShare float64
	BaseComplexity    int
	// MaxRequests caps the requests of one record (Target.max_requests).
	MaxRequests int
	CodeShare   float64
	Seed        int64
	// Period is the number of accepted records between complexity checks.
	Period int
}

// Resolve fills a spec's zero values with the defaults; target sizes the
// complexity period (a fiftieth of the target, at least 20 records).
func Resolve(spec *evolvev1.StrategySpec, codeShare float64, seed, target int64) Params {
	p := Params{
		Kind: spec.GetStrategy(), Alpha: spec.GetAlpha(), Beta: spec.GetBeta(),
		MaxDomainShare: spec.GetMaxDomainShare(), MaxSignatureShare: spec.GetMaxSignatureShare(),
		BaseComplexity: int(spec.GetBaseComplexity()), MaxRequests: int(spec.GetMaxRequestsPerRecord()), CodeShare: codeShare, Seed: seed,
		Period: int(max(20, target/50)),
	}
	if p.Kind == evolvev1.Strategy_STRATEGY_UNSPECIFIED {
		p.Kind = evolvev1.Strategy_STRATEGY_TDSCALING
	}
	if p.Alpha <= 0 {
		p.Alpha = DefaultAlpha
	}
	if p.Beta <= 0 {
		p.Beta = DefaultBeta
	}
	if p.MaxDomainShare <= 0 {
		p.MaxDomainShare = DefaultMaxDomainShare
	}
	if p.MaxSignatureShare <= 0 {
		p.MaxSignatureShare = DefaultMaxSignatureShare
	}
	if p.BaseComplexity <= 0 {
		p.BaseComplexity = DefaultBaseComplexity
	}
	p.BaseComplexity = min(p.BaseComplexity, MaxComplexity)
	if p.MaxRequests <= 0 {
		p.MaxRequests = DefaultMaxRequests
	}
	return p
}

// Spec is the resolved parameters as a StrategySpec (for reports).
func (p Params) Spec(window, maxClusters int32) *evolvev1.StrategySpec {
	return &evolvev1.StrategySpec{
		Strategy: p.Kind, Alpha: p.Alpha, Beta: p.Beta, MaxDomainShare: p.MaxDomainShare,
		MaxSignatureShare: p.MaxSignatureShare, Window: window, BaseComplexity: int32(p.BaseComplexity),
		MaxClusters: maxClusters, MaxRequestsPerRecord: int32(p.MaxRequests),
	}
}
