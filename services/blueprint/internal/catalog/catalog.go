// Package catalog is a cluster made ready for planning: tools with decoded and
// compiled schemas, usable dependency edges, reachability, and JSON-path
// resolution into tools' input and output schemas.
package catalog

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// The built-in code tools: a call to one runs a program in the sandbox, and
// its result is the program's output. CodeToolName runs Python; SQLToolName
// runs SQL with sqlite3 (its JSON functions read earlier results).
const (
	CodeToolName = "python"
	CodeToolID   = "builtin:python"
	SQLToolName  = "sql"
	SQLToolID    = "builtin:sql"
)

// The code tools' schemas.
const (
	codeToolInput  = `{"type":"object","properties":{"code":{"type":"string","minLength":1,"description":"Python 3 program; print the result as JSON"}},"required":["code"]}`
	sqlToolInput   = `{"type":"object","properties":{"code":{"type":"string","minLength":1,"description":"SQL statements run by sqlite3; select the result as one JSON value"}},"required":["code"]}`
	codeToolOutput = `{"type":"object","properties":{"stdout":{"type":"string"},"exit_code":{"type":"integer"}}}`
)

// Language is the language of a built-in code tool's programs, "" for
// any other tool.
func Language(toolName string) string {
	switch toolName {
	case CodeToolName:
		return "python"
	case SQLToolName:
		return "sql"
	}
	return ""
}

// Tool is one tool with its schemas decoded.
type Tool struct {
	Proto *toolv1.Tool
	ID    string
	Name  string
	// Input is the decoded input schema; InputDoc compiles it (and its subschemas).
	Input    map[string]any
	InputDoc *jsonschema.Document
	// Output is the decoded output schema, nil when the tool has none.
	Output map[string]any
	// Params are the top-level input parameters, sorted; Required the required ones.
	Params   []string
	Required []string
	Builtin  bool
}

// IsRequired reports whether param is required.
func (t *Tool) IsRequired(param string) bool {
	for _, r := range t.Required {
		if r == param {
			return true
		}
	}
	return false
}

// ParamSchema returns the subschema of a top-level parameter.
func (t *Tool) ParamSchema(param string) (map[string]any, bool) {
	props, _ := t.Input["properties"].(map[string]any)
	s, ok := jsonschema.Resolve(t.Input, props[param])
	return s, ok && props[param] != nil
}

// Description is the first sentence of the tool's description, or its name.
func (t *Tool) Description() string {
	d := strings.TrimSpace(t.Proto.GetDescription())
	if d == "" {
		return strings.ReplaceAll(t.Name, "_", " ")
	}
	// Its first sentence: a full stop ends it, a dot inside a word
	// ("bunq.me", "Node.js", "v1.2") does not.
	for i := 0; i < len(d); i++ {
		if i > 0 && (d[i] == '\n' || d[i] == '.' && (i+1 == len(d) || d[i+1] == ' ' || d[i+1] == '\t' || d[i+1] == '\r' || d[i+1] == '\n')) {
			return d[:i]
		}
	}
	return d
}

// Edge is a dependency edge between two tools of the catalog whose ends
// resolve: the field exists in the producer's output schema and the
// parameter in the consumer's input schema.
type Edge struct {
	From, To  *Tool
	FromField string
	ToParam   string
	Score     float64
}

// Catalog is a cluster ready for planning.
type Catalog struct {
	Cluster *clusterv1.Cluster
	Tools   []*Tool
	Edges   []Edge
	// Problems lists what was skipped (unparseable schemas, dangling edges).
	Problems []string
	byName   map[string]*Tool
	byID     map[string]*Tool
	out      map[string][]Edge
	reach    map[string]map[string]bool
	code     *Tool
	sql      *Tool
}

// New builds the catalog of a cluster. Tools whose input schema does not
// parse or compile, and edges that do not resolve, are left out and listed
// in Problems.
func New(c *clusterv1.Cluster) *Catalog {
	cat := &Catalog{Cluster: c, byName: map[string]*Tool{}, byID: map[string]*Tool{}, out: map[string][]Edge{}}
	cat.addTools(c.GetTools())
	cat.addEdges(c.GetEdges())
	for _, e := range cat.Edges {
		cat.out[e.From.Name] = append(cat.out[e.From.Name], e)
	}
	// Built now: a catalog is shared read-only between requests.
	cat.CodeTool()
	cat.SQLTool()
	cat.buildReach()
	return cat
}

// addTools decodes the cluster's tools, sorted by name; a tool that does not
// decode, or repeats an earlier name, is a problem.
func (cat *Catalog) addTools(tools []*toolv1.Tool) {
	for i, pt := range tools {
		t, err := newTool(pt)
		if err != nil {
			cat.Problems = append(cat.Problems, fmt.Sprintf("tools[%d] %q: %v", i, pt.GetName(), err))
			continue
		}
		if _, dup := cat.byName[t.Name]; dup {
			cat.Problems = append(cat.Problems, fmt.Sprintf("tools[%d] %q: duplicate name", i, pt.GetName()))
			continue
		}
		cat.Tools = append(cat.Tools, t)
		cat.byName[t.Name] = t
		if t.ID != "" {
			cat.byID[t.ID] = t
		}
	}
	sort.SliceStable(cat.Tools, func(i, j int) bool { return cat.Tools[i].Name < cat.Tools[j].Name })
}

// addEdges keeps the cluster's edges that resolve and a plan can use, the
// best-scored one of each producer, consumer and parameter, sorted by them.
func (cat *Catalog) addEdges(edges []*clusterv1.DependencyEdge) {
	seen := map[string]int{}
	for i, e := range edges {
		ed, problem := cat.edge(e)
		if problem != "" {
			cat.Problems = append(cat.Problems, fmt.Sprintf("edges[%d]: %s", i, problem))
			continue
		}
		key := ed.From.Name + "\x00" + ed.To.Name + "\x00" + ed.ToParam
		if j, ok := seen[key]; ok {
			if ed.Score > cat.Edges[j].Score {
				cat.Edges[j] = ed
			}
			continue
		}
		seen[key] = len(cat.Edges)
		cat.Edges = append(cat.Edges, ed)
	}
	sort.SliceStable(cat.Edges, func(i, j int) bool {
		a, b := cat.Edges[i], cat.Edges[j]
		if a.From.Name != b.From.Name {
			return a.From.Name < b.From.Name
		}
		if a.To.Name != b.To.Name {
			return a.To.Name < b.To.Name
		}
		return a.ToParam < b.ToParam
	})
}

// edge resolves one cluster edge, or says why a plan cannot use it.
func (cat *Catalog) edge(e *clusterv1.DependencyEdge) (Edge, string) {
	from, to := cat.Lookup(e.GetFromToolId()), cat.Lookup(e.GetToToolId())
	if from == nil || to == nil || from == to {
		return Edge{}, fmt.Sprintf("tools %q -> %q not both in the cluster", e.GetFromToolId(), e.GetToToolId())
	}
	fs, err := ResolveOutput(from, e.GetFromField())
	if err != nil {
		return Edge{}, fmt.Sprintf("from_field: %v", err)
	}
	// A parameter may be named like a path ("filter[name]"): the
	// literal name wins, then the top of the path.
	param := e.GetToParam()
	if _, ok := to.ParamSchema(param); !ok {
		param = topParam(param)
	}
	ps, ok := to.ParamSchema(param)
	if !ok {
		return Edge{}, fmt.Sprintf("to_param %q is not a parameter of %s", e.GetToParam(), to.Name)
	}
	// An edge into a nested field ("body.clientId") ends here at its
	// top parameter: a plan binds whole parameters, so the value must
	// fit the parameter itself.
	if problem := unfeedable(from, to, param, ps); problem != "" {
		return Edge{}, problem
	}
	if problem := incidental(from, to, e.GetFromField(), fs, param, ps); problem != "" {
		return Edge{}, problem
	}
	if problem := undone(from, to, e.GetFromField()); problem != "" {
		return Edge{}, problem
	}
	if pt, ft := jsonschema.TypeOf(ps), jsonschema.TypeOf(fs); !Compatible(pt, ft) {
		return Edge{}, fmt.Sprintf("%s of %s is %s but parameter %q of %s wants %s", e.GetFromField(), from.Name, ft, param, to.Name, pt)
	}
	return Edge{From: from, To: to, FromField: e.GetFromField(), ToParam: param, Score: e.GetScore()}, ""
}

// unfeedable says why parameter param of to (schema ps) should not take a
// value from another tool's result, "" when it may.
func unfeedable(from, to *Tool, param string, ps map[string]any) string {
	// A closed set of values (enum, const) cannot be fed by another
	// tool's output: the value would rarely be one of them.
	if ps["enum"] != nil || ps["const"] != nil {
		return fmt.Sprintf("parameter %q of %s takes a fixed set of values", param, to.Name)
	}
	// A whole object with required members cannot come from one field
	// of another result: it would rarely carry them all.
	if req, _ := ps["required"].([]any); jsonschema.TypeOf(ps) == "object" && len(req) > 0 {
		return fmt.Sprintf("parameter %q of %s is an object with required members", param, to.Name)
	}
	// A new thing's own name or text is the user's to give: creating a
	// repository named after one a search found copies it.
	if NamesNewThing(to.Name, param) {
		return fmt.Sprintf("parameter %q of %s is the new thing's own %s", param, to.Name, param)
	}
	// Records passed whole into a create make copies of what exists
	// (the relations a search found, created again), and records a
	// create returned passed whole into a delete undo it: neither is
	// a step a user takes. Names and ids read from records still are.
	if records(ps) && (Creates(to.Name) || Creates(from.Name) && Deletes(to.Name)) {
		return fmt.Sprintf("parameter %q of %s would copy or undo %s's records", param, to.Name, from.Name)
	}
	return ""
}

// buildReach records, for each tool, every tool its edges lead to.
func (cat *Catalog) buildReach() {
	cat.reach = map[string]map[string]bool{}
	for _, t := range cat.Tools {
		r := map[string]bool{}
		stack := []string{t.Name}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range cat.out[n] {
				if !r[e.To.Name] {
					r[e.To.Name] = true
					stack = append(stack, e.To.Name)
				}
			}
		}
		cat.reach[t.Name] = r
	}
}

// Compatible reports whether a value of JSON Schema type value may be passed
// to a parameter of type param ("" is any type).
func Compatible(param, value string) bool {
	switch {
	case param == "" || value == "" || param == value:
		return true
	case param == "number" && value == "integer":
		return true
	case param == "string" && (value == "integer" || value == "number" || value == "boolean"):
		return true // ids and codes are often numbers passed as text
	case param == "integer" && value == "number":
		return true // output schemas often say number for whole counts
	}
	return false
}

func topParam(p string) string {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "$"), ".")
	if i := strings.IndexAny(p, ".["); i > 0 {
		p = p[:i]
	}
	return p
}

func newTool(pt *toolv1.Tool) (*Tool, error) {
	if pt.GetName() == "" {
		return nil, fmt.Errorf("no name")
	}
	t := &Tool{Proto: pt, ID: pt.GetId(), Name: pt.GetName()}
	in := pt.GetInputSchemaJson()
	if strings.TrimSpace(in) == "" {
		in = `{"type":"object","properties":{}}`
	}
	if err := json.Unmarshal([]byte(in), &t.Input); err != nil || t.Input == nil {
		return nil, fmt.Errorf("input schema is not a JSON object")
	}
	doc, err := jsonschema.Parse([]byte(in))
	if err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	t.InputDoc = doc
	if out := strings.TrimSpace(pt.GetOutputSchemaJson()); out != "" {
		var m map[string]any
		if json.Unmarshal([]byte(out), &m) == nil && len(m) > 0 {
			t.Output = m
		}
	}
	props, _ := t.Input["properties"].(map[string]any)
	t.Params = slices.Sorted(maps.Keys(props))
	if req, ok := t.Input["required"].([]any); ok {
		for _, r := range req {
			if s, ok := r.(string); ok {
				t.Required = append(t.Required, s)
			}
		}
	}
	sort.Strings(t.Required)
	return t, nil
}

// Lookup finds a tool by name or id; the built-in code tool answers to its
// name unless the cluster has a tool of that name.
func (c *Catalog) Lookup(nameOrID string) *Tool {
	if t, ok := c.byName[nameOrID]; ok {
		return t
	}
	if t, ok := c.byID[nameOrID]; ok {
		return t
	}
	switch nameOrID {
	case CodeToolName, CodeToolID:
		return c.CodeTool()
	case SQLToolName, SQLToolID:
		return c.SQLTool()
	}
	return nil
}

// CodeTool returns the built-in Python code tool.
func (c *Catalog) CodeTool() *Tool {
	if c.code == nil {
		c.code = builtin(&toolv1.Tool{Id: CodeToolID, Name: CodeToolName, Description: "Run a Python 3 program in a sandbox and return its output.", InputSchemaJson: codeToolInput, OutputSchemaJson: codeToolOutput})
	}
	return c.code
}

// SQLTool returns the built-in SQL code tool.
func (c *Catalog) SQLTool() *Tool {
	if c.sql == nil {
		c.sql = builtin(&toolv1.Tool{Id: SQLToolID, Name: SQLToolName, Description: "Run SQL with sqlite3 (JSON functions included) in a sandbox and return its output.", InputSchemaJson: sqlToolInput, OutputSchemaJson: codeToolOutput})
	}
	return c.sql
}

func builtin(def *toolv1.Tool) *Tool {
	t, err := newTool(def)
	if err != nil {
		panic("catalog: built-in code tool " + def.GetName() + ": " + err.Error())
	}
	t.Builtin = true
	return t
}

// Out returns the edges leaving a tool.
func (c *Catalog) Out(t *Tool) []Edge { return c.out[t.Name] }

// Reaches reports whether a dependency path leads from a to b.
func (c *Catalog) Reaches(a, b *Tool) bool { return c.reach[a.Name][b.Name] }

// Independent reports whether neither tool depends on the other, directly or not.
func (c *Catalog) Independent(a, b *Tool) bool {
	return a != b && !c.Reaches(a, b) && !c.Reaches(b, a)
}

// createVerbs are the first words of tools that make a new thing.
var createVerbs = map[string]bool{"create": true, "add": true, "new": true, "make": true, "insert": true, "register": true, "open": true, "post": true,
	"push": true, "commit": true, "send": true, "write": true, "upload": true, "publish": true, "submit": true, "reply": true, "comment": true}

// records reports whether a parameter takes a list of records (objects
// with required members).
func records(ps map[string]any) bool {
	if jsonschema.TypeOf(ps) != "array" {
		return false
	}
	items, _ := ps["items"].(map[string]any)
	req, _ := items["required"].([]any)
	return jsonschema.TypeOf(items) == "object" && len(req) > 0
}

// Deletes reports whether a tool's name starts with a removing verb.
func Deletes(tool string) bool {
	ws := ident.Words(tool)
	return len(ws) > 0 && (ws[0] == "delete" || ws[0] == "remove" || ws[0] == "destroy" || ws[0] == "drop")
}

// removalVerbs are the verbs of an operation that deletes what it names.
var removalVerbs = map[string]bool{"delete": true, "del": true, "rm": true, "remove": true, "destroy": true, "erase": true, "purge": true, "drop": true, "unlink": true}

// leadVerbs are verbs of operations that do something else, whichever word
// of the name holds them.
var leadVerbs = map[string]bool{"get": true, "list": true, "search": true, "find": true, "read": true, "fetch": true, "query": true,
	"update": true, "put": true, "patch": true, "set": true, "create": true, "post": true, "add": true, "restore": true, "undelete": true}

// Removes reports whether a tool deletes what it names, by the first verb
// its name holds wherever it stands: deleteSchema, remove_member, and an
// operation named from its path and method (setup.schema.id.delete).
func Removes(tool string) bool {
	for _, w := range ident.Words(tool) {
		switch {
		case removalVerbs[w]:
			return true
		case leadVerbs[w]:
			return false
		}
	}
	return false
}

// undone says why a deletion's result at field should not feed to, "" when
// it may. A deletion's answer holds nothing its call did not carry: the id
// it echoes is the thing it deleted (or one its caller already knew), so
// a later call on it is a lookup, change or deletion of what is gone
// ("delete schema 67612778, then check schema 67612778" answered the
// schema as if nothing happened). Only a restore takes it.
func undone(from, to *Tool, field string) string {
	if !Removes(from.Name) || restores(to.Name) {
		return ""
	}
	leaf := strings.ToLower(lastField(field))
	if leaf == "id" || slices.ContainsFunc(from.Params, func(p string) bool { return strings.ToLower(p) == leaf }) {
		return fmt.Sprintf("%s of %s is what %s deleted", field, from.Name, from.Name)
	}
	// Nor does it lead, by another of its fields (deleted: true), to a
	// call that names a thing by the id it deleted by (getLexeme after
	// deleteLexemeByLanguage, both by lexemeID): that call would be on
	// what is gone.
	for _, p := range from.Required {
		if to.IsRequired(p) && IDLike(p) {
			return fmt.Sprintf("%s names its thing by %s, which %s deleted", to.Name, p, from.Name)
		}
	}
	return ""
}

// IDLike reports whether a parameter names a thing: id, lexemeID, key.
func IDLike(p string) bool {
	ws := ident.Words(p)
	if len(ws) == 0 {
		return false
	}
	switch ws[len(ws)-1] {
	case "id", "key", "uuid", "gid", "slug":
		return !slices.Contains(ws, "api")
	}
	return false
}

// restores reports whether a tool brings back a deleted thing.
func restores(tool string) bool {
	for _, w := range ident.Words(tool) {
		if w == "restore" || w == "undelete" || w == "recover" || w == "untrash" {
			return true
		}
	}
	return false
}

// lastField is the last field name of a JSON path ("$.data[0].id" → "id").
func lastField(path string) string {
	steps, err := jsonpath.Parse(path)
	if err != nil {
		return ""
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if !steps[i].IsIndex && steps[i].Field != "" {
			return steps[i].Field
		}
	}
	return ""
}

// Creates reports whether a tool's name opens with a verb that makes a new
// thing ("create_issue", "AddContact", "push_files": a commit, "send_message").
func Creates(tool string) bool {
	ws := ident.Words(tool)
	return len(ws) > 0 && createVerbs[ws[0]]
}

// NamesNewThing reports whether param of tool is the new thing's own name
// or text (create_repository's name, create_issue's title and body), which
// the user gives and nothing looks up.
func NamesNewThing(tool, param string) bool {
	if !Creates(tool) {
		return false
	}
	switch strings.ToLower(param) {
	case "name", "title", "description", "body", "content", "message", "text", "summary", "subject", "display_name", "displayname", "label":
		return true
	}
	// A card's expiry and security code, an account's PIN or password: the
	// new thing's own, which no record of another thing gives (an existing
	// card's expiry is not the new card's).
	pw := ident.Words(param)
	for i, w := range pw {
		switch w {
		case "expiration", "expiry", "expires", "expire", "cvv", "cvc", "cvv2", "pin", "password", "passphrase":
			return true
		case "verification", "security":
			if i+1 < len(pw) && (pw[i+1] == "number" || pw[i+1] == "code" || pw[i+1] == "value") {
				return true // a card's verification number, not a security group
			}
		}
	}
	// create_branch(branch), create_tag(tag_name): the thing's own name;
	// register_credit_card(card_number): its own number, which a listing
	// of the cards that exist cannot give without registering one again.
	ws := ident.Words(tool)
	noun := strings.TrimSuffix(ws[len(ws)-1], "s")
	p := strings.ToLower(param)
	return len(ws) > 1 && (p == noun || p == noun+"_name" || p == noun+"name" || p == noun+"_number" || p == noun+"number")
}
