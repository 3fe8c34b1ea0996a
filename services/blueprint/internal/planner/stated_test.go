package planner_test

import (
	"encoding/json"
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// A request for a call with many optional parameters says the required
// values and the one or two optional ones that matter, not every knob the
// service has (how it does its work: delays, headers, cookies, least of
// all); the call carries no more than the request says, and no optional
// value that is the service's default. What a request's body holds is said
// as what is asked for, not as "body with …".
func TestRequestsSayWhatMattersNotEveryOption(t *testing.T) {
	props := map[string]any{
		"instance_id":     map[string]any{"type": "integer", "description": "instance ID to use"},
		"file":            map[string]any{"type": "string", "description": "text file with the URLs to capture"},
		"name":            map[string]any{"type": "string", "description": "name of the batch"},
		"size":            map[string]any{"type": "string", "enum": []any{"screen", "page"}, "default": "screen"},
		"width":           map[string]any{"type": "integer", "description": "thumbnail width", "default": 1024},
		"delay":           map[string]any{"type": "integer", "description": "seconds to wait after the page has loaded", "default": 5},
		"max_wait":        map[string]any{"type": "integer", "description": "maximum number of seconds to wait", "default": 0},
		"priority":        map[string]any{"type": "integer", "description": "priority of the screenshot"},
		"referer":         map[string]any{"type": "string", "description": "custom referrer header"},
		"cookie":          map[string]any{"type": "string", "description": "cookie for the URL requested"},
		"headers":         map[string]any{"type": "string", "description": "custom HTTP headers"},
		"details":         map[string]any{"type": "integer", "description": "level of information", "default": 2},
		"hosting":         map[string]any{"type": "string", "enum": []any{"s3", "browshot"}},
		"hosting_bucket":  map[string]any{"type": "string", "description": "S3 bucket to upload the screenshot to"},
		"hosting_scale":   map[string]any{"type": "number", "description": "scale of the thumbnail to host", "default": 1},
		"hosting_headers": map[string]any{"type": "string", "description": "headers to add to the S3 object"},
		"screen_width":    map[string]any{"type": "integer", "description": "width of the browser window", "default": 1024},
	}
	in, _ := json.Marshal(map[string]any{"type": "object", "properties": props, "required": []any{"instance_id"}})
	body := `{"type":"object","properties":{"body":{"type":"object","properties":{
		"heading":{"type":"string","description":"heading of the form"},
		"call_to_action":{"type":"string","description":"text of the submit button"},
		"css_url":{"type":"string","format":"uri","description":"URL of a stylesheet"},
		"no_css":{"type":"boolean"},
		"public":{"type":"boolean"},
		"tags":{"type":"array","items":{"type":"string"}},
		"redirect_url":{"type":"string","format":"uri"},
		"language":{"type":"string","enum":["en","de","fr"]},
		"notify_email":{"type":"string","format":"email"}},
		"required":["heading"]}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_shots", Domain: "media", Tools: []*toolv1.Tool{
		{Id: "t_batch", Name: "CreateBatch", Service: "shots", Domain: "media", Description: "Request many screenshots at once.", InputSchemaJson: string(in)},
		{Id: "t_form", Name: "CreateForm", Service: "forms", Domain: "media", Description: "Create a form.", InputSchemaJson: body},
	}}
	calls := 0
	for seed := range int64(60) {
		bp, err := draft(t, c, seed, 3)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		request := strings.Join(bp.GetIntents(), " ")
		if strings.Contains(request, "body with") {
			t.Errorf("seed %d: the request names the HTTP body: %q", seed, request)
		}
		for _, call := range bp.GetCalls() {
			calls++
			optional := 0
			for _, a := range call.GetArguments() {
				u := a.GetUser()
				if u == nil {
					continue
				}
				var v any
				if err := json.Unmarshal([]byte(u.GetValueJson()), &v); err != nil {
					t.Fatal(err)
				}
				switch a.GetParam() {
				case "instance_id", "body":
				default:
					optional++
					p := props[a.GetParam()].(map[string]any)
					if d, ok := p["default"]; ok && jsonEqual(d, v) {
						t.Errorf("seed %d: %s carries %s = %s, the default", seed, call.GetToolName(), a.GetParam(), u.GetValueJson())
					}
				}
				if b, ok := v.(map[string]any); ok && len(b)-1 > 2 {
					t.Errorf("seed %d: the user states a body with %d optional fields: %s (%q)", seed, len(b)-1, u.GetValueJson(), request)
				}
			}
			if optional > 2 {
				t.Errorf("seed %d: %s carries %d optional values (%q)", seed, call.GetToolName(), optional, request)
			}
		}
	}
	if calls == 0 {
		t.Fatal("no calls drafted")
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
