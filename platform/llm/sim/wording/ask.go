package wording

import (
	"math/rand/v2"
	"regexp"
	"strings"
)

// askKinds are the kinds of action a request asks for, each by the
// openings a purpose says it with and the openings people ask for it
// with: nobody asks to "read the contents of" a file or "add new
// observations to existing entities"; they ask to open the file or to
// note something on a record. Openings are matched longest first within
// a kind; every ask opening reads after "I need to" and "could you".
var askKinds = []struct {
	leads []string
	asks  []string
	// notes are further openings for information put on a record
	// (observations, notes, facts), said as a person notes it.
	notes []string
}{
	{leads: []string{"read the complete contents of ", "read the contents of ", "read ", "open ", "view "},
		asks: []string{"open ", "pull up ", "look at ", "go through ", "check what's in ", "bring up ", "read ", "have a look at ", "take a look at ", "see what's in ", "read through "}},
	{leads: []string{"get a detailed listing of ", "get a listing of ", "list "},
		asks: []string{"list ", "run through ", "check ", "pull up ", "go over "}},
	{leads: []string{"search for ", "look for ", "find "},
		asks: []string{"find ", "look for ", "search for ", "track down ", "dig up ", "look up "}},
	{leads: []string{"delete ", "remove "},
		asks: []string{"delete ", "remove ", "get rid of ", "drop ", "clear out "}},
	{leads: []string{"make line-based edits to ", "make edits to ", "edit "},
		asks: []string{"edit ", "change ", "update ", "make changes to ", "fix up "}},
	{leads: []string{"make line-based edits", "make edits"},
		asks: []string{"make some edits", "make a few edits", "do some editing", "make a couple of changes", "edit things"}},
	{leads: []string{"move ", "rename "},
		asks: []string{"move ", "shift ", "relocate "}},
	{leads: []string{"create a new ", "add a new ", "make a new "},
		asks: []string{"create a new ", "add a new ", "make a new ", "set up a new ", "start a new "}},
	{leads: []string{"create ", "add "},
		asks:  []string{"add ", "create ", "put in ", "set up "},
		notes: []string{"note down ", "record ", "jot down ", "log ", "save "}},
	{leads: []string{"get details of ", "get information about ", "retrieve ", "fetch ", "get "},
		asks: []string{"look up ", "pull up ", "check ", "fetch ", "get "}},
}

// noted are the things a person writes down rather than makes: one notes
// an observation, one creates a directory.
var noted = map[string]bool{"observation": true, "observations": true, "note": true, "notes": true, "fact": true, "facts": true,
	"comment": true, "comments": true, "memory": true, "memories": true, "entry": true, "entries": true, "remark": true, "remarks": true}

// Ask words a purpose as a request: its object as people say it (no "new"
// before several things made, no "existing" before what a thing is put
// on) and its opening one of several a person uses for that kind of
// action, chosen by r. A purpose of no known kind is rephrased as Rephrase
// does.
func Ask(r *rand.Rand, purpose string) string {
	purpose = rephraseObject(r, purpose)
	for _, k := range askKinds {
		for _, lead := range k.leads {
			if !strings.HasPrefix(purpose, lead) {
				continue
			}
			obj := plainObject(r, purpose[len(lead):])
			asks := k.asks
			if len(k.notes) > 0 && noted[firstWord(obj)] {
				asks = append(append([]string{}, k.notes...), "add ")
			}
			ask := asks[r.IntN(len(asks))]
			if lead == "add " && strings.Contains(obj, " to ") && !noted[firstWord(obj)] {
				// One adds a contact to a workspace; one does not create or
				// set up a contact to it.
				ask = lead
			}
			if ask != "add " && len(k.notes) > 0 && noted[firstWord(obj)] {
				// One adds a note to a record but notes it down on or for one.
				obj = strings.Replace(obj, " to ", []string{" on ", " for ", " against "}[r.IntN(3)], 1)
			}
			return ask + obj
		}
	}
	return Rephrase(r, purpose)
}

// plainObject drops the words a description uses to be exact and a person
// leaves out: "new observations to existing entities" is "observations to
// entities".
//
// A trailing manner ("a file as text", "files as a JSON structure") is
// how the tool answers, not what the person asks for, and the whole of a
// thing is said in several ways.
func plainObject(r *rand.Rand, obj string) string {
	obj = strings.TrimPrefix(obj, "new ")
	obj = existingAfterArticle.ReplaceAllStringFunc(obj, func(m string) string {
		// "an existing permission" is "a permission": the article goes with
		// the word that now follows it.
		_, rest, _ := strings.Cut(m, " existing ")
		return WithArticle(rest)
	})
	obj = strings.ReplaceAll(obj, " existing ", " ")
	if i := strings.LastIndex(obj, " as "); i > 0 {
		obj = obj[:i]
	}
	for _, whole := range []string{"the entire ", "the whole ", "the full "} {
		if rest, ok := strings.CutPrefix(obj, whole); ok {
			wholes := []string{"the entire ", "the whole ", "all of the ", "everything in the ", "the full ", "everything stored in the ", "the complete "}
			return wholes[r.IntN(len(wholes))] + rest
		}
	}
	return obj
}

// existingAfterArticle finds "an existing X" and "a existing X".
var existingAfterArticle = regexp.MustCompile(`\ban? existing \S+`)

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}
