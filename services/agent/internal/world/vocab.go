package world

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/seedrand"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A value read back keeps to its field's vocabulary. A tool's output
// schema often leaves a field free ("order_type": "Type of the order.")
// that another tool of the conversation closes (place_order's "Type of
// the order (Buy/Sell)."), and the sim generator drew get_order_details'
// order_type as "premium". A string field whose own schema lists no
// values, but whose name another tool's schema gives a vocabulary — an
// enum, a description's [Enum] list or its "(Buy/Sell)" — holds one of
// those values: the one the conversation's calls last passed for a field
// of that name, or one drawn from it. A field named by one word (status,
// type) takes only the vocabulary of a tool about the same thing (orders);
// names whose tools disagree on the vocabulary, and a value the call
// itself gave, are left alone.

// slashVocab is a description's list of values in parentheses: "(Buy/Sell)".
var slashVocab = regexp.MustCompile(`\(([A-Za-z_]{2,20}(?:/[A-Za-z_]{2,20})+)\)`)

// vocabOf is the values a string schema allows: its enum, its
// description's [Enum] list or parenthesised slash list.
func vocabOf(m map[string]any) []string {
	if m == nil {
		return nil
	}
	if ty := jsonschema.TypeOf(m); ty != "" && ty != "string" {
		return nil
	}
	if vs := enumOf(m); len(vs) > 0 {
		return vs
	}
	d, _ := m["description"].(string)
	if sm := slashVocab.FindStringSubmatch(d); sm != nil {
		return strings.Split(sm[1], "/")
	}
	return nil
}

// vocab is what the conversation's tools say a field name's values are.
type vocab struct {
	values []string
	nouns  map[string]bool // the things the tools declaring it are about
	split  bool            // tools disagree: no vocabulary
}

// vocabularies collects the vocabularies the rollout's tools give field
// names, in their parameters and results.
func (w *World) vocabularies() map[string]*vocab {
	w.vocabOnce.Do(func() {
		w.vocabs = map[string]*vocab{}
		if w.tools == nil {
			return
		}
		for _, t := range w.tools.Tools {
			noun := classify(t, nil).noun
			for _, d := range []*jsonschema.Document{t.Input, t.Output} {
				if d != nil {
					collectVocab(w.vocabs, d.Root(), d.Root(), "", noun, 0)
				}
			}
		}
	})
	return w.vocabs
}

func collectVocab(out map[string]*vocab, root, s any, name, noun string, depth int) {
	m, _ := jsonschema.Resolve(root, s)
	if m == nil || depth > 6 {
		return
	}
	if vs := vocabOf(m); name != "" && len(vs) > 1 {
		v := out[name]
		if v == nil {
			v = &vocab{values: vs, nouns: map[string]bool{}}
			out[name] = v
		} else if !sameVocab(v.values, vs) {
			v.split = true
		}
		v.nouns[noun] = true
	}
	if props, ok := m["properties"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(props)) {
			collectVocab(out, root, props[k], k, noun, depth+1)
		}
	}
	if it, ok := m["items"]; ok {
		collectVocab(out, root, it, name, noun, depth+1)
	}
}

func sameVocab(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if vocabIndex(b, x) < 0 {
			return false
		}
	}
	return true
}

// vocabIndex is the index of x in vs, letter case aside; -1 if absent.
func vocabIndex(vs []string, x string) int {
	return slices.IndexFunc(vs, func(v string) bool { return strings.EqualFold(v, x) })
}

// inVocabulary puts the string fields of output d whose name another
// tool gives a vocabulary, and whose own schema gives none, among its
// values.
func (w *World) inVocabulary(t *toolset.Tool, a map[string]any, d, root any, key string) any {
	vs := w.vocabularies()
	if len(vs) == 0 {
		return d
	}
	noun := classify(t, a).noun
	given := namedArgs(a)
	// A one-word field (status) is the thing's at the top of the answer
	// or in a member named for it (order, orders), not in its paging.
	var walk func(v, s any, path string, depth int, ofThing bool) any
	walk = func(v, s any, path string, depth int, ofThing bool) any {
		m, _ := jsonschema.Resolve(root, s)
		switch x := v.(type) {
		case map[string]any:
			props := schemaProps(root, m)
			for _, k := range slices.Sorted(maps.Keys(x)) {
				str, isStr := x[k].(string)
				if !isStr {
					if depth < 4 {
						x[k] = walk(x[k], props[k], path+"."+k, depth+1, noun != "" && ident.Singular(strings.ToLower(k)) == noun)
					}
					continue
				}
				voc := vs[k]
				if voc == nil || voc.split || len(vocabOf(schemaOf(root, props[k]))) > 0 || given[k] == str {
					continue
				}
				if len(ident.Words(k)) < 2 && (!voc.nouns[noun] || !ofThing) {
					continue
				}
				if i := vocabIndex(voc.values, str); i >= 0 {
					x[k] = voc.values[i]
					continue
				}
				x[k] = w.vocabValue(k, voc.values, key+path+"."+k)
			}
		case []any:
			var items any
			if m != nil {
				items = m["items"]
			}
			for i := range x {
				x[i] = walk(x[i], items, path+"[]", depth, ofThing)
			}
		}
		return v
	}
	return walk(d, root, "$", 0, true)
}

// namedArgs are a call's scalar arguments by name, with a request body's.
func namedArgs(a map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		if m, isObj := v.(map[string]any); isObj && envelopeParam(k) {
			for k2, v2 := range m {
				if s, isStr := v2.(string); isStr {
					out[k2] = s
				}
			}
		}
	}
	for k, v := range a {
		if s, isStr := v.(string); isStr {
			out[k] = s
		}
	}
	return out
}

// vocabValue is the value of field k the conversation's calls last passed
// when it is one of vs, else one of vs drawn for where it goes.
func (w *World) vocabValue(k string, vs []string, where string) string {
	w.mu.Lock()
	hist := slices.Clone(w.history)
	w.mu.Unlock()
	for i := len(hist) - 1; i >= 0; i-- {
		args, err := plan.Decode(hist[i].Args)
		a, _ := args.(map[string]any)
		if err != nil || a == nil {
			continue
		}
		if s, ok := namedArgs(a)[k]; ok {
			if j := vocabIndex(vs, s); j >= 0 {
				return vs[j]
			}
		}
	}
	return vs[seedrand.New(w.seed, "tool_simulator.vocab", where).IntN(len(vs))]
}
