package sim

import (
	"fmt"
	"strings"
)

// naturalName names a thing that has a form of name of its own: an
// address is "Home" or "Office", an image a file, a security advisory a
// title saying what is broken where. It reports false for other things.
func (v *Values) naturalName(n string) (string, bool) {
	switch {
	case hasAny(n, "address", "location", "place"):
		return v.pick([]string{"Home", "Office", "Billing", "Shipping", "Work", "Warehouse"}), true
	case hasAny(n, "thumbnail", "avatar", "image", "photo", "picture", "preview", "icon", "logo", "media", "attachment"):
		stem := strings.ToLower(strings.ReplaceAll(v.f.NounCommon(), " ", "-"))
		return fmt.Sprintf("%s-%d.%s", stem, 100+v.r.IntN(900), v.pick([]string{"jpg", "png", "webp"})), true
	case hasAny(n, "cve", "advisory", "vulnerability", "vuln", "exploit"):
		// Not "detection" or "finding": a classifier's detection or an
		// audit's finding is no security advisory.
		return v.pick(vulnProducts) + " " + v.pick(vulnFlaws) + " in " + v.pick(vulnParts), true
	case hasAny(n, "language"):
		return v.pick([]string{"English", "Spanish", "Portuguese", "French", "German", "Japanese", "Italian", "Dutch"}), true
	case hasAny(n, "lexeme", "word", "term"):
		return strings.ToLower(v.f.Noun()), true
	case hasAny(n, "country"):
		return v.here(false).country, true
	case hasAny(n, "region", "state"):
		return v.here(false).state, true
	case hasAny(n, "airport"):
		return v.here(false).city + " International Airport", true
	case hasAny(n, "task", "subtask", "todo", "ticket", "issue", "reminder"):
		return v.title(field{noun: "task"}), true // a task is named by what is to be done
	case hasAny(n, "stage"):
		return v.pick([]string{"prod", "staging", "dev", "test", "beta", "v1"}), true // an API's deployment stage
	case hasAny(n, "runway"):
		return fmt.Sprintf("%02d%s", 1+v.r.IntN(36), v.pick([]string{"L", "R", "C", ""})), true
	case hasAny(n, "memory", "note"):
		return v.pick([]string{"Coffee order", "Trip preferences", "Project deadlines", "Gym schedule", "Gift ideas", "Dietary needs", "Parking spot"}), true
	case hasAny(n, "item", "product", "grocery") && v.groceries():
		return v.pick(ingredients), true // a grocery list's item is food, not a "Rust-Proof Furnace"
	case hasAny(n, "product", "line", "item", "sku", "listing", "offer", "deal"):
		return v.f.ProductName(), true
	case hasAny(n, "account"):
		// Named by what it is for, as banks show them: not "Business
		// account", which only restates the field.
		return v.pick([]string{"Everyday checking", "Business checking", "Joint savings", "Holiday fund", "Emergency savings", "Main checking", "Bills"}), true
	case hasAny(n, "feature"):
		return v.pick([]string{"Dark mode", "Offline sync", "Two-factor sign-in", "CSV export", "Shared calendars", "Saved searches"}), true
	case hasAny(n, "food", "dish", "meal", "recipe"):
		return v.f.Lunch(), true
	}
	if name, ok := v.workName(n); ok {
		return name, true
	}
	if name, ok := v.describedName(n); ok {
		return name, true
	}
	return v.labelName(n)
}

// describedName names the things that are named by what they are about or
// who they are, not given a codename: a rule by what it does, an OVAL
// definition by the flaw, an artist, an ingredient, a diagnosis, a
// contact's phone by what it is for. It reports false for other things.
func (v *Values) describedName(n string) (string, bool) {
	switch {
	case hasAny(n, "definition", "signature", "finding", "control", "benchmark", "check") && v.aboutSecurity():
		return v.securityTitle(n), true // an OVAL definition, an audit's control: what it is about
	case hasAny(n, "rule", "alert", "alarm", "guideline", "requirement", "recommendation"):
		if v.aboutSecurity() {
			return v.pick(controlTitles), true
		}
		return v.ruleTitle(), true // named by what it does, as people name their rules
	case hasAny(n, "shared_with", "shared_to", "visible_to", "assigned_to", "sent_to", "invited", "cc", "bcc") || strings.HasSuffix(n, "_by"):
		return v.f.FirstName() + " " + v.f.LastName(), true // whom a feed is shared with, who created it: people
	case hasAny(n, "artist", "band", "singer", "musician", "performer", "composer"):
		return v.f.SongArtist(), true
	case hasAny(n, "ingredient"):
		return v.pick(ingredients), true
	case hasAny(n, "step", "instruction") && v.cooks():
		return v.pick(cookingSteps), true
	case hasAny(n, "condition", "diagnosis", "disease", "symptom", "illness") && v.aboutHealth():
		return v.pick(conditions), true
	}
	return "", false
}

// labelName names the things a closed set of labels names: a browser, a
// licence, a tax, a contact's phone by its use, a frequency, a tier, a
// keystore's entry by its alias, a build's artifact as a file.
func (v *Values) labelName(n string) (string, bool) {
	switch {
	case n == "link" || n == "links" || n == "self" || n == "related" || n == "alternate" || n == "canonical":
		return v.pick([]string{"latest", "primary", "en", "v2", "download", "preview"}), true // a HAL link's secondary key
	case hasAny(n, "browser"):
		return v.pick([]string{"Chrome", "Firefox", "Safari", "Edge", "Opera"}), true
	case hasAny(n, "licence", "license") && !hasAny(n, "driver", "driving"):
		return v.pick([]string{"MIT License", "Apache License 2.0", "GNU GPL v3", "BSD 3-Clause", "CC BY 4.0", "Mozilla Public License 2.0"}), true
	case hasAny(n, "tax", "vat"):
		return v.pick([]string{"VAT", "Sales tax", "GST", "City tax", "State sales tax"}), true
	case hasAny(n, "discount", "coupon", "voucher"):
		return v.pick([]string{"Summer sale", "Loyalty discount", "First order 10% off", "Black Friday", "Student discount", "Bulk order discount"}), true
	case hasAny(n, "messenger"):
		return v.pick([]string{"WhatsApp", "Telegram", "Signal", "Skype", "Viber"}), true
	case hasAny(n, "phone", "website"):
		return v.pick([]string{"Work", "Home", "Mobile", "Personal", "Main"}), true // a contact's phone or site, by what it is for
	case hasAny(n, "chain", "alias", "certificate", "cert") && strings.Contains(v.subj.text, "keystore"):
		return v.pick([]string{"server-cert", "root-ca", "intermediate-ca", "saml-signing", "client-auth", "api-gateway-tls"}), true // a keystore's entries by their alias
	case hasAny(n, "frequency", "recurrence"):
		return v.pick([]string{"Daily", "Weekly", "Monthly", "Quarterly", "Yearly"}), true
	case hasAny(n, "privacy", "visibility"):
		return v.pick([]string{"Public", "Private", "Unlisted", "Friends only"}), true
	case hasAny(n, "priority", "severity"):
		return v.pick([]string{"High", "Medium", "Low", "Critical"}), true
	case hasAny(n, "tier"):
		return v.pick([]string{"Free", "Basic", "Pro", "Enterprise", "Gold", "Silver"}), true
	case hasAny(n, "artifact", "artefact"):
		return v.fileName(field{}), true // a build's or a contribution's artifact is a file
	case hasAny(n, "notebook"):
		return v.pick([]string{"Meeting notes", "Research", "Recipes", "Travel plans", "Reading list", "Work journal"}), true
	}
	return "", false
}

// aboutSecurity reports whether the tool speaks of vulnerabilities,
// advisories or compliance.
func (v *Values) aboutSecurity() bool {
	for _, w := range []string{"security", "vulnerab", "cve", "oval", "advisor", "exploit", "malware", "threat", "compliance", "audit", "cvrf"} {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}

// securityTitle names an OVAL definition, a scanner's signature or
// finding, or an audit's control or benchmark by what it is about.
func (v *Values) securityTitle(n string) string {
	if hasAny(n, "control", "benchmark", "check") {
		return v.pick(controlTitles)
	}
	return v.pick(vulnProducts) + " " + v.pick(vulnFlaws) + " in " + v.pick(vulnParts)
}

// ruleTitle names a rule or an alert by what it does, in the terms of
// what the tool watches: a device's readings, a system's load, a shop's
// orders, a mailbox.
func (v *Values) ruleTitle() string {
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(v.subj.text, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("backup", "snapshot"):
		return v.pick([]string{"Daily backups", "Weekly full backup", "Monthly archive", "Hourly snapshots", "Keep backups for 35 days"})
	case has("dweet", "iot", "sensor", "device", "thing"):
		return v.pick([]string{fmt.Sprintf("Temperature above %d°C", v.pick2(30, 35, 40)), fmt.Sprintf("Battery below %d%%", v.pick2(10, 15, 20)),
			"Door left open", "Device offline for 10 minutes", fmt.Sprintf("Humidity over %d%%", v.pick2(70, 80))})
	case has("server", "cpu", "monitor", "metric", "cloud", "cluster", "log", "uptime"):
		return v.pick([]string{fmt.Sprintf("Alert when CPU stays above %d%%", v.pick2(80, 90, 95)), fmt.Sprintf("Disk space below %d%%", v.pick2(5, 10, 15)),
			"Error rate above 5% for 5 minutes", "Endpoint down for 2 checks", "Memory usage over 85%"})
	case has("mail", "message", "inbox", "email"):
		return v.pick([]string{"Move newsletters to Reading", "Archive messages older than a year", "Flag mail from my manager", "Forward invoices to accounting"})
	case has("ticket", "support", "helpdesk", "case"):
		return v.pick([]string{fmt.Sprintf("Escalate tickets open longer than %d hours", v.pick2(24, 48, 72)), "Route VIP customers to the priority queue",
			"Auto-close solved tickets after 7 days", "Assign billing questions to Finance"})
	}
	return v.pick([]string{
		fmt.Sprintf("Flag orders over $%d for review", v.pick2(500, 1000, 2500)),
		"Require approval for refunds",
		"Notify the owner when a deal closes",
		"Tag invoices from new vendors",
		"Block sign-ins from unrecognised countries",
	})
}

// workName names the things a CRM or a diary keeps as they are: a
// food diary's entries are foods and its units measures, a meeting has a
// meeting's title, a lead is someone to sell to.
func (v *Values) workName(n string) (string, bool) {
	switch {
	case hasAny(n, "recent", "favorite", "favourite", "frequent", "log", "entry") && v.cooks():
		return v.f.Lunch(), true
	case hasAny(n, "unit", "measure", "measurement", "serving") && v.cooks():
		return v.pick([]string{"cup", "gram", "ounce", "tablespoon", "teaspoon", "slice", "serving", "fl oz"}), true
	case hasAny(n, "meeting", "appointment", "webinar"):
		return v.meetingTitle(), true
	case hasAny(n, "lead", "prospect"):
		if v.personParty() {
			return v.f.FirstName() + " " + v.f.LastName(), true
		}
		return v.f.Company(), true
	}
	return "", false
}

// groceries reports whether the tool keeps a grocery or shopping list.
func (v *Values) groceries() bool {
	return strings.Contains(v.subj.text, "grocer") || strings.Contains(v.subj.text, "shopping list")
}

// ruleSlug names a cloud's rule by what it does, as its users write
// names there: a backup plan's by its schedule, an approval rule by what
// it requires, another by what it flags or keeps.
func (v *Values) ruleSlug() string {
	switch {
	case strings.Contains(v.subj.text, "backup"):
		return v.pick([]string{"daily-backups", "weekly-full-backup", "monthly-archive", "hourly-snapshots", "keep-35-days"})
	case strings.Contains(v.subj.text, "approval") || strings.Contains(v.subj.text, "pull request"):
		return v.pick([]string{"require-two-approvals", "lead-approval", "security-review", "main-branch-approvers"})
	}
	return v.pick([]string{"ignore-trusted-accounts", "archive-test-buckets", "block-public-access", "high-cpu-alarm", "flag-open-ports",
		"known-partner-access", "error-rate-alarm"})
}

// cooks reports whether the tool speaks of recipes or cooking.
func (v *Values) cooks() bool {
	for _, w := range []string{"recipe", "cook", "ingredient", "meal", "dish", "food"} {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}

// aboutHealth reports whether the tool speaks of patients, symptoms or
// diagnoses.
func (v *Values) aboutHealth() bool {
	for _, w := range []string{"health", "medical", "symptom", "diagnos", "patient", "clinic", "disease", "doctor", "triage"} {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}

var (
	// controlTitles are the titles audits give their controls.
	controlTitles = []string{"Ensure MFA is enabled for the root account", "Ensure SSH root login is disabled",
		"Ensure passwords expire within 90 days", "Ensure audit logging is enabled in all regions", "Ensure storage volumes are encrypted",
		"Ensure unused credentials are disabled", "Restrict inbound traffic to port 22"}
	ingredients = []string{"plain flour", "caster sugar", "unsalted butter", "eggs", "olive oil", "garlic", "red onion", "chopped tomatoes",
		"fresh basil", "sea salt", "whole milk", "basmati rice", "chicken breast", "lemon juice", "grated parmesan"}
	cookingSteps = []string{"Preheat the oven to 200°C.", "Whisk the eggs and sugar until pale.", "Fry the onion and garlic for 5 minutes.",
		"Simmer for 20 minutes, stirring now and then.", "Season with salt and pepper.", "Bake for 25 minutes until golden.",
		"Chop the vegetables into small pieces."}
	conditions = []string{"Migraine", "Hypertension", "Type 2 diabetes", "Influenza", "Asthma", "Gastroenteritis", "Seasonal allergies",
		"Tension headache", "Sinusitis", "Common cold"}
)

// deptThings are the kinds of things a line of work has its own of ("Payroll
// settings", "Support notification"); others are not named by a department.
var deptThings = []string{"type", "setting", "settings", "config", "configuration", "notification", "assignment", "interval", "policy",
	"budget", "report", "template", "subscription", "batch", "workflow", "schedule", "form", "feed", "broadcast", "rule", "trigger",
	"submission", "activity", "analysis", "project", "bundle", "usage", "queue", "category", "rate", "code", "calendar",
	"checklist", "task", "goal", "metric", "dashboard", "survey", "process", "procedure", "request", "ticket", "budget"}

// plainName names a thing no form of name is known for as people name
// such things, two plain words ("Quiet harbour"), not a qualifier before
// the field's own noun ("Main line" says nothing).
func (v *Values) plainName() string {
	return v.pick(nameWords) + " " + v.pick(nameNouns)
}

// nameWords and nameNouns make the names people give things they have no
// better name for: codenames of plain, kind words ("Silver maple").
var (
	nameWords = []string{"Silver", "Blue", "Quiet", "North", "Green", "Bright", "Amber", "Cedar", "Coral", "Granite", "Willow", "Golden", "Misty", "Stone"}
	nameNouns = []string{"falcon", "river", "maple", "lantern", "meadow", "orchard", "compass", "harbour", "summit", "ridge", "beacon", "grove", "canyon", "heron"}
)

// Security advisories name the product, the flaw and the part it is in.
var (
	vulnProducts = []string{"OpenSSL", "Apache HTTP Server", "nginx", "OpenSSH", "libxml2", "curl", "Log4j", "glibc", "PostgreSQL", "Jenkins"}
	vulnFlaws    = []string{"buffer overflow", "use-after-free", "SQL injection", "path traversal", "denial of service", "integer overflow", "cross-site scripting", "privilege escalation"}
	vulnParts    = []string{"X.509 certificate parsing", "the HTTP/2 handler", "the authentication module", "TLS handshake", "the request parser", "the admin console", "DNS resolution", "the file upload handler"}
)

// habitualName names the things whose users follow one habit in naming
// them, whatever the service: a repository or a package in a slug, a
// dataset or a table in snake case, an attribute or a parameter by the
// property it holds, an entry of a file store as a file, a sports team by
// its town and nickname. It reports false for other things.
func (v *Values) habitualName(n string) (string, bool) {
	switch {
	case hasAny(n, "repository", "repo", "package", "library", "module", "plugin", "npm"):
		return v.slug(), true
	case hasAny(n, "dataset", "table", "data_set", "view", "schema"):
		return v.pick([]string{"customer", "sales", "web", "order", "inventory", "marketing", "support"}) + "_" +
			v.pick([]string{"events", "orders", "sessions", "daily", "2024", "monthly", "raw", "summary"}), true
	case hasAny(n, "attribute", "argument", "parameter", "param", "property", "field", "variable", "header", "option", "setting"):
		return v.pick([]string{"color", "size", "material", "weight", "email", "page", "currency", "region", "timeout", "format"}), true
	case hasAny(n, "resource", "entry", "object", "item", "node") && v.onFileStore():
		return v.fileName(field{}), true
	case hasAny(n, "team", "club", "franchise") && v.aboutSport():
		return v.f.City() + " " + v.pick([]string{"Hawks", "Rovers", "United", "Tigers", "Comets", "Pioneers", "Wolves", "Falcons"}), true
	case hasAny(n, "campaign", "promotion"):
		return v.pick([]string{"Spring", "Summer", "Back to School", "Black Friday", "Holiday", "New Year"}) + " " +
			v.pick([]string{"sale", "launch", "newsletter", "retargeting", "promo"}) + " " + fmt.Sprint(2024+v.r.IntN(3)), true
	}
	return "", false
}

// onFileStore reports whether the tool keeps files and folders.
func (v *Values) onFileStore() bool {
	return strings.Contains(v.subj.text, "file") || strings.Contains(v.subj.text, "folder")
}

// aboutSport reports whether the tool speaks of games, players or leagues.
func (v *Values) aboutSport() bool {
	for _, w := range []string{"game", "player", "league", "season", "score", "match", "fantasy", "team stat", "win probabilit",
		"football", "basketball", "baseball", "hockey", "soccer", "ncaa", "sp+ rating", "betting"} {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}

// compoundName names a thing of a two-word kind by its last word, which
// says what it is ("inventory_item" is an item, a product), else as a line
// of work names its own ("leave_type": "Payroll leave type"), not with a
// slug as a cloud resource is named.
func (v *Values) compoundName(n string) string {
	last := n[strings.LastIndexByte(n, '_')+1:]
	if name, ok := v.habitualName(last); ok {
		return name
	}
	if name, ok := v.naturalName(last); ok {
		return name
	}
	switch {
	case personNouns[last]:
		return v.f.FirstName() + " " + v.f.LastName()
	case companyNouns[last]:
		return v.f.Company()
	}
	return v.otherThingName(n)
}

// keyValueStore reports whether the tool keeps values under keys of its
// users' choosing: a memory, a cache, a preferences store.
func (v *Values) keyValueStore() bool {
	for _, w := range []string{"memory", "key-value", "key value", "cache", "preference", "kv store"} {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}
