package realism

// Bound says which side of its threshold a share must stay on.
type Bound string

const (
	// AtMost: the share must not exceed the threshold.
	AtMost Bound = "max"
	// AtLeast: the share must reach the threshold.
	AtLeast Bound = "min"
	// Unbounded: the share is reported, not held to a value.
	Unbounded Bound = ""
)

// Measure is one share of a Report with its name and the threshold a
// realistic dataset is held to.
type Measure struct {
	// Name is the share's key in report.json.
	Name  string
	Title string
	Share Share
	Bound Bound
	// Threshold is the bound's value, a share in [0, 1].
	Threshold float64
}

// Meets reports whether the share is on the right side of its threshold;
// a share with nothing measured (denominator 0) meets it.
func (m Measure) Meets() bool {
	if m.Share.Den == 0 {
		return true
	}
	switch m.Bound {
	case AtMost:
		return m.Share.Value() <= m.Threshold
	case AtLeast:
		return m.Share.Value() >= m.Threshold
	}
	return true
}

// Measures lists the report's shares in a fixed order, with the thresholds
// realistic data meets: at most 2 % placeholder-shaped values, 10 % generic
// outputs, 3 % ungrounded values, 2 % invented failures, 10 % of records on
// the most common 4-gram or reasoning opening; at least 90 % example-shape
// and 95 % format conformance and 40 % of records with a dependent call.
func (r Report) Measures() []Measure {
	return []Measure{
		{"placeholder_arguments", "placeholder-shaped argument values", r.PlaceholderArguments, AtMost, 0.02},
		{"placeholder_outputs", "placeholder-shaped output values", r.PlaceholderOutputs, AtMost, 0.02},
		{"generic_outputs", "outputs with only generic keys", r.GenericOutputs, AtMost, 0.10},
		{"example_shape", "values shaped like the description's example", r.ExampleShape, AtLeast, 0.90},
		{"format", "values conforming to a named format", r.Format, AtLeast, 0.95},
		{"ungrounded_arguments", "argument values found nowhere earlier", r.UngroundedArguments, AtMost, 0.03},
		{"invented_failures", "failing calls whose cause is invented", r.InventedFailures, AtMost, 0.02},
		{"dependent_records", "records with a dependent call", r.DependentRecords, AtLeast, 0.40},
		{"first_message_ngram", "records holding the top first-message 4-gram", r.FirstMessageNgram, AtMost, 0.10},
		{"answer_ngram", "records holding the top answer 4-gram", r.AnswerNgram, AtMost, 0.10},
		{"reasoning_opening", "reasoning opening with the top three words", r.ReasoningOpening, AtMost, 0.10},
		{"user_trigram_distinct", "distinct word trigrams of user messages", r.UserTrigramDistinct, Unbounded, 0},
	}
}

// Failing lists the measures that miss their thresholds.
func (r Report) Failing() []Measure {
	var out []Measure
	for _, m := range r.Measures() {
		if !m.Meets() {
			out = append(out, m)
		}
	}
	return out
}
