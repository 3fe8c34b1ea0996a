package rollout

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/lru"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// Private text (the assistant's guidance, correction hints, the plan's call
// ids) steers the models but must never reach a record: a model trained on
// a chain of thought that says "the guidance says to call…" learns to expect
// guidance. A field leaks when it copies a run of private text, names a
// plan call by its id, or refers to the existence of private instructions.
// Words the conversation itself uses (a tool returning "guidance", a
// catalogue item called "c2") are not leaks.

// Confider is implemented by players that tell their model something
// privately: the engine keeps those texts out of the record.
type Confider interface {
	Private(s *State) []string
}

// FieldKind says which checks a text field gets.
type FieldKind int

// The kinds of record fields.
const (
	// FieldReasoning is an assistant's reasoning_content: every check,
	// including loose references to a plan or instructions.
	FieldReasoning FieldKind = iota
	// FieldAssistant is an assistant's content or a call's arguments.
	FieldAssistant
	// FieldOther is a user message or a tool output: copied private text
	// and plan ids in the hints' "id (tool)" form only.
	FieldOther
)

// shingleWords is the length of a run of private words that counts as copied.
const shingleWords = 7

// strongRefs name private instructions in any assistant text.
var strongRefs = []string{
	"private note", "private guidance", "the guidance", "guidance says", "private instruction", "off plan", "off-plan",
	"not visible to the user", "user cannot see", "user can't see", "note for the assistant", "correction hint",
	"planned call", "planned calls", "planned step", "next planned",
}

// looseRefs are references to a plan or instructions that only a chain of
// thought makes (an answer may well speak of a "plan" the user chose).
var looseRefs = []string{
	"guidance", "the plan", "planned", "hint", "instructed", "my instructions", "i was told", "i'm told", "i am told",
	"the instructions", "the note says", "system note", "system message says",
}

// reasoningRefs are the references a chain of thought is checked for.
var reasoningRefs = append(append([]string(nil), strongRefs...), looseRefs...)

// leakCheck finds private text in record fields.
type leakCheck struct {
	// refs turns on the checks for references to private instructions:
	// only a player that was told something privately can refer to it.
	refs bool
	// shingles are the runs of shingleWords words of each private text.
	shingles []map[string]bool
	ids      map[string]string // plan call id -> tool name
	// grounds are the conversation's own words, lower-cased: the tools'
	// text and the user and tool messages as they were when the check was
	// made (msgs). Most texts hold nothing that needs them, so they are
	// joined on first use (ground), not for every check.
	grounds string
	joined  bool
	memo    *leakMemo
	msgs    []llm.Message
}

var idForm = regexp.MustCompile(`\b([A-Za-z_]*[0-9]+[A-Za-z0-9_]*) \(([A-Za-z0-9_.\-]+)\)`)

// idForms calls fn with each match of idForm in text, in order (the whole
// match, the id and the tool), until fn returns false. It finds what
// idForm.FindAllStringSubmatch finds without the expression, which was the
// check's dearest part: a match is a maximal run of word characters holding
// a digit, " (", a run of [A-Za-z0-9_.-] and ")", so each " (" of the text
// is the only place one can be.
func idForms(text string, fn func(m, id, tool string) bool) {
	for i := 0; ; {
		j := strings.Index(text[i:], " (")
		if j < 0 {
			return
		}
		sp := i + j
		i = sp + 1
		start := sp
		for start > 0 && isWordByte(text[start-1]) {
			start--
		}
		id := text[start:sp]
		if !strings.ContainsAny(id, "0123456789") {
			continue
		}
		end := sp + 2
		for end < len(text) && isToolByte(text[end]) {
			end++
		}
		if end == sp+2 || end == len(text) || text[end] != ')' {
			continue
		}
		if !fn(text[start:end+1], id, text[sp+2:end]) {
			return
		}
	}
}

func isToolByte(b byte) bool { return isWordByte(b) || b == '.' || b == '-' }

// leakMemo keeps, for one rollout's state, what every check of it would
// otherwise build again: the tools' text, the lower-cased user and tool
// messages, the shingles of the private texts. A check runs on every model
// reply, and rebuilding these was a third of a rollout's allocations.
type leakMemo struct {
	tools    *toolset.Set
	toolText string
	lowered  map[string]string // message content -> lower-cased
	// shingles by private text: the checks of one rollout take the same
	// texts again and again (the worked example, the notes so far, a hint),
	// in changing combinations.
	shingles map[string]map[string]bool
	// words by checked text: a reply is checked by its player, again by
	// the engine and once more in the finished record.
	words     map[string][]string
	planCalls int
	ids       map[string]string
}

func (s *State) leakMemo() *leakMemo {
	if s.leaks == nil {
		s.leaks = &leakMemo{lowered: map[string]string{}, shingles: map[string]map[string]bool{}, words: map[string][]string{}}
	}
	m := s.leaks
	if m.tools != s.Tools || m.toolText == "" && s.Tools != nil {
		var g strings.Builder
		for _, t := range s.Tools.Specs() {
			g.WriteString(strings.ToLower(t.Function.Name + " " + t.Function.Description + " " + string(t.Function.Parameters) + "\n"))
		}
		m.tools, m.toolText = s.Tools, g.String()
	}
	return m
}

// shinglesOf returns the runs of shingleWords words of private text p.
func (m *leakMemo) shinglesOf(p string) map[string]bool {
	if set, ok := m.shingles[p]; ok {
		return set
	}
	// Every rollout's assistant is shown the same worked example, and
	// many get the same notes: their runs are made once per process.
	if set, ok := sharedShingles.Get(p); ok {
		m.remember(p, set)
		return set
	}
	set := map[string]bool{}
	ws := words(p)
	for i := 0; i+shingleWords <= len(ws); i++ {
		set[strings.Join(ws[i:i+shingleWords], " ")] = true
	}
	set = sharedShingles.Add(p, set)
	m.remember(p, set)
	return set
}

// sharedShingles holds the runs of private texts for every rollout of the
// process; the sets are only ever read once made.
var sharedShingles = lru.New[string, map[string]bool](1024)

func (m *leakMemo) remember(p string, set map[string]bool) {
	if len(m.shingles) >= 64 {
		clear(m.shingles) // a rollout that went on and on: keep memory bounded
	}
	m.shingles[p] = set
}

// wordsKept bounds the texts whose words a rollout keeps: a reply's
// checks come one after another, and dozens of rollouts run at once.
const wordsKept = 32

// wordsOf returns words(text), from the memo when text was checked before.
func (m *leakMemo) wordsOf(text string) []string {
	if ws, ok := m.words[text]; ok {
		return ws
	}
	ws := words(text)
	if len(m.words) >= wordsKept {
		clear(m.words) // a rollout that went on and on: keep memory bounded
	}
	m.words[text] = ws
	return ws
}

// newLeakCheck builds the check for a rollout: private are the texts the
// players were told privately; refs says the assistant was told in words
// (a model), so its texts are checked for references to that. The grounds
// are the conversation's tool definitions, user messages and tool outputs.
func newLeakCheck(s *State, private []string, refs bool) *leakCheck {
	memo := s.leakMemo()
	shingles := make([]map[string]bool, 0, len(private))
	for _, p := range private {
		if set := memo.shinglesOf(p); len(set) > 0 {
			shingles = append(shingles, set)
		}
	}
	if memo.ids == nil || memo.planCalls != len(s.Plan.Calls) {
		memo.ids = map[string]string{}
		for _, c := range s.Plan.Calls {
			if strings.ContainsFunc(c.GetId(), unicode.IsDigit) {
				memo.ids[c.GetId()] = c.GetToolName()
			}
		}
		memo.planCalls = len(s.Plan.Calls)
	}
	return &leakCheck{refs: refs, shingles: shingles, ids: memo.ids, memo: memo, msgs: s.Messages}
}

// ground returns the grounds, joining them the first time.
func (l *leakCheck) ground() string {
	if l.joined {
		return l.grounds
	}
	memo := l.memo
	n := len(memo.toolText)
	for _, m := range l.msgs {
		if m.Role == "user" || m.Role == "tool" {
			n += len(m.Content) + 1
		}
	}
	var g strings.Builder
	g.Grow(n)
	g.WriteString(memo.toolText)
	for _, m := range l.msgs {
		if m.Role == "user" || m.Role == "tool" {
			low, ok := memo.lowered[m.Content]
			if !ok {
				low = strings.ToLower(m.Content)
				memo.lowered[m.Content] = low
			}
			g.WriteString(low)
			g.WriteByte('\n')
		}
	}
	l.grounds, l.joined = g.String(), true
	return l.grounds
}

// Leak returns what private text field reveals (empty when nothing), for
// players that check their model's reply before handing it over.
func Leak(s *State, private []string, text string, kind FieldKind) string {
	return newLeakCheck(s, append(private, s.Hint), true).find(text, kind)
}

// find returns a description of the first leak in text, or "".
func (l *leakCheck) find(text string, kind FieldKind) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	if w := l.copied(text); w != "" {
		return w
	}
	// The pattern needs a plan call id and " (": most texts have neither,
	// and the expression is the check's dearest part.
	if len(l.ids) > 0 {
		named := ""
		idForms(text, func(m, id, tool string) bool {
			if l.ids[id] == tool {
				named = m
			}
			return named == ""
		})
		if named != "" {
			return fmt.Sprintf("names plan call %s", named)
		}
	}
	if kind == FieldOther || !l.refs {
		return ""
	}
	lower := strings.ToLower(text)
	for id := range l.ids {
		if containsWord(lower, strings.ToLower(id)) && !containsWord(l.ground(), strings.ToLower(id)) {
			return fmt.Sprintf("names plan call %s", id)
		}
	}
	refs := strongRefs
	if kind == FieldReasoning {
		refs = reasoningRefs
	}
	for _, r := range refs {
		if containsWord(lower, r) && !containsWord(l.ground(), r) {
			return fmt.Sprintf("refers to private instructions (%q)", r)
		}
	}
	return ""
}

// copied describes the first run of shingleWords private words that text
// copies and the conversation does not hold itself, or "".
func (l *leakCheck) copied(text string) string {
	if len(l.shingles) == 0 {
		return ""
	}
	ws := l.memo.wordsOf(text)
	var key []byte // each run, joined by spaces, without a string per run
	for i := 0; i+shingleWords <= len(ws); i++ {
		key = key[:0]
		for j, w := range ws[i : i+shingleWords] {
			if j > 0 {
				key = append(key, ' ')
			}
			key = append(key, w...)
		}
		if !l.private(key) {
			continue
		}
		if sh := string(key); !strings.Contains(l.groundWords(), sh) {
			return fmt.Sprintf("copies private guidance (%q)", sh)
		}
	}
	return ""
}

// private says whether a private text holds the run key.
func (l *leakCheck) private(key []byte) bool {
	for _, set := range l.shingles {
		if set[string(key)] {
			return true
		}
	}
	return false
}

// groundWords is the conversation's own words, joined by single spaces, so
// a run of words the conversation itself holds is never a leak.
func (l *leakCheck) groundWords() string {
	return strings.Join(words(l.ground()), " ")
}

// containsWord reports whether s holds w starting and ending at word boundaries.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// words splits text into lower-case words (letters and digits; "_" and
// punctuation separate), so a copy is found whatever its punctuation.
func words(s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		}
	}
	// ASCII, as most texts are: the same words without a call per rune.
	low := strings.ToLower(s)
	n := 0
	for i := 0; i < len(low); i++ {
		if isAlnum(low[i]) && (i == 0 || !isAlnum(low[i-1])) {
			n++
		}
	}
	out := make([]string, 0, n)
	for i := 0; i < len(low); {
		if !isAlnum(low[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(low) && isAlnum(low[j]) {
			j++
		}
		out = append(out, low[i:j])
		i = j
	}
	return out
}

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// recordLeaks checks every text field of the conversation (content,
// reasoning, call arguments, tool outputs) and returns the first leak.
func (l *leakCheck) recordLeaks(msgs []llm.Message) string {
	for i, m := range msgs {
		if i == 0 && m.Role == "system" {
			continue // the record's own system prompt
		}
		kind := FieldOther
		if m.Role == "assistant" {
			kind = FieldAssistant
		}
		if w := l.find(m.Content, kind); w != "" {
			return fmt.Sprintf("message %d (%s) content %s", i, m.Role, w)
		}
		if w := l.find(m.ReasoningContent, FieldReasoning); w != "" {
			return fmt.Sprintf("message %d (%s) reasoning %s", i, m.Role, w)
		}
		for _, c := range m.ToolCalls {
			if w := l.find(c.Function.Arguments, FieldAssistant); w != "" {
				return fmt.Sprintf("message %d call %s arguments %s", i, c.Function.Name, w)
			}
		}
	}
	return ""
}
