package planner

import (
	"fmt"
	"strings"
	"text/template"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// The programs are written from templates with <% %> as delimiters: both
// languages' text holds {{cN}} placeholders (call cN's output, filled in at
// rollout time) and braces of its own.
var (
	// The Python helpers read results defensively: a field an output lacks
	// counts as absent, never as an error.
	pythonTemplate = template.Must(template.New("python").Delims("<%", "%>").Parse(`# <% .What %>
import json

def rows(doc, key):
    v = doc if key == "" else (doc.get(key) if isinstance(doc, dict) else None)
    return v if isinstance(v, list) else []

def nums(rs, field):
    return [x[field] for x in rs if isinstance(x, dict) and isinstance(x.get(field), (int, float)) and not isinstance(x.get(field), bool)]

def top(rs, field, label):
    best = [x for x in rs if isinstance(x, dict) and isinstance(x.get(field), (int, float)) and not isinstance(x.get(field), bool)]
    return max(best, key=lambda x: x[field]).get(label) if best else None

def values(rs):
    return [x for x in rs if isinstance(x, (int, float)) and not isinstance(x, bool)]

def fig(doc, key):
    v = doc.get(key) if isinstance(doc, dict) else None
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

def text(doc, key):
    v = doc.get(key) if isinstance(doc, dict) else None
    return v if isinstance(v, str) else ""

def listed(doc, key, tag):
    return [l[len(tag):].split()[0] for l in text(doc, key).splitlines() if l.startswith(tag) and l[len(tag):].split()]

def paths(doc, key):
    return [l.strip() for l in text(doc, key).splitlines() if l.strip().startswith("/")]

def by_ext(names):
    exts = [n.rsplit("/", 1)[-1].rsplit(".", 1)[1].lower() if "." in n.rsplit("/", 1)[-1].strip(".") else "(none)" for n in names]
    return {e: exts.count(e) for e in sorted(set(exts))}

def largest(doc, keys):
    have = [(fig(doc, k), k) for k in keys if fig(doc, k) is not None]
    return max(have)[1].replace("_", " ") if have else None

<% range .Calls %>r_<% .ID %> = json.loads(r'''{{<% .ID %>}}''')  # output of <% .Tool %>
<% end %>
out = {}
<% range .Figures %>out[<% printf "%q" .Key %>] = <% .Expr %>
<% end %>print(json.dumps(out))
`))

	// Each list of records becomes a table read with json_each from the
	// output pasted in as a string literal (quotes doubled at rollout time),
	// and one query selects the figures as one JSON object.
	sqlTemplate = template.Must(template.New("sql").Delims("<%", "%>").Parse(`-- <% .What %>
<% range .Calls %>CREATE TABLE <% .ID %> AS SELECT value AS item FROM json_each('{{<% .ID %>}}'<% if .List %>, '$."<% .List %>"'<% end %>);
<% end %>SELECT json_object(<% range $i, $f := .Figures %><% if $i %>, <% end %>'<% $f.Key %>', <% $f.Expr %><% end %>);
`))
)

// programText is what a program template writes from.
type programText struct {
	What    string
	Calls   []programCall
	Figures []programFigure
}

type programCall struct {
	ID, Tool string
	// List is the key of the output's list of records ("" for a bare list).
	List string
}

type programFigure struct{ Key, Expr string }

// program writes the Python the assistant is expected to run.
func (b *builder) program(res []*blueprintv1.PlannedCall) (program, what string) {
	sts := b.steps(res)
	p := programText{What: stepsWhat(sts)}
	for _, c := range res {
		p.Calls = append(p.Calls, programCall{ID: c.Id, Tool: c.ToolName})
	}
	for _, st := range sts {
		for _, f := range st.figures {
			p.Figures = append(p.Figures, programFigure{Key: f.key, Expr: f.python})
		}
	}
	return render(pythonTemplate, p), p.What
}

// sqlProgram writes the SQL the assistant is expected to run when every
// result is a list of records and every figure has an SQL expression: the
// same figures the Python program prints.
func (b *builder) sqlProgram(res []*blueprintv1.PlannedCall) (program, what string, ok bool) {
	sts := b.steps(res)
	p := programText{What: stepsWhat(sts)}
	for _, st := range sts {
		if st.sh.kind != shapeList {
			return "", "", false
		}
		p.Calls = append(p.Calls, programCall{ID: st.c.Id, Tool: st.c.ToolName, List: st.sh.list})
		for _, f := range st.figures {
			if f.sql == "" {
				return "", "", false
			}
			p.Figures = append(p.Figures, programFigure{Key: f.key, Expr: f.sql})
		}
	}
	return render(sqlTemplate, p), p.What, true
}

// render executes a program template. The templates are fixed and their
// data plain strings, so a failure is a defect in a template.
func render(t *template.Template, data programText) string {
	var sb strings.Builder
	if err := t.Execute(&sb, data); err != nil {
		panic(fmt.Sprintf("planner: the %s program template: %v", t.Name(), err))
	}
	return sb.String()
}
