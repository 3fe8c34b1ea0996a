package sim

import "strings"

// unionCases are the cases a tagged union's ".tag" takes, by a word of
// the name of the value it tags: a member's status is active or invited,
// a role member_only or team_admin, a link's policy who may open it.
var unionCases = map[string][]string{
	"status":      {"active", "invited", "suspended", "removed"},
	"state":       {"active", "invited", "suspended", "removed"},
	"role":        {"member_only", "team_admin", "user_management_admin", "support_admin", "billing_admin"},
	"membership":  {"full", "limited"},
	"access":      {"owner", "editor", "viewer", "viewer_no_comment"},
	"permission":  {"owner", "editor", "viewer", "viewer_no_comment"},
	"level":       {"owner", "editor", "viewer"},
	"policy":      {"team", "anyone", "members", "owner", "editors"},
	"audience":    {"public", "team", "members", "no_one"},
	"visibility":  {"public", "team_only", "password", "private"},
	"sync":        {"default", "not_synced", "not_synced_inactive"},
	"metadata":    {"file", "folder", "deleted"},
	"entry":       {"file", "folder", "deleted"},
	"action":      {"invite", "remove", "edit_contents", "share_link", "leave"},
	"inheritance": {"inherit", "no_inherit"},
	"reason":      {"not_found", "no_permission", "too_many_requests", "other"},
	"error":       {"not_found", "no_permission", "too_many_requests", "other"},
	"type":        {"basic", "standard", "advanced", "other"},
	"result":      {"complete"},
}

// unionTag is the ".tag" of a tagged union (Dropbox's {".tag": "active"}):
// one of the cases the union's description lists, else a case word for
// what the union is, by its name; never a topic word.
func (v *Values) unionTag() string {
	if cs := choices(v.union.desc); len(cs) > 0 {
		return cs[v.r.IntN(len(cs))]
	}
	words := strings.Split(normalise(v.union.name), "_")
	for _, w := range words { // "membership_type": a membership's, not any type's
		if cs, ok := unionCases[w]; ok {
			return v.pick(cs)
		}
		if cs, ok := unionCases[strings.TrimSuffix(w, "s")]; ok {
			return v.pick(cs)
		}
	}
	return v.pick([]string{"default", "enabled", "disabled", "other"})
}

// unionCase is the tagged union being generated: its name and its
// description.
type unionCase struct {
	name, desc string
}
