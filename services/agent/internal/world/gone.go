package world

import (
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A thing deleted is gone for the rest of the conversation, as a backend
// keeps it: after a call that deletes what it names by id succeeds, a later
// call that reads, changes or deletes that same thing (its family and id,
// the thing itself: what it held, its rentals or comments, are left to
// plans that may still read them) is not found — never the thing again as if nothing happened. A create
// that gives the id again brings it back; a restore (undelete) finds it;
// calls of the deleting call's own turn run beside it and do not see it.

// restoreVerbs bring back what was deleted: they find it.
var restoreVerbs = set_("restore", "undelete", "recover", "undo", "untrash")

// removesEntity reports whether call c of t deletes the thing it names by id:
// not when it removes other things from it (removeParticipantsFromSpace(id,
// userIds) takes people out of a space that stays).
func removesEntity(t *toolset.Tool, c call, a map[string]any) bool {
	if !c.onEntity() || writeKind(t) != "delete" || slices.Contains(ident.Words(t.Name), "from") {
		return false
	}
	for _, v := range a {
		if _, isList := v.([]any); isList {
			return false
		}
	}
	return true
}

// restores reports whether a tool brings back a deleted thing.
func restores(t *toolset.Tool) bool {
	return slices.ContainsFunc(ident.Words(t.Name), func(w string) bool { return restoreVerbs[w] })
}

// goneResult is the error a call of t with arguments a gets when what it
// names by id was deleted by an earlier turn's call; "" when it was not.
func (w *World) goneResult(t *toolset.Tool, a map[string]any, group int32) string {
	if t.Code || a == nil || restores(t) {
		return ""
	}
	c := classify(t, a)
	if !c.returnsEntity() || !w.ents.deleted(c.family, c.id, group, scope(a, c.idParam)) {
		return ""
	}
	return notFound(c.idParam, c.id)
}

// scope is what else a call names a thing by: its other ids, keys and
// names (the item an attachment of that id belongs to, the workflow whose
// mapping in a scheme is removed). A thing deleted under one scope is
// still there under another.
func scope(a map[string]any, idParam string) map[string]any {
	out := map[string]any{}
	for p, v := range a {
		if _, isID := idStem(p); (isID || lastWord(p) == "key" || lastWord(p) == "name") && p != idParam && v != nil && !secretParam(p) && !strings.Contains(strings.ToLower(p), "api") {
			out[p] = v
		}
	}
	return out
}

// parents are the other ids a call names a thing by, by normalised name:
// the application a configuration profile is of, the api a resolver is
// of, and the branch a job is of (branchName): a <noun>_name of another
// noun than the thing's, where the call sets nothing by it (a read, or a
// write whose new values are in its body). Reads and writes of a thing
// agree only under the same ones; a bare name, the thing's own name and
// a write's top-level first_name are what it sets, not where it is.
func parents(a map[string]any, c call) map[string]any {
	out := map[string]any{}
	sets := (c.update || c.create) && !slices.ContainsFunc(slices.Collect(maps.Keys(a)), func(k string) bool {
		_, isObj := a[k].(map[string]any)
		return isObj && envelopeParam(k)
	})
	for p, v := range a {
		if p == c.idParam || !scalar(v) || secretParam(p) {
			continue
		}
		if _, isID := idStem(p); isID || !sets && parentName(p, c) {
			out[normKey(p)] = v
		}
	}
	return out
}

// parentName reports whether p is a <noun>_name of another noun than the
// thing call c is about (branchName of StopJob).
func parentName(p string, c call) bool {
	w := ident.Words(p)
	n := len(w)
	if n < 2 || w[n-1] != "name" {
		return false
	}
	stem := strings.Join(w[:n-1], "_")
	return stem != c.noun && stem != c.family && !genericNouns[stem] && !personNameWords[stem]
}

// personNameWords qualify a person's name, which a thing has, not a
// parent (first_name, display_name).
var personNameWords = set_("first", "last", "given", "family", "middle", "full", "display", "nick", "user", "screen", "real", "legal", "preferred", "short", "long", "friendly", "common", "file", "new", "old", "sur", "host", "domain", "field", "type", "key", "tag")

// within reports whether a call naming a thing with ids b names the thing
// deleted with ids a: the ids both give agree.
func within(a, b map[string]any) bool {
	for p, v := range a {
		if u, has := b[p]; has && plan.Canonical(u) != plan.Canonical(v) {
			return false
		}
	}
	return true
}

// remove marks an entity deleted by a call of group; scope holds the other
// ids the deleting call named it by.
func (e *entities) remove(family string, id any, scope map[string]any, group int32, order string) {
	if family == "" || id == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.writes == nil {
		e.writes = map[string][]entityWrite{}
	}
	e.seq++
	k := entityKey(family, id)
	e.writes[k] = append(e.writes[k], entityWrite{seq: e.seq, group: group, order: order, kind: changeGone, fields: scope})
}

// deleted reports whether the last write to an entity a call of group sees
// deleted it, under a scope that agrees with ids.
func (e *entities) deleted(family string, id any, group int32, ids map[string]any) bool {
	e.mu.Lock()
	ws := slices.Clone(e.writes[entityKey(family, id)])
	e.mu.Unlock()
	ordered(ws)
	ws = slices.DeleteFunc(ws, func(w entityWrite) bool { return group != 0 && w.group == group })
	// The last deletion under this scope since the thing was last
	// written (a create of it again) counts; another scope's does not.
	// A deletion also writes what its answer said of the thing, and the
	// calls of its turn ran beside it (a move of the thing): neither
	// brings it back; a write of a later turn does.
	deleting, turns := map[string]bool{}, map[int32]bool{}
	for _, w := range ws {
		if w.kind == changeGone {
			deleting[w.order] = true
			turns[w.group] = w.group != 0
		}
	}
	for i := len(ws) - 1; i >= 0; i-- {
		switch {
		case ws[i].kind != changeGone && (deleting[ws[i].order] || turns[ws[i].group]):
		case ws[i].kind != changeGone:
			return false
		case within(ws[i].fields, ids):
			return true
		}
	}
	return false
}
