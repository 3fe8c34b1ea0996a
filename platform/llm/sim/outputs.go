package sim

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// InferOutput infers the output schema of a tool that declares none, from
// its name, its description and its input schema, with the domain sense an
// API designer would use: a price tool returns a price with its currency
// and time, a list tool the listed things with the fields such things have
// and a total, get_X the X (echoing the id it was asked for), create and
// update the object with its id and status, delete a confirmation, a
// weather tool a temperature, unit and conditions, a file reader the
// file's content. Every property carries a description (and a format
// where one applies) so that the value synthesiser fills it well, and
// names such as ticket_id keep dependency edges forming with the inputs of
// other tools. thing, when not empty, names what the tool returns where
// its name does not (an OpenAPI response left as a bare reference,
// "BrandedFoodObject"); it decides the noun. It returns nil only for a tool
// without a name.
func InferOutput(name, description, thing string, input map[string]any) map[string]any {
	t, ok := readTool(name, description, thing)
	if !ok {
		return nil
	}
	echo := echoed(input)
	var out map[string]any
	for _, r := range outputRules {
		if r.when(t) {
			out = r.output(t)
			break
		}
	}
	// The result restates what it was asked about: the id, the symbol, the
	// city given.
	if p, ok := out["properties"].(map[string]any); ok {
		for k, s := range echo {
			// An id keeps the shape and type the input gives it.
			if _, has := p[k]; !has || strings.HasSuffix(k, "_id") || k == "id" {
				p[k] = s
			}
		}
	}
	return out
}

// toolRead is what InferOutput reads of a tool: the words of its name, the
// verb and the noun they hold, and name and description as one lower-case
// text.
type toolRead struct {
	words      []string
	verb, noun string
	text       string
}

// readTool reads a tool's name, description and the thing its response
// names; false for a tool without a name.
func readTool(name, description, thing string) (toolRead, bool) {
	words := slices.DeleteFunc(ident.Words(name), digitsOnly)
	for i, w := range words {
		if m := datedWord.FindStringSubmatch(w); m != nil {
			words[i] = m[1] // "Policy2020_05_31": a policy
		}
	}
	if len(words) == 0 {
		return toolRead{}, false
	}
	if httpMethodPrefix.MatchString(name) && len(words) > 1 {
		// "GET_DeletePolicy", "POST_CreateOrUpdateTags": how the call
		// travels, then the operation; the operation's verb is the tool's.
		words = words[1:]
	}
	t := toolRead{words: words, noun: nounOf(words)}
	for _, w := range words {
		if outputVerbs[w] {
			t.verb = w
			break
		}
	}
	if n := thingNoun(thing); n != "" {
		t.noun = n
		if (t.verb == "" || t.verb == "get") && listThing(thing) {
			t.verb = "list" // "InvoiceListResponse": the result is a list whatever the name says
		}
	}
	if m := listsAll.FindStringSubmatch(description); m != nil && (t.verb == "" || t.verb == "get" || t.verb == "fetch" || t.verb == "retrieve") {
		// "Returns all content in a Confluence instance": the result is a
		// list whatever the name says, of the things named when they are
		// named in the plural ("all templates" of template.blueprint.get).
		t.verb = "list"
		if w := strings.ToLower(m[1]); pluralWord(w) {
			t.noun = ident.Singular(w)
		}
	}
	if len(description) > 300 {
		description = description[:300] // what a tool does is said first
	}
	t.text = strings.ToLower(strings.Join(words, " ") + " " + description)
	return t, true
}

// listsAll is a description that starts by saying the tool returns all
// (every, a list of) things; its group is the first word naming them.
var listsAll = regexp.MustCompile(`(?i)^\s*(?:<[^>]+>\s*)*(?:returns?|lists?|gets?|retrieves?|fetch(?:es)?)\s+(?:all|every|a list of|the list of|a collection of)\s+(?:the\s+)?([a-z]+)`)

// httpMethodPrefix is an HTTP method written before an operation's name
// ("GET_DescribeStacks", "POST_DeleteTags").
var httpMethodPrefix = regexp.MustCompile(`^(?:GET|POST|PUT|PATCH|DELETE|HEAD)[_ .-]`)

// datedWord is a word an API version's year is written onto.
var datedWord = regexp.MustCompile(`^([a-z]{3,})(?:19|20)\d\d$`)

// digitsOnly reports whether a word of a name is a number: the date of
// an API's version ("DeleteCachePolicy2020_05_31"), no noun.
func digitsOnly(w string) bool {
	return strings.Trim(w, "0123456789") == ""
}

// has reports whether the tool's text matches one of the expressions.
func (t toolRead) has(res ...string) bool {
	for _, r := range res {
		if re, err := compilePattern(r); err == nil && re.MatchString(t.text) {
			return true
		}
	}
	return false
}

// verbIn reports whether the tool's verb is one of verbs.
func (t toolRead) verbIn(verbs ...string) bool { return slices.Contains(verbs, t.verb) }

// outputRule gives the output of the tools it applies to.
type outputRule struct {
	when   func(toolRead) bool
	output func(toolRead) map[string]any
}

// outputRules are tried in order and the first that applies wins: the
// domains whose results have a shape of their own (weather, prices, files)
// before what the verb alone says (list, create, delete).
var outputRules = []outputRule{
	{func(t toolRead) bool { return t.has(`\bweather\b`, `\bforecast\b`) || t.noun == "temperature" },
		func(t toolRead) map[string]any { return weatherOutput(t.text) }},
	{func(t toolRead) bool { return t.has(`exchange rate`, `\bfx\b`, `convert.*currenc`, `currency conver`) }, exchangeRateOutput},
	{func(t toolRead) bool {
		return t.has(`\bprice history\b`, `\bhistorical\b`, `\bcandles?\b`, `\bohlc\b`, `\bchart\b`) && t.has(`price`, `stock`, `quote`, `ticker`, `symbol`, `crypto`)
	}, priceHistoryOutput},
	{func(t toolRead) bool {
		return t.has(`\bprice\b`, `\bquote\b`, `\bstock\b`, `\bticker\b`, `\bshare price\b`, `\bcrypto`) && !t.verbIn("list", "search", "buy", "sell", "place")
	}, quoteOutput},
	{translates, translationOutput},
	{func(t toolRead) bool { return fileReader(t.words, t.verb, t.noun, t.text) }, fileReadOutput},
	{func(t toolRead) bool {
		return t.noun == "file" && t.verbIn("list", "search", "find") || t.words[0] == "ls" || t.has(`list (the )?(files|contents of)`, `\bdirectory listing\b`)
	}, fileListOutput},
	// Pushing files makes a commit.
	{func(t toolRead) bool { return t.verbIn("push", "commit") }, commitOutput},
	{func(t toolRead) bool {
		return t.verbIn("send", "notify", "reply", "email", "sms") || t.verb == "message" && t.noun == ""
	}, sentOutput},
	{func(t toolRead) bool {
		return t.has(`\b(calculat|comput(?:e|es|ed|ing|ation|ations)\b|sum\b|average|mean\b|median|multiply|multiplication|divid|subtract|logarithm|square root|factorial|percentage|power\b|round\b)`) &&
			!t.has(`\b(order|invoice|cart|shipping)\b`) && !t.verbIn(keepingVerbs...)
	}, computedOutput},
	{func(t toolRead) bool { return t.verb == "count" }, countOutput},
	{func(t toolRead) bool {
		return t.verbIn(removalVerbs...)
	}, deletedOutput},
	{func(t toolRead) bool { return t.verbIn("cancel", "stop", "disable", "close") }, stoppedOutput},
	{toolRead.lists, listOutput},
	{func(t toolRead) bool {
		return t.verbIn("create", "add", "new", "register", "book", "schedule", "insert", "submit", "upload", "post", "make", "generate", "open", "reserve")
	}, createdOutput},
	{func(t toolRead) bool {
		return t.verbIn("update", "edit", "modify", "set", "patch", "rename", "move", "assign", "change", "put", "enable", "resolve", "approve")
	}, updatedOutput},
	{func(toolRead) bool { return true }, thingOutput},
}

// lists reports whether the tool lists things: it lists, searches or
// finds, or gets things named in the plural (get_orders).
func (t toolRead) lists() bool {
	return t.verbIn("list", "search", "find", "query", "browse", "filter") ||
		t.verbIn("get", "describe", "fetch", "retrieve") && len(t.words) > 1 && pluralWord(t.words[len(t.words)-1])
}

// keepingVerbs are the verbs of tools that keep, find or change things: a
// tool named by one computes nothing ("CreateComputeEnvironment",
// "ListTagsForResource" of a compute environment), whatever its words.
var keepingVerbs = []string{"create", "add", "new", "register", "insert", "delete", "remove", "destroy", "update", "modify", "edit",
	"put", "patch", "set", "list", "search", "find", "describe", "attach", "detach", "enable", "disable", "start", "stop", "cancel"}

// pluralWord reports whether the last word of get_X names several things
// ("get_orders"), not one that ends in s ("get_status", "get_address").
func pluralWord(w string) bool {
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "tus") && !strings.HasSuffix(w, "is")
}

func exchangeRateOutput(toolRead) map[string]any {
	return object("", props{
		"base_currency":   str("ISO 4217 code of the currency converted from", "", `^[A-Z]{3}$`),
		"target_currency": str("ISO 4217 code of the currency converted to", "", `^[A-Z]{3}$`),
		"rate":            numberIn("Units of the target currency per unit of the base currency", 0.0001, 500),
		"as_of":           str("Time the rate was quoted", "date-time", ""),
	})
}

func priceHistoryOutput(toolRead) map[string]any {
	return object("", props{
		"symbol":   str("Ticker symbol of the instrument", "", ""),
		"currency": str("ISO 4217 currency code of the prices", "", `^[A-Z]{3}$`),
		"prices": list(object("price_point", props{
			"date":   str("Trading day", "date", ""),
			"open":   numberIn("Opening price", 0, 5000),
			"close":  numberIn("Closing price", 0, 5000),
			"high":   numberIn("Highest price of the day", 0, 5000),
			"low":    numberIn("Lowest price of the day", 0, 5000),
			"volume": integerIn("Number of shares traded", 0, 1e9),
		}), 3, 8),
	})
}

func quoteOutput(toolRead) map[string]any {
	return object("", props{
		"symbol":         str("Ticker symbol of the instrument", "", ""),
		"price":          numberIn("Latest price of one unit", 0.01, 5000),
		"currency":       str("ISO 4217 currency code of the price", "", `^[A-Z]{3}$`),
		"change_percent": numberIn("Change since the previous close, in percent", -15, 15),
		"as_of":          str("Time of the quote", "date-time", ""),
	})
}

// translates reports whether the tool translates text: it speaks of
// translating and its name does nothing else to a resource (a translation
// API's operations.cancel cancels).
func translates(t toolRead) bool {
	return t.has(`\btranslat`) && (t.verb == "" || t.verbIn("get", "post", "query", "fetch", "run", "execute", "perform", "do"))
}

func translationOutput(toolRead) map[string]any {
	out := object("", props{
		"translated_text": str("The text in the target language", "", ""),
		"source_language": str("ISO 639-1 code of the detected source language", "", `^[a-z]{2}$`),
		"target_language": str("ISO 639-1 code of the target language", "", `^[a-z]{2}$`),
	})
	out["required"] = []any{"translated_text"} // a translation is its text
	return out
}

func fileReadOutput(toolRead) map[string]any {
	return object("", props{
		"file_name":  str("Name of the file that was read", "", ""),
		"content":    str("Text content of the file", "", ""),
		"size_bytes": integerIn("Size of the file in bytes", 10, 5e6),
	})
}

func fileListOutput(toolRead) map[string]any {
	return object("", props{
		"files": list(entity("file"), 2, 6),
		"path":  str("Directory that was listed", "", ""),
	})
}

func commitOutput(toolRead) map[string]any {
	return object("commit", props{
		"sha":          str("SHA of the new commit", "", `^[0-9a-f]{40}$`),
		"message":      str("Commit message", "", ""),
		"branch":       str("Branch the commit was pushed to", "", ""),
		"committed_at": str("When the commit was made", "date-time", ""),
		"url":          str("Web address of the commit", "uri", ""),
	})
}

func sentOutput(toolRead) map[string]any {
	return object("", props{
		"message_id": str("Identifier of the message that was sent", "", ""),
		"status":     enum("Delivery status of the message", "sent", "queued", "delivered"),
		"sent_at":    str("When the message was sent", "date-time", ""),
	})
}

func computedOutput(toolRead) map[string]any {
	return object("", props{
		"result": numberIn("The computed result", -1e6, 1e6),
	})
}

func countOutput(t toolRead) map[string]any {
	return object("", props{
		"count": integerIn("Number of matching "+plural(nounOr(t.noun, "item")), 0, 500),
	})
}

// deletedOutput confirms a deletion, naming the deleted thing's id.
func deletedOutput(t toolRead) map[string]any {
	p := props{"deleted": {"type": "boolean", "description": "Whether the " + nounOr(t.noun, "item") + " was deleted"}}
	if t.noun != "" {
		p[t.noun+"_id"] = str("Identifier of the deleted "+t.noun, "", "")
	}
	return object("", p)
}

// stoppedOutput is the thing a cancel, stop, disable or close call ended,
// in its new state.
func stoppedOutput(t toolRead) map[string]any {
	n := nounOr(t.noun, "request")
	state := map[string]string{"cancel": "cancelled", "stop": "stopped", "disable": "disabled", "close": "closed"}[t.verb]
	return object(n, props{
		n + "_id":    str("Identifier of the "+words2(n), "", ""),
		"status":     enum("Status of the "+words2(n)+" after the call", state),
		"updated_at": str("When the change took effect", "date-time", ""),
	})
}

// listOutput is a page of the listed things and the total across pages.
func listOutput(t toolRead) map[string]any {
	n := nounOr(t.noun, "item")
	items := entity(n)
	if strings.HasSuffix(n, "_name") {
		items = str(capital(words2(n)), "", "") // "GetDomainNames": the names
	}
	out := object("", props{
		plural(n): list(items, 2, 5),
		"total":   integerIn("Number of matching "+words2(plural(n))+" in all pages", 2, 250),
	})
	out["required"] = []any{plural(n)} // a listing holds its list
	return out
}

// tokenOutput is a token a call issues or checks: the token, its type and
// how long it lasts (one token is no word read with a confidence).
func tokenOutput(t toolRead) map[string]any {
	return object("", props{
		"token":      str("The "+strings.TrimSpace(strings.Join(t.words[1:], " "))+" issued", "", ""),
		"token_type": enum("How the token is presented", "Bearer"),
		"expires_in": integerIn("Seconds the token stays valid", 300, 86400),
	})
}

// createdOutput is the new thing with its id, status and creation time.
func createdOutput(t toolRead) map[string]any {
	n := nounOr(t.noun, "item")
	if n == "token" {
		return tokenOutput(t)
	}
	out := entity(n)
	p := out["properties"].(map[string]any)
	p["status"] = enum("Status of the new "+words2(n), createdStatus(n)...)
	p["created_at"] = str("When the "+words2(n)+" was created", "date-time", "")
	out["required"] = []any{n + "_id", "status"}
	return out
}

// updatedOutput is the changed thing with the time of the change.
func updatedOutput(t toolRead) map[string]any {
	n := nounOr(t.noun, "item")
	out := entity(n)
	p := out["properties"].(map[string]any)
	p["updated_at"] = str("When the "+words2(n)+" was last changed", "date-time", "")
	out["required"] = []any{n + "_id"}
	return out
}

// thingOutput is the thing the tool names, or an outcome where it names
// none.
func thingOutput(t toolRead) map[string]any {
	n := nounOr(t.noun, "")
	if n == "token" {
		return tokenOutput(t)
	}
	if n == "" {
		return object("", props{
			"status": enum("Outcome of the call", "ok", "done"),
			"result": str("What the call returned", "", ""),
		})
	}
	return entity(n)
}

type props map[string]map[string]any

func object(title string, p props) map[string]any {
	m := map[string]any{}
	for k, v := range p {
		m[k] = v
	}
	out := map[string]any{"type": "object", "properties": m}
	if title != "" {
		out["title"] = title
	}
	return out
}

func str(desc, format, pattern string) map[string]any {
	s := map[string]any{"type": "string", "description": desc}
	if format != "" {
		s["format"] = format
	}
	if pattern != "" {
		s["pattern"] = pattern
	}
	return s
}

func enum(desc string, values ...string) map[string]any {
	e := make([]any, len(values))
	for i, v := range values {
		e[i] = v
	}
	return map[string]any{"type": "string", "description": desc, "enum": e}
}

func numberIn(desc string, lo, hi float64) map[string]any {
	return map[string]any{"type": "number", "description": desc, "minimum": lo, "maximum": hi}
}

func integerIn(desc string, lo, hi float64) map[string]any {
	return map[string]any{"type": "integer", "description": desc, "minimum": lo, "maximum": hi}
}

func list(items map[string]any, lo, hi int) map[string]any {
	return map[string]any{"type": "array", "items": items, "minItems": lo, "maxItems": hi}
}

func words2(n string) string { return strings.ReplaceAll(n, "_", " ") }

func nounOr(n, def string) string {
	if n == "" {
		return def
	}
	return n
}

func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "sis"):
		return strings.TrimSuffix(n, "is") + "es" // analysis, analyses
	case strings.HasSuffix(n, "y") && !strings.HasSuffix(n, "ay") && !strings.HasSuffix(n, "ey") && !strings.HasSuffix(n, "oy"):
		return strings.TrimSuffix(n, "y") + "ies"
	case strings.HasSuffix(n, "s") || strings.HasSuffix(n, "x") || strings.HasSuffix(n, "ch") || strings.HasSuffix(n, "sh"):
		return n + "es"
	}
	return n + "s"
}

func createdStatus(n string) []string {
	switch {
	case hasAny(n, "booking", "reservation", "appointment", "flight"):
		return []string{"confirmed", "pending"}
	case hasAny(n, "ticket", "issue", "case", "request"):
		return []string{"open", "new"}
	case hasAny(n, "order"):
		return []string{"processing", "pending"}
	case hasAny(n, "payment", "transfer", "transaction", "invoice"):
		return []string{"pending", "completed"}
	}
	return []string{"created", "active"}
}

// fileReader reports whether the tool reads a file's content.
func fileReader(words []string, verb, noun, text string) bool {
	switch words[0] {
	case "cat", "head", "tail", "less", "more":
		return true
	}
	reads := verb == "read" || verb == "get" || verb == "download" || verb == "open" || verb == "view" || verb == "show" || verb == "display" || verb == "fetch"
	return reads && (noun == "file" || noun == "content" || noun == "document" && strings.Contains(text, "content")) ||
		strings.Contains(text, "contents of a file") || strings.Contains(text, "content of the file") || strings.Contains(text, "content of a file")
}

func weatherOutput(text string) map[string]any {
	if strings.Contains(text, "forecast") {
		return object("", props{
			"location": str("City the forecast is for", "", ""),
			"unit":     enum("Unit of the temperatures", "celsius", "fahrenheit"),
			"days": list(object("forecast_day", props{
				"date":       str("Day of the forecast", "date", ""),
				"high":       numberIn("Highest temperature of the day", -20, 45),
				"low":        numberIn("Lowest temperature of the day", -30, 35),
				"conditions": enum("Expected conditions", weatherConditions...),
			}), 3, 5),
		})
	}
	return object("", props{
		"location":    str("City the observation is for", "", ""),
		"temperature": numberIn("Current air temperature", -30, 45),
		"unit":        enum("Unit of the temperature", "celsius", "fahrenheit"),
		"conditions":  enum("Current conditions", weatherConditions...),
		"humidity":    integerIn("Relative humidity in percent", 5, 100),
		"wind_speed":  numberIn("Wind speed in km/h", 0, 60),
		"observed_at": str("When the observation was made", "date-time", ""),
	})
}

var weatherConditions = []string{"clear", "partly cloudy", "cloudy", "light rain", "rain", "thunderstorm", "snow", "fog"}

// entity is the object a tool returns for one thing of kind n, with the
// fields such a thing has.
func entity(n string) map[string]any {
	w := words2(n)
	last := n
	if i := strings.LastIndex(n, "_"); i >= 0 {
		last = n[i+1:]
	}
	shape := genericEntity
	if processShape.is(n, last) {
		shape = processShape
	}
	if partShape.is(n, last) {
		shape = partShape
	}
	for _, s := range entityShapes {
		if s.is(n, last) {
			shape = s
			break
		}
	}
	p := props{}
	if !shape.noID {
		p[n+"_id"] = str("Unique identifier of the "+w, "", "")
	}
	for k, v := range shape.fields(w, last) {
		p[k] = v
	}
	return object(n, p)
}

// entityShape is the fields of one sort of thing, for the things it
// applies to (n is the thing, last the last word of it: "pull_request",
// "request").
type entityShape struct {
	is func(n, last string) bool
	// noID leaves the id out: the thing goes by another key (a file by
	// its name, a stock by its symbol).
	noID   bool
	fields func(w, last string) props
}

// lastIn applies to things whose last word is one of words.
func lastIn(words ...string) func(n, last string) bool {
	return func(_, last string) bool { return hasAny(last, words...) }
}

// entityShapes are tried in order; the first that applies gives the
// fields.
var entityShapes = []entityShape{
	{is: func(_, last string) bool { return personNouns[last] }, fields: personFields},
	{is: lastIn("product", "item", "listing", "sku"), fields: func(string, string) props {
		return props{
			"name":     str("Product name", "", ""),
			"price":    numberIn("Unit price", 1, 2000),
			"currency": str("ISO 4217 currency code of the price", "", `^[A-Z]{3}$`),
			"in_stock": {"type": "boolean", "description": "Whether the product can be ordered now"},
			"category": str("Product category", "", ""),
		}
	}},
	{is: lastIn("order", "purchase"), fields: func(string, string) props {
		return props{
			"status":     enum("Status of the order", "processing", "shipped", "delivered", "cancelled"),
			"total":      numberIn("Order total", 5, 3000),
			"currency":   str("ISO 4217 currency code of the total", "", `^[A-Z]{3}$`),
			"created_at": str("When the order was placed", "date-time", ""),
		}
	}},
	{is: lastIn("ticket", "issue", "bug", "incident", "case", "task", "todo"), fields: func(w, _ string) props {
		return props{
			"title":      str("Short title of the "+w, "", ""),
			"status":     enum("Status of the "+w, "open", "in_progress", "resolved", "closed"),
			"priority":   enum("Priority of the "+w, "low", "medium", "high", "urgent"),
			"created_at": str("When the "+w+" was opened", "date-time", ""),
		}
	}},
	{is: lastIn("file", "document", "attachment", "image", "photo"), noID: true, fields: func(w, _ string) props {
		return props{
			"file_name":   str("Name of the "+w, "", ""),
			"size_bytes":  integerIn("Size in bytes", 10, 5e7),
			"modified_at": str("When the "+w+" was last modified", "date-time", ""),
		}
	}},
	{is: lastIn("message", "email", "mail", "comment", "tweet", "post", "reply", "review", "note"), fields: func(w, _ string) props {
		return props{
			"author":  str("Username of the author", "", ""),
			"text":    str("Text of the "+w, "", ""),
			"sent_at": str("When the "+w+" was posted", "date-time", ""),
		}
	}},
	{is: lastIn("event", "meeting", "appointment", "session", "webinar"), fields: func(w, _ string) props {
		return props{
			"title":      str("Title of the "+w, "", ""),
			"start_time": str("When the "+w+" starts", "date-time", ""),
			"end_time":   str("When the "+w+" ends", "date-time", ""),
			"location":   str("Where the "+w+" takes place", "", ""),
		}
	}},
	{is: lastIn("flight"), fields: func(string, string) props {
		return props{
			"flight_number":  str("Flight number", "", ""),
			"origin":         str("IATA code of the departure airport", "", `^[A-Z]{3}$`),
			"destination":    str("IATA code of the arrival airport", "", `^[A-Z]{3}$`),
			"departure_time": str("Scheduled departure time", "date-time", ""),
			"price":          numberIn("Fare", 40, 2500),
			"currency":       str("ISO 4217 currency code of the fare", "", `^[A-Z]{3}$`),
		}
	}},
	{is: lastIn("booking", "reservation"), fields: func(w, _ string) props {
		return props{
			"status":      enum("Status of the "+w, "confirmed", "pending", "cancelled"),
			"total_price": numberIn("Total price", 20, 5000),
			"currency":    str("ISO 4217 currency code of the price", "", `^[A-Z]{3}$`),
			"created_at":  str("When the "+w+" was made", "date-time", ""),
		}
	}},
	{is: lastIn("hotel", "restaurant", "venue", "place", "location", "store", "shop"), fields: func(w, _ string) props {
		return props{
			"name":      str("Name of the "+w, "", ""),
			"address":   str("Street address of the "+w, "", ""),
			"city":      str("City of the "+w, "", ""),
			"rating":    numberIn("Average guest rating from 1 to 5", 1, 5),
			"latitude":  numberIn("Latitude of the "+w, -90, 90),
			"longitude": numberIn("Longitude of the "+w, -180, 180),
		}
	}},
	{is: lastIn("invoice", "payment", "transaction", "charge", "refund", "transfer", "expense", "bill"), fields: func(w, _ string) props {
		return props{
			"amount":     numberIn("Amount of the "+w, 1, 5000),
			"currency":   str("ISO 4217 currency code of the amount", "", `^[A-Z]{3}$`),
			"status":     enum("Status of the "+w, "pending", "completed", "failed", "refunded"),
			"created_at": str("When the "+w+" was made", "date-time", ""),
		}
	}},
	{is: lastIn("account", "wallet", "balance"), fields: func(string, string) props {
		return props{
			"balance":  numberIn("Current balance", 0, 50000),
			"currency": str("ISO 4217 currency code of the balance", "", `^[A-Z]{3}$`),
			"status":   enum("Status of the account", "active", "frozen", "closed"),
		}
	}},
	{is: func(n, _ string) bool { return n == "pull_request" || n == "merge_request" }, fields: func(string, string) props {
		return props{
			"number":     integerIn("Number of the pull request in its repository", 1, 5000),
			"title":      str("Title of the pull request", "", ""),
			"state":      enum("State of the pull request", "open", "closed", "merged"),
			"head":       str("Branch name holding the changes", "", ""),
			"base":       str("Branch name the changes go into", "", ""),
			"created_at": str("When the pull request was opened", "date-time", ""),
		}
	}},
	{is: lastIn("commit"), fields: func(string, string) props {
		return props{
			"sha":     str("SHA of the commit", "", `^[0-9a-f]{40}$`),
			"message": str("Commit message", "", ""),
			"author":  str("Name of the commit's author", "", ""),
			"date":    str("When the commit was made", "date-time", ""),
		}
	}},
	{is: lastIn("branch"), fields: func(string, string) props {
		return props{
			"name":      str("Branch name", "", ""),
			"protected": {"type": "boolean", "description": "Whether the branch is protected"},
		}
	}},
	{is: lastIn("repo", "repository", "project"), fields: func(w, _ string) props {
		return props{
			"name":        str("Name of the "+w, "", ""),
			"description": str("Short description of the "+w, "", ""),
			"stars":       integerIn("Number of stars", 0, 50000),
			"url":         str("Web address of the "+w, "uri", ""),
		}
	}},
	{is: func(_, last string) bool { return companyNouns[last] }, fields: func(string, string) props {
		return props{
			"name":    str("Company name", "", ""),
			"website": str("Company website", "uri", ""),
			"country": str("ISO 3166-1 alpha-2 code of the country of registration", "", `^[A-Z]{2}$`),
		}
	}},
	{is: lastIn("song", "track", "album", "playlist"), fields: func(w, _ string) props {
		return props{
			"title":            str("Title of the "+w, "", ""),
			"artist":           str("Name of the performing artist", "", ""),
			"duration_seconds": integerIn("Length in seconds", 60, 600),
		}
	}},
	{is: lastIn("book"), fields: func(string, string) props {
		return props{
			"title":  str("Title of the book", "", ""),
			"author": str("Full name of the author", "", ""),
			"isbn":   str("ISBN-13 of the edition", "", ""),
		}
	}},
	{is: lastIn("movie", "film", "show"), fields: func(w, _ string) props {
		return props{
			"title": str("Title of the "+w, "", ""),
			"year":  integerIn("Year of release", 1950, 2026),
			"genre": str("Genre of the "+w, "", ""),
		}
	}},
	{is: lastIn("point", "vertex", "corner", "pixel"), noID: true, fields: func(w, _ string) props {
		return props{
			"x": integerIn("Horizontal position of the "+w+" in pixels", 0, 1600),
			"y": integerIn("Vertical position of the "+w+" in pixels", 0, 1200),
		}
	}},
	{is: lastIn("word", "token", "term"), noID: true, fields: func(w, _ string) props {
		return props{
			w:            str("The "+w+" as read", "", ""),
			"confidence": numberIn("Confidence in the "+w+" from 0 to 1", 0.5, 1),
		}
	}},
	{is: lastIn("stock", "symbol", "ticker", "quote", "security"), noID: true, fields: func(string, string) props {
		return props{
			"symbol":   str("Ticker symbol", "", ""),
			"name":     str("Company name", "", ""),
			"price":    numberIn("Latest price", 0.01, 5000),
			"currency": str("ISO 4217 currency code of the price", "", `^[A-Z]{3}$`),
		}
	}},
}

// processShape is the fields of a run of some work (a detection, an
// extraction, an analysis, a call): how it went and when, but no name, as
// no one names one.
var processShape = entityShape{is: func(_, last string) bool { return processNoun(last) }, fields: func(w, _ string) props {
	return props{
		"status":       enum("State of the "+w, "completed", "completed", "processing", "queued"),
		"created_at":   str("When the "+w+" was started", "date-time", ""),
		"completed_at": str("When the "+w+" finished", "date-time", ""),
	}
}}

// processNoun reports whether a noun names a run of work rather than a
// thing that is kept and named ("detection", "analysis", "call"; not
// "location", "subscription", "section").
func processNoun(n string) bool {
	if namedTions[n] {
		return false
	}
	switch n {
	case "call", "hit", "scan", "check", "run", "lookup", "prediction", "match", "execution", "inference", "parse":
		return true
	}
	return strings.HasSuffix(n, "tion") || strings.HasSuffix(n, "sion") && !strings.HasSuffix(n, "ssion") || strings.HasSuffix(n, "ysis")
}

// namedTions are nouns in -tion or -sion that name kept, named things.
var namedTions = map[string]bool{"location": true, "station": true, "section": true, "position": true, "subscription": true, "collection": true,
	"organization": true, "organisation": true, "application": true, "integration": true, "option": true, "question": true, "promotion": true,
	"condition": true, "definition": true, "configuration": true, "connection": true, "extension": true, "version": true, "mission": true,
	"division": true, "edition": true, "competition": true, "institution": true, "destination": true, "publication": true, "nation": true,
	"description": true, "notification": true, "transaction": true, "conversation": true, "automation": true, "reservation": true,
	"registration": true, "donation": true, "attraction": true, "union": true, "region": true, "occupation": true, "population": true}

// partShape is the fields of a part of a thing that is no thing of its
// own, kept and named (a configuration, settings, metadata, a status): what
// it says and when it changed, with no id or name ("Consulting config" is
// no configuration).
var partShape = entityShape{is: func(_, last string) bool { return partNouns[last] }, noID: true, fields: func(w, last string) props {
	switch last {
	case "status", "state", "health":
		return props{
			"state":      enum("State of the "+w, "active", "active", "pending", "updating", "failed"),
			"message":    str("What the "+w+" says of the state", "", ""),
			"updated_at": str("When the "+w+" last changed", "date-time", ""),
		}
	case "metadata", "meta", "info", "detail", "details":
		return props{
			"created_at": str("When the "+w+" was created", "date-time", ""),
			"updated_at": str("When the "+w+" was last changed", "date-time", ""),
			"version":    integerIn("Revision of the "+w, 1, 40),
		}
	}
	return props{
		"enabled":    {"type": "boolean", "description": "Whether the " + w + " is in effect"},
		"updated_at": str("When the "+w+" was last changed", "date-time", ""),
	}
}}

// partNouns are the parts of a thing that are no things of their own.
var partNouns = map[string]bool{"config": true, "configuration": true, "settings": true, "setting": true, "options": true, "preferences": true,
	"spec": true, "specification": true, "status": true, "state": true, "health": true, "metadata": true, "meta": true, "info": true,
	"detail": true, "details": true}

// genericEntity is the fields of a thing no shape applies to.
var genericEntity = entityShape{fields: func(w, _ string) props {
	return props{
		"name":       str("Name of the "+w, "", ""),
		"status":     enum("Current status of the "+w, "active", "inactive", "pending"),
		"created_at": str("When the "+w+" was created", "date-time", ""),
	}
}}

// personFields are a person's; users, members and followers have a
// username too.
func personFields(w, last string) props {
	p := props{
		"name":       str("Full name of the "+w, "", ""),
		"email":      str("Email address of the "+w, "email", ""),
		"created_at": str("When the "+w+" was added", "date-time", ""),
	}
	if last == "user" || last == "member" || last == "follower" {
		p["username"] = str("Username of the "+w, "", "")
	}
	return p
}

// echoed returns the input parameters a result restates: the identifiers
// and the named things the call was about.
func echoed(input map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	pr, _ := input["properties"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(pr)) {
		s, ok := pr[k].(map[string]any)
		if !ok {
			continue
		}
		t := jsonschema.TypeOf(s)
		if t != "string" && t != "integer" && t != "number" && t != "" {
			continue
		}
		f := classify(k, s, "", t == "integer" || t == "number", "")
		switch f.kind {
		case kID, kNumID, kTicker, kCity, kAirport, kCurrency, kEmail, kUsername, kCountry, kCountryName, kFileName, kPath, kFolder, kLanguage, kDate:
			c := map[string]any{}
			for kk, vv := range s {
				if kk != "default" && kk != "examples" {
					c[kk] = vv
				}
			}
			if d, _ := c["description"].(string); strings.TrimSpace(d) == "" {
				c["description"] = "The " + words2(normalise(k)) + " the call was made for"
			}
			out[k] = c
		}
	}
	return out
}

// outputVerbs are the verbs of tool names, as InferOutput reads them.
var outputVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`get list create update delete remove add set put post patch fetch find search read write show describe
	retrieve query lookup new insert upsert replace modify edit check validate start stop run execute cancel enable disable
	count upload download send make generate compute calculate do perform open close move copy rename register unregister
	submit approve reject assign unassign attach detach import export sync browse filter book schedule reserve notify reply
	revoke unsubscribe view display change resolve push destroy purge erase`) {
		outputVerbs[w] = true
	}
}

// nameNoise are words of tool names that name no resource (REST paths:
// "setup.webhook.id.delete", "buckets.bucketId.messages.json.get").
var nameNoise = map[string]bool{"all": true, "current": true, "details": true, "info": true, "data": true, "id": true, "ids": true,
	"json": true, "xml": true, "api": true, "v1": true, "v2": true, "v3": true, "gid": true, "uid": true, "key": true, "by": true}

var namePrepositions = map[string]bool{"by": true, "for": true, "from": true, "of": true, "in": true, "with": true, "to": true, "on": true, "at": true, "via": true, "per": true}

// thingNoun is the noun of a schema's title: the last word that is not a
// modelling suffix ("BrandedFoodObject" -> food, "InvoiceListResponse" ->
// invoice).
func thingNoun(thing string) string {
	words := ident.Words(thing)
	for i := len(words) - 1; i >= 0; i-- {
		switch words[i] {
		case "object", "model", "response", "dto", "schema", "resource", "entity", "info", "result", "results", "type",
			"data", "list", "collection", "page", "paged", "output", "body", "v1", "v2", "v3":
			continue
		}
		if len(words[i]) > 1 && !outputVerbs[words[i]] {
			return ident.Singular(words[i])
		}
	}
	return ""
}

// listThing reports whether a schema title names a list of things.
func listThing(thing string) bool {
	for _, w := range ident.Words(thing) {
		if w == "list" || w == "collection" || w == "page" || w == "paged" {
			return true
		}
	}
	return false
}

// compoundNouns are two-word things a tool name spells as two words.
var compoundNouns = map[string]bool{"pull_request": true, "merge_request": true, "credit_card": true, "phone_number": true, "user_group": true, "line_item": true, "api_key": true}

// headNouns say what sort of thing a name's word before them is, and
// nothing alone: "ListEventTypes" lists event types, "GetDomainNames"
// domain names, "ListChangeSets" change sets.
var headNouns = map[string]bool{"type": true, "kind": true, "set": true, "group": true, "name": true, "attribute": true, "field": true,
	"property": true, "setting": true, "config": true, "configuration": true, "option": true, "summary": true, "version": true,
	"rule": true, "definition": true, "mapping": true, "association": true, "template": true, "status": true}

// nounOf is the thing a tool acts on: the last word before any preposition
// that is not a verb ("list_orders_by_user" -> order, "list_pull_requests"
// -> pull_request).
func nounOf(words []string) string {
	for i, w := range words {
		if namePrepositions[w] && i > 0 {
			words = words[:i]
			break
		}
	}
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		if !outputVerbs[w] && !nameNoise[w] && len(w) > 1 {
			n := ident.Singular(w)
			if n == "statu" || n == "detail" {
				continue
			}
			if i > 0 && compoundNouns[words[i-1]+"_"+n] {
				return words[i-1] + "_" + n
			}
			if i > 0 && headNouns[n] && strings.Trim(words[i-1], "abcdefghijklmnopqrstuvwxyz") == "" && !outputVerbs[words[i-1]] && !nameNoise[words[i-1]] {
				return words[i-1] + "_" + n // "ListActionTypes": action types, not types
			}
			return n
		}
	}
	return ""
}
