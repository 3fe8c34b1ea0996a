// Package depgraph finds dependency edges: an output field of tool A that can
// feed an input parameter of tool B. Fields are matched through keys built
// from their name tokens (camelCase/snake_case split, singular/plural, and id
// suffixes qualified by the entity they identify: "id" inside a User, or the
// "id" argument of get_user, both become user_id), schema titles and x-ref
// type names; a candidate is scored by name, type compatibility, titles and
// the TF-IDF similarity of the field descriptions.
package depgraph

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/services/cluster/internal/textindex"
)

// JSON types, compactly.
const (
	typeUnknown uint8 = iota
	typeString
	typeNumber
	typeBoolean
	typeObject
	typeArray
)

func parseType(v any) uint8 {
	s, _ := v.(string)
	if arr, ok := v.([]any); ok { // ["string", "null"]
		for _, e := range arr {
			if es, _ := e.(string); es != "null" {
				s = es
				break
			}
		}
	}
	switch s {
	case "string":
		return typeString
	case "integer", "number":
		return typeNumber
	case "boolean":
		return typeBoolean
	case "object":
		return typeObject
	case "array":
		return typeArray
	}
	return typeUnknown
}

// Key kinds, in decreasing strength.
const (
	kindExact     uint8 = iota // the whole name, specific ("user_id", "file_name")
	kindQualified              // a bare id-like name qualified by its entity
	kindTitle                  // a schema title / x-ref type name
	kindGeneric                // a bare generic name ("id", "name", "status")
)

type fieldKey struct {
	h    uint64
	kind uint8
}

// Field is an output field or an input parameter, kept small: a corpus of
// 100,000 tools has millions.
type Field struct {
	// Path is the JSON path in the output ("$.items[*].id") or the parameter
	// name ("user_id", "body.user_id").
	Path string
	typ  uint8
	item uint8 // an array's element type, typeUnknown if not said
	// owned: a bare id-like field whose entity is known for sure — it sits
	// in a named object, or the tool is named from a path that puts the id
	// right after its resource ("/setup/connection/{id}") — so that its
	// qualified keys say what it identifies, not merely what it might.
	owned bool
	// enum is 1 + the index of the field's closed set of values (its
	// schema's enum) in its tool's enums, 0 when its values are open.
	enum  uint16
	title uint64 // hash of the schema title or x-ref, 0 if none
	keys  []fieldKey
	// text is the field's name and description words, hashed, sorted.
	text []uint32
}

// ToolFields are a tool's parsed fields.
type ToolFields struct {
	Outputs []Field
	Inputs  []Field
	// OutputInferred is set when Outputs came from the name, not a schema.
	OutputInferred bool
	// outEnums and inEnums are the closed value sets of the outputs and
	// inputs that have one (Field.enum points in), hashed and sorted.
	outEnums, inEnums [][]uint32
}

const (
	maxOutputFields = 40
	maxInputFields  = 32
	maxDepth        = 4
	textWords       = 10
)

var genericNames = set(`id name key code type status value data result results count url uri link description title message text
	body content item page limit offset size format version kind state error date time created updated tag label mode
	query filter sort field expand include start end total next previous token cursor from to location parent owner
	source target path file enabled active summary detail info metadata request response object entry record`)

var idSuffixes = set(`id uuid guid key code number num no name token handle slug ref arn uri url path`)

var verbs = set(`get list create update delete remove add set put post patch fetch find search read write show describe
	retrieve query lookup new insert upsert replace modify edit check validate start stop run execute cancel enable disable
	count upload download send make generate compute calculate do perform open close move copy rename register unregister
	submit approve reject assign unassign attach detach import export sync batch bulk all by for from of in with to on and`)

var prepositions = set(`by for from of in with to on at via per`)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func hashKey(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64() | 1 // never 0
}

// ToolNoun is the resource a tool name acts on: the last word before any
// preposition that is neither a verb nor an identifier's placeholder
// ("list_orders_by_user" -> order, "Accounts_Get" -> account,
// "setup.connection.id.get" -> connection, from the path
// /setup/connection/{id}). Empty when the name is all verbs.
func ToolNoun(name string) string {
	words := textindex.SplitIdentifier(name)
	for i, w := range words {
		if prepositions[w] && i > 0 {
			words = words[:i]
			break
		}
	}
	for i := len(words) - 1; i >= 0; i-- {
		if !verbs[words[i]] && !placeholders[words[i]] {
			return words[i]
		}
	}
	return ""
}

// pathNoun is ToolNoun when the name is made from a path that puts an
// identifier right after the resource ("setup.connection.id.get",
// "getUserById", "conversions.conversionId.get"), "" otherwise: then the
// tool's ids are that resource's.
func pathNoun(name string) string {
	words := textindex.SplitIdentifier(name)
	noun := ToolNoun(name)
	for i := 0; i+1 < len(words); i++ {
		if words[i] != noun {
			continue
		}
		next := words[i+1]
		if next == "by" && i+2 < len(words) {
			next = words[i+2]
		}
		if placeholders[next] {
			return noun
		}
	}
	return ""
}

// placeholders are the words that stand for an identifier in a name made
// from a path ("/users/{id}" -> users.id.get), never the resource itself.
var placeholders = set(`id ids uuid guid gid`)

// extractor parses a tool's schemas into fields.
type extractor struct {
	noun string
	// pathNamed: the tool's name puts an id right after noun (pathNoun).
	pathNamed bool
	// words collects the names and titles for the tool's text document.
	words *[]string
	// entities are names the tool's bare id-like fields may refer to.
	entities []string
	fields   []Field
	enums    [][]uint32 // the fields' closed value sets (Field.enum)
	limit    int
}

// Extract parses a tool's schemas into fields. When words is not nil, the
// field names and schema titles are appended to it (for the tool's text).
func Extract(name string, input, output json.RawMessage, words *[]string) ToolFields {
	var tf ToolFields
	noun := ToolNoun(name)
	var in any
	if json.Unmarshal(input, &in) == nil {
		ex := &extractor{words: words, noun: noun, pathNamed: pathNoun(name) != "", limit: maxInputFields}
		ex.inputs(in)
		tf.Inputs, tf.inEnums = ex.fields, ex.enums
	}
	var out any
	if len(output) > 0 && json.Unmarshal(output, &out) == nil && out != nil {
		ex := &extractor{words: words, noun: noun, pathNamed: pathNoun(name) != "", limit: maxOutputFields}
		if m, ok := out.(map[string]any); ok {
			if t := titleOf(m); t != "" {
				ex.entities = append(ex.entities, t)
			}
		}
		ex.walk(out, "$", "", 0, true)
		tf.Outputs, tf.outEnums = ex.fields, ex.enums
	}
	return tf
}

func titleOf(m map[string]any) string {
	t, _ := m["x-ref"].(string)
	if t == "" {
		t, _ = m["title"].(string)
	}
	if t == "" {
		return ""
	}
	return strings.Join(textindex.SplitIdentifier(t), "_")
}

// inputs takes top-level parameters, and the properties of object
// parameters (a request body) one level down.
func (ex *extractor) inputs(schema any) {
	m, _ := schema.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(props)) {
		pm, _ := props[name].(map[string]any)
		ex.add(name, name, pm, "", ex.nounContext())
		if sub, ok := pm["properties"].(map[string]any); ok {
			parent := entityOf(name, pm)
			for _, sn := range slices.Sorted(maps.Keys(sub)) {
				sm, _ := sub[sn].(map[string]any)
				ex.add(name+"."+sn, sn, sm, parent, ex.nounContext())
			}
		}
	}
}

func (ex *extractor) nounContext() []string {
	if ex.noun == "" {
		return ex.entities
	}
	return append([]string{ex.noun}, ex.entities...)
}

// entityOf names what an object property holds: its title, else its name.
func entityOf(name string, m map[string]any) string {
	if t := titleOf(m); t != "" {
		return t
	}
	words := textindex.SplitIdentifier(name)
	if len(words) == 0 || genericNames[strings.Join(words, "_")] {
		return ""
	}
	return strings.Join(words, "_")
}

// walk collects output fields: leaves and titled objects, through arrays.
func (ex *extractor) walk(v any, path, parent string, depth int, root bool) {
	m, ok := v.(map[string]any)
	if !ok || depth > maxDepth || len(ex.fields) >= ex.limit {
		return
	}
	if items, ok := m["items"].(map[string]any); ok && parseType(m["type"]) != typeObject {
		ex.walk(items, path+"[*]", parent, depth+1, root)
		return
	}
	props, _ := m["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(props)) {
		pm, _ := props[name].(map[string]any)
		p := path + "." + name
		ctx := []string{}
		if parent != "" {
			ctx = append(ctx, parent)
		} else if root {
			ctx = ex.nounContext()
		}
		ex.add(p, name, pm, parent, ctx)
		if len(ex.fields) >= ex.limit {
			return
		}
		sub := pm
		if items, ok := pm["items"].(map[string]any); ok {
			sub = items
			p += "[*]"
		}
		if _, ok := sub["properties"]; ok {
			// A wrapper like {"data": [...]} or {"items": [...]} keeps the
			// tool's own entity for the objects inside.
			ent := entityOf(name, sub)
			isRoot := false
			if ent == "" && root {
				isRoot = true
			}
			ex.walk(sub, p, ent, depth+1, isRoot)
		}
	}
}

// add builds a field's keys: its whole name (generic or specific), the name
// qualified by each entity when the name is a bare id-like word, and its
// schema title.
func (ex *extractor) add(path, name string, m map[string]any, parent string, entities []string) {
	if len(ex.fields) >= ex.limit {
		return
	}
	words := textindex.SplitIdentifier(name)
	if len(words) == 0 {
		return
	}
	// A page cursor pages through its own list: it feeds no other tool.
	if d, _ := m["description"].(string); ident.PageCursor(name, d) {
		return
	}
	f := Field{Path: path}
	f.typ, f.item = typesOf(m)
	if vs := enumValues(m); len(vs) > 0 {
		ex.enums = append(ex.enums, vs)
		f.enum = uint16(len(ex.enums))
	}
	full := strings.Join(words, "_")
	if genericNames[full] {
		f.keys = append(f.keys, fieldKey{hashKey(full), kindGeneric})
	} else {
		f.keys = append(f.keys, fieldKey{hashKey(full), kindExact})
	}
	if len(words) == 1 && idSuffixes[words[0]] {
		f.owned = parent != "" || ex.pathNamed
		seen := map[string]bool{}
		for _, e := range append([]string{parent}, entities...) {
			if e == "" || seen[e] {
				continue
			}
			seen[e] = true
			f.keys = append(f.keys, fieldKey{hashKey(e + "_" + words[0]), kindQualified})
		}
	}
	title := titleOf(m)
	if title == "" && f.typ == typeArray {
		if items, ok := m["items"].(map[string]any); ok {
			title = titleOf(items)
		}
	}
	if title != "" {
		f.title = hashKey("T:" + title)
		if f.typ == typeObject || f.typ == typeArray || f.typ == typeUnknown {
			f.keys = append(f.keys, fieldKey{f.title, kindTitle})
		}
	}
	desc, _ := m["description"].(string)
	f.text = sketch(nil, desc) // description only: the name is scored on its own
	if ex.words != nil {
		*ex.words = append(*ex.words, words...)
		if title != "" {
			*ex.words = append(*ex.words, strings.Split(title, "_")...)
		}
	}
	ex.fields = append(ex.fields, f)
}

// enumValues is a schema's closed set of values (its enum, or its items'
// for a list), hashed case- and punctuation-blind and sorted: "ACTIVE" and
// "active" are one value. Nil when the values are open.
func enumValues(m map[string]any) []uint32 {
	vs, _ := m["enum"].([]any)
	if it, ok := m["items"].(map[string]any); ok && len(vs) == 0 {
		vs, _ = it["enum"].([]any)
	}
	var hs []uint32
	for _, v := range vs {
		s, ok := v.(string)
		if !ok {
			s = fmt.Sprint(v)
		}
		w := strings.Join(textindex.SplitIdentifier(s), "")
		if w != "" {
			hs = append(hs, uint32(hashKey(w)))
		}
	}
	slices.Sort(hs)
	return slices.Compact(hs)
}

// typesOf is a schema's JSON type and, for an array, its elements' (an
// untyped schema with properties is an object).
func typesOf(m map[string]any) (typ, item uint8) {
	typ = parseType(m["type"])
	if _, ok := m["properties"]; ok && typ == typeUnknown {
		typ = typeObject
	}
	if it, ok := m["items"].(map[string]any); ok && typ == typeArray {
		item = parseType(it["type"])
		if _, ok := it["properties"]; ok && item == typeUnknown {
			item = typeObject
		}
	}
	return typ, item
}

// sketch hashes the distinct words of a field's name and description.
func sketch(nameWords []string, desc string) []uint32 {
	words := textindex.AppendWords(append([]string(nil), nameWords...), clipDesc(desc), true)
	out := make([]uint32, 0, min(len(words), textWords))
	for _, w := range words {
		h := uint32(hashKey(w))
		if !slices.Contains(out, h) {
			out = append(out, h)
			if len(out) == textWords {
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// TextWeights are the IDF weights of field words, over all fields.
type TextWeights map[uint32]float32

// NewTextWeights counts in how many fields each word occurs.
func NewTextWeights(fields []ToolFields) TextWeights {
	df := map[uint32]int32{}
	n := 0
	for i := range fields {
		for _, list := range [][]Field{fields[i].Inputs, fields[i].Outputs} {
			for _, f := range list {
				n++
				for _, h := range f.text {
					df[h]++
				}
			}
		}
	}
	w := make(TextWeights, len(df))
	for h, c := range df {
		w[h] = float32(math.Log(float64(n+1)/float64(c+1)) + 1)
	}
	return w
}

func clipDesc(s string) string {
	if len(s) > 200 {
		return s[:200]
	}
	return s
}

// InferOutput infers the output schema of a tool that declares none from
// its name, description and input schema (sim.InferOutput: a price tool
// returns a price with its currency, a list tool the listed things, get_X
// the X echoing its id). The inferred schema is what the tool simulator
// fills, so the same inference serves the cluster service and the agent.
// thing is the title an empty declared schema still gives, if any.
func InferOutput(name, description, thing string, input json.RawMessage) json.RawMessage {
	var in map[string]any
	_ = json.Unmarshal(input, &in)
	schema := sim.InferOutput(name, description, thing, in)
	if schema == nil {
		return nil
	}
	b, _ := json.Marshal(schema)
	return b
}
