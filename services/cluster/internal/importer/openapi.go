package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

// Bounds on schema rendering, as in ../shared/corpora: references are
// inlined up to maxRefDepth levels; a cut or looping reference keeps its type
// name (x-ref), a strong clue for dependency detection.
const (
	maxRefDepth    = 2
	maxSchemaBytes = 3 << 10
	maxDescription = 1500
	maxNestedDesc  = 160
	maxNodes       = 20000
)

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openapi converts an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML):
// each operation becomes a tool. The whole document is needed to resolve
// $refs, so it is read at once (bounded by MaxDocument).
func (im *run) openapi(r io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return &Error{Issue{im.opts.Name, "read: " + err.Error()}}
	}
	if len(data) > MaxDocument {
		return &Error{Issue{im.opts.Name, fmt.Sprintf("document larger than %d bytes", MaxDocument)}}
	}
	doc, err := decodeDocument(data)
	if err != nil {
		return &Error{Issue{im.opts.Name, err.Error()}}
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return &Error{Issue{im.opts.Name, "want an OpenAPI or Swagger object at the top level"}}
	}
	o := &oapi{root: root}
	switch {
	case str(root["openapi"]) != "":
		o.v3 = true
	case str(root["swagger"]) != "":
	default:
		return &Error{Issue{im.opts.Name, `neither "openapi" nor "swagger" is set: not an OpenAPI document`}}
	}
	o.collectAuthNames()
	info, _ := root["info"].(map[string]any)
	service := im.opts.DefaultService
	if service == "" {
		service = serviceOf(info)
	}
	domain := im.opts.DefaultDomain
	if domain == "" {
		if cats, ok := info["x-apisguru-categories"].([]any); ok && len(cats) > 0 {
			domain = str(cats[0])
		}
	}
	license := im.opts.DefaultLicense
	if lic, ok := info["license"].(map[string]any); ok && license == "" {
		license = str(lic["name"])
	}
	paths, ok := root["paths"].(map[string]any)
	if !ok {
		return &Error{Issue{im.opts.Name + "#/paths", "missing or not an object"}}
	}
	names := map[string]int{}
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item, ok := o.deref(paths[path]).(map[string]any)
		if !ok {
			if err := im.skip(im.opts.Name+"#/paths/"+jsonschema.EscapePointerToken(path), "path item is not an object"); err != nil {
				return err
			}
			continue
		}
		for _, method := range httpMethods {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			loc := im.opts.Name + "#/paths/" + jsonschema.EscapePointerToken(path) + "/" + method
			t, reason := o.operation(path, method, item, op)
			if reason != "" {
				if err := im.skip(loc, reason); err != nil {
					return err
				}
				continue
			}
			names[t.Name]++
			if n := names[t.Name]; n > 1 {
				t.Name = fmt.Sprintf("%s_%d", t.Name, n)
			}
			t.Service, t.Domain, t.License = service, domain, license
			if err := im.add(loc, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeDocument reads JSON, or YAML when it is not JSON.
func decodeDocument(data []byte) (any, error) {
	trim := bytes.TrimSpace(data)
	if len(trim) > 0 && trim[0] == '{' {
		d := json.NewDecoder(bytes.NewReader(trim))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("malformed JSON: %s", cleanJSONError(err))
		}
		return v, nil
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("malformed YAML: %v", err)
	}
	n := 0
	v, err := normaliseYAML(v, 0, &n)
	return v, err
}

// normaliseYAML turns YAML's map[any]any (response codes are integers) into
// map[string]any, bounding depth and size against alias bombs.
func normaliseYAML(v any, depth int, n *int) (any, error) {
	*n++
	if depth > 64 || *n > 2_000_000 {
		return nil, fmt.Errorf("YAML document too deep or too large")
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			ne, err := normaliseYAML(e, depth+1, n)
			if err != nil {
				return nil, err
			}
			x[k] = ne
		}
		return x, nil
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			ne, err := normaliseYAML(e, depth+1, n)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = ne
		}
		return m, nil
	case []any:
		for i, e := range x {
			ne, err := normaliseYAML(e, depth+1, n)
			if err != nil {
				return nil, err
			}
			x[i] = ne
		}
		return x, nil
	}
	return v, nil
}

type oapi struct {
	root map[string]any
	v3   bool
	// authNames are header/query/cookie parameter names of API-key security
	// schemes (lower case): credentials, not tool arguments.
	authNames map[string]bool
	nodes     int
}

func (o *oapi) collectAuthNames() {
	o.authNames = map[string]bool{}
	var schemes map[string]any
	if o.v3 {
		if c, ok := o.root["components"].(map[string]any); ok {
			schemes, _ = c["securitySchemes"].(map[string]any)
		}
	} else {
		schemes, _ = o.root["securityDefinitions"].(map[string]any)
	}
	for _, s := range schemes {
		if m, ok := o.deref(s).(map[string]any); ok && str(m["type"]) == "apiKey" {
			o.authNames[strings.ToLower(str(m["name"]))] = true
		}
	}
}

var authHeader = regexp.MustCompile(`^(authorization|proxy-authorization|accept|accept-encoding|accept-language|content-type|content-length|user-agent|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-csrf-token|x-amz-.*|x-goog-api-key|ocp-apim-subscription-key|x-ms-client-request-id|x-request-id)$`)

func (o *oapi) isAuthParam(name, in string) bool {
	l := strings.ToLower(name)
	if o.authNames[l] {
		return true
	}
	switch in {
	case "header":
		return authHeader.MatchString(l)
	case "cookie":
		return true
	case "query":
		return l == "api-version" || l == "api_key" || l == "apikey" || l == "access_token"
	}
	return false
}

// deref follows a local $ref (one hop, with a bound on chains).
func (o *oapi) deref(v any) any {
	for range 8 {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v
		}
		target, ok := o.lookup(ref)
		if !ok {
			return v
		}
		v = target
	}
	return v
}

// lookup resolves a local JSON pointer reference ("#/definitions/User").
func (o *oapi) lookup(ref string) (any, bool) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, false
	}
	return jsonschema.Pointer(o.root, ref[1:])
}

func refName(ref string) string {
	if i := strings.LastIndexAny(ref, "/#"); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// operation converts one operation into a tool, or says why it cannot.
func (o *oapi) operation(path, method string, item, op map[string]any) (*corpus.Tool, string) {
	name := str(op["operationId"])
	if name == "" {
		name = method + "_" + slug(path)
	}
	in := o.inputSchema(item, op)
	inJSON, err := json.Marshal(in)
	if err != nil {
		return nil, "input schema: " + err.Error()
	}
	if len(inJSON) > maxSchemaBytes*4 {
		inJSON = shallow(in)
	}
	t := &corpus.Tool{Name: name, Description: operationDescription(op), InputSchema: inJSON}
	if out := o.responseSchema(op["responses"]); out != nil {
		if b, err := json.Marshal(out); err == nil {
			if len(b) > maxSchemaBytes*4 {
				b = shallow(out)
			}
			t.OutputSchema = b
		}
	}
	return t, ""
}

// operationDescription is an operation's summary and, when it says more,
// its description, clipped.
func operationDescription(op map[string]any) string {
	desc := strings.TrimSpace(str(op["summary"]))
	if d := strings.TrimSpace(str(op["description"])); d != "" && d != desc {
		if desc != "" {
			desc += "\n"
		}
		desc += d
	}
	return clipString(desc, maxDescription)
}

// opParam names a parameter: its name and where it goes.
type opParam struct{ name, in string }

// inputSchema is an operation's input: an object with a property per
// parameter other than credentials, and "body" for an OpenAPI 3 request body.
func (o *oapi) inputSchema(item, op map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	order, params := o.parameters(item, op)
	for _, k := range order {
		pm := params[k]
		if o.isAuthParam(k.name, k.in) {
			continue
		}
		props[k.name] = o.paramSchema(k, pm)
		if k.in == "path" || pm["required"] == true {
			required = append(required, k.name)
		}
	}
	if rb, ok := o.deref(op["requestBody"]).(map[string]any); ok {
		if s := o.mediaSchema(rb["content"]); s != nil {
			props["body"] = o.schema(s, 0, nil)
			if rb["required"] == true {
				required = append(required, "body")
			}
		}
	}
	in := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		in["required"] = required
	}
	return in
}

// parameters are the path item's and the operation's parameters in order of
// first appearance; an operation's parameter overrides the path's of the
// same name and place.
func (o *oapi) parameters(item, op map[string]any) ([]opParam, map[opParam]map[string]any) {
	seen := map[opParam]map[string]any{}
	var order []opParam
	for _, list := range []any{item["parameters"], op["parameters"]} {
		arr, _ := list.([]any)
		for _, p := range arr {
			pm, ok := o.deref(p).(map[string]any)
			if !ok {
				continue
			}
			k := opParam{str(pm["name"]), str(pm["in"])}
			if k.name == "" {
				continue
			}
			if _, dup := seen[k]; !dup {
				order = append(order, k)
			}
			seen[k] = pm
		}
	}
	return order, seen
}

// swaggerParamKeywords are the schema keywords a Swagger 2.0 non-body
// parameter carries on itself.
var swaggerParamKeywords = []string{"type", "format", "items", "enum", "default", "minimum", "maximum", "pattern"}

// paramSchema is the schema of parameter k (pm), with its description.
func (o *oapi) paramSchema(k opParam, pm map[string]any) map[string]any {
	var s any
	switch {
	case k.in == "body":
		s = o.schema(pm["schema"], 0, nil)
	case pm["schema"] != nil:
		s = o.schema(pm["schema"], 0, nil)
	default: // Swagger 2.0 non-body parameter: the schema keywords sit on the parameter.
		sm := map[string]any{}
		for _, key := range swaggerParamKeywords {
			if v, ok := pm[key]; ok {
				sm[key] = v
			}
		}
		s = o.schema(sm, 0, nil)
	}
	sm, ok := s.(map[string]any)
	if !ok {
		sm = map[string]any{}
	}
	if d := str(pm["description"]); d != "" {
		sm["description"] = clipString(d, maxNestedDesc)
	}
	return sm
}

// shallow keeps a schema's top level and replaces nested objects by their
// type and title, for schemas too large to keep whole.
func shallow(s any) []byte {
	m, ok := s.(map[string]any)
	if !ok {
		b, _ := json.Marshal(s)
		return b
	}
	out := map[string]any{}
	for k, v := range m {
		switch k {
		case "properties":
			props, _ := v.(map[string]any)
			np := map[string]any{}
			for pk, pv := range props {
				pm, _ := pv.(map[string]any)
				np[pk] = stub(pm)
			}
			out[k] = np
		case "items":
			im, _ := v.(map[string]any)
			out[k] = stub(im)
		default:
			if _, nested := v.(map[string]any); !nested {
				out[k] = v
			}
		}
	}
	b, _ := json.Marshal(out)
	return b
}

func stub(m map[string]any) map[string]any {
	s := map[string]any{}
	for _, k := range []string{"type", "title", "x-ref", "format"} {
		if v, ok := m[k]; ok {
			s[k] = v
		}
	}
	return s
}

func (o *oapi) mediaSchema(content any) any {
	cm, ok := content.(map[string]any)
	if !ok {
		return nil
	}
	keys := slices.Sorted(maps.Keys(cm))
	for _, k := range keys {
		if strings.Contains(k, "json") {
			if mt, ok := cm[k].(map[string]any); ok && mt["schema"] != nil {
				return mt["schema"]
			}
		}
	}
	for _, k := range keys {
		if mt, ok := cm[k].(map[string]any); ok && mt["schema"] != nil {
			return mt["schema"]
		}
	}
	return nil
}

// responseSchema is the schema of the first 2xx response that has one, else of default.
func (o *oapi) responseSchema(responses any) any {
	rm, ok := responses.(map[string]any)
	if !ok {
		return nil
	}
	codes := slices.Sorted(maps.Keys(rm))
	codes = append(codes, "default")
	for _, code := range codes {
		if code != "default" && !(strings.HasPrefix(code, "2")) {
			continue
		}
		resp, ok := o.deref(rm[code]).(map[string]any)
		if !ok {
			continue
		}
		var s any
		if o.v3 {
			s = o.mediaSchema(resp["content"])
		} else {
			s = resp["schema"]
		}
		if s != nil {
			return o.schema(s, 0, nil)
		}
	}
	return nil
}

// schema renders a schema with local $refs inlined up to maxRefDepth levels;
// a deeper or looping reference becomes {"type", "title", "x-ref"}. allOf is
// flattened, vendor keys and examples dropped, nested descriptions clipped.
func (o *oapi) schema(v any, refDepth int, stack []string) any {
	o.nodes++
	if o.nodes > maxNodes*50 {
		return map[string]any{}
	}
	m, ok := v.(map[string]any)
	if !ok {
		if b, isBool := v.(bool); isBool {
			return b
		}
		return map[string]any{}
	}
	if ref, ok := m["$ref"].(string); ok {
		return o.refSchema(ref, refDepth, stack)
	}
	out := map[string]any{}
	if all, ok := m["allOf"].([]any); ok {
		for _, part := range all {
			pm, _ := o.schema(part, refDepth, stack).(map[string]any)
			mergeSchema(out, pm)
		}
	}
	// In key order: the node budget may cut a large schema, and the cut
	// must fall in the same place on every import.
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if droppedKeyword(k) {
			continue
		}
		o.keyword(out, k, m[k], refDepth, stack)
	}
	return out
}

// refSchema inlines the schema ref points to, titled with its name, or cuts
// the reference when it dangles, loops or lies too deep.
func (o *oapi) refSchema(ref string, refDepth int, stack []string) any {
	name := refName(ref)
	target, found := o.lookup(ref)
	tm, _ := target.(map[string]any)
	if !found || slices.Contains(stack, ref) || refDepth >= maxRefDepth || tm == nil {
		cut := map[string]any{"title": name, "x-ref": name}
		if tm != nil {
			if t := typeOf(tm); t != "" {
				cut["type"] = t
			}
		}
		return cut
	}
	out, _ := o.schema(tm, refDepth+1, append(stack, ref)).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	if _, has := out["title"]; !has {
		out["title"] = name
	}
	return out
}

// droppedKeyword reports whether a schema keyword is left out: vendor
// extensions, examples, documentation, and allOf (flattened instead).
func droppedKeyword(k string) bool {
	return strings.HasPrefix(k, "x-") || k == "example" || k == "examples" || k == "allOf" || k == "xml" || k == "externalDocs"
}

// keyword renders schema keyword k (value val) into out: subschemas
// rendered in turn, descriptions clipped, required lists joined with those
// allOf brought.
func (o *oapi) keyword(out map[string]any, k string, val any, refDepth int, stack []string) {
	switch k {
	case "properties", "patternProperties":
		props, _ := val.(map[string]any)
		np, _ := out[k].(map[string]any)
		if np == nil {
			np = map[string]any{}
		}
		for _, pk := range slices.Sorted(maps.Keys(props)) {
			np[pk] = o.schema(props[pk], refDepth, stack)
		}
		out[k] = np
	case "items", "additionalProperties", "not":
		if _, isMap := val.(map[string]any); isMap {
			out[k] = o.schema(val, refDepth, stack)
		} else {
			out[k] = val
		}
	case "oneOf", "anyOf":
		arr, _ := val.([]any)
		na := make([]any, 0, len(arr))
		for _, e := range arr {
			na = append(na, o.schema(e, refDepth, stack))
		}
		out[k] = na
	case "description":
		out[k] = clipString(str(val), maxNestedDesc)
	case "required":
		prev, isList := out[k].([]any)
		arr, ok := val.([]any)
		if isList && ok {
			out[k] = append(prev, arr...)
			return
		}
		out[k] = val
	default:
		out[k] = val
	}
}

func mergeSchema(dst, src map[string]any) {
	for k, v := range src {
		switch k {
		case "properties":
			dp, _ := dst[k].(map[string]any)
			if dp == nil {
				dp = map[string]any{}
			}
			sp, _ := v.(map[string]any)
			for pk, pv := range sp {
				dp[pk] = pv
			}
			dst[k] = dp
		case "required":
			dr, _ := dst[k].([]any)
			sr, _ := v.([]any)
			dst[k] = append(dr, sr...)
		case "title", "x-ref":
			// A part's type name is not the whole's.
		default:
			if _, has := dst[k]; !has {
				dst[k] = v
			}
		}
	}
}

func typeOf(m map[string]any) string {
	if t := str(m["type"]); t != "" {
		return t
	}
	if _, ok := m["properties"]; ok {
		return "object"
	}
	if _, ok := m["items"]; ok {
		return "array"
	}
	return ""
}

func serviceOf(info map[string]any) string {
	if p := str(info["x-providerName"]); p != "" {
		if s := str(info["x-serviceName"]); s != "" {
			return p + ":" + s
		}
		return p
	}
	return slug(str(info["title"]))
}

var nonSlug = regexp.MustCompile(`[^a-zA-Z0-9]+`)

func slug(s string) string {
	return strings.Trim(strings.ToLower(nonSlug.ReplaceAllString(s, "_")), "_")
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return ""
	case int, int64, float64, bool:
		return fmt.Sprint(x)
	}
	return ""
}

func clipString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
