package sim_test

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// prop follows a dotted path ("prices.[].close") through an inferred
// schema's properties and array items.
func prop(s map[string]any, path string) map[string]any {
	cur := s
	for _, step := range strings.Split(path, ".") {
		if step == "[]" {
			cur, _ = cur["items"].(map[string]any)
		} else {
			ps, _ := cur["properties"].(map[string]any)
			cur, _ = ps[step].(map[string]any)
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

func TestInferOutputByPurpose(t *testing.T) {
	cases := []struct {
		name, description, input string
		want                     map[string]string // path -> JSON type
		absent                   []string
	}{
		{"get_current_stock_price", "Get the current stock price of a company", `{"type":"object","properties":{"symbol":{"type":"string","description":"Stock ticker symbol"}}}`,
			map[string]string{"price": "number", "currency": "string", "as_of": "string", "symbol": "string"}, []string{"name"}},
		{"get_price_history", "Daily price history of a stock", `{"type":"object","properties":{"ticker":{"type":"string"}}}`,
			map[string]string{"prices.[].close": "number", "prices.[].date": "string", "currency": "string"}, []string{"result", "name"}},
		{"list_shadcn_components", "List all available shadcn/ui components", `{"type":"object","properties":{}}`,
			map[string]string{"components.[].component_id": "string", "components.[].name": "string", "total": "integer"}, []string{"components.[].email"}},
		{"get_current_weather", "Current weather for a city", `{"type":"object","properties":{"city":{"type":"string"}}}`,
			map[string]string{"temperature": "number", "unit": "string", "conditions": "string", "city": "string"}, nil},
		{"cat", "Display the contents of a file of any extension from current directory.", `{"type":"object","properties":{"file_name":{"type":"string"}}}`,
			map[string]string{"content": "string", "file_name": "string"}, nil},
		{"create_ticket", "Create a support ticket", `{"type":"object","properties":{"title":{"type":"string"}}}`,
			map[string]string{"ticket_id": "string", "status": "string", "created_at": "string", "priority": "string"}, nil},
		{"update_ticket", "Modify a ticket", `{"type":"object","properties":{"ticket_id":{"type":"string","description":"The ticket id, such as 'TCK-0000'"}}}`,
			map[string]string{"ticket_id": "string", "updated_at": "string"}, nil},
		{"delete_user", "Delete a user account", `{"type":"object","properties":{"user_id":{"type":"integer"}}}`,
			map[string]string{"deleted": "boolean", "user_id": "integer"}, nil},
		{"get_user", "Get a user by id", `{"type":"object","properties":{"user_id":{"type":"string"}}}`,
			map[string]string{"user_id": "string", "name": "string", "email": "string", "username": "string"}, nil},
		{"search_flights", "Search flights between two airports", `{"type":"object","properties":{"origin":{"type":"string"},"destination":{"type":"string"}}}`,
			map[string]string{"flights.[].origin": "string", "flights.[].departure_time": "string", "flights.[].price": "number", "total": "integer"}, nil},
		{"send_message", "Send a message to a user", `{"type":"object","properties":{"receiver_id":{"type":"string"},"message":{"type":"string"}}}`,
			map[string]string{"message_id": "string", "status": "string", "sent_at": "string"}, nil},
		{"translate_text", "Translate text into another language", `{"type":"object","properties":{"text":{"type":"string"}}}`,
			map[string]string{"translated_text": "string", "target_language": "string"}, nil},
		{"get_user_tickets", "Get all tickets created by the current user", `{"type":"object","properties":{"status":{"type":"string"}}}`,
			map[string]string{"tickets.[].ticket_id": "string", "tickets.[].title": "string", "tickets.[].status": "string"}, nil},
		{"calculate_mean", "Calculate the mean of a list of numbers", `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`,
			map[string]string{"result": "number"}, nil},
		// A "Computer Reservation System" code is no computation: a list
		// of the station's services, not a number.
		{"getArrivalsAndDeparturesByCRS", "Get a list of services arriving to and departing from a UK train station by the CRS (Computer Reservation System) code.",
			`{"type":"object","properties":{"CRS":{"type":"string"}}}`, map[string]string{"total": "integer"}, []string{"result"}},
		{"compute_total", "Compute the total of the numbers", `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`,
			map[string]string{"result": "number"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var in map[string]any
			if err := json.Unmarshal([]byte(c.input), &in); err != nil {
				t.Fatal(err)
			}
			out := sim.InferOutput(c.name, c.description, "", in)
			raw, _ := json.Marshal(out)
			for path, typ := range c.want {
				p := prop(out, path)
				if p == nil || p["type"] != typ {
					t.Fatalf("%s: want %s of type %s in %s", c.name, path, typ, raw)
				}
			}
			for _, path := range c.absent {
				if prop(out, path) != nil {
					t.Fatalf("%s: %s should not be there: %s", c.name, path, raw)
				}
			}
			everyPropertyDescribed(t, out, c.name)
			// The synthesiser's values validate against the inferred shape.
			for seed := range int64(20) {
				v := sim.NewValues(seedrand.New(seed, "outputs"))
				v.Subject(c.name, c.description)
				x := v.For(out, out, "")
				if vs := validates(t, string(raw), x); len(vs) > 0 {
					t.Fatalf("seed %d: %v: %v", seed, x, vs)
				}
			}
		})
	}
}

func everyPropertyDescribed(t *testing.T, s map[string]any, where string) {
	t.Helper()
	ps, _ := s["properties"].(map[string]any)
	for k, p := range ps {
		pm := p.(map[string]any)
		if d, _ := pm["description"].(string); d == "" && pm["type"] != "array" && pm["type"] != "object" {
			t.Fatalf("%s: property %s has no description", where, k)
		}
		if pm["type"] == "array" {
			if it, ok := pm["items"].(map[string]any); ok {
				everyPropertyDescribed(t, it, where+"."+k)
			}
		}
		if pm["type"] == "object" {
			everyPropertyDescribed(t, pm, where+"."+k)
		}
	}
}

// Values that fill inferred shapes keep the semantics: a price is a price,
// a stock price tool does not return a person.
func TestInferredOutputsReadRight(t *testing.T) {
	in := map[string]any{"type": "object", "properties": map[string]any{"symbol": map[string]any{"type": "string", "description": "Stock ticker symbol"}}}
	out := sim.InferOutput("get_current_stock_price", "Get the current stock price", "", in)
	person := regexp.MustCompile(`^[A-Z][a-z]+ [A-Z][a-z]+$`)
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "stock"))
		v.Subject("get_current_stock_price", "Get the current stock price")
		o := v.For(out, out, "").(map[string]any)
		for k, x := range o {
			if s, ok := x.(string); ok && person.MatchString(s) {
				t.Fatalf("seed %d: %s is a person's name: %v", seed, k, o)
			}
		}
		if c, ok := o["currency"].(string); ok && !regexp.MustCompile(`^[A-Z]{3}$`).MatchString(c) {
			t.Fatalf("seed %d: currency %q", seed, c)
		}
	}
}

// TestInferredOutputsOnBFCL infers an output for every tool of the bundled
// corpus (ignoring its declared one) and fills it: values validate and
// carry no placeholder shapes.
func TestInferredOutputsOnBFCL(t *testing.T) {
	f, err := os.Open("../../../examples/corpora/bfcl-multiturn.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var total, bad, n int
	for sc.Scan() {
		var tool struct {
			Name        string         `json:"name"`
			Description string         `json:"description"`
			Input       map[string]any `json:"input_schema"`
		}
		if err := json.Unmarshal(sc.Bytes(), &tool); err != nil {
			t.Fatal(err)
		}
		n++
		out := sim.InferOutput(tool.Name, tool.Description, "", tool.Input)
		everyPropertyDescribed(t, out, tool.Name)
		raw, _ := json.Marshal(out)
		v := sim.NewValues(seedrand.New(int64(n), "bfcl"))
		v.Subject(tool.Name, tool.Description)
		x := v.For(out, out, "")
		if vs := validates(t, string(raw), x); len(vs) > 0 {
			t.Fatalf("%s: %v: %v", tool.Name, x, vs)
		}
		var leaves []string
		stringLeaves(x, &leaves)
		for _, s := range leaves {
			total++
			if placeholder.MatchString(s) {
				bad++
			}
		}
	}
	t.Logf("%d tools, %d string values, %d placeholder-shaped", n, total, bad)
	if n < 100 || float64(bad) > 0.02*float64(total) {
		t.Fatalf("%d of %d values are placeholders", bad, total)
	}
}

// A schema title names what a tool returns where its name does not: a
// branded-food lookup returns a food, an invoice listing invoices.
func TestInferOutputTakesTheThingFromATitle(t *testing.T) {
	for _, c := range []struct{ name, thing, key string }{
		{"get_food_branded_name_php", "BrandedFoodObject", "food_id"},
		{"GetByFilter", "InvoiceListResponse", "invoices"},
		{"packages.packageId.get", "", "package_id"},
	} {
		out := sim.InferOutput(c.name, "", c.thing, nil)
		props, _ := out["properties"].(map[string]any)
		if _, ok := props[c.key]; !ok {
			t.Errorf("InferOutput(%q, thing %q) has no %s: %v", c.name, c.thing, c.key, out)
		}
	}
}

// A push "in a single commit" or a summary is no calculator: words that only
// begin like an operation ("multiple", "summary", "meaning") are not one.
func TestNoCalculatorByAccident(t *testing.T) {
	for _, c := range []struct{ name, desc string }{
		{"push_files", "Push multiple files to a GitHub repository in a single commit"},
		{"get_summary", "Get a summary of the account"},
		{"define_word", "Get the meaning of a word"},
	} {
		out := sim.InferOutput(c.name, c.desc, "", nil)
		props, _ := out["properties"].(map[string]any)
		if _, calc := props["result"]; calc && len(props) == 1 {
			t.Errorf("%s infers a calculator's result: %v", c.name, out)
		}
	}
	out := sim.InferOutput("multiply", "Multiply two numbers", "", nil)
	if _, ok := out["properties"].(map[string]any)["result"]; !ok {
		t.Errorf("multiply infers %v", out)
	}
}

// A run of some work (a detection, an extraction, an analysis) is reported
// by how it went and when, not given a name as a kept thing is.
func TestRunsOfWorkAreNotNamed(t *testing.T) {
	for _, tool := range []string{"GenderDetection", "TextExtraction", "get_sentiment_analysis", "TopicClassification"} {
		out := sim.InferOutput(tool, "", "", nil)
		p, _ := out["properties"].(map[string]any)
		if _, named := p["name"]; named {
			t.Errorf("%s: a run of work has a name: %v", tool, p)
		}
		if _, ok := p["status"]; !ok {
			t.Errorf("%s: no status: %v", tool, p)
		}
	}
	for _, tool := range []string{"get_location", "get_subscription"} {
		p, _ := sim.InferOutput(tool, "", "", nil)["properties"].(map[string]any)
		if _, named := p["name"]; !named {
			t.Errorf("%s: a kept thing lost its name: %v", tool, p)
		}
	}
}

// An operation's output fits what it does, read from the operation's
// name as cloud APIs write it: an HTTP method before the verb
// ("GET_DeletePolicy" deletes), an API version's date after the noun
// ("DeleteCachePolicy2020_05_31" is about a policy, not "31"), a word
// that only says what sort of thing the one before it is ("ListActionTypes"
// lists action types; "GetDomainNames" lists names, not named things), a
// noun that computes nothing ("CreateComputeEnvironment" is no sum), an
// issued token that is no word read with a confidence.
func TestInferredOutputsReadCloudOperationNames(t *testing.T) {
	keys := func(name string) map[string]any {
		p, _ := sim.InferOutput(name, "", "", nil)["properties"].(map[string]any)
		return p
	}
	for _, c := range []struct {
		name   string
		has    []string
		hasNot []string
	}{
		{"GET_DeleteLaunchConfiguration", []string{"deleted", "launch_configuration_id"}, []string{"name", "status"}},
		{"POST_DescribeAutoScalingGroups", []string{"scaling_groups", "total"}, []string{"group_id"}},
		{"DeleteCachePolicy2020_05_31", []string{"deleted", "policy_id"}, []string{"31_id", "policy2020_id"}},
		{"ListActionTypes", []string{"action_types"}, []string{"types"}},
		{"GetSdkTypes", []string{"sdk_types"}, []string{"types"}},
		{"GET_CreateOrUpdateTags", []string{"tag_id"}, []string{"tags"}},
		{"CreateComputeEnvironment", []string{"environment_id"}, []string{"result"}},
		{"GetAuthorizationToken", []string{"token", "expires_in"}, []string{"confidence"}},
		{"GetInvitationConfiguration", []string{"enabled"}, []string{"name", "configuration_id"}},
	} {
		p := keys(c.name)
		for _, k := range c.has {
			if _, ok := p[k]; !ok {
				t.Errorf("%s: no %s in %v", c.name, k, p)
			}
		}
		for _, k := range c.hasNot {
			if _, ok := p[k]; ok {
				t.Errorf("%s: %s in %v", c.name, k, p)
			}
		}
	}
	names := prop(sim.InferOutput("GetDomainNames", "", "", nil), "domain_names.[]")
	if names == nil || names["type"] != "string" {
		t.Errorf("GetDomainNames lists %v, not names", names)
	}
}

// An object the schema leaves open that is a part of a thing (settings, a
// configuration, metadata, a status) holds what such a part says, not the
// name, id and status of a thing of its own ("logConfig": {"name":
// "Consulting config"}).
func TestOpenPartsAreNoNamedThings(t *testing.T) {
	s := schemaOf(t, `{"type":"object","properties":{"logConfig":{"type":"object","title":"LogConfig"},
		"accessLogSettings":{"type":"object","title":"AccessLogSettings"},"metadata":{"type":"object","title":"ResourceMetadata"},
		"status":{"type":"object","title":"GatewayRouteStatus"}}}`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "open parts"))
		v.Subject("DescribeGatewayRoute", "Describes an existing gateway route")
		o := v.Result(s, map[string]any{}).(map[string]any)
		for k, x := range o {
			part, _ := x.(map[string]any)
			for f := range part {
				if f == "name" || strings.HasSuffix(f, "_id") {
					t.Errorf("seed %d: %s holds %s: %v", seed, k, f, part)
				}
			}
		}
	}
}

// A map the schema types by its entries ({"additionalProperties": {"type":
// "string"}}) holds entries of that type, never the fields of a thing its
// name suggests (a payment method's "configuration": {"enabled": true}
// against a map of strings, HAL "_links" of strings against a map of
// link objects).
func TestMapsHoldTheirEntries(t *testing.T) {
	s := schemaOf(t, `{"type":"object","properties":{
		"configuration":{"type":"object","additionalProperties":{"type":"string"}},
		"_links":{"type":"object","additionalProperties":{"type":"object","properties":{"href":{"type":"string"}}}}}}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "maps"))
		v.Subject("post-paymentMethods", "Returns available payment methods")
		o := v.Result(s, map[string]any{}).(map[string]any)
		conf, _ := o["configuration"].(map[string]any)
		for k, x := range conf {
			if _, ok := x.(string); !ok {
				t.Errorf("seed %d: configuration.%s = %v, not a string", seed, k, x)
			}
		}
		links, _ := o["_links"].(map[string]any)
		for k, x := range links {
			if _, ok := x.(map[string]any); !ok {
				t.Errorf("seed %d: _links.%s = %v, not a link object", seed, k, x)
			}
		}
	}
}

// A record nested deeper than values are drawn to stays of its schema's
// types: a required number is a number, a required list of objects a
// list of objects, never a string standing in for them.
func TestDeepRecordsKeepTheirTypes(t *testing.T) {
	leaf := `{"type":"object","required":["id","attributes"],"properties":{"id":{"type":"number"},"attributes":{"type":"array","items":{"type":"object"}}}}`
	s := leaf
	for range 8 {
		s = `{"type":"object","required":["inner"],"properties":{"inner":` + s + `}}`
	}
	schema := schemaOf(t, s)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "deep"))
		v.Subject("field.fieldKey.option.get", "Returns a custom field option")
		x := v.Result(schema, map[string]any{})
		for range 8 {
			m, _ := x.(map[string]any)
			x = m["inner"]
		}
		o, ok := x.(map[string]any)
		if !ok {
			t.Errorf("seed %d: a deep record is %v", seed, x)
			continue
		}
		if _, ok := o["id"].(string); ok {
			t.Errorf("seed %d: a deep record's id is a string: %v", seed, o)
		}
		if _, ok := o["attributes"].([]any); !ok {
			t.Errorf("seed %d: a deep record's attributes are %v", seed, o["attributes"])
		}
	}
}

// A task's record says what it is and who it is about as a task manager
// does: the task is named by what is to be done, the people on it are
// users, and the assignee's status is a status, not a username.
func TestTaskRecordsReadAsTasks(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["data"],"properties":{"data":{"type":"object",
		"required":["name","resource_type","assignee","assignee_status"],"properties":{"name":{"type":"string"},"resource_type":{"type":"string"},
		"assignee_status":{"type":"string"},
		"assignee":{"type":"object","required":["name","resource_type"],"properties":{"name":{"type":"string"},"resource_type":{"type":"string"}}}}}}}`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "tasks"))
		v.Subject("tasks.task_gid.subtasks.post", "Create a subtask")
		d := v.Result(s, map[string]any{}).(map[string]any)["data"].(map[string]any)
		name, _ := d["name"].(string)
		if plainName.MatchString(name) || workAreaName.MatchString(name) {
			t.Errorf("seed %d: a task named %q", seed, name)
		}
		if d["resource_type"] != "subtask" {
			t.Errorf("seed %d: a subtask's resource_type is %v", seed, d["resource_type"])
		}
		if a := d["assignee"].(map[string]any); a["resource_type"] != "user" {
			t.Errorf("seed %d: an assignee's resource_type is %v", seed, a["resource_type"])
		}
		if st, _ := d["assignee_status"].(string); strings.ContainsAny(st, "0123456789") || !regexp.MustCompile(`^[a-z_]+$`).MatchString(st) || len(st) > 12 {
			t.Errorf("seed %d: assignee_status %q", seed, st)
		}
	}
}

// An operation's empty result titled "…ResultType" is the result of the
// operation on its thing, not a "type" with a type_id; an HTTP status code
// a record holds is a code, not a life-cycle word ("statusCode":
// "completed").
func TestResultTypesAndStatusCodes(t *testing.T) {
	s := schemaOf(t, `{"type":"object","properties":{"result":{"type":"object","title":"AttachLoadBalancersResultType"},
		"location":{"type":"object","required":["statusCode"],"properties":{"statusCode":{"type":"string"}}}}}`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "result types"))
		v.Subject("POST_AttachLoadBalancers", "Attaches load balancers to an Auto Scaling group")
		o := v.Result(s, map[string]any{}).(map[string]any)
		if r, _ := o["result"].(map[string]any); r != nil {
			if _, typed := r["type_id"]; typed {
				t.Errorf("seed %d: an attach result is a type: %v", seed, r)
			}
		}
		if c, _ := o["location"].(map[string]any)["statusCode"].(string); !regexp.MustCompile(`^[1-5]\d\d$`).MatchString(c) {
			t.Errorf("seed %d: statusCode %q", seed, c)
		}
	}
}
