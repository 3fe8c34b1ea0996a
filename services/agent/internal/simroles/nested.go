package simroles

import (
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A record's parts are said the way a person says them: an object that is
// the record told again (a booking's "booking_history" with the booking's
// own id) is the record, not another thing ("the booking history's travel
// date"); a name given in parts is one name ("Layne Jacobson", not
// "first name Layne, last name Jacobson"); a pair of fields naming where
// something goes from and to is one route ("travel from PHL to JFK", not
// "the travel from is PHL"); and a thing the record points to is told by
// one field, not recited field by field.

// sameRecord reports whether object child, inside parent, is the parent
// told again: it carries one of the parent's ids with the same value
// ({"booking_id": "BOO-1", "booking_history": {"booking_id": "BOO-1", …}}).
func sameRecord(child, parent map[string]any) bool {
	for k, v := range child {
		if !idKey(k) || !plan.Significant(v) {
			continue
		}
		if pv, ok := parent[k]; ok && plan.Text(pv) == plan.Text(v) {
			return true
		}
	}
	return false
}

// nameParts finds a name given in parts ("FirstName": "Layne",
// "LastName": "Jacobson"): the two fields and the whole name's field
// ("Name", or "poster_name" for "poster_first_name"); ok false when
// there is no such pair.
func nameParts(x map[string]any) (first, last, whole string, ok bool) {
	for k, v := range x {
		ws := strings.Fields(strings.ToLower(wording.Phrase(k)))
		if n := len(ws); n < 2 || ws[n-1] != "name" || ws[n-2] != "first" && ws[n-2] != "given" {
			continue
		}
		if s, isText := v.(string); !isText || s == "" {
			continue
		}
		prefix := strings.Join(ws[:len(ws)-2], " ")
		for k2, v2 := range x {
			w2 := strings.Fields(strings.ToLower(wording.Phrase(k2)))
			n := len(w2)
			if s, isText := v2.(string); !isText || s == "" || n == 0 {
				continue
			}
			var p2 string
			switch {
			case n >= 2 && w2[n-1] == "name" && (w2[n-2] == "last" || w2[n-2] == "family"):
				p2 = strings.Join(w2[:n-2], " ")
			case w2[n-1] == "surname":
				p2 = strings.Join(w2[:n-1], " ")
			default:
				continue
			}
			if p2 == prefix {
				whole = "name"
				if prefix != "" {
					whole = strings.ReplaceAll(prefix, " ", "_") + "_name"
				}
				return k, k2, whole, true
			}
		}
	}
	return "", "", "", false
}

// routeParts finds two fields that say where something goes from and to
// ("travel_from": "PHL", "travel_to": "JFK"): their keys and the words
// before the preposition ("travel"); ok false when there is no such pair.
func routeParts(x map[string]any) (from, to, stem string, ok bool) {
	for k, v := range x {
		ws := strings.Fields(strings.ToLower(wording.Phrase(k)))
		if len(ws) == 0 || ws[len(ws)-1] != "from" || !plan.Significant(v) {
			continue
		}
		stem = strings.Join(ws[:len(ws)-1], " ")
		for k2, v2 := range x {
			w2 := strings.Fields(strings.ToLower(wording.Phrase(k2)))
			if len(w2) > 0 && w2[len(w2)-1] == "to" && strings.Join(w2[:len(w2)-1], " ") == stem && plan.Significant(v2) {
				return k, k2, stem, true
			}
		}
	}
	return "", "", "", false
}

// partsFacts are the facts of x that two of its fields make together
// (a name given in parts, a route), and the fields they stand for.
func partsFacts(x map[string]any, owners []string) ([]fact, map[string]bool) {
	var out []fact
	told := map[string]bool{}
	if first, last, whole, ok := nameParts(x); ok {
		name := plan.Text(x[first]) + " " + plan.Text(x[last])
		f, _ := leafFact(whole, name, "")
		f.score = fieldScore("name", name) + 1 // a person is told by their name first
		who := owners
		if n := len(who); n > 0 && slices.Contains(nameKeys, strings.ToLower(who[n-1])) {
			who = who[:n-1] // {"profile": {"name": {"given_name": …}}}: the profile's name, not "the profile's name's"
		}
		if f, ok := owned(f, name, who); ok {
			out = append(out, f)
		}
		told[first], told[last] = true, true
	}
	if from, to, stem, ok := routeParts(x); ok {
		if stem == "" {
			stem = "route"
		}
		f := fact{key: from, words: stem, value: "from " + plan.Text(x[from]) + " to " + plan.Text(x[to]), score: fieldScore(from, x[from]) + 2,
			parts: []string{plan.Text(x[from]), plan.Text(x[to])}}
		if f, ok := owned(f, x[from], owners); ok {
			out = append(out, f)
		}
		told[from], told[to] = true, true
	}
	return out, told
}

// echoes reports whether a fact only gives back a value the call was made
// with (the date, the places, the class the user asked for): the reply
// restating the request is not news while it says anything else.
func echoes(f fact, args map[string]any) bool {
	if f.list || f.secret || len(args) == 0 {
		return false
	}
	sent := func(v string) bool {
		v = strings.ToLower(strings.Trim(v, `"`))
		for _, l := range plan.Leaves(args) {
			if plan.Significant(l) && strings.ToLower(plan.Text(l)) == v {
				return true
			}
		}
		return false
	}
	if len(f.parts) > 0 {
		return !slices.ContainsFunc(f.parts, func(p string) bool { return !sent(p) })
	}
	return sent(f.value)
}

// newsFirst orders a result's facts with what the call did not already
// say first: a value given back as sent comes after every other.
func newsFirst(fs []fact, args map[string]any) []fact {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b fact) int {
		ea, eb := echoes(a, args), echoes(b, args)
		switch {
		case ea == eb:
			return 0
		case ea:
			return 1
		}
		return -1
	})
	return out
}

// foreignID reports whether a fact is the id of another thing than the
// one the call acts on: "partner_id" in a batch job the call edited, not
// "job_id", nor "booking_id" after booking a flight. Such an id is rarely
// what the user asked about; it comes after the rest.
func foreignID(f fact, purpose string) bool {
	if f.list || f.secret || !idKey(f.key) || strings.EqualFold(f.key, "id") {
		return false
	}
	ws := strings.Fields(strings.ToLower(wording.Phrase(f.key)))
	pws := strings.FieldsFunc(strings.ToLower(purpose), notWordRune)
	for _, w := range ws {
		if idWords[w] {
			continue
		}
		if slices.ContainsFunc(pws, func(p string) bool { return sameStem(w, p) || wording.Singular(p) == w }) {
			return false
		}
	}
	return true
}

// foreignLast orders a result's facts with other things' ids after the
// rest, marked, so that they are told only when nothing else is.
func foreignLast(fs []fact, purpose string) []fact {
	out := slices.Clone(fs)
	for i := range out {
		out[i].foreign = foreignID(out[i], purpose)
	}
	slices.SortStableFunc(out, func(a, b fact) int {
		switch {
		case a.foreign == b.foreign:
			return 0
		case a.foreign:
			return 1
		}
		return -1
	})
	return out
}
