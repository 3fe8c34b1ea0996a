package planner

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// A planned failure has a cause a reader can find in the conversation: the
// user's wrong value (not found), the user's human way of writing a value
// (bad format), the backend (transient) or the object's state. The helpers
// here decide which causes a tool admits and write the values and errors.

type cause = blueprintv1.FailureCause

const (
	notFound  = blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND
	badFormat = blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT
	transient = blueprintv1.FailureCause_FAILURE_CAUSE_TRANSIENT
	stateErr  = blueprintv1.FailureCause_FAILURE_CAUSE_STATE
)

// failurePlan is one way a call of a tool can fail for a reason the
// conversation shows.
type failurePlan struct {
	tool  *catalog.Tool
	cause cause
	param string
}

// failurePlans lists, for the cluster's tools, the failures each admits.
func (b *builder) failurePlans() []failurePlan {
	var out []failurePlan
	for _, t := range b.cat.Tools {
		if t.Builtin {
			continue
		}
		out = append(out, failurePlan{tool: t, cause: transient})
		for _, p := range t.Required {
			s, ok := t.ParamSchema(p)
			// A wrong key is refused as unauthorised, not "not found", and
			// the user gave it once for the whole conversation
			// (credentials.go).
			if !ok || credential(t, p) {
				continue
			}
			// A value is not found only where it names something that
			// exists: not the name a create gives its new thing.
			if lookupParam(p, s) && !catalog.NamesNewThing(t.Name, p) {
				out = append(out, failurePlan{tool: t, cause: notFound, param: p})
				if _, ok := stateVerb(t.Name); ok && actsOn(t.Name, p) {
					out = append(out, failurePlan{tool: t, cause: stateErr, param: p})
				}
			}
			if formatSensitive(p, s) {
				out = append(out, failurePlan{tool: t, cause: badFormat, param: p})
			}
		}
	}
	return out
}

// pickFailure picks a cause first (so causes are spread whatever the
// cluster's shape), then a tool and parameter that admit it.
func (b *builder) pickFailure() (failurePlan, bool) {
	plans := b.failurePlans()
	if len(plans) == 0 {
		return failurePlan{}, false
	}
	// A transient fault fits any tool, and is the fallback when a cause
	// cannot be carried by the call's values: it is picked least.
	weights := map[cause]int{notFound: 3, badFormat: 3, stateErr: 2, transient: 1}
	var causes []cause
	total := 0
	for _, c := range []cause{notFound, badFormat, stateErr, transient} {
		for _, p := range plans {
			if p.cause == c {
				causes = append(causes, c)
				total += weights[c]
				break
			}
		}
	}
	n := b.r.IntN(total)
	chosen := causes[len(causes)-1]
	for _, c := range causes {
		if n -= weights[c]; n < 0 {
			chosen = c
			break
		}
	}
	var of []failurePlan
	for _, p := range plans {
		if p.cause == chosen {
			of = append(of, p)
		}
	}
	return of[b.r.IntN(len(of))], true
}

// lookupTokens mark parameters that name something a backend looks up: a
// wrong one is "not found", not merely another valid value.
var lookupTokens = map[string]bool{
	"id": true, "ids": true, "uuid": true, "guid": true, "key": true, "code": true, "number": true, "no": true, "num": true,
	"sku": true, "symbol": true, "ticker": true, "email": true, "username": true, "user": true, "login": true, "handle": true,
	"slug": true, "isbn": true, "iata": true, "account": true, "name": true, "tracking": true, "reference": true, "ref": true,
	"city": true, "zipcode": true, "zip": true, "postcode": true, "title": true, "repo": true, "repository": true, "owner": true,
	"channel": true, "domain": true, "hostname": true, "host": true, "project": true, "order": true, "customer": true,
	"product": true, "ticket": true, "invoice": true, "booking": true, "reservation": true, "device": true, "team": true,
}

// lookupParam reports whether a wrong value of param is one a backend
// would not find: a string or integer naming an entity, not an enum or a
// measure.
func lookupParam(param string, s map[string]any) bool {
	if _, ok := s["enum"]; ok {
		return false
	}
	if _, ok := s["const"]; ok {
		return false
	}
	switch jsonschema.TypeOf(s) {
	case "string":
		switch s["format"] {
		case "date", "date-time", "time", "uri", "url", "binary", "byte", "password":
			return false
		}
	case "integer":
	default:
		return false
	}
	for _, tok := range ident.Words(param) {
		if lookupTokens[tok] {
			return true
		}
	}
	return false
}

// stateVerbs are actions an object's state or the caller's rights can
// forbid, with the reason a backend gives and what the assistant can offer
// instead.
var stateVerbs = map[string]struct{ reason, alternative string }{
	"cancel":     {"it has already been processed", "check its current status, or start a return or refund once it is complete"},
	"void":       {"it has already been settled", "issue a refund for it instead"},
	"refund":     {"it has already been refunded in full", "look up the existing refund and its status"},
	"delete":     {"it is locked while other records still refer to it", "archive it or remove the records that refer to it first"},
	"remove":     {"it is locked while other records still refer to it", "archive it or remove the records that refer to it first"},
	"close":      {"it is already closed", "reopen it, or leave it as it is"},
	"resolve":    {"it is already closed", "reopen it, or leave it as it is"},
	"archive":    {"it is already archived", "restore it first if it needs changes"},
	"update":     {"it is locked for editing in its current status", "create a new version, or ask an administrator to unlock it"},
	"edit":       {"it is locked for editing in its current status", "create a new version, or ask an administrator to unlock it"},
	"modify":     {"it is locked for editing in its current status", "create a new version, or ask an administrator to unlock it"},
	"patch":      {"it is locked for editing in its current status", "create a new version, or ask an administrator to unlock it"},
	"approve":    {"it has already been approved", "look up who approved it and when"},
	"publish":    {"it is already published", "publish an updated version instead"},
	"submit":     {"it was already submitted and is under review", "wait for the review, or withdraw it and submit again"},
	"transfer":   {"the account does not have enough available balance", "transfer a smaller amount, or top up the account first"},
	"pay":        {"the payment method on file was declined", "use another payment method"},
	"book":       {"the slot is no longer available", "pick another date or time"},
	"reserve":    {"the slot is no longer available", "pick another date or time"},
	"unregister": {"your key lacks the admin permission this needs", "ask an administrator to do it, or use a key with that permission"},
	"revoke":     {"your key lacks the admin permission this needs", "ask an administrator to do it, or use a key with that permission"},
	"reset":      {"too many resets were requested in the last hour", "wait an hour and try again"},
}

// stateVerb finds a state-dependent action in a tool's name.
func stateVerb(name string) (string, bool) {
	toks := ident.Words(name)
	for i, tok := range toks {
		if i > 0 && toks[i-1] == "using" {
			break // "startStreamUsingPATCH": the HTTP method, not the action
		}
		if _, ok := stateVerbs[tok]; ok {
			return tok, true
		}
	}
	return "", false
}

// actsOn reports whether param names the object the tool acts on
// (cancel_order's order_id), the one whose state can forbid the action.
func actsOn(tool, param string) bool {
	e := entity(param)
	if e == "" {
		return false
	}
	for _, tok := range ident.Words(tool) {
		if ident.Singular(tok) == ident.Singular(strings.Fields(e)[len(strings.Fields(e))-1]) {
			return true
		}
	}
	return false
}

// entity is the thing a parameter names: "order_id" names an order,
// "cityA" a city; "" when the name is only the value's kind ("id").
func entity(param string) string {
	var keep []string
	for _, t := range ident.Words(param) {
		switch {
		case len(t) < 2, t == "id", t == "ids", t == "uuid", t == "number", t == "no", t == "code", t == "key":
		default:
			keep = append(keep, t)
		}
	}
	return strings.Join(keep, " ")
}

// notFoundMessage is the error of a lookup that found nothing for value,
// in one of the forms backends give it; every form names the parameter and
// the value sent.
func notFoundMessage(r *rand.Rand, param, valueJSON string) string {
	e := entity(param)
	if e == "" || e == strings.ToLower(param) {
		e = "record"
	}
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("404 Not Found: no %s with %s %s", e, param, valueJSON)
	case 1:
		return fmt.Sprintf("No %s found with %s %s.", e, param, valueJSON)
	case 2:
		return fmt.Sprintf("%s not found (%s: %s)", upperFirstWord(e), param, valueJSON)
	case 3:
		return fmt.Sprintf("resource not found: %s=%s", param, valueJSON)
	}
	return fmt.Sprintf("not found: no %s matches %s %s", e, param, valueJSON)
}

func upperFirstWord(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// stateMessage is the error of an action the object's state forbids.
func stateMessage(verb, param, valueJSON string) string {
	e := entity(param)
	if e == "" {
		e = "record"
	}
	return fmt.Sprintf("cannot %s %s %s: %s", verb, e, strings.Trim(valueJSON, `"`), stateVerbs[verb].reason)
}

// localDomains are the domains whose tools run beside the agent (a file
// system, a memory store on disk) rather than behind an HTTP service: their
// passing failures are a busy file or a slow call, never a gateway's 502 or
// a rate limit.
var localDomains = map[string]bool{"file_system": true, "agent_memory": true}

// transientMessage is a backend's passing failure, in the form the kind of
// backend gives it.
func (b *builder) transientMessage(t *catalog.Tool) string {
	domain := t.Proto.GetDomain()
	if domain == "" {
		// MCP and OpenAI tool lists carry no domain: the cluster's, from
		// the taxonomy, stands for it.
		domain = b.cat.Cluster.GetDomain()
	}
	if localDomains[domain] {
		switch b.r.IntN(4) {
		case 0:
			return "EBUSY: resource busy or locked; another process holds the file, try again"
		case 1:
			return "EAGAIN: resource temporarily unavailable"
		case 2:
			return "Request timed out after 30s waiting for the tool to respond; please try again."
		}
		return "The storage is locked by another operation; retry in a moment."
	}
	switch b.r.IntN(4) {
	case 0:
		return "503 Service Unavailable: the service is temporarily overloaded, retry the request"
	case 1:
		return "502 Bad Gateway: the upstream server did not answer in time"
	case 2:
		return "Request timed out after 30s; the service may be busy. Please try again."
	}
	return fmt.Sprintf("429 Too Many Requests: rate limit for %s exceeded, retry after 2 seconds", t.Name)
}

// badFormatMessage is the validation error for a value in the wrong form,
// naming the parameter and the form the schema wants.
func badFormatMessage(param string, s map[string]any, valueJSON string) string {
	return fmt.Sprintf("invalid value for %s: expected %s, got %s", param, expectedForm(s), valueJSON)
}

// expectedForm says in words what a parameter's schema accepts.
func expectedForm(s map[string]any) string {
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		var vs []string
		for i, x := range e {
			if i == 8 {
				vs = append(vs, "…")
				break
			}
			vs = append(vs, fmt.Sprint(x))
		}
		return "one of " + strings.Join(vs, ", ")
	}
	switch s["format"] {
	case "date":
		return "a date as YYYY-MM-DD"
	case "date-time":
		return "an RFC 3339 date-time (YYYY-MM-DDThh:mm:ssZ)"
	}
	if p, ok := s["pattern"].(string); ok {
		return "a value matching " + p
	}
	switch jsonschema.TypeOf(s) {
	case "number":
		return "a number"
	case "integer":
		return "an integer"
	}
	return "a valid value"
}

// formatSensitive reports whether a parameter's schema rejects the forms
// people write values in: a date format, a pattern, a case-sensitive enum
// or a numeric type (an amount written "$1,200").
func formatSensitive(param string, s map[string]any) bool {
	if e, ok := s["enum"].([]any); ok {
		for _, x := range e {
			if str, ok := x.(string); ok && strings.ToLower(str) != strings.ToUpper(str) {
				return true
			}
		}
		return false
	}
	switch jsonschema.TypeOf(s) {
	case "string":
		_, pat := s["pattern"].(string)
		return s["format"] == "date" || s["format"] == "date-time" || pat
	case "number", "integer":
		return amountParam(param)
	}
	return false
}

// amountTokens name money (written "$1,200.50") and large counts (written
// "12,000").
var amountTokens = map[string]bool{"amount": true, "price": true, "cost": true, "total": true, "budget": true, "fee": true, "salary": true, "balance": true, "payment": true, "income": true, "revenue": true, "population": true, "quantity": true}

func amountParam(param string) bool {
	for _, tok := range ident.Words(param) {
		if amountTokens[tok] {
			return true
		}
	}
	return false
}

var (
	isoDate     = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	isoDateTime = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$`)
)

// humanForms lists how a person might write value: a date spelled out or
// in day/month order, an amount with a currency sign and thousands
// separators, a code in the other case, a number with spaces. The planner
// keeps only forms the parameter's schema rejects.
func humanForms(param string, s map[string]any, value any, locale string) []any {
	var out []any
	switch x := value.(type) {
	case string:
		if m := isoDate.FindStringSubmatch(x); m != nil {
			if t, err := time.Parse("2006-01-02", x); err == nil {
				out = append(out, t.Format("January 2, 2006"), t.Format("2 January 2006"))
				if strings.HasSuffix(locale, "US") {
					out = append(out, t.Format("01/02/2006"))
				} else {
					out = append(out, t.Format("02/01/2006"))
				}
			}
		}
		if m := isoDateTime.FindStringSubmatch(x); m != nil {
			if t, err := time.Parse(time.RFC3339, x); err == nil {
				zone := "UTC"
				if !strings.HasSuffix(x, "Z") {
					zone = "UTC" + x[len(x)-6:]
				}
				out = append(out, t.Format("January 2, 2006 at 3:04 PM")+" "+zone)
			}
		}
		if up, low := strings.ToUpper(x), strings.ToLower(x); up != low {
			switch x {
			case up:
				out = append(out, low)
			case low:
				// A short code is written in capitals (UPS), a word capitalised.
				if len([]rune(x)) <= 4 {
					out = append(out, up)
				} else {
					out = append(out, titleCase(x))
				}
			default:
				out = append(out, low)
			}
		}
		if digits := strings.TrimPrefix(x, "+"); len(digits) >= 9 && strings.Trim(digits, "0123456789") == "" {
			out = append(out, spaced(x))
		}
	case float64, json.Number, int64, int:
		f, ok := number(x)
		if !ok || !amountParam(param) {
			break
		}
		// Money is written in cents at most: a finer amount has no "$" form,
		// and an amount of fuel or a population is no money.
		money := !nonMoney(param) && math.Abs(f*100-math.Round(f*100)) < 1e-6 && f > 0
		if money {
			out = append(out, "$"+grouped(f, true))
		}
		if math.Abs(f) >= 1000 {
			out = append(out, grouped(f, false))
		}
	}
	return out
}

// nonMoneyTokens name quantities that are not money even beside "amount".
var nonMoneyTokens = map[string]bool{"population": true, "quantity": true, "fuel": true, "distance": true, "weight": true, "volume": true,
	"liters": true, "litres": true, "gallons": true, "temperature": true, "speed": true, "count": true, "units": true, "dose": true, "dosage": true}

func nonMoney(param string) bool {
	for _, t := range ident.Words(param) {
		if nonMoneyTokens[t] {
			return true
		}
	}
	return false
}

func titleCase(s string) string {
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// spaced writes a phone-like digit string in groups, as people say it:
// the last four digits, then threes ("+1 415 555 0123").
func spaced(x string) string {
	prefix := ""
	if strings.HasPrefix(x, "+") {
		prefix, x = "+", x[1:]
	}
	parts := []string{x[len(x)-4:]}
	x = x[:len(x)-4]
	for len(x) > 3 {
		parts = append([]string{x[len(x)-3:]}, parts...)
		x = x[:len(x)-3]
	}
	if x != "" {
		parts = append([]string{x}, parts...)
	}
	return prefix + strings.Join(parts, " ")
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// grouped writes f with thousands separators ("1,200.5"; money with two
// decimals when it has any: "1,200.50").
func grouped(f float64, money bool) string {
	text := strconv.FormatFloat(math.Abs(f), 'f', -1, 64)
	if money && strings.Contains(text, ".") {
		text = strconv.FormatFloat(math.Abs(f), 'f', 2, 64)
	}
	whole, frac, _ := strings.Cut(text, ".")
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// mistake is a value the user could give by mistake for param instead of
// right (a typo, an old id), valid against the schema, as JSON text; right
// itself when the schema admits nothing else.
func (b *builder) mistake(t *catalog.Tool, param string, right any) string {
	schema, _ := t.ParamSchema(param)
	sch, err := t.InputDoc.At("/properties/" + jsonschema.EscapePointerToken(param))
	rightJSON, _ := json.Marshal(right)
	for range 4 {
		raw, _ := json.Marshal(b.vals.Mistake(t.Input, schema, param, right))
		if string(raw) != string(rightJSON) && (err != nil || len(sch.ValidateJSON(raw)) == 0) {
			return string(raw)
		}
	}
	return string(rightJSON)
}

// humanForm is a form of value a person writes that the parameter's schema
// rejects, as JSON text.
func (b *builder) humanForm(t *catalog.Tool, param string, value any) (string, bool) {
	s, ok := t.ParamSchema(param)
	if !ok {
		return "", false
	}
	sch, err := t.InputDoc.At("/properties/" + jsonschema.EscapePointerToken(param))
	if err != nil {
		return "", false
	}
	var rejected []string
	for _, f := range humanForms(param, s, value, "") {
		raw, _ := json.Marshal(f)
		if len(sch.ValidateJSON(raw)) > 0 {
			rejected = append(rejected, string(raw))
		}
	}
	if len(rejected) == 0 {
		return "", false
	}
	return rejected[b.r.IntN(len(rejected))], true
}
