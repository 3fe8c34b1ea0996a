package sim

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// FileBody is the text of the file at p as a person keeps such a file: a
// CSV of the rows its name promises, a Markdown page with headings and a
// list, a JSON or YAML config, a Python module, a log. The extension picks
// the form and the file's stem ("q3_budget_march") its subject, so
// budget.csv holds amounts and contacts.json holds people. Deterministic
// for the Values' stream.
func (v *Values) FileBody(p string) string {
	base := path.Base(p)
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(base), "."))
	stem := v.stemOf(strings.TrimSuffix(base, path.Ext(base)))
	title := capital(strings.ReplaceAll(strings.TrimSuffix(base, path.Ext(base)), "_", " "))
	switch ext {
	case "csv", "tsv", "xlsx", "xls":
		body := v.csvBody(stem)
		if ext == "tsv" {
			body = strings.ReplaceAll(body, ",", "\t")
		}
		return body
	case "json":
		return v.jsonBody(stem, title)
	case "yaml", "yml", "toml", "ini", "env", "conf", "cfg":
		return v.configBody(ext)
	case "py":
		return v.pythonBody(stem)
	case "js", "ts", "go", "rs", "java", "sh":
		return v.scriptBody(ext, stem)
	case "log":
		return v.logBody()
	case "html", "htm", "xml":
		return v.htmlBody(title, stem, ext)
	case "md", "markdown":
		return v.markdownBody(title, stem)
	}
	// txt, pdf, docx, rtf and anything else read as text: plain lines.
	return strings.ReplaceAll(strings.ReplaceAll(v.markdownBody(title, stem), "## ", ""), "# ", "")
}

// stemOf is the file-stem word that says what the file holds.
func (v *Values) stemOf(name string) string {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '_' || r == '-' || r == ' ' || r == '.' }) {
		for _, s := range fileStems {
			if w == s || strings.TrimSuffix(w, "s") == s {
				return s
			}
		}
	}
	return "notes"
}

func (v *Values) money() string { return fmt.Sprintf("%d.%02d", 20+v.r.IntN(4800), v.r.IntN(100)) }

func (v *Values) day() string {
	return fmt.Sprintf("2025-%02d-%02d", 1+v.r.IntN(12), 1+v.r.IntN(28))
}

func (v *Values) csvBody(stem string) string {
	var header string
	var row func() string
	switch stem {
	case "contacts", "resume":
		header = "name,email,phone,company"
		row = func() string {
			first, last := v.f.FirstName(), v.f.LastName()
			return fmt.Sprintf("%s %s,%s.%s@%s,%s,%s", first, last, strings.ToLower(first), strings.ToLower(last), v.f.DomainName(), v.f.Phone(), strings.ReplaceAll(v.f.Company(), ",", ""))
		}
	case "inventory":
		header = "sku,item,quantity,unit_price"
		row = func() string {
			return fmt.Sprintf("%s-%04d,%s,%d,%s", strings.ToUpper(v.f.Letter()+v.f.Letter()), v.r.IntN(10000), strings.ToLower(v.f.ProductName()), v.r.IntN(400), v.money())
		}
	case "schedule", "timeline", "plan", "roadmap", "checklist", "todo":
		// A schedule runs in date order: what is past is done, the next
		// item is under way, the rest planned.
		n := 4 + v.r.IntN(6)
		days := make([]string, n)
		for i := range days {
			days[i] = v.day()
		}
		slices.Sort(days)
		lines := []string{"date,task,owner,status"}
		current := v.r.IntN(n)
		for i, d := range days {
			status := "planned"
			switch {
			case i < current:
				status = "done"
			case i == current:
				status = "in progress"
			}
			lines = append(lines, fmt.Sprintf("%s,%s,%s,%s", d, strings.ReplaceAll(v.task(), ",", ""), v.f.FirstName(), status))
		}
		return strings.Join(lines, "\n") + "\n"
	case "budget", "expenses", "invoice", "results", "analysis", "report", "summary":
		header = "date,category,description,amount"
		row = func() string {
			return fmt.Sprintf("%s,%s,%s,%s", v.day(), v.pick([]string{"travel", "software", "office", "marketing", "payroll", "hardware", "training"}), strings.ReplaceAll(v.f.ProductName(), ",", ""), v.money())
		}
	default:
		// A sheet of figures someone keeps: each a measure of the work
		// with its value, not a random noun and number.
		header = "metric,value,updated"
		metrics := slices.Clone(sheetMetrics)
		v.r.Shuffle(len(metrics), func(i, j int) { metrics[i], metrics[j] = metrics[j], metrics[i] })
		k := 0
		row = func() string {
			m := metrics[k%len(metrics)]
			k++
			return fmt.Sprintf("%s,%d,%s", m.name, m.lo+v.r.IntN(m.hi-m.lo+1), v.day())
		}
	}
	lines := []string{header}
	for range 4 + v.r.IntN(6) {
		lines = append(lines, row())
	}
	return strings.Join(lines, "\n") + "\n"
}

func (v *Values) jsonBody(stem, title string) string {
	var doc any
	switch stem {
	case "config", "backup":
		doc = map[string]any{"name": v.slug(), "version": fmt.Sprintf("%d.%d.%d", 1+v.r.IntN(3), v.r.IntN(12), v.r.IntN(10)),
			"port": v.pick2(3000, 8000, 8080, 5432, 9090), "debug": v.r.IntN(2) == 0, "log_level": v.pick([]string{"info", "debug", "warn"}),
			"database": map[string]any{"host": "localhost", "name": strings.ReplaceAll(v.slug(), "-", "_")}}
	case "contacts":
		var people []any
		for range 2 + v.r.IntN(3) {
			first, last := v.f.FirstName(), v.f.LastName()
			people = append(people, map[string]any{"name": first + " " + last, "email": strings.ToLower(first+"."+last) + "@" + v.f.DomainName()})
		}
		doc = map[string]any{"contacts": people}
	default:
		var items []any
		for range 2 + v.r.IntN(3) {
			items = append(items, map[string]any{"title": v.task(), "owner": v.f.FirstName(), "due": v.day()})
		}
		doc = map[string]any{"title": title, "updated": v.day(), "items": items}
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return string(b) + "\n"
}

func (v *Values) configBody(ext string) string {
	port, level, host := v.pick2(3000, 8000, 8080, 9090), v.pick([]string{"info", "debug", "warn"}), v.f.DomainName()
	switch ext {
	case "toml", "ini", "conf", "cfg":
		return fmt.Sprintf("[server]\nhost = \"%s\"\nport = %d\n\n[logging]\nlevel = \"%s\"\n", host, port, level)
	case "env":
		return fmt.Sprintf("APP_HOST=%s\nAPP_PORT=%d\nLOG_LEVEL=%s\n", host, port, level)
	}
	return fmt.Sprintf("server:\n  host: %s\n  port: %d\nlogging:\n  level: %s\nfeatures:\n  - %s\n  - %s\n", host, port, level, v.slug(), v.slug())
}

func (v *Values) pythonBody(stem string) string {
	fn := strings.ReplaceAll(v.slug(), "-", "_")
	return fmt.Sprintf("\"\"\"Helpers for the %s.\"\"\"\n\nimport csv\n\n\ndef %s(path):\n    with open(path, newline=\"\") as f:\n        rows = list(csv.DictReader(f))\n    return sum(float(r[\"amount\"]) for r in rows)\n\n\nif __name__ == \"__main__\":\n    print(%s(\"%s.csv\"))\n", stem, fn, fn, stem)
}

func (v *Values) scriptBody(ext, stem string) string {
	switch ext {
	case "sh":
		return fmt.Sprintf("#!/usr/bin/env bash\nset -euo pipefail\n\n# Copies the %s to the backup folder.\ncp -r ./%s \"$HOME/backup/%s-$(date +%%F)\"\necho done\n", stem, stem, stem)
	case "go":
		return fmt.Sprintf("package %s\n\n// Total adds up the amounts.\nfunc Total(amounts []float64) float64 {\n\tvar t float64\n\tfor _, a := range amounts {\n\t\tt += a\n\t}\n\treturn t\n}\n", stem)
	}
	return fmt.Sprintf("// %s helpers\nexport function total(items) {\n  return items.reduce((sum, item) => sum + item.amount, 0);\n}\n", capital(stem))
}

// logLines are a service log's messages by level, each with the range its
// number takes: a hit ratio is a percentage, a retry a small count.
var logLines = map[string][]struct {
	text   string
	lo, hi int
}{
	"INFO":  {{"request completed in %d ms", 5, 900}, {"job finished, %d rows written", 10, 50000}, {"connected to database (pool size %d)", 5, 50}},
	"WARN":  {{"slow query took %d ms", 1000, 9000}, {"retrying upload, attempt %d", 2, 5}},
	"ERROR": {{"upstream returned 502 after %d ms", 30, 30000}, {"failed to parse line %d", 2, 5000}},
	"DEBUG": {{"cache hit ratio %d%%", 40, 99}},
}

// logBody is a day's service log: one date, times in order.
func (v *Values) logBody() string {
	var lines []string
	day, h, m := 1+v.r.IntN(28), 8+v.r.IntN(10), v.r.IntN(60)
	for range 5 + v.r.IntN(5) {
		m += 1 + v.r.IntN(7)
		level := v.pick([]string{"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"})
		l := logLines[level][v.r.IntN(len(logLines[level]))]
		n := l.lo + v.r.IntN(l.hi-l.lo+1)
		lines = append(lines, fmt.Sprintf("2025-03-%02d %02d:%02d:%02d %-5s %s", day, h+m/60, m%60, v.r.IntN(60), level, fmt.Sprintf(l.text, n)))
	}
	return strings.Join(lines, "\n") + "\n"
}

func (v *Values) htmlBody(title, stem, ext string) string {
	if ext == "xml" {
		return fmt.Sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s updated=\"%s\">\n  <item owner=\"%s\">%s</item>\n  <item owner=\"%s\">%s</item>\n</%s>\n",
			stem, v.day(), v.f.FirstName(), strings.ToLower(v.f.HackerNoun()), v.f.FirstName(), strings.ToLower(v.f.HackerNoun()), stem)
	}
	return fmt.Sprintf("<!doctype html>\n<html>\n<head><title>%s</title></head>\n<body>\n  <h1>%s</h1>\n  <p>%s</p>\n</body>\n</html>\n", title, title, v.summary(stem))
}

func (v *Values) markdownBody(title, stem string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	switch stem {
	case "minutes":
		fmt.Fprintf(&b, "Date: %s\nAttendees: %s, %s, %s\n\n## Decisions\n- %s\n- %s\n\n## Action items\n- %s: %s by %s\n",
			v.day(), v.f.FirstName(), v.f.FirstName(), v.f.FirstName(), v.decision(), v.decision(), v.f.FirstName(), lowerFirst(v.task()), v.day())
	case "todo", "checklist":
		for range 3 + v.r.IntN(3) {
			fmt.Fprintf(&b, "- [%s] %s\n", v.pick([]string{" ", " ", "x"}), v.task())
		}
	case "letter", "resume":
		// A letter or a CV in someone's files is theirs: they sign it.
		fmt.Fprintf(&b, "Dear %s,\n\n%s\n\nBest regards,\n%s\n", v.f.FirstName(), v.letterBody(), v.User().Name())
	case "readme":
		fmt.Fprintf(&b, "Tools and scripts for the %s.\n\n## Setup\n\n    make install\n\n## Usage\n\n    make run\n", strings.ToLower(v.f.HackerNoun())+" service")
	default:
		fmt.Fprintf(&b, "Owner: %s\nLast updated: %s\n\n## Summary\n%s\n\n## Next steps\n- %s\n- %s\n",
			v.User().Name(), v.day(), v.summary(stem), v.decision(), v.decision())
	}
	return b.String()
}

// task is a piece of work as a to-do list, a schedule or minutes name it
// ("Send the budget to Maria"), not a generator's verb and noun ("decrypt
// circuit").
func (v *Values) task() string {
	stem, who, month := v.pick(fileStems), v.f.FirstName(), v.f.MonthString()
	return v.pick([]string{
		"Send the " + stem + " to " + who,
		"Review the " + stem + " with " + who,
		"Finish the " + stem + " draft",
		"Book the room for the " + month + " review",
		"Collect receipts for " + month,
		"Update the " + stem + " with the " + month + " figures",
		"Call " + who + " about the " + stem,
		"Renew the office insurance",
		"Order new laptops for the team",
		"Prepare the slides for the " + month + " board meeting",
		"Reply to " + who + "'s questions on the " + stem,
		"Archive last year's " + stem + " files",
		"Set up the onboarding for " + who,
		"Confirm the venue for the team offsite",
		"Pay the " + month + " invoices",
		"Back up the shared drive",
		"Check the contract renewal dates",
		"Plan the " + month + " newsletter",
	})
}

func (v *Values) decision() string {
	return v.pick([]string{
		"Move the launch to " + v.f.MonthString(),
		"Keep the budget at " + v.money() + " USD",
		"Hire a second " + strings.ToLower(v.f.JobTitle()),
		"Switch the " + strings.ToLower(v.f.HackerNoun()) + " to the new vendor",
		"Review the " + v.pick(fileStems) + " every " + v.f.WeekDay(),
		"Ask " + v.f.FirstName() + " to own the " + v.pick(fileStems),
	})
}

// Lines keeps the first head or the last tail lines of a text (both zero:
// all of it), as head and tail do.
func Lines(text string, head, tail int) string {
	lines := strings.SplitAfter(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	switch {
	case head > 0 && head < len(lines):
		lines = lines[:head]
	case tail > 0 && tail < len(lines):
		lines = lines[len(lines)-tail:]
	}
	return strings.Join(lines, "")
}

// summary is the opening line of a work document about stem.
func (v *Values) summary(stem string) string {
	pct := 3 + v.r.IntN(25)
	return v.pick([]string{
		fmt.Sprintf("Spending is %d%% under plan so far; travel is the only line over budget.", pct),
		fmt.Sprintf("The %s %s on track; the review moved to %s.", stem, map[bool]string{false: "is", true: "are"}[pluralStem(stem)], v.f.WeekDay()),
		fmt.Sprintf("Sign-ups grew %d%% on last quarter while churn stayed flat.", pct),
		fmt.Sprintf("Two of the five milestones are done; the %s rollout slipped by a week.", strings.ToLower(v.f.HackerNoun())),
		fmt.Sprintf("%s and %s own the open items; everything else is closed.", v.f.FirstName(), v.f.FirstName()),
		fmt.Sprintf("%s collect%s the decisions from the %s planning session.", thisStem(stem), map[bool]string{false: "s"}[pluralStem(stem)], v.f.MonthString()),
	})
}

func (v *Values) letterBody() string {
	return v.pick([]string{
		"Thank you for meeting with us last week. As discussed, I am sending the " + v.pick(fileStems) + " for your review; please let me know if anything is missing.",
		"I am writing to confirm the start date of " + v.f.MonthString() + " " + fmt.Sprint(1+v.r.IntN(28)) + ". The signed contract is attached.",
		"Following our call, I have updated the " + v.pick(fileStems) + " with the figures you asked for. I look forward to your comments.",
	})
}

// pluralStem reports whether a file stem is a plural noun ("minutes",
// "notes"): "these minutes collect", not "this minutes collects".
func pluralStem(stem string) bool {
	switch stem {
	case "notes", "results", "minutes", "contacts", "expenses":
		return true
	}
	return false
}

// thisStem is "This report" or "These minutes".
func thisStem(stem string) string {
	if pluralStem(stem) {
		return "These " + stem
	}
	return "This " + stem
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// sheetMetrics are figures a small team tracks, with plausible ranges.
var sheetMetrics = []struct {
	name   string
	lo, hi int
}{
	{"active users", 120, 4800}, {"new sign-ups", 5, 300}, {"open tickets", 0, 85}, {"tickets closed", 10, 240},
	{"orders shipped", 20, 900}, {"returns", 0, 40}, {"page views", 1500, 90000}, {"newsletter subscribers", 200, 12000},
	{"average response time (min)", 3, 180}, {"invoices sent", 5, 120}, {"invoices overdue", 0, 25}, {"headcount", 4, 60},
}
