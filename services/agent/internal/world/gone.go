package world

import (
	"slices"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A thing deleted is gone for the rest of the conversation, as a backend
// keeps it: after a call that deletes what it names by id succeeds, a later
// call that reads, changes or deletes that same thing (its family and id)
// is not found — never the thing again as if nothing happened. A create
// that gives the id again brings it back; a restore (undelete) finds it;
// calls of the deleting call's own turn run beside it and do not see it.

// restoreVerbs bring back what was deleted: they find it.
var restoreVerbs = set_("restore", "undelete", "recover", "undo", "untrash")

// removesEntity reports whether call c of t deletes the thing it names by id.
func removesEntity(t *toolset.Tool, c call) bool {
	return c.onEntity() && writeKind(t) == "delete"
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
	if !c.onEntity() || !w.ents.deleted(c.family, c.id, group) {
		return ""
	}
	return notFound(c.idParam, c.id)
}

// remove marks an entity deleted by a call of group.
func (e *entities) remove(family string, id any, group int32, order string) {
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
	e.writes[k] = append(e.writes[k], entityWrite{seq: e.seq, group: group, order: order, kind: changeGone})
}

// deleted reports whether the last write to an entity a call of group sees
// deleted it.
func (e *entities) deleted(family string, id any, group int32) bool {
	e.mu.Lock()
	ws := slices.Clone(e.writes[entityKey(family, id)])
	e.mu.Unlock()
	ordered(ws)
	ws = slices.DeleteFunc(ws, func(w entityWrite) bool { return group != 0 && w.group == group })
	return len(ws) > 0 && ws[len(ws)-1].kind == changeGone
}
