package sim

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// codenameRe is a codename of plainName's words ("Green canyon").
var codenameRe = regexp.MustCompile(`^(Silver|Blue|Quiet|North|Green|Bright|Amber|Cedar|Coral|Granite|Willow|Golden|Misty|Stone) [a-z]+$`)

// resultOf is a tool's result for an object schema given as JSON text.
func resultOf(t *testing.T, seed int64, tool, desc, schemaJSON string) map[string]any {
	t.Helper()
	var schema any
	if err := json.Unmarshal([]byte(schemaJSON), &schema); err != nil {
		t.Fatal(err)
	}
	v := NewValues(seedrand.New(seed, "meaning-names"))
	v.Subject(tool, desc)
	out, _ := v.Result(schema, map[string]any{}).(map[string]any)
	return out
}

// A thing that has a real name is given one, not a codename or a slug:
// an OVAL definition says what is broken where, an artist is who
// performs, a recipe's ingredient is food, a search's entries of any type
// on a file store are files.
func TestThingsWithRealNamesAreNotCodenames(t *testing.T) {
	cases := []struct {
		tool, desc, schema string
		get                func(map[string]any) string
		ok                 func(string) bool
	}{
		{"security.advisories.oval.latest.number.get", "Get all the latest OVAL definitions given an absolute number",
			`{"type":"object","properties":{"definition":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}},"required":["definition"]}`,
			func(m map[string]any) string { return m["definition"].(map[string]any)["name"].(string) },
			func(s string) bool { return strings.Contains(s, " in ") }},
		{"v1.bundles.bundle_id.tracks.post", "Add a track for a bundle",
			`{"type":"object","properties":{"artist":{"type":"string","description":"Name of the performing artist"}},"required":["artist"]}`,
			func(m map[string]any) string { return m["artist"].(string) },
			func(s string) bool { return !strings.Contains(s, "-") && strings.ToLower(s) != s }},
		{"Recipe_Get", "Get a recipe",
			`{"type":"object","properties":{"Ingredients":{"type":"array","minItems":1,"items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}},"required":["Ingredients"]}`,
			func(m map[string]any) string { return m["Ingredients"].([]any)[0].(map[string]any)["name"].(string) },
			func(s string) bool { return strings.ToLower(s) == s }},
		{"computeDiagnosis", "Query diagnostic engine \nSuggests possible diagnoses and relevant observations based on provided patient information.",
			`{"type":"object","properties":{"conditions":{"type":"array","minItems":1,"items":{"type":"object","title":"ConditionProbability_Public","properties":{"name":{"type":"string","description":"condition name"},"common_name":{"type":"string","description":"condition common name"}},"required":["name","common_name"]}}},"required":["conditions"]}`,
			func(m map[string]any) string {
				return m["conditions"].([]any)[0].(map[string]any)["common_name"].(string)
			},
			func(s string) bool { return slices.Contains(conditions, s) }},
		{"search_any", "Search API for 'Any file type' entry type \nAPI to search for entries of type Any file type",
			`{"type":"object","properties":{"anies":{"type":"array","minItems":1,"items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}},"required":["anies"]}`,
			func(m map[string]any) string { return m["anies"].([]any)[0].(map[string]any)["name"].(string) },
			func(s string) bool { return strings.Contains(s, ".") }},
	}
	for _, c := range cases {
		for seed := range int64(15) {
			got := c.get(resultOf(t, seed, c.tool, c.desc, c.schema))
			if codenameRe.MatchString(got) || !c.ok(got) {
				t.Fatalf("%s seed %d: %q is not a name of what it names", c.tool, seed, got)
			}
		}
	}
}

// A message about a state or a status is a sentence, not a US state or a
// status word ("StateMessage": "Florida"); a certificate is PEM text, not a
// book's title (a "certificate authority" is no author).
func TestStateMessagesAreSentencesAndCertificatesPEM(t *testing.T) {
	schema := `{"type":"object","properties":{
		"StateMessage":{"type":"string","description":"A description of the cluster state."},
		"statusMessage":{"type":"string"},
		"SignedCert":{"type":"string","description":"The cluster certificate signed by your issuing certificate authority (CA). The certificate must be in PEM format and can contain a maximum of 5000 characters.","pattern":"[a-zA-Z0-9+-/=\\s]*","maxLength":5000},
		"TlsCertificate":{"type":"string"},
		"Csr":{"type":"string","format":"byte"}},
		"required":["StateMessage","statusMessage","SignedCert","TlsCertificate","Csr"]}`
	pem := regexp.MustCompile(`^-----BEGIN CERTIFICATE( REQUEST)?-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE( REQUEST)?-----$`)
	for seed := range int64(15) {
		out := resultOf(t, seed, "InitializeCluster", "Claims an AWS CloudHSM cluster by submitting the cluster certificate issued by your issuing certificate authority (CA) and the CA's root certificate.", schema)
		for _, k := range []string{"StateMessage", "statusMessage"} {
			if s := out[k].(string); !strings.Contains(strings.TrimSpace(s), " ") {
				t.Fatalf("seed %d: %s %q is no sentence", seed, k, s)
			}
		}
		for _, k := range []string{"SignedCert", "TlsCertificate"} {
			if s := out[k].(string); !pem.MatchString(s) {
				t.Fatalf("seed %d: %s %q is no PEM certificate", seed, k, s)
			}
		}
		if s := out["Csr"].(string); !strings.HasPrefix(s, "LS0tLS1CRUdJTi") {
			t.Fatalf("seed %d: Csr %q is not a PEM request in base64", seed, s)
		}
	}
}

// A path beside an HTTP method or a status code, or one its description
// calls a URL path, is a path of the API's resources ("/pets/{petId}"),
// not a file (API Gateway's documentation part location); a file's path
// stays a file's.
func TestPathsBesideHTTPFieldsAreURLPaths(t *testing.T) {
	schema := `{"type":"object","properties":{
		"location":{"type":"object","properties":{"method":{"type":"string"},"path":{"type":"string"},"statusCode":{"type":"string"}},"required":["method","path"]},
		"target":{"type":"object","properties":{"path":{"type":"string","title":"String","description":"The URL path of the target. It is a valid field for the API entity types of RESOURCE and METHOD."}},"required":["path"]}},
		"required":["location","target"]}`
	for seed := range int64(15) {
		out := resultOf(t, seed, "CreateDocumentationPart", "Creates a documentation part.", schema)
		for _, k := range []string{"location", "target"} {
			p := out[k].(map[string]any)["path"].(string)
			if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "/home/") || regexp.MustCompile(`\.[a-z]{2,4}$`).MatchString(p) {
				t.Fatalf("seed %d: %s.path %q is no path of an API's resources", seed, k, p)
			}
		}
	}
	file := `{"type":"object","properties":{"file":{"type":"object","properties":{"path":{"type":"string"},"size":{"type":"integer"}},"required":["path"]}},"required":["file"]}`
	for seed := range int64(10) {
		if p := resultOf(t, seed, "UploadFile", "Uploads a file.", file)["file"].(map[string]any)["path"].(string); strings.Contains(p, "{") {
			t.Fatalf("seed %d: a file's path %q is an API's", seed, p)
		}
	}
}

// The name in an object that only holds a thing's fields (a "names" list,
// "results", "metadata") is the name of the tool's thing — an
// individual's is a person's — and a keystore's chain entries, a
// frequency or a privacy setting are named by their labels, not given
// codenames.
func TestWrappedAndLabelledNamesAreNotCodenames(t *testing.T) {
	cases := []struct {
		tool, desc, parent string
		ok                 func(string) bool
	}{
		{"individuals.partyId.put", "Update an individual", "names", func(s string) bool { return len(strings.Fields(s)) == 2 }},
		{"postAuthorizableKeystore", "Create the authorizable keystore", "chain", func(s string) bool { return strings.Contains(s, "-") }},
		{"AirportDetails", "Details of an airport's radio frequencies", "Frequency", func(s string) bool { return !strings.Contains(s, " ") }},
		{"get_search_videos", "Search videos", "privacy", func(s string) bool { return true }},
		{"createTicketEntityBulk", "Create tickets in bulk", "item", func(s string) bool { return len(strings.Fields(s)) > 2 }},
	}
	for _, c := range cases {
		schema := `{"type":"object","properties":{"` + c.parent + `":{"type":"array","minItems":1,"items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}},"required":["` + c.parent + `"]}`
		for seed := range int64(15) {
			got := resultOf(t, seed, c.tool, c.desc, schema)[c.parent].([]any)[0].(map[string]any)["name"].(string)
			if codenameRe.MatchString(got) || !c.ok(got) {
				t.Fatalf("%s %s seed %d: name %q", c.tool, c.parent, seed, got)
			}
		}
	}
}

// An object whose schema title names a type ("VideoConstantNumber") is the
// thing its property names: a video's licence is a licence.
func TestTypeTitledObjectsAreWhatTheirPropertyNames(t *testing.T) {
	schema := `{"type":"object","properties":{"licence":{"type":"object","title":"VideoConstantNumber"}},"required":["licence"]}`
	for seed := range int64(15) {
		lic, _ := resultOf(t, seed, "get_video_playlists_id_videos", "List videos of a playlist", schema)["licence"].(map[string]any)
		if name, ok := lic["name"].(string); ok && !strings.Contains(name, "License") && !strings.Contains(name, "GPL") && !strings.Contains(name, "BSD") && !strings.Contains(name, "CC BY") {
			t.Fatalf("seed %d: licence %v is not named as a licence", seed, lic)
		}
	}
}

// A rule or an alert is named in the terms of what the tool watches: a
// device's alert by a reading, not by a shop's orders or a help desk's
// queue.
func TestAlertsAreNamedByWhatTheToolWatches(t *testing.T) {
	schema := `{"type":"object","properties":{"alerts":{"type":"array","minItems":1,"items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}},"required":["alerts"]}`
	for seed := range int64(20) {
		name := resultOf(t, seed, "getAlerts", "Get the alerts set on a dweet.io thing", schema)["alerts"].([]any)[0].(map[string]any)["name"].(string)
		for _, w := range []string{"order", "refund", "deal", "invoice", "ticket", "customer", "sign-in"} {
			if strings.Contains(strings.ToLower(name), w) {
				t.Fatalf("seed %d: a device's alert %q speaks of a %s", seed, name, w)
			}
		}
	}
}

// Text on an authorization server or a certificate authority is not a
// book's title: "authority" and "authorization" are no author.
func TestAuthorityIsNoAuthor(t *testing.T) {
	books := []string{"Odyssey", "Madame Bovary", "Ulysses", "Beloved", "The Brothers Karamazov", "Leaves of Grass", "Zorba the Greek", "Oedipus the King"}
	schema := `{"type":"object","properties":{"q":{"type":"string","description":"Text to look for in the authorization records"}},"required":["q"]}`
	for seed := range int64(40) {
		v := NewValues(seedrand.New(seed, "authority"))
		v.Subject("searchAuthorizations", "Search the authorization server's records")
		var s any
		_ = json.Unmarshal([]byte(schema), &s)
		got := v.For(s, s, "").(map[string]any)["q"].(string)
		if slices.Contains(books, got) {
			t.Fatalf("seed %d: %q is a book's title", seed, got)
		}
	}
}

// The people a thing is shared with or was created by are named as
// people, and a HAL link's name is a link's key, not a codename.
func TestSharedWithAndLinkNamesAreNotCodenames(t *testing.T) {
	schema := `{"type":"object","properties":{
		"shared_with":{"type":"array","minItems":1,"items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}},
		"created_by":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]},
		"_links":{"type":"object","properties":{"self":{"type":"object","properties":{"href":{"type":"string"},"name":{"type":"string"}},"required":["name"]}},"required":["self"]}},
		"required":["shared_with","created_by","_links"]}`
	for seed := range int64(15) {
		out := resultOf(t, seed, "allFeeds", "Get all feeds", schema)
		names := []string{out["shared_with"].([]any)[0].(map[string]any)["name"].(string), out["created_by"].(map[string]any)["name"].(string),
			out["_links"].(map[string]any)["self"].(map[string]any)["name"].(string)}
		for _, n := range names {
			if codenameRe.MatchString(n) {
				t.Fatalf("seed %d: %q is a codename", seed, n)
			}
		}
	}
}

// A grocery list's items are food, and the user who posted a recipe is a
// person.
func TestGroceryItemsAreFoodAndPostersPeople(t *testing.T) {
	schema := `{"type":"object","properties":{
		"Items":{"type":"array","minItems":1,"items":{"type":"object","title":"BigOven.Model.API.Grocery.Item","properties":{"Name":{"type":"string"}},"required":["Name"]}},
		"Poster":{"type":"object","title":"UserInfo","properties":{"name":{"type":"string"}},"required":["name"]}},
		"required":["Items","Poster"]}`
	for seed := range int64(15) {
		out := resultOf(t, seed, "GroceryList_Get", "Get the user's grocery list.", schema)
		if item := out["Items"].([]any)[0].(map[string]any)["Name"].(string); !slices.Contains(ingredients, item) {
			t.Fatalf("seed %d: grocery item %q is no food", seed, item)
		}
		if p := out["Poster"].(map[string]any)["name"].(string); codenameRe.MatchString(p) || len(strings.Fields(p)) != 2 {
			t.Fatalf("seed %d: poster %q is no person", seed, p)
		}
	}
}

// A cloud's rule is named by what it does, in the cloud's slug: a backup
// plan's rule by its schedule, not a slug of random words.
func TestCloudRulesSayWhatTheyDo(t *testing.T) {
	schema := `{"type":"object","properties":{"Rules":{"type":"array","minItems":1,"items":{"type":"object","properties":{"RuleName":{"type":"string"},"RuleArn":{"type":"string"}},"required":["RuleName"]}}},"required":["Rules"]}`
	for seed := range int64(15) {
		name := resultOf(t, seed, "UpdateBackupPlan", "Updates an existing backup plan identified by its backupPlanId with the input document in JSON format.", schema)["Rules"].([]any)[0].(map[string]any)["RuleName"].(string)
		if !regexp.MustCompile(`backup|snapshot|archive|daily|weekly|monthly|hourly|keep`).MatchString(name) {
			t.Fatalf("seed %d: a backup rule named %q", seed, name)
		}
	}
	// Among a cloud's tools (their schemas carry ARNs) the name is a slug.
	var cloud any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"Rules":{"type":"array","items":{"type":"object","properties":{"RuleName":{"type":"string"}}}},"BackupPlanArn":{"type":"string","pattern":"^arn:aws:backup:.*$"}}}`), &cloud)
	for seed := range int64(15) {
		v := NewValues(seedrand.New(seed, "cloud-rules"))
		v.Learn(cloud)
		v.Subject("UpdateBackupPlan", "Updates an existing backup plan.")
		out := v.Result(cloud, map[string]any{}).(map[string]any)
		rules, _ := out["Rules"].([]any)
		for _, r := range rules {
			name, _ := r.(map[string]any)["RuleName"].(string)
			if name != "" && !regexp.MustCompile(`^[a-z0-9-]*(backup|snapshot|archive|daily|weekly|monthly|hourly|keep)[a-z0-9-]*$`).MatchString(name) {
				t.Fatalf("seed %d: a cloud's backup rule named %q", seed, name)
			}
		}
	}
}

// A preference whose description says which options to specify holds one
// of them ("DISABLED", "ENABLED"), not a phrase on the tool's topic.
func TestSpecifiedOptionsAreTheValues(t *testing.T) {
	schema := `{"type":"object","properties":{"Options":{"type":"object","properties":{"CertificateTransparencyLoggingPreference":{"type":"string","title":"CertificateTransparencyLoggingPreference","description":"You can opt out of certificate transparency logging by specifying the <code>DISABLED</code> option. Opt in by specifying <code>ENABLED</code>. "}},"required":["CertificateTransparencyLoggingPreference"]}},"required":["Options"]}`
	for seed := range int64(15) {
		got := resultOf(t, seed, "UpdateCertificateOptions", "Updates a certificate. Currently, you can use this function to specify whether to opt in to or out of recording your certificate in a certificate transparency log.", schema)["Options"].(map[string]any)["CertificateTransparencyLoggingPreference"].(string)
		if got != "ENABLED" && got != "DISABLED" {
			t.Fatalf("seed %d: logging preference %q", seed, got)
		}
	}
}
