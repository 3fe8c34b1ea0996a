package world

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// The sim generator draws each output from the schema alone; a backend's
// answer agrees with the call that was made and with what earlier calls of
// the trajectory did. agree applies that to a generated output:
//
//   - a calculator tool reports the true result of its arguments;
//   - a read of an entity by id returns that entity (its id field is the
//     argument), with the fields earlier calls gave it;
//   - a state verb (close, cancel, resolve, …) reports the state it set and
//     a successful action reports success; create returns what was passed
//     and a fresh id; update returns the new values;
//   - an output whose schema has properties is never an empty object.
//
// Each change is kept only if the output still validates. The entities a
// trajectory has seen live in a small store keyed by family (ticket, order)
// and id, filled by remember from every shaped output.

// entities is the trajectory's entity store. The zero value is ready.
//
// Calls of one assistant turn run concurrently, so a call sees only what
// calls of earlier turns wrote (a turn is a plan's parallel group; group 0
// is a call alone in its turn), and the writes of one turn apply in the
// order of their calls' text, not of their completion: the same seed gives
// the same trajectory on every run.
type entities struct {
	mu     sync.Mutex
	seq    int
	writes map[string][]entityWrite
}

type entityWrite struct {
	seq    int
	group  int32
	order  string
	fields map[string]any
	// kind, field and values are a change's (changes.go); the zero kind
	// sets fields.
	kind   int
	field  string
	values []any
	// made says the call that wrote it made the thing (putMade).
	made bool
	// scope is the other ids the writing call named the thing by
	// (parents): the thing is the same thing only under the same ones.
	scope map[string]any
}

func entityKey(family string, id any) string { return family + "\x00" + plan.Text(id) }

// get merges the writes to an entity that a call of group sees.
func (e *entities) get(family string, id any, group int32) map[string]any {
	return e.getIn(family, id, group, nil)
}

// getIn merges the writes to an entity that a call of group naming it
// under the other ids ids (parents) sees: a write under other parents is
// of another thing (configuration profile 7czb of application 0ium is
// not 7czb of t8mj).
func (e *entities) getIn(family string, id any, group int32, ids map[string]any) map[string]any {
	e.mu.Lock()
	ws := slices.Clone(e.writes[entityKey(family, id)])
	e.mu.Unlock()
	ordered(ws)
	out := map[string]any{}
	for _, w := range ws {
		if group != 0 && w.group == group || w.kind == changeGone || !within(w.scope, ids) {
			continue // a deletion's fields are the ids it named the thing by
		}
		for f, v := range w.fields {
			out[f] = clone(v)
		}
	}
	return out
}

// ordered sorts an item's writes into the order they apply: the writes of
// one turn are contiguous; each is placed at its turn's first write and
// ordered within the turn by its call's text.
func ordered(ws []entityWrite) {
	first := map[int32]int{}
	for _, w := range ws {
		if s, seen := first[w.group]; w.group != 0 && (!seen || w.seq < s) {
			first[w.group] = w.seq
		}
	}
	pos := func(w entityWrite) int {
		if w.group != 0 {
			return first[w.group]
		}
		return w.seq
	}
	slices.SortStableFunc(ws, func(a, b entityWrite) int {
		if pa, pb := pos(a), pos(b); pa != pb {
			return pa - pb
		}
		return strings.Compare(a.order, b.order)
	})
}

func (e *entities) has(family string, id any, group int32) bool {
	return len(e.get(family, id, group)) > 0
}

func (e *entities) put(family string, id any, fields map[string]any, group int32, order string) {
	e.putIn(family, id, fields, nil, group, order)
}

// putIn records the fields of a thing a call named under the other ids
// ids (parents).
func (e *entities) putIn(family string, id any, fields, ids map[string]any, group int32, order string) {
	e.write1(family, id, entityWrite{group: group, order: order, fields: fields, scope: ids})
}

// putMade records the fields of a thing a call made (created, posted,
// added) under the other ids ids: later listings of its family show it.
func (e *entities) putMade(family string, id any, fields, ids map[string]any, group int32, order string) {
	e.write1(family, id, entityWrite{group: group, order: order, fields: fields, made: true, scope: ids})
}

func (e *entities) write1(family string, id any, w entityWrite) {
	fields := w.fields
	if family == "" || id == nil || len(fields) == 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.writes == nil {
		e.writes = map[string][]entityWrite{}
	}
	e.seq++
	k := entityKey(family, id)
	w.seq, w.fields = e.seq, clone(fields).(map[string]any)
	e.writes[k] = append(e.writes[k], w)
}

// Verb classes of tool names.
var (
	readVerbs = set_("get", "read", "show", "fetch", "describe", "retrieve", "view", "lookup", "load", "inspect", "display")
	// createVerbs make a new entity with a fresh id.
	createVerbs = set_("create", "add", "new", "post", "place", "book", "register", "insert", "submit", "make", "schedule", "purchase", "open", "upload")
	updateVerbs = set_("update", "edit", "modify", "change", "set", "rename", "patch", "put", "replace", "assign", "move", "reschedule")
	// otherActions succeed or fail as a whole; a success reports it.
	otherActions = set_("send", "follow", "unfollow", "login", "logout", "authenticate", "subscribe", "unsubscribe", "fund", "withdraw", "transfer", "pay", "share", "invite", "retweet", "comment", "mention", "clear", "append", "like")
)

// stateVerbs map a verb to the state it sets, then synonyms an enum may use.
var stateVerbs = map[string][]string{
	"close": {"closed"}, "cancel": {"cancelled", "canceled"}, "delete": {"deleted", "removed"},
	"remove": {"removed", "deleted"}, "archive": {"archived"}, "resolve": {"resolved", "closed"},
	"activate": {"active", "activated", "enabled"}, "deactivate": {"inactive", "deactivated", "disabled"},
	"enable": {"enabled", "active"}, "disable": {"disabled", "inactive"}, "approve": {"approved"},
	"reject": {"rejected", "declined"}, "decline": {"declined", "rejected"}, "suspend": {"suspended"},
	"pause": {"paused"}, "resume": {"active", "resumed", "running"}, "complete": {"completed", "done"},
	"finish": {"completed", "finished"}, "reopen": {"open", "reopened"}, "lock": {"locked"},
	"unlock": {"unlocked"}, "publish": {"published"}, "unpublish": {"unpublished", "draft"},
	"confirm": {"confirmed"}, "block": {"blocked"}, "unblock": {"unblocked", "active"},
	"stop": {"stopped"}, "refund": {"refunded"}, "ship": {"shipped"}, "restore": {"restored", "active"},
	"revoke": {"revoked"}, "accept": {"accepted"}, "mute": {"muted"}, "unmute": {"unmuted"},
	"ban": {"banned"}, "freeze": {"frozen"}, "unfreeze": {"active"}, "void": {"void", "voided"},
	"clear": {"cleared"}, "expire": {"expired"}, "release": {"released"}, "press": {"pressed"},
	"engage": {"engaged"},
}

func set_(ws ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// genericNouns name an aspect of an entity, not the entity.
var genericNouns = set_("details", "detail", "info", "information", "data", "status", "history", "stats", "statistics", "summary", "list", "count", "by", "id", "all", "of", "for", "from", "to", "the", "a", "my", "new", "specific", "current")

// call is what a tool call is about: its verb class and the entity.
type call struct {
	verb   string // the verb word found in the name
	state  []string
	read   bool
	create bool
	update bool
	action bool // any verb whose success the output reports
	noun   string
	// family and id name the entity the call addresses by id (family is
	// the id parameter's stem: ticket for ticket_id).
	family  string
	idParam string
	id      any
}

// onEntity reports whether the call acts on the entity it names by id:
// reads, updates or sets its state, or does anything to it but create
// something (moderate, pin, share), so what it reports of the thing is
// what the thing is.
func (c call) onEntity() bool { return c.id != nil && !c.create }

// returnsEntity reports whether the call's output is the entity it names
// by id (get_ticket(ticket_id), not get_ticket_comments(ticket_id)).
func (c call) returnsEntity() bool {
	// time_entry_types.time_entry_type_id.get returns the time entry type
	// (its noun "type" ends the family).
	return c.onEntity() && (c.noun == c.family || c.noun != "" && strings.HasSuffix(c.family, "_"+c.noun) || c.idParam == "id")
}

func classify(t *toolset.Tool, args map[string]any) call {
	words := ident.Words(t.Name)
	var c call
	var rest []string
	for _, w := range words {
		switch {
		case c.verb != "":
			rest = append(rest, w)
		case readVerbs[w]:
			c.verb, c.read = w, true
		case createVerbs[w]:
			c.verb, c.create = w, true
		case updateVerbs[w]:
			c.verb, c.update = w, true
		case stateVerbs[w] != nil:
			c.verb, c.state = w, stateVerbs[w]
		case otherActions[w]:
			c.verb = w
		default:
			rest = append(rest, w)
		}
	}
	c.action = c.verb != "" && !c.read
	rest = withoutPlaceholders(rest, args)
	c.noun = nounOf(rest)
	if j := slices.Index(rest, "by"); j > 0 {
		// getLexemeByLanguage gets a lexeme: what comes after "by" says
		// how it is found.
		if n := nounOf(rest[:j]); n != "" {
			c.noun = n
		}
	}
	c.addressed(words, rest, args)
	return c
}

// addressed finds the thing a call names by id (or by a store's key): its
// id parameter, the id and the family.
func (c *call) addressed(words, rest []string, args map[string]any) {
	// The id parameter: "id", or <stem>_id whose stem is a word of the
	// name (get_ticket(ticket_id)); one only, or the call is ambiguous.
	var ids []string
	for p, v := range args {
		if v == nil {
			continue
		}
		stem, isID := idStem(p)
		if !isID {
			continue
		}
		if stem == "" || containsWord(words, stem) || abbreviated(words, stem) != "" {
			ids = append(ids, p)
		}
	}
	if k, isStr := args["key"].(string); len(ids) == 0 && isStr && k != "" {
		// A key-value store's key names the value it holds: the
		// thing is the store's (archival_memory_replace(key) and
		// archival_memory_retrieve(key) hold one value; a core
		// memory's key of that name is another).
		c.idParam, c.id, c.family = "key", k, qualifiedNoun(rest)
	}
	if len(ids) > 1 && c.noun != "" {
		// deleteLexemeByLanguage(languageID, lexemeID) acts on the
		// lexeme; the language's id is where it is.
		for _, p := range ids {
			if stem, _ := idStem(p); stem == c.noun {
				ids = []string{p}
				break
			}
		}
	}
	if len(ids) == 1 {
		c.idParam, c.id = ids[0], args[ids[0]]
		stem, _ := idStem(ids[0])
		c.family = stem
		if w := abbreviated(words, stem); w != "" && !containsWord(words, stem) {
			c.family = w // convId of moderateConversation is the conversation's
		}
		if stem == "" {
			c.family = c.noun
			if c.family == "" {
				c.family = aspectNoun(rest)
			}
		}
	}
}

// withoutPlaceholders drops from a name's words those that spell one of
// the call's parameters: an operation named from its path
// (issue.issueIdOrKey.put) holds its placeholders, which name no thing.
func withoutPlaceholders(rest []string, args map[string]any) []string {
	for _, p := range slices.Sorted(maps.Keys(args)) {
		pw := ident.Words(p)
		if len(pw) < 2 || len(pw) >= len(rest) {
			continue
		}
		for i := 0; i+len(pw) <= len(rest); i++ {
			if slices.Equal(rest[i:i+len(pw)], pw) {
				rest = slices.Concat(rest[:i], rest[i+len(pw):])
				break
			}
		}
	}
	return rest
}

// nounOf is the last word of a name's rest that is no aspect word, singular.
func nounOf(rest []string) string {
	for i := len(rest) - 1; i >= 0; i-- {
		if !genericNouns[rest[i]] {
			return ident.Singular(rest[i])
		}
	}
	return ""
}

// qualifiedNoun is the thing a name names with its qualifiers
// (archival_memory), aspect words left out.
func qualifiedNoun(rest []string) string {
	var ws []string
	for _, w := range rest {
		if !genericNouns[w] {
			ws = append(ws, w)
		}
	}
	return strings.Join(ws, "_")
}

// aspectNoun is the thing a name made only of aspect words names by id
// (getData and replaceData(id) are of one datum): its last such word, not
// a function word.
func aspectNoun(rest []string) string {
	for i := len(rest) - 1; i >= 0; i-- {
		switch rest[i] {
		case "by", "id", "all", "of", "for", "from", "to", "the", "a", "my", "new", "specific", "current":
		default:
			return ident.Singular(rest[i])
		}
	}
	return ""
}

// abbreviated is the word of a tool's name that an id's stem shortens
// ("conv" of convId in moderateConversation: "conversation"), "" if none.
func abbreviated(words []string, stem string) string {
	if len(stem) < 3 || strings.Contains(stem, "_") {
		return ""
	}
	for _, w := range words {
		if len(w) > len(stem) && strings.HasPrefix(w, stem) {
			return ident.Singular(w)
		}
	}
	return ""
}

// idStem splits an id parameter name: "ticket_id" → "ticket", "orderId" →
// "order", "id" → "", and one that takes the id or another name of the
// thing: "issueIdOrKey" → "issue".
func idStem(p string) (string, bool) {
	w := ident.Words(p)
	if n := len(w); n >= 3 && w[n-3] == "id" && w[n-2] == "or" {
		w = w[:n-2]
	}
	if len(w) == 0 || w[len(w)-1] != "id" {
		return "", false
	}
	return strings.Join(w[:len(w)-1], "_"), true
}

func containsWord(words []string, stem string) bool {
	joined := "_" + strings.Join(words, "_") + "_"
	return strings.Contains(joined, "_"+stem+"_") || strings.Contains(joined, "_"+stem+"s_")
}

// stateValue is the state a verb sets, in a form the field's schema takes
// (one of its enum values, or the verb's state word for a free string).
func stateValue(states []string, s any, root any) string {
	m, _ := jsonschema.Resolve(root, s)
	if m == nil {
		return states[0]
	}
	if ty := jsonschema.TypeOf(m); ty != "" && ty != "string" {
		return ""
	}
	if enum := enumOf(m); len(enum) > 0 {
		for _, st := range states {
			for _, e := range enum {
				if strings.EqualFold(e, st) {
					return e
				}
			}
		}
		return ""
	}
	return states[0]
}

// outcomeFlag reports whether a boolean output field says the call's
// action succeeded: success/ok, the state word itself (deleted), or
// <x>_status where x is the verb or the entity (cancel_status,
// added_status, booking_status).
func outcomeFlag(k string, s any, root any, c call) bool {
	if s != nil {
		m, _ := jsonschema.Resolve(root, s)
		if m == nil || jsonschema.TypeOf(m) != "boolean" {
			return false
		}
	}
	w := ident.Words(k)
	if len(w) == 0 {
		return false
	}
	switch k := strings.Join(w, "_"); {
	case k == "success" || k == "successful" || k == "ok":
		return true
	case len(c.state) > 0 && k == c.state[0]:
		return true
	}
	if len(w) < 2 || w[len(w)-1] != "status" {
		return false
	}
	x := strings.Join(w[:len(w)-1], "_")
	return sharesStem(x, c.verb) || c.noun != "" && x == c.noun
}

func sharesStem(a, b string) bool {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n >= 3 && (n >= len(b)-1 || n >= 4)
}

// updatedFields are the new values an update call carries: its top-level
// arguments and the members of an "updates"-like object, without the id.
func updatedFields(a map[string]any, idParam string) map[string]any {
	out := map[string]any{}
	// The one object a write sends is the thing written, whatever its
	// name (replaceData's "datum", a "record", an "item").
	objects := 0
	for k, v := range a {
		if _, isMap := v.(map[string]any); isMap && k != idParam && !secretParam(k) {
			objects++
		}
	}
	for k, v := range a {
		if k == idParam || secretParam(k) {
			continue
		}
		if m, isMap := v.(map[string]any); isMap && (envelopeParam(k) || objects == 1) {
			for k2, v2 := range m {
				out[k2] = v2
			}
			continue
		}
		out[k] = v
	}
	// new_given_name is the thing's given_name from now on (echo.go).
	for _, k := range slices.Sorted(maps.Keys(out)) {
		if f := updatedSpelling(k); f != "" {
			out[f] = out[k]
		}
	}
	return out
}

// updatedSpelling is the field argument k gives the new value of
// (updatedName), spelled as k is: givenName for newGivenName, given_name
// for new_given_name; "" if k gives none or is spelled otherwise.
func updatedSpelling(k string) string {
	want := updatedName(k)
	if want == "" {
		return ""
	}
	for _, pre := range []string{"new_", "updated_", "new", "New", "updated", "Updated", "new-"} {
		if f, ok := strings.CutPrefix(k, pre); ok && f != "" && normKey(f) == want {
			if unicode.IsLower(rune(k[0])) && len(pre) > 0 && !strings.ContainsAny(pre, "_-") {
				f = strings.ToLower(f[:1]) + f[1:] // newGivenName → givenName
			}
			return f
		}
	}
	for _, suf := range []string{"_new", "New", "-new"} {
		if f, ok := strings.CutSuffix(k, suf); ok && f != "" && normKey(f) == want {
			return f
		}
	}
	return ""
}

// envelopeParam is a parameter that wraps the fields of the entity
// written: a request body, a patch, the updates.
func envelopeParam(k string) bool {
	switch strings.ToLower(k) {
	case "updates", "changes", "fields", "patch", "data", "update", "body", "payload", "request", "attributes", "input", "resource":
		return true
	}
	return false
}

// secretParam reports whether argument k is a secret or a token (a
// caller's credential, ident.Credential, or any token: a page's too).
func secretParam(k string) bool {
	lk := strings.ToLower(k)
	return strings.Contains(lk, "token") || strings.Contains(lk, "password") || strings.Contains(lk, "secret") || ident.Credential(k)
}

// filterValue is an argument value a list's items can be required to carry.
func filterValue(v any) bool {
	switch x := v.(type) {
	case string:
		switch strings.ToLower(x) {
		case "", "none", "null", "all", "any", "*":
			return false
		}
		return true
	case json.Number, bool:
		return true
	}
	return false
}

// asSchemaType gives an id argument the type the output field declares
// (an integer id passed as "14146", or a string id passed as a number).
func asSchemaType(v any, s any, root any) any {
	m, _ := jsonschema.Resolve(root, s)
	ty := ""
	if m != nil {
		ty = jsonschema.TypeOf(m)
	}
	switch x := v.(type) {
	case string:
		if ty == "integer" || ty == "number" {
			if _, err := strconv.ParseFloat(x, 64); err == nil {
				return json.Number(x)
			}
		}
	case json.Number:
		if ty == "string" {
			return x.String()
		}
	}
	return v
}

// freshID changes an id until taken says it is free, keeping its form.
func freshID(id any, taken func(any) bool) any {
	switch x := id.(type) {
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return id
		}
		for i := int64(1); i < 1000; i++ {
			c := json.Number(strconv.FormatInt(n+i, 10))
			if !taken(c) {
				return c
			}
		}
	case string:
		for i := 2; i < 1000; i++ {
			c := x + "-" + strconv.Itoa(i)
			if !taken(c) {
				return c
			}
		}
	}
	return id
}

// fillEmpty fills empty objects whose schema declares properties (the
// output itself and its object members) from the schema.
func fillEmpty(o map[string]any, root any, props map[string]any, vals *sim.Values) {
	if len(o) == 0 {
		for _, k := range slices.Sorted(maps.Keys(props)) {
			o[k] = vals.For(root, props[k], k)
		}
		return
	}
	for _, k := range slices.Sorted(maps.Keys(o)) {
		m, isMap := o[k].(map[string]any)
		if !isMap || len(m) > 0 {
			continue
		}
		s, _ := jsonschema.Resolve(root, props[k])
		if sub := schemaProps(root, s); len(sub) > 0 {
			if v, isObj := vals.For(root, s, k).(map[string]any); isObj && len(v) > 0 {
				o[k] = v
			}
		}
	}
}

// schemaProps are an object schema's properties ($refs resolved).
func schemaProps(root, s any) map[string]any {
	m, _ := jsonschema.Resolve(root, s)
	props, _ := m["properties"].(map[string]any)
	return props
}

func withoutKey(m map[string]any, k string) map[string]any {
	out := make(map[string]any, len(m))
	for f, v := range m {
		if f != k {
			out[f] = v
		}
	}
	return out
}

func lastWord(name string) string {
	w := ident.Words(name)
	if len(w) == 0 {
		return ""
	}
	return w[len(w)-1]
}

// lowerCamel writes snake_case as lowerCamelCase (ticket_id → ticketId).
func lowerCamel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// subject tells vals which tool it is filling an output for.
func subject(vals *sim.Values, t *toolset.Tool) *sim.Values {
	vals.Subject(t.Name, t.Description, t.Service)
	return vals
}

// operationStatus reports whether a string output field is the status of
// the call's operation rather than of an entity: "status" described as the
// status of an operation, action, transaction or a status message, or
// <x>_status where x is the verb (comment_status for comment).
func operationStatus(k string, s any, root any, c call) bool {
	m, _ := jsonschema.Resolve(root, s)
	if m == nil || jsonschema.TypeOf(m) != "string" || m["enum"] != nil || m["format"] != nil {
		return false
	}
	w := ident.Words(k)
	if len(w) == 0 || w[len(w)-1] != "status" {
		return false
	}
	if len(w) > 1 {
		return sharesStem(strings.Join(w[:len(w)-1], "_"), c.verb)
	}
	d, _ := m["description"].(string)
	d = strings.ToLower(d)
	for _, x := range []string{"operation", "action", "transaction", "status message", "login status"} {
		if strings.Contains(d, x) {
			return true
		}
	}
	return false
}

// stateField reports whether an output field holds the life-cycle state of
// the call's entity: status or state, alone or after the entity's name
// (ticket_status, brakePedalStatus for a pedal).
func stateField(k, noun string) bool {
	w := ident.Words(k)
	if len(w) == 0 || w[len(w)-1] != "status" && w[len(w)-1] != "state" {
		return false
	}
	if len(w) == 1 {
		return true
	}
	return noun != "" && slices.Contains(w[:len(w)-1], noun)
}

// chosenState is the value of an enum status/state/mode field that an
// argument chose: a string argument naming one of its values (mode "off" →
// "off", "engage" → "engaged"), or a boolean argument named like one
// (unlock true → "unlocked"; false → the other of two values).
func chosenState(args map[string]any, k string, s any, root any) string {
	w := ident.Words(k)
	if len(w) == 0 || !(w[len(w)-1] == "status" || w[len(w)-1] == "state" || w[len(w)-1] == "mode") {
		return ""
	}
	m, _ := jsonschema.Resolve(root, s)
	vals := enumOf(m)
	if len(vals) < 2 {
		return ""
	}
	found := ""
	for _, p := range slices.Sorted(maps.Keys(args)) {
		var pick string
		switch x := args[p].(type) {
		case string:
			for _, e := range vals {
				if stemMatch(x, e) || slices.Contains(settingSynonyms[strings.ToLower(x)], strings.ToLower(e)) {
					pick = e
				}
			}
		case bool:
			for i, e := range vals {
				if !stemMatch(p, e) {
					continue
				}
				switch {
				case x:
					pick = e
				case len(vals) == 2:
					pick = vals[1-i]
				}
			}
		}
		if pick != "" {
			if found != "" && found != pick {
				return "" // arguments disagree: leave it
			}
			found = pick
		}
	}
	return found
}

// stemMatch reports whether two words are forms of one word (engage,
// engaged; activate, active; off, OFF).
func stemMatch(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if a == b {
		return true
	}
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n >= 4 && n >= min(len(a), len(b))-1
}

func union(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range b {
		out[k] = v
	}
	for k, v := range a {
		out[k] = v
	}
	return out
}

// singleString is the call's one string argument, if it has exactly one.
func singleString(a map[string]any) (string, bool) {
	var out string
	n := 0
	for k, v := range a {
		if str, isStr := v.(string); isStr && !secretParam(k) {
			out, n = str, n+1
		}
	}
	return out, n == 1 && out != ""
}

func allStrings(list []any) bool {
	for _, e := range list {
		if _, isStr := e.(string); !isStr {
			return false
		}
	}
	return true
}

func containsValue(list []any, v any) bool {
	for _, e := range list {
		if e == v {
			return true
		}
	}
	return false
}

// settingSynonyms are states a setting word puts a thing in (an ignition
// mode START leaves the engine running).
var settingSynonyms = map[string][]string{
	"start": {"running", "started", "on", "active"},
	"stop":  {"stopped", "off", "inactive"},
	"on":    {"active", "enabled"},
	"off":   {"inactive", "disabled"},
}

// enumOf lists a string schema's allowed values: its enum, or the list a
// description spells as "[Enum]: [\"on\", \"off\"]" (as function-calling
// corpora write it).
func enumOf(m map[string]any) []string {
	var out []string
	if enum, ok := m["enum"].([]any); ok {
		for _, e := range enum {
			if es, isStr := e.(string); isStr {
				out = append(out, es)
			}
		}
		return out
	}
	d, _ := m["description"].(string)
	i := strings.Index(strings.ToLower(d), "[enum]")
	if i < 0 {
		return nil
	}
	rest := d[i+len("[enum]"):]
	if j := strings.Index(rest, "]"); j >= 0 {
		rest = rest[:j]
	}
	for _, part := range strings.Split(strings.Trim(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":")), "[ "), ",") {
		if v := strings.Trim(strings.TrimSpace(part), `"'`); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// schemaOf resolves a schema to its object form (empty when it has none).
func schemaOf(root, s any) map[string]any {
	m, _ := jsonschema.Resolve(root, s)
	if m == nil {
		return map[string]any{}
	}
	return m
}
