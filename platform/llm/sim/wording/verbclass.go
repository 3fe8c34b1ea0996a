package wording

import "strings"

// verbClasses group the verbs that do one thing to a resource: read it,
// make it, change it, delete it, stop it. Two verbs of one class say the
// same thing in other words ("remove" and "delete").
var verbClasses = map[string]string{}

func init() {
	for class, vs := range map[string]string{
		"read":   "get list fetch retrieve show view find search look query read describe display download export count obtain browse",
		"create": "create add insert register make generate submit upload book place open initiate launch",
		"change": "update edit modify change rename replace configure move assign",
		"delete": "delete remove revoke unregister detach unsubscribe clear void",
		"stop":   "cancel stop abort terminate end close pause suspend disable kill",
	} {
		for _, v := range strings.Fields(vs) {
			verbClasses[v] = class
		}
	}
}

// nameVerb is the verb an operation's name leads with ("cancel" of
// cancelCrawlItem), when it is one that changes something: a name that
// starts with an HTTP method or a reading verb says less than its
// description. "" otherwise.
func nameVerb(name string) string {
	ws := Words(name)
	if len(ws) < 2 || strings.HasPrefix(name[len(ws[0]):], ".") {
		return "" // "Place.pairing": a namespace, not a verb
	}
	v := verbs[strings.ToLower(ws[0])]
	if c := verbClasses[v]; c == "" || c == "read" {
		return ""
	}
	for _, w := range ws[1:] {
		if verbClasses[verbs[strings.ToLower(w)]] != "" {
			return "" // Place.getMetadata, StopPoint…get: the first word is a noun
		}
	}
	return v
}

// opposed are the classes of a description's verb that cannot describe
// an operation whose name's verb is of the key's class: a delete is not
// described by "create" or "get", a create not by "delete" or "search", a
// change not by "get". A change may add, revoke or cancel, and a delete
// may disable or close, so those stand.
var opposed = map[string]map[string]bool{
	"delete": {"create": true, "read": true},
	"stop":   {"create": true, "read": true},
	"create": {"delete": true, "stop": true, "read": true},
	"change": {"read": true},
}

// contradicts reports whether a purpose read from a description does
// another thing than the name's verb says: "create a crawl resource" for
// cancelCrawlItem. A description that names the name's verb anywhere
// ("reading, updating and listing" for an update) does not.
func contradicts(nv, purpose, description string) bool {
	pv, _, _ := strings.Cut(purpose, " ")
	if !opposed[verbClasses[nv]][verbClasses[pv]] {
		return false
	}
	stem := strings.TrimSuffix(nv, "e") // "updating", "cancelled"
	for _, w := range strings.FieldsFunc(strings.ToLower(description), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if verbs[w] == nv || strings.HasPrefix(w, stem) {
			return false
		}
	}
	return true
}
