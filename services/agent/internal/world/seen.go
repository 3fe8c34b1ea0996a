package world

import (
	"maps"
	"slices"
)

// A knowledge graph is one graph for the whole conversation. The sim
// generator draws every read afresh, so the world keeps what graph reads
// returned — the things and the links of an output that lists both — as if
// it had been written: a later read of the whole graph lists them, a later
// search lists those that match it, and each reads as it did (or as a
// write since left it).

// rememberGraph keeps the things and links a graph read's output o lists.
func (w *World) rememberGraph(doc any, group int32, order string) {
	o, ok := doc.(map[string]any)
	if !ok {
		return
	}
	things, links := graphParts(o)
	if things == "" {
		return
	}
	for _, lk := range []string{things, links} {
		family := listFamily(lk, "")
		if family == "" {
			continue
		}
		for _, it := range o[lk].([]any) {
			m, isMap := it.(map[string]any)
			if !isMap {
				continue
			}
			for _, key := range itemKeys(family, m) {
				w.changes.write(family, key, entityWrite{kind: changeSet, fields: m, group: group, order: order})
			}
		}
	}
}

// graphBase is the thing a write named without the conversation having
// seen it (add_observations to an entity never read), as a graph read with
// things shaped as template shows it: named, of the kind its name says,
// with notes of its own; nil when the read is no graph read.
func graphBase(o map[string]any, seed int64) func(key string) map[string]any {
	things, _ := graphLists(o)
	if things == "" {
		return nil
	}
	var template map[string]any
	for _, it := range o[things].([]any) {
		if m, ok := it.(map[string]any); ok && kindField(m) != "" {
			template = m
			break
		}
	}
	if template == nil {
		return nil
	}
	return func(key string) map[string]any {
		if len(key) > 0 && key[0] == '{' {
			return nil // a link is known only by what it says
		}
		return newThing(key, template, seed)
	}
}

// graphParts finds a graph read's list of things and list of links, as
// graphLists does, and also when the read found no links (a search whose
// things are not linked): then the links are the other list, empty.
func graphParts(o map[string]any) (things, links string) {
	if things, links = graphLists(o); things != "" {
		return things, links
	}
	var lists []string
	for _, k := range slices.Sorted(maps.Keys(o)) {
		if _, ok := o[k].([]any); ok {
			lists = append(lists, k)
		}
	}
	if len(lists) != 2 {
		return "", ""
	}
	for i, k := range lists {
		other, _ := o[lists[1-i]].([]any)
		items := o[k].([]any)
		if len(other) != 0 || len(items) == 0 || listFamily(lists[1-i], "") == "" {
			continue
		}
		if m, ok := items[0].(map[string]any); ok {
			if _, named := m["name"].(string); named {
				return k, lists[1-i]
			}
		}
	}
	return "", ""
}
