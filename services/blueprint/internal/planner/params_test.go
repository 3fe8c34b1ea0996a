package planner

import (
	"context"
	"slices"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

func TestIncidental(t *testing.T) {
	for param, want := range map[string]bool{
		"key": true, "quotaUser": true, "prettyPrint": true, "$.xgafv": true, "X-Bunq-Region": true,
		"Cache-Control": true, "pageToken": true, "ks": true,
		"limit": false, "status": false, "customer_id": false, "filter": false, "page": false, "currency": false,
	} {
		if got := incidental(param); got != want {
			t.Errorf("incidental(%q) = %v, want %v", param, got, want)
		}
	}
}

func TestExclusive(t *testing.T) {
	tool := func(desc, in string) *catalog.Tool {
		c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "t", Description: desc, InputSchemaJson: in}}})
		return c.Tools[0]
	}
	for _, tc := range []struct {
		desc, in, a, b string
		want           bool
	}{
		{"List items.", `{"type":"object","properties":{"since":{"type":"string","description":"Cannot be used with until_id."},"until_id":{"type":"string"}}}`, "since", "until_id", true},
		{"List items.", `{"type":"object","properties":{"limit":{"type":"integer","description":"Max items"},"offset":{"type":"integer","description":"Items to skip"}}}`, "limit", "offset", false},
		{"Search by `name` or by `email`.", `{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}}}`, "name", "email", true},
		{"Search users; filter by 'name' and sort by 'created'.", `{"type":"object","properties":{"name":{"type":"string"},"created":{"type":"string"}}}`, "name", "created", false},
	} {
		if got := exclusive(tool(tc.desc, tc.in), tc.a, tc.b); got != tc.want {
			t.Errorf("exclusive(%q, %s, %s) = %v, want %v", tc.desc, tc.a, tc.b, got, tc.want)
		}
	}
}

// TestNoConditionOnContentBlocks: a media read's blocks are data, not a
// result anyone tests; a list of records still is.
func TestNoConditionOnContentBlocks(t *testing.T) {
	media := `{"type":"object","properties":{"content":{"type":"array","items":{"anyOf":[{"type":"object","properties":{"type":{"type":"string"},"data":{"type":"string"},"mimeType":{"type":"string"}}},{"type":"object","properties":{"type":{"type":"string"},"resource":{"type":"object"}}}]}}}}`
	records := `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}}}}}`
	for out, want := range map[string]int{media: 0, records: 1} {
		c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "read_media_file", Description: "Read a file.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}}}`, OutputSchemaJson: out}}})
		if got := len(condFields(c.Tools[0])); got != want {
			t.Errorf("condFields of %s: %d fields, want %d", out, got, want)
		}
	}
}

// TestNoConditionOnPageCursor: whether a NextToken came back is the
// protocol's word for "more pages", not a result anyone tests by name.
func TestNoConditionOnPageCursor(t *testing.T) {
	out := `{"type":"object","properties":{"Hosts":{"type":"array","items":{"type":"object","properties":{"Name":{"type":"string"}}}},"NextToken":{"type":"string","description":"A token to get the next page."},"Marker":{"type":"string"}}}`
	c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "ListHosts", Description: "Lists hosts.", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: out}}})
	fs := condFields(c.Tools[0])
	if len(fs) != 1 || fs[0].path != "$.Hosts" {
		t.Errorf("condFields = %v, want only $.Hosts", fs)
	}
}

func TestIdempotencyToken(t *testing.T) {
	for _, tc := range []struct {
		name, desc string
		want       bool
	}{
		{"IdempotencyToken", "Customer chosen string that can be used to distinguish between calls to RequestCertificate.", true},
		{"ClientRequestToken", "A unique, user-specified identifier for the request that ensures idempotency.", true},
		{"clientToken", "A client token.", true},
		{"clientToken", "The clientToken portion of the clientId and clientToken pair used to verify that the calling entity is allowed access to the job.", false},
		{"deviceToken", "when using APNs, specifies the required device token.", false},
		{"LifecycleActionToken", "A universally unique identifier (UUID) that identifies a specific lifecycle action.", false},
	} {
		if got := idempotencyToken(tc.name, map[string]any{"description": tc.desc}); got != tc.want {
			t.Errorf("idempotencyToken(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAuthenticationHeaderIsACredential: a header carrying the session's
// authentication token is the user's one key, said once.
func TestAuthenticationHeaderIsACredential(t *testing.T) {
	c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "t", Description: "d", InputSchemaJson: `{"type":"object","properties":{
		"X-Bunq-Client-Authentication":{"type":"string","description":"The authentication token is used to authenticate the source of the API call."},
		"two_factor_authentication":{"type":"boolean","description":"Whether two-factor is on."}}}`}}})
	if !credential(c.Tools[0], "X-Bunq-Client-Authentication") {
		t.Error("X-Bunq-Client-Authentication is not a credential")
	}
	if credential(c.Tools[0], "two_factor_authentication") {
		t.Error("two_factor_authentication is a credential")
	}
}

// TestEmptyBodyIsNotSaid: a request whose body has nothing in it says
// nothing of it ("run through the deployment configurations for body
// empty" was no request).
func TestEmptyBodyIsNotSaid(t *testing.T) {
	if got := valuePhrase("body", "{}"); got != "" {
		t.Errorf(`valuePhrase("body", "{}") = %q, want ""`, got)
	}
	if got := valuePhrase("filter", "{}"); got == "" {
		t.Error(`valuePhrase("filter", "{}") is empty`)
	}
}

// TestOptionalValueThatFitsNoFormIsLeftOut: an optional array whose schema
// puts its members' enum on the array itself has no valid value the
// synthesiser makes; the plan leaves it out rather than failing to draft.
func TestOptionalValueThatFitsNoFormIsLeftOut(t *testing.T) {
	in := `{"type":"object","properties":{"expand":{"type":"array","enum":["version","space"],"items":{"type":"string"}},
		"key":{"type":"string","description":"The key of the space property."}},"required":["key"]}`
	c := &clusterv1.Cluster{Id: "cl_cf", Domain: "docs", Tools: []*toolv1.Tool{{Id: "t", Name: "space.property.get", Service: "confluence", Domain: "docs", Description: "Get a space property.", InputSchemaJson: in}}}
	for seed := range int64(20) {
		bp, err := New().Draft(context.Background(), Request{Cluster: c, Target: &blueprintv1.Target{Complexity: 3}, Seed: seed})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		_ = bp
	}
}

// TestNoThresholdOnWhatIsNoQuantity: a number is tested against a value
// ("if the total is above 100") only when it measures something; an
// offset, a time or an id is not ("if the startAt is more than
// 1739336631"), nor an enum's numbers, which are codes ("if the level is
// 2").
func TestNoThresholdOnWhatIsNoQuantity(t *testing.T) {
	out := `{"type":"object","properties":{"startAt":{"type":"integer"},"created":{"type":"integer","format":"int64"},"id":{"type":"integer"},"total":{"type":"number"},"level":{"type":"integer","enum":[1,2,3]}}}`
	c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "search_filters", Description: "Searches filters.", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: out}}})
	var got []string
	for _, f := range condFields(c.Tools[0]) {
		got = append(got, f.path)
	}
	if want := []string{"$.total"}; !slices.Equal(got, want) {
		t.Errorf("condFields = %v, want %v", got, want)
	}
}

// TestNoConditionOnAnUnnamableKey: a field whose key a path cannot name
// ("model[default_username]") is not what a condition tests; the plan
// would not validate.
func TestNoConditionOnAnUnnamableKey(t *testing.T) {
	out := `{"type":"object","properties":{"model[default_username]":{"type":"boolean"},"is_active":{"type":"boolean"}}}`
	c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "get_settings", Description: "Gets the settings.", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: out}}})
	fs := condFields(c.Tools[0])
	if len(fs) != 1 || fs[0].path != "$.is_active" {
		t.Errorf("condFields = %v, want only $.is_active", fs)
	}
}
