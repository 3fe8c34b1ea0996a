package plan

// Mentioned reports whether a user-given value v is stated in one of texts,
// matched after normalisation as Unsaid matches it (case, whitespace and
// diacritics do not count; numbers, dates and times however they are
// written). Only a significant leaf (Significant) can be recognised in
// prose; shorter ones ("5", true) would match by accident and are never
// found.
func Mentioned(v any, texts []string) bool {
	leaves := Leaves(v)
	if len(leaves) == 0 {
		return false
	}
	// Each text folded once, when a leaf first needs it.
	folded := make([]string, len(texts))
	done := make([]bool, len(texts))
	for _, l := range leaves {
		if !Significant(l) {
			return false
		}
		found := false
		for i, t := range texts {
			if !done[i] {
				folded[i], done[i] = Fold(t), true
			}
			if said(l, t, folded[i]) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
