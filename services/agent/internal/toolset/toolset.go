// Package toolset is the set of tools a rollout offers the assistant: the
// cluster's tools with compiled input and output schemas, plus the code
// tool(s) the plan uses. Compiled schemas are cached process-wide by their
// text, since a job rolls out many trajectories over the same clusters.
package toolset

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/lru"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// The code tools' schemas. The python tool's input matches the blueprint
// planner's; its output is what the sandbox reports.
const (
	codeInput    = `{"type":"object","properties":{"code":{"type":"string","minLength":1,"description":"Python 3 program; print the result as JSON"}},"required":["code"]}`
	sqlInput     = `{"type":"object","properties":{"code":{"type":"string","minLength":1,"description":"SQL statements run by sqlite3; select the result as one JSON value"}},"required":["code"]}`
	codeOutput   = `{"type":"object","properties":{"status":{"type":"string"},"exit_code":{"type":"integer"},"stdout":{"type":"string"},"stderr":{"type":"string"},"error":{"type":"string"}},"required":["status","exit_code","stdout","stderr"]}`
	codeDescribe = "Run a short Python 3 program in an isolated sandbox (no network) and return its stdout, stderr and exit code."
	sqlDescribe  = "Run SQL with sqlite3 (JSON functions such as json_each included) in an isolated sandbox (no network) and return its stdout, stderr and exit code."
)

// Tool is one tool with its compiled schemas.
type Tool struct {
	Name        string
	Description string
	// Service is the product or API the tool belongs to ("" when the
	// corpus does not say): it names, for one, the namespace of its ARNs.
	Service string
	// InputJSON is the parameters schema as JSON text.
	InputJSON string
	Input     *jsonschema.Document
	// Output is nil when the tool has no output schema.
	Output *jsonschema.Document
	// Declared marks an output schema the corpus declared, not one the
	// cluster service inferred: the tool's own contract.
	Declared bool
	// Code marks a code tool, run by the sandbox.
	Code bool
	// paramTypes are the declared JSON types of the top-level parameters,
	// dateLayouts the date layouts their descriptions ask for.
	paramTypes  map[string]string
	dateLayouts map[string]string
}

// DateLayout returns the Go layout of the date a top-level parameter's
// description asks for ("in the format MM/YYYY"), or "".
func (t *Tool) DateLayout(param string) string { return t.dateLayouts[param] }

// ParamType returns the declared JSON Schema type of a top-level parameter,
// or "" when it declares none (or several).
func (t *Tool) ParamType(param string) string { return t.paramTypes[param] }

func paramTypes(inputJSON string) (types, layouts map[string]string) {
	var in struct {
		Properties map[string]struct {
			Type        any    `json:"type"`
			Description string `json:"description"`
		} `json:"properties"`
	}
	_ = json.Unmarshal([]byte(inputJSON), &in)
	types, layouts = map[string]string{}, map[string]string{}
	for k, p := range in.Properties {
		if ty, ok := p.Type.(string); ok {
			types[k] = ty
		}
		if l := plan.DateLayout(p.Description); l != "" {
			layouts[k] = l
		}
	}
	return types, layouts
}

// Set is the tools of one rollout, by name.
type Set struct {
	Tools  []*Tool
	byName map[string]*Tool
}

// Get returns the tool named name, or nil.
func (s *Set) Get(name string) *Tool { return s.byName[name] }

// DeclaredOutputs names the tools whose output schema the corpus declared,
// sorted; records carry it so that measures read from the records alone
// can tell a tool's own result shape from an inferred one.
func (s *Set) DeclaredOutputs() []string {
	var out []string
	for _, t := range s.Tools {
		if t.Declared && !t.Code {
			out = append(out, t.Name)
		}
	}
	slices.Sort(out)
	return out
}

// Specs returns the OpenAI tools array.
func (s *Set) Specs() []llm.Tool {
	out := make([]llm.Tool, 0, len(s.Tools))
	for _, t := range s.Tools {
		out = append(out, llm.Tool{Type: "function", Function: llm.FunctionSpec{Name: t.Name, Description: t.Description, Parameters: json.RawMessage(t.InputJSON)}})
	}
	return out
}

// New builds the set from the cluster's tools plus the code tools the plan
// calls. A tool whose input schema does not compile is an error naming it.
func New(tools []*toolv1.Tool, p *plan.Plan) (*Set, error) {
	s := &Set{byName: map[string]*Tool{}}
	for _, t := range tools {
		if _, dup := s.byName[t.GetName()]; dup || plan.IsCodeTool(t.GetName()) {
			continue
		}
		in := t.GetInputSchemaJson()
		if in == "" {
			in = `{"type":"object","properties":{}}`
		}
		inDoc, err := compile(in)
		if err != nil {
			return nil, fmt.Errorf("tool %q: input schema: %w", t.GetName(), err)
		}
		tool := &Tool{Name: t.GetName(), Description: t.GetDescription(), Service: t.GetService(), InputJSON: in, Input: inDoc}
		if out := t.GetOutputSchemaJson(); out != "" {
			if tool.Output, err = compile(out); err != nil {
				tool.Output = nil // an unusable output schema constrains nothing
			}
			tool.Declared = tool.Output != nil && !t.GetOutputSchemaInferred()
		}
		s.add(tool)
	}
	for _, c := range p.Calls {
		if !plan.IsCode(c) || s.byName[c.GetToolName()] != nil {
			continue
		}
		in, desc := codeInput, codeDescribe
		if plan.Language(c) == "sql" {
			in, desc = sqlInput, sqlDescribe
		}
		inDoc, _ := compile(in)
		outDoc, _ := compile(codeOutput)
		s.add(&Tool{Name: c.GetToolName(), Description: desc, InputJSON: in, Input: inDoc, Output: outDoc, Code: true})
	}
	return s, nil
}

// params caches paramTypes process-wide by the input schema's text: every
// rollout builds its tools anew, and a job's rollouts share a few schemas.
// The maps are shared and only ever read.
var params = lru.New[string, [2]map[string]string](8192)

func (s *Set) add(t *Tool) {
	p, ok := params.Get(t.InputJSON)
	if !ok {
		types, layouts := paramTypes(t.InputJSON)
		p = params.Add(t.InputJSON, [2]map[string]string{types, layouts})
	}
	t.paramTypes, t.dateLayouts = p[0], p[1]
	s.Tools = append(s.Tools, t)
	s.byName[t.Name] = t
}

// schemas caches compiled schemas process-wide, by their text's hash
// (schemas recompile on demand: an evicted one costs only time). A schema
// that does not compile is kept with its error: a corpus's unusable output
// schemas come back with every rollout.
var schemas = lru.New[[32]byte, compiled](8192)

type compiled struct {
	doc *jsonschema.Document
	err error
}

func compile(text string) (*jsonschema.Document, error) {
	key := sha256.Sum256([]byte(text))
	c, ok := schemas.Get(key)
	if !ok {
		d, err := jsonschema.Parse([]byte(text))
		c = schemas.Add(key, compiled{d, err})
	}
	if c.err != nil {
		return nil, c.err
	}
	return c.doc, nil
}

// Validate checks a JSON value against a compiled document's root and
// returns the violations as text, none when valid.
func Validate(d *jsonschema.Document, raw string) []string {
	if d == nil {
		return nil
	}
	s, err := d.At("")
	if err != nil {
		return nil // an uncompilable schema constrains nothing
	}
	var out []string
	for _, v := range s.ValidateJSON([]byte(raw)) {
		out = append(out, v.String())
	}
	return out
}
