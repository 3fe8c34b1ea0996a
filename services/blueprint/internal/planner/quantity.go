package planner

import (
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// measure is what can be computed over a numeric field of a result.
type measure int

const (
	// notMeasure: the number names or places something (an id, a time, a
	// version, a code, a position, a flag, a coordinate) or says nothing a
	// person would add up: no one asks for its total or its average.
	notMeasure measure = iota
	// averaged: a level or a reading (a score, a rate, a temperature) is
	// averaged and ranged, but its total means nothing.
	averaged
	// additive: an amount, a count, a size or a duration adds up.
	additive
)

// Words of a field's name that say it names or places something rather
// than measures it, wherever they stand ("timestamp_ms", "zip_code").
var namesWords = wordSet("id", "ids", "uuid", "guid", "timestamp", "epoch", "ts", "lat", "latitude", "lng", "lon", "longitude",
	"phone", "fax", "zip", "zipcode", "postcode", "postal", "version", "revision", "default", "index", "idx", "ordinal",
	"port", "pid", "created", "updated", "modified", "deleted", "published", "started", "ended", "finished", "expires",
	"expiry", "expiration", "birth", "birthday", "dob", "year", "coordinate", "coordinates", "checksum", "hash", "serial")

// Words that, last in a field's name, say what the field holds is a time,
// an ordinal, a code or a setting ("created_at", "pull_number",
// "sort_order", "status_code", "page"): "end_period" is when, not how much.
var namesLast = wordSet("at", "on", "time", "date", "datetime", "period", "start", "end", "begin", "from", "to", "since", "until",
	"deadline", "due", "number", "no", "num", "nr", "position", "pos", "order", "rank", "ranking", "sequence", "seq",
	"status", "state", "type", "kind", "code", "mode", "flag", "page", "offset", "cursor", "limit", "month", "day",
	"week", "weekday", "hour", "minute", "second", "x", "y", "z", "color", "colour", "red", "green", "blue", "priority",
	"severity", "tier", "category", "class", "key", "counter", "max", "min", "threshold", "step", "season", "milestone")

// Words of a field's name that say it holds an amount, a count, a size or
// a duration: they add up.
var additiveWords = wordSet("amount", "price", "cost", "costs", "fee", "fees", "total", "subtotal", "sum", "balance", "budget",
	"salary", "wage", "income", "revenue", "sales", "spend", "spending", "spent", "paid", "payment", "charge", "charges",
	"tax", "discount", "profit", "earnings", "refund", "deposit", "count", "size", "bytes", "length", "duration", "elapsed",
	"uptime", "runtime", "downtime", "seconds", "secs", "ms", "millis", "milliseconds", "minutes", "hours", "days", "weeks", "quantity",
	"qty", "views", "likes", "followers", "downloads", "clicks", "visits", "impressions", "votes", "population", "weight",
	"distance", "mileage", "height", "width", "depth", "area", "volume", "capacity", "usage", "used", "consumption",
	"free", "available", "remaining", "stock", "inventory", "points", "credits", "calories", "steps", "hits", "words",
	"lines", "pages", "items", "units", "storage", "memory", "bandwidth", "traffic")

// Words that say a field is a level or a reading: it is averaged, never
// added up ("the total temperature" means nothing).
var averagedWords = wordSet("score", "rating", "stars", "percent", "percentage", "pct", "rate", "ratio", "temperature", "temp",
	"humidity", "speed", "velocity", "pressure", "confidence", "probability", "accuracy", "precision", "utilization",
	"utilisation", "load", "progress", "age", "latency", "factor", "popularity", "angle", "delay", "average", "avg", "mean", "fraction", "share", "yield")

// Formats of a number that say it is a time, not a quantity.
var timeFormats = wordSet("date", "date-time", "datetime", "time", "timestamp", "unix-time", "unixtime", "epoch", "unix")

// Words of a description that say the number names or places something.
var namesInDescription = []string{"timestamp", "epoch", "unix time", "since 1970", "identifier", "unique id", "the id of",
	"version", "latitude", "longitude", "phone", "zip code", "postal code", "index of", "position of", "position in",
	"sequence", "zero-based", "0-based", "year", "date", "time at which", "time when", "when the", "default"}

// Words of a description that say the number is a quantity.
var quantityInDescription = []string{"number of", "count of", "how many", "amount", "total", "in bytes", "in seconds",
	"in milliseconds", "in minutes", "size of", "duration", "price", "cost"}

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// measureOf reads, by the field's schema, name and description, whether a
// numeric field of a result is something a person adds up (an amount, a
// count, a size, a duration), only averages (a score, a rate, a reading),
// or neither (a time, an id, a code, a version, a position, a flag, a
// coordinate, a "default"): a request for "the total timestamp" is no
// request anyone makes.
func measureOf(name string, s map[string]any) measure {
	ws := ident.Words(name)
	if len(ws) == 0 || !schemaMeasures(s) || namesByName(ws) {
		return notMeasure
	}
	last := ws[len(ws)-1]
	switch {
	case spanOfTime(ws):
		return additive // "response_time": how long, not when
	case slices.ContainsFunc(ws, func(w string) bool { return averagedWords[w] }):
		return averaged
	case slices.ContainsFunc(ws, func(w string) bool { return additiveWords[w] }):
		return additive
	case len(ws) > 1 && pluralNoun(last):
		return additive // "open_issues", "member_seats": a count of things
	}
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	for _, w := range namesInDescription {
		if strings.Contains(d, w) {
			return notMeasure
		}
	}
	for _, w := range quantityInDescription {
		if strings.Contains(d, w) {
			return additive
		}
	}
	if pluralNoun(last) {
		return additive // "followers": how many there are
	}
	return notMeasure // "default", "value", "result": nothing says what it measures
}

// schemaMeasures reports whether a schema lets a value be a quantity: a
// number, not one of an enum's codes, a time's format or a 0-or-1 flag.
func schemaMeasures(s map[string]any) bool {
	switch jsonschema.TypeOf(s) {
	case "number", "integer":
	default:
		return false
	}
	if _, ok := s["enum"]; ok {
		return false // one of a set of values: a code, not an amount
	}
	if _, ok := s["const"]; ok {
		return false
	}
	if f, _ := s["format"].(string); timeFormats[strings.ToLower(f)] {
		return false
	}
	return jsonschema.TypeOf(s) != "integer" || !bounded(s, 0, 1) // 0 or 1: a flag
}

// namesByName reports whether a field's name words say it names or places
// something (an id, a time, a code, an ordinal, a coordinate), whatever
// else they say.
func namesByName(ws []string) bool {
	joined := strings.Join(ws, "")
	for _, w := range []string{"timestamp", "latitude", "longitude", "epoch", "version"} {
		if strings.Contains(joined, w) {
			return true // "lastTimestamp", "minlongitude"
		}
	}
	last := ws[len(ws)-1]
	if n := len(last); n > 2 && strings.HasSuffix(last, "id") && last[n-3] != 'i' && last != "paid" {
		return true // "customerid", "userid"
	}
	for _, w := range []string{"number", "date", "code", "year", "stamp"} {
		if strings.HasSuffix(last, w) {
			return true // "equipmentnumber", "createdate", "zipcode"
		}
	}
	if strings.HasSuffix(last, "time") && !additiveWords[last] && !spanOfTime(ws) {
		return true // "starttime", "changetime"; not "runtime"
	}
	return slices.ContainsFunc(ws, func(w string) bool { return namesWords[w] }) || namesLast[last] && !spanOfTime(ws)
}

// spanOfTime reports whether a name whose last word is "time" says how
// long something took ("response_time", "processing_time").
func spanOfTime(ws []string) bool {
	n := len(ws)
	if n < 2 || ws[n-1] != "time" {
		return false
	}
	switch ws[n-2] {
	case "response", "wait", "waiting", "run", "running", "cpu", "load", "loading", "travel", "processing", "execution",
		"elapsed", "build", "trip", "render", "query", "total", "idle", "down", "up", "cooking", "prep", "reading", "watch":
		return true
	}
	return false
}

// pluralNoun reports whether a word is a plural noun ("followers", "seats"):
// a number so named counts them.
func pluralNoun(w string) bool {
	return len(w) > 3 && ident.Singular(w) != w && !namesWords[ident.Singular(w)] && !namesLast[ident.Singular(w)]
}

// bounded reports whether a schema's minimum and maximum are lo and hi.
func bounded(s map[string]any, lo, hi float64) bool {
	mn, ok1 := s["minimum"].(float64)
	mx, ok2 := s["maximum"].(float64)
	return ok1 && ok2 && mn == lo && mx == hi
}
