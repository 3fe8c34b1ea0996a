package sim

import (
	"regexp"
	"strings"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// criteriaKeys finds the keys a list of sort or filter criteria supports,
// as its description names them ("The supported sort keys are RoomName and
// ProfileName", "Valid filters are NetworkProfileName, Ssid, and
// SecurityType").
var criteriaKeys = regexp.MustCompile(`(?i)(?:supported|valid) (sort|filter)s?(?: keys?| criteria)? (?:is|are|includes?) ((?-i:[A-Z][A-Za-z]+)(?:,? (?:and |or )?(?-i:[A-Z][A-Za-z]+))*)`)

// criteria are the items of a list of sort or filter criteria whose items
// the schema leaves without fields while its description names the keys
// they take: a sort names a key and an order ({"Key": "RoomName",
// "Value": "ASC"}), a filter a key and the values it keeps ({"Key":
// "FirstName", "Values": ["Maria"]}), not a record of its own with a
// codename and a status.
func (v *Values) criteria(root any, s map[string]any, n int) ([]any, bool) {
	is, _ := jsonschema.Resolve(root, s["items"])
	if is == nil || jsonschema.TypeOf(is) != "object" && is["type"] != nil || is["properties"] != nil {
		return nil, false
	}
	d, _ := s["description"].(string)
	m := criteriaKeys.FindStringSubmatch(d)
	if m == nil {
		return nil, false
	}
	var keys []string
	for _, k := range strings.FieldsFunc(m[2], func(r rune) bool { return r == ',' || r == ' ' }) {
		if k != "and" && k != "or" {
			keys = append(keys, k)
		}
	}
	out := make([]any, 0, n)
	for i := 0; i < n && i < len(keys); i++ {
		key := keys[(i+v.r.IntN(len(keys)))%len(keys)]
		if hasKey(out, key) {
			continue
		}
		if strings.EqualFold(m[1], "sort") {
			out = append(out, map[string]any{"Key": key, "Value": v.pick([]string{"ASC", "DESC"})})
			continue
		}
		out = append(out, map[string]any{"Key": key, "Values": []any{v.str(map[string]any{"type": "string"}, key, "")}})
	}
	return out, len(out) > 0
}

// hasKey reports whether one of the criteria already has key.
func hasKey(items []any, key string) bool {
	for _, it := range items {
		if m, _ := it.(map[string]any); m["Key"] == key {
			return true
		}
	}
	return false
}
