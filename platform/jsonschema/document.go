package jsonschema

import "strings"

// Helpers that read a decoded JSON Schema document (map[string]any, as
// encoding/json gives it) without compiling it: what type a schema is, where
// a $ref leads, what a JSON pointer names.

var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// TypeOf returns the schema's JSON type: its "type" (the first non-null one
// of a list), or what its keywords imply.
func TypeOf(s map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if str, ok := x.(string); ok && str != "null" {
				return str
			}
		}
		if len(t) > 0 {
			if str, ok := t[0].(string); ok {
				return str
			}
		}
	}
	switch {
	case s["properties"] != nil || s["additionalProperties"] != nil:
		return "object"
	case s["items"] != nil:
		return "array"
	case s["minimum"] != nil || s["maximum"] != nil:
		return "number"
	}
	return ""
}

// Resolve follows local $refs ("#/definitions/X", "#/$defs/X") to a schema object.
func Resolve(root, schema any) (map[string]any, bool) {
	for range 16 {
		s, ok := schema.(map[string]any)
		if !ok {
			if b, ok := schema.(bool); ok && b {
				return map[string]any{}, true
			}
			return nil, false
		}
		ref, ok := s["$ref"].(string)
		if !ok {
			return s, true
		}
		target, ok := Pointer(root, strings.TrimPrefix(ref, "#"))
		if !ok || !strings.HasPrefix(ref, "#") {
			// An external $ref: keep the sibling keywords.
			return s, true
		}
		schema = target
	}
	return nil, false
}

// Pointer follows a JSON pointer ("/properties/a") into a decoded document.
func Pointer(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = pointerUnescaper.Replace(tok)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return cur, true
}
