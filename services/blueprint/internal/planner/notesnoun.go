package planner

import (
	"regexp"
	"strings"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
)

// notesNoun is how a person calls a list of records that each name a thing
// and hold notes on it (a knowledge graph's observations to add or delete,
// tags to put on items): the notes for each thing ("observations for each
// entity"), as the record's fields describe them, not by the parameter's
// name ("deletions"), which says nothing of what is asked for. A question
// for it asks what the reply gives: which notes, on which thing. "" for any
// other value.
func notesNoun(root any, s map[string]any) string {
	if jsonschema.TypeOf(s) != "array" {
		return ""
	}
	item, ok := jsonschema.Resolve(root, s["items"])
	if !ok {
		return ""
	}
	props, _ := item["properties"].(map[string]any)
	if len(props) != 2 {
		return ""
	}
	thing, list, listDesc := "", "", ""
	for k, p := range props {
		ps, ok := jsonschema.Resolve(root, p)
		if !ok {
			return ""
		}
		switch jsonschema.TypeOf(ps) {
		case "string":
			d, _ := ps["description"].(string)
			thing = thingNamed(k, d)
		case "array":
			is, _ := jsonschema.Resolve(root, ps["items"])
			if jsonschema.TypeOf(is) != "string" {
				return ""
			}
			list = k
			listDesc, _ = ps["description"].(string)
		}
	}
	if thing == "" || list == "" {
		return ""
	}
	notes := notesListNoun(listDesc)
	if notes == "" {
		notes = wording.Plural(wording.Phrase(list))
	}
	return notes + " for each " + thing
}

// thingNamed is the thing a name field names ("entityName" → "entity",
// "name" described as "The name of the entity …" → "entity"), "" when the
// field is no name.
func thingNamed(field, description string) string {
	ws := lowerWords(field)
	if len(ws) == 0 || ws[len(ws)-1] != "name" && ws[len(ws)-1] != "title" {
		return ""
	}
	if len(ws) > 1 {
		return strings.Join(ws[:len(ws)-1], " ")
	}
	d := strings.ToLower(description)
	for _, lead := range []string{"the name of the ", "name of the ", "the name of a ", "the title of the "} {
		if rest, ok := strings.CutPrefix(d, lead); ok {
			if w := strings.Fields(rest); len(w) > 0 {
				return strings.Trim(w[0], ".,;")
			}
		}
	}
	return "one"
}

// listLead is how a list's description opens ("An array of", "List of").
var listLead = regexp.MustCompile(`^(?i)(an? |the )?(array|list|set|collection) of `)

// notesListNoun is the things a list's description says it holds
// ("An array of observations to delete" → "observations", "An array of
// observation contents to add" → "observations"); "" when the description
// does not open as a list's.
func notesListNoun(d string) string {
	d = strings.TrimSpace(d)
	loc := listLead.FindStringIndex(d)
	if loc == nil {
		return ""
	}
	var ws []string
	for _, w := range strings.Fields(strings.ToLower(d[loc[1]:])) {
		w = strings.Trim(w, ".,;:()")
		if w == "to" || w == "that" || w == "which" || w == "for" || w == "of" || w == "associated" || w == "from" || w == "in" || w == "" {
			break
		}
		ws = append(ws, w)
	}
	if len(ws) == 0 || len(ws) > 3 {
		return ""
	}
	// "observation contents": the contents of observations are the
	// observations.
	if n := len(ws); n > 1 && (ws[n-1] == "contents" || ws[n-1] == "texts" || ws[n-1] == "strings") {
		ws = append(ws[:n-2], wording.Plural(ws[n-2]))
	}
	return strings.Join(ws, " ")
}
