package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Bounds on the walk over the parsed file: aliases can make a small file
// describe an exponentially large or a cyclic tree.
const (
	maxDepth = 32
	maxNodes = 100_000
)

// fileValue is one flattened key of the YAML file.
type fileValue struct {
	key   string
	value string
	line  int
	// merged is set for values brought in by a merge key (<<), which yield
	// to keys written out in the mapping itself.
	merged bool
}

// readFile reads and flattens the YAML file at path into dotted keys.
func readFile(path string) (map[string]fileValue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return parseYAML(path, data)
}

func parseYAML(path string, data []byte) (map[string]fileValue, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, nil // an empty file
	} else if err != nil {
		return nil, fmt.Errorf("config: parse %s: %w", path, err)
	}
	var second yaml.Node
	if err := dec.Decode(&second); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config: parse %s: want one YAML document, found more", path)
	}

	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, nil
		}
		root = root.Content[0]
	}
	root = resolveAlias(root)
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil // only comments
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("config: %s:%d: want a mapping of keys to values at the top level", path, root.Line)
	}
	f := flattener{path: path, values: map[string]fileValue{}}
	if err := f.mapping(root, "", 0, false); err != nil {
		return nil, err
	}
	return f.values, nil
}

type flattener struct {
	path   string
	values map[string]fileValue
	nodes  int
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

func (f *flattener) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("config: %s:%d: %s", f.path, n.Line, fmt.Sprintf(format, args...))
}

func (f *flattener) visit(n *yaml.Node, depth int) error {
	f.nodes++
	if f.nodes > maxNodes {
		return f.errorf(n, "more than %d YAML nodes; is an alias expanding without bound?", maxNodes)
	}
	if depth > maxDepth {
		return f.errorf(n, "nested more than %d levels deep", maxDepth)
	}
	return nil
}

func (f *flattener) mapping(n *yaml.Node, prefix string, depth int, merged bool) error {
	if err := f.visit(n, depth); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), resolveAlias(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return f.errorf(k, "a key must be a plain string")
		}
		if k.Tag == "!!merge" {
			if err := f.merge(v, prefix, depth); err != nil {
				return err
			}
			continue
		}
		key := prefix + k.Value
		switch v.Kind {
		case yaml.MappingNode:
			if err := f.mapping(v, key+".", depth+1, merged); err != nil {
				return err
			}
		case yaml.SequenceNode:
			value, err := f.sequence(key, v, depth+1)
			if err != nil {
				return err
			}
			if err := f.add(fileValue{key: key, value: value, line: k.Line, merged: merged}); err != nil {
				return err
			}
		case yaml.ScalarNode:
			if v.Tag == "!!null" {
				continue // "key:" with nothing after it leaves the flag alone
			}
			if err := f.add(fileValue{key: key, value: v.Value, line: k.Line, merged: merged}); err != nil {
				return err
			}
		default:
			return f.errorf(v, "key %q: unsupported YAML value", key)
		}
	}
	return nil
}

// merge handles "<<: *base" and "<<: [*a, *b]".
func (f *flattener) merge(v *yaml.Node, prefix string, depth int) error {
	switch v.Kind {
	case yaml.MappingNode:
		return f.mapping(v, prefix, depth+1, true)
	case yaml.SequenceNode:
		for _, item := range v.Content {
			item = resolveAlias(item)
			if item.Kind != yaml.MappingNode {
				return f.errorf(item, "a merge (<<) takes mappings only")
			}
			if err := f.mapping(item, prefix, depth+1, true); err != nil {
				return err
			}
		}
		return nil
	default:
		return f.errorf(v, "a merge (<<) takes mappings only")
	}
}

func (f *flattener) sequence(key string, v *yaml.Node, depth int) (string, error) {
	if err := f.visit(v, depth); err != nil {
		return "", err
	}
	items := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		item = resolveAlias(item)
		if item.Kind != yaml.ScalarNode {
			return "", f.errorf(item, "key %q: a list may hold only plain values", key)
		}
		items = append(items, item.Value)
	}
	return strings.Join(items, ","), nil
}

// add records v. A key written twice is an error, except that a key written
// out overrides one brought in by a merge, and of two merged values the
// first wins, as YAML's merge key specifies.
func (f *flattener) add(v fileValue) error {
	old, ok := f.values[v.key]
	switch {
	case !ok, old.merged && !v.merged:
		f.values[v.key] = v
	case !old.merged && !v.merged:
		return fmt.Errorf("config: %s:%d: key %q already set at line %d", f.path, v.line, v.key, old.line)
	}
	return nil
}

func sortedByLine(values map[string]fileValue) []fileValue {
	out := make([]fileValue, 0, len(values))
	for _, v := range values {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b fileValue) int {
		if a.line != b.line {
			return a.line - b.line
		}
		return strings.Compare(a.key, b.key)
	})
	return out
}
