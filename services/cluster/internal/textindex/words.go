// Package textindex turns tool text into TF-IDF vectors and finds each tool's
// nearest textual neighbours with a pruned inverted index, fast enough for
// 100,000 tools on two cores. It also owns the word splitting (camelCase,
// snake_case, singular/plural) the dependency graph matches names with.
package textindex

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// SplitIdentifier splits a name on case changes, digits and punctuation into
// lower-case, singular words: "listUserIds" -> [list user id],
// "HTTPServer_v2" -> [http server v2].
func SplitIdentifier(s string) []string {
	return appendWords(nil, s, false)
}

// Words splits free text into lower-case singular words without stop words.
func Words(s string) []string {
	return appendWords(nil, s, true)
}

// AppendWords is Words appending to dst.
func AppendWords(dst []string, s string, dropStop bool) []string {
	return appendWords(dst, s, dropStop)
}

func appendWords(dst []string, s string, dropStop bool) []string {
	start := -1
	var prev rune
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		if len(w) < 2 || len(w) > 40 {
			return
		}
		lw := strings.ToLower(w)
		if isDigits(lw) {
			return
		}
		lw = ident.Singular(lw)
		if dropStop && stopWords[lw] {
			return
		}
		dst = append(dst, lw)
	}
	for i, r := range s {
		isAlnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !isAlnum {
			flush(i)
			prev = r
			continue
		}
		if start >= 0 {
			switch {
			case unicode.IsUpper(r) && unicode.IsLower(prev):
				flush(i)
			case unicode.IsUpper(prev) && unicode.IsLower(r) && i-start > 1:
				// "HTTPServer": the last capital starts the next word.
				_, size := utf8.DecodeLastRuneInString(s[:i])
				flush(i - size)
				start = i - size
			case unicode.IsDigit(r) != unicode.IsDigit(prev) && !unicode.IsDigit(r):
				flush(i)
			}
		}
		if start < 0 {
			start = i
		}
		prev = r
	}
	flush(len(s))
	return dst
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the of to and or for in on at by be is are was were been this that these those
		with from as it its if then than into out about over under can could will would should may might must do doe does
		not no yes all any each every some such only also more most other which who whom what when where why how
		you your yours we our us they their them he she his her i me my one two use used using via per
		here there been being has have had same see following given specified specify specific default
		e.g eg ie etc http https www com html href br p li ul div span nbsp amp gt lt quot code`) {
		m[w] = true
	}
	return m
}()
