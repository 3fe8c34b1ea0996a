package sim

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// personName is a person's name as the generator writes one: "Haylie Newman".
var personName = regexp.MustCompile(`^[A-Z][A-Za-z'-]+( [A-Z][A-Za-z'-]+)+$`)

// agreeContact makes an object's email the address of the person the
// object names: a listed user named Haylie Newman writes as
// haylie.newman@…, not jacky.garrett@…. The name is one string (a
// person's "name"), a first and a last name, or an object of its parts (a
// member profile's name: given_name, surname, display_name). An email the
// call sent stays as sent.
func (v *Values) agreeContact(root any, props map[string]any, noun string, out map[string]any) {
	first, last := v.namedPerson(root, props, noun, out)
	if first == "" {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		e, ok := out[k].(string)
		if !ok || v.sent(e) {
			continue
		}
		s, _ := jsonschema.Resolve(root, props[k])
		if classify(k, s, noun, false, v.subj.text).kind != kEmail {
			continue
		}
		at := strings.Index(e, "@")
		if at <= 0 || ownsAddress(e[:at], first, last) {
			continue
		}
		x := mailbox(first) + "." + mailbox(last) + e[at:]
		if s == nil || fitsString(s, x) {
			out[k] = x
		}
	}
}

// namedPerson returns the first and last name of the person an object
// names, if it names one.
func (v *Values) namedPerson(root any, props map[string]any, noun string, out map[string]any) (string, string) {
	var first, last, full string
	for _, k := range slices.Sorted(maps.Keys(out)) {
		s, _ := jsonschema.Resolve(root, props[k])
		switch x := out[k].(type) {
		case string:
			switch classify(k, s, noun, false, v.subj.text).kind {
			case kFirstName:
				first = x
			case kLastName:
				last = x
			case kPerson:
				if personName.MatchString(x) && ownNameFields[normalise(k)] {
					full = x
				}
			}
		case map[string]any:
			if normalise(k) != "name" {
				continue
			}
			g, _ := x["given_name"].(string)
			f, _ := x["surname"].(string)
			if d, _ := x["display_name"].(string); personName.MatchString(d) && (g == "" || f == "") {
				full = d
			} else if g != "" && f != "" {
				first, last = g, f
			}
		}
	}
	if first != "" && last != "" {
		if full != "" && full != first+" "+last {
			v.nameWhole(root, props, noun, out, first+" "+last)
		}
		return first, last
	}
	if full != "" {
		parts := strings.Fields(full)
		return parts[0], parts[len(parts)-1]
	}
	return "", ""
}

// ownNameFields name the whole name of the thing an object is.
var ownNameFields = map[string]bool{"name": true, "full_name": true, "fullname": true, "display_name": true, "displayname": true}

// nameWhole writes the whole name of the person an object names where it
// holds its parts too: a display_name beside given_name and surname.
func (v *Values) nameWhole(root any, props map[string]any, noun string, out map[string]any, whole string) {
	for k, x := range out {
		s, _ := jsonschema.Resolve(root, props[k])
		if str, ok := x.(string); ok && ownNameFields[normalise(k)] && personName.MatchString(str) && !v.sent(str) && (s == nil || fitsString(s, whole)) {
			out[k] = whole
		}
	}
}

// sent reports whether a call's arguments hold the value.
func (v *Values) sent(x string) bool {
	for _, a := range v.args {
		if a == x {
			return true
		}
	}
	return false
}

// ownsAddress reports whether a mailbox name is one a person of that name
// would have: it holds their first or last name.
func ownsAddress(local, first, last string) bool {
	l := strings.ToLower(local)
	return strings.Contains(l, mailbox(first)) || strings.Contains(l, mailbox(last))
}

// mailbox writes a name as a mailbox name: lower case letters only.
func mailbox(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, name)
}
