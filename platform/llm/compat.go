package llm

// Where a role's private instructions go (Endpoint.Guidance).
const (
	// GuidanceSystem folds them into the first system message.
	GuidanceSystem = "system"
	// GuidanceUser puts them on the user's side of the last turn.
	GuidanceUser = "user"
)

// How JSON output is requested (Endpoint.StructuredOutput).
const (
	StructuredJSONSchema = "json_schema"
	StructuredJSONObject = "json_object"
)

// Parallel reports whether the model can issue several tool calls in one turn.
func (e Endpoint) Parallel() bool { return e.ParallelToolCalls == nil || *e.ParallelToolCalls }

// GuidancePlacement returns where private instructions go, GuidanceSystem when unset.
func (e Endpoint) GuidancePlacement() string {
	if e.Guidance == "" {
		return GuidanceSystem
	}
	return e.Guidance
}

// EndpointOf returns the endpoint behind c when c says (a *Client does),
// else the zero Endpoint, whose options are the defaults.
func EndpointOf(c Completer) Endpoint {
	if e, ok := c.(interface{ Endpoint() Endpoint }); ok {
		return e.Endpoint()
	}
	return Endpoint{}
}

// JSONSchemaFormat asks for output valid against schema (a JSON Schema
// object) under name; the client sends json_object instead where the
// endpoint is configured so or its server refused json_schema.
func JSONSchemaFormat(name string, schema []byte) *ResponseFormat {
	if len(schema) == 0 {
		schema = []byte("{}")
	}
	// What json.Marshal writes for {"name": name, "schema": schema}, with
	// the schema compacted once per job, not at every call.
	raw := appendString([]byte(`{"name":`), name)
	raw = append(raw, `,"schema":`...)
	raw, ok := appendRaw(raw, schema)
	if !ok {
		return &ResponseFormat{Type: StructuredJSONSchema} // not JSON: as json.Marshal's error left it
	}
	return &ResponseFormat{Type: StructuredJSONSchema, JSONSchema: append(raw, '}')}
}

// VarySeed returns the seed of the n-th retry of a call seeded with s (n =
// 0 gives s): a server that honours seeds answers a repeated request the
// same way, so a retry that wants another answer must change it.
func VarySeed(s *int64, n int) *int64 {
	if s == nil || n == 0 {
		return s
	}
	v := *s + int64(n)*1_000_003
	return &v
}
