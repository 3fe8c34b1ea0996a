package plan

import (
	"regexp"
	"strconv"
	"strings"
)

// Mentioned reports whether a user-given value v is stated in one of texts,
// matched after normalisation: case and runs of whitespace do not count, and
// a number matches however it is written (1200, 1,200, 1200.0). Only a
// significant leaf (Significant) can be recognised in prose; shorter ones
// ("5", true) would match by accident and are never found.
func Mentioned(v any, texts []string) bool {
	leaves := Leaves(v)
	if len(leaves) == 0 {
		return false
	}
	for _, l := range leaves {
		if !Significant(l) || !mentionedLeaf(l, texts) {
			return false
		}
	}
	return true
}

var numberInText = regexp.MustCompile(`[-+]?\d[\d,]*(?:\.\d+)?`)

func mentionedLeaf(l any, texts []string) bool {
	if f, ok := Number(l); ok {
		for _, t := range texts {
			for _, m := range numberInText.FindAllString(t, -1) {
				if g, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64); err == nil && g == f {
					return true
				}
			}
		}
		return false
	}
	want := foldSpace(Text(l))
	for _, t := range texts {
		if strings.Contains(foldSpace(t), want) {
			return true
		}
	}
	return false
}

// foldSpace lower-cases s and collapses its whitespace.
func foldSpace(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
