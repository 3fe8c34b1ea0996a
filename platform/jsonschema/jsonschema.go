// Package jsonschema validates JSON values against the JSON Schemas of tool
// definitions. It wraps github.com/santhosh-tekuri/jsonschema/v6 (drafts 4 to
// 2020-12, formats asserted) behind a small API that speaks JSON text, the way
// schemas travel in TDScaling's contracts, and reports violations as
// (instance path, message) pairs a user or a model can act on.
package jsonschema

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	js "github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var (
	printer        = message.NewPrinter(language.English)
	pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")
)

// Violation is one reason a value does not match a schema.
type Violation struct {
	// Path is the JSON pointer of the offending value within the instance ("" for the root).
	Path    string
	Message string
}

func (v Violation) String() string {
	if v.Path == "" {
		return v.Message
	}
	return v.Path + ": " + v.Message
}

// Document is one compiled schema document; subschemas are compiled on
// demand by JSON pointer and cached. It is safe for concurrent use.
type Document struct {
	mu       sync.Mutex
	compiler *js.Compiler
	doc      any
	compiled map[string]*js.Schema
	errs     map[string]error
}

const docURL = "mem:///schema.json"

// Parse decodes and compiles a schema document from JSON text.
func Parse(schemaJSON []byte) (*Document, error) {
	doc, err := Decode(schemaJSON)
	if err != nil {
		return nil, fmt.Errorf("schema is not JSON: %w", err)
	}
	d := &Document{doc: doc, compiled: map[string]*js.Schema{}, errs: map[string]error{}}
	if err := d.reset(doc); err != nil {
		return nil, err
	}
	if _, err := d.At(""); err != nil {
		// A "$schema" we cannot load (a dialect URL of a vendor) should not
		// make an otherwise usable schema unusable: retry under the default draft.
		if m, ok := doc.(map[string]any); ok && m["$schema"] != nil {
			delete(m, "$schema")
			if err2 := d.reset(m); err2 == nil {
				if _, err2 = d.At(""); err2 == nil {
					return d, nil
				}
			}
		}
		return nil, err
	}
	return d, nil
}

func (d *Document) reset(doc any) error {
	c := js.NewCompiler()
	c.UseRegexpEngine(lenientRegexp)
	c.AssertFormat()
	c.DefaultDraft(js.Draft2020)
	if err := c.AddResource(docURL, doc); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	d.compiler = c
	d.doc = doc
	d.compiled = map[string]*js.Schema{}
	d.errs = map[string]error{}
	return nil
}

// Root returns the decoded document (maps, slices, json.Number, ...).
func (d *Document) Root() any { return d.doc }

// At returns the subschema at the JSON pointer ("" for the whole document,
// "/properties/city" for a parameter).
func (d *Document) At(pointer string) (*Schema, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.compiled[pointer]; ok {
		return &Schema{s: s}, nil
	}
	if err, ok := d.errs[pointer]; ok {
		return nil, err
	}
	s, err := d.compiler.Compile(docURL + "#" + pointer)
	if err != nil {
		err = fmt.Errorf("schema does not compile: %s", firstLine(err.Error()))
		d.errs[pointer] = err
		return nil, err
	}
	d.compiled[pointer] = s
	return &Schema{s: s}, nil
}

// Schema is one compiled (sub)schema.
type Schema struct{ s *js.Schema }

// Validate checks a decoded value (from Decode) and returns its violations,
// none when it is valid.
func (s *Schema) Validate(v any) []Violation {
	err := s.s.Validate(v)
	if err == nil {
		return nil
	}
	var ve *js.ValidationError
	if !errors.As(err, &ve) {
		return []Violation{{Message: err.Error()}}
	}
	var out []Violation
	collect(ve, &out)
	if len(out) == 0 {
		out = append(out, Violation{Path: pointer(ve.InstanceLocation), Message: firstLine(ve.Error())})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// ValidateJSON decodes JSON text and validates it.
func (s *Schema) ValidateJSON(data []byte) []Violation {
	v, err := Decode(data)
	if err != nil {
		return []Violation{{Message: "not JSON: " + err.Error()}}
	}
	return s.Validate(v)
}

// collect gathers the leaf errors: the ones that say what is actually wrong.
func collect(e *js.ValidationError, out *[]Violation) {
	if len(e.Causes) == 0 {
		msg := e.ErrorKind.LocalizedString(printer)
		*out = append(*out, Violation{Path: pointer(e.InstanceLocation), Message: msg})
		return
	}
	for _, c := range e.Causes {
		collect(c, out)
	}
}

// EscapePointerToken escapes s as one reference token of a JSON pointer
// (RFC 6901): "~" as "~0", "/" as "~1". A property named "a/b" is at
// "/properties/a~1b".
func EscapePointerToken(s string) string { return pointerEscaper.Replace(s) }

func pointer(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	var b strings.Builder
	for _, p := range loc {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(p))
	}
	return b.String()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " " + strings.TrimSpace(strings.ReplaceAll(s[i+1:], "\n", " "))
	}
	return s
}

// Decode parses JSON text the way the validator needs it: numbers stay
// json.Number, so 1 and 1.0 keep their meaning for "integer".
func Decode(data []byte) (any, error) {
	v, err := js.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return v, nil
}

// lenientRegexp compiles the "pattern"s of real API schemas, written for
// ECMA-262, with Go's RE2. Repeat counts above RE2's limit of 1000 are
// widened (x{1,5000} becomes x{1,}), and a pattern RE2 cannot express at all
// (look-arounds, back-references) constrains nothing: one such pattern must
// not make a whole tool unusable.
func lenientRegexp(s string) (js.Regexp, error) {
	if re, err := regexp.Compile(s); err == nil {
		return re, nil
	}
	if re, err := regexp.Compile(widenRepeats(s)); err == nil {
		return re, nil
	}
	return unenforced(s), nil
}

var repeatCount = regexp.MustCompile(`\{(\d+)(,(\d*))?\}`)

// widenRepeats rewrites repeat counts RE2 refuses: {n} and {n,m} above 1000
// become {1000,} and {n,}.
func widenRepeats(s string) string {
	return repeatCount.ReplaceAllStringFunc(s, func(m string) string {
		g := repeatCount.FindStringSubmatch(m)
		lo, _ := strconv.Atoi(g[1])
		hi, _ := strconv.Atoi(g[3])
		switch {
		case lo > 1000:
			return "{1000,}"
		case g[2] != "" && hi > 1000:
			return "{" + g[1] + ",}"
		}
		return m
	})
}

// unenforced is a pattern that matches everything.
type unenforced string

func (u unenforced) String() string        { return string(u) }
func (unenforced) MatchString(string) bool { return true }
