package depgraph

import (
	"encoding/json"
	"fmt"
	"testing"
)

type tool struct {
	name, in, out string
}

func graphOf(t *testing.T, tools []tool, opt Options) map[string]Edge {
	t.Helper()
	return graphOfServices(t, tools, nil, opt)
}

// graphOfServices is graphOf with each tool's service (all 0 when svcs is nil).
func graphOfServices(t *testing.T, tools []tool, svcs []int32, opt Options) map[string]Edge {
	t.Helper()
	fields := make([]ToolFields, len(tools))
	nodes := make([]Node, len(tools))
	for i, tl := range tools {
		var out json.RawMessage
		if tl.out != "" {
			out = json.RawMessage(tl.out)
		}
		fields[i] = Extract(tl.name, json.RawMessage(tl.in), out, nil)
		nodes[i] = Node{Service: 0, Domain: 0}
		if svcs != nil {
			nodes[i].Service = svcs[i]
		}
	}
	edges := Graph(nodes, fields, nil, NewTextWeights(fields), opt)
	got := map[string]Edge{}
	for _, e := range edges {
		got[fmt.Sprintf("%s.%s->%s(%s)", tools[e.From].name, e.FromField, tools[e.To].name, e.ToParam)] = e
	}
	return got
}

func TestKnownEdges(t *testing.T) {
	tools := []tool{
		{"get_user", `{"type":"object","properties":{"email":{"type":"string"}}}`, `{"type":"object","properties":{"user_id":{"type":"string"},"name":{"type":"string"}}}`},
		{"list_orders", `{"type":"object","properties":{"user_id":{"type":"string"}}}`, `{"type":"object","properties":{"orders":{"type":"array","items":{"type":"object","title":"Order","properties":{"id":{"type":"string"}}}}}}`},
		{"get_order", `{"type":"object","properties":{"order_id":{"type":"string"}}}`, ``},
		{"listPets", `{"type":"object","properties":{}}`, `{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"}}}}`},
		{"showPetById", `{"type":"object","properties":{"petId":{"type":"integer"}}}`, ``},
		{"create_invoice", `{"type":"object","properties":{"body":{"type":"object","title":"Order"}}}`, ``},
		{"set_flag", `{"type":"object","properties":{"user_id":{"type":"boolean"}}}`, ``},
	}
	got := graphOf(t, tools, Options{})
	for _, want := range []string{
		"get_user.$.user_id->list_orders(user_id)",        // exact name
		"list_orders.$.orders[*].id->get_order(order_id)", // id qualified by the object's title
		"listPets.$[*].id->showPetById(petId)",            // camelCase, plural tool noun, integer ids
		"list_orders.$.orders->create_invoice(body)",      // schema title Order
	} {
		if _, ok := got[want]; !ok {
			t.Errorf("missing edge %s; have %v", want, keys(got))
		}
	}
	for k := range got {
		if k == "get_user.$.user_id->set_flag(user_id)" {
			t.Errorf("edge into a boolean parameter: %s", k)
		}
	}
	if e := got["get_user.$.user_id->list_orders(user_id)"]; e.Evidence&EvidenceName == 0 || e.Evidence&EvidenceType == 0 || e.Score < 0.7 {
		t.Errorf("get_user -> list_orders: score %.2f evidence %b", e.Score, e.Evidence)
	}
}

func TestUnrelatedToolsHaveNoEdges(t *testing.T) {
	tools := []tool{
		{"current_weather", `{"type":"object","properties":{"city":{"type":"string"}}}`, `{"type":"object","properties":{"temperature":{"type":"number"}}}`},
		{"list_orders", `{"type":"object","properties":{"user_id":{"type":"string"}}}`, `{"type":"object","properties":{"total":{"type":"number"}}}`},
	}
	if got := graphOf(t, tools, Options{}); len(got) != 0 {
		t.Fatalf("edges between unrelated tools: %v", keys(got))
	}
}

// Inferred outputs name their fields as the consumers' parameters do: a
// created ticket's ticket_id feeds close_ticket, a listed user's user_id
// feeds get_user, a looked-up city's zip feeds nothing it should not.
func TestInferredOutputFeedsConsumers(t *testing.T) {
	infer := func(name, desc, in string) string {
		return string(InferOutput(name, desc, "", json.RawMessage(in)))
	}
	tools := []tool{
		{"create_ticket", `{"type":"object","properties":{"title":{"type":"string"}}}`, infer("create_ticket", "Create a support ticket", `{"type":"object","properties":{"title":{"type":"string"}}}`)},
		{"close_ticket", `{"type":"object","properties":{"ticket_id":{"type":"string"}}}`, ``},
		{"list_users", `{"type":"object","properties":{"limit":{"type":"integer"}}}`, infer("list_users", "List the users of the workspace", `{"type":"object","properties":{"limit":{"type":"integer"}}}`)},
		{"get_user", `{"type":"object","properties":{"user_id":{"type":"string"}}}`, ``},
	}
	got := graphOf(t, tools, Options{})
	for _, want := range []string{
		"create_ticket.$.ticket_id->close_ticket(ticket_id)",
		"list_users.$.users[*].user_id->get_user(user_id)",
	} {
		if _, ok := got[want]; !ok {
			t.Errorf("missing edge %s; have %v", want, keys(got))
		}
	}
}

func TestToolNoun(t *testing.T) {
	cases := map[string]string{
		"list_orders_by_user": "order", "Accounts_Get": "account", "getUserById": "user",
		"quotes.get": "quote", "list": "", "core_memory_add": "memory", "setup.connection.id.get": "connection",
	}
	for in, want := range cases {
		if got := ToolNoun(in); got != want {
			t.Errorf("ToolNoun(%q) = %q, want %q", in, got, want)
		}
	}
}

func keys(m map[string]Edge) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A list of names does not fill a list of records, however alike their
// names: observations (strings) are not observations to add (objects).
func TestListsNeedMatchingElements(t *testing.T) {
	tools := []tool{
		{"search_nodes", `{"type":"object","properties":{"query":{"type":"string"}}}`,
			`{"type":"object","properties":{"entities":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"observations":{"type":"array","items":{"type":"string"}}}}}}}`},
		{"add_observations", `{"type":"object","properties":{"observations":{"type":"array","items":{"type":"object","properties":{"entityName":{"type":"string"},"contents":{"type":"array","items":{"type":"string"}}},"required":["entityName","contents"]}}}}`, ``},
	}
	for k := range graphOf(t, tools, Options{}) {
		if k == "search_nodes.$.entities[*].observations->add_observations(observations)" {
			t.Fatalf("edge %s joins a list of strings to a list of records", k)
		}
	}
}

// TestBareIdsLinkOnlyTheirOwnEntity: tools named from paths ("/setup/connection/{id}"
// -> setup.connection.id.get) all take a bare "id"; a connection's id feeds the
// connection's other operations, never a schema's or a namespace's.
func TestBareIdsLinkOnlyTheirOwnEntity(t *testing.T) {
	id := `{"type":"object","properties":{"id":{"type":"string","description":"Unique identifier of the object"}},"required":["id"]}`
	record := `{"type":"object","properties":{"id":{"type":"string","description":"Unique identifier of the object"},"name":{"type":"string"}}}`
	tools := []tool{
		{"setup.connection.id.get", id, record},
		{"setup.connection.id.delete", id, ``},
		{"setup.schema.id.delete", id, ``},
		{"setup.namespace.id.get", id, record},
	}
	got := graphOf(t, tools, Options{})
	if _, ok := got["setup.connection.id.get.$.id->setup.connection.id.delete(id)"]; !ok {
		t.Errorf("missing edge from a connection's lookup to its deletion; have %v", keys(got))
	}
	for _, bad := range []string{
		"setup.connection.id.get.$.id->setup.schema.id.delete(id)",
		"setup.connection.id.get.$.id->setup.namespace.id.get(id)",
		"setup.namespace.id.get.$.id->setup.connection.id.delete(id)",
	} {
		if _, ok := got[bad]; ok {
			t.Errorf("edge between two entities' ids: %s", bad)
		}
	}
	// Alone, with nothing better to link, still none.
	alone := graphOf(t, []tool{tools[0], tools[2]}, Options{})
	if len(alone) != 0 {
		t.Errorf("edges between a connection's lookup and a schema's deletion: %v", keys(alone))
	}
}

func TestPathNoun(t *testing.T) {
	cases := map[string]string{
		"setup.connection.id.get": "connection", "getUserById": "user", "conversions.conversionId.get": "conversion",
		"GetInstanceInfo": "", "list_orders": "", "getVehicleOdometer": "",
	}
	for in, want := range cases {
		if got := pathNoun(in); got != want {
			t.Errorf("pathNoun(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPageCursorsLinkNoTwoTools: a list's NextToken pages through that list
// only; it is no dependency between two lists of an API (every AWS list
// would otherwise feed every other).
func TestPageCursorsLinkNoTwoTools(t *testing.T) {
	list := func(item string) tool {
		return tool{"Get" + item + "s",
			`{"type":"object","properties":{"apiId":{"type":"string"},"nextToken":{"type":"string","description":"The next page of elements from this collection. Not valid for the last element of the collection."},"maxResults":{"type":"string"}},"required":["apiId"]}`,
			`{"type":"object","properties":{"Items":{"type":"array","items":{"type":"object","properties":{"` + item + `Id":{"type":"string"}}}},"NextToken":{"type":"string","description":"The next page of elements from this collection."}}}`}
	}
	tools := []tool{list("Authorizer"), list("Integration"), list("Stage"),
		{"GetApis", `{"type":"object","properties":{"nextToken":{"type":"string"}}}`,
			`{"type":"object","properties":{"Items":{"type":"array","items":{"type":"object","properties":{"ApiId":{"type":"string"}}}},"NextToken":{"type":"string"}}}`}}
	got := graphOf(t, tools, Options{})
	if _, ok := got["GetApis.$.Items[*].ApiId->GetStages(apiId)"]; !ok {
		t.Errorf("missing the API id's edge into a list of its stages; have %v", keys(got))
	}
	for k, e := range got {
		if e.FromField == "$.NextToken" || e.ToParam == "nextToken" {
			t.Errorf("page cursor linked as a dependency: %s", k)
		}
	}
}

// TestClosedValuesLinkOnlyWhatTheyCanFill: a field with a closed set of
// values feeds a parameter only when the values can fill it — a cluster's
// lifecycle State (ACTIVE, DELETED…) is no phone-number search's US state in
// another service, nor an order's state whose values it never takes; the
// same vocabulary in another tool still links.
func TestClosedValuesLinkOnlyWhatTheyCanFill(t *testing.T) {
	cluster := `{"type":"object","properties":{"State":{"type":"string","enum":["CREATE_IN_PROGRESS","ACTIVE","DELETE_IN_PROGRESS","DELETED"],"description":"The state."}}}`
	tools := []tool{
		{"InitializeCluster", `{"type":"object","properties":{"ClusterId":{"type":"string"}}}`, cluster},
		{"SearchAvailablePhoneNumbers", `{"type":"object","properties":{"state":{"type":"string","description":"The state to filter results by."},"city":{"type":"string"}}}`, ``},
		{"ListOrders", `{"type":"object","properties":{"state":{"type":"string","enum":["open","shipped","closed"],"description":"The state of the orders."}}}`, ``},
		{"ListClusters", `{"type":"object","properties":{"state":{"type":"string","enum":["active","deleted"],"description":"Only clusters in this state."}}}`, ``},
	}
	got := graphOfServices(t, tools, []int32{1, 2, 1, 1}, Options{})
	for _, bad := range []string{"InitializeCluster.$.State->SearchAvailablePhoneNumbers(state)", "InitializeCluster.$.State->ListOrders(state)"} {
		if _, ok := got[bad]; ok {
			t.Errorf("a closed state linked to a parameter it cannot fill: %s", bad)
		}
	}
	if _, ok := got["InitializeCluster.$.State->ListClusters(state)"]; !ok {
		t.Errorf("missing the edge from a cluster's state into a filter by the same states; have %v", keys(got))
	}
}
