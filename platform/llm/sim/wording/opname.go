package wording

import (
	"regexp"
	"slices"
	"strings"
)

// httpVerbs maps an HTTP method at the end or start of an operation name to
// what it does.
var httpVerbs = map[string]string{"get": "get", "post": "create", "put": "update", "patch": "update", "delete": "delete", "head": "check"}

// placeholders are the words a route's parameter adds after the thing it
// names ("workspace_gid", "{id}", "linker_key"): they name no thing.
var placeholders = map[string]bool{"id": true, "ids": true, "gid": true, "gids": true, "uuid": true, "guid": true, "sid": true, "uid": true}

// opName is an operation name read as a request: the verb, the thing it
// acts on and the thing that holds it ("add" "user" "workspace" of
// workspaces.workspace_gid.addUser.post).
type opName struct {
	verb   string   // the action the name says, "" when it says none
	method string   // what its HTTP method does, "" when it has none
	before []string // the words before the verb: the route to the thing
	after  []string // the words after the verb: the thing
	held   string   // the thing a route's placeholder names, that holds the object
	many   bool     // the name acts on several things (a collection, in bulk)
	bulk   string   // how several are handled at once ("in bulk"), "" otherwise
}

// fromName makes a verb phrase of a tool name (getUserTickets,
// get_user_tickets, profiles.id.updates.get,
// workspaces.workspace_gid.addUser.post): its verb is a verb word at its
// start or after its route ("add a user to a workspace"), or one that
// ends it ("getTagAggregate" aggregates tags); its HTTP method says the
// verb when no word does. A route's placeholders (gid, id) name no thing,
// a collection or bulk operation acts on several things, and no part of
// the name is said as the identifier it is.
func fromName(name string) string {
	n, ok := readName(name)
	if ok {
		if p := n.phrase(); !strings.HasSuffix(p, " the") && !strings.Contains(p, "  ") {
			return p
		}
	}
	if p, ok := unverbed(name, nameWordsOnly(name)); ok {
		return p
	}
	return "use the " + strings.Join(lowerWords(Words(name)), " ") + " tool"
}

func nameWordsOnly(name string) []string {
	ws, _ := nameWords(name)
	return ws
}

// unverbed says a name no verb leads: an event ("Login" is "log in"), a
// question ("AreGamesInProgress" is "check whether games are in
// progress"), or things, which a person asks to get ("Schedules",
// "active_sessions"); false for none of those.
func unverbed(name string, ws []string) (string, bool) {
	if len(ws) == 0 {
		return "", false
	}
	first := strings.ToLower(ws[0])
	if ev, ok := handledEvents[first]; ok && len(ws) == 1 {
		return ev[0], true
	}
	if first == "all" && len(ws) > 1 {
		return "get " + strings.Join(lowerWords(ws), " "), true // "All_Programmes_by_TX_Date"
	}
	if (first == "is" || first == "are") && len(ws) > 2 {
		rest := lowerWords(ws[1:])
		return "check whether " + rest[0] + " " + first + " " + strings.Join(rest[1:], " "), true
	}
	for _, w := range ws {
		if isVerb(w) || gerundWord(w) {
			return "", false // an action the name says in its own way
		}
	}
	// A name of things ends on them ("Schedules", "Videos_Details",
	// "active_sessions"); a lowerCamel or dotted one ("acknowledgeOrders",
	// "vision.files.annotate") leads with a verb the list lacks.
	if strings.ContainsAny(name, "./") || !plural(strings.ToLower(ws[len(ws)-1])) || name[0] >= 'a' && name[0] <= 'z' && strings.ToLower(name) != name {
		return "", false
	}
	return "get the " + strings.Join(lowerWords(ws), " "), true
}

func gerundWord(w string) bool {
	_, ok := gerund(strings.ToLower(w))
	return ok
}

// readName splits a name into its verb, route and object; false when no
// word of it names a thing or no verb can be told.
func readName(name string) (opName, bool) {
	var n opName
	ws, starts := nameWords(name)
	if len(ws) == 0 {
		return n, false
	}
	lead := false
	if m := httpVerbs[strings.ToLower(ws[len(ws)-1])]; m != "" && len(ws) > 1 && (starts[len(ws)-1] != 0 || len(ws) > 2) {
		n.method, ws = m, ws[:len(ws)-1] // "….post": a route's method
	} else if m := httpVerbs[strings.ToLower(ws[0])]; m != "" && len(ws) > 1 {
		n.method, ws, starts, lead = m, ws[1:], starts[1:], true
	}
	if len(ws) > 2 && starts[0] != 1 && (strings.EqualFold(ws[0], "bulk") || strings.EqualFold(ws[0], "batch")) && isVerb(ws[1]) {
		n.many, n.bulk, ws, starts = true, map[bool]string{true: "in bulk", false: "in a batch"}[strings.EqualFold(ws[0], "bulk")], ws[1:], starts[1:]
	}
	ws = n.manyWords(ws)
	for len(ws) > 1 && (dangling[strings.ToLower(ws[len(ws)-1])] || strings.EqualFold(ws[len(ws)-1], "using")) {
		ws = ws[:len(ws)-1] // "getSnapshotUsingGET"
	}
	v := verbAt(name, ws, starts, lead)
	if v == 0 && len(ws) == 1 && n.method != "" {
		v = -1 // "sort.get": the word is the thing got
	}
	switch {
	case v >= 0:
		n.verb = verbs[strings.ToLower(ws[v])]
		n.before, n.held = routeHeld(ws[:v])
		n.after = saidOnce(ws[v+1:])
	case n.method != "":
		n.verb = n.method
		n.after, n.held = routeHeld(ws)
		if len(n.after) == 0 {
			n.after, n.held = []string{n.held}, "" // "workspaces.workspace_gid.put"
		}
	default:
		return n, false
	}
	return n, len(n.before)+len(n.after) > 0 || n.held != ""
}

// nameWords are a name's words without those that name no thing (formats,
// versions, "api", placeholders, a one-letter prefix, a word said twice
// running), with the number of words of the segment each starts (0 for a
// word inside one): segments are parted by dots and slashes, and by an
// underscore before a capital (Registry_UpdateProperty).
func nameWords(name string) ([]string, []int) {
	var ws []string
	var starts []int
	for _, seg := range nameSegments(name) {
		first, held := len(ws), false
		sw := Words(versionCamel.ReplaceAllString(seg, "${1}_$2"))
		for i := 0; i < len(sw); i++ {
			w := sw[i]
			lw := strings.ToLower(w)
			switch {
			case len(lw) == 1 && len(ws) == 0, len(ws) > 0 && strings.EqualFold(ws[len(ws)-1], w) && (len(ws) > first || !isVerb(w)):
				continue // "eSearch.searchEntry", "key.key", "product.product_id"
			case placeholders[lw]:
				held = true
				if len(ws) > 0 && plural(strings.ToLower(ws[len(ws)-1])) {
					// "profiles.id": the id names one profile.
					ws, starts = append(ws, Singular(ws[len(ws)-1])), append(starts, 0)
				}
				if i+2 < len(sw) && strings.EqualFold(sw[i+1], "or") {
					i += 2 // "projectIdOrKey": one placeholder
				}
				continue
			case versionWord(lw) && len(ws) > first:
				// "catalogInventoryStockRegistryV1GetStockStatus": a
				// version parts the service from the operation.
				starts[first] = len(ws) - first
				first, held = len(ws), false
				continue
			case lw == "json" || lw == "xml" || lw == "api" || versionWord(lw) || strings.Trim(lw, "0123456789") == "":
				continue
			}
			ws, starts, held = append(ws, lowerWord(w)), append(starts, 0), false
		}
		if len(ws) > first {
			starts[first] = len(ws) - first
			if held {
				starts[first] = -1 // "QueueSid": a placeholder ends it, no verb
			}
		}
	}
	return ws, starts
}

// versionCamel finds a version run into the word after it ("V1Get").
var versionCamel = regexp.MustCompile(`([vV][0-9]+)([A-Z])`)

// nameSegments parts a name at dots, slashes and an underscore before a
// capital.
func nameSegments(name string) []string {
	var segs []string
	start := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '.' || c == '/' || c == '_' && i+1 < len(name) && name[i+1] >= 'A' && name[i+1] <= 'Z' {
			segs = append(segs, name[start:i])
			start = i + 1
		}
	}
	return append(segs, name[start:])
}

// manyWords drops the words that say the name acts on several things at
// once or on one record ("Bulk", "Collection", "All", "Entity" after the
// thing), noting it.
func (n *opName) manyWords(ws []string) []string {
	for len(ws) > 1 {
		switch strings.ToLower(ws[len(ws)-1]) {
		case "bulk":
			n.many, n.bulk = true, "in bulk"
		case "batch":
			n.many, n.bulk = true, "in a batch"
		case "collection", "all":
			n.many = true
		case "entity":
		default:
			return ws
		}
		ws = ws[:len(ws)-1]
	}
	return ws
}

// routeHeld reads a route's "things, thing" ("workspaces.workspace_gid",
// "custom_fields.custom_field_gid") as one thing named by its placeholder:
// the words with each such pair said once, and the last thing so named
// that other words follow (the workspace a user is added to).
func routeHeld(ws []string) ([]string, string) {
	held := ""
	var out []string
	for i := 0; i < len(ws); i++ {
		l := pairAt(ws, i)
		if l == 0 {
			out = append(out, ws[i])
			continue
		}
		thing := strings.Join(ws[i+l:i+2*l], " ")
		i += 2*l - 1
		out = out[:0] // the route up to here leads to the holder
		held = thing
	}
	return out, held
}

// saidOnce says each thing of a name's object once: "cards card board
// by card" (updateCardsIdBoardByIdCard) is "card board".
func saidOnce(ws []string) []string {
	var out []string
	for i := 0; i < len(ws); i++ {
		if l := pairAt(ws, i); l > 0 {
			out = append(out, ws[i+l:i+2*l]...)
			i += 2*l - 1
			continue
		}
		if len(out) > 0 && strings.EqualFold(out[len(out)-1], ws[i]) {
			continue // "addContact.contactId": the contact once
		}
		if strings.EqualFold(ws[i], "by") && i+1 < len(ws) && slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, ws[i+1]) }) {
			i++ // "by card" after the card
			continue
		}
		out = append(out, ws[i])
	}
	return out
}

// pairAt is the length of a "things thing" pair starting at i (1 for
// "workspaces workspace", 2 for "custom fields custom field"), 0 for none.
func pairAt(ws []string, i int) int {
	for l := 1; l <= 3 && i+2*l <= len(ws); l++ {
		a, b := ws[i:i+l], ws[i+l:i+2*l]
		same := true
		for k := 0; k < l-1; k++ {
			same = same && strings.EqualFold(a[k], b[k])
		}
		last, one := strings.ToLower(a[l-1]), strings.ToLower(b[l-1])
		if same && last != one && Singular(last) == one {
			return l
		}
	}
	return 0
}

// verbAt is the index of the word that says the name's action, -1 for
// none: the first word when it is a verb and the name is no namespace
// ("compute.…", "eSearch.…"), unless a verb that says more ends the name
// ("getTagAggregate", "getProjectCount"); else the last verb opening a
// segment after the route ("…addUser.post", "thumbAsset.generate",
// "….GetAll.get").
func verbAt(name string, ws []string, starts []int, lead bool) int {
	last := len(ws) - 1
	if last < 0 {
		return -1
	}
	if endVerbs[strings.ToLower(ws[last])] && last > 0 && (lead || generic[strings.ToLower(ws[0])]) {
		return last
	}
	if lead {
		return -1 // "get_delivery_pools_…": the method is the verb
	}
	namespace := strings.ContainsAny(name, "./") && starts[0] > 0 && starts[0] < len(ws)
	if !namespace && isVerb(ws[0]) {
		return 0
	}
	for i := last; i > 0; i-- {
		if starts[i] > 0 && (isVerb(ws[i]) || starts[i] > 1 && httpVerbs[strings.ToLower(ws[i])] != "") {
			return i
		}
	}
	return -1
}

// isVerb reports whether a word of a name is a verb in its base form
// ("addUser"; "updates" there is a noun).
func isVerb(w string) bool {
	lw := strings.ToLower(w)
	return verbs[lw] == lw || lw == "lookup"
}

// endVerbs are verbs that end a name to say what it does to the thing
// before them: getCommentDescribe describes comments.
var endVerbs = map[string]bool{"describe": true, "count": true, "aggregate": true, "search": true, "export": true, "validate": true, "summarize": true, "summarise": true}

// generic are verbs a name opens with that a verb ending it says more
// exactly: getCommentDescribe describes comments.
var generic = map[string]bool{"get": true, "post": true, "put": true, "create": true, "update": true, "fetch": true, "retrieve": true}

// toHeld and fromHeld are the verbs whose object goes into or out of the
// thing that holds it.
var (
	toHeld   = map[string]bool{"add": true, "attach": true, "assign": true, "invite": true, "link": true, "append": true, "insert": true, "move": true, "upload": true, "pin": true, "create": true}
	fromHeld = map[string]bool{"remove": true, "detach": true, "unassign": true, "unlink": true, "delete": true, "unpin": true}
)

// phrase says the name's request: "add a user to a workspace", "delete
// the custom field", "count the projects", "create contacts in bulk".
func (n opName) phrase() string {
	obj := strings.Join(n.after, " ")
	if len(n.after) == 0 {
		// "getTagAggregate", "projects.project_gid.duplicate.post": what
		// comes before the verb is the thing.
		obj = strings.Join(n.before, " ")
	}
	held := n.held
	if len(n.after) > 1 && prepositions[n.after[0]] && held != "" {
		// "contacts.contactId.addToGroup": the contact is added to a group.
		return n.verb + " " + WithArticle(held) + " " + n.after[0] + " " + WithArticle(strings.Join(n.after[1:], " "))
	}
	if obj == "" {
		obj, held = held, ""
	}
	if n.bulk != "" {
		// "bulkDeleteAdsByListingId": the things, done in bulk.
		obj, _, _ = strings.Cut(obj, " by ")
	}
	switch {
	case n.many || collective[n.verb] && obj != "":
		obj = Plural(obj)
	case n.verb == "describe":
		obj = Singular(obj) + " fields"
	case n.verb == "create" && plural(obj):
		obj = Singular(obj) // a POST to a collection makes one
	}
	out := n.verb + " "
	if obj == "" {
		return out + "the"
	}
	switch {
	case held != "" && (toHeld[n.verb] || fromHeld[n.verb]) && !n.many && !plural(obj):
		out += WithArticle(obj)
	case n.many && n.bulk != "":
		out += obj
	default:
		out += "the " + obj
	}
	if held != "" {
		out += heldBy(n.verb) + WithArticle(held)
	}
	if n.bulk != "" {
		out += " " + n.bulk
	}
	return out
}

// heldBy is the preposition that puts a thing with what holds it: one
// creates a task in a workspace, adds a user to it, removes one from it,
// and gets the favorites of a user.
func heldBy(verb string) string {
	switch {
	case verb == "create":
		return " in "
	case toHeld[verb]:
		return " to "
	case fromHeld[verb]:
		return " from "
	}
	return " of "
}

// prepositions open the place a thing goes to or comes from.
var prepositions = map[string]bool{"to": true, "from": true, "into": true, "in": true, "on": true, "onto": true}

// collective are verbs done to several things at once: one counts or
// aggregates projects, not "the project".
var collective = map[string]bool{"count": true, "aggregate": true, "list": true, "search": true, "export": true, "sync": true}

func plural(np string) bool {
	return np != "" && Plural(np) == np && Singular(np) != np
}

// identifier finds a description that is only an identifier: the
// operation's name or another ("eSearch.searchEntry",
// "addBoardsPowerUpsByIdBoard()", "cancelUpgrade"), which says nothing a
// user would.
var identifier = regexp.MustCompile(`^\s*[A-Za-z][\w.$/-]*(?:\(\))?\s*$`)

// generated finds a description a generator wrote from the method and the
// resource ("DELETE for attachment", "POST bulk  for contact", "COUNT for
// project"): it says the name's words worse than the name.
var generated = regexp.MustCompile(`^\s*[A-Z]{3,}(?:\s+[a-z]+)?\s+for\s+\S+\s*$`)

// nameOnly reports whether a description says no more than the name:
// empty, an identifier (the name, dotted, camelCase or with underscores)
// or a generated stub.
func nameOnly(name, d string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(d), "\n")
	switch {
	case strings.Contains(strings.TrimSpace(name), " "):
		return false // a name that is a sentence is no operation name
	case strings.TrimSpace(d) == "":
		return true
	case generated.MatchString(first):
		return true
	case identifier.MatchString(first):
		w := strings.TrimSuffix(strings.TrimSpace(first), "()")
		return strings.EqualFold(w, name) || len(Words(w)) > 1 || strings.EqualFold(strings.ReplaceAll(name, "_", " "), w)
	case strings.EqualFold(strings.TrimSpace(first), strings.ReplaceAll(name, "_", " ")):
		return true
	}
	return false
}
