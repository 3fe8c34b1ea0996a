// Package paramdoc reads what a parameter's description says about its
// values in prose: the examples it gives.
package paramdoc

import (
	"regexp"
	"strings"
)

var (
	// exampleMarker finds where a description gives an example of its value.
	exampleMarker = regexp.MustCompile(`(?i)(?:\bsuch as|\be\.\s?g\.?,?|\beg\.|\bfor example,?|\bfor instance,?|\bexamples?:|\bex:|\blike)\s*:?\s*`)
	// quotedRe is a quoted example: quotes, backticks, bold or italic
	// markdown, curly quotes, an HTML entity or a code element.
	quotedRe = regexp.MustCompile("^(?:'([^']{1,60})'|\"([^\"]{1,60})\"|`([^`]{1,60})`|&quot;([^&]{1,60})&quot;|\\*\\*([^*]{1,60})\\*\\*|\\*([^*\\s][^*]{0,59})\\*|‘([^’]{1,60})’|“([^”]{1,60})”|<code>([^<]{1,60})</code>)")
	bareRe   = regexp.MustCompile(`^[^\s,;()\[\]{}<>]+`)
	// formatSpelling is a layout spelled out where an example would be.
	formatSpelling = regexp.MustCompile(`^#?(?:RR|GG|BB|YYYY|YY|MM|DD|HH|hh|mm|ss|SS|XX+|NN+|yyyy|dd)(?:[-/:. T]?(?:RR|GG|BB|YYYY|YY|MM|DD|HH|hh|mm|ss|SS|XX+|NN+|yyyy|dd|Z))*$`)
)

// Examples returns the example values a parameter's description gives, in
// order: "The order id, such as '#W0000000'" gives #W0000000; "e.g. AAPL"
// AAPL; "e.g. 'AAPL', 'MSFT' or 'GOOG'" all three. name is the parameter's
// name: "e.g. page=1" gives 1. A layout spelled out ("YYYY-MM-DD", "#RRGGBB")
// is a format, not an example, and is left out. The value synthesiser
// writes values from these examples and the realism measures check values
// against them, so both read a description the same way.
func Examples(raw, name string) []string {
	var out []string
	for _, loc := range exampleMarker.FindAllStringIndex(raw, 4) {
		rest := raw[loc[1]:]
		if strings.EqualFold(strings.TrimSpace(raw[loc[0]:loc[1]]), "like") && !strings.HasPrefix(rest, "'") && !strings.HasPrefix(rest, "\"") && !strings.HasPrefix(rest, "`") {
			continue // "like" is an example only when a quoted value follows
		}
		rest = strings.TrimLeft(rest, "(")
		var ex string
		var more []string
		if m := quotedRe.FindStringSubmatch(rest); m != nil {
			for _, g := range m[1:] {
				if g != "" {
					ex = g
					break
				}
			}
			// A list of quoted examples ("<code>SF</code>, <code>NYY</code>"):
			// the ones after the first join it.
			more = listedAfter(rest[len(m[0]):])
		} else if m := bareRe.FindString(rest); m != "" {
			ex = strings.TrimRight(m, ".:'\"`")
		}
		// "page=1", "callback=func": the value after the parameter name.
		if i := strings.Index(ex, "="); i > 0 && strings.EqualFold(ex[:i], name) {
			ex = ex[i+1:]
		}
		ex = unquoted(strings.TrimSpace(ex))
		if ex == "" || len(ex) > 60 || strings.HasPrefix(ex, "http") && !strings.Contains(ex, "://") {
			continue
		}
		if strings.ContainsAny(ex[:1], "{<[$") || formatSpelling.MatchString(ex) {
			continue // "#RRGGBB", "YYYY-MM-DD": a format spelled out, not a value
		}
		if lower := strings.ToLower(ex); lower == "the" || lower == "a" || lower == "an" || lower == "this" || lower == "if" || lower == "when" {
			continue
		}
		out = append(append(out, ex), more...)
	}
	return out
}

// listSep separates the quoted examples of a list.
var listSep = regexp.MustCompile(`^\s*(?:,|;|/|,?\s*or|,?\s*and)\s*`)

// listedAfter returns the quoted examples that follow a first one in a list.
func listedAfter(rest string) []string {
	var out []string
	for len(out) < 8 {
		sep := listSep.FindString(rest)
		if sep == "" {
			return out
		}
		m := quotedRe.FindStringSubmatch(rest[len(sep):])
		if m == nil {
			return out
		}
		for _, g := range m[1:] {
			if g != "" {
				out = append(out, strings.TrimSpace(g))
				break
			}
		}
		rest = rest[len(sep)+len(m[0]):]
	}
	return out
}

// unquoted is an example without the quotes written inside its markup
// (<code>"2019-06-01T00:00:00Z"</code>): they are JSON's, not the value's.
func unquoted(ex string) string {
	if n := len(ex); n > 2 && (ex[0] == '"' && ex[n-1] == '"' || ex[0] == '\'' && ex[n-1] == '\'') {
		return ex[1 : n-1]
	}
	return ex
}
