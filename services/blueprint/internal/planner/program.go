package planner

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// A code step computes something the user asks for from earlier results:
// over a list of records, how many there are, the total and average of a
// number and which record has the largest; over a record's figures, their
// sum and the largest; over a text, its length in words; over the same
// figure in several results, the combined value and the difference. The
// program prints one JSON object whose keys say what each figure is
// ("total amount", "order with the highest amount"), so the answer can
// quote them, and its first line is a comment saying what it computes.

type shapeKind int

const (
	shapeNone shapeKind = iota
	// shapeList is a list of records (or of values) at list.
	shapeList
	// shapeFigures is a record with numeric fields.
	shapeFigures
	// shapeText is a record with a text field.
	shapeText
	// shapeListing is a directory listing as text: "[FILE] name" and
	// "[DIR] name" lines.
	shapeListing
	// shapeMatches is a search's matching paths as text, one a line.
	shapeMatches
)

// shape is what a tool's output offers to compute over.
type shape struct {
	kind shapeKind
	// list is the key of the list; "" when the output itself is the list.
	list string
	// items names the listed things in the plural ("orders").
	items string
	// field is a numeric field of the items; label a field naming an item;
	// group a text field whose distinct values are worth listing.
	field, label, group string
	// figures are the record's numeric fields; text its text field.
	figures []string
	text    string
	// document: the text is a file's or a document's own words (lines and
	// words are worth counting), and noun what the user calls it.
	document bool
	noun     string
	// values: the list holds numbers themselves, not records.
	values bool
	// averaged: the field (or the listed numbers) is a level or a reading,
	// averaged and ranged but never totalled.
	averaged bool
}

// outputShape reads what can be computed over a tool's declared output.
func outputShape(t *catalog.Tool) shape {
	if t == nil || t.Output == nil {
		return shape{}
	}
	// What a call just wrote comes back as the caller gave it ("Successfully
	// moved …", the relations just created): no one asks to count it.
	// Encoded media is bytes, not anything a person counts or sums.
	if writes(t) || media(t) {
		return shape{}
	}
	if f := sim.TextResultField(t.Output); f != "" {
		return textShape(t, f)
	}
	root, ok := jsonschema.Resolve(t.Output, t.Output)
	if !ok {
		return shape{}
	}
	if jsonschema.TypeOf(root) == "array" {
		return listShape(t, "", root, wording.Plural(wording.Phrase(singularName(t.Name))))
	}
	props, _ := root["properties"].(map[string]any)
	var figures, fractional []string
	text := ""
	for _, k := range slices.Sorted(maps.Keys(props)) {
		s, ok := jsonschema.Resolve(t.Output, props[k])
		if !ok {
			continue
		}
		switch jsonschema.TypeOf(s) {
		case "array":
			if !safeKey(k) {
				continue
			}
			return listShape(t, k, s, listNoun(k))
		case "number", "integer":
			if safeKey(k) && measureOf(k, s) != notMeasure {
				figures = append(figures, k)
				if jsonschema.TypeOf(s) == "number" && !countField(k) {
					fractional = append(fractional, k)
				}
			}
		case "string":
			if text == "" && safeKey(k) && textField(k) {
				text = k
			}
		}
	}
	// Figures are added up only within one kind of quantity (counts with
	// counts, money with money); a lone figure is rounded, and a text is
	// measured when no two figures go together.
	if same := sameKind(figures); len(same) >= 2 {
		return shape{kind: shapeFigures, figures: same}
	}
	switch {
	case text != "":
		return shape{kind: shapeText, text: text}
	case len(fractional) > 0:
		// Rounding is asked of a fractional figure; a count or an integer
		// is whole already.
		return shape{kind: shapeFigures, figures: fractional[:1]}
	}
	return shape{}
}

// countField reports whether a figure counts things (followers, tweets).
func countField(f string) bool {
	return wording.CountOf(f) != "" || strings.Contains(strings.ToLower(f), "count")
}

// sameKind returns the figures that add up: amounts of money (a price, its
// tax and fees). Counts of different things (followers, tweets, retweets)
// are not summed: their total means nothing.
func sameKind(figures []string) []string {
	var money []string
	for _, f := range figures {
		l := strings.ToLower(f)
		switch {
		case countField(f):
		case strings.Contains(l, "price") || strings.Contains(l, "amount") || strings.Contains(l, "cost") || strings.Contains(l, "fee") ||
			strings.Contains(l, "tax") || strings.Contains(l, "balance") || strings.Contains(l, "total") || strings.Contains(l, "revenue"):
			money = append(money, f)
		}
	}
	return money
}

// writes reports whether a tool changes something; "open" reads as often
// as it creates ("open_nodes" shows records), so it alone does not count.
func writes(t *catalog.Tool) bool {
	ws := ident.Words(t.Name)
	return mutates(t.Name) && (len(ws) == 0 || ws[0] != "open")
}

// media reports whether a tool returns encoded media (an image's base64).
func media(t *catalog.Tool) bool {
	d := strings.ToLower(t.Description())
	return strings.Contains(d, "base64") || strings.Contains(d, "base-64")
}

// textShape reads what a tool whose whole result is one text (an MCP
// server's {"content": string}) offers: a listing's files and folders, a
// search's matching paths, a read file's words and lines. A file's metadata,
// the allowed directories or a tree are looked at, not computed over.
func textShape(t *catalog.Tool, field string) shape {
	ws := ident.Words(t.Name)
	d := strings.ToLower(t.Description())
	if len(d) > 200 {
		d = d[:200]
	}
	has := func(xs ...string) bool {
		for _, x := range xs {
			if slices.Contains(ws, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("allowed", "info", "stat", "metadata", "tree", "roots") || strings.Contains(d, "metadata"):
		return shape{}
	case has("list", "ls") || strings.Contains(d, "listing"):
		return shape{kind: shapeListing, text: field}
	case has("search", "find", "glob", "grep"):
		return shape{kind: shapeMatches, text: field}
	}
	sh := shape{kind: shapeText, text: field, document: true, noun: "text"}
	switch {
	case has("files", "multiple") || strings.Contains(d, "multiple files"):
		sh.noun = "files" // several files' text read as one
	case strings.Contains(d, "file") || has("file"):
		sh.noun = "file"
	}
	return sh
}

func listShape(t *catalog.Tool, key string, s map[string]any, items string) shape {
	sh := shape{kind: shapeList, list: key, items: items}
	it, _ := jsonschema.Resolve(t.Output, s["items"])
	ip, _ := it["properties"].(map[string]any)
	if ip["mimeType"] != nil || ip["mime_type"] != nil {
		return shape{} // media blocks: bytes, not records
	}
	// A list of fractional numbers (prices, readings) is summed and ranged,
	// not only counted, when its name says they are amounts; integers in a
	// list are as often ids as amounts.
	named := key
	if named == "" {
		named = items
	}
	if m := measureOf(named, it); jsonschema.TypeOf(it) == "number" && m != notMeasure {
		sh.values, sh.averaged = true, m == averaged
	}
	for _, f := range slices.Sorted(maps.Keys(ip)) {
		fs, ok := jsonschema.Resolve(t.Output, ip[f])
		if !ok || !safeKey(f) {
			continue
		}
		switch jsonschema.TypeOf(fs) {
		case "number", "integer":
			// Only a quantity is totalled or averaged: "the total
			// timestamp" or "the average default" is asked by no one.
			if m := measureOf(f, fs); sh.field == "" && m != notMeasure {
				sh.field, sh.averaged = f, m == averaged
			}
		case "string":
			if sh.label == "" && labelField(f) {
				sh.label = f
			}
			if sh.group == "" && groupField(f) {
				sh.group = f
			}
		}
	}
	return sh
}

func listNoun(key string) string {
	n := wording.Phrase(key)
	for _, suffix := range []string{" list", " array", " items", " collection"} {
		n = strings.TrimSuffix(n, suffix)
	}
	if n == "items" || n == "data" || n == "results" || n == "list" || n == "value" || n == "records" || n == "entries" {
		return "entries"
	}
	return wording.Plural(n)
}

func singularName(tool string) string {
	ws := wording.Words(pathNoun(tool))
	if len(ws) > 1 {
		switch strings.ToLower(ws[0]) {
		case "get", "list", "search", "find", "fetch", "retrieve", "query":
			ws = ws[1:]
		}
	}
	return wording.Singular(strings.Join(ws, " "))
}

// safeKey reports whether a JSON key can be written in the Python and SQL
// the planner emits without escaping.
func safeKey(k string) bool {
	return k != "" && !strings.ContainsAny(k, "\"'\\.[]{}$\n")
}

func labelField(f string) bool {
	switch strings.ToLower(f) {
	case "name", "title", "label", "full_name", "fullname", "username", "display_name", "displayname", "symbol", "code", "city", "email", "sku", "subject":
		return true
	}
	return strings.HasSuffix(strings.ToLower(f), "name")
}

func groupField(f string) bool {
	l := strings.ToLower(f)
	for _, w := range []string{"status", "type", "category", "state", "kind", "currency", "country", "level", "priority", "role", "tag"} {
		if l == w || strings.HasSuffix(l, "_"+w) || strings.HasSuffix(l, w) {
			return true
		}
	}
	return false
}

func textField(f string) bool {
	l := strings.ToLower(f)
	// A result's "message" is mostly how the call went ("Operation
	// completed."), and a title is a few words: counting their words
	// tells nothing.
	for _, w := range []string{"description", "content", "text", "body", "summary", "comment", "bio", "note", "review"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// figure is one computed value of a program: its printed key and, per
// language, the expression that computes it.
type figure struct {
	key    string
	python string
	sql    string
}

// step is the program's part for one result.
type step struct {
	c       *blueprintv1.PlannedCall
	sh      shape
	figures []figure
	what    string
	// also is what a figure across this and the previous result computes.
	also string
}

// computable reports whether code can compute something over tool t's output.
func computable(t *catalog.Tool) bool { return outputShape(t).kind != shapeNone }

// steps plans the figures a program prints for the results.
func (b *builder) steps(res []*blueprintv1.PlannedCall) []step {
	var out []step
	used := map[string]int{}
	tools := map[string]int{}
	for _, c := range res {
		tools[c.ToolName]++
	}
	// People ask for a count in several ways, but one request words its
	// figures one way: "how many words the file has; the word count of the
	// file" asks the same thing twice.
	variant := b.words.IntN(3)
	seen := map[string]int{}
	key := func(k string, c *blueprintv1.PlannedCall) string {
		used[k]++
		if used[k] > 1 {
			if tools[c.ToolName] > 1 {
				return fmt.Sprintf("%s (%s, result %d)", k, c.ToolName, seen[c.ToolName])
			}
			return fmt.Sprintf("%s (%s)", k, c.ToolName)
		}
		return k
	}
	for _, c := range res {
		seen[c.ToolName]++
		sh := outputShape(b.tool[c.Id])
		st := step{c: c, sh: sh}
		v := "r_" + c.Id
		switch sh.kind {
		case shapeList:
			rows := fmt.Sprintf("rows(%s, %q)", v, sh.list)
			st.figures = append(st.figures, figure{key: key("number of "+sh.items, c), python: "len(" + rows + ")", sql: "(SELECT count(*) FROM " + c.Id + ")"})
			st.what = "how many " + sh.items + " there are"
			if sh.values {
				fs, what := valueFigures(sh, c.Id, rows, func(k string) string { return key(k, c) })
				st.figures, st.what = append(st.figures, fs...), what
			} else if f := sh.field; f != "" {
				fw := wording.Phrase(f)
				nums := fmt.Sprintf("nums(%s, %q)", rows, f)
				jx := fmt.Sprintf(`json_extract(item, '$."%s"')`, f)
				where := fmt.Sprintf(` FROM %s WHERE json_type(item, '$."%s"') IN ('integer', 'real')`, c.Id, f)
				if !sh.averaged {
					st.figures = append(st.figures, figure{key: key(sumOf(fw), c), python: fmt.Sprintf("round(sum(%s), 2)", nums), sql: "(SELECT round(total(" + jx + "), 2)" + where + ")"})
				}
				st.figures = append(st.figures,
					figure{key: key("average "+fw, c), python: fmt.Sprintf("round(sum(%s) / len(%s), 2) if %s else None", nums, nums, nums), sql: "(SELECT round(avg(" + jx + "), 2)" + where + ")"},
					figure{key: key("highest "+fw, c), python: fmt.Sprintf("max(%s) if %s else None", nums, nums), sql: "(SELECT max(" + jx + ")" + where + ")"})
				// A reading's total means nothing: its average and highest do.
				st.what = totalledWhat(fw, sh.items, sh.averaged)
				if l := sh.label; l != "" {
					item := wording.Singular(sh.items)
					st.figures = append(st.figures, figure{key: key(item+" with the highest "+fw, c),
						python: fmt.Sprintf("top(%s, %q, %q)", rows, f, l),
						sql:    fmt.Sprintf(`(SELECT json_extract(item, '$."%s"')%s ORDER BY %s DESC LIMIT 1)`, l, where, jx)})
					st.what += ", and which " + item + " has the highest " + fw
				}
			} else if g := sh.group; g != "" {
				gw := wording.Plural(wording.Phrase(g))
				st.figures = append(st.figures, figure{key: key(gw+" seen", c),
					python: fmt.Sprintf("sorted({x[%q] for x in %s if isinstance(x.get(%q), str)})", g, rows, g),
					sql:    fmt.Sprintf(`json((SELECT json_group_array(g) FROM (SELECT DISTINCT json_extract(item, '$."%s"') AS g FROM %s WHERE json_type(item, '$."%s"') = 'text' ORDER BY g)))`, g, c.Id, g)})
				st.what += " and which " + gw + " appear"
			}
		case shapeFigures:
			fs := sh.figures
			if len(fs) > 6 {
				fs = fs[:6]
			}
			var names []string
			for _, f := range fs {
				names = append(names, wording.Phrase(f))
			}
			if len(fs) == 1 {
				f := fs[0]
				st.figures = append(st.figures, figure{key: key(wording.Phrase(f)+" rounded", c), python: fmt.Sprintf("round(fig(%s, %q)) if fig(%s, %q) is not None else None", v, f, v, f)})
				st.what = "the " + names[0] + " rounded to a whole number"
				break
			}
			st.figures = append(st.figures,
				figure{key: key("sum of "+wording.List(names), c), python: fmt.Sprintf("round(sum(x for x in (fig(%s, k) for k in %s) if x is not None), 2)", v, pyList(fs))},
				figure{key: key("largest of them", c), python: fmt.Sprintf("largest(%s, %s)", v, pyList(fs))})
			st.what = "the sum of the " + wording.List(names) + " and which is largest"
		case shapeListing, shapeMatches:
			st.figures, st.what = textFigures(sh, v, func(k string) string { return key(k, c) }, variant)
		case shapeText:
			if sh.document {
				st.figures, st.what = textFigures(sh, v, func(k string) string { return key(k, c) }, variant)
				break
			}
			tw := wording.Phrase(sh.text)
			st.figures = append(st.figures, figure{key: key("word count of the "+tw, c), python: fmt.Sprintf("len(str(%s.get(%q) or '').split()) if isinstance(%s, dict) else 0", v, sh.text, v)})
			// People ask for a word count in several ways; one wording would open a
			// tenth of a small tool list's requests the same way.
			st.what = []string{"how many words the " + tw + " has", "the word count of the " + tw, "how long the " + tw + " is in words"}[variant]
		default:
			continue // nothing to compute over this result
		}
		out = append(out, st)
	}
	if len(out) == 0 && len(res) > 0 {
		// No result offers anything to compute: count what came back.
		c := res[len(res)-1]
		v := "r_" + c.Id
		out = append(out, step{c: c, what: "how many fields " + c.ToolName + " returned",
			figures: []figure{{key: "number of fields " + c.ToolName + " returned", python: fmt.Sprintf("len(%s) if isinstance(%s, (dict, list)) else 0", v, v)}}})
	}
	// The same figure in several results: the combined value and the gap.
	if len(out) >= 2 && out[0].sh.kind == shapeFigures && out[1].sh.kind == shapeFigures {
		for _, f := range out[0].sh.figures {
			if slices.Contains(out[1].sh.figures, f) {
				a, c := "r_"+out[0].c.Id, "r_"+out[1].c.Id
				fw := wording.Phrase(f)
				out[1].figures = append(out[1].figures,
					figure{key: "combined " + fw, python: fmt.Sprintf("round((fig(%s, %q) or 0) + (fig(%s, %q) or 0), 2)", a, f, c, f)},
					figure{key: "difference in " + fw, python: fmt.Sprintf("round(abs((fig(%s, %q) or 0) - (fig(%s, %q) or 0)), 2)", a, f, c, f)})
				out[1].also = "the combined " + fw + " and the difference between the two"
				break
			}
		}
	}
	return out
}

// totalledWhat says what is computed over a quantity fw of a list of
// items: its total and average — a reading's total means nothing, so its
// average and highest. A quantity that is itself a total (an order's
// "total") is summed, not totalled: "the sum and average of the order
// totals", never "the total and average total of the orders".
//
// A count is said as the things counted per item ("the total and average
// number of comments per result", not "comments count of the results"),
// a measure without its unit ("size", not "size bytes").
func totalledWhat(fw, items string, averaged bool) string {
	if things := wording.CountOf(strings.ReplaceAll(fw, " ", "_")); things != "" && !isTotal(fw) {
		per := " per " + wording.Singular(items)
		if averaged {
			return "the average and highest number of " + things + per
		}
		return "the total and average number of " + things + per
	}
	if u := wording.Unitless(fw); u != fw {
		fw = strings.TrimSuffix(strings.TrimSuffix(u, " in"), " of") // "attendance time in seconds": "attendance time"
	}
	switch {
	case averaged:
		return "the average and highest " + fw + " of the " + items
	case isTotal(fw):
		return "the sum and average of the " + ownedBy(fw, items)
	}
	return "the total and average " + fw + " of the " + items
}

// sumOf names the sum of quantity fw over a list: "total price", but "sum
// of the totals" for a quantity that is a total.
func sumOf(fw string) string {
	if isTotal(fw) {
		return "sum of the " + wording.Plural(fw)
	}
	return "total " + fw
}

func isTotal(fw string) bool {
	return slices.ContainsFunc(strings.Fields(fw), func(w string) bool { return w == "total" || w == "sum" || w == "subtotal" })
}

// ownedBy is quantity fw of each of items in the plural, named by the
// item: "order totals"; "order totals" again for a field "order total".
func ownedBy(fw, items string) string {
	item := wording.Singular(items)
	if strings.HasPrefix(fw, item+" ") {
		return wording.Plural(fw)
	}
	return item + " " + wording.Plural(fw)
}

// valueFigures are the figures of a list of numbers besides how many there
// are: their total
// (or, for readings such as rates and scores, their average), the lowest
// and the highest.
func valueFigures(sh shape, id, rows string, key func(string) string) ([]figure, string) {
	vals := "values(" + rows + ")"
	where := " FROM " + id + " WHERE typeof(item) IN ('integer', 'real'))"
	var fs []figure
	if sh.averaged {
		fs = append(fs, figure{key: key("average of the " + sh.items), python: "round(sum(" + vals + ") / len(" + vals + "), 2) if " + vals + " else None", sql: "(SELECT round(avg(item), 2)" + where})
	} else {
		fs = append(fs, figure{key: key("total of the " + sh.items), python: "round(sum(" + vals + "), 2)", sql: "(SELECT round(total(item), 2)" + where})
	}
	fs = append(fs,
		figure{key: key("lowest " + wording.Singular(sh.items)), python: "min(" + vals + ") if " + vals + " else None", sql: "(SELECT min(item)" + where},
		figure{key: key("highest " + wording.Singular(sh.items)), python: "max(" + vals + ") if " + vals + " else None", sql: "(SELECT max(item)" + where})
	return fs, "how many " + sh.items + " there are, their " + map[bool]string{false: "total", true: "average"}[sh.averaged] + ", and the lowest and highest"
}

// textFigures are the figures of a whole-text result: a listing's files and
// folders, a search's matching paths, a document's words and lines; what
// says them in one of three wordings.
func textFigures(sh shape, v string, key func(string) string, variant int) ([]figure, string) {
	switch sh.kind {
	case shapeListing:
		files, dirs := fmt.Sprintf("listed(%s, %q, \"[FILE]\")", v, sh.text), fmt.Sprintf("listed(%s, %q, \"[DIR]\")", v, sh.text)
		return []figure{
				{key: key("number of files"), python: "len(" + files + ")"},
				{key: key("number of folders"), python: "len(" + dirs + ")"},
				{key: key("files by extension"), python: "by_ext(" + files + ")"}},
			[]string{"how many files and folders there are and how many files of each type", "how many files and folders it holds, and the files by extension", "the number of files and folders, with the files counted by type"}[variant]
	case shapeMatches:
		paths := fmt.Sprintf("paths(%s, %q)", v, sh.text)
		return []figure{
				{key: key("number of matches"), python: "len(" + paths + ")"},
				{key: key("matches by extension"), python: "by_ext(" + paths + ")"}},
			[]string{"how many paths matched and of which file types", "how many matches there are, counted by file type", "the number of matching paths and their file types"}[variant]
	}
	txt := fmt.Sprintf("text(%s, %q)", v, sh.text)
	n := sh.noun
	fs := []figure{
		{key: key("words in the " + n), python: "len(" + txt + ".split())"},
		{key: key("lines in the " + n), python: "len(" + txt + ".splitlines())"}}
	if n == "files" {
		return fs, []string{"how many words and lines the files have in all", "the files' word and line count together", "how long the files are in words and lines, all told"}[variant]
	}
	return fs, []string{"how many words and lines the " + n + " has", "the " + n + "'s word and line count", "how long the " + n + " is in words and lines"}[variant]
}

func pyList(xs []string) string {
	var q []string
	for _, x := range xs {
		q = append(q, fmt.Sprintf("%q", x))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func stepsWhat(sts []step) string {
	var whats []string
	for _, st := range sts {
		for _, w := range []string{st.what, st.also} {
			if w != "" && !slices.Contains(whats, w) {
				whats = append(whats, w)
			}
		}
	}
	if len(whats) == 0 {
		return "a summary of the results"
	}
	return strings.Join(whats, "; ")
}

// mutates reports whether a tool changes something (creates, deletes,
// moves, edits) rather than reads it.
func mutates(tool string) bool {
	if catalog.Creates(tool) || catalog.Deletes(tool) {
		return true
	}
	ws := ident.Words(tool)
	if len(ws) == 0 {
		return false
	}
	switch ws[0] {
	case "move", "rename", "edit", "update", "set", "copy", "mkdir", "patch", "put", "append", "replace", "make":
		return true
	}
	return false
}

// pathNoun is the part of a tool's name that names what it returns. A name
// made from an HTTP path ("organisations.partyId.addresses.get") names it
// in its last segment that is neither the method nor a path parameter
// ("addresses"), nor one saying whose they are ("my"); other names are
// whole.
func pathNoun(tool string) string {
	segs := strings.Split(tool, ".")
	for i := len(segs) - 1; i > 0; i-- {
		s := segs[i]
		l := strings.ToLower(s)
		switch {
		case s == "", httpMethods[l], strings.HasSuffix(s, "Id"), strings.HasSuffix(l, "_id"), l == "id", whose[l]:
			continue
		}
		return s
	}
	// "filter.my.get": the first segment, when every later one is
	// skipped, names what comes back.
	if len(segs) > 1 && segs[0] != "" && !httpMethods[strings.ToLower(segs[0])] {
		return segs[0]
	}
	return tool
}

// whose are path segments that say whose things are meant, not what they
// are ("filter.my.get" returns the caller's filters, not "mies").
var whose = map[string]bool{"my": true, "me": true, "mine": true, "self": true, "current": true, "own": true}

var httpMethods = map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true}
