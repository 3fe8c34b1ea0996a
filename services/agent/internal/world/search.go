package world

import (
	"maps"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"unicode"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/seedrand"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A search finds what contains what it was asked for. The sim generator
// draws a search's results from the schema alone, so search_messages
// ("world") listed three messages none of which said "world". A call of a
// tool whose description says it searches (finds, looks up, matches) by
// an argument that is the text searched for (a keyword, a query, a
// pattern, a name to search for) lists:
//
//   - first the things of the list's kind the conversation already holds
//     (a message sent, a tweet posted, a thing listed earlier) that contain
//     the text, as they are held;
//   - then the results drawn, each of which says the text in its text
//     field (a message's message, a tweet's content, a line, a path's file
//     name) where it did not.
//
// A knowledge graph's search is the graph's (graph.go).

// searchVerbs are the words of a description that say its tool searches.
var searchVerbs = set_("search", "searches", "searching", "find", "finds", "lookup", "filter", "filters", "match", "matches",
	"matching", "containing", "contain", "contains", "similar", "query", "queries", "grep")

// queryWords name an argument that is the text searched for.
var queryWords = set_("query", "q", "keyword", "keywords", "pattern", "search", "term", "phrase")

// searchedFor is the argument a search call looks for and its text
// ("" when the call is no search by text).
func searchedFor(t *toolset.Tool, args map[string]any) (param, q string) {
	if t.Input == nil || args == nil || !hasWord(ident.Words(t.Description), searchVerbs) {
		return "", ""
	}
	root := t.Input.Root()
	props := schemaProps(root, root)
	for _, p := range slices.Sorted(maps.Keys(args)) {
		s, ok := args[p].(string)
		if _, isID := idStem(p); !ok || isID || !plainQuery(s) {
			continue
		}
		desc := ""
		if m, _ := jsonschema.Resolve(root, props[p]); m != nil {
			desc, _ = m["description"].(string)
		}
		d := strings.ToLower(desc)
		if hasWord(ident.Words(p), queryWords) || strings.Contains(d, "search for") || strings.Contains(d, "keyword") || strings.Contains(d, "pattern") {
			return p, strings.TrimSpace(s)
		}
	}
	return "", ""
}

// plainQuery reports whether a searched text is words a result can say
// (table tennis, the q1 proposal, report.pdf), not an expression
// (status:open, *.txt) nor an id (USR-123).
func plainQuery(s string) bool {
	s = strings.TrimSpace(s)
	if !filterValue(s) || len(s) > 60 || len(strings.Fields(s)) > 6 {
		return false
	}
	letter, digit := false, false
	for _, c := range s {
		switch {
		case unicode.IsLetter(c):
			letter = true
		case unicode.IsDigit(c):
			digit = true
		case !strings.ContainsRune(" -'.&,", c):
			return false
		}
	}
	return letter && !(digit && !strings.Contains(s, " "))
}

// searched makes a search call's output list what contains its text
// (see above); d is the output, key the call's.
func (w *World) searched(t *toolset.Tool, a map[string]any, d any, root any, planned *blueprintv1.PlannedCall, key string) any {
	o, ok := d.(map[string]any)
	param, q := searchedFor(t, a)
	if !ok || q == "" {
		return d
	}
	if things, _ := graphParts(o); things != "" {
		return d // the graph's own search (graph.go)
	}
	var hint []string // the words that say where the text is ("in the content of the tweets")
	if m, _ := jsonschema.Resolve(t.Input.Root(), schemaProps(t.Input.Root(), t.Input.Root())[param]); m != nil {
		desc, _ := m["description"].(string)
		for _, word := range ident.Words(desc) {
			hint = append(hint, ident.Singular(word))
		}
	}
	noun, group := classify(t, a).noun, planned.GetParallelGroup()
	keepEmpty := w.gatesOnEmpty(planned)
	props := schemaProps(root, root)
	r := seedrand.New(w.seed, "world.search", key)
	for _, lk := range slices.Sorted(maps.Keys(o)) {
		items, isList := o[lk].([]any)
		if !isList || filterList(lk) {
			continue // tags and labels are not what a search finds
		}
		itemSchema, _ := jsonschema.Resolve(root, schemaOf(root, props[lk])["items"])
		family := listFamily(lk, noun)
		items = withHeld(items, w.heldMatches(family, q, group), family, itemSchema, root, keepEmpty)
		used, fields := map[string]bool{}, siblingFields(items, schemaProps(root, itemSchema))
		samples := siblingTexts(items)
		people := peopleList(lk) || fields["email"] != nil || fields["username"] != nil
		if people {
			// A person's name is theirs: a search by a topic finds
			// people by what they say, by their name only a name.
			for _, k := range slices.Sorted(maps.Keys(fields)) {
				if personName(k) && !isUpper(q) {
					delete(fields, k)
				}
			}
		}
		for i, it := range items {
			items[i] = carrying(it, q, hint, fields, samples, people, r, used)
		}
		o[lk] = items
	}
	return o
}

// gatesOnEmpty reports whether a condition of the plan asks for the
// planned call's output to be empty (a search that finds nothing): things
// held are then not added to an empty result.
func (w *World) gatesOnEmpty(planned *blueprintv1.PlannedCall) bool {
	if planned == nil || w.plan == nil {
		return false
	}
	for _, c := range w.plan.Calls {
		if cond := c.GetCondition(); cond.GetSubject().GetCallId() == planned.GetId() && cond.GetOperator() == "empty" {
			return true
		}
	}
	return false
}

// heldMatches are the things of family the conversation holds (that a
// call of group sees) whose text contains q, in the order they came.
func (w *World) heldMatches(family, q string, group int32) []map[string]any {
	if family == "" {
		return nil
	}
	var out []map[string]any
	for _, id := range w.ents.keysInOrder(family) {
		fields := w.ents.get(family, id, group)
		if len(fields) == 0 || gone(fields) || !says(fields, q) {
			continue
		}
		fields[heldID] = id
		out = append(out, fields)
	}
	return out
}

// heldID is the key under which heldMatches gives a held thing's id.
const heldID = "\x00id"

// gone reports whether a held thing's status says it was deleted.
func gone(fields map[string]any) bool {
	s, _ := fields["status"].(string)
	return s == "deleted" || s == "removed"
}

// withHeld puts the held things first among a search's results, in the
// shape of its items (their fields and id), each once, the drawn results
// after them as long as the list was; an empty list stays empty where the
// plan needs it so (keepEmpty).
func withHeld(items []any, held []map[string]any, family string, itemSchema map[string]any, root any, keepEmpty bool) []any {
	if len(held) == 0 || len(items) == 0 && keepEmpty {
		return items
	}
	shape, _ := first(items).(map[string]any)
	declared := schemaProps(root, itemSchema)
	if shape == nil && len(declared) == 0 {
		return items
	}
	var out []any
	ids := map[string]bool{}
	for _, h := range held {
		rec := map[string]any{}
		for k, v := range h {
			_, shows := shape[k]
			_, decl := declared[k]
			if (shows || decl) && k != heldID {
				rec[k] = clone(v)
			}
		}
		for _, k := range idFields(family) {
			if _, shows := shape[k]; (shows || declared[k] != nil) && !strings.HasPrefix(plan.Text(h[heldID]), unnamed) {
				rec[k] = asSchemaType(h[heldID], declared[k], root)
				ids[plan.Text(rec[k])] = true
			}
		}
		if len(rec) > 0 {
			out = append(out, rec)
		}
	}
	n := max(len(items), len(out))
	for _, it := range items {
		if m, ok := it.(map[string]any); ok && slices.ContainsFunc(idFields(family), func(k string) bool { return m[k] != nil && ids[plan.Text(m[k])] }) {
			continue // the held thing is listed as it is held
		}
		out = append(out, it)
	}
	return out[:n]
}

func first(items []any) any {
	if len(items) == 0 {
		return nil
	}
	return items[0]
}

// siblingFields are the fields a list's items declare, with the text
// fields any of them shows: an item drawn without its name has one.
func siblingFields(items []any, declared map[string]any) map[string]any {
	out := maps.Clone(declared)
	if out == nil {
		out = map[string]any{}
	}
	for _, it := range items {
		m, _ := it.(map[string]any)
		for k, v := range m {
			if _, isText := v.(string); isText && out[k] == nil {
				out[k] = map[string]any{"type": "string"}
			}
		}
	}
	return out
}

// siblingTexts are the first text each field of a list's items holds.
func siblingTexts(items []any) map[string]string {
	out := map[string]string{}
	for _, it := range items {
		m, _ := it.(map[string]any)
		for k, v := range m {
			if t, isText := v.(string); isText && t != "" && out[k] == "" {
				out[k] = t
			}
		}
	}
	return out
}

// textFields are the fields of a result that hold its text, in the order
// one is chosen to carry a searched text.
var textFields = []string{"content", "text", "message", "body", "line", "snippet", "title", "subject", "summary",
	"description", "name", "note", "comment", "key", "value", "path", "file_name", "filename", "file"}

// carrying is a result that says q: unchanged if a text of it does,
// else with q in its text field (the one the query's description names,
// else the first of textFields it has or its schema declares).
func carrying(it any, q string, hint []string, declared map[string]any, samples map[string]string, people bool, r *rand.Rand, used map[string]bool) any {
	switch x := it.(type) {
	case string:
		if strings.Contains(strings.ToLower(x), strings.ToLower(q)) {
			return x
		}
		switch {
		case pathLike(x):
			return pathWith(x, q)
		case x != "" && !strings.ContainsAny(x, " \t"):
			return tokenWith(x, q, used)
		}
		return sentenceWith(q, "line", r, used)
	case map[string]any:
		if says(x, q) {
			return x
		}
		f := textFieldOf(x, hint, declared)
		if f == "" {
			return x
		}
		cur, has := x[f].(string)
		if !has {
			cur = samples[f] // written as the other results write it
		}
		switch {
		case people && personName(f):
			x[f] = nameWith(cur, q) // a surname searched for is a person's
		case pathLike(cur):
			x[f] = pathWith(cur, q)
		case cur != "" && !strings.ContainsAny(cur, " \t"):
			x[f] = tokenWith(cur, q, used) // a keyword, a slug: one word
		case f == "name" && isUpper(q) && has:
			x[f] = nameWith(cur, q)
		case f == "name" && isUpper(q):
			x[f] = q
		case slices.Contains([]string{"title", "subject", "name", "key"}, f):
			x[f] = titleWith(q, f, r, used)
		default:
			x[f] = sentenceWith(q, f, r, used)
		}
		return x
	}
	return it
}

// textFieldOf picks the field of a result that carries its text.
func textFieldOf(x map[string]any, hint []string, declared map[string]any) string {
	text := func(k string) bool {
		if v, has := x[k]; has {
			_, isText := v.(string)
			return isText
		}
		m, _ := declared[k].(map[string]any)
		return m != nil && jsonschema.TypeOf(m) == "string"
	}
	keys := slices.Sorted(maps.Keys(declared))
	for _, k := range keys {
		words := ident.Words(k)
		if len(words) > 0 && slices.Contains(hint, words[len(words)-1]) && text(k) && !namingKey(k) {
			return k
		}
	}
	for _, want := range textFields {
		for _, k := range keys {
			if strings.Join(ident.Words(k), "_") == want && text(k) {
				return k
			}
		}
	}
	return ""
}

// personName reports whether a field holds a person's name.
func personName(k string) bool {
	switch strings.Join(ident.Words(k), "_") {
	case "name", "full_name", "display_name", "first_name", "last_name", "login":
		return true
	}
	return false
}

// pathLike reports whether a text is a file's path or name.
func pathLike(s string) bool {
	return s != "" && !strings.Contains(s, " ") && (strings.Contains(s, "/") || path.Ext(s) != "")
}

// pathWith is path p with q in its file name (reports/q3.pdf for
// "budget": reports/budget_q3.pdf); a name searched for that is a file
// name is the file's.
func pathWith(p, q string) string {
	dir, base := path.Split(p)
	if path.Ext(q) != "" {
		return dir + q
	}
	stem := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(q)), " ", "_")
	ext := path.Ext(base)
	return dir + stem + "_" + strings.TrimSuffix(base, ext) + ext
}

// docWords end a searched text that names one document ("the q1
// proposal").
var docWords = set_("proposal", "report", "inventory", "minutes", "presentation", "expenses", "budget", "plan", "schedule",
	"checklist", "invoice", "contract", "agenda", "roadmap", "draft", "summary", "review", "notes", "deck", "backup",
	"readme", "timeline", "forecast", "memo", "spreadsheet", "slides", "brief", "estimate", "analysis", "list")

// topic is q as a sentence names it: "the q1 proposal", "table tennis".
func topic(q string) string {
	w := strings.Fields(q)
	if len(w) > 1 && strings.ToLower(q) == q && docWords[w[len(w)-1]] {
		return "the " + q
	}
	return q
}

// lineTemplates are lines of a text that mention a topic: a file's lines
// and a person's messages.
var (
	lineTemplates = []string{
		"%s: figures checked and signed off.",
		"See the notes on %s below.",
		"TODO: update %s before Friday.",
		"Open items for %s are listed in section 2.",
		"Last reviewed %s with the team on Monday.",
		"Totals for %s carried over from last month.",
		"Owner of %s: see the contact sheet.",
		"%s - pending sign-off.",
	}
	// what a thing's description says it is about
	aboutTemplates = []string{
		"Notes and updates on %s.",
		"Everything about %s in one place.",
		"Planning and discussion for %s.",
		"Shared documents on %s.",
		"Ideas, links and questions about %s.",
	}
	messageTemplates = []string{
		"Quick update on %s: everything is on track.",
		"Does anyone have notes on %s?",
		"Can we talk about %s tomorrow morning?",
		"Thanks for the tips on %s, really helpful!",
		"Sharing what I found about %s, have a look.",
		"%s came up again in today's meeting.",
		"Any news on %s?",
		"I've put my thoughts on %s in the shared doc.",
		"Who else is interested in %s? Let me know.",
		"Still waiting to hear back about %s.",
		"Loved the discussion on %s last night.",
		"Reminder: %s is on the agenda for Thursday.",
	}
)

// sentenceWith is a text of field f that mentions q, one not used yet in
// this result.
func sentenceWith(q, f string, r *rand.Rand, used map[string]bool) string {
	ts := messageTemplates
	switch strings.Join(ident.Words(f), "_") {
	case "line":
		ts = lineTemplates
	case "description", "summary", "about", "bio":
		ts = aboutTemplates
	}
	start := r.IntN(len(ts))
	var s string
	for i := range ts {
		t := ts[(start+i)%len(ts)]
		s = strings.Replace(t, "%s", topic(q), 1)
		if strings.HasPrefix(t, "%s") {
			s = capitalFirst(s)
		}
		if !used[s] {
			break
		}
	}
	used[s] = true
	return s
}

// titleWith is a name or title of field f that holds q ("Table tennis
// notes", annual_minutes_notes for a key), one not used yet in this
// result.
func titleWith(q, f string, r *rand.Rand, used map[string]bool) string {
	suffixes := []string{"notes", "plan", "overview", "summary", "checklist"}
	start := r.IntN(len(suffixes))
	var s string
	for i := range suffixes {
		suffix := suffixes[(start+i)%len(suffixes)]
		s = capitalFirst(q) + " " + suffix
		if f == "key" {
			s = strings.ReplaceAll(strings.ToLower(q), " ", "_") + "_" + suffix
		}
		if !used[s] {
			break
		}
	}
	used[s] = true
	return s
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func isUpper(s string) bool {
	return s != "" && strings.ToUpper(s[:1]) == s[:1] && strings.ToLower(s[:1]) != s[:1]
}

// nameWith is a name that holds the name q searched for: a surname goes
// to a full name ("Cole Friesen" for "Gibbs": "Cole Gibbs"), any other
// name is the name.
func nameWith(cur, q string) string {
	if w := strings.Fields(cur); len(w) == 2 && !strings.Contains(q, " ") {
		return w[0] + " " + q
	}
	return q
}

// tokenWith is a one-word value written as cur is (PIZZA, table-tennis,
// annual_minutes) that holds q, one not used yet in this result.
func tokenWith(cur, q string, used map[string]bool) string {
	sep := "-"
	if strings.Contains(cur, "_") && !strings.Contains(cur, "-") {
		sep = "_"
	}
	style := func(t string) string {
		switch {
		case strings.ToUpper(cur) == cur:
			return strings.ToUpper(t)
		case strings.ToLower(cur) == cur:
			return strings.ToLower(t)
		}
		return t
	}
	base := strings.Join(strings.Fields(q), sep)
	s := style(base)
	for _, suffix := range []string{"info", "club", "news", "team", "now", "plus"} {
		if !used[s] {
			break
		}
		s = style(base + sep + suffix)
	}
	used[s] = true
	return s
}
