package sim

import (
	"slices"
	"strings"

	"github.com/brianvoe/gofakeit/v7/data"
)

// GraphKinds are the kinds of entity a knowledge graph's records take.
var GraphKinds = []string{"person", "organization", "project"}

// orgWords end or mark the name of an organisation ("Kimono Labs",
// "Govzilla, Inc.", "Dow Jones & Co.").
var orgWords = map[string]bool{"inc": true, "co": true, "corp": true, "corporation": true, "company": true, "llc": true,
	"ltd": true, "limited": true, "plc": true, "gmbh": true, "ag": true, "sa": true, "group": true, "labs": true, "lab": true,
	"software": true, "technologies": true, "technology": true, "systems": true, "solutions": true, "partners": true,
	"holdings": true, "media": true, "foundation": true, "bank": true, "university": true, "studios": true, "studio": true,
	"associates": true, "consulting": true, "ventures": true, "networks": true, "network": true, "analytics": true,
	"institute": true, "agency": true, "capital": true, "industries": true, "international": true, "services": true}

// EntityKind is the kind of entity a name says it is: "project" for
// "Project Redwood", "organization" for "Dow Jones & Co." or "ProPublica",
// "person" for a first name and a surname; "" for a name that says none.
func EntityKind(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == ',' })
	if len(words) == 0 {
		return ""
	}
	low := make([]string, len(words))
	for i, w := range words {
		low[i] = strings.ToLower(strings.Trim(w, ".()"))
	}
	switch {
	case low[0] == "project" && len(words) > 1:
		return "project"
	case companies[name]:
		// A company named like a person ("Sage Bionetworks", "Morgan
		// Stanley", "Oliver Wyman") is the company.
		return "organization"
	case strings.Contains(name, "&") || slices.ContainsFunc(low[1:], func(w string) bool { return orgWords[w] || orgCompound(w) }):
		return "organization"
	case isFirstName(words[0]) && len(words) <= 3 && capitalised(words):
		return "person"
	case len(words) == 1 || capitalised(words):
		return "organization"
	}
	return ""
}

// companies are the company names values are drawn from.
var companies = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range data.Company["name"] {
		m[n] = true
	}
	return m
}()

// orgCompound reports whether a word is an organisation word run into
// another ("Bionetworks", "Infosystems", "Geotechnologies"): no surname
// ends so. Short organisation words ("co", "lab", "bank") are left out:
// surnames do end with them (Eubank).
func orgCompound(w string) bool {
	for o := range orgWords {
		if len(o) >= 6 && len(w) > len(o)+1 && strings.HasSuffix(w, o) {
			return true
		}
	}
	return false
}

func isFirstName(w string) bool {
	return slices.Contains(data.Person["first"], w)
}

func capitalised(words []string) bool {
	for _, w := range words {
		if w == "" || !(w[0] >= 'A' && w[0] <= 'Z' || w[0] >= '0' && w[0] <= '9') {
			return false
		}
	}
	return true
}

// Observations are n different notes one keeps about an entity of kind
// (one of GraphKinds): where a company is based, a project's deadline, a
// person's role.
func (v *Values) Observations(kind string, n int) []string {
	v.mem["graph:type"], v.mem["graph:facts"] = kind, ""
	var out []string
	for range n {
		if f := v.graphFact(); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// RelationBetween is a relation type that reads right from an entity of
// kind from to one of kind to ("employs" from a company to a person).
func (v *Values) RelationBetween(from, to string) string {
	var rels []string
	switch from + ">" + to {
	case "person>organization":
		rels = []string{"works_at", "founded", "advises"}
	case "person>project":
		rels = []string{"leads", "works_on"}
	case "person>person":
		rels = []string{"knows", "mentors", "reports_to", "collaborates_with"}
	case "organization>project":
		rels = []string{"owns", "sponsors"}
	case "organization>person":
		rels = []string{"employs"}
	case "organization>organization":
		rels = []string{"partners_with", "supplies"}
	case "project>organization":
		rels = []string{"owned_by", "funded_by"}
	case "project>person":
		rels = []string{"led_by", "staffed_by"}
	default:
		rels = []string{"depends_on", "related_to"}
	}
	return v.pick(rels)
}

// ThingOfKind is a name for a new entity of kind (one of GraphKinds): a
// person's full name, a company, a project; "" for another kind.
func (v *Values) ThingOfKind(kind string) string {
	switch kind {
	case "person":
		return v.f.FirstName() + " " + v.f.LastName()
	case "organization":
		return v.f.Company()
	case "project":
		return "Project " + v.pick([]string{"Atlas", "Orion", "Falcon", "Juniper", "Northstar", "Redwood", "Beacon", "Harbor", "Meridian", "Quartz", "Cobalt", "Summit"})
	}
	return ""
}
