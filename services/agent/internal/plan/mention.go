package plan

import "slices"

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
	for _, l := range leaves {
		if !Significant(l) || !slices.ContainsFunc(texts, func(t string) bool { return said(l, t, Fold(t)) }) {
			return false
		}
	}
	return true
}
