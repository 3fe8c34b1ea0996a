package sim

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A thing's name is of its own form, not a line of work's word before the
// field's noun: an address is "Home", a thumbnail a file, an advisory says
// what is broken where.
func TestThingNamesAreNotDepartments(t *testing.T) {
	checks := map[string]func(string) bool{
		"address":   func(s string) bool { return !strings.Contains(s, " ") },
		"thumbnail": func(s string) bool { return strings.Contains(s, ".") && !strings.Contains(s, " ") },
		"cve":       func(s string) bool { return strings.Contains(s, " in ") },
		"firstpublished": func(s string) bool {
			w := strings.Fields(s)
			return len(w) == 2 && slices.Contains(nameWords, w[0]) && slices.Contains(nameNouns, w[1])
		},
		"memory": func(s string) bool { return !strings.Contains(strings.ToLower(s), "memory") },
		// A classifier's detection and a journal's entry are no advisory and no product.
		"detection": func(s string) bool { return !strings.Contains(s, " in ") },
		"entry":     func(s string) bool { return len(strings.Fields(s)) <= 2 },
	}
	for noun, ok := range checks {
		var schema any
		_ = json.Unmarshal([]byte(`{"type":"object","properties":{"`+noun+`":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}},"required":["`+noun+`"]}`), &schema)
		for seed := range int64(20) {
			v := NewValues(seedrand.New(seed, "things"))
			v.Subject("get_things", "Get things.")
			name := v.For(schema, schema, "").(map[string]any)[noun].(map[string]any)["name"].(string)
			for _, area := range workAreas {
				if strings.HasPrefix(name, area+" ") {
					t.Fatalf("%s seed %d: %q is named for a line of work", noun, seed, name)
				}
			}
			if !ok(name) {
				t.Fatalf("%s seed %d: %q is not a name of its kind", noun, seed, name)
			}
		}
	}
}

// Things whose kind has a naming habit of its own are named by it, not
// given a codename: a repository a slug, a dataset snake case, a dealer a
// company's name, a reviewer a person's, a file renamed on a file store a
// file name.
func TestNamedThingsFollowTheirKindsHabit(t *testing.T) {
	codename := regexp.MustCompile(`^(Silver|Blue|Quiet|North|Green|Bright|Amber|Cedar|Coral|Granite|Willow|Golden|Misty|Stone) [a-z]+$`)
	slug := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`)
	snake := regexp.MustCompile(`^[a-z]+_[a-z0-9]+$`)
	locale := regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)
	file := regexp.MustCompile(`^[a-z0-9_]+\.[a-z0-9]+$`)
	str := map[string]any{"type": "string"}
	obj := func(p string) map[string]any {
		return map[string]any{"type": "object", "title": p, "properties": map[string]any{"name": str}, "required": []any{"name"}}
	}
	cases := []struct {
		tool, desc, field string
		schema            map[string]any
		ok                func(string) bool
	}{
		{"getRepositoryStats", "Statistics of a repository", "repository_name", str, slug.MatchString},
		{"listDatasets", "Lists the datasets of a project", "dataset_name", str, snake.MatchString},
		{"getPackage", "Package registry lookup", "packageName", str, slug.MatchString},
		{"ChangeCulture", "Changes the user's culture", "cultureName", str, locale.MatchString},
		{"renameResource", "Rename a file or folder at the specified path", "newName", str, file.MatchString},
		{"getDealers", "List dealers", "dealerName", str, func(s string) bool { return !codename.MatchString(s) }},
		{"getReviewers", "List reviewers", "reviewer", obj("Reviewer"), func(s string) bool { return len(strings.Fields(s)) >= 2 && !codename.MatchString(s) }},
		{"TeamSeasonStats", "Fantasy team stats for a season", "team", obj("Team"), func(s string) bool { return !codename.MatchString(s) }},
	}
	for seed := range int64(20) {
		for _, c := range cases {
			v := NewValues(seedrand.New(seed, "named things"))
			v.Subject(c.tool, c.desc)
			x := v.For(nil, c.schema, c.field)
			got, _ := x.(string)
			if o, ok := x.(map[string]any); ok {
				got, _ = o["name"].(string)
			}
			if !c.ok(got) {
				t.Errorf("seed %d: %s's %s = %q", seed, c.tool, c.field, got)
			}
		}
	}
}

// An account is named by what it is for, not "<word> account" restating
// its field.
func TestAccountNamesDoNotRestateTheField(t *testing.T) {
	for seed := range int64(30) {
		v := NewValues(seedrand.New(seed, "accounts"))
		if got, _ := v.For(nil, map[string]any{"type": "string"}, "accountName").(string); strings.Contains(strings.ToLower(got), "account") {
			t.Fatalf("seed %d: accountName %q", seed, got)
		}
	}
}

// A thing of a two-word kind is named as its last word says, not in a
// slug: an inventory item is a product, a sales contact a person.
func TestCompoundKindsAreNamedByTheirLastWord(t *testing.T) {
	slug := regexp.MustCompile(`^[a-z0-9]+-[a-z0-9-]+$`)
	for seed := range int64(20) {
		v := NewValues(seedrand.New(seed, "compound kinds"))
		v.Subject("GetInventory", "Returns the inventory of the account")
		for _, name := range []string{"InventoryItemName", "LeaveTypeName", "SalesContactName"} {
			got, _ := v.For(nil, map[string]any{"type": "string"}, name).(string)
			if slug.MatchString(got) || got == "" {
				t.Errorf("seed %d: %s = %q", seed, name, got)
			}
		}
	}
}
