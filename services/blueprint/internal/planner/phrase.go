package planner

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// clauseKind is the shape of one part of a request: how its calls relate.
type clauseKind int

const (
	// clauseText is words given as they are.
	clauseText clauseKind = iota
	// clauseOne asks for one call.
	clauseOne
	// clauseChain asks for calls each feeding the next.
	clauseChain
	// clauseFan asks for independent calls, fed by calls[0] when src is set.
	clauseFan
	// clauseCond asks for calls[0], then calls[1] only if its condition holds.
	clauseCond
	// clauseEach asks for calls[0], then calls[1] for each element of list.
	clauseEach
	// clauseCompare asks for the same call for two subjects and a comparison.
	clauseCompare
	// clauseCompareAll asks to compare the results already asked for.
	clauseCompareAll
	// clauseCode asks for a computation over the results (what).
	clauseCode
	// clauseThen asks for a call that uses what came before.
	clauseThen
	// clauseAlso asks for an unrelated call besides.
	clauseAlso
)

// clause is one part of an intent's request, rendered into words once the
// plan is final (which values the user withholds is decided late).
type clause struct {
	kind  clauseKind
	calls []*blueprintv1.PlannedCall
	src   bool
	// list names the iterated list; what the computation; text the words of
	// a clauseText.
	list, what, text string
	sql              bool
}

// say adds a clause to intent i's request.
func (b *builder) say(i int, c clause) { b.intents[i].clauses = append(b.intents[i].clauses, c) }

// speaker renders the requests of one blueprint: what was said already (a
// value is stated once per request) and which values the user withholds.
type speaker struct {
	b        *builder
	r        *rand.Rand
	withheld map[string]bool
	said     map[string]bool
	// qualified holds the purposes' qualifiers said already ("in a GitHub
	// repository"): once the user has said where, they do not say it again.
	qualified map[string]bool
	// told holds the credentials said in an earlier request: a key is
	// given once a conversation (credentials.go).
	told map[string]bool
}

func (b *builder) speaker(r *rand.Rand) *speaker {
	sp := &speaker{b: b, r: r, withheld: map[string]bool{}, qualified: map[string]bool{}, told: map[string]bool{}}
	for _, in := range b.intents {
		for _, c := range in.calls {
			for _, a := range c.GetArguments() {
				if u := a.GetUser(); u != nil && u.GetWithholdUntilAsked() {
					sp.withheld[u.GetValueJson()] = true
				}
			}
		}
	}
	return sp
}

func (sp *speaker) pick(xs ...string) string { return xs[sp.r.IntN(len(xs))] }

// request renders an intent as an imperative request in lower case, the
// values the user states woven in ("look up the zip code for city Lisbon,
// then set the cruise control with speed 65").
func (sp *speaker) request(in *intent) string {
	sp.said = maps.Clone(sp.told)
	defer func() {
		for v := range sp.said {
			if sp.b.isCredential(v) {
				sp.told[v] = true
			}
		}
	}()
	var parts []string
	for k, c := range in.clauses {
		text := sp.clause(c)
		if text == "" {
			continue
		}
		if k > 0 && len(parts) > 0 {
			text = sp.joint(c.kind) + text
		}
		parts = append(parts, text)
	}
	out := strings.Join(parts, "")
	if out == "" {
		return "help me with this"
	}
	return out
}

// joint is the connector before a later clause: sequence words for a step
// that uses earlier results, additive words for one that does not.
func (sp *speaker) joint(k clauseKind) string {
	switch k {
	case clauseThen, clauseCode, clauseCompareAll:
		return sp.pick(", then ", " and then ", "; after that, ", ", and once that's done, ", ", and with that, ", ", then ", ", and after that ", "; once that's finished, ", ", and next ", " — after that, ")
	}
	return sp.pick("; also ", ", and ", "; on top of that, ", ", plus ", "; separately, ", " and ", "; and ", ", as well as ", ", and also ", "; besides that, ", "; while you're at it, ", "; in addition, ", ", and additionally ", " — and ")
}

func (sp *speaker) clause(c clause) string {
	switch c.kind {
	case clauseText:
		return c.text
	case clauseOne, clauseThen, clauseAlso:
		return sp.ask(c.calls[0])
	case clauseChain:
		var b strings.Builder
		if sp.r.IntN(4) == 0 {
			b.WriteString("first ")
		}
		b.WriteString(sp.ask(c.calls[0]))
		// Each link of a chain in other words, never the same twice.
		links := []string{", then ", " and then ", ", and use that to ", " and with that ", ", after which ", ", then ", "; next, ", ", and from there ", " — then ", "; after that, ", " and afterwards ", ", and then go on to ", ", and with it ", ", then "}
		sp.r.Shuffle(len(links), func(i, j int) { links[i], links[j] = links[j], links[i] })
		for k, call := range c.calls[1:] {
			b.WriteString(links[k%len(links)] + sp.ask(call))
		}
		return b.String()
	case clauseFan:
		legs := c.calls
		head := ""
		if c.src {
			head = sp.ask(c.calls[0])
			legs = c.calls[1:]
		}
		var asks []string
		for _, l := range legs {
			asks = append(asks, sp.ask(l))
		}
		body := sp.list(asks)
		if len(asks) == 2 && sp.r.IntN(3) == 0 {
			body = sp.pick("both ", "") + asks[0] + sp.pick(" and in parallel ", " as well as ", " and, independently, ") + asks[1]
		}
		if head == "" {
			return body
		}
		return head + sp.pick(", then from that ", ", and with that result ", "; using what comes back, ", ", and based on it ") + body
	case clauseCond:
		cond := sp.condition(c.calls[1].GetCondition())
		return sp.ask(c.calls[0]) + sp.pick("; if "+cond+", ", ", and if "+cond+", go on to ", ", and only if "+cond+", ", "; in case "+cond+", ") + sp.ask(c.calls[1])
	case clauseEach:
		list := c.list
		return sp.ask(c.calls[0]) + sp.pick(
			", then "+sp.ask(c.calls[1])+" for each of the "+list,
			", and for every one of the "+list+", "+sp.ask(c.calls[1]),
			"; then go through the "+list+" and "+sp.ask(c.calls[1])+" for each",
			", and then, one by one for the "+list+", "+sp.ask(c.calls[1]))
	case clauseCompare:
		first := sp.ask(c.calls[0])
		second := sp.alone(c.calls[1])
		if p, ok := strings.CutPrefix(second, "path "); ok && isPath(p) {
			second = p // "and again for /home/ana/work", the path says what it is
		} else if p, ok := strings.CutPrefix(second, "paths /"); ok {
			second = "/" + p
		}
		if second == "" {
			second = "a second case"
		}
		endings := []string{", and compare the two", ", and tell me how they compare", ", then put the two side by side"}
		if t := sp.b.tool[c.calls[0].GetId()]; t != nil && outputShape(t).kind == shapeFigures {
			endings = append(endings, ", and tell me which comes out higher") // only figures are higher or lower
		}
		return first + sp.pick(" and again for ", ", then the same for ", ", and also for ") + second + sp.pick(endings...)
	case clauseCompareAll:
		if sameTools(c.calls) {
			return sp.pick("compare the results", "put the results side by side", "tell me how they compare", "compare what comes back")
		}
		// Results of different tools are brought together, not compared.
		return sp.pick("pull the results together for me", "sum it all up for me", "give me one combined summary", "wrap everything into a single overview", "summarise all of that together", "bring those findings into one reply")
	case clauseCode:
		tail := ""
		if sp.r.IntN(3) == 0 {
			tail = map[bool]string{false: " with a short Python script", true: " with a SQL query"}[c.sql]
		}
		return sp.pick("work out ", "calculate ", "compute ", "figure out ", "give me ") + c.what + tail
	}
	return ""
}

// alike reports whether another tool of the cluster is for the same thing
// as t once the qualifiers are dropped (short), with another qualifier: a
// qualifier both share ("in a path") tells neither from the other.
func (sp *speaker) alike(t *catalog.Tool, short, qualifier string) bool {
	for _, o := range sp.b.cat.Tools {
		if o.Name == t.Name {
			continue
		}
		p := wording.Mine(wording.Purpose(o.Name, o.Description()))
		if wording.Short(p) == short && strings.TrimSpace(strings.TrimPrefix(p, short)) != qualifier {
			return true
		}
	}
	return false
}

// ask renders one call: what the tool is for and the values the user
// states for it.
func (sp *speaker) ask(c *blueprintv1.PlannedCall) string {
	t := sp.b.tool[c.GetId()]
	purpose := "use " + c.GetToolName()
	if t != nil {
		// The user speaks of themself, not of "the current user".
		purpose = wording.Mine(wording.Purpose(t.Name, t.Description()))
		// Values stated say where and for what ("in octo/app" says more
		// than "in a GitHub repository"): people then drop the qualifier;
		// without values most do too (they know what the assistant is
		// connected to).
		short := wording.Short(purpose)
		qualifier := strings.TrimSpace(strings.TrimPrefix(purpose, short))
		// A qualifier that tells this tool from another of the cluster
		// ("from the short-term memory" and "from the long-term memory")
		// stays: without it two requests would ask for the same thing.
		if !sp.alike(t, short, qualifier) && (sp.qualified[qualifier] || sp.states(c) || sp.r.IntN(3) > 0 || vague(qualifier)) {
			purpose = short
		}
		if qualifier != "" && purpose != short {
			sp.qualified[qualifier] = true
		}
		purpose = referred(c, t, purpose)
		purpose = wording.Ask(sp.r, purpose)
		if named, ok := sp.subject(c, t, purpose); ok {
			return named
		}
		if noted, ok := sp.notedOn(c, purpose); ok {
			return noted
		}
		if paired, ok := sp.pair(c, purpose); ok {
			return paired
		}
		if listed, ok := sp.listed(c, purpose); ok {
			return listed
		}
		if moved, ok := sp.moved(c, purpose); ok {
			return moved
		}
		if sp.queriedLater(c) {
			if search, ok := wording.LookForUnsaid(sp.r, purpose); ok {
				purpose = search
			}
		}
		purpose = sp.countedPart(c, t, purpose)
		purpose = wording.OneKind(purpose, sp.pathOf(c))
	}
	return sp.withValues(c, purpose)
}

// withValues says a request with the values the user states for it: in
// brackets, after "using", "with", "for" or a dash; a cap on the results
// alone follows the request ("look up campaigns, at most 5"), not "using
// at most 5".
func (sp *speaker) withValues(c *blueprintv1.PlannedCall, purpose string) string {
	if named, ok := sp.objectValue(c, purpose); ok {
		purpose = named
	}
	parts, cp := sp.valueParts(c)
	limit := sp.capPhrase(cp, purpose)
	if len(parts) == 0 && limit != "" {
		switch sp.r.IntN(3) {
		case 0:
			return purpose + " (" + limit + ")"
		case 1:
			return purpose + " — " + limit
		}
		return purpose + ", " + limit
	}
	if limit != "" {
		parts = append(parts, limit)
	}
	vals := sp.list(parts)
	if vals == "" {
		return purpose
	}
	if strings.HasPrefix(vals, "replace ") {
		return purpose + ": " + vals // the edits say what they change
	}
	switch sp.r.IntN(6) {
	case 0:
		return purpose + " (" + vals + ")"
	case 1:
		return purpose + " using " + vals
	case 2:
		return purpose + " with " + vals
	case 3:
		return purpose + " — " + vals
	}
	return purpose + " for " + vals
}

// subject names the thing a call is about by the value that names it, as
// people do: a path ("open /home/ana/notes.md", "the first 10 lines of
// /home/ana/notes.md") or what is looked for ("look up Jordan"). The
// user's other values for the call follow as qualifiers ("list
// /home/ana/archive, sort by name"). false when no value names the
// thing the purpose speaks of.
func (sp *speaker) subject(c *blueprintv1.PlannedCall, t *catalog.Tool, purpose string) (string, bool) {
	for _, a := range c.GetArguments() {
		u := a.GetUser()
		v, ok := sp.stated(u)
		if !ok {
			continue
		}
		var named string
		switch {
		case v == "" && len(paths(u)) > 0:
			named, ok = namedByAll(purpose, wording.List(paths(u)))
			v = "" // the list is the whole of what is said
		case isPath(v):
			named, ok = namedBy(sp.r, purpose, "\x00")
		case wording.Queried(a.GetParam(), u.GetDescription(), v):
			named, ok = wording.LookFor(sp.r, purpose, v)
			if ok && bareWord(v) {
				// A lone common word is a term searched for ("person"), not
				// a name: "look up person" reads as a slip.
				named = sp.pick(`search for "`+v+`"`, `look up everything matching "`+v+`"`, `run a search for "`+v+`"`)
			}
		default:
			ok = false
		}
		if !ok {
			continue
		}
		sp.said[u.GetValueJson()] = true
		if i := strings.Index(named, "\x00"); i >= 0 {
			named = named[:i] + sp.counted(c, t) + v + named[i+1:]
		}
		rest := sp.values(c)
		if rest == "" {
			return named, true
		}
		if strings.HasPrefix(rest, "replace ") {
			return named + sp.pick(": ", " — ", ", ") + rest, true // the edits say what they change
		}
		return named + sp.pick(", ", " with ", " — ", ", ") + rest, true
	}
	return "", false
}

// bareWord reports whether a query is one common word in lower case
// ("person", "invoice"): a term, said in quotes, not a name.
func bareWord(v string) bool {
	if v == "" || strings.ContainsAny(v, " /") {
		return false
	}
	for _, r := range v {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// states reports whether the user states a value for a call not said
// before, as values would say it.
func (sp *speaker) states(c *blueprintv1.PlannedCall) bool {
	for _, a := range c.GetArguments() {
		if _, _, ok := sp.unsaid(a); ok {
			return true
		}
	}
	return false
}

// unsaid returns a user's value for an argument and the form the user says
// it in (a value the plan converts is said as the user writes it,
// stated_json), when it is the user's to state and not said before.
func (sp *speaker) unsaid(a *blueprintv1.ArgumentBinding) (*blueprintv1.UserValue, string, bool) {
	u := a.GetUser()
	if u == nil || sp.withheld[u.GetValueJson()] {
		return nil, "", false
	}
	v := u.GetValueJson()
	if sj := u.GetStatedJson(); sj != "" {
		v = sj
	}
	return u, v, !sp.said[v]
}

// notedOn says a request to note things on records by the records' names
// ("note on Chanel Morris's record: Works as a musician"), when the user's
// one value is the records, each a name and what is noted on it.
func (sp *speaker) notedOn(c *blueprintv1.PlannedCall, purpose string) (string, bool) {
	say := wording.NoteOn
	if wording.Unnoting(purpose) {
		say = wording.NoteOff
	} else if !wording.Noting(purpose) {
		return "", false
	}
	var value *blueprintv1.UserValue
	for _, a := range c.GetArguments() {
		if u := a.GetUser(); u != nil && !sp.withheld[u.GetValueJson()] && !sp.said[u.GetValueJson()] {
			if value != nil || u.GetStatedJson() != "" {
				return "", false
			}
			value = u
		}
	}
	if value == nil {
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(value.GetValueJson()))
	dec.UseNumber()
	var recs []map[string]any
	if dec.Decode(&recs) != nil || len(recs) == 0 {
		return "", false
	}
	var names []string
	var notes [][]any
	for _, rec := range recs {
		name, list := "", []any(nil)
		for _, v := range rec {
			switch x := v.(type) {
			case string:
				name = x
			case []any:
				if slices.ContainsFunc(x, func(e any) bool { _, ok := e.(string); return !ok }) {
					return "", false // notes are words, not records of their own
				}
				list = x
			}
		}
		if len(rec) != 2 || name == "" || len(list) == 0 {
			return "", false
		}
		names, notes = append(names, name), append(notes, list)
	}
	sp.said[value.GetValueJson()] = true
	return say(sp.r, names, notes), true
}

// listed says a request for things the user lists, records or names, as
// the things themselves: "add Laura Nguyen (a person; "Allergic to
// peanuts")", "pull up Project Redwood", "record that Ana Ruiz works at
// Acme", not "add entities — entities Laura Nguyen with entity type
// person …". The user's other values for the call follow. false when no
// value lists what the request's object is.
func (sp *speaker) listed(c *blueprintv1.PlannedCall, purpose string) (string, bool) {
	for _, a := range c.GetArguments() {
		u, v, ok := sp.unsaid(a)
		if !ok || u.GetStatedJson() != "" {
			continue
		}
		named, ok := sp.things(a, u, purpose)
		if !ok {
			continue
		}
		sp.said[v] = true
		if rest := sp.values(c); rest != "" {
			named += sp.pick(", ", " — ", "; ") + rest
		}
		return named, true
	}
	return "", false
}

// moved says a move from where to where ("relocate /home/ana/a.txt to
// /home/ana/old/a.txt"), when the user states both ends; the user's other
// values follow.
func (sp *speaker) moved(c *blueprintv1.PlannedCall, purpose string) (string, bool) {
	var from, to, fromJSON, toJSON string
	for _, a := range c.GetArguments() {
		u, v, ok := sp.unsaid(a)
		var s string
		if !ok || u.GetStatedJson() != "" || json.Unmarshal([]byte(v), &s) != nil {
			continue
		}
		switch wording.Ends(a.GetParam()) {
		case -1:
			from, fromJSON = s, v
		case 1:
			to, toJSON = s, v
		}
	}
	if from != "" && to == "" && sp.withholds(c, 1) {
		// Where to is given when the assistant asks: the move is asked
		// for by what moves ("move /home/ana/a.txt"), not "with source …".
		if said, ok := wording.MoveTo(purpose, from, "\x00"); ok {
			sp.said[fromJSON] = true
			said = strings.TrimSuffix(said, " to \x00")
			if rest := sp.values(c); rest != "" {
				said += ", " + rest
			}
			return said, true
		}
	}
	if from == "" || to == "" {
		return "", false
	}
	said, ok := wording.MoveTo(purpose, from, to)
	if !ok {
		// Not a move: a conversion, a stay, a range ("convert a value from
		// metric to imperial", "book a room from 2025-03-01 to 2025-03-04").
		said = purpose + " from " + from + " to " + to
	}
	sp.said[fromJSON], sp.said[toJSON] = true, true
	if rest := sp.values(c); rest != "" {
		said += ", " + rest
	}
	return said, true
}

// withholds reports whether the user gives the value of the call's start
// (-1) or end (1) parameter only when asked.
func (sp *speaker) withholds(c *blueprintv1.PlannedCall, end int) bool {
	for _, a := range c.GetArguments() {
		if u := a.GetUser(); u != nil && sp.withheld[u.GetValueJson()] && wording.Ends(a.GetParam()) == end {
			return true
		}
	}
	return false
}

// alone says the one value that sets a compared second case apart by
// itself ("and again for /home/ana/b.md", "the same for SpaceCurve ("Uses
// Slack")"), not with its parameter's noun ("the same for observations
// SpaceCurve …"); a number or a flag keeps its noun, which says what it
// is. With several values, each is said with its noun.
func (sp *speaker) alone(c *blueprintv1.PlannedCall) string {
	var only *blueprintv1.ArgumentBinding
	for _, a := range c.GetArguments() {
		if _, _, ok := sp.unsaid(a); ok {
			if only != nil {
				return sp.pathAndRest(c)
			}
			only = a
		}
	}
	if only == nil {
		return ""
	}
	_, v, _ := sp.unsaid(only)
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	var x any
	if dec.Decode(&x) != nil {
		return sp.values(c)
	}
	if obj, ok := x.(map[string]any); !plain(x) || ok && hasCap(sp.b.tool[c.GetId()], only.GetParam(), obj) {
		return sp.values(c) // a body's cap is said apart ("at most 10 results")
	}
	sp.said[v] = true
	// A record said by its fields leads with them: "the same for
	// certificate statuses open", not "the same for with certificate …".
	return strings.TrimPrefix(strings.TrimSpace(wording.Value("", x)), "with ")
}

// plain reports whether a value says what it is by itself: a path, a
// name or words, records, a list of such; not a code or a token
// ("jahxQb5dp7WV", "83"), which needs its noun.
func plain(x any) bool {
	switch e := x.(type) {
	case string:
		return isPath(e) || strings.Contains(e, " ") || !strings.ContainsAny(e, "0123456789_")
	case map[string]any:
		return true
	case []any:
		for _, y := range e {
			if !plain(y) {
				return false
			}
		}
		return len(e) > 0
	}
	return false
}

// pathAndRest says a second case with several values by its path, a
// count of part of it leading ("the last 25 lines of /home/ana/b.md"),
// the rest after it; with no path, every value with its noun.
func (sp *speaker) pathAndRest(c *blueprintv1.PlannedCall) string {
	t := sp.b.tool[c.GetId()]
	for _, a := range c.GetArguments() {
		u, v, ok := sp.unsaid(a)
		var p string
		if !ok || t == nil || u.GetStatedJson() != "" || json.Unmarshal([]byte(v), &p) != nil || !isPath(p) {
			continue
		}
		sp.said[v] = true
		said := sp.counted(c, t) + p
		if rest := sp.values(c); rest != "" {
			said += " with " + rest
		}
		return said
	}
	return sp.values(c)
}

// things words a request by the things one value lists: relations as
// what they say, named records or names in place of the request's object.
func (sp *speaker) things(a *blueprintv1.ArgumentBinding, u *blueprintv1.UserValue, purpose string) (string, bool) {
	dec := json.NewDecoder(strings.NewReader(u.GetValueJson()))
	dec.UseNumber()
	var xs []any
	if dec.Decode(&xs) != nil || len(xs) == 0 {
		return "", false
	}
	var said, rels []string
	for _, x := range xs {
		switch e := x.(type) {
		case string:
			if !names(a.GetParam(), u.GetDescription()) || isPath(e) {
				return "", false
			}
			said = append(said, e)
		case map[string]any:
			if _, rel := e["relationType"]; rel && len(e) == 3 {
				rels = append(rels, wording.Value("", e))
				continue
			}
			if listed, ok := wording.Listed(e); ok {
				said = append(said, listed)
				continue
			}
			return "", false
		default:
			return "", false
		}
	}
	switch {
	case len(rels) == len(xs):
		return wording.Relate(sp.r, purpose, rels)
	case len(said) == len(xs):
		return wording.NameThings(purpose, said)
	}
	return "", false
}

// names reports whether a parameter holds the names of things ("names",
// "entityNames", "entity names"): the names then say which things.
func names(param, noun string) bool {
	ws := wording.Words(param)
	last := ""
	if len(ws) > 0 {
		last = strings.ToLower(ws[len(ws)-1])
	}
	return last == "names" || strings.HasSuffix(strings.ToLower(noun), "names")
}

// stated is a string value the user states for a call and has not said
// yet, as they say it.
func (sp *speaker) stated(u *blueprintv1.UserValue) (string, bool) {
	if u == nil || sp.withheld[u.GetValueJson()] || u.GetStatedJson() != "" || sp.said[u.GetValueJson()] {
		return "", false
	}
	var v string
	if json.Unmarshal([]byte(u.GetValueJson()), &v) != nil {
		return "", len(paths(u)) > 0
	}
	return v, true
}

// paths are the paths a value lists, nil when it is not a list of paths.
func paths(u *blueprintv1.UserValue) []string {
	var ps []string
	if json.Unmarshal([]byte(u.GetValueJson()), &ps) != nil {
		return nil
	}
	for _, p := range ps {
		if !isPath(p) {
			return nil
		}
	}
	return ps
}

// namedByAll says a request for several things by their paths: "open
// /home/ana/a.md and /home/ana/b.md", not "open a few files for paths …".
func namedByAll(purpose, list string) (string, bool) {
	ws := strings.Fields(purpose)
	n := len(ws)
	if n < 2 || !plural(ws[n-1]) || !wording.Reads(purpose) {
		return "", false
	}
	k := n - 1
	for k > 1 && quantifier[ws[k-1]] {
		k--
	}
	return strings.Join(ws[:k], " ") + " " + list, true
}

// quantifier are the words before a plural that say how many ("a few").
var quantifier = map[string]bool{"a": true, "few": true, "several": true, "some": true, "the": true, "multiple": true, "all": true}

// isPath reports whether v is one absolute path (no pattern, no spaces).
func isPath(v string) bool {
	return len(v) > 1 && strings.HasPrefix(v, "/") && !strings.ContainsAny(v, " *?")
}

// counted is how a count the user states for a call leads the thing's name
// ("the first 10 lines of "), when its parameter counts part of the thing;
// the count is then said.
func (sp *speaker) counted(c *blueprintv1.PlannedCall, t *catalog.Tool) string {
	for _, a := range c.GetArguments() {
		u := a.GetUser()
		if u == nil || sp.withheld[u.GetValueJson()] || u.GetStatedJson() != "" || sp.said[u.GetValueJson()] {
			continue
		}
		var n json.Number
		if json.Unmarshal([]byte(u.GetValueJson()), &n) != nil {
			continue
		}
		s, _ := t.ParamSchema(a.GetParam())
		d, _ := s["description"].(string)
		if lead := wording.Counted(d, n.String()); lead != "" {
			sp.said[u.GetValueJson()] = true
			return lead
		}
	}
	return ""
}

// queriedLater reports whether what a call looks for is withheld until
// the assistant asks.
func (sp *speaker) queriedLater(c *blueprintv1.PlannedCall) bool {
	for _, a := range c.GetArguments() {
		u := a.GetUser()
		var v string
		if u == nil || !sp.withheld[u.GetValueJson()] || json.Unmarshal([]byte(u.GetValueJson()), &v) != nil {
			continue
		}
		if wording.Queried(a.GetParam(), u.GetDescription(), v) {
			return true
		}
	}
	return false
}

// countedPart says a count the user states of part of a thing not named
// yet as a count of that part: "read the last 20 lines of a file", not
// "read a file with tail 20" (the path follows when the assistant asks).
func (sp *speaker) countedPart(c *blueprintv1.PlannedCall, t *catalog.Tool, purpose string) string {
	ws := strings.Fields(purpose)
	n := len(ws)
	if n < 3 || (ws[n-2] != "a" && ws[n-2] != "an") {
		return purpose
	}
	lead := sp.counted(c, t)
	if lead == "" {
		return purpose
	}
	return strings.Join(ws[:n-2], " ") + " " + lead + ws[n-2] + " " + ws[n-1]
}

// referred says a value a call takes from an earlier result the way a
// person points back at it: "log in a user with that user ID", not "with
// the user ID" (the description's "the given user ID").
func referred(c *blueprintv1.PlannedCall, t *catalog.Tool, purpose string) string {
	for _, a := range c.GetArguments() {
		if a.GetRef() == nil {
			continue
		}
		noun := describeParam(t, a.GetParam())
		at := strings.Index(purpose, " the "+noun)
		end := at + len(" the "+noun)
		if noun == "" || at < 0 || end < len(purpose) && purpose[end] != ' ' {
			continue
		}
		return purpose[:at] + " that " + noun + purpose[end:]
	}
	return purpose
}

// vague reports whether a qualifier names no place or thing, only a kind
// ("in a path", "for a user", "at the path"): a person leaves it out.
func vague(qualifier string) bool {
	ws := strings.Fields(qualifier)
	return len(ws) == 3 && (ws[1] == "a" || ws[1] == "an" || ws[2] == "path")
}

// fileName is a file's name without a folder ("notes_april.pdf").
var fileName = regexp.MustCompile(`^[\w.-]+\.[A-Za-z0-9]{1,5}$`)

// pathOf is the one path the user gives for a call, said now or when the
// assistant asks: what the call acts on ("a file" for /home/ana/a.txt).
func (sp *speaker) pathOf(c *blueprintv1.PlannedCall) string {
	path := ""
	for _, a := range c.GetArguments() {
		var v string
		if u := a.GetUser(); u != nil && json.Unmarshal([]byte(u.GetValueJson()), &v) == nil && (isPath(v) || fileName.MatchString(v)) {
			if path != "" {
				return "" // two paths: a move's or a copy's ends
			}
			path = v
		}
	}
	return path
}

// namedBy says a request for one thing by its path as people do: "open
// /home/ana/notes.md", not "open a file with path /home/ana/notes.md"; "set
// up a new folder at /home/ana/music". A purpose whose object is not one
// thing of a kind ("a file") is not named so.
func namedBy(r *rand.Rand, purpose, path string) (string, bool) {
	if path == "" {
		return "", false
	}
	ws := strings.Fields(purpose)
	n := len(ws)
	switch {
	case n >= 4 && ws[n-3] == "a" && ws[n-2] == "new":
		head, noun := strings.Join(ws[:n-3], " "), ws[n-1]
		return head + " " + []string{"a new " + noun + " at ", "a " + noun + " at ", "the " + noun + " ", "a " + noun + " called "}[r.IntN(4)] + path, true
	case n >= 3 && (ws[n-2] == "a" || ws[n-2] == "an"):
		return strings.Join(ws[:n-2], " ") + " " + path, true
	case n >= 5 && (ws[n-4] == "a" || ws[n-4] == "an") && ws[n-2] == "or":
		// "a file or directory": whichever it is, the path names it.
		return strings.Join(ws[:n-4], " ") + " " + path, true
	case n >= 2 && (ws[n-1] == "edits" || ws[n-1] == "changes"):
		// An edit with no object is made to the thing the path names.
		return purpose + " to " + path, true
	case n >= 2 && ws[n-1] == "things":
		return strings.Join(ws[:n-1], " ") + " " + path, true
	case n >= 2 && ws[n-1] == "editing":
		return purpose + " on " + path, true
	case n >= 2 && collective[ws[n-1]] && wording.Reads(purpose):
		// What is in a place ("everything", "all files and directories").
		return purpose + []string{" in ", " under ", " in "}[r.IntN(3)] + path, true
	}
	return "", false
}

// collective are the last words of objects that are what a place holds.
var collective = map[string]bool{"everything": true, "contents": true, "files": true, "directories": true, "folders": true, "entries": true}

// values renders the values the user states for a call, not said before.
// A failing call's values are the user's too (a planned failure's cause is
// a value the user gives), and a value the plan converts is said the way
// the user writes it (stated_json).
func (sp *speaker) values(c *blueprintv1.PlannedCall) string {
	parts, cp := sp.valueParts(c)
	if limit := sp.capPhrase(cp, ""); limit != "" {
		parts = append(parts, limit)
	}
	return sp.list(parts)
}

// valueParts are the values the user states for a call, not said before,
// each in words; a cap on how many results come back, and how many to
// skip, are said apart, last ("at most 5 campaigns, skipping the first
// 10").
func (sp *speaker) valueParts(c *blueprintv1.PlannedCall) (parts []string, cp resultCap) {
	t := sp.b.tool[c.GetId()]
	for _, a := range c.GetArguments() {
		u, v, ok := sp.unsaid(a)
		if !ok {
			continue
		}
		sp.said[v] = true
		var n json.Number
		if noun, perPage, capped := limitOf(t, a.GetParam()); capped && cp.n == "" && json.Unmarshal([]byte(v), &n) == nil {
			cp = resultCap{noun: noun, perPage: perPage, n: n.String(), skip: cp.skip}
			continue
		}
		if skipOf(t, a.GetParam()) && cp.skip == "" && json.Unmarshal([]byte(v), &n) == nil && n.String() != "0" {
			cp.skip = n.String() // "skipping the first 50", not "offset 50"
			continue
		}
		var obj map[string]any
		dec := json.NewDecoder(strings.NewReader(v))
		dec.UseNumber()
		if cp.n == "" && dec.Decode(&obj) == nil {
			// A body's cap is said apart too; the rest of the body as before.
			if rest, noun, perPage, n := bodyCap(t, a.GetParam(), obj); n != "" {
				cp = resultCap{noun: noun, perPage: perPage, n: n, skip: cp.skip}
				if len(rest) == 0 {
					continue
				}
				raw, _ := json.Marshal(rest)
				v = string(raw)
			}
		}
		noun := u.GetDescription()
		if sp.b.isCredential(v) {
			noun = sp.credentialNoun(noun)
		}
		if p := valuePhrase(noun, v); p != "" {
			parts = append(parts, p)
		}
	}
	return parts, cp
}

func (sp *speaker) list(xs []string) string { return wording.List(xs) }

// condition renders a condition on an earlier result in words.
func (sp *speaker) condition(c *blueprintv1.Condition) string {
	name := lastField(c.GetSubject().GetPath())
	field := fieldWords(c.GetSubject().GetPath())
	v := c.GetValueJson()
	var x any
	if json.Unmarshal([]byte(v), &x) == nil {
		if s, ok := x.(string); ok {
			v = enumSaid(s)
		}
	}
	switch c.GetOperator() {
	case "eq":
		if said := flagSaid(name, v); len(said) > 0 {
			return sp.pick(said...)
		}
		if v == "true" {
			return field + sp.pick(" is true", " comes back true", " is set to true")
		}
		if plural(field) {
			return field + sp.pick(" are ", " come back as ") + v
		}
		return field + sp.pick(" is ", " comes back as ", " turns out to be ") + v
	case "gt", "le":
		return sp.threshold(name, field, c.GetOperator() == "gt", v)
	case "not_empty":
		if plural(field) {
			f := strings.TrimPrefix(field, "the ")
			return sp.pick("there are any "+f, "any "+f+" turn up", "it finds "+f, "some "+f+" come back", "there are "+f+" at all")
		}
		// A listing that is not named for what it lists: whether it
		// found anything.
		return sp.pick("it finds anything", "anything comes back", "it turns anything up")
	case "empty":
		if plural(field) {
			f := strings.TrimPrefix(field, "the ")
			return sp.pick("no "+f+" come back", "there are no "+f, "it finds no "+f)
		}
		return sp.pick("it finds nothing", "nothing comes back")
	}
	return field + " " + c.GetOperator() + " " + v
}

// threshold says a quantity's test as people do: a count as the things
// counted ("there are more than 5 tweets"), a measure with its unit ("the
// time spent is above 145 seconds").
func (sp *speaker) threshold(name, field string, above bool, v string) string {
	if noun, m, ok := wording.Measured(strings.TrimPrefix(field, "the "), v); ok {
		field, v = "the "+noun, m // a measure's unit is no thing counted
		if above {
			return field + sp.pick(" is above ", " is more than ", " exceeds ") + v
		}
		return field + sp.pick(" is at most "+v, " is "+v+" or less", " does not exceed "+v)
	}
	things := wording.CountOf(name)
	if things == "" && plural(field) {
		things = strings.TrimPrefix(field, "the ") // "open issues", "followers"
	}
	if ws := strings.Fields(field); things == "" && len(ws) == 2 && strings.HasSuffix(ws[1], "ed") {
		// A count named by what befell the things ("recalculated"):
		// "if more than 20 are recalculated".
		switch {
		case above:
			return "more than " + v + " are " + ws[1]
		case v == "0":
			return "none are " + ws[1]
		}
		return "at most " + v + " are " + ws[1]
	}
	if things != "" {
		switch {
		case above:
			return sp.pick("there are more than ", "it has over ") + v + " " + things
		case v == "0":
			return "there are no " + things
		}
		return sp.pick("there are at most ", "it has no more than ") + v + " " + things
	}
	if !above && v == "0" {
		return field + " is 0"
	}
	if above {
		return field + sp.pick(" is above ", " is more than ", " exceeds ") + v
	}
	return field + sp.pick(" is at most "+v, " is "+v+" or less", " does not exceed "+v)
}

// enumSaid is a status as people say it: "IN_PROGRESS" is "in progress".
func enumSaid(v string) string {
	if !strings.ContainsAny(v, "_") && strings.ToUpper(v) != v {
		return v
	}
	return strings.ToLower(strings.ReplaceAll(v, "_", " "))
}

// flagSaid is how people say a test of a flag: a success flag as the step
// working ("if that works", not "if the success is set to true"), a can-,
// is- or has- flag as the clause it names ("if it can drive", "if it is
// not active"), a state as what it is in ("deleted": "if it is deleted",
// "email_verified": "if the email is verified"). nil for other fields,
// and for other values than true and false.
func flagSaid(name, v string) []string {
	if v != "true" && v != "false" {
		return nil
	}
	ws := wording.Words(name)
	for i := range ws {
		ws[i] = strings.ToLower(ws[i])
	}
	if len(ws) == 0 {
		return nil
	}
	yes := v == "true"
	last := ws[len(ws)-1]
	switch {
	case len(ws) == 1 && (last == "success" || last == "succeeded" || last == "successful" || last == "ok"):
		if yes {
			return []string{"that works", "it goes through", "that succeeds", "all goes well"}
		}
		return []string{"that fails", "it does not go through", "that does not work"}
	case len(ws) == 1 && (last == "exists" || last == "found"):
		if yes {
			return []string{"it exists", "it is there"}
		}
		return []string{"it does not exist", "it is not there"}
	case len(ws) > 1 && (ws[0] == "can" || ws[0] == "is" || ws[0] == "has"):
		verb, rest := ws[0], strings.Join(ws[1:], " ")
		if yes {
			return []string{"it " + map[string]string{"can": "can", "is": "is", "has": "has"}[verb] + " " + rest}
		}
		return []string{"it " + map[string]string{"can": "cannot", "is": "is not", "has": "has no"}[verb] + " " + rest}
	case stateWord(last):
		subject := "it"
		if len(ws) > 1 {
			subject = "the " + wording.Phrase(strings.Join(ws[:len(ws)-1], "_"))
		}
		is, comes := " is ", " comes back "
		if plural(subject) {
			is, comes = " are ", " come back " // "the comments are enabled"
		}
		if yes {
			return []string{subject + is + last, subject + comes + last}
		}
		return []string{subject + is + "not " + last}
	}
	return nil
}

// stateWord reports whether a flag's last word is a state a thing is in
// ("deleted", "verified", "active", "available").
func stateWord(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") || stateWords[w]
}

var stateWords = map[string]bool{"active": true, "available": true, "valid": true, "public": true, "private": true, "open": true,
	"online": true, "ready": true, "empty": true, "full": true, "busy": true, "free": true, "visible": true, "live": true, "default": true}

// flagReads reports whether a test of flag name reads as people say it
// (flagSaid): a flag nobody would put so ("error", "result") is no
// condition.
func flagReads(name string) bool { return len(flagSaid(name, "true")) > 0 }

// sameTools reports whether calls (two or more) are all of one tool.
func sameTools(calls []*blueprintv1.PlannedCall) bool {
	for _, c := range calls {
		if c.GetToolName() != calls[0].GetToolName() {
			return false
		}
	}
	return len(calls) >= 2
}

// plural reports whether a noun phrase is plural ("the airports").
func plural(np string) bool {
	w := np[strings.LastIndex(np, " ")+1:]
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}

// valuePhrase puts a value in words with how the user refers to it.
func valuePhrase(noun, valueJSON string) string {
	dec := json.NewDecoder(strings.NewReader(valueJSON))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return noun + " " + valueJSON
	}
	if obj, ok := v.(map[string]any); ok && len(obj) == 0 && container[strings.ToLower(noun)] {
		return "" // an empty body asks for nothing: "body empty" is no request
	}
	if obj, ok := v.(map[string]any); ok && len(obj) > 0 && container[strings.ToLower(noun)] {
		// What a request's body holds is what the user asks for: "create a
		// form with heading Q2 plan", not "with body with heading Q2 plan".
		return strings.TrimPrefix(wording.Value("", obj), " with ")
	}
	return wording.Value(noun, v)
}

// container are the names of parameters that only wrap the fields a
// request sends (an HTTP body, a payload): the fields say what is asked.
var container = map[string]bool{"body": true, "payload": true, "data": true, "request": true, "request body": true,
	"input": true, "params": true, "parameters": true, "options": true, "attributes": true, "properties": true}

// describeParam is how the user refers to a parameter's value.
func describeParam(t *catalog.Tool, param string) string {
	s, _ := t.ParamSchema(param)
	if noun := notesNoun(t.Input, s); noun != "" {
		return noun
	}
	d, _ := s["description"].(string)
	return wording.ParamNoun(param, d)
}

// everyday picks a request no tool of the cluster serves from the bank. An
// entry that needs a capability (a forecast, flight search) is passed over
// when a tool of the cluster speaks of it, so "no tool serves it" holds.
func (b *builder) everyday() string {
	bank := wording.EverydayBank()
	start := b.r.IntN(len(bank))
	for k := range bank {
		e := bank[(start+k)%len(bank)]
		if e.Missing == "" || !b.servedByCluster(e.Missing) {
			return e.Request
		}
	}
	return bank[start].Request
}

func (b *builder) servedByCluster(capability string) bool {
	var keys []string
	for _, w := range strings.Fields(strings.ToLower(capability)) {
		switch w {
		case "a", "an", "the", "live", "data", "service", "access", "to", "your", "on", "device", "control":
			continue
		}
		keys = append(keys, strings.TrimSuffix(w, "s"))
	}
	for _, t := range b.cat.Tools {
		text := strings.ToLower(t.Name + " " + t.Description())
		for _, k := range keys {
			if len(k) >= 4 && strings.Contains(text, k) {
				return true
			}
		}
	}
	return false
}

// pair says a request about two things of a kind by the two values
// ("estimate the distance between 94016 and 10001"), not "for city a 94016
// and city b 10001": when the purpose speaks of two things and the call's
// stated values are exactly a first and a second of one parameter
// (cityA and cityB, from_1 and from_2).
func (sp *speaker) pair(c *blueprintv1.PlannedCall, purpose string) (string, bool) {
	i := strings.Index(purpose, " two ")
	if i < 0 {
		return "", false
	}
	var params, said, keys []string
	for _, a := range c.GetArguments() {
		if a.GetUser() == nil {
			continue
		}
		_, v, ok := sp.unsaid(a)
		if !ok {
			return "", false
		}
		var text string
		if json.Unmarshal([]byte(v), &text) != nil {
			return "", false
		}
		params, said, keys = append(params, a.GetParam()), append(said, text), append(keys, v)
	}
	if len(params) != 2 || !paired(params[0], params[1]) {
		return "", false
	}
	for _, k := range keys {
		sp.said[k] = true
	}
	rest := purpose[i+len(" two "):]
	_, after, _ := strings.Cut(rest, " ") // the things' noun gives way to them
	if after != "" {
		after = " " + after
	}
	return purpose[:i] + " " + said[0] + " and " + said[1] + after, true
}

// paired reports whether two parameters are the first and the second of one
// thing: the same name but for a last A/B, a/b or 1/2.
func paired(a, b string) bool {
	if len(a) != len(b) || len(a) < 2 || a[:len(a)-1] != b[:len(b)-1] {
		return false
	}
	switch a[len(a)-1:] + b[len(b)-1:] {
	case "AB", "ab", "12":
		return true
	}
	return false
}
