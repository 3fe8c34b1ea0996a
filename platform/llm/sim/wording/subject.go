package wording

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
)

// queryNouns are what a parameter holding the words one looks for is
// called ("query", "search term", "keywords").
var queryNouns = map[string]bool{"query": true, "q": true, "search": true, "term": true, "terms": true, "keyword": true, "keywords": true, "text": true}

// Queried reports whether a value is what a person looks for: the value of
// a query or search-term parameter, said in a few plain words (a name, a
// topic), not an expression in some query language.
func Queried(param, noun, v string) bool {
	ws := Words(param)
	last := ""
	if len(ws) > 0 {
		last = strings.ToLower(ws[len(ws)-1])
	}
	nw := strings.Fields(noun)
	if !queryNouns[last] && (len(nw) == 0 || !queryNouns[strings.ToLower(nw[len(nw)-1])]) {
		return false
	}
	if last == "text" && !strings.Contains(strings.ToLower(noun), "search") {
		return false // a text parameter is a search's only when it says so
	}
	return v != "" && len(strings.Fields(v)) <= 4 && !strings.ContainsAny(v, "=<>*()[]{}:;\"'\n")
}

// findAsks are the openings of a request to find something (askKinds).
var findAsks = []string{"find ", "look for ", "search for ", "track down ", "dig up ", "look up "}

// LookFor words a request to find something as what is looked for: "look
// up Jordan", `search for "Jordan"`, not "track down nodes (query
// Jordan)". A purpose that is not a search is not worded so.
func LookFor(r *rand.Rand, purpose, query string) (string, bool) {
	obj := ""
	ok := false
	for _, a := range findAsks {
		if rest, found := strings.CutPrefix(purpose, a); found {
			obj, ok = rest, true
			break
		}
	}
	if !ok {
		return "", false
	}
	forms := []string{"look up " + query, `search for "` + query + `"`, "find anything on " + query, "see what turns up for " + query, "find whatever there is on " + query}
	if obj != "" && !jargon[firstWord(obj)] {
		forms = append(forms, "look for "+obj+` matching "`+query+`"`, "find "+obj+" for "+query)
	}
	return forms[r.IntN(len(forms))], true
}

// jargon are the words a description uses for what a store holds and a
// person does not look for: one looks for Jordan, not for "nodes".
var jargon = map[string]bool{"nodes": true, "node": true, "vertices": true, "entities": true, "objects": true, "items": true, "resources": true}

// LookForUnsaid words a request to search when what is looked for is
// said later, when asked: "run a search", "look something up", not
// "search for nodes". What follows the object ("in memory") stays; false
// when the request is not a search or its object is a thing a person
// names ("find files").
func LookForUnsaid(r *rand.Rand, purpose string) (string, bool) {
	for _, a := range findAsks {
		rest, found := strings.CutPrefix(purpose, a)
		if !found {
			continue
		}
		obj, after, _ := strings.Cut(rest, " ")
		if !jargon[obj] {
			return "", false
		}
		forms := []string{"run a search", "look something up", "search for something", "do a quick search", "check for something"}
		for _, how := range []string{"based on ", "using ", "by "} {
			// How the tool searches ("based on a query") is no part of
			// what the person wants.
			if i := strings.Index(after, how); i >= 0 {
				after = strings.TrimSpace(after[:i])
			}
		}
		if after != "" {
			after = " " + after
		}
		return forms[r.IntN(len(forms))] + after, true
	}
	return "", false
}

// countedAt finds "first N lines" or "last N entries" in a parameter's
// description: the parameter counts what it names.
var countedAt = regexp.MustCompile(`(?i)\b(first|last|top|latest) N ([a-z]+)`)

// Counted is how a person says a count a parameter describes as "the
// first N lines": "the first 10 lines of", ready to lead the thing's name;
// "" when the description counts nothing so.
func Counted(description, n string) string {
	m := countedAt.FindStringSubmatch(description)
	if m == nil {
		return ""
	}
	return "the " + strings.ToLower(m[1]) + " " + n + " " + m[2] + " of "
}

// Reads reports whether a request opens as one to read, list, find or
// get something: what is in a place named by its path is what such a
// request is about ("list everything in /home/ana"); a move's or a
// deletion's path is not where things are.
func Reads(request string) bool {
	best, reads := "", false
	for _, k := range askKinds {
		r := slices.ContainsFunc(k.leads, func(l string) bool { return l == "read " || l == "list " || l == "find " || l == "get " })
		for _, a := range k.asks {
			if strings.HasPrefix(request, a) && len(a) > len(best) {
				best, reads = a, r // the longest opening is the kind ("get rid of", not "get")
			}
		}
	}
	return reads
}

// Noting reports whether a request is to note things down ("log
// observations on entities", "add notes to contacts"): what is noted is
// then said on the record it is for.
func Noting(request string) bool {
	for _, k := range askKinds {
		if len(k.notes) == 0 {
			continue
		}
		for _, a := range append(append([]string{}, k.notes...), k.asks...) {
			if rest, ok := strings.CutPrefix(request, a); ok && noted[firstWord(rest)] {
				return true
			}
		}
	}
	return false
}

// NoteOn words what is noted on named records as a person says it: "note
// on Chanel Morris's record: "Works as a musician" and "Birthday is on
// September 8"", not "log observations for entities (observations Chanel
// Morris with contents …)". notes holds each record's name and what is
// noted on it, in order; every text note is in quotes when it has spaces
// (Quoted), so where one ends is clear however short it is.
func NoteOn(r *rand.Rand, names []string, notes [][]any) string {
	return onRecords(r, names, notes, []string{"note on %s's record: ", "add to %s's notes: ", "jot down for %s: ", "note down for %s: ", "put on %s's record: "}, []string{"; for %s: ", "; and on %s's: ", "; for %s, "})
}

// Unnoting reports whether a request is to take notes off records
// ("delete specific observations from entities").
func Unnoting(request string) bool {
	for _, k := range askKinds {
		if !slices.Contains(k.leads, "delete ") {
			continue
		}
		for _, a := range k.asks {
			if rest, ok := strings.CutPrefix(request, a); ok {
				ws := strings.Fields(rest)
				return slices.ContainsFunc(ws[:min(len(ws), 3)], func(w string) bool { return noted[w] })
			}
		}
	}
	return false
}

// NoteOff words what is taken off named records: "remove from Asia
// Craig's record: "Works as a data scientist"".
func NoteOff(r *rand.Rand, names []string, notes [][]any) string {
	return onRecords(r, names, notes, []string{"remove from %s's record: ", "take off %s's record: ", "strike from %s's notes: ", "delete from %s's notes: "}, []string{"; from %s's: ", "; and from %s's record: ", "; for %s: "})
}

func onRecords(r *rand.Rand, names []string, notes [][]any, firsts, laters []string) string {
	var b strings.Builder
	for i, name := range names {
		var said []string
		for _, n := range notes[i] {
			if s, ok := n.(string); ok {
				said = append(said, Quoted(s)) // each note's end is clear, short or long
				continue
			}
			said = append(said, Spoken(n))
		}
		list := List(said)
		forms := laters
		if i == 0 {
			forms = firsts
		}
		b.WriteString(strings.Replace(forms[r.IntN(len(forms))], "%s", name, 1) + list)
	}
	return b.String()
}

// objectQuantifiers are the words before a plural object that say how many
// or which ("a few", "specific").
var objectQuantifiers = map[string]bool{"a": true, "few": true, "several": true, "some": true, "the": true, "multiple": true,
	"all": true, "specific": true, "these": true, "many": true}

// askOf is the kind of action a request opens with (askKinds) and the
// opening itself, the longest that matches ("get rid of", not "get").
func askOf(request string) (kind int, ask string) {
	kind = -1
	for i, k := range askKinds {
		for _, a := range append(append([]string{}, k.asks...), k.notes...) {
			if strings.HasPrefix(request, a) && len(a) > len(ask) {
				kind, ask = i, a
			}
		}
	}
	return kind, ask
}

// NameThings words a request for things the user lists by name as the
// things themselves: "add Laura Nguyen (a person) and Acme (an
// organization)", "pull up Project Redwood", not "add entities — entities
// Laura Nguyen …" or "look at specific nodes for names Project Redwood".
// The request's plural object, with the words saying how many, gives way
// to the list; false when the request has no plural object after its
// opening.
func NameThings(request string, things []string) (string, bool) {
	_, ask := askOf(request)
	if ask == "" || len(things) == 0 {
		return "", false
	}
	ws := strings.Fields(request[len(ask):])
	k := 0
	for k < len(ws)-1 && objectQuantifiers[ws[k]] {
		k++
	}
	if k >= len(ws) || !pluralWord(ws[k]) {
		return "", false
	}
	return strings.TrimSpace(ask + List(things) + " " + strings.Join(ws[k+1:], " ")), true
}

// pluralWord reports whether a word is a plural noun ("entities", "nodes").
func pluralWord(w string) bool {
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}

// Relate words a request to make or remove relations as what they say:
// "record that Ana Ruiz works at Acme and that Ana Ruiz knows Li Wei",
// "forget that Ana Ruiz works at Acme", not "add relations between
// entities using relations Ana Ruiz works at Acme". rels are the
// relations said as sentences; false when the request neither makes nor
// removes things.
func Relate(r *rand.Rand, request string, rels []string) (string, bool) {
	kind, _ := askOf(request)
	if kind < 0 || len(rels) == 0 {
		return "", false
	}
	var opens []string
	switch leads := askKinds[kind].leads; {
	case slices.Contains(leads, "add "):
		opens = []string{"record that ", "note that ", "remember that ", "make a note that ", "add that "}
	case slices.Contains(leads, "delete "):
		opens = []string{"forget that ", "remove the record that ", "drop the fact that ", "delete the note that "}
	default:
		return "", false
	}
	that := append([]string{rels[0]}, rels[1:]...)
	for i := 1; i < len(that); i++ {
		that[i] = "that " + that[i]
	}
	return opens[r.IntN(len(opens))] + List(that), true
}

// MoveTo words a request to move something as people say it, from where
// to where: "relocate /home/ana/a.txt to /home/ana/old/a.txt", not
// "relocate files — destination /home/ana/old/a.txt and source
// /home/ana/a.txt". false when the request is not a move.
func MoveTo(request, from, to string) (string, bool) {
	kind, ask := askOf(request)
	if kind < 0 || !slices.Contains(askKinds[kind].leads, "move ") {
		return "", false
	}
	if renamed(from, to) {
		// Another name in the same folder is a rename, never a move to
		// "relocate" ("rename /home/ana/a_wip.txt to /home/ana/a.txt").
		ask = "rename "
	}
	return ask + from + " to " + to, true
}

// renamed reports whether two paths name one folder's things: the second
// is the first under another name.
func renamed(from, to string) bool {
	if !strings.HasPrefix(from, "/") && !strings.Contains(from, "/") && !strings.Contains(to, "/") {
		return from != to && strings.Contains(from, ".") && strings.Contains(to, ".") // "a.txt" to "b.txt"
	}
	fi, ti := strings.LastIndex(from, "/"), strings.LastIndex(to, "/")
	return fi >= 0 && ti >= 0 && from[:fi] == to[:ti] && from != to
}

// eitherKind is an object a specification names as either of two kinds
// of path ("a file or directory"), and bothKinds as all of both ("files
// and directories") right after the verb.
var (
	eitherKind = regexp.MustCompile(`\ban? (file|folder|directory) or (?:an? )?(file|folder|directory)\b`)
	bothKinds  = regexp.MustCompile(`^(\S+(?: up| through| over)?) (?:files and (?:folders|directories)|(?:folders|directories) and files)\b`)
)

// OneKind says the one thing a request acts on by its kind, known from
// its path: "check metadata about a file" for /home/ana/a.txt, "a folder"
// for /home/ana/docs, never "a file or folder" the specification offers;
// "move a file" for one file where the specification moves "files and
// directories". A request whose object is no choice of kinds, or with no
// path, comes back as it is.
func OneKind(request, path string) string {
	if path == "" {
		return request
	}
	base := path[strings.LastIndex(path, "/")+1:]
	file := strings.LastIndex(base, ".") > 0
	if m := eitherKind.FindStringSubmatchIndex(request); m != nil {
		kind := "file"
		if !file {
			kind = request[m[2]:m[3]]
			if kind == "file" {
				kind = request[m[4]:m[5]]
			}
		}
		return request[:m[0]] + "a " + kind + request[m[1]:]
	}
	if m := bothKinds.FindStringSubmatchIndex(request); m != nil && file {
		return request[:m[3]] + " a file" + request[m[1]:]
	}
	return request
}

// Ends reports whether a parameter is where a move, a conversion or a span
// starts (-1), where it ends (1), or neither (0), by the words of its
// name: "source", "from", "old_path", "unit_in", "from_currency" start;
// "destination", "to", "new_path", "unit_out", "to_currency" end.
func Ends(param string) int {
	ws := Words(param)
	if len(ws) == 0 {
		return 0
	}
	first, last := strings.ToLower(ws[0]), strings.ToLower(ws[len(ws)-1])
	switch {
	case last == "source" || last == "src" || last == "from" || first == "source" || first == "src" || (first == "old" || first == "from") && len(ws) > 1 || last == "in" && len(ws) > 1:
		return -1
	case last == "destination" || last == "dest" || last == "target" || last == "to" || first == "destination" || first == "dest" || first == "target" || (first == "new" || first == "to") && len(ws) > 1 || last == "out" && len(ws) > 1:
		return 1
	}
	return 0
}
