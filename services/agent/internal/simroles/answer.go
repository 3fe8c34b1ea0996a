package simroles

import (
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// answer reports the current intent's results in sentences: the significant
// fields of each result, a comparison when the user asked to compare, the
// figures a program computed, what failed and what was done about it, and
// what was not done because its condition did not hold.
func answer(s *rollout.State, r *rand.Rand, next rollout.Action) llm.Message {
	calls := s.Plan.IntentCalls(s.Intent)
	if len(calls) == 0 {
		return everydayAnswer(s, r)
	}
	var g gathered
	for _, c := range calls {
		g.add(s, r, c)
	}
	// An aggregating answer draws on at least two results.
	need := 1
	if aggregating(s) {
		need = 2
	}
	body, compared := resultSentences(s, r, g.results)
	if carrySuccess(s, append(slices.Clone(body), g.sentences...), g.results, need) {
		body, compared = resultSentences(s, r, g.results)
	}
	body = append(body, g.sentences...)
	body = withUnquoted(s, r, body, g.results, need)
	// Every action of the request is told, even one whose reply only
	// repeats what another said (a delete answering with the record a
	// post made): "After I posted bulk for contact, 1 item." alone
	// leaves the deletion unsaid. With nothing worth reading out, each
	// call is told as done, never "the calls went through".
	for _, res := range g.results {
		if !res.said && (len(body) == 0 || !lookup(purposeOf(s, res.call))) {
			if _, isText := textOf(res.out); !isText {
				body = append(body, confirmation(s, r, res, fact{key: "success", value: "yes"}))
			}
		}
	}
	n := len(g.results)
	ov := overview(s, r, g.results, g.troubles, g.failed, compared)
	if ov != "" {
		body, n = append([]string{ov}, body...), 1 // the overview says how many
	}
	if g.failed > 0 {
		n = -1 // not all went through: no lead-in says they did
	}
	text := answerText(r, unframed(moreOnce(body)), n, next.Last, offerKind(s, g.results))
	return llm.Message{Role: "assistant", ReasoningContent: answerReasoning(s, r, g.results, g.troubles, g.failed, compared, ov != ""), Content: text}
}

// overview is the overall picture a request for one combined summary
// opens on ("Overall, all four steps went through (three lookups and one
// change). Here are the specifics."), before the specifics that quote what
// came back; "" for any other answer, and for a comparison, which combines
// by itself.
func overview(s *rollout.State, r *rand.Rand, results []result, troubles, failed int, compared bool) string {
	if !aggregating(s) || compared || len(results) < 2 {
		return ""
	}
	looks, changes := 0, 0
	for _, res := range results {
		if lookup(purposeOf(s, res.call)) {
			looks++
		} else {
			changes++
		}
	}
	var parts []string
	for _, c := range []struct {
		n    int
		noun string
	}{{looks, "lookup"}, {changes, "change"}} {
		switch {
		case c.n == 1:
			parts = append(parts, "one "+c.noun)
		case c.n > 1:
			parts = append(parts, numberWord(c.n)+" "+c.noun+"s")
		}
	}
	what, all := wording.List(parts), numberWord(len(results))
	if failed > 0 {
		// Not all of them went through: say so first.
		total, bad := numberWord(len(results)+failed), numberWord(failed)
		return pick(r, "Overall, "+all+" of the "+total+" steps went through ("+what+") and "+bad+" failed. Here are the specifics.",
			"Taken together: "+what+" went through, but "+bad+" of the "+total+" steps failed. In detail:",
			"The overall picture first: "+all+" of "+total+" steps worked ("+what+"), "+bad+" did not. Then the specifics.")
	}
	if troubles > 0 {
		done := "went through in the end"
		return pick(r, "Overall, all "+all+" steps "+done+" ("+what+"). Here are the specifics.",
			"Taken together: "+what+", and all of them "+done+". In detail:",
			"The overall picture first: "+what+", every one of which "+done+". Then the specifics.",
			"Everything got done — "+what+" — though not all on the first try. The details:",
			"In short, "+what+", all done after a hiccup along the way. Specifics below.",
			"All told: "+what+"; not every one worked at once, but each is done now. Here is what came back.")
	}
	// Six ways to say all went well, as six to say it did in the end:
	// three made "all of them went" the most common 4-gram of a run's
	// answers.
	return pick(r, "Overall, all "+all+" steps went through ("+what+"). Here are the specifics.",
		"Taken together: "+what+", and all of them went through. In detail:",
		"The overall picture first: "+what+", every one of which went through. Then the specifics.",
		"Everything worked — "+what+". The details:",
		"In short, "+what+", none of which ran into trouble. Specifics below.",
		"All told: "+what+", each done without a hitch. Here is what came back.")
}

// moreAvailable follows a list whose page a cursor says goes on.
const moreAvailable = ", with more available"

// moreOnce says once in an answer that more results are available: a
// person says it of the first list a page cursor came with, not of every
// one ("…, with more available. …, with more available").
func moreOnce(body []string) []string {
	said := false
	out := make([]string, len(body))
	for i, b := range body {
		if said {
			b = strings.ReplaceAll(b, moreAvailable, "")
		} else if at := strings.Index(b, moreAvailable); at >= 0 {
			said = true
			at += len(moreAvailable)
			b = b[:at] + strings.ReplaceAll(b[at:], moreAvailable, "")
		}
		out[i] = b
	}
	return out
}

// frames are the openings an action done is said with that, twice in
// one answer, read as a formula ("Just deleted the entities. Just deleted
// the relations."); a second one says it plainly ("I deleted …").
var frames = []string{"Just ", "OK, I ", "All set — ", "Done — ", "I've "}

// unframed says plainly every sentence of an answer that opens on a frame
// an earlier one opened on.
func unframed(body []string) []string {
	out := slices.Clone(body)
	seen := map[string]bool{}
	for i, sent := range out {
		for _, f := range frames {
			rest, ok := strings.CutPrefix(sent, f)
			if !ok {
				continue
			}
			if seen[f] && rest != "" && unicode.IsLower([]rune(rest)[0]) {
				out[i] = "I " + rest
			}
			seen[f] = true
		}
	}
	return out
}

// gathered is what an answer reports of an intent's calls: the results,
// and sentences on what was refused, corrected or skipped; troubles counts
// the failures among them.
type gathered struct {
	results   []result
	sentences []string
	troubles  int
	// failed counts the calls whose results are error bodies: told as
	// not done (errorbody.go).
	failed int
}

// add takes in one planned call of the intent.
func (g *gathered) add(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall) {
	d := s.Done[c.GetId()]
	if d == nil {
		if s.Skipped[c.GetId()] {
			g.sentences = append(g.sentences, skippedSentence(s, r, c))
		}
		return
	}
	if d.Failed && c.GetExpect().GetFails() {
		if line, ok := refusedSentence(s, r, c); ok {
			g.sentences = append(g.sentences, line)
			g.troubles++
		}
		return // else told with its correction
	}
	if cc := c.GetExpect().GetCorrectsCallId(); cc != "" {
		g.sentences = append(g.sentences, recoverySentence(s, r, c, cc))
		g.troubles++
	}
	if plan.IsCode(c) {
		if len(d.Outputs) > 0 {
			g.sentences = append(g.sentences, codeSentence(r, d.Outputs[0]))
		}
		return
	}
	var ons, msgs []string
	for k, o := range d.Outputs {
		args := actualArgs(s, d, k)
		if msg, failed := errorBody(o); failed {
			// An error in a body of its own: told as the failure it is.
			on, param := subjectOf(c, args)
			if on != "" {
				on = namedID(param, on)
			}
			ons, msgs = append(ons, on), append(msgs, msg)
			continue
		}
		g.results = append(g.results, result{call: c, k: k, out: o, args: args})
	}
	if len(msgs) > 0 {
		g.sentences = append(g.sentences, failedSentence(s, r, c, ons, msgs, len(d.Outputs)))
		g.failed += len(msgs)
	}
}

// resultSentences tell the results: a comparison when the user asked to
// compare, then a sentence per result or per iteration; compared says
// whether the comparison was made.
func resultSentences(s *rollout.State, r *rand.Rand, results []result) (body []string, compared bool) {
	used := map[string]bool{} // sentence forms said already: no form twice in one answer
	pair := -1
	if aggregating(s) {
		pair = comparedPair(results)
	}
	if pair >= 0 && removal(purposeOf(s, results[pair].call)) {
		// Two things removed are told as removed, not compared on what
		// their replies held ("The first has 1 entry; the second has 1
		// entry") as if they were still there.
		pair = -1
	}
	if pair >= 0 {
		if cmp := comparison(r, results[pair:pair+2]); cmp != "" {
			body = append(body, cmp)
			compared = true
		}
	}
	again := retold(results)
	for i := range results {
		results[i].said = compared && (i == pair || i == pair+1) || again[i]
	}
	for i := 0; i < len(results); i++ {
		res := results[i]
		if compared && (i == pair || i == pair+1) || again[i] {
			continue // the comparison or a fuller result already gives it
		}
		// The calls of one iteration read as one sentence, one entry each.
		j := i + 1
		for j < len(results) && results[j].call == res.call {
			j++
		}
		if j-i > 1 {
			if f := iterationSentence(s, r, results[i:j], used); f != "" {
				body = append(body, f)
				for k := i; k < j; k++ {
					results[k].said = true
				}
				i = j - 1
				continue
			}
		}
		if f := resultSentence(s, r, res, len(results), used); f != "" {
			body = append(body, f)
			results[i].said = true
		}
	}
	return body, compared
}

// withUnquoted makes every result reported: one that no sentence quotes
// yet (its telling fields reworded, or compared on short numbers) gets its
// first significant value stated as returned.
func withUnquoted(s *rollout.State, r *rand.Rand, body []string, results []result, need int) []string {
	// One frame said again for each result of an iteration ("For the
	// first one, the default is 11.81. For the first one, the default is
	// 34.61. …") is said once, the other results' values after it.
	frames := map[string]int{}
	more := map[int][]string{}
	for _, res := range results {
		joined := strings.Join(body, " ")
		if _, isText := textOf(res.out); isText || mediaSentence(r, res) != "" {
			continue // told as text or media: shown, counted or confirmed
		}
		key, val, ok := firstSignificant(res.out)
		if c := onlyCursor(res.out); !ok && c != "" && !quotesAny(joined, res.out) {
			// A page that holds nothing but where the next starts: the
			// cursor is all there is to give, said for what it is.
			body = append(body, pick(r, "Nothing came back on this page, though more results are available (the token for the next page is "+c+").",
				"This page came back empty, but there is more to fetch: the next page starts at "+c+"."))
			continue
		}
		if !ok || quotesAny(joined, res.out) {
			continue
		}
		if remarkOnly(res.out, purposeOf(s, res.call)) {
			// A confirmation whose only words are a stock remark: told as
			// done already; quoted only when the answer would otherwise
			// draw on fewer results than it needs.
			if quotedOthers(joined, res, results) < need {
				if !strings.HasSuffix(val, ".") && !strings.HasSuffix(val, "!") {
					val += "."
				}
				body = append(body, pick(r, "The service confirmed: "+val, "Its reply: "+val))
			}
			continue
		}
		if isBlob(val) && quotedOthers(joined, res, results) >= need {
			continue // told by its kind and size; the data itself is read to no one
		}
		if tellsNothing(res, key, val) && quotedOthers(joined, res, results) >= need {
			continue // the answer draws on enough results without it
		}
		line := unquotedSentence(r, purposeOf(s, res.call), res, key, val)
		frame := res.call.GetToolName() + "\x00" + key
		if i, ok := frames[frame]; ok && strings.Contains(line, val) {
			more[i] = append(more[i], val)
			continue
		}
		frames[frame] = len(body)
		body = append(body, line)
	}
	for i, vals := range more {
		body[i] = strings.TrimSuffix(body[i], ".") + "; in the other results it is " + wording.List(vals) + "."
	}
	return body
}

// carrySuccess marks the results whose one success word the answer must
// draw on and does not yet ({"status": "success"} when no other result is
// quoted): their confirmation carries it ("I logged out successfully")
// rather than read it back after. It reports whether it marked any.
func carrySuccess(s *rollout.State, body []string, results []result, need int) bool {
	joined := strings.Join(body, " ")
	marked := false
	for i, res := range results {
		bare := bareSuccess(res.out) != "" || bareState(res.out, purposeOf(s, res.call)) != ""
		if bare && !quotesAny(joined, res.out) && quotedOthers(joined, res, results) < need {
			results[i].carry = true
			marked = true
		}
	}
	return marked
}

// remarkOnly reports whether a result says nothing but that it succeeded:
// its only texts are stock remarks ({"success": true, "message": "Done."})
// or say that the call's purpose was done ("Relations deleted.").
func remarkOnly(out any, purpose string) bool {
	o, ok := out.(map[string]any)
	if !ok {
		return false
	}
	texts := 0
	for _, v := range o {
		switch x := v.(type) {
		case bool:
		case string:
			if _, again := restatedAt(x, purpose); !again {
				return false
			}
			texts++
		default:
			return false
		}
	}
	return texts > 0
}

// quotedOthers counts the other results of res's request quoted in the
// answer so far.
func quotedOthers(joined string, res result, results []result) int {
	n := 0
	for _, o := range results {
		if o.call != res.call && o.call.GetIntent() == res.call.GetIntent() && quotesAny(joined, o.out) {
			n++
		}
	}
	return n
}

// answerText joins the answer's sentences, with at times a lead-in and,
// unless the conversation ends here, an offer of more.
func answerText(r *rand.Rand, body []string, n int, last bool, kind string) string {
	text := joinSentences(body)
	if text == "" {
		text = pick(r, "The calls went through but returned nothing worth reporting.", "Everything ran, though the results came back empty.")
	}
	if lead := leadIn(r, n); lead != "" && !acknowledges(text) {
		text = lead + " " + text
	}
	if !last && r.IntN(4) == 0 {
		text += " " + offer(r, kind)
	}
	return text
}

// offer is how an answer that does not end the conversation now and then
// offers more: on what it told where it can (one of the things it listed,
// more to do after a change), else in a few plain words; one stock line
// after every third answer was a formula.
func offer(r *rand.Rand, kind string) string {
	switch kind {
	case "listed":
		return pick(r, "Want the details of any of them?", "Should I look closer at one of them?", "I can open any of these if you like.", "Shall I dig into one of them?")
	case "changed":
		return pick(r, "Anything else to change?", "Need anything else done?", "Anything else I should take care of?", "Is there more to do on this?")
	}
	return pick(r, "Anything else?", "What would you like next?", "Let me know if you need more.", "Want me to look into anything else?")
}

// offerKind says what an answer's results were, for its offer of more:
// "listed" when one listed several things, "changed" when a call acted
// rather than looked something up, "" else.
func offerKind(s *rollout.State, results []result) string {
	kind := ""
	for _, res := range results {
		if len(entriesOf(res.out)) > 1 {
			return "listed"
		}
		if !lookup(purposeOf(s, res.call)) {
			kind = "changed"
		}
	}
	return kind
}

// acknowledges reports whether an answer opens as a lead-in would ("OK, I
// removed …", "Done — …", "All set: …", "Here's …"): another before it
// ("Okay, both are done. OK, I removed …") says it twice.
func acknowledges(text string) bool {
	first, _, _ := strings.Cut(text, " ")
	switch strings.ToLower(strings.TrimRight(first, ".,:;!—")) {
	case "ok", "okay", "done", "all", "finished", "that's", "got", "here", "here's", "results", "sure", "right":
		return true
	}
	return false
}

// varied picks one of forms not used yet in this answer (any once all
// are); a form is known by its place in the list.
func varied(r *rand.Rand, used map[string]bool, forms ...string) string {
	key := func(i int) string { return strconv.Itoa(i) + "/" + strconv.Itoa(len(forms)) }
	var fresh []int
	for i := range forms {
		if !used[key(i)] {
			fresh = append(fresh, i)
		}
	}
	i := r.IntN(len(forms))
	if len(fresh) > 0 {
		i = fresh[r.IntN(len(fresh))]
	}
	used[key(i)] = true
	return forms[i]
}

// quotesAny reports whether text quotes one of doc's significant leaves as
// returned.
func quotesAny(text string, doc any) bool {
	for _, l := range plan.Leaves(doc) {
		if plan.Significant(l) && (strings.Contains(text, plan.Text(l)) || retells(text, plan.Text(l))) {
			return true
		}
	}
	return false
}

// retells reports whether text tells a text leaf by a figure, a name or a
// path in it, as the outcome check reads answers: a message "Contact
// added at 16:15 UTC." is told by an answer that says when ("… at 16:15
// UTC").
func retells(text, leaf string) bool {
	if !strings.Contains(leaf, " ") {
		return false
	}
	for _, w := range strings.Fields(leaf) {
		w = strings.Trim(w, ".,;:()[]\"'")
		if len(w) >= 5 && strings.ContainsAny(w, "/._0123456789") && strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// firstSignificant returns the first significant leaf of doc (keys in
// order) with the field that holds it.
func firstSignificant(doc any) (key, text string, ok bool) {
	var walk func(k string, v any) bool
	walk = func(k string, v any) bool {
		switch x := v.(type) {
		case map[string]any:
			for _, kk := range slices.Sorted(maps.Keys(x)) {
				if !paging(x, kk) && walk(kk, x[kk]) {
					return true
				}
			}
		case []any:
			for _, e := range x {
				if walk(k, e) {
					return true
				}
			}
		default:
			if plan.Significant(x) && !secretField(k, x) {
				if s, isText := x.(string); isText && (machineID(s) || isBlob(s)) {
					if !ok {
						key, text, ok = k, s, true // only when nothing else is
					}
					return false
				}
				key, text, ok = k, plan.Text(x), true
				return true
			}
		}
		return false
	}
	walk("value", doc)
	return key, text, ok
}

// onlyCursor is the page cursor of an output that holds nothing else of
// note ({"nextToken": "…"} and no entries), "" for any other.
func onlyCursor(out any) string {
	o, ok := out.(map[string]any)
	if !ok {
		return ""
	}
	c := ""
	for k, v := range o {
		str, isText := v.(string)
		switch {
		case isText && str != "" && ident.PageCursor(k, ""):
			c = str
		case plan.Significant(v):
			return ""
		}
	}
	return c
}

// result is one successful output of a cluster tool.
type result struct {
	call *blueprintv1.PlannedCall
	k    int
	out  any
	args map[string]any
	// carry is true when the answer must tell the result's one success
	// word as it came (see carrySuccess).
	carry bool
	// said is true once a sentence of the answer tells the result.
	said bool
}

// leadIn is an occasional opening; most answers start with the facts. n
// is the number of results told, below 0 when some calls failed.
func leadIn(r *rand.Rand, n int) string {
	if r.IntN(4) != 0 {
		return ""
	}
	// Several results open, when they do, on how many there are: a
	// stock opening ("Here's the rundown.") says nothing and recurs.
	switch {
	case n < 0:
		return pick(r, "Here's how it went.", "Here's where things stand.", "Not everything worked; here's the detail.")
	case n == 2:
		return pick(r, "Okay, both are done.", "Both went through.", "The two are done.", "Both came back fine.", "Each of the two went through.", "Both worked.")
	case n > 2:
		k := numberWord(n)
		return pick(r, "All "+k+" went through.", "All "+k+" are done.", "Each of the "+k+" worked.", "The "+k+" are done.", "All "+k+" came back fine.", "All "+k+" are back.")
	}
	return pick(r, "Done.", "Got it.", "All right.", "Here you go.")
}

// numberWord is a small count in words ("three"), a larger one in digits.
func numberWord(n int) string {
	if n >= 0 && n < len(smallNumbers) {
		return smallNumbers[n]
	}
	return strconv.Itoa(n)
}

var smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// answerReasoning says what the answer rests on; troubles counts the
// failures the answer tells of (refused actions, recovered calls), compared
// whether the answer compares two results, combined whether it opens on
// the overall picture the user asked for.
func answerReasoning(s *rollout.State, r *rand.Rand, results []result, troubles, failed int, compared, combined bool) string {
	var tools []string
	for _, res := range results {
		if !slices.Contains(tools, res.call.GetToolName()) {
			tools = append(tools, res.call.GetToolName())
		}
	}
	what := wording.List(tools)
	if what == "" {
		what = "the calls"
	}
	parts := []string{pick(r,
		"I have what the user asked for from "+what+".",
		"Everything the request needs is back: "+what+".",
		"The results from "+what+" cover the request; time to summarise.",
		"That's all the data I need ("+what+"). Let me put it in plain words.",
		"With "+what+" answered, I can reply.")}
	if combined {
		// The plan the answer follows, not a stock opening: the user
		// asked for one combined summary.
		parts = []string{pick(r, "The user asked for one combined summary, so I'll lead with the overall picture and then give the specifics.",
			"One combined reply was requested: first how it all went, then what each step returned.",
			"Since everything should come together in one summary, I'll open with the overall picture before the details from "+what+".")}
	}
	if compared {
		parts = append(parts, pick(r, "The user wanted a comparison, so I'll put the numbers side by side.", "I should compare them, not just list them."))
	}
	if troubles > 0 {
		parts = append(parts, pick(r, "I'll also mention what went wrong along the way and how it was handled.", "The hiccup on the way is worth mentioning too."))
	}
	if failed > 0 {
		parts = append(parts, pick(r, "Not everything worked, though: a reply came back with an error in it, so I'll say that step failed rather than call it done.",
			"One thing to be honest about: an error came back in place of a result, and I shouldn't report that as done.",
			"A call answered with an error body; I'll tell the user it failed and what the service said."))
	}
	return strings.Join(parts, " ")
}

// aggregating reports whether the answer being written is the one that
// must bring the plan's results together (another intent's is not).
func aggregating(s *rollout.State) bool {
	return s.Intent == s.Plan.AggregateIntent()
}

// comparedPair is where the two results a request compares start: two
// results in a row of one tool from two calls (the case and the second
// case), whatever else the request asked for beside them; -1 when there
// are none.
func comparedPair(rs []result) int {
	for i := 0; i+1 < len(rs); i++ {
		if rs[i].call != rs[i+1].call && rs[i].call.GetToolName() == rs[i+1].call.GetToolName() {
			return i
		}
	}
	return -1
}

// actualArgs are the arguments of the k-th actual call realising d.
func actualArgs(s *rollout.State, d *rollout.Realised, k int) map[string]any {
	if k >= len(d.CallIDs) {
		return nil
	}
	for _, m := range s.Messages {
		for _, tc := range m.ToolCalls {
			if tc.ID == d.CallIDs[k] {
				v, err := plan.Decode(tc.Function.Arguments)
				if err != nil {
					return nil
				}
				out, _ := v.(map[string]any)
				return out
			}
		}
	}
	return nil
}

// subject names what a call was about: its first significant argument
// that the user gave or an earlier result supplied (not a setting the
// assistant chose).
func subject(c *blueprintv1.PlannedCall, args map[string]any) string {
	v, _ := subjectOf(c, args)
	return v
}

// subjectOf is subject with the parameter that holds it.
func subjectOf(c *blueprintv1.PlannedCall, args map[string]any) (value, param string) {
	for _, a := range c.GetArguments() {
		if a.GetLiteralJson() != "" || secret(a.GetParam()) || modifier(a.GetParam()) {
			continue
		}
		v, ok := plan.Param(args, a.GetParam())
		if _, isText := v.(string); ok && isText && plan.Significant(v) {
			if s, ok := v.(string); ok && (sentence(s) || machineID(s) || flagText(s)) {
				// a sentence or a machine's id is no name for a result,
				// nor a flag sent as text ("For false, the username is …")
				continue
			}
			return plan.Text(v), a.GetParam()
		}
	}
	return "", ""
}

var allDigits = regexp.MustCompile(`^\d+$`)

// namesThing reports whether parameter param names the thing purpose acts
// on ("issue_number" for "get an issue"), or purpose names no thing: a
// result is told for the value of the thing it is, never for the scope it
// was looked up in ("For benton_l, the status is closed" of an issue in
// benton_l's repository). What was found in a scope is told for it ("For
// rachel.carr, I found 3 tweets").
func namesThing(param, purpose string) bool {
	thing := recordNoun(purpose)
	if thing == "" {
		thing = purposeNoun(purpose)
	}
	ts := strings.Fields(strings.ToLower(thing))
	if len(ts) == 0 {
		return true
	}
	head := wording.Singular(ts[len(ts)-1])
	return slices.ContainsFunc(wording.Words(param), func(w string) bool { return wording.Singular(strings.ToLower(w)) == head })
}

// flagText is a yes/no sent as text ("false", "Yes").
func flagText(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "false", "yes", "no", "on", "off":
		return true
	}
	return false
}

// namedID says a subject that is an identifier with what it identifies
// ("receiver ID REC-57293", "order number 10442"), the way one cites an id
// in passing: a bare code in brackets ("sent a message (REC-57293)") reads
// as the thing itself. A name ("Ana Ruiz", "report.pdf") stays as it is.
func namedID(param, value string) string {
	ws := wording.Words(param)
	if len(ws) == 0 {
		return value
	}
	last := strings.ToLower(ws[len(ws)-1])
	switch {
	case idWords[last] && len(ws) > 1, codeText.MatchString(value):
		noun := wording.Phrase(param)
		if idWords[last] && len(ws) == 1 {
			noun = "ID"
		}
		return noun + " " + value
	}
	return value
}

// idWords end the names of parameters that hold identifiers.
var idWords = map[string]bool{"id": true, "ids": true, "identifier": true, "uuid": true, "number": true, "no": true, "code": true, "ref": true, "reference": true}

// pathLike is a path or a file's name ("/home/ana/docs", "notes.pdf").
var pathLike = regexp.MustCompile(`^(?:/\S+|[\w.-]+\.[A-Za-z0-9]{1,5})$`)

// codeText is a code a system makes: capitals, a dash, digits ("REC-57293").
var codeText = regexp.MustCompile(`^[A-Z]{2,6}-?\d{3,}$`)

// machineID reports whether a text is an id made for machines that a
// person would not read out: a UUID, a long run of hex digits, a prefixed
// random token ("card_CC3hqY5kQw").
func machineID(s string) bool {
	return uuidText.MatchString(s) || hexText.MatchString(s) || tokenText.MatchString(s)
}

func isBlob(s string) bool { _, ok := blob(s); return ok }

// blob says what a base64-encoded value is ("a PNG image of about 62
// bytes", by the bytes its data opens with), ok false for any other text:
// data no one reads out, told by its kind and size.
func blob(s string) (what string, ok bool) {
	if len(s) < 40 || !base64Text.MatchString(s) || hexText.MatchString(s) || !strings.ContainsAny(s, "0123456789") || strings.ToLower(s) == s || strings.ToUpper(s) == s {
		return "", false
	}
	size := len(strings.TrimRight(s, "=")) * 3 / 4
	what = "base64-encoded data"
	for _, k := range blobKinds {
		if strings.HasPrefix(s, k.prefix) {
			what = k.what
		}
	}
	return wording.WithArticle(what) + " of about " + strconv.Itoa(size) + " bytes", true
}

var (
	base64Text = regexp.MustCompile(`^[A-Za-z0-9+/]+={0,2}$`)
	blobKinds  = []struct{ prefix, what string }{{"iVBORw0KGgo", "PNG image"}, {"/9j/", "JPEG image"}, {"R0lGOD", "GIF image"},
		{"JVBERi0", "PDF file"}, {"UEsDB", "ZIP archive"}, {"UklGR", "RIFF file"}, {"SUQz", "MP3 audio file"}}
)

var (
	uuidText  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	hexText   = regexp.MustCompile(`^[0-9a-fA-F]{16,}$`)
	tokenText = regexp.MustCompile(`^[a-z]{2,8}_[A-Za-z0-9]{10,}$`)
)

// searched reports whether subj is what call c searched for: the value of
// a query parameter.
func searched(c *blueprintv1.PlannedCall, subj string) bool {
	for _, a := range c.GetArguments() {
		if u := a.GetUser(); u != nil && wording.Queried(a.GetParam(), u.GetDescription(), subj) {
			return true
		}
	}
	return false
}

// modifier reports whether a parameter shapes the answer (its order, page,
// format, a state filter) rather than naming what it is about: "For desc,
// the total is 43" names nothing.
func modifier(param string) bool {
	switch strings.ToLower(param) {
	case "order", "direction", "sort", "sort_by", "order_by", "page", "per_page", "limit", "offset", "format", "state", "status", "type", "mode", "fields", "include", "lang", "language", "units", "unit":
		return true
	}
	return false
}

// sentence reports whether a text is a sentence rather than a name.
func sentence(s string) bool {
	return len(s) > 40 || len(strings.Fields(s)) > 3 || strings.ContainsAny(s, ".?!,:;") && !strings.HasPrefix(s, "@") && strings.Contains(s, " ")
}

// secret reports whether a parameter holds a credential, which an answer
// never names a result by.
func secret(param string) bool {
	l := strings.ToLower(param)
	for _, w := range []string{"password", "secret", "token", "key", "auth", "credential", "pin"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// argValues are the values a call was made with, as a reader names them
// ("24.79 and 189"), credentials left out.
func argValues(c *blueprintv1.PlannedCall, args map[string]any) string {
	var vals []string
	for _, a := range c.GetArguments() {
		if secret(a.GetParam()) {
			continue
		}
		if v, ok := plan.Param(args, a.GetParam()); ok {
			switch x := v.(type) {
			case map[string]any, []any:
				continue
			case string:
				if sentence(x) || machineID(x) {
					continue // a UUID names nothing a person reads
				}
			}
			vals = append(vals, plan.Text(v))
		}
	}
	if len(vals) > 3 {
		return ""
	}
	return wording.List(vals)
}

// fact is one field of a result in words.
type fact struct {
	key, words, value string
	score             int
	// list is true for a list told by its count and first labels ("7
	// entities (…)"): long as it may be, it is not a paragraph of text.
	list bool
	// labels names every element of a list, for a comparison of two.
	labels []string
	// owner names the thing inside the record the field belongs to
	// ("namespace"), "" for the record's own.
	owner string
	// at is when an action was done as its reply said it (" at 16:15
	// UTC"), told inside the sentence that confirms it.
	at string
	// secret is true for a credential, told without its value (value
	// says how long it holds); issued when the call made it.
	secret, issued bool
	// parts are the values a fact of two fields gives ("from LAX to
	// JFK" gives LAX and JFK).
	parts []string
	// foreign is true for the id of another thing than the one the
	// call acts on ("partner_id" in a job edited).
	foreign bool
}

// facts picks up to n significant fields of a result, most telling first.
func facts(doc any, n int) []fact {
	w := &factWalk{doc: doc}
	w.walk("result", doc, 0, nil)
	out := w.out
	slices.SortStableFunc(out, func(a, b fact) int { return b.score - a.score })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// factWalk gathers the facts of a result doc.
type factWalk struct {
	doc any
	out []fact
}

func (w *factWalk) walk(key string, v any, depth int, owners []string) {
	switch x := v.(type) {
	case map[string]any:
		if depth > 2 {
			return
		}
		// An object inside the record is another thing the record
		// points to (its namespace, its creator): its fields are said
		// with it ("its namespace is leading-prod"), never as the
		// record's own ("the name is leading-prod"). An envelope
		// ({"data": {…}}, the one field of the reply) is the record.
		if depth > 0 && !envelope(key, depth, w.doc) {
			owners = append(slices.Clip(owners), key)
		}
		w.object(x, depth, owners)
	case []any:
		// Entries with nothing in them ({"item": [{}]}) are no news:
		// "The reply lists 1 item." says nothing of what was done.
		if len(x) == 0 || !slices.ContainsFunc(x, func(e any) bool { m, ok := e.(map[string]any); return !ok || len(m) > 0 }) {
			return
		}
		w.out = append(w.out, partList(listFact(key, x), owners))
	default:
		if f, ok := leafFact(key, x, ""); ok && f.value != "" {
			w.out = append(w.out, f)
		}
	}
}

// object gathers the fields of an object of the result, owned by owners.
func (w *factWalk) object(x map[string]any, depth int, owners []string) {
	// A currency next to an amount belongs with it; a total next to
	// a list is the list's ("3 of 58 issues").
	cur, _ := x["currency"].(string)
	total, totalKey := listTotal(x)
	unitKey, measured := unitOf(x)
	secrets, withSecret := secretFacts(x, owners)
	parts, inParts := partsFacts(x, owners)
	w.out = append(append(w.out, secrets...), parts...)
	from := len(w.out)
	defer w.more(x, from)
	for _, k := range slices.Sorted(maps.Keys(x)) {
		// Beside a list every count of it ("count": 2 beside
		// "total": 58) is the list's: told with it or not at all.
		if k == "currency" && cur != "" || k == totalKey || k == unitKey || paging(x, k) || totalKey != "" && slices.Contains(totalKeys, k) || withSecret[k] || inParts[k] {
			continue
		}
		if child, ok := x[k].(map[string]any); ok && depth < 2 && sameRecord(child, x) {
			w.object(child, depth+1, owners) // the record told again: its fields are the record's
			continue
		}
		if xs, isList := x[k].([]any); isList && totalKey != "" && len(xs) > 0 {
			w.out = append(w.out, ofTotalList(k, xs, total, owners))
			continue
		}
		if f, ok := leafFact(k, x[k], cur); ok {
			if k == measured {
				f.value += " " + x[unitKey].(string) // "40.18 µSv/h"
			}
			if f.value != "" {
				if f, ok := owned(f, x[k], owners); ok {
					w.out = append(w.out, f)
				}
			}
			continue
		}
		w.walk(k, x[k], depth+1, owners)
	}
}

// more says once, on the first list x gave (from on in w.out), that more
// results are available when x holds a page cursor: "3 buckets (…), with
// more available", never the cursor itself. A total beside the list says
// how many there are already.
func (w *factWalk) more(x map[string]any, from int) {
	if _, totalKey := listTotal(x); totalKey != "" || !morePages(x) {
		return // a total says how many there are
	}
	for i := from; i < len(w.out); i++ {
		if w.out[i].list {
			if !strings.Contains(w.out[i].value, " of ") {
				w.out[i].value += moreAvailable
			}
			return
		}
	}
}

// envelopeKeys hold the record itself, not a thing it points to.
var envelopeKeys = map[string]bool{"data": true, "result": true, "results": true, "response": true, "attributes": true, "properties": true,
	"fields": true, "details": true, "info": true, "record": true, "item": true, "payload": true, "body": true, "value": true, "output": true}

// envelope reports whether the object under key, at depth, wraps the
// record rather than being another thing: a field named as an envelope,
// or the one field of the reply.
func envelope(key string, depth int, doc any) bool {
	if envelopeKeys[strings.ToLower(key)] {
		return true
	}
	m, _ := doc.(map[string]any)
	return depth == 1 && len(m) == 1
}

// ownerWords names the things a nested field belongs to, outermost first:
// "namespace", "creator's company".
func ownerWords(owners []string) string {
	out, last := "", ""
	for i, o := range owners {
		// "booking_history", "user_details": the booking's, the user's
		ws := strings.Fields(wording.Phrase(o))
		if len(ws) > 1 && (collective[ws[len(ws)-1]] || envelopeKeys[ws[len(ws)-1]] || ws[len(ws)-1] == "information") {
			ws = ws[:len(ws)-1]
		}
		np := strings.Join(ws, " ")
		switch {
		case i > 0 && strings.HasPrefix(strings.ToLower(np), strings.ToLower(last)+" "):
			// {"group": {"group_management_type": …}}: the group
			// management type, not "the group's group management type"
			out = strings.TrimSuffix(out, last) + np
		case i > 0:
			out = possessive(out) + " " + np
		default:
			out = np
		}
		last = np
	}
	return out
}

// lastOwner is the innermost owner of ownerWords' phrase: "company" of
// "creator's company".
func lastOwner(who string) string {
	if i := strings.LastIndex(who, "' "); i >= 0 {
		who = who[i+2:]
	}
	if i := strings.LastIndex(who, "'s "); i >= 0 {
		who = who[i+3:]
	}
	return who
}

// possessive is a noun phrase owning what follows: "creator's",
// "energies'".
func possessive(np string) string {
	if strings.HasSuffix(np, "s") {
		return np + "'"
	}
	return np + "'s"
}

// owned words a field of an object inside the record with its owner: a
// name is the owner's ("namespace leading-prod"), an id the owner's ID,
// any other field the owner's ("creator's email address"); a flag or
// bookkeeping time of another thing is not news and is dropped (ok false).
func owned(f fact, v any, owners []string) (fact, bool) {
	if len(owners) == 0 {
		return f, true
	}
	if _, isFlag := v.(bool); isFlag || bookkeepingTime(strings.ToLower(f.key)) || slices.ContainsFunc(owners, envelopeOfPaging) {
		return fact{}, false
	}
	who := ownerWords(owners)
	switch {
	case slices.Contains(nameKeys, f.key):
		f.words = who
	case idKey(f.key):
		f.words = who + " ID"
	case f.words == "":
		// a count ("3 answers") reads as the owner's
		f.value += " for the " + who
	case strings.Contains(" "+strings.ToLower(f.words)+" ", " "+strings.ToLower(lastOwner(who))+" "):
		// {"group": {"group_name": …}}: the group name, not "the
		// group's group name"; {"attendance": {"average_attendance_time":
		// …}}: the average attendance time, not "the attendance's
		// average attendance time"
		f.words = strings.TrimSuffix(who, lastOwner(who)) + f.words
	default:
		f.words = possessive(who) + " " + f.words
	}
	f.owner = who
	f.key = strings.Join(owners, ".") + "." + f.key
	f.score -= 2 // the record's own fields come first
	return f, true
}

// partList is a list fact of a part of the record: a list it holds under
// a word that says nothing ({"energies": {"data": [...]}}) is of that
// part, "3 energies", not "3 entries".
func partList(f fact, owners []string) fact {
	f.owner = ownerWords(owners)
	m := entriesCount.FindStringSubmatch(f.value)
	if m == nil || len(owners) == 0 {
		return f
	}
	noun := wording.Plural(wording.Phrase(owners[len(owners)-1]))
	if m[1] == "1 " && m[2] == "" {
		noun = wording.Singular(noun)
	}
	f.value = m[1] + m[2] + noun + f.value[len(m[0]):]
	return f
}

// ofTotalList is a list told beside the count of all its matches: "1 of
// 25 entries", the noun counting the total.
func ofTotalList(k string, xs []any, total int, owners []string) fact {
	f := listFact(k, xs)
	f.owner = ownerWords(owners)
	if total > len(xs) {
		rest := strings.TrimPrefix(f.value, strconv.Itoa(len(xs))+" ")
		noun, labels, _ := strings.Cut(rest, " (")
		f.value = strconv.Itoa(len(xs)) + " of " + strconv.Itoa(total) + " " + wording.Plural(noun)
		if labels != "" {
			f.value += " (" + labels
		}
	}
	return f
}

// unitOf finds a unit told beside the one figure it measures
// ({"value": "40.18", "units": "µSv/h"}): the unit's field and the
// figure's, said together as "40.18 µSv/h"; "" and "" when there is no
// such pair.
func unitOf(x map[string]any) (unitKey, measured string) {
	for _, k := range []string{"units", "unit", "uom"} {
		if u, ok := x[k].(string); ok && u != "" && len(u) <= 16 {
			unitKey = k
		}
	}
	if unitKey == "" {
		return "", ""
	}
	for k, v := range x {
		if k == unitKey {
			continue
		}
		if _, isNum := plan.Number(v); !isNum {
			if _, isList := v.([]any); isList {
				continue // the list's own entries are no figure
			}
			if str, ok := v.(string); !ok || !numberText.MatchString(str) {
				continue
			}
		}
		if measured != "" {
			return "", "" // two figures: which one the unit measures is unclear
		}
		measured = k
	}
	if measured == "" {
		return "", ""
	}
	return unitKey, measured
}

var numberText = regexp.MustCompile(`^-?\d+(\.\d+)?$`)

// envelopeOfPaging reports whether an object only says where a page of a
// list sits or carries request metadata ("token_pagination", "meta",
// "links"): none of its fields is news about the record.
func envelopeOfPaging(key string) bool {
	l := strings.ToLower(key)
	return bookkeeping[l] || strings.Contains(l, "pagination") || strings.Contains(l, "paging") || strings.Contains(l, "page_info") || strings.Contains(l, "pageinfo")
}

// leafFact renders a scalar field, or reports that v is not a scalar.
func leafFact(key string, v any, currency string) (fact, bool) {
	switch v.(type) {
	case map[string]any, []any:
		return fact{}, false
	case nil:
		return fact{}, false
	}
	words := wording.Phrase(key)
	text := plan.Text(v)
	f := fact{key: key, words: words, value: text, score: fieldScore(key, v)}
	lk := strings.ToLower(key)
	if n, ok := plan.Number(v); ok && (n == 0 || n == 1) && (faultFlag(lk) || slices.Contains(outcomeKeys, lk)) {
		v = n == 1 // "success": 1 is a flag, not an amount
	}
	switch x := v.(type) {
	case bool:
		if x {
			f.value = "yes"
		} else {
			f.value = "no"
		}
		f.score -= 2
	case string:
		if strings.TrimSpace(x) == "" {
			return fact{}, true // an empty text says nothing
		}
		f = textFact(f, x)
	default:
		if at, ok := epoch(key, v); ok {
			// A time sent as seconds since 1970 reads as the date it is.
			f.value = at.Format("2006-01-02") + " at " + at.Format("15:04") + " UTC"
			f.words = onDate(f.words)
			break
		}
		if _, ok := plan.Number(v); ok {
			switch {
			case money(lk) && currency != "":
				f.value = moneyText(text, currency)
			case strings.Contains(lk, "percent") || strings.HasSuffix(lk, "_pct"):
				f.value = text + "%"
			}
			if noun, measure, ok := wording.Measured(f.words, text); ok {
				// "size bytes" 579 is the size, 579 bytes: the unit is said
				// after the number, never as a noun ("the size bytes are").
				f.words, f.value = noun, measure
			}
			if c := wording.CountOf(key); c != "" {
				f.words, f.value = "", text+" "+c
			}
		}
	}
	return f, true
}

// textFact words a text field: a timestamp as date and time, a base64
// blob by what it is, a long text quoted.
func textFact(f fact, x string) fact {
	if m := dateTime.FindStringSubmatch(x); m != nil {
		// A timestamp reads as date and time; the date stays as written.
		f.value = m[1] + " at " + m[2]
		if m[3] == "Z" || m[3] == "+00:00" {
			f.value += " UTC"
		}
		f.words = onDate(f.words)
		return f
	}
	if what, ok := blob(x); ok {
		f.value = what // "a PNG image of about 62 bytes", never the data
		return f
	}
	if strings.Contains(x, " ") && len(x) > 24 {
		f.value = `"` + plan.Clip(x, 160) + `"`
	}
	return f
}

// epoch reads a number in a time field ("creationTime": 1735743263,
// "expires_ms": 1735743263000) as the moment it counts to: seconds or
// milliseconds since 1970 within the years 2001 to 2100.
func epoch(key string, v any) (time.Time, bool) {
	n, ok := plan.Number(v)
	if !ok || n != float64(int64(n)) || !timeField(key) {
		return time.Time{}, false
	}
	switch {
	case n >= 1e9 && n < 4.1e9:
		return time.Unix(int64(n), 0).UTC(), true
	case n >= 1e12 && n < 4.1e12:
		return time.UnixMilli(int64(n)).UTC(), true
	}
	return time.Time{}, false
}

// timeField reports whether a field names a moment ("creationTime",
// "expires_at", "leaseBegin", "ts").
func timeField(key string) bool {
	for _, w := range strings.Fields(strings.ToLower(wording.Phrase(key))) {
		switch w {
		case "time", "date", "timestamp", "at", "on", "ts", "epoch", "created", "updated", "modified", "deleted", "expires", "expiry",
			"expiration", "begin", "start", "end", "since", "until", "deadline", "due", "seen", "datetime",
			"started", "ended", "finished", "completed", "published", "expired", "scheduled", "posted":
			return true
		}
	}
	return false
}

// onDate is a time field's words before its date: when something
// happened is "on" its date ("completed on 2025-02-10 at 13:30 UTC"), not
// "completed at 2025-02-10 at 13:30" or "deleted 2025-02-01 at 17:45".
func onDate(words string) string {
	if head, ok := strings.CutSuffix(words, " at"); ok {
		return head + " on"
	}
	if strings.HasSuffix(words, "ed") {
		return words + " on"
	}
	return words
}

func money(key string) bool {
	for _, w := range []string{"price", "amount", "cost", "total", "balance", "fee", "salary", "revenue", "value", "subtotal", "tax"} {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// moneyText writes an amount with its currency, keeping the digits as
// returned ("$12.5" for 12.5 USD, "89 EUR").
func moneyText(amount, currency string) string {
	switch strings.ToUpper(currency) {
	case "USD":
		return "$" + amount
	case "EUR":
		return "€" + amount
	case "GBP":
		return "£" + amount
	}
	return amount + " " + currency
}

// fieldScore ranks fields by how much a reader wants them in an answer.
func fieldScore(key string, v any) int {
	lk := strings.ToLower(key)
	score := 0
	for _, w := range []string{"name", "title", "status", "total", "price", "amount", "count", "balance", "result", "temperature", "score", "date", "time", "state", "message", "summary", "value", "city", "email", "code", "symbol"} {
		if strings.Contains(lk, w) {
			score += 3
			break
		}
	}
	if lk == "id" || strings.HasSuffix(lk, "_id") || strings.HasSuffix(lk, "id") && len(lk) > 2 && lk[len(lk)-3] != 'i' {
		score--
	}
	// When a record was made or last touched is bookkeeping a person asks
	// for rarely; it is told when nothing else is.
	if bookkeepingTime(lk) {
		score -= 5
	}
	if s, ok := v.(string); ok {
		if len(s) > 80 {
			score -= 2
		}
		if strings.HasPrefix(s, "http") {
			score--
		}
	}
	if plan.Significant(v) {
		score++
	}
	return score
}

// routineKey reports whether a field is a record's status or state.
func routineKey(key string) bool {
	k := strings.ToLower(key)
	return k == "status" || k == "state" || strings.HasSuffix(k, "_status") || strings.HasSuffix(k, "_state")
}

// routineStatus is a status that only says a record exists ("created",
// "active", "ok"): news only when nothing else is.
func routineStatus(f fact) bool {
	k := strings.ToLower(f.key)
	if k != "status" && k != "state" {
		return false
	}
	switch strings.ToLower(strings.Trim(f.value, `"`)) {
	case "created", "active", "ok", "success", "successful", "done", "enabled", "available":
		return true
	}
	return false
}

func bookkeepingTime(key string) bool {
	for _, w := range []string{"created", "creation", "updated", "modified", "modification", "last_seen", "inserted", "timestamp"} {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// listTotal is the count of all matches an output gives beside its list
// ("total": 58), and the field holding it; 0 and "" when there is none or
// no list.
func listTotal(x map[string]any) (int, string) {
	hasList := false
	for _, v := range x {
		if l, ok := v.([]any); ok && len(l) > 0 {
			hasList = true
		}
	}
	if !hasList {
		return 0, ""
	}
	for _, k := range totalKeys {
		if n, ok := plan.Number(x[k]); ok && n >= 0 && n == float64(int(n)) {
			return int(n), k
		}
	}
	// A paging envelope beside the list ("pagination": {"count": 58})
	// holds the total too; the envelope itself is never told.
	for _, k := range slices.Sorted(maps.Keys(x)) {
		if env, ok := x[k].(map[string]any); ok && paging(x, k) {
			for _, t := range totalKeys {
				if n, ok := plan.Number(env[t]); ok && n >= 0 && n == float64(int(n)) {
					return int(n), k
				}
			}
		}
	}
	return 0, ""
}

// totalKeys are the fields that give the count of all matches of a list.
var totalKeys = []string{"total", "total_count", "totalCount", "count", "total_results", "totalResults", "totalElements", "total_elements", "totalItems", "total_items"}

// paging reports whether field k of x only says where a page of a list
// sits (offset, page, pages, per_page, a cursor, a "pagination" envelope):
// the list itself is told, never where its page sits. A limit is paging
// beside a list or another paging field; alone it may be a quota.
func paging(x map[string]any, k string) bool {
	n := pagingName(k)
	if _, isMap := x[k].(map[string]any); isMap {
		return pagingEnvelopes[n]
	}
	if pagingFields[n] || cursor(x, k) {
		return true
	}
	if n != "limit" && n != "maxresults" {
		return false
	}
	for kk, v := range x {
		if l, isList := v.([]any); isList && len(l) > 0 || kk != k && pagingFields[pagingName(kk)] {
			return true
		}
	}
	return false
}

// cursor reports whether field k of x is a page cursor (NextToken,
// Marker, nextLink, an opaque "position" beside a list): where the next
// page starts, which no person reads out; that there is one says only that
// more results are available.
func cursor(x map[string]any, k string) bool {
	if ident.PageCursor(k, "") {
		return true
	}
	ws := ident.Words(k)
	if len(ws) == 0 {
		return false
	}
	switch ws[len(ws)-1] {
	case "token", "marker", "cursor", "position", "link":
	default:
		return false
	}
	v, _ := x[k].(string)
	if !opaqueToken.MatchString(v) || !strings.ContainsAny(v, "0123456789") {
		return false
	}
	for kk, l := range x {
		if xs, isList := l.([]any); isList && kk != k && len(xs) > 0 {
			return true
		}
	}
	return false
}

var opaqueToken = regexp.MustCompile(`^[A-Za-z0-9+/=_.:-]{12,}$`)

// morePages reports whether x holds a page cursor with a value: the list
// beside it goes on past this page.
func morePages(x map[string]any) bool {
	for k, v := range x {
		if str, ok := v.(string); ok && strings.TrimSpace(str) != "" && cursor(x, k) {
			return true
		}
	}
	return false
}

func pagingName(k string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(k))
}

var (
	pagingFields = map[string]bool{"offset": true, "page": true, "pages": true, "perpage": true, "pagesize": true, "pagenumber": true,
		"pagecount": true, "pageindex": true, "totalpages": true, "numpages": true, "nextpage": true, "prevpage": true, "previouspage": true,
		"pagetoken": true, "nextpagetoken": true, "cursor": true, "nextcursor": true, "prevcursor": true, "hasmore": true, "hasnextpage": true,
		"nextoffset": true, "startindex": true, "currentpage": true, "currentelements": true, "numberofelements": true, "itemsperpage": true}
	pagingEnvelopes = map[string]bool{"pagination": true, "paging": true, "page": true, "pageinfo": true}
)

// listFact renders a list field: how many, and the first few by their
// most telling field, the same for each ("3 tickets (Refund, Login and
// Export)"); ids only when nothing else names them, and then said to be
// ids.
func listFact(key string, xs []any) fact {
	by, isID := namingKey(xs)
	if isID && !ownID(key, by) {
		by = "" // a parent's or owner's id names another thing, not the entry
	}
	// A list of credentials ("auth_tokens") is counted, never read out.
	hidden := len(xs) > 0 && secretField(wording.Singular(wording.Phrase(key)), xs[0])
	var labels []string
	for _, x := range xs {
		if len(labels) == 3 || hidden {
			break
		}
		if l := labelBy(x, by); l != "" {
			labels = append(labels, l)
		}
	}
	// Entries that share their label (a user's tweets all carry the
	// user's name) are told apart by a text a person reads, else by their
	// ids.
	if len(labels) > 1 && len(slices.Compact(slices.Clone(labels))) == 1 {
		labels, by, isID = apart(xs, by)
	}
	v := strconv.Itoa(len(xs)) + " " + entryNoun(key, len(xs))
	if isID && (slices.ContainsFunc(labels, machineID) || len(slices.Compact(slices.Sorted(slices.Values(labels)))) < len(labels)) {
		// A UUID is read out by no one, and one ID twice tells nothing
		// apart: the count says it.
		labels = nil
	}
	if len(labels) > 0 {
		more := ""
		if len(xs) > len(labels) {
			more = " among others"
		}
		ids := ""
		if isID {
			ids = "ID "
			if len(labels) > 1 {
				ids = "IDs "
			}
		}
		v += " (" + ids + wording.List(labels) + more + ")"
	}
	var all []string
	for _, x := range xs {
		if !hidden {
			all = append(all, labelBy(x, by))
		}
	}
	return fact{key: key, value: v, score: 4, list: true, labels: all}
}

// entryNoun is what n entries of a list under key are called.
func entryNoun(key string, n int) string {
	noun := wording.Phrase(key)
	for _, suffix := range []string{" list", " array", " items", " collection"} {
		noun = strings.TrimSuffix(noun, suffix)
	}
	// A field that names the list, not its entries, counts what the list
	// holds: a history of transactions is "3 transactions", not "3
	// transaction histories"; a log or a feed holds "2 audit log entries".
	if ws := strings.Fields(noun); len(ws) > 1 && ws[len(ws)-1] == "history" {
		noun = strings.Join(ws[:len(ws)-1], " ")
	} else if len(ws) > 0 && collective[ws[len(ws)-1]] {
		noun += " entries"
	}
	if generic[key] || noun == "list" || noun == "items" {
		noun = "entries"
	}
	if n == 1 {
		return wording.Singular(noun)
	}
	return wording.Plural(noun)
}

// apart labels entries that share their naming field's value: by a text
// a person reads that differs between them, else by their ids.
func apart(xs []any, by string) (labels []string, key string, isID bool) {
	for _, k := range readableKeys {
		if k == by {
			continue
		}
		var ls []string
		for _, x := range xs[:min(3, len(xs))] {
			if l := labelBy(x, k); l != "" {
				ls = append(ls, l)
			}
		}
		if len(ls) > 1 && len(slices.Compact(slices.Clone(ls))) > 1 {
			return ls, k, false
		}
	}
	for _, x := range xs[:min(3, len(xs))] {
		if m, ok := x.(map[string]any); ok && plan.Significant(m["id"]) {
			labels = append(labels, plan.Text(m["id"]))
		}
	}
	return labels, by, true
}

// ownID reports whether the id field by of a list's entries is theirs:
// "id", or one named for what the list holds ("evaluation_id" in
// "evaluation_data", "screen_id" in "screens"); "parentTopicId" in
// "replies" is a parent's. A list whose name says nothing of its entries
// ("result", "items") takes any.
func ownID(key, by string) bool {
	if strings.EqualFold(by, "id") || generic[key] || listWords[strings.ToLower(key)] || key == "" {
		return true
	}
	listed := strings.Fields(strings.ToLower(wording.Phrase(key)))
	for _, w := range strings.Fields(strings.ToLower(wording.Phrase(by))) {
		if idWords[w] {
			continue
		}
		if !slices.ContainsFunc(listed, func(l string) bool { return sameStem(w, l) || sameStem(wording.Singular(l), w) }) {
			return false
		}
	}
	return true
}

// collective are nouns that name a list as a whole rather than its
// entries; what they hold are entries.
var collective = map[string]bool{"history": true, "log": true, "feed": true, "queue": true, "timeline": true, "backlog": true}

// label is how an element of a list is named: its name, title or id field,
// or itself when it is a scalar.
func label(x any) string {
	by, _ := namingKey([]any{x})
	return labelBy(x, by)
}

// labelBy names an element by the field by (a relation as itself, "Ana
// Ruiz works at Acme"; a scalar as itself).
func labelBy(x any, by string) string {
	switch v := x.(type) {
	case map[string]any:
		if rel := relation(v); rel != "" {
			return rel
		}
		if by == "" || !plan.Significant(v[by]) {
			return ""
		}
		l := plan.Text(v[by])
		if len(l) >= 60 && slices.Contains(readableKeys, by) {
			return `"` + firstWords(l, 40) + `…"` // a long text by its opening
		}
		if len(l) >= 60 {
			return ""
		}
		if sentence(l) && !slices.Contains(nameKeys, by) {
			return `"` + l + `"` // a message or a note names its entry in quotes
		}
		return l
	case string:
		if len(v) < 60 {
			return v
		}
	default:
		if plan.Significant(v) {
			return plan.Text(v)
		}
	}
	return ""
}

// firstWords is a text's opening words, at most n bytes.
func firstWords(text string, n int) string {
	ws := strings.Fields(text)
	out := ""
	for _, w := range ws {
		if len(out)+len(w)+1 > n && out != "" {
			break
		}
		out = strings.TrimSpace(out + " " + w)
	}
	return strings.TrimRight(out, ",.;:")
}

// relation reads a relation element as one sentence ("Ana Ruiz works at
// Acme"); "" for any other element.
func relation(v map[string]any) string {
	from, ok := v["from"].(string)
	to, ok2 := v["to"].(string)
	rel, ok3 := v["relationType"].(string)
	if !ok || !ok2 || !ok3 {
		return ""
	}
	return from + " " + strings.ReplaceAll(rel, "_", " ") + " " + to
}

// namingKey is the field that names the elements of a list, one for all
// of them so that they read alike: a name or title, else the most telling
// short text (not a state, a kind, a time, a link or an id), else a code
// or number, else an id (isID). It is held by at least half the elements.
func namingKey(xs []any) (key string, isID bool) {
	var ms []map[string]any
	for _, x := range xs {
		if m, ok := x.(map[string]any); ok {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return "", false
	}
	held := func(k string) bool {
		n := 0
		for _, m := range ms {
			if plan.Significant(m[k]) {
				n++
			}
		}
		return 2*n >= len(ms) && n > 0
	}
	for _, k := range nameKeys {
		if held(k) {
			return k, false
		}
	}
	keys := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			keys[k] = true
		}
	}
	var texts []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if idKey(k) || modifier(k) || !held(k) || !namingText(ms, k) || secretField(k, ms[0][k]) {
			continue
		}
		texts = append(texts, k)
	}
	if len(texts) > 0 {
		slices.SortStableFunc(texts, func(a, b string) int { return fieldScore(b, nil) - fieldScore(a, nil) })
		return texts[0], false
	}
	if k := codeOrText(ms, held); k != "" {
		return k, false
	}
	if held("id") {
		return "id", true
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if idKey(k) && held(k) {
			return k, true
		}
	}
	return "", false
}

// codeOrText is the field that names entries with no name or short
// text: a code or number, else a text a person reads (an email, a
// message, a description), which names an entry better than its id
// however long (it is told by its first words); "" when none is held.
func codeOrText(ms []map[string]any, held func(string) bool) string {
	for _, k := range []string{"code", "number", "key"} {
		if held(k) {
			return k
		}
	}
	for _, k := range readableKeys {
		if held(k) && readable(ms, k) {
			return k
		}
	}
	return ""
}

// readableKeys are fields of texts a person reads, which name an entry
// when it has no name.
var readableKeys = []string{"email", "email_address", "text", "message", "content", "summary", "description", "comment", "body", "note", "question"}

// readable reports whether field k of the elements holds texts a person
// reads: not codes, links or dates.
func readable(ms []map[string]any, k string) bool {
	for _, m := range ms {
		s, ok := m[k].(string)
		if !ok {
			continue
		}
		if strings.HasPrefix(s, "http") || dateTime.MatchString(s) || machineID(s) || codeText.MatchString(s) {
			return false
		}
	}
	return true
}

// nameKeys are the fields that name a record.
var nameKeys = []string{"name", "title", "label", "full_name", "display_name", "username", "symbol", "subject", "headline"}

// namingText reports whether field k of the elements holds short texts
// that can name them: not times, links or long paragraphs.
func namingText(ms []map[string]any, k string) bool {
	for _, m := range ms {
		v, ok := m[k]
		if !ok {
			continue
		}
		s, isText := v.(string)
		if !isText || len(s) >= 60 || dateTime.MatchString(s) || strings.HasPrefix(s, "http") {
			return false
		}
	}
	return true
}

// resultSentence states one result in a sentence. used holds what the
// answer has said already: its sentence forms, and its values (as "v:"
// keys), so a value an earlier result gave (the ticket a create returned
// and a get read back) is not stated twice.
func resultSentence(s *rollout.State, r *rand.Rand, res result, n int, used map[string]bool) string {
	if line := textSentence(r, res); line != "" {
		return line
	}
	if line := mediaSentence(r, res); line != "" {
		return line
	}
	subj := subject(res.call, res.args)
	purpose := purposeOf(s, res.call)
	all, done := withoutOutcome(entriesNamed(issuedBy(newsFirst(facts(res.out, 6), res.args), purpose, res.args), purpose), purpose)
	if done != nil {
		// The confirmation names what the action was on; it is not told
		// again after it.
		all = slices.DeleteFunc(all, func(f fact) bool { return !f.secret && f.value == subj })
	}
	fs := newsFacts(foreignLast(all, purpose), subj, used)
	for _, f := range fs {
		used["v:"+strings.ToLower(f.value)] = true
	}
	if done == nil && removal(purpose) {
		// A removal is told as done whatever it answered with (the
		// record it removed, a bare id): "The conversion has code …"
		// would leave the deletion unsaid.
		done = &fact{key: "success", value: "yes"}
		// Nor is a flag saying it is gone ("deleted": true) told after
		// it ("I removed the group. It is deleted.").
		fs = slices.DeleteFunc(fs, func(f fact) bool {
			return !f.secret && f.value == subj || f.value == "yes" && removal(f.words) || routineKey(f.key) && removal(strings.Trim(f.value, `"`))
		})
	}
	if done != nil {
		return actionSentence(s, r, res, fs, done.value)
	}
	if len(fs) == 0 {
		return ""
	}
	if len(fs) == 1 && fs[0].list && named(fs[0].labels) && !lookup(purpose) && (generic[fs[0].key] || listWords[strings.ToLower(fs[0].key)]) {
		return eachDoneSentence(s, r, res, fs[0].labels)
	}
	if line := outcomeSentence(s, r, res, fs); line != "" {
		return line
	}
	return plainSentence(s, r, res, fs, subj, n, used)
}

// entriesNamed says what a list's entries are where its field calls them
// nothing but entries ({"data": [...]}, a bare list) and the purpose
// names them: "3 screenshots" for "host screenshots", not "3 entries".
func entriesNamed(fs []fact, purpose string) []fact {
	noun := listNoun(purpose)
	if noun == "" {
		return fs
	}
	out := slices.Clone(fs)
	for i, f := range out {
		m := entriesCount.FindStringSubmatch(f.value)
		if !f.list || m == nil {
			continue
		}
		n := noun
		if m[1] == "1 " && m[2] == "" {
			n = wording.Singular(noun)
		}
		out[i].value = m[1] + m[2] + n + f.value[len(m[0]):]
	}
	return out
}

var entriesCount = regexp.MustCompile(`^(\d+ )(of \d+ )?entr(?:y|ies)\b`)

// listNoun is the plural noun a purpose acts on ("screenshots" in "host
// screenshots", "delivery reports" in "get delivery reports by ad hoc
// criteria"), at most two words; "" when its object is no plural noun.
func listNoun(purpose string) string {
	ws := strings.Fields(strings.ToLower(wording.Short(purpose)))
	if len(ws) < 2 {
		return ""
	}
	var np []string
	for _, w := range ws[1:] {
		if targetPreps[w] || w == "of" || w == "by" || w == "with" || w == "and" || w == "that" || w == "about" {
			break
		}
		if classWords[w] || quantifierWords[w] {
			continue
		}
		if !plainWord.MatchString(w) {
			return ""
		}
		np = append(np, w)
	}
	if len(np) == 0 {
		return ""
	}
	last := np[len(np)-1]
	if !strings.HasSuffix(last, "s") || strings.HasSuffix(last, "ss") || strings.HasSuffix(last, "us") || strings.HasSuffix(last, "is") || vagueNouns[last] {
		return ""
	}
	return strings.Join(np[max(0, len(np)-2):], " ")
}

var plainWord = regexp.MustCompile(`^[a-z]+$`)

// recordVerbs act on one record the purpose names after them.
// Only a lookup's result is the thing it names: removing a tag from a
// task answers with the task, not the tag.
var recordVerbs = map[string]bool{"get": true, "fetch": true, "retrieve": true, "read": true, "show": true, "view": true, "find": true, "describe": true}

// recordNoun is the one thing a purpose acts on, as its head noun
// ("connection" in "get an existing connection"); "" when it acts on
// several or on nothing it names in a word or two.
func recordNoun(purpose string) string {
	ws := strings.Fields(strings.ToLower(wording.Short(purpose)))
	if len(ws) < 2 || !recordVerbs[ws[0]] {
		return "" // "perform a partial update" acts on no record
	}
	var np []string
	for _, w := range ws[1:] {
		if !classWords[w] && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) {
			break // "data based on …", "rules matching …"
		}
		if targetPreps[w] || w == "of" || w == "by" || w == "with" || w == "and" || w == "that" || w == "about" {
			break
		}
		if classWords[w] || quantifierWords[w] {
			continue
		}
		if !plainWord.MatchString(w) {
			return ""
		}
		np = append(np, w)
	}
	if len(np) == 0 || len(np) > 2 {
		return ""
	}
	last := np[len(np)-1]
	if wording.Singular(last) != last || vagueNouns[last] || vagueNouns[wording.Plural(last)] || len(last) < 3 {
		return ""
	}
	return strings.Join(np, " ")
}

// quantifierWords say how many or which of a kind ("all", "the").
var quantifierWords = map[string]bool{"a": true, "an": true, "the": true, "all": true, "some": true, "several": true, "any": true, "your": true,
	"my": true, "its": true, "their": true, "these": true, "those": true, "each": true, "every": true, "available": true, "current": true}

// vagueNouns are plurals that say nothing of what the entries are.
var vagueNouns = map[string]bool{"thousands": true, "hundreds": true, "lots": true, "details": true, "results": true, "entries": true,
	"items": true, "contents": true, "things": true, "objects": true, "stats": true, "statistics": true, "data": true, "records": false,
	"informations": true, "bulk": true, "updates": true, "responses": true, "outputs": true, "values": true, "lists": true, "infos": true}

// removal reports whether a purpose takes something away ("delete a
// conversion", "destroy a block", "cancel a booking").
func removal(purpose string) bool {
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(purpose)), " ")
	// "deleted", "removed", "cancelled" say the same of a reply's flag
	return slices.ContainsFunc(removalVerbs, func(v string) bool { return first == v || strings.HasPrefix(first, v) && len(first) <= len(v)+3 })
}

var removalVerbs = []string{"delete", "remove", "destroy", "erase", "purge", "unlink", "revoke", "cancel", "abort", "detach", "unsubscribe", "clear", "drop"}

// actionSentence tells how an action went as what happened ("I deleted the
// message"), the rest of the reply after it.
func actionSentence(s *rollout.State, r *rand.Rand, res result, fs []fact, done string) string {
	line := confirmation(s, r, res, fact{key: "success", value: done})
	switch {
	case len(fs) == 0:
		return line
	case len(fs) == 1 && (fs[0].key == "message" || fs[0].key == "detail"):
		text := strings.Trim(fs[0].value, `"`)
		// A message that says the action was done, with when or how
		// many ("Contact added at 16:15 UTC.", "Deleted 3 relations."),
		// is the confirmation itself: its time goes into the sentence
		// ("I added a contact at 16:15 UTC"), its count is the one the
		// sentence gives; never read back after it in brackets.
		if at, ok := restatedAt(text, purposeOf(s, res.call)); ok {
			line = confirmation(s, r, res, fact{key: "success", value: done, at: at})
			if numbersIn(text, line) && (at != "" || retells(line, text)) {
				return line
			}
			// A message that says it all ("Deleted 2 relations.") is
			// the confirmation, said once.
			if unicode.IsUpper([]rune(text)[0]) && strings.HasSuffix(text, ".") {
				return text
			}
		}
		// Any other message is what the service said, in a sentence of
		// its own.
		if !strings.HasSuffix(text, ".") && !strings.HasSuffix(text, "!") && !strings.HasSuffix(text, "?") {
			text += "."
		}
		return line + " " + pick(r, "The service added: ", "Its reply: ", "The reply said: ") + text
	}
	rest := wording.List(factPhrases(fs, true))
	if fs[0].words == "" && !strings.HasPrefix(rest, "it ") && !strings.HasPrefix(rest, "there ") && !strings.HasPrefix(rest, "the ") && !strings.HasPrefix(rest, "its ") {
		// "3 entries (…)" is no sentence on its own; nor is "the reply
		// lists" one a person says of what they did: they came back
		// from it.
		rest = formFor(fs, "it came back with ", "back came ") + rest
	}
	return line + " " + upperFirst(rest) + "."
}

// eachDoneSentence tells an action done to several things that answers
// with one entry each as done to them ("I added 5 observations to Jodie
// Schultz and Acme"), not as "2 results".
func eachDoneSentence(s *rollout.State, r *rand.Rand, res result, labels []string) string {
	if line := doneTo(s, r, res, labels); line != "" {
		return line
	}
	return confirmationOn(s, r, res, fact{key: "success", value: "yes"}, " ("+some(labels)+")")
}

// plainSentence states a result's news in one of the sentence forms the
// answer has not used yet.
func plainSentence(s *rollout.State, r *rand.Rand, res result, fs []fact, subj string, n int, used map[string]bool) string {
	// A flag told as a clause ("it can drive") takes the forms that take
	// one.
	// A field and its value read as a clause ("the name is Sales
	// broadcast"); as a noun phrase ("got name Sales broadcast and
	// broadcast ID 45678") they are a dump of keys and values. Only
	// counts and lists ("3 browsers (…)") read as things got or found.
	withIs := slices.ContainsFunc(fs, func(f fact) bool { return f.words != "" && !f.secret })
	list := wording.List(factPhrases(fs, withIs))
	past := wording.Past(plainly(wording.Rephrase(r, wording.Short(purposeOf(s, res.call))))) // the request said where already
	if len(fs) == 1 && generic[fs[0].key] {
		return genericSentence(r, used, res, fs[0], past)
	}
	// An id is cited with what it identifies ("For order number 10442,
	// …"); a bare number ("For 28728004, the name is …") names nothing,
	// and the result is told without it.
	_, param := subjectOf(res.call, res.args)
	named := namedID(param, subj)
	switch {
	case subj != "" && !allDigits.MatchString(named) && (fs[0].list || namesThing(param, purposeOf(s, res.call))) && r.IntN(3) == 0 && !used["for-subject"]:
		used["for-subject"] = true
		if searched(res.call, subj) && fs[0].list {
			// What a search found is told as found ("A search for Mann
			// turned up 2 entities"), not "For Mann, 2 entities".
			return pick(r, "A search for "+subj+" turned up "+list+".", "Searching for "+subj+" found "+list+".")
		}
		if !withIs {
			return "For " + named + ", I found " + list + "." // "For rachel.carr, 1 user tweet" is no sentence
		}
		return "For " + named + ", " + list + "."
	case r.IntN(3) == 0 && n == 1:
		return upperFirst(past) + ": " + list + "."
	}
	// The thing the result is about opens a sentence by its name ("The
	// connection has …"), never a stock opening ("The result shows …",
	// "Looks like …") that recurs across answers.
	thing := recordNoun(purposeOf(s, res.call))
	if withIs {
		// "the balance is 435.43": forms that take a clause.
		// Never "After I got a branded food item, the name is …": a
		// clause glued to the request's phrase by a time says nothing
		// of whose the values are.
		forms := []string{
			"I " + past + " — " + list + ".",
			"I " + past + ": " + list + ".",
			upperFirst(past) + " — " + list + "."}
		if thing != "" {
			forms = append(forms, "For the "+thing+", "+list+".", "On the "+thing+": "+list+".")
		}
		return varied(r, used, forms...)
	}
	// "balance 435.43": forms that take a noun phrase. The tool is never
	// named ("Result from get_stock_info: …"): the user asked about the
	// thing, not the function, and hears what was found in their terms.
	forms := []string{"I " + past + " and " + gotOrFound(past) + " " + list + ".", upperFirst(past) + " and found " + list + ".",
		"When I " + past + ", I found " + list + "."}
	if thing != "" {
		forms = append(forms, "The "+thing+" has "+list+".")
	}
	return varied(r, used, forms...)
}

// plainly says a purpose as one says what one did: the thing the user
// named is "the issue", not "an existing issue"; a thing made is "a
// repository", not "a new repository" ("I created a new" and "to an
// existing issue" recurred across a run's answers, telling nothing).
func plainly(purpose string) string {
	ws := strings.Fields(purpose)
	out := make([]string, 0, len(ws))
	for i := 0; i < len(ws); i++ {
		art := strings.ToLower(ws[i])
		if i+2 >= len(ws) || art != "a" && art != "an" && art != "the" {
			out = append(out, ws[i])
			continue
		}
		switch strings.ToLower(ws[i+1]) {
		case "existing":
			out = append(out, "the")
			i++
		case "new":
			if art == "the" {
				out = append(out, ws[i])
				continue
			}
			a, _, _ := strings.Cut(wording.WithArticle(ws[i+2]), " ")
			out = append(out, a)
			i++
		default:
			out = append(out, ws[i])
		}
	}
	return strings.Join(out, " ")
}

// gotOrFound is the verb for what an action brought back: "got", or
// "found" after an action said with "got" ("I got all blocks and found
// 2 blocks", not "… and got back 2 blocks").
func gotOrFound(past string) string {
	if strings.HasPrefix(past, "got ") {
		return "found"
	}
	return "got"
}

// newsFacts are the facts of a result worth telling, at most three: not
// told already, and when there are others, not the value the call was made
// on, bookkeeping or a paragraph of text.
func newsFacts(all []fact, subj string, used map[string]bool) []fact {
	var fs []fact
	for _, f := range all {
		// The value the call was made on (the id asked about) is the
		// user's own; the answer names the result by it, not as news.
		// A credential a record only holds (a stored password) is not
		// what the user asked about; one the call issued is news.
		if told(used, f) || len(all) > 1 && (f.secret && !f.issued || !f.secret && f.value == subj || bookkeepingTime(strings.ToLower(f.key)) || routineStatus(f)) {
			continue
		}
		// A machine's id beside other news is not read out, nor one value
		// twice ("the ID is 94867 and the broadcast ID is 94867").
		if len(all) > 1 && idKey(f.key) && machineID(f.value) || slices.ContainsFunc(fs, func(g fact) bool { return g.value == f.value && !f.secret }) {
			continue
		}
		if repeats(f, fs, all) || f.foreign && len(fs) > 0 {
			continue
		}
		// A paragraph of free text is the record itself, not news about
		// it; it is told only when nothing else is.
		if len(f.value) > 70 && len(all) > 1 && !f.list {
			continue
		}
		fs = append(fs, f)
		if len(fs) == 3 {
			break
		}
	}
	return fs
}

// repeats reports whether f says again what the facts fs chosen so far
// say: one label twice in a sentence ("the name is open-prod and the name
// is groupware-web") says neither whose each is; a count beside the list
// it counts ("2 replies (…) and 2 replies") says it twice; and a thing
// the record points to (its poster, its batch job) is told by one field,
// not recited field by field.
func repeats(f fact, fs, all []fact) bool {
	if f.words != "" && slices.ContainsFunc(fs, func(g fact) bool { return g.words == f.words }) || countsAList(f, all) {
		return true
	}
	return f.owner != "" && !f.list && slices.ContainsFunc(fs, func(g fact) bool { return g.owner == f.owner && !g.list })
}

// countsAList reports whether f is a count ("2 replies") that a list
// among all already gives ("2 replies (mcollins and gage.spencer)").
func countsAList(f fact, all []fact) bool {
	same := func(a, b string) bool {
		na, ra, _ := strings.Cut(a, " ")
		nb, rb, _ := strings.Cut(b, " ")
		return na == nb && wording.Singular(ra) == wording.Singular(rb) // "1 reply" is "1 replies"
	}
	return f.words == "" && !f.list && slices.ContainsFunc(all, func(g fact) bool { return g.list && same(countedNoun(g.value), f.value) })
}

// outcomeSentence tells a result that only says how an action went
// ({"status": "resolved"}) as what happened; "" when the facts say more.
func outcomeSentence(s *rollout.State, r *rand.Rand, res result, fs []fact) string {
	if len(fs) == 1 {
		return confirmation(s, r, res, fs[0])
	}
	return ""
}

// withoutOutcome takes out of a result's facts the flag that says whether
// the action went through ("success", "deleted" for a deletion, "sent
// status" for a send) and returns it as done; it drops what only says
// nothing went wrong ("error: no") and a stock remark or one restating
// the purpose ("message OK", "Relations deleted successfully.").
func withoutOutcome(all []fact, purpose string) (rest []fact, done *fact) {
	for _, f := range all {
		k := strings.ToLower(f.key)
		switch {
		case (f.value == "yes" || f.value == "no") && done == nil && outcomeFlag(f, purpose):
			done = &f
			continue
		case f.value == "no" && faultFlag(k):
			continue
		case done == nil && len(all) > 1 && echoedState(f, purpose):
			// "pressed" after pressing the pedal: the action done, told as
			// such, not read back ("the brake pedal status is pressed").
			done = &fact{key: f.key, value: "yes"}
			continue
		case (k == "message" || k == "detail") && len(all) > 1:
			if text := strings.Trim(f.value, `"`); remark(text) || restates(text, purpose) {
				continue
			}
		}
		rest = append(rest, f)
	}
	if done != nil && done.value == "yes" && len(rest) > 0 && lookup(purpose) {
		// A lookup that found something is told by what it found, not
		// as an action done ("Showed the file — done.").
		done = nil
	}
	return rest, done
}

// outcomeFlag reports whether a yes/no field says the call's action went
// through: "success", or words the purpose holds ("deleted" for "delete
// a bundle", "login status" for "log in a user").
func outcomeFlag(f fact, purpose string) bool {
	if slices.Contains(outcomeKeys, strings.ToLower(f.key)) {
		return true
	}
	// What a lookup returns is its answer, not how it went: "login
	// status: no" from "get the login status" says the user is not
	// logged in, not that the lookup failed.
	if lookup(purpose) {
		return false
	}
	var words []string
	for _, w := range strings.Fields(f.words) {
		if w != "status" && w != "flag" && w != "is" && w != "was" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !slices.ContainsFunc(strings.FieldsFunc(strings.ToLower(purpose), notWordRune), func(p string) bool { return sameStem(w, p) }) {
			return false
		}
	}
	return true
}

// echoedState reports whether a fact is a state field whose value says
// the purpose was done: "pressed" in "brake pedal status" after "press the
// brake pedal", "stopped" after "stop a broadcast". A lookup's state is
// what it found, not an echo.
func echoedState(f fact, purpose string) bool {
	k := strings.ToLower(f.key)
	if f.value == "yes" || f.value == "no" || lookup(purpose) || !(strings.HasSuffix(k, "status") || strings.HasSuffix(k, "state")) {
		return false
	}
	v := strings.ToLower(strings.Trim(f.value, `"`))
	if strings.ContainsAny(v, " _") {
		return restates(strings.ReplaceAll(v, "_", " "), purpose)
	}
	// Only the action's participle echoes it: "processing" after
	// "process a payment" says it is not done yet.
	first, _, _ := strings.Cut(strings.ToLower(purpose), " ")
	participle := v == wording.Past(first) || strings.HasSuffix(v, "ed")
	return participle && len(v) > 3 && sameStem(v, first)
}

// lookup reports whether a purpose reads, finds or works out something
// rather than acts ("get the login status", "check a user's balance",
// "estimate the distance").
func lookup(purpose string) bool {
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(purpose)), " ")
	switch first {
	case "get", "fetch", "check", "look", "retrieve", "list", "search", "find", "read", "show", "view", "query", "count",
		"estimate", "calculate", "compute", "verify", "validate", "see", "display", "describe", "inspect", "lookup", "return", "determine", "test":
		return true
	}
	return false
}

// outcomeKeys are the fields that say whether an action went through.
var outcomeKeys = []string{"success", "ok", "succeeded", "successful", "done", "completed"}

// sameStem reports whether two words are forms of one ("delete" and
// "deleted", "send" and "sent", "log" and "login", "verify" and
// "verification"): they share all but the last letter of the shorter.
func sameStem(a, b string) bool {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	short := min(len(a), len(b))
	return short >= 3 && n >= 3 && n >= short-1
}

// faultFlag reports whether a yes/no field says something went wrong
// ("error", "failed"): off, it says nothing a person wants read.
func faultFlag(key string) bool {
	for _, w := range []string{"error", "fail", "fault", "warning"} {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// restates reports whether a service's message says only that the call's
// purpose was done: each of its words is a stock remark's or one of the
// purpose's ("Relations deleted successfully." for "delete multiple
// relations from the knowledge graph"), matched on their first five
// letters so that "deleted" is "delete".
func restates(text, purpose string) bool {
	stem := func(w string) string {
		if len(w) > 5 {
			return w[:5]
		}
		return w
	}
	said := map[string]bool{}
	pws := strings.FieldsFunc(strings.ToLower(purpose), notWordRune)
	for _, w := range pws {
		said[stem(w)] = true
	}
	words := strings.FieldsFunc(strings.ToLower(text), notWordRune)
	for _, w := range words {
		// "added" is "add" too
		if !remarkWords[w] && !said[stem(w)] && !slices.ContainsFunc(pws, func(p string) bool { return sameStem(w, p) }) {
			return false
		}
	}
	return len(words) > 0
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// remarkWords are the words of a service's stock remarks on success.
var remarkWords = map[string]bool{
	"request": true, "processed": true, "successfully": true, "success": true, "successful": true, "operation": true,
	"completed": true, "complete": true, "done": true, "ok": true, "okay": true, "the": true, "change": true,
	"changes": true, "has": true, "have": true, "been": true, "were": true, "are": true, "saved": true, "no": true, "further": true,
	"action": true, "needed": true, "required": true, "updated": true, "applied": true, "accepted": true,
	"all": true, "good": true, "finished": true, "is": true, "was": true, "it": true,
}

// remark reports whether a service's message is a stock remark that tells
// nothing the success flag does not ("Request processed successfully.").
func remark(text string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), notWordRune)
	for _, w := range words {
		if !remarkWords[w] {
			return false
		}
	}
	return len(words) > 0
}

// factPhrases word each fact for a list; withIs says whether a noun field
// reads as a clause ("the balance is 435.43") or as a phrase ("balance
// 435.43").
func factPhrases(fs []fact, withIs bool) []string {
	var parts, has []string
	for _, f := range fs {
		switch {
		case f.secret:
			parts = append(parts, secretPhrase(f, withIs))
		case f.words == "" && withIs && slices.ContainsFunc(fs, func(g fact) bool { return g.words != "" && !g.secret }):
			// Among clauses a count or a list is one too: "the name is
			// Acme and it has 3 members (…)", not "… and 3 members".
			has = append(has, f.value) // said after what names the record
		case f.words == "":
			parts = append(parts, f.value)
		case f.value == "yes" || f.value == "no":
			// A flag reads as the fact it states ("it can drive", "it is
			// not archived"), never "the can drive is yes"; one that does
			// not read so is a label and its answer.
			if clause, ok := flagClause(f.words, f.value == "yes"); ok {
				parts = append(parts, clause)
			} else {
				parts = append(parts, f.words+": "+f.value)
			}
		case withIs && spokenField(f):
			parts = append(parts, spokenClause(f, fs, len(parts) == 0))
		case withIs && f.owner != "" && strings.HasSuffix(f.words, " on") && strings.HasPrefix(f.words, possessive(f.owner)+" "):
			// When the thing inside the record was so: "the deprecations
			// were completed on …", not "the deprecations' completed on
			// is …".
			was := map[string]string{"is": "was", "are": "were"}[be(f.owner)]
			parts = append(parts, "the "+f.owner+" "+was+" "+strings.TrimPrefix(f.words, possessive(f.owner)+" ")+" "+f.value)
		case withIs && f.owner != "" && f.words == f.owner:
			parts = append(parts, "its "+f.words+" "+be(f.words)+" "+f.value) // "its namespace is leading-prod"
		case withIs && f.owner != "":
			parts = append(parts, "the "+f.words+" "+be(f.words)+" "+f.value)
		case withIs && nounField(f.key):
			parts = append(parts, "the "+f.words+" "+be(f.words)+" "+f.value)
		default:
			parts = append(parts, f.words+" "+f.value)
		}
	}
	if len(has) > 0 {
		parts = append(parts, hasClause(has)) // "it has 3 image squares and 1 ingredient (…)"
	}
	return parts
}

// spokenField reports whether a record's field is said the ways people
// vary it (spokenClause): its state, its own link, its owner.
func spokenField(f fact) bool {
	return f.key == "status" || f.key == "state" || ownLink(f) || ownerField(f)
}

// ownerField is whose the record itself is: its "owner", a name.
func ownerField(f fact) bool {
	return f.owner == "" && strings.EqualFold(f.key, "owner") && !strings.Contains(f.value, " ")
}

// spokenClause says a spokenField as a clause, in a form chosen by the
// value and what is told beside it (fs): one form for all would recur
// answer after answer; first is true when it opens the clauses.
func spokenClause(f fact, fs []fact, first bool) string {
	switch {
	case f.key == "status" || f.key == "state":
		// A record's state is said as people vary it ("its status is
		// pending", "it is pending").
		forms := []string{"the " + f.words + " is " + f.value, "its " + f.words + " is " + f.value, "it shows as " + f.value}
		if first {
			forms = append(forms, "it is "+f.value)
		}
		return formFor(fs, forms...)
	case ownLink(f):
		// Where the record lives, said as people point to a page: "the
		// URL is https" in every such answer was a run's most common
		// 4-gram.
		return formFor(fs, "the "+f.words+" is "+f.value, "the link is "+f.value, "it can be found at "+f.value, "it lives at "+f.value)
	}
	// Whose the record is, said as people say it ("it belongs to zoey"):
	// "and the owner is" closing every such answer was a run's most
	// common answer 4-gram.
	return formFor(fs, "the owner is "+f.value, "it belongs to "+f.value, f.value+" owns it")
}

// hasClause says the counts and lists of a record among clauses, in one of
// a few forms chosen by what they are: "and it has 1" in every such
// answer was the most common 4-gram of a run's answers.
func hasClause(has []string) string {
	list := wording.List(has)
	h := fnv.New32a()
	h.Write([]byte(list))
	there := "there are "
	if strings.HasPrefix(list, "1 ") {
		there = "there is "
	}
	forms := []string{"it has ", "it holds ", "it lists ", there}
	return forms[h.Sum32()%uint32(len(forms))] + list
}

// flagClause states a yes/no field as the fact it names: "can drive" is
// "it can drive" or "it cannot drive", "archived" "it is archived" or "it
// is not archived"; ok is false for a name that does not read so.
func flagClause(words string, yes bool) (string, bool) {
	ws := strings.Fields(words)
	if len(ws) == 0 {
		return "", false
	}
	verbs := map[string][2]string{"can": {"can", "cannot"}, "is": {"is", "is not"}, "has": {"has", "does not have"},
		"should": {"should", "should not"}, "will": {"will", "will not"}, "was": {"was", "was not"}, "needs": {"needs", "does not need"},
		"requires": {"requires", "does not require"}, "allows": {"allows", "does not allow"}, "supports": {"supports", "does not support"}}
	if v, ok := verbs[ws[0]]; ok && len(ws) > 1 {
		verb := v[0]
		if !yes {
			verb = v[1]
		}
		return "it " + verb + " " + strings.Join(ws[1:], " "), true
	}
	switch ws[0] {
	case "in", "on", "at", "out", "under", "over", "within", "online", "offline":
		// "in stock" is "it is in stock"
		if yes {
			return "it is " + words, true
		}
		return "it is not " + words, true
	}
	if len(ws) == 1 && (strings.HasSuffix(ws[0], "ed") || strings.HasSuffix(ws[0], "able") || strings.HasSuffix(ws[0], "ive") || stateWords[ws[0]]) {
		if yes {
			return "it is " + ws[0], true
		}
		return "it is not " + ws[0], true
	}
	if base, ok := flagVerbs[ws[0]]; ok && len(ws) == 1 {
		// "exists" is "it exists" or "it does not exist", not "exists: no"
		if yes {
			return "it " + ws[0], true
		}
		return "it does not " + base, true
	}
	if last := ws[len(ws)-1]; len(ws) > 1 && strings.HasSuffix(last, "ed") {
		// "email verified" is "the email is verified", not "email
		// verified: yes"
		noun := strings.Join(ws[:len(ws)-1], " ")
		if yes {
			return "the " + noun + " " + be(noun) + " " + last, true
		}
		return "the " + noun + " " + be(noun) + " not " + last, true
	}
	return "", false
}

// stateWords are adjectives a yes/no field names ("private": it is not
// private).
var stateWords = map[string]bool{"private": true, "public": true, "hidden": true, "open": true, "default": true, "valid": true, "ready": true,
	"free": true, "paid": true, "primary": true, "empty": true, "secure": true, "live": true, "final": true, "internal": true, "external": true,
	"visible": true, "online": true, "offline": true, "busy": true, "idle": true, "current": true, "new": true, "unread": true, "read": true}

// flagVerbs are verbs a yes/no field names, with their base form
// ("exists": it does not exist).
var flagVerbs = map[string]string{"exists": "exist", "matches": "match", "expires": "expire", "applies": "apply", "succeeds": "succeed",
	"passes": "pass", "fails": "fail", "works": "work"}

// spokenTool is how an answer names the tool a result came from: a name
// of plain words as it is (read_graph), an operation id no person would
// say (v1.bundles.bundle_id.delete, getNotification) as "the service".
func spokenTool(name string) string {
	if plainName.MatchString(name) {
		return name
	}
	return "the service"
}

var plainName = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// toolLead is a tool's name opening a sentence: "The subtract call",
// never a sentence opening in lower case ("subtract returned …").
func toolLead(tool string) string {
	if tool == "the service" {
		return "The service"
	}
	return "The " + tool + " call"
}

// genericSentence tells a result whose one fact is "the answer" (result,
// value): what the tool returned, on what.
func genericSentence(r *rand.Rand, used map[string]bool, res result, f fact, past string) string {
	v := f.value
	if f.list {
		// A list is what came back, not what the result "is" or "comes
		// to" ("The result is 3 entries").
		return varied(r, used, "I "+past+" and "+strings.Replace(gotOrFound(past), "got", "got back", 1)+" "+v+".", upperFirst(past)+": "+v+".", "That gave "+v+".",
			"There "+be(strings.TrimLeft(v, "0123456789 "))+" "+v+".")
	}
	// The tool is never named ("The subtract call returned 7"): the
	// user hears the answer to what they asked.
	forms := []string{"The result is " + v + ".", "That comes to " + v + ".", upperFirst(past) + ": " + v + "."}
	if on := argValues(res.call, res.args); on != "" {
		forms = append(forms, "For "+on+", that gives "+v+".", "With "+on+", it came to "+v+".", upperFirst(past)+" for "+on+": "+v+".")
	}
	return varied(r, used, forms...)
}

// told reports whether the answer has stated a fact's value already; short
// values (yes, 3, ok) recur by chance and are always told.
// A value inside one told ("2 entries (Solar Light and …)") is told.
func told(used map[string]bool, f fact) bool {
	// A state two results share ("status success") is said of each.
	if len(f.value) < 4 || f.key == "status" || f.key == "state" || strings.HasSuffix(f.key, "_status") {
		return false
	}
	v := strings.Trim(strings.ToLower(f.value), `"`)
	for k := range used {
		if strings.HasPrefix(k, "v:") && strings.Contains(k[2:], v) {
			return true
		}
	}
	return false
}

// confirmation tells a result that only says how an action went
// ({"success": true}, {"status": "resolved"}) as what happened, in the
// words of the request: "I authenticated you as rose91 — that went
// through", not "the success is yes".
func confirmation(s *rollout.State, r *rand.Rand, res result, f fact) string {
	on, param := subjectOf(res.call, res.args)
	if on != "" {
		on = " (" + namedID(param, on) + ")"
	}
	return confirmationOn(s, r, res, f, on+f.at)
}

// messageTime is a moment a service's message gives in passing: "at
// 16:15 UTC", "on 2025-03-02 at 09:00", "on 2025-03-02".
var messageTime = regexp.MustCompile(`(?:\s+on\s+(\d{4}-\d{2}-\d{2}))?(?:\s+at\s+|\s+on\s+\d{4}-\d{2}-\d{2}T|T)?(\d{1,2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:\s*(UTC|GMT|Z)\b)?|\s+on\s+(\d{4}-\d{2}-\d{2})\b`)

// restatedAt reports whether a service's message says only that the
// call's purpose was done, apart from when (returned as " at 16:15 UTC")
// and how many: "Contact added at 16:15 UTC." for "add a contact",
// "Deleted 3 relations." for "delete relations".
func restatedAt(text, purpose string) (at string, ok bool) {
	if m := messageTime.FindStringSubmatchIndex(text); m != nil {
		sub := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return text[m[2*i]:m[2*i+1]]
		}
		date, clock, zone := sub(1)+sub(4), sub(2), sub(3)
		if date != "" {
			at = " on " + date
		}
		if clock != "" {
			at += " at " + clock
			if zone != "" {
				at += " UTC"
			}
		}
		text = text[:m[0]] + text[m[1]:]
	}
	var words []string
	for _, w := range strings.Fields(text) {
		if strings.Trim(w, ".,;:!") != "" && !numberText.MatchString(strings.Trim(w, ".,;:!")) {
			words = append(words, w)
		}
	}
	rest := strings.Join(words, " ")
	return at, rest != "" && (remark(rest) || restates(rest, purpose))
}

// numbersIn reports whether every number a message gives is in line
// ("both" gives 2).
func numbersIn(message, line string) bool {
	said := strings.FieldsFunc(line, notWordRune)
	for _, w := range strings.FieldsFunc(messageTime.ReplaceAllString(message, ""), notWordRune) {
		if numberText.MatchString(w) && !slices.Contains(said, w) && !(w == "2" && slices.Contains(said, "both")) {
			return false
		}
	}
	return true
}

// confirmationOn is a confirmation naming what the action was on as on
// (" (Ana Ruiz)").
func confirmationOn(s *rollout.State, r *rand.Rand, res result, f fact, on string) string {
	key := strings.ToLower(f.key)
	past := counted(wording.Past(plainly(wording.Rephrase(r, wording.Short(purposeOf(s, res.call))))), res.args) // the request said where already
	if subj := subject(res.call, res.args); pathLike.MatchString(subj) {
		past = wording.OneKind(past, subj) // "renamed a file (notes.pdf)", not "a file or folder"
	}
	if strings.Contains(past, " the 2 ") && r.IntN(2) == 0 {
		past = strings.Replace(past, " the 2 ", " both ", 1) // as people say it half the time
	}
	if strings.HasSuffix(key, "_status") && f.value != "yes" && f.value != "no" {
		key = "status" // "comment_status": how the comment went; a flag is no state
	}
	done := succeeded(past, on)
	if word := bareSuccess(res.out); word != "" && res.carry {
		// A reply of one success word ({"status": "success"}) is told as
		// an action done successfully, never read back after the
		// confirmation ("… — done. Its reply: success").
		done = successfully(past, on, word)
	}
	if st := bareState(res.out, purposeOf(s, res.call)); st != "" && res.carry {
		// A reply of one state word ({"status": "removed"}) is said as it
		// came inside the confirmation ("I removed an entry"), which a
		// capital ("Removed an entry") would not quote.
		if says := slices.DeleteFunc(slices.Clone(done), func(d string) bool { return !strings.Contains(d, st) }); len(says) > 0 {
			done = says
		}
	}
	switch {
	case key == "success" || key == "ok" || key == "succeeded":
		if f.value == "no" {
			return pick(r, "The attempt to "+purposeOf(s, res.call)+on+" did not go through.", "The service refused to "+purposeOf(s, res.call)+on+".")
		}
		return pick(r, done...)
	case key == "status" || key == "state":
		v := strings.ReplaceAll(f.value, "_", " ")
		if strings.EqualFold(v, "success") || strings.EqualFold(v, "ok") || strings.EqualFold(v, "done") {
			return pick(r, done...)
		}
		if restates(v, purposeOf(s, res.call)) {
			// A state that says the action was done ("removed" after
			// removing) is the confirmation, not news; said as it came
			// only when the answer must draw on it.
			if res.carry {
				// The answer must say the state as it came: where the action
				// said in the past says it ("I cleared all key-value pairs"
				// for "cleared"), that is enough; it is never read back as
				// a status ("Cleared all pairs; its status is cleared").
				if says := slices.DeleteFunc(slices.Clone(done), func(d string) bool { return !strings.Contains(d, v) }); len(says) > 0 {
					return pick(r, says...)
				}
				return "I " + past + on + " — it shows as " + v + " now."
			}
			return pick(r, done...)
		}
		if lookup(purposeOf(s, res.call)) {
			// A lookup changed nothing: the state is what it found.
			return pick(r, upperFirst(past)+on+": it is "+v+".", "I "+past+on+"; it shows as "+v+".", upperFirst(past)+on+" — its status is "+v+".")
		}
		return pick(r, "I "+past+on+"; its status is now "+v+".", upperFirst(past)+on+": it is "+v+" now.", "Done — "+past+on+", and it shows as "+v+".")
	}
	return ""
}

// doneTo tells an action done to things a result names the way the user
// would say it: to them by name, with how many it added ("I added 2
// observations to Michaela Vasquez"), not in the description's terms
// ("added new observations to existing entities (Michaela Vasquez)"); ""
// when the purpose names no thing it was done to.
func doneTo(s *rollout.State, r *rand.Rand, res result, labels []string) string {
	past := wording.Past(plainly(wording.Short(purposeOf(s, res.call))))
	ws := slices.DeleteFunc(strings.Fields(past), func(w string) bool { return classWords[w] })
	// The thing it was done to follows a preposition ("to existing
	// entities in the graph"): the phrase whose noun the entries' naming
	// field names.
	at := -1
	for i := 2; i < len(ws) && at < 0; i++ {
		if !targetPreps[ws[i]] {
			continue
		}
		end := i + 1
		for end < len(ws) && !targetPreps[ws[end]] {
			end++
		}
		if end-i <= 3 && namesTarget(res.out, ws[end-1]) {
			at = i
		}
	}
	if at < 0 {
		return "" // no "to …", or the entries are not what it was done to
	}
	head := ws[:at+1]
	if n := entryItems(res.out); n > 1 && at == 2 {
		head = slices.Insert(slices.Clone(head), 1, strconv.Itoa(n)) // "added 2 observations"
	}
	return pick(r, succeeded(strings.Join(head, " ")+" "+some(labels), "")...)
}

// namesTarget reports whether the entries of a list result are named by
// a field of the kind the action was done to ("entityName" for "to
// entities"): the members added to a group name members, not the group.
func namesTarget(out any, target string) bool {
	xs := entriesOf(out)
	if len(xs) == 0 {
		return false
	}
	by, isID := namingKey(xs)
	if by == "" || isID {
		return false
	}
	head := strings.Fields(wording.Phrase(by))
	return len(head) > 1 && wording.Singular(head[0]) == wording.Singular(target)
}

// entriesOf is the list a result is: itself, or the one field of an
// object ({"results": [...]}); nil for any other result.
func entriesOf(out any) []any {
	if xs, ok := out.([]any); ok {
		return xs
	}
	if m, ok := out.(map[string]any); ok && len(m) == 1 {
		for _, v := range m {
			xs, _ := v.([]any)
			return xs
		}
	}
	return nil
}

// classWords say which of a kind a description means ("new", "existing")
// and fall away once the things are named.
var classWords = map[string]bool{"new": true, "existing": true, "specified": true, "given": true, "multiple": true}

// targetPreps lead the thing an action was done to.
var targetPreps = map[string]bool{"to": true, "from": true, "on": true, "for": true, "in": true, "into": true}

// entryItems is how many things the entries of a list result hold in all
// when each holds one list ([{"entityName": …, "addedObservations": [a,
// b]}] holds 2); 0 otherwise.
func entryItems(out any) int {
	n := 0
	xs := entriesOf(out)
	for _, x := range xs {
		m, ok := x.(map[string]any)
		if !ok {
			return 0
		}
		lists := 0
		for _, v := range m {
			if l, ok := v.([]any); ok {
				lists++
				n += len(l)
			}
		}
		if lists != 1 {
			return 0
		}
	}
	return n
}

// succeeded are the ways an assistant says an action went through: many,
// as people vary them, since one conversation in several ends with one.
func succeeded(past, on string) []string {
	// Half leave out the "I", as people do: "I authenticated a user" in
	// most of them made it the most repeated phrase of a set of answers.
	// Most say what was done and stop ("I deleted the 3 relations."); a
	// stock frame around it ("The service confirmed it: …", "Finished:
	// …") on one answer in four was the most repeated opening of a run.
	forms := []string{"I " + past + on + ".", upperFirst(past) + on + ".", "I " + past + on + "; that went through.",
		"All set — " + past + on + ".", upperFirst(past) + on + " without a problem.", "Done — " + past + on + ".", "OK, I " + past + on + "."}
	if verb, _, _ := strings.Cut(past, " "); strings.HasSuffix(verb, "ed") {
		forms = append(forms, "I've "+past+on+".") // "I've deleted …"; "I've got rid" would not do
	}
	return append(forms, "Just "+past+on+".")
}

// successfully are the ways to say an action went through that carry the
// service's one success word as it came ("success" inside "successfully",
// "Success" opening the sentence).
func successfully(past, on, word string) []string {
	if word == "Success" {
		return []string{"Successfully " + past + on + ".", "Success: I " + past + on + "."}
	}
	return []string{"I " + past + on + " successfully.", "That was successful: I " + past + on + ".", upperFirst(past) + on + " successfully.",
		"All set: I " + past + on + " successfully."}
}

// bareState is the one text of a reply that is a state saying the
// purpose was done ({"status": "removed"} after removing); "" else.
func bareState(out any, purpose string) string {
	o, ok := out.(map[string]any)
	if !ok || len(o) != 1 {
		return ""
	}
	for _, v := range o {
		if x, ok := v.(string); ok && restates(x, purpose) && !remark(x) {
			return x
		}
	}
	return ""
}

// bareSuccess is the one text of a reply that says only that the action
// succeeded ({"status": "success"}, {"message": "Success", "success":
// true}), as written; "" when it says anything else.
func bareSuccess(out any) string {
	o, ok := out.(map[string]any)
	if !ok {
		return ""
	}
	word := ""
	for _, v := range o {
		switch x := v.(type) {
		case bool:
		case string:
			if (x != "success" && x != "Success") || word != "" && x != word {
				return ""
			}
			word = x
		default:
			return ""
		}
	}
	return word
}

// nounField reports whether a field names a thing ("status", "price")
// rather than an event or a flag ("created_at", "is_active"), which read
// badly after "the … is".
func nounField(key string) bool {
	l := strings.ToLower(key)
	if ws := strings.Fields(strings.ToLower(wording.Phrase(key))); len(ws) > 1 && targetPreps[ws[len(ws)-1]] {
		return false // "travel from", "ship to": no noun to say "the … is" of
	}
	return !(strings.HasSuffix(l, "_at") || strings.HasSuffix(l, "ed") && !strings.HasSuffix(l, "eed") || strings.HasSuffix(key, "At") || strings.HasPrefix(l, "is_") || strings.HasPrefix(l, "has_") ||
		strings.HasPrefix(key, "is") && len(key) > 2 && key[2] >= 'A' && key[2] <= 'Z' || strings.HasSuffix(l, "_by"))
}

// formFor is one of forms, chosen by the facts told together: the same
// record is always said the same way, different ones differently.
func formFor(fs []fact, forms ...string) string {
	h := fnv.New32a()
	for _, g := range fs {
		h.Write([]byte(g.key + "=" + g.value + ";"))
	}
	return forms[int(h.Sum32()%uint32(len(forms)))]
}

// ownLink reports whether a fact is the address of the record itself (its
// "url", "html_url", "link"), not of something it holds (an avatar's).
func ownLink(f fact) bool {
	if f.owner != "" || !strings.HasPrefix(f.value, "http") {
		return false
	}
	switch strings.ToLower(f.words) {
	case "url", "html url", "web url", "link", "permalink", "href", "uri":
		return true
	}
	return false
}

// dateTime is an RFC 3339 timestamp: date, hours and minutes, zone.
var dateTime = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$`)

// bookkeeping are the envelope fields of an API response.
var bookkeeping = map[string]bool{"meta": true, "metadata": true, "pagination": true, "paging": true, "page": true, "links": true, "_links": true}

// listWords are field names that call a list's elements nothing but
// entries.
var listWords = map[string]bool{"results": true, "entries": true, "items": true, "records": true}

// generic are field names that say nothing beyond "the answer".
var generic = map[string]bool{"result": true, "value": true, "output": true, "data": true, "response": true, "answer": true}

// be is the verb "to be" agreeing with a noun phrase.
func be(noun string) string {
	for _, prep := range []string{" of ", " in ", " by ", " per ", " for ", " from ", " on "} {
		if head, _, ok := strings.Cut(noun, prep); ok {
			noun = head // "number of entries" is one number, "lines in the file" many lines
		}
	}
	if head, _, ok := strings.Cut(noun, " ("); ok {
		noun = head
	}
	ws := strings.Fields(noun)
	// A participle after the noun ("entity types seen") says which; the
	// noun before it agrees.
	for len(ws) > 1 && postModifier[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	w := ""
	if len(ws) > 0 {
		w = ws[len(ws)-1]
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		return "are"
	}
	return "is"
}

// postModifier are the participles that follow the noun they qualify in a
// figure's name ("entity types seen", "files found", "rows written").
var postModifier = map[string]bool{
	"seen": true, "found": true, "shown": true, "given": true, "left": true, "used": true, "returned": true,
	"listed": true, "matched": true, "read": true, "written": true, "named": true, "made": true, "kept": true,
	"taken": true, "done": true, "remaining": true, "affected": true, "deleted": true, "created": true, "added": true,
}

// iterationSentence reports the calls of one iteration together: what
// each was made for and its most telling fields.
func iterationSentence(s *rollout.State, r *rand.Rand, rs []result, used map[string]bool) string {
	var parts []string
	moving := varying(rs)
	for _, res := range rs {
		on := ""
		var vs []string
		fs, done := withoutOutcome(issuedBy(facts(res.out, 4), purposeOf(s, res.call), res.args), purposeOf(s, res.call))
		if done != nil && done.value == "no" {
			vs = append(vs, "not done")
		}
		for _, f := range fs {
			if countsAList(f, fs) {
				continue
			}
			// What the list told of an entry (its name) names it here.
			if told(used, f) {
				if on == "" {
					on = strings.Trim(f.value, `"`)
				}
				continue
			}
			if len(vs) == 2 {
				continue
			}
			vs = append(vs, factPhrases([]fact{f}, false)...)
		}
		if len(vs) == 0 && done != nil {
			vs = append(vs, "done") // the action went through and said no more
		}
		if len(vs) == 0 {
			continue
		}
		if on == "" {
			on = iterated(res.args, moving)
		}
		if on == "" {
			on = subject(res.call, res.args)
		}
		if on == "" {
			on = argValues(res.call, res.args)
		}
		if on == "" {
			parts = append(parts, wording.List(vs))
			continue
		}
		parts = append(parts, on+": "+wording.List(vs))
	}
	if len(parts) == 0 {
		return ""
	}
	// The iteration is told by what was done for each, not by a tool
	// ("The service for each of the 3: …").
	past := wording.Past(plainly(wording.Rephrase(r, wording.Short(purposeOf(s, rs[0].call)))))
	n := numberWord(len(rs))
	return pick(r,
		upperFirst(past)+" for each of the "+n+" — ",
		"One by one, I "+past+": ",
		"For each of the "+n+", I "+past+" — ",
		"I "+past+" for each in turn: ") + strings.Join(parts, "; ") + "."
}

// varying are the arguments whose values differ between the calls of an
// iteration: what each call was for.
func varying(rs []result) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(rs[0].args)) {
		for _, res := range rs[1:] {
			if plan.Canonical(res.args[k]) != plan.Canonical(rs[0].args[k]) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// iterated names one call of an iteration by the values that differ from
// the others' ("30032"), not by every value it was made with ("18, 612
// and 25930"); "" when they are no short texts or numbers.
func iterated(args map[string]any, moving []string) string {
	var vals []string
	for _, k := range moving {
		v, ok := args[k]
		if !ok || secret(k) {
			return ""
		}
		switch x := v.(type) {
		case map[string]any, []any, nil:
			return ""
		case string:
			if sentence(x) || machineID(x) {
				return ""
			}
		}
		vals = append(vals, namedID(k, plan.Text(v)))
	}
	if len(vals) > 2 {
		return ""
	}
	return wording.List(vals)
}

// comparison compares the first two results on a numeric field they share
// (which is larger and by how much), else on a field whose values differ.
func comparison(r *rand.Rand, rs []result) string {
	a, b := rs[0], rs[1]
	an, bn := numbers(a.out), numbers(b.out)
	nameA, nameB := subject(a.call, a.args), subject(b.call, b.args)
	if nameA == "" || nameB == "" || nameA == nameB {
		nameA, nameB = "the first", "the second"
	}
	keys := slices.Sorted(maps.Keys(an))
	slices.SortStableFunc(keys, func(x, y string) int { return fieldScore(y, nil) - fieldScore(x, nil) })
	keys = slices.DeleteFunc(keys, func(k string) bool { _, ok := bn[k]; return !ok })
	// The figure compared is the first that differs; when none does, what
	// both have and where they differ says more than one figure twice.
	if i := slices.IndexFunc(keys, func(k string) bool { return !plan.SameValue(an[k], bn[k]) }); i > 0 {
		keys[0], keys[i] = keys[i], keys[0]
	} else if i < 0 && len(keys) > 0 {
		if c := recordContrast(facts(a.out, 8), facts(b.out, 8), "", nameA, nameB); c != "" {
			return strings.TrimSpace(c)
		}
	}
	if len(keys) > 0 {
		// The first key is the figure compared (see above).
		k := keys[0]
		bv := bn[k]
		av := an[k]
		words := wording.Phrase(k)
		if c := wording.CountOf(k); c != "" {
			words = "number of " + c
		}
		x, _ := plan.Number(av)
		y, _ := plan.Number(bv)
		ta, tb := plan.Text(av), plan.Text(bv)
		measure := "" // the field's name with its unit, for the difference ("340 bytes higher")
		if noun, ma, ok := wording.Measured(words, ta); ok {
			if _, mb, ok := wording.Measured(words, tb); ok {
				// "the size is 380 bytes for …", not "the size bytes is 380"
				measure, words, ta, tb = words, noun, ma, mb
			}
		}
		head := pick(r,
			"Comparing the two: the "+words+" is "+ta+" for "+nameA+" and "+tb+" for "+nameB+".",
			"For "+nameA+" the "+words+" is "+ta+", for "+nameB+" it's "+tb+".",
			upperFirst(nameA)+" has "+wording.WithArticle(words)+" of "+ta+" against "+tb+" for "+nameB+".")
		contrast := recordContrast(facts(a.out, 8), facts(b.out, 8), k, nameA, nameB)
		if x == y {
			return head + " They are the same." + contrast
		}
		hi, lo := nameA, nameB
		if y > x {
			hi, lo = nameB, nameA
		}
		diff := formatNumber(math.Abs(x - y))
		if _, d, ok := wording.Measured(measure, diff); ok {
			diff = d
		}
		tail := pick(r,
			" So "+hi+" is higher, by "+diff,
			" That puts "+hi+" ahead of "+lo+" by "+diff,
			" "+upperFirst(hi)+" comes out "+diff+" higher")
		if x != 0 && y != 0 && r.IntN(2) == 0 {
			big, small := math.Max(x, y), math.Min(x, y)
			if small > 0 && math.Round(big/small*10)/10 > 1 {
				tail += " (about " + formatNumber(math.Round(big/small*10)/10) + " times as much)"
			}
		}
		return head + tail + "." + contrast
	}
	// Two texts (two files, two listings): their length.
	if line := textComparison(a, b, nameA, nameB); line != "" {
		return line
	}
	// No shared number: contrast a field that differs.
	fa, fb := facts(a.out, 6), facts(b.out, 6)
	if line := listComparison(fa, fb, nameA, nameB); line != "" {
		return line
	}
	return strings.TrimSpace(recordContrast(fa, fb, "", nameA, nameB))
}

// recordContrast says what two records share and where they differ, on
// the fields both hold but skip ("Both have status in progress. They
// differ on title: … for the first versus … for the second."); "" when
// they share no such field. It opens with a space.
func recordContrast(fa, fb []fact, skip, nameA, nameB string) string {
	var same, differ []string
	for _, f := range fa {
		for _, g := range fb {
			if f.key != g.key || f.key == skip || f.list || g.list || f.secret || g.secret || f.words == "" || idKey(f.key) || bookkeepingTime(strings.ToLower(f.key)) {
				continue
			}
			if f.value == g.value {
				if f.value != "yes" && f.value != "no" {
					same = append(same, factPhrases([]fact{f}, false)...)
				}
			} else if len(differ) < 2 {
				differ = append(differ, f.words+": "+f.value+" for "+nameA+" versus "+g.value+" for "+nameB)
			}
		}
	}
	line := ""
	if len(same) > 0 {
		line += " Both have " + wording.List(same[:min(3, len(same))]) + "."
	}
	if len(differ) > 0 {
		line += " They differ on " + strings.Join(differ, "; and on ") + "."
	}
	return line
}

// numbers returns the numeric fields of a result, one level of nesting
// flattened.
func numbers(doc any) map[string]any {
	out := map[string]any{}
	o, ok := doc.(map[string]any)
	if !ok {
		return out
	}
	for k, v := range o {
		if idKey(k) {
			continue // an id is a name, not an amount: none is "higher"
		}
		if _, ok := plan.Number(v); ok {
			out[k] = v
			continue
		}
		if bookkeeping[strings.ToLower(k)] {
			continue // paging and request metadata say nothing about the subject
		}
		if m, ok := v.(map[string]any); ok {
			for k2, v2 := range m {
				if _, ok := plan.Number(v2); ok && !idKey(k2) {
					if _, dup := out[k2]; !dup {
						out[k2] = v2
					}
				}
			}
		}
	}
	return out
}

// idKey reports whether a field holds an identifier ("id", "message_id",
// "orderId").
func idKey(k string) bool {
	if i := strings.LastIndex(k, "."); i >= 0 {
		k = k[i+1:] // a nested field's own name ("namespace.id")
	}
	l := strings.ToLower(k)
	return l == "id" || strings.HasSuffix(l, "_id") || strings.HasSuffix(k, "Id") || strings.HasSuffix(k, "ID") || strings.HasSuffix(l, "_uuid")
}

func formatNumber(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

// codeSentence reports what a program printed: its figures in words.
func codeSentence(r *rand.Rand, out any) string {
	o, _ := out.(map[string]any)
	stdout, _ := o["stdout"].(string)
	stdout = strings.TrimSpace(stdout)
	doc, err := plan.Decode(stdout)
	if err != nil || stdout == "" {
		if stdout == "" {
			return pick(r, "The calculation printed nothing, so I have no figure from it.", "The script produced no output.")
		}
		return "The calculation printed " + plan.Clip(stdout, 200) + "."
	}
	var parts []string
	if m, ok := doc.(map[string]any); ok {
		m, per := perResult(m)
		for _, k := range orderedKeys(m) {
			v := m[k]
			if vs := per[k]; len(vs) > 1 {
				// One figure of each of several results: said once, for
				// each in turn ("the lines in the files are 12 in the first
				// and 39 in the second"), never the tool's name as a label.
				var each []string
				for i, x := range vs {
					each = append(each, spokenResult(x)+" in the "+ordinal(i+1))
				}
				k = wording.Unitless(k)
				parts = append(parts, "the "+k+" "+be(k)+" "+wording.List(each))
				continue
			}
			if v == nil {
				parts = append(parts, "no "+k)
				continue
			}
			if noun, measure, ok := wording.Measured(k, plan.Text(v)); ok {
				parts = append(parts, "the "+noun+" is "+measure) // "the average discount is 42.5%"
				continue
			}
			k = wording.Unitless(k) // "the entry with the highest discount", not "… discount percent"
			parts = append(parts, "the "+k+" "+be(k)+" "+spokenResult(v))
		}
	} else {
		parts = append(parts, spokenResult(doc))
	}
	// The figures open the sentence most of the time: a stock opening on
	// every computed answer ("Computed over the results, …") recurs.
	if r.IntN(3) > 0 {
		return upperFirst(wording.List(parts)) + "."
	}
	return pick(r, "Running the numbers: ", "The calculation shows that ", "Computed over the results, ", "From the script: ") + wording.List(parts) + "."
}

// perResult groups the figures a program printed for each of several
// results of one tool ("lines" and "lines (read_file, result 2)") under
// their own name, in order; the map it returns holds each name once.
func perResult(m map[string]any) (map[string]any, map[string][]any) {
	out := map[string]any{}
	per := map[string][]any{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if sm := resultSuffix.FindStringSubmatch(k); sm != nil {
			if _, ok := m[sm[1]]; ok {
				n, _ := strconv.Atoi(sm[2])
				if len(per[sm[1]]) == 0 {
					per[sm[1]] = []any{m[sm[1]]}
				}
				for len(per[sm[1]]) < n {
					per[sm[1]] = append(per[sm[1]], nil)
				}
				per[sm[1]][n-1] = m[k]
				continue
			}
		}
		out[k] = m[k]
	}
	for k, vs := range per {
		if slices.Contains(vs, nil) {
			delete(per, k) // a gap: said one by one
			for i, v := range vs {
				if i == 0 {
					continue
				}
				if v != nil {
					out[fmt.Sprintf("%s (result %d)", k, i+1)] = v
				}
			}
		}
	}
	return out, per
}

// resultSuffix is the name a program gives a figure of a later result of
// one tool: "lines (read_file, result 2)".
var resultSuffix = regexp.MustCompile(`^(.+) \([^,()]+, result (\d+)\)$`)

// ordinal is a small position in words ("second").
func ordinal(n int) string {
	words := []string{"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return strconv.Itoa(n) + "th"
}

// orderedKeys keeps a program's own key order where it can be read back
// (counts and totals before averages), else sorts.
func orderedKeys(m map[string]any) []string {
	keys := slices.Sorted(maps.Keys(m))
	rank := func(k string) int {
		for i, w := range []string{"count", "number", "total", "sum", "average", "mean", "highest", "top", "largest", "lowest"} {
			if strings.Contains(k, w) {
				return i
			}
		}
		return 99
	}
	slices.SortStableFunc(keys, func(a, b string) int { return rank(a) - rank(b) })
	return keys
}

func spokenResult(v any) string {
	switch x := v.(type) {
	case map[string]any:
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(x)) {
			parts = append(parts, k+" "+spokenResult(x[k]))
		}
		return wording.List(parts)
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, spokenResult(e))
		}
		return wording.List(parts)
	}
	return plan.Text(v)
}

// retryNote tells of a call that failed once and went through when tried
// again, in one of many ways: a third of the answers that carry out
// writes carry such a note, and three sentences for them all repeat.
func retryNote(r *rand.Rand, tool, msg string) string {
	return pick(r,
		"The first "+tool+" attempt failed ("+msg+"), so I tried again and it went through.",
		"Note: "+tool+" errored once ("+msg+"); a retry worked.",
		"There was a temporary error from "+tool+" ("+msg+"), which cleared on the second try.",
		toolLead(tool)+" failed the first time ("+msg+") but worked when I ran it again.",
		"I hit an error on the first "+tool+" call ("+msg+"); the retry succeeded.",
		"The first try at "+tool+" didn't go through ("+msg+"); the second one did.",
		toolLead(tool)+" hiccuped once ("+msg+") and then succeeded on a retry.")
}

// recoverySentence tells what failed and what was done about it.
func recoverySentence(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall, failedID string) string {
	msg := gist(failure(s, failedID))
	var changes []string
	if d := s.Done[c.GetId()]; d != nil {
		now := actualArgs(s, d, 0)
		old := failedArgs(s, failedID)
		for _, k := range slices.Sorted(maps.Keys(now)) {
			if ov, ok := old[k]; ok && !plan.SameValue(ov, now[k]) {
				changes = append(changes, plan.Text(now[k])+" instead of "+plan.Text(ov))
			}
		}
	}
	tool := c.GetToolName()
	if spokenTool(tool) != tool {
		// An operation id no person would say: the call is named by what
		// it was for.
		return unnamedRecovery(r, purposeOf(s, c), msg, changes)
	}
	if len(changes) == 0 {
		return retryNote(r, tool, msg)
	}
	return pick(r,
		"My first "+tool+" call failed ("+msg+"); I corrected it to use "+wording.List(changes)+".",
		toolLead(tool)+" first returned an error — "+msg+" — so I retried with "+wording.List(changes)+".",
		"One hiccup: "+msg+". Using "+wording.List(changes)+" fixed it.")
}

// gist is what an error said, without the advice a service adds after
// it ("Request timed out after 30s", not "…; the service may be busy.
// Please try again"): the answer says what went wrong, not the tool's
// boilerplate.
func gist(msg string) string {
	if head, _, ok := strings.Cut(msg, "; "); ok && len(head) >= 12 {
		msg = head
	}
	if head, _, ok := strings.Cut(msg, ". "); ok && len(head) >= 12 {
		msg = head
	}
	return msg
}

// unnamedRecovery tells what failed and what was done about it, naming
// the call by its purpose ("My first try to count the groups failed …").
func unnamedRecovery(r *rand.Rand, purpose, msg string, changes []string) string {
	if len(changes) == 0 {
		return pick(r,
			// None opens as a retry note on a named tool does: the two
			// sets together are one family of sentences across a run.
			"The first try to "+purpose+" failed ("+msg+"), so I tried again and it went through.",
			"My first attempt to "+purpose+" hit an error ("+msg+"); a retry worked.",
			"A temporary error ("+msg+") got in the way when I tried to "+purpose+"; it cleared on the second try.",
			"Trying to "+purpose+" failed once ("+msg+") but worked when I ran it again.",
			"It took two tries to "+purpose+": the first hit an error ("+msg+"), the retry succeeded.")
	}
	with := wording.List(changes)
	return pick(r,
		"My first try to "+purpose+" failed ("+msg+"); with "+with+" it went through.",
		"The first attempt to "+purpose+" returned an error — "+msg+" — so I retried with "+with+".",
		"When I first tried to "+purpose+", the service answered: "+msg+". I switched to "+with+" and that worked.")
}

// skippedSentence says why a conditional call was not made.
func skippedSentence(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall) string {
	purpose := plainly(purposeOf(s, c))
	cond := c.GetCondition()
	if cond == nil || cond.GetOperator() == "" {
		return "I didn't " + purpose + ", since it depended on a result that wasn't there."
	}
	field := wording.Phrase(lastStep(cond.GetSubject().GetPath()))
	actual := "not what the condition needed"
	if d := s.Done[cond.GetSubject().GetCallId()]; d != nil && len(d.Outputs) > 0 {
		if v, ok := plan.GetOne(d.Outputs[0], cond.GetSubject().GetPath()); ok {
			actual = conditionValue(v)
			if secretField(lastStep(cond.GetSubject().GetPath()), v) {
				actual = "set" // a credential is never read back, only whether it is there
			}
		} else {
			actual = "missing"
		}
	}
	return pick(r,
		"Since the "+field+" came back as "+actual+", the condition wasn't met and I did not "+purpose+".",
		"I held off on the second part: the "+field+" is "+actual+", so there was no need to "+purpose+".",
		"The condition didn't hold (the "+field+" is "+actual+"), so I skipped the request to "+purpose+".")
}

// conditionValue says what a condition found: a figure or a text as it
// came, a list or a record by whether it holds anything ("3 entries",
// "empty", "not empty"), never its JSON.
func conditionValue(v any) string {
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return "empty"
		}
		return count(len(x), "entry", "entries")
	case map[string]any:
		if len(x) == 0 {
			return "empty"
		}
		return "not empty"
	}
	return plan.Text(v)
}

// joinSentences joins an answer's sentences; a block (a file shown, a
// diff) stands in its own paragraph.
func joinSentences(body []string) string {
	var b strings.Builder
	for i, s := range body {
		if i > 0 {
			if strings.Contains(s, "\n") || strings.Contains(body[i-1], "\n") {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		// A quoted value that ends its own sentence ("the message is
		// Done.") takes no second full stop; an ellipsis stays.
		if strings.HasSuffix(s, "..") && !strings.HasSuffix(s, "...") || strings.HasSuffix(s, "!.") || strings.HasSuffix(s, "?.") {
			s = s[:len(s)-1]
		}
		b.WriteString(s)
	}
	return b.String()
}

// counted says how many things an action was done to when the call names
// them in a list: "deleted several relations" is "deleted the 2
// relations", or names the one.
func counted(past string, args map[string]any) string {
	for _, k := range slices.Sorted(maps.Keys(args)) {
		xs, ok := args[k].([]any)
		if !ok || len(xs) == 0 {
			continue
		}
		for _, vague := range []string{"several ", "a few ", "some ", "the "} {
			i := strings.Index(past, " "+vague)
			if i < 0 {
				continue
			}
			rest := past[i+1+len(vague):]
			if len(xs) == 1 {
				if l := label(xs[0]); l != "" && len(l) < 60 {
					noun, _, _ := strings.Cut(rest, " ")
					return past[:i+1] + "the " + ident.Singular(noun) + " " + l + rest[len(noun):]
				}
				return past
			}
			return past[:i+1] + "the " + strconv.Itoa(len(xs)) + " " + rest
		}
		return past
	}
	return past
}

// listingComparison compares two folder listings by what they hold ("…
// holds 3 files and 1 folder, … 5 files"), what both hold and what only
// one does, not by their lines and words; "" when they are not both
// listings.
func listingComparison(a, b result, first, nameA, nameB string) string {
	ea, okA := listingEntries(a.out)
	eb, okB := listingEntries(b.out)
	if !okA || !okB {
		return ""
	}
	holds := func(es []listed) string {
		dirs, files := 0, 0
		for _, e := range es {
			if e.dir {
				dirs++
			} else {
				files++
			}
		}
		var parts []string
		if files > 0 {
			parts = append(parts, count(files, "file", "files"))
		}
		if dirs > 0 {
			parts = append(parts, count(dirs, "folder", "folders"))
		}
		if len(parts) == 0 {
			return "nothing"
		}
		return strings.Join(parts, " and ")
	}
	line := fmt.Sprintf("%s holds %s, %s %s.", first, holds(ea), nameB, holds(eb))
	if shared, onlyA, onlyB := sharedEntries(ea, eb); len(ea) > 0 && len(eb) > 0 {
		switch {
		case len(shared) == 0:
			line += " Nothing is in both: " + nameA + " has " + some(onlyA) + ", " + nameB + " " + some(onlyB) + "."
		case len(onlyA) > 0 && len(onlyB) > 0:
			line += " Both have " + some(shared) + "; only " + nameA + " has " + some(onlyA) + ", only " + nameB + " " + some(onlyB) + "."
		case len(onlyA) > 0:
			line += " Both have " + some(shared) + "; " + nameA + " also has " + some(onlyA) + "."
		case len(onlyB) > 0:
			line += " Both have " + some(shared) + "; " + nameB + " also has " + some(onlyB) + "."
		default:
			line += " They hold the same entries."
		}
	}
	switch ta, tb := len(ea), len(eb); {
	case ta == tb:
		return line + " Both hold " + count(ta, "entry", "entries") + "."
	case ta > tb:
		return line + " " + upperFirst(nameA) + " holds more."
	}
	return line + " " + upperFirst(nameB) + " holds more."
}

// listed is one entry of a folder listing.
type listed struct {
	name string
	dir  bool
}

// listingEntries reads the entries of a listing ("[DIR] x", "[FILE] y");
// ok is false when out is not one.
func listingEntries(out any) (es []listed, ok bool) {
	text, isText := textOf(out)
	if !isText || text == "" {
		return nil, false
	}
	lines := entriesOnly(strings.Split(strings.TrimRight(text, "\n"), "\n"))
	if !allMatch(lines, entryLine) {
		return nil, false
	}
	for _, l := range lines {
		if m := entryLine.FindStringSubmatch(l); m != nil {
			es = append(es, listed{name: m[2], dir: m[1] == "DIR"})
		}
	}
	return es, true
}

// sharedEntries splits two listings' entries into the names both hold and
// those only one does, each in the listing's order.
func sharedEntries(a, b []listed) (shared, onlyA, onlyB []string) {
	in := func(es []listed, name string) bool {
		return slices.ContainsFunc(es, func(e listed) bool { return e.name == name })
	}
	for _, e := range a {
		if in(b, e.name) {
			shared = append(shared, e.name)
		} else {
			onlyA = append(onlyA, e.name)
		}
	}
	for _, e := range b {
		if !in(a, e.name) {
			onlyB = append(onlyB, e.name)
		}
	}
	return shared, onlyA, onlyB
}

// some names up to three of a list's items, saying how many more there are.
func some(xs []string) string {
	if len(xs) <= 3 {
		return wording.List(xs)
	}
	return strings.Join(xs[:3], ", ") + " and " + strconv.Itoa(len(xs)-3) + " more"
}

// listComparison compares two results by the first list both hold: how
// many each has, what both hold and what only one does ("The first has 2
// entities (…); the second has 1 (…). Both hold Ana Ruiz; only the first
// has Acme. The first has more."); "" when they share none.
func listComparison(fa, fb []fact, nameA, nameB string) string {
	for _, f := range fa {
		for _, g := range fb {
			if f.key != g.key || !f.list || !g.list {
				continue
			}
			line := upperFirst(nameA) + " has " + f.value + "; " + nameB + " has " + g.value + "."
			if named(f.labels) && named(g.labels) {
				shared, onlyA, onlyB := sharedEntries(asListed(f.labels), asListed(g.labels))
				switch {
				case len(shared) == 0:
					line += " They have none in common."
				case len(onlyA) == 0 && len(onlyB) == 0:
					line += " They hold the same."
				default:
					line += " Both hold " + some(shared) + "."
				}
				if len(shared) > 0 && len(onlyA) > 0 {
					line += " Only " + nameA + " has " + some(onlyA) + "."
				}
				if len(shared) > 0 && len(onlyB) > 0 {
					line += " Only " + nameB + " has " + some(onlyB) + "."
				}
			}
			x, _ := strconv.Atoi(strings.Fields(f.value)[0])
			y, _ := strconv.Atoi(strings.Fields(g.value)[0])
			switch {
			case x > y:
				return line + " " + upperFirst(nameA) + " has more."
			case y > x:
				return line + " " + upperFirst(nameB) + " has more."
			}
			// What is equal is said: "Both have 1 header", not "They hold
			// as many".
			return line + " Both have " + countedNoun(f.value) + "."
		}
	}
	return ""
}

// countedNoun is a list fact's count and noun without its labels or
// total: "1 header" for "1 header (government)", "3 entries" for "3 of 25
// entries (…)".
func countedNoun(value string) string {
	head, _, _ := strings.Cut(value, " (")
	return ofTotal.ReplaceAllString(head, "")
}

var ofTotal = regexp.MustCompile(` of \d+`)

// named reports whether every element of a list has a name (a number is
// an amount, not a name: two lists of prices share none by chance).
func named(labels []string) bool {
	return len(labels) > 0 && !slices.ContainsFunc(labels, func(l string) bool {
		_, err := strconv.ParseFloat(l, 64)
		return l == "" || err == nil
	})
}

func asListed(names []string) []listed {
	var es []listed
	for _, n := range names {
		es = append(es, listed{name: n})
	}
	return es
}

// textComparison compares two text results (two files, two listings) by
// length, each named by its first line; "" when they are not both texts.
func textComparison(a, b result, nameA, nameB string) string {
	la, wa, ok := textLines(a.out)
	lb, wb, ok2 := textLines(b.out)
	if !ok || !ok2 {
		return ""
	}
	if nameA == "the first" {
		nameA, nameB = pathArg(a.args), pathArg(b.args)
		if nameA == "" || nameA == nameB {
			// Files read together come headed by their paths.
			nameA, nameB = headedBy(a.out), headedBy(b.out)
		}
		if nameA == "" || nameB == "" || nameA == nameB {
			nameA, nameB = "the first", "the second"
		}
	}
	first := nameA
	if !strings.ContainsAny(first, "./") {
		first = upperFirst(first)
	}
	if line := listingComparison(a, b, first, nameA, nameB); line != "" {
		return line
	}
	head := fmt.Sprintf("%s%s has %s (%s), %s%s has %s (%s).", first, firstLine(a.out), count(la, "line", "lines"), count(wa, "word", "words"), nameB, firstLine(b.out), count(lb, "line", "lines"), count(wb, "word", "words"))
	switch {
	case wa == wb:
		return head + " They are the same length."
	case wa > wb:
		return head + " The longer one is " + nameA + "."
	}
	return head + " The longer one is " + nameB + "."
}
