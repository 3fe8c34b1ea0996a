package simroles

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// The one value of a result that no sentence quotes yet is said of the
// thing it belongs to, as a person adds a detail ("The notification
// configuration was updated on 2024-01-07T12:15:00Z."), or left out when
// it tells the user nothing and the answer draws on enough results
// without it: never a leftover field read out as "I also got created at
// 2024-06-16T15:30:00Z."

// leafPlace is where a result's leaf sits: the list holding it (its key
// and length), "" and 0 for a leaf of the result's own record.
type leafPlace struct {
	list string
	n    int
}

// placeOf finds the first leaf named key whose text is text in doc.
func placeOf(doc any, key, text string) leafPlace {
	var found *leafPlace
	var walk func(k string, v any, at leafPlace)
	walk = func(k string, v any, at leafPlace) {
		if found != nil {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, kk := range slices.Sorted(maps.Keys(x)) {
				walk(kk, x[kk], at)
			}
		case []any:
			for _, e := range x {
				walk(k, e, leafPlace{list: k, n: len(x)})
			}
		default:
			if k == key && plan.Text(x) == text {
				found = &at
			}
		}
	}
	walk("", doc, leafPlace{})
	if found == nil {
		return leafPlace{}
	}
	return *found
}

// genericLists are list keys that say nothing of what they hold.
var genericLists = map[string]bool{"": true, "items": true, "results": true, "data": true, "records": true, "entries": true, "values": true,
	"list": true, "objects": true, "rows": true, "value": true, "content": true, "elements": true}

// ownerPhrase names the thing a leaf belongs to: the list's one entry or
// its first ("the first of the campaigns"), else the thing the call acts
// on ("the host" of "look up the host to be deleted"), "" when neither
// can be told.
func ownerPhrase(purpose string, at leafPlace) string {
	thing := purposeNoun(purpose)
	if thing == "" && at.n > 0 {
		// "look for screenshots" names its entries without an article:
		// the first screenshot.
		thing = listNoun(purpose)
	}
	if at.n > 0 {
		noun := wording.Phrase(at.list)
		switch {
		case (genericLists[strings.ToLower(at.list)] || noun == "") && thing != "":
			noun = wording.Singular(thing) // "list the notification settings": the first notification setting
			if at.n == 1 {
				return "the " + noun
			}
			return "the first " + noun
		case genericLists[strings.ToLower(at.list)] || noun == "":
			// Nothing names the entries: they are the ones the answer
			// just counted ("That gave 3 entries. The first one has …"),
			// not "the first entry", a word for a list's slot.
			if at.n == 1 {
				return "the only one"
			}
			return "the first one"
		case at.n == 1:
			return "the " + wording.Singular(noun)
		}
		return "the first of the " + wording.Plural(noun)
	}
	if thing != "" {
		return "the " + thing // "update a host": the host
	}
	return ""
}

// purposeNoun is the thing a purpose names after its article ("host" of
// "look up the host to be deleted"), "" when it names none.
func purposeNoun(purpose string) string {
	ws := strings.Fields(wording.Short(purpose))
	for i := 1; i+1 < len(ws); i++ {
		if ws[i] != "a" && ws[i] != "an" && ws[i] != "the" {
			continue
		}
		var np []string
		for _, w := range ws[i+1:] {
			if nounStops[w] || len(np) == 3 {
				break
			}
			np = append(np, w)
		}
		return strings.Join(np, " ")
	}
	return ""
}

// nounStops end the noun phrase a purpose names its thing by.
var nounStops = map[string]bool{"to": true, "for": true, "by": true, "in": true, "of": true, "with": true, "from": true, "on": true,
	"at": true, "that": true, "which": true, "and": true, "or": true, "into": true, "as": true, "using": true}

// tellsNothing reports whether a leaf is bookkeeping the user did not ask
// for: when a record was created or last touched, a routine status, an id
// made for machines, or a value the call itself was given.
func tellsNothing(res result, key, text string) bool {
	f, _ := leafFact(key, text, "")
	if bookkeepingTime(strings.ToLower(key)) || routineStatus(f) || machineID(text) {
		return true
	}
	for _, v := range res.args {
		if plan.Text(v) == text {
			return true
		}
	}
	return false
}

// unquotedSentence says the leaf key = text of res of the thing it
// belongs to: a moment as when the thing was so ("was updated on …"),
// who did it as such ("was last modified by kellis"), any other field as
// the thing's ("The first of the recovery points has x 1335.").
func unquotedSentence(r *rand.Rand, purpose string, res result, key, text string) string {
	at := placeOf(res.out, key, text)
	owner := ownerPhrase(purpose, at)
	words := wording.Phrase(key)
	value := text
	if strings.Contains(value, " ") {
		value = `"` + value + `"`
	}
	switch {
	case at.n > 0 && at.list == key:
		// A list of plain values: the value is one of them ("the schema
		// ARN is …"), not a field of it.
		return upperFirst(owner) + " is " + value + "."
	case owner == "" && timeField(key) && strings.HasSuffix(onDate(words), " on"):
		// When it was so, said as such: "the reply notes it was created
		// on …", never "the reply also gives the created at: …".
		return pick(r, "The reply notes it was "+onDate(words)+" "+value+".", "According to the reply, it was "+onDate(words)+" "+value+".")
	case owner == "":
		return pick(r, "The reply also gives the "+words+": "+value+".", "Its reply also carries the "+words+", "+value+".")
	case timeField(key) && strings.HasSuffix(onDate(words), " on"):
		return upperFirst(owner) + " was " + onDate(words) + " " + value + "."
	case strings.HasSuffix(words, " by") && !strings.HasPrefix(words, "by "):
		return upperFirst(owner) + " was " + words + " " + value + "."
	}
	if k := strings.ToLower(key); strings.HasSuffix(k, "status") || strings.HasSuffix(k, "state") {
		// What the service reports of the thing: "It reports the state
		// pressed", not "the brake pedal status is pressed" after
		// "Pressed the brake pedal".
		return pick(r, upperFirst(owner)+" now reports "+value+" as its "+lastWord(words)+".", "The "+lastWord(words)+" reported for "+owner+" is "+value+".")
	}
	if thing := strings.TrimPrefix(owner, "the "); strings.HasPrefix(strings.ToLower(words), strings.ToLower(thing)+" ") {
		words = words[len(thing)+1:] // the brake pedal's force, not its "brake pedal force"
	}
	return pick(r, "The "+words+" of "+owner+" is "+value+".", "For "+owner+", the "+words+" is "+value+".")
}

func lastWord(words string) string {
	ws := strings.Fields(words)
	if len(ws) == 0 {
		return words
	}
	return ws[len(ws)-1]
}
