package realism

import evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

// Proto renders the report as the evolve contract's RealismReport, each
// share with its threshold and whether it meets it.
func (r Report) Proto() *evolvev1.RealismReport {
	p := &evolvev1.RealismReport{Records: r.Records}
	fields := map[string]**evolvev1.RealismShare{
		"placeholder_arguments": &p.PlaceholderArguments,
		"placeholder_outputs":   &p.PlaceholderOutputs,
		"generic_outputs":       &p.GenericOutputs,
		"example_shape":         &p.ExampleShape,
		"format":                &p.Format,
		"ungrounded_arguments":  &p.UngroundedArguments,
		"invented_failures":     &p.InventedFailures,
		"dependent_records":     &p.DependentRecords,
		"first_message_ngram":   &p.FirstMessageNgram,
		"answer_ngram":          &p.AnswerNgram,
		"reasoning_opening":     &p.ReasoningOpening,
		"user_trigram_distinct": &p.UserTrigramDistinct,
	}
	for _, m := range r.Measures() {
		s := &evolvev1.RealismShare{
			Numerator: m.Share.Num, Denominator: m.Share.Den, Share: m.Share.Value(),
			Threshold: m.Threshold, Bound: string(m.Bound), Meets: m.Meets(),
		}
		if e := m.Share.Example; e != nil {
			s.Example = &evolvev1.RealismExample{Value: e.Value, RecordId: e.RecordID, Detail: e.Detail, Count: e.Count}
		}
		*fields[m.Name] = s
	}
	return p
}
