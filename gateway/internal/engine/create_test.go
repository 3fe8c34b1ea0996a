package engine

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/types/known/durationpb"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

func TestValidateNamesEveryFieldAtFault(t *testing.T) {
	good := func() *jobv1.JobSpec {
		return &jobv1.JobSpec{Corpus: &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: "c.jsonl"}}, TargetRecords: 10}
	}
	if err := Validate(good()); err != nil {
		t.Fatalf("a good spec: %v", err)
	}
	share := 1.5
	cases := map[string]func(*jobv1.JobSpec){
		"spec.corpus":         func(s *jobv1.JobSpec) { s.Corpus = nil },
		"spec.target_records": func(s *jobv1.JobSpec) { s.TargetRecords = 0 },
		"spec.strategy.strategy": func(s *jobv1.JobSpec) {
			s.Strategy = &evolvev1.StrategySpec{Strategy: evolvev1.Strategy(42)}
		},
		"spec.strategy.max_requests_per_record": func(s *jobv1.JobSpec) {
			s.Strategy = &evolvev1.StrategySpec{MaxRequestsPerRecord: -1}
		},
		"spec.code_tool_share": func(s *jobv1.JobSpec) { s.CodeToolShare = &share },
		"spec.budget": func(s *jobv1.JobSpec) {
			s.Budget = &jobv1.Budget{MaxWallTime: durationpb.New(-1)}
		},
		"spec.roles.assistant.": func(s *jobv1.JobSpec) {
			s.Roles = &llmv1.Roles{Assistant: &llmv1.Endpoint{Provider: "openai"}}
		},
		"spec.corpus.extra_paths": func(s *jobv1.JobSpec) {
			s.Corpus = &jobv1.CorpusRef{Source: &jobv1.CorpusRef_CorpusId{CorpusId: "x"}, ExtraPaths: []string{"y"}}
		},
	}
	for field, breakIt := range cases {
		s := good()
		breakIt(s)
		err := Validate(s)
		vs, _ := apierr.AsInvalid(err)
		if len(vs) == 0 || !strings.HasPrefix(vs[0].Field, field) {
			t.Errorf("%s: got %v", field, err)
		}
	}
}
