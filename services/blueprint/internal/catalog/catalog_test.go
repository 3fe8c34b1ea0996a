package catalog_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
)

func TestResolveOutput(t *testing.T) {
	cat := catalog.New(fixtures.Shop())
	search := cat.Lookup("search_products")
	tests := []struct {
		path     string
		wantType string // "" means an error
		errPart  string
	}{
		{"$.items", "array", ""},
		{"$.items[*].product_id", "string", ""},
		{"$.items[0].price", "number", ""},
		{"items[2].in_stock", "boolean", ""},
		{"$['total']", "integer", ""},
		{"$.items.product_id", "", "has no field"}, // a list has no fields: index it first
		{"$.missing", "", `no field "missing"`},
		{"$.total[0]", "", "not an array"},
		{"$.items[x]", "", "want [n]"},
	}
	for _, tc := range tests {
		s, err := catalog.ResolveOutput(search, tc.path)
		if tc.wantType == "" {
			if err == nil {
				t.Errorf("%s: want an error, got %v", tc.path, s)
			} else if tc.errPart != "" && !strings.Contains(err.Error(), tc.errPart) {
				t.Errorf("%s: error %q does not mention %q", tc.path, err, tc.errPart)
			}
			continue
		}
		if err != nil || s["type"] != tc.wantType {
			t.Errorf("%s: got %v, %v; want type %s", tc.path, s, err, tc.wantType)
		}
	}
	// $refs and allOf in output schemas resolve too.
	c := &clusterv1.Cluster{Id: "x", Tools: []*toolv1.Tool{{Id: "a", Name: "a", InputSchemaJson: `{"type":"object"}`,
		OutputSchemaJson: `{"$defs":{"u":{"type":"object","properties":{"id":{"type":"string"}}}},"allOf":[{"properties":{"user":{"$ref":"#/$defs/u"}}}]}`}}}
	if s, err := catalog.ResolveOutput(catalog.New(c).Lookup("a"), "$.user.id"); err != nil || s["type"] != "string" {
		t.Fatalf("$ref through allOf: %v %v", s, err)
	}
}

func TestCatalogSkipsWhatDoesNotResolve(t *testing.T) {
	c := fixtures.Shop()
	c.Tools = append(c.Tools, &toolv1.Tool{Id: "bad", Name: "broken", InputSchemaJson: `{"type": 3}`})
	c.Edges = append(c.Edges,
		&clusterv1.DependencyEdge{FromToolId: "t_search", FromField: "$.nope", ToToolId: "t_product", ToParam: "product_id"},
		&clusterv1.DependencyEdge{FromToolId: "t_search", FromField: "$.total", ToToolId: "t_product", ToParam: "sku"},
		&clusterv1.DependencyEdge{FromToolId: "ghost", FromField: "$.x", ToToolId: "t_product", ToParam: "product_id"})
	cat := catalog.New(c)
	if len(cat.Tools) != 6 || len(cat.Edges) != 4 || len(cat.Problems) != 4 {
		t.Fatalf("tools %d edges %d problems %v", len(cat.Tools), len(cat.Edges), cat.Problems)
	}
	search, product, cart, seller := cat.Lookup("t_search"), cat.Lookup("get_product"), cat.Lookup("add_to_cart"), cat.Lookup("get_seller")
	if !cat.Reaches(search, cart) || cat.Reaches(cart, search) || cat.Independent(product, cart) || !cat.Independent(cart, seller) {
		t.Fatal("reachability is wrong")
	}
	if cat.Lookup("python") == nil || !cat.Lookup("python").Builtin {
		t.Fatal("no built-in code tool")
	}
}

func TestCache(t *testing.T) {
	cc := catalog.NewCache(2)
	a, b := fixtures.Shop(), fixtures.Pair()
	if cc.Get(a) != cc.Get(fixtures.Shop()) {
		t.Fatal("the same cluster content built two catalogs")
	}
	edited := fixtures.Shop()
	edited.Tools[0].Description = "changed"
	if cc.Get(edited) == cc.Get(a) {
		t.Fatal("an edited cluster with the same id shared a catalog")
	}
	// Holding a and edited; two more clusters evict both, oldest first.
	first := cc.Get(a)
	cc.Get(b)
	cc.Get(fixtures.Loose())
	if cc.Get(a) == first {
		t.Fatal("an evicted catalog was still served")
	}
}

func TestCatalogEdgesFitTheirParameter(t *testing.T) {
	c := &clusterv1.Cluster{
		Id: "k1",
		Tools: []*toolv1.Tool{
			{Id: "a", Name: "list_users", InputSchemaJson: `{"type":"object"}`,
				OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"}}}`},
			{Id: "b", Name: "update_user",
				InputSchemaJson: `{"type":"object","properties":{"body":{"type":"object"},"filter[id]":{"type":"string"},"area":{"type":"string","enum":["new","old"]}},"required":["body"]}`},
		},
		Edges: []*clusterv1.DependencyEdge{
			// A string cannot be the whole object parameter "body".
			{FromToolId: "a", FromField: "$.id", ToToolId: "b", ToParam: "body.id"},
			// A parameter named like a path is itself, not filter → [id].
			{FromToolId: "a", FromField: "$.id", ToToolId: "b", ToParam: "filter[id]"},
			// An id is not one of an enum's values.
			{FromToolId: "a", FromField: "$.id", ToToolId: "b", ToParam: "area"},
		},
	}
	cat := catalog.New(c)
	if len(cat.Edges) != 1 || cat.Edges[0].ToParam != "filter[id]" {
		t.Fatalf("edges %+v, problems %v", cat.Edges, cat.Problems)
	}
	if len(cat.Problems) != 2 || !strings.Contains(cat.Problems[0], `wants object`) || !strings.Contains(cat.Problems[1], `fixed set`) {
		t.Fatalf("problems %v", cat.Problems)
	}
}

// A create's own name and text are the user's: no edge feeds them, while
// its references to other things (the owner, the repository) stay fed.
func TestNoEdgeNamesANewThing(t *testing.T) {
	c := &clusterv1.Cluster{Id: "gh", Tools: []*toolv1.Tool{
		{Id: "s", Name: "search_repositories", InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string"}}}`,
			OutputSchemaJson: `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"owner":{"type":"string"}}}}}}`},
		{Id: "c", Name: "create_repository", InputSchemaJson: `{"type":"object","properties":{"name":{"type":"string"},"owner":{"type":"string"}}}`},
	}, Edges: []*clusterv1.DependencyEdge{
		{FromToolId: "s", FromField: "$.items[*].name", ToToolId: "c", ToParam: "name", Score: 0.9},
		{FromToolId: "s", FromField: "$.items[*].owner", ToToolId: "c", ToParam: "owner", Score: 0.9},
	}}
	cat := catalog.New(c)
	if len(cat.Edges) != 1 || cat.Edges[0].ToParam != "owner" {
		t.Fatalf("edges %v, want only the owner's", cat.Edges)
	}
	if !catalog.NamesNewThing("create_issue", "title") || catalog.NamesNewThing("get_issue", "title") || catalog.NamesNewThing("create_issue", "owner") ||
		!catalog.NamesNewThing("register_credit_card", "card_number") || !catalog.NamesNewThing("addCard", "cardNumber") || catalog.NamesNewThing("get_card", "card_number") ||
		!catalog.NamesNewThing("register_credit_card", "expiration_date") || !catalog.NamesNewThing("register_credit_card", "card_verification_number") ||
		!catalog.NamesNewThing("addCard", "expiryDate") || catalog.NamesNewThing("get_card", "expiration_date") || catalog.NamesNewThing("create_instance", "security_group_id") {
		t.Fatal("NamesNewThing")
	}
}

// Records a search found, passed whole into a create, would copy them, and
// records a create made, passed whole into a delete, would undo it: such
// edges are left out, while deleting what a read found stays.
func TestRecordEdgesThatCopyOrUndo(t *testing.T) {
	rel := `{"type":"array","items":{"type":"object","properties":{"from":{"type":"string"},"to":{"type":"string"},"relationType":{"type":"string"}},"required":["from","to","relationType"]}}`
	in := `{"type":"object","properties":{"relations":` + rel + `},"required":["relations"]}`
	out := `{"type":"object","properties":{"relations":` + rel + `}}`
	tl := func(id, name string) *toolv1.Tool {
		return &toolv1.Tool{Id: id, Name: name, Description: name, InputSchemaJson: in, OutputSchemaJson: out}
	}
	c := &clusterv1.Cluster{Id: "cl_graph", Tools: []*toolv1.Tool{
		{Id: "t_search", Name: "search_nodes", Description: "Search for nodes", InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string"}}}`, OutputSchemaJson: out},
		tl("t_create", "create_relations"), tl("t_delete", "delete_relations")}}
	edge := func(from, to string) *clusterv1.DependencyEdge {
		return &clusterv1.DependencyEdge{FromToolId: from, FromField: "$.relations", ToToolId: to, ToParam: "relations", Score: 0.9}
	}
	c.Edges = []*clusterv1.DependencyEdge{edge("t_search", "t_create"), edge("t_create", "t_delete"), edge("t_search", "t_delete")}
	cat := catalog.New(c)
	var got []string
	for _, e := range cat.Edges {
		got = append(got, e.From.Name+"->"+e.To.Name)
	}
	if strings.Join(got, " ") != "search_nodes->delete_relations" {
		t.Fatalf("edges %v, problems %v", got, cat.Problems)
	}
}

// A deletion's answer names what it deleted: its id feeds no lookup, change
// or deletion of the thing (setup.schema.id.delete's id went into
// setup.schema.id.get, which then read the deleted schema), only a restore;
// what a listing found still feeds the deletion and the lookup.
func TestNoEdgeFromADeletionToWhatItDeleted(t *testing.T) {
	byID := `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`
	schema := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}}}`
	c := &clusterv1.Cluster{Id: "cl_setup", Tools: []*toolv1.Tool{
		{Id: "t_list", Name: "setup.schema.get", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: `{"type":"object","properties":{"schemas":{"type":"array","items":` + schema + `}}}`},
		{Id: "t_get", Name: "setup.schema.id.get", InputSchemaJson: byID, OutputSchemaJson: schema},
		{Id: "t_put", Name: "setup.schema.id.put", InputSchemaJson: byID, OutputSchemaJson: schema},
		{Id: "t_del", Name: "setup.schema.id.delete", InputSchemaJson: byID, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"},"result":{"type":"object","properties":{"id":{"type":"string"}}}}}`},
		{Id: "t_rm", Name: "removeSchemaField", InputSchemaJson: `{"type":"object","properties":{"schemaId":{"type":"string"},"fieldId":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"schemaId":{"type":"string"}}}`},
		{Id: "t_restore", Name: "setup.schema.id.restore.post", InputSchemaJson: byID, OutputSchemaJson: schema},
	}}
	edge := func(from, field, to string) *clusterv1.DependencyEdge {
		return &clusterv1.DependencyEdge{FromToolId: from, FromField: field, ToToolId: to, ToParam: "id", Score: 0.9}
	}
	c.Edges = []*clusterv1.DependencyEdge{
		edge("t_list", "$.schemas[0].id", "t_del"), edge("t_list", "$.schemas[0].id", "t_get"),
		edge("t_del", "$.result.id", "t_get"), edge("t_del", "$.result.id", "t_put"), edge("t_rm", "$.schemaId", "t_get"),
		edge("t_del", "$.result.id", "t_restore"),
	}
	cat := catalog.New(c)
	var got []string
	for _, e := range cat.Edges {
		got = append(got, e.From.Name+"->"+e.To.Name)
	}
	want := "setup.schema.get->setup.schema.id.delete setup.schema.get->setup.schema.id.get setup.schema.id.delete->setup.schema.id.restore.post"
	if strings.Join(got, " ") != want {
		t.Fatalf("edges %v, problems %v", got, cat.Problems)
	}
	for _, name := range []string{"setup.schema.id.delete", "deleteSchema", "remove_member", "DestroyVolume", "delUserId"} {
		if !catalog.Removes(name) {
			t.Errorf("%s removes", name)
		}
	}
	for _, name := range []string{"getDeletedItems", "setup.schema.get", "list_removal_requests", "restore.delete.post"} {
		if catalog.Removes(name) {
			t.Errorf("%s removes nothing", name)
		}
	}
}

// A deletion leads by none of its fields to a call naming a thing by the id
// it deleted by: deleteLexemeByLanguage's "deleted" went into getLexeme,
// which was given the deleted lexeme's id.
func TestNoEdgeFromADeletionToACallOnItsID(t *testing.T) {
	ids := `"languageID":{"type":"string"},"lexemeID":{"type":"string"}`
	c := &clusterv1.Cluster{Id: "cl_lex", Tools: []*toolv1.Tool{
		{Id: "t_del", Name: "deleteLexemeByLanguage", InputSchemaJson: `{"type":"object","properties":{` + ids + `},"required":["languageID","lexemeID"]}`, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"},"languageID":{"type":"string"}}}`},
		{Id: "t_get", Name: "getLexeme", InputSchemaJson: `{"type":"object","properties":{"lexemeID":{"type":"string"},"deleted":{"type":"boolean"}},"required":["lexemeID"]}`, OutputSchemaJson: `{"type":"object","properties":{"name":{"type":"string"}}}`},
		{Id: "t_lang", Name: "listLanguages", InputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`, OutputSchemaJson: `{"type":"object","properties":{"name":{"type":"string"}}}`},
	}, Edges: []*clusterv1.DependencyEdge{
		{FromToolId: "t_del", FromField: "$.deleted", ToToolId: "t_get", ToParam: "deleted", Score: 0.9},
		{FromToolId: "t_del", FromField: "$.deleted", ToToolId: "t_lang", ToParam: "deleted", Score: 0.9},
	}}
	cat := catalog.New(c)
	var got []string
	for _, e := range cat.Edges {
		got = append(got, e.From.Name+"->"+e.To.Name)
	}
	if strings.Join(got, " ") != "deleteLexemeByLanguage->listLanguages" {
		t.Fatalf("edges %v, problems %v", got, cat.Problems)
	}
}

// A description's first sentence ends at a full stop, not at a dot inside
// a word: "bunq.me public profile of the user" was cut to "bunq", and the
// user asked to "look up the bunq".
func TestDescriptionFirstSentence(t *testing.T) {
	for d, want := range map[string]string{
		"bunq.me public profile of the user.":       "bunq.me public profile of the user",
		"Run a Node.js script. Returns its output.": "Run a Node.js script",
		"List the users\nof the workspace":          "List the users",
		"Get the v1.2 schema":                       "Get the v1.2 schema",
		"Search for flights. Filters by origin.":    "Search for flights",
	} {
		c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "t", Description: d, InputSchemaJson: `{"type":"object","properties":{}}`}}})
		if got := c.Tools[0].Description(); got != want {
			t.Errorf("Description(%q) = %q, want %q", d, got, want)
		}
	}
}
