package realism

import (
	"encoding/json"
	"github.com/tdscaling/tdscaling/platform/paramdoc"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// recordMeasure holds what one record's measures look up more than once:
// its tools' schemas and the parameters already read.
type recordMeasure struct {
	record     trajectory.Record
	schemas    schemas
	schemaText map[string]string
	// schemaOf is the text each tool's schema was read from (see schemas).
	schemaOf map[string]string
	memo     *schemaMemo
	params   map[string]*paramInfo
}

// paramInfo is a parameter with what the measures derive from it: the
// shape-bearing examples and the named format.
type paramInfo struct {
	param
	shapes    []string
	format    namedFormat
	hasFormat bool
}

func newRecordMeasure(r trajectory.Record, memo *schemaMemo) *recordMeasure {
	rm := &recordMeasure{record: r, schemaText: map[string]string{}, params: map[string]*paramInfo{}, memo: memo}
	rm.schemas, rm.schemaOf = memo.toolSchemas(r.Tools)
	for _, t := range r.Tools {
		rm.schemaText[t.Function.Name] = string(t.Function.Parameters)
	}
	return rm
}

func (rm *recordMeasure) param(tool string, path []string) *paramInfo {
	key := tool + "\x00" + strings.Join(path, "\x00")
	if p, ok := rm.params[key]; ok {
		return p
	}
	// What a parameter is depends only on its tool's schema: the records
	// of a dataset share a few, so it is read once per schema and path.
	schemaKey, known := rm.schemaOf[tool]
	shared := schemaKey + "\x00" + strings.Join(path, "\x00")
	if known {
		if p, ok := rm.memo.params[shared]; ok {
			rm.params[key] = p
			return p
		}
	}
	p := &paramInfo{param: rm.schemas.param(tool, path)}
	for _, ex := range p.examples {
		if paramdoc.ShapeBearing(ex) && !slices.Contains(p.shapes, ex) {
			p.shapes = append(p.shapes, ex)
		}
	}
	p.format, p.hasFormat = formatOf(p.param)
	rm.params[key] = p
	if known {
		rm.memo.keep(rm.memo.params, shared, p)
	}
	return p
}

// declaredOutputs is the set of tools whose output schema the record's
// provenance says the source corpus declared. A record without the list
// (none declared, or a producer that does not say) has none.
func declaredOutputs(r trajectory.Record) map[string]bool {
	var pv trajectory.Provenance
	if len(r.Provenance) == 0 || json.Unmarshal(r.Provenance, &pv) != nil {
		return nil
	}
	out := make(map[string]bool, len(pv.DeclaredOutputs))
	for _, n := range pv.DeclaredOutputs {
		out[n] = true
	}
	return out
}

// firstUser is the content of the first user message.
func firstUser(msgs []trajectory.Message) string {
	for _, m := range msgs {
		if m.Role == "user" {
			return m.Content
		}
	}
	return ""
}

func firstUserWords(msgs []trajectory.Message, n int) string {
	return compact(firstUser(msgs), n*8)
}

// finalAnswer is the content of the last assistant message without tool
// calls.
func finalAnswer(msgs []trajectory.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := msgs[i]; m.Role == "assistant" && len(m.ToolCalls) == 0 && strings.TrimSpace(m.Content) != "" {
			return m.Content
		}
	}
	return ""
}
