package planner

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// A parameter that caps how many results come back ("limit", "MaxResults",
// "per_page") is said as people say it — "at most 5 campaigns", "20
// results per page" — not by its name ("max 5", "max results 10", "page
// size 20"), which reads as a setting of the service, or as the thing
// asked for.

// limitNames are names that cap the results whatever their description.
var limitNames = wordSet("limit", "maxresults", "maxitems", "maxrecords", "maxcount", "maxhits", "numresults", "pagesize",
	"perpage", "resultsperpage", "pagelimit", "resultlimit", "resultslimit", "maxresultcount", "maxitemcount", "maxpagesize")

// capNames cap the results only when the description says so ("max" may
// be a highest price, "size" a shirt's, "count" what a counter holds).
var capNames = wordSet("max", "top", "size", "count", "n", "num", "rows", "take", "first", "hits", "number", "amount", "resultcount")

// capDescription is a description saying the number caps what comes back.
var capDescription = regexp.MustCompile(`(?i)\b(?:max(?:imum)?|number of|how many|limit|at most|up to)\b.*\b(?:results?|items?|records?|entries|rows|hits|returned|to return|per page|in the response|to (?:fetch|retrieve|list|show|get))\b|\bnumber of [a-z]+s\b`)

// countedNoun is what a capping description says is counted: "the maximum
// number of distributions you want" counts distributions.
var countedNoun = regexp.MustCompile(`(?i)\bnumber of ([a-z][a-z]+)(?: ([a-z][a-z]+))?`)

// nounStops are words that start no noun phrase a count names.
var nounStops = wordSet("the", "a", "an", "to", "in", "of", "for", "per", "each", "results", "items", "records", "entries",
	"returned", "maximum", "max", "total", "requested", "matching")

// limitOf reads whether a tool's parameter caps how many results come
// back, what it counts ("campaigns"; "results" when the description names
// nothing) and whether it counts them per page.
func limitOf(t *catalog.Tool, param string) (noun string, perPage, ok bool) {
	if t == nil {
		return "", false, false
	}
	s, _ := t.ParamSchema(param)
	return capOf(param, s)
}

// capOf reads whether a field of a request, by its name and schema, caps
// how many results come back (see limitOf).
func capOf(param string, s map[string]any) (noun string, perPage, ok bool) {
	ws := ident.Words(param)
	joined := strings.Join(ws, "")
	d, _ := s["description"].(string)
	dl := strings.ToLower(d)
	switch jsonschema.TypeOf(s) {
	case "integer", "number":
	case "string", "":
		// "MaxResults": "Pagination limit", a number sent as text; a
		// "limit" with only a default.
		if !limitNames[joined] || s["enum"] != nil {
			return "", false, false
		}
	default:
		return "", false, false
	}
	switch {
	case limitNames[joined], len(ws) > 1 && limitNames[ws[len(ws)-1]]:
	case capNames[joined] && capDescription.MatchString(d):
	default:
		return "", false, false
	}
	if strings.Contains(dl, "offset") || strings.Contains(dl, "skip") || strings.Contains(dl, "page number") {
		return "", false, false // where the results start, not how many
	}
	perPage = strings.Contains(joined, "page") || strings.Contains(dl, "per page") || strings.Contains(dl, "page size")
	noun = "results"
	if m := countedNoun.FindStringSubmatch(dl); m != nil {
		switch w := m[1]; {
		case pluralNoun(w) && !vagueCounted[w]:
			noun = w
		case m[2] != "" && pluralNoun(m[2]) && !vagueCounted[m[2]] && !nounStops[w]:
			noun = w + " " + m[2] // "status updates"
		}
	}
	return noun, perPage, true
}

// vagueCounted are nouns a description counts that say less than
// "results".
var vagueCounted = wordSet("things", "elements", "objects", "values", "returns")

// bodyCap takes out of an object a request sends (an HTTP body) the field
// that caps how many results come back, said apart as the cap ("at most 10
// results"), not as one of the body's fields ("max results 10").
func bodyCap(t *catalog.Tool, param string, obj map[string]any) (rest map[string]any, noun string, perPage bool, n string) {
	if t == nil {
		return obj, "", false, ""
	}
	s, _ := t.ParamSchema(param)
	props, _ := s["properties"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		v := obj[k]
		ks, ok := jsonschema.Resolve(t.Input, props[k])
		if !ok {
			continue
		}
		var num json.Number
		raw, _ := json.Marshal(v)
		if json.Unmarshal(raw, &num) != nil {
			continue
		}
		if noun, perPage, ok := capOf(k, ks); ok {
			rest = maps.Clone(obj)
			delete(rest, k)
			return rest, noun, perPage, num.String()
		}
	}
	return obj, "", false, ""
}

// hasCap reports whether an object a request sends holds a cap on the
// results.
func hasCap(t *catalog.Tool, param string, obj map[string]any) bool {
	_, _, _, n := bodyCap(t, param, obj)
	return n != ""
}

// resultCap is a cap the user states on how many results come back: n
// of noun, per page or in all; skip is how many results to skip first.
type resultCap struct {
	noun, n, skip string
	perPage       bool
}

// skipNames are names of how many results to skip whatever their
// description; startNames only when the description says so ("start" may
// be a date).
var (
	skipNames  = wordSet("offset", "skip", "startindex", "startposition", "resultoffset", "skipcount")
	startNames = wordSet("start", "startat", "from", "first", "begin")
	skipText   = regexp.MustCompile(`(?i)\boffset\b|\bskip|index of the first|starting index|start(ing)? (index|position)|zero-based|0-based|position of the first|first (item|result|record|entry)`)
)

// skipOf reports whether a tool's parameter says how many results to skip
// before the ones that come back (an offset), said as people say it
// ("skipping the first 50"), not "offset 50" or "start 25".
func skipOf(t *catalog.Tool, param string) bool {
	if t == nil {
		return false
	}
	s, _ := t.ParamSchema(param)
	joined := strings.Join(ident.Words(param), "")
	if ty := jsonschema.TypeOf(s); ty != "integer" && ty != "number" && (ty != "" || !skipNames[joined]) {
		return false // an "offset" with only a default is one too
	}
	d, _ := s["description"].(string)
	dl := strings.ToLower(d)
	if strings.Contains(dl, "date") || strings.Contains(dl, "time") || strings.Contains(dl, "page number") {
		return false
	}
	return skipNames[joined] || startNames[joined] && skipText.MatchString(d)
}

// capPhrase says a cap on the results: "at most 5 campaigns", "20
// results per page", "skipping the first 10"; the noun is left out where the request already names
// the things ("pull up the distributions, at most 20"). "" for no cap.
func (sp *speaker) capPhrase(cp resultCap, purpose string) string {
	said := sp.capWords(cp, purpose)
	switch {
	case cp.skip == "":
		return said
	case said == "":
		return "skipping the first " + cp.skip
	}
	return said + ", skipping the first " + cp.skip
}

// capWords says the cap itself ("at most 5 campaigns"); "" for none.
func (sp *speaker) capWords(cp resultCap, purpose string) string {
	if cp.n == "" {
		return ""
	}
	noun := " " + cp.noun
	switch {
	case cp.n == "1":
		noun = " " + ident.Singular(cp.noun) // "just 1 record"
	case cp.noun != "results" && strings.Contains(" "+purpose+" ", noun+" "):
		noun = ""
	}
	switch {
	case cp.perPage:
		return cp.n + noun + sp.pick(" per page", " a page", " per page")
	case cp.n == "1":
		return "just 1" + noun // not "up to 1 record"
	}
	return sp.pick("at most ", "up to ", "no more than ") + cp.n + noun
}
