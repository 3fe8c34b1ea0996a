package simroles

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// User is the sim user simulator: it asks for the current intent (the
// planner words the request with the values the user states), in the
// register of its persona, and gives withheld values only when asked.
type User struct{}

// Play implements rollout.Player.
func (User) Play(_ context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	r := rnd(s, string(llm.RoleUserSimulator))
	t := s.UserTask
	persona := s.Plan.BP.GetPersona()
	reg := registerOf(persona)
	intent := s.Plan.BP.GetGoal()
	if intents := s.Plan.BP.GetIntents(); t.Intent < len(intents) {
		intent = intents[t.Intent]
	}
	// A request no tool serves is a whole sentence of its own.
	standalone := len(s.Plan.IntentCalls(t.Intent)) == 0
	var text string
	switch t.Kind {
	case rollout.UserOpen:
		text = opening(r, reg, persona, intent, standalone)
	case rollout.UserReveal:
		if fix, ok := correctionReveal(s, r); ok {
			return llm.Message{Role: "user", Content: fix}, llm.Totals{}, nil
		}
		text = reveal(r, reg, t.Values)
	case rollout.UserFollowUp:
		text = followUp(r, reg, intent, standalone)
	case rollout.UserConfirm:
		text = confirm(r, reg)
	}
	text = setApart(withValues(r, text, t.Values), t.Values)
	return llm.Message{Role: "user", Content: strings.TrimSpace(text)}, llm.Totals{}, nil
}

// confirm is the user's short yes when the assistant asks before a write.
func confirm(r *rand.Rand, reg register) string {
	switch reg {
	case terse:
		return pick(r, "Yes.", "Yes, go ahead.", "Go ahead.", "Confirmed.")
	case chatty:
		return pick(r, "Yes please, go ahead!", "Yep, that's right, do it.", "Sounds good, go for it!")
	case formal:
		return pick(r, "Yes, please proceed.", "That is correct; please go ahead.", "Confirmed, thank you.")
	}
	return pick(r, "Yes, please do it.", "Yes, this is correct, go ahead.", "OK, yes.")
}

// register is how a persona talks.
type register int

const (
	terse register = iota
	chatty
	formal
	nonNative
)

// registerOf reads the register from the persona's style, and picks one by
// the persona's name where the style does not say.
func registerOf(p *blueprintv1.Persona) register {
	st := strings.ToLower(p.GetStyle())
	switch {
	case strings.Contains(st, "non-native"), strings.Contains(st, "second language"):
		return nonNative
	case strings.Contains(st, "concise"), strings.Contains(st, "impatient"), strings.Contains(st, "terse"):
		return terse
	case strings.Contains(st, "chatty"), strings.Contains(st, "unsure"), strings.Contains(st, "friendly"):
		return chatty
	case strings.Contains(st, "formal"), strings.Contains(st, "detail"):
		return formal
	}
	h := 0
	for _, c := range p.GetName() {
		h = h*31 + int(c)
	}
	return register((h%4 + 4) % 4)
}

// opening is the first message: perhaps a greeting and who is asking, then
// the request in the persona's register.
func opening(r *rand.Rand, reg register, p *blueprintv1.Persona, intent string, standalone bool) string {
	var parts []string
	if g := greeting(r, reg); g != "" {
		parts = append(parts, g)
	}
	if p.GetName() != "" && r.IntN(4) == 0 {
		parts = append(parts, intro(r, reg, p))
	}
	if standalone {
		parts = append(parts, intent)
	} else {
		parts = append(parts, wrap(r, reg, intent))
	}
	if c := closer(r, reg); c != "" && !(thanks(c) && thanks(parts[len(parts)-1])) {
		parts = append(parts, c) // thanked once: "… — thanks." needs no "Thanks." after it
	}
	return strings.Join(parts, " ")
}

// thanks reports whether a sentence thanks or says it is grateful.
func thanks(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "thank") || strings.Contains(l, "appreciate") || l == "ta."
}

func greeting(r *rand.Rand, reg register) string {
	if r.IntN(5) < 2 {
		return ""
	}
	switch reg {
	case terse:
		return pick(r, "Hi.", "Hey.", "", "", "Morning.")
	case chatty:
		return pick(r, "Hi there!", "Hey, hope you're well!", "Hello!", "Hi! Quick favour to ask.", "Hey hey.", "Good morning!")
	case formal:
		return pick(r, "Good morning.", "Good afternoon.", "Hello.", "Dear assistant,", "Greetings.")
	}
	return pick(r, "Hello.", "Hello, good day.", "Hi, hello.", "Good day.")
}

func intro(r *rand.Rand, reg register, p *blueprintv1.Persona) string {
	name, role := p.GetName(), p.GetRole()
	first := strings.Fields(name)[0]
	switch reg {
	case terse:
		return pick(r, first+" here.", name+" ("+role+").")
	case chatty:
		return pick(r, "I'm "+first+"!", "It's "+first+" again!", "This is "+name+" ("+role+").")
	case formal:
		return pick(r, "My name is "+name+" ("+role+").", "This is "+name+".")
	}
	return pick(r, "My name is "+name+".", "I am "+first+".")
}

func closer(r *rand.Rand, reg register) string {
	if r.IntN(3) != 0 {
		return ""
	}
	switch reg {
	case terse:
		return pick(r, "Thanks.", "Ta.", "Quick please.")
	case chatty:
		return pick(r, "Thanks a ton!", "You're a lifesaver.", "Appreciate it!", "Thanks so much :)")
	case formal:
		return pick(r, "Thank you in advance.", "Many thanks.", "I appreciate your help.")
	}
	return pick(r, "Thank you very much.", "Thanks for help.", "Thank you.")
}

// wrap turns the request (an imperative in lower case) into a sentence in
// the persona's register.
func wrap(r *rand.Rand, reg register, x string) string {
	x = strings.TrimRight(strings.TrimSpace(x), ".")
	var forms []string
	switch reg {
	case terse:
		forms = []string{"%X.", "Need to %x.", "%X, please.", "Please %x.", "Quick one: %x.", "Can you %x?", "%X — thanks.", "Want to %x.", "Go ahead and %x.", "Just %x."}
	case chatty:
		forms = []string{"Could you help me %x?", "I was hoping you could %x.", "So I need to %x — can you do that for me?", "It'd be great if you could %x.", "Can you %x? That would really help.", "I'm trying to %x; can you give me a hand?", "OK so, could you %x?", "Would you be able to %x?", "Any chance you could %x?", "Mind helping me %x?"}
	case formal:
		forms = []string{"Could you please %x?", "I would like you to %x.", "Kindly %x.", "Please %x.", "I would appreciate it if you could %x.", "May I ask you to %x?", "I need to %x; please proceed.", "Would you please %x?", "I am writing to ask you to %x."}
	default:
		forms = []string{"Please can you %x?", "I want to %x, please.", "I need help: %x.", "Can you help me to %x?", "Is it possible to %x?", "Please, %x.", "I would like to %x.", "Help me %x, please."}
	}
	f := pick(r, forms...)
	f = strings.Replace(f, "%X", upperFirst(x), 1)
	return strings.Replace(f, "%x", x, 1)
}

// followUp thanks for the last answer and asks for the next thing.
func followUp(r *rand.Rand, reg register, intent string, standalone bool) string {
	var ack string
	switch reg {
	case terse:
		ack = pick(r, "Thanks.", "OK.", "Good.", "Got it.", "", "Fine.")
	case chatty:
		ack = pick(r, "Oh great, thanks!", "Perfect, that's just what I needed.", "Awesome, thank you!", "Nice, thanks so much.", "Brilliant!", "Super helpful, thanks.")
	case formal:
		ack = pick(r, "Thank you, that is helpful.", "Very good, thank you.", "Thank you for the details.", "Understood, thank you.", "Excellent.")
	default:
		ack = pick(r, "Thank you very much.", "OK, thank you.", "Very good, thanks.", "Thanks, that's clear.", "OK good.")
	}
	var body string
	if standalone {
		lead := pick(r, "", "Unrelated question: ", "Off topic, but ", "By the way, ", "Different thing — ", "Also, ")
		body = intent
		if lead != "" {
			body = lead + lowerFirst(intent)
		}
	} else {
		body = wrap(r, reg, intent)
		if lead := pick(r, "", "", "Next, ", "One more thing: ", "Now ", "Also, ", "Another thing — ", "And "); lead != "" {
			body = lead + lowerFirst(body)
		}
	}
	return strings.TrimSpace(ack + " " + body)
}

// reveal answers the assistant's question with the withheld values.
func reveal(r *rand.Rand, reg register, vals []*blueprintv1.UserValue) string {
	if len(vals) == 1 {
		noun := nounOf(vals[0])
		v := spokenValue(vals[0])
		is := be(noun)
		switch reg {
		case terse:
			return pick(r, v+".", capitalise(noun)+": "+v+".", v+", sorry.", "Use "+v+".")
		case chatty:
			return pick(r, "Oh, sorry! The "+noun+" "+is+" "+v+".", "Sure — "+v+".", "Right, I forgot that: "+v+".", "Of course: "+v+".", "Oops, yes — "+v+".")
		case formal:
			return pick(r, "Certainly. The "+noun+" "+is+" "+v+".", "The "+noun+" "+is+" "+v+".", "Apologies for the omission — the "+noun+" "+is+" "+v+".", "Please use "+v+".")
		}
		return pick(r, "Sorry, the "+noun+" "+is+" "+v+".", "Yes, "+noun+" "+is+" "+v+".", "The "+noun+": "+v+", sorry.")
	}
	var parts []string
	for _, v := range vals {
		parts = append(parts, wording.Value(nounOf(v), decodedValue(v)))
	}
	body := wording.List(parts)
	switch reg {
	case terse:
		return capitalise(body) + "."
	case chatty:
		return pick(r, "Sure! ", "Oh right — ", "Of course: ") + body + "."
	case formal:
		return pick(r, "Certainly: ", "Of course. ") + body + "."
	}
	return "Sorry, " + body + "."
}

// correction tells the assistant a value the user gave was wrong: a typo,
// and the right value.
func correction(r *rand.Rand, reg register, noun, wrong, right string) string {
	is := be(noun)
	switch reg {
	case terse:
		return pick(r, "Typo — it's "+right+".", "Should be "+right+", not "+wrong+".", right+". Mistyped it.", "My bad: "+right+".")
	case chatty:
		return pick(r, "Oh no, my mistake! The "+noun+" "+is+" "+right+", not "+wrong+".", "Oops, I mistyped that — try "+right+".", "Ah, sorry, fat fingers: it should be "+right+".", "Argh, typo on my end. It's "+right+"!")
	case formal:
		return pick(r, "My apologies, the correct "+noun+" "+is+" "+right+".", "I gave the wrong "+noun+"; the right one is "+right+".", "Please accept my apologies: it should read "+right+".")
	}
	return pick(r, "Sorry, I write it wrong. Correct is "+right+".", "Ah sorry, the "+noun+" "+is+" "+right+", not "+wrong+".", "Sorry, my mistake. Please use "+right+".")
}

// withValues makes sure every value the user must state is in the text,
// adding any the request did not carry in a sentence of its own.
func withValues(r *rand.Rand, text string, vals []*blueprintv1.UserValue) string {
	var missing []string
	for _, v := range vals {
		x, err := plan.Decode(v.GetValueJson())
		if err != nil {
			continue
		}
		// As the engine checks it: a 6 inside an order number is no quantity.
		if len(plan.Unsaid(x, text)) > 0 {
			missing = append(missing, wording.Value(nounOf(v), x))
		}
	}
	if len(missing) == 0 {
		return text
	}
	return text + " " + pick(r, "For reference: ", "Details: ", "That's ", "In case you need it: ") + wording.List(missing) + "."
}

func nounOf(v *blueprintv1.UserValue) string {
	if d := v.GetDescription(); d != "" {
		return lowerFirst(d)
	}
	return "value"
}

func decodedValue(v *blueprintv1.UserValue) any {
	x, err := plan.Decode(v.GetValueJson())
	if err != nil {
		return v.GetValueJson()
	}
	return x
}

func spokenValue(v *blueprintv1.UserValue) string {
	x := decodedValue(v)
	switch y := x.(type) {
	case map[string]any:
		return wording.Value(nounOf(v), x)
	case []any:
		if slices.ContainsFunc(y, func(e any) bool { _, isMap := e.(map[string]any); return isMap }) {
			// Records are said by their names, or as "one with …".
			return strings.TrimSpace(wording.Value("", y))
		}
		var parts []string
		for _, e := range y {
			parts = append(parts, wording.Spoken(e))
		}
		return wording.List(parts)
	}
	return wording.Spoken(x)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func capitalise(s string) string { return upperFirst(s) }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' || strings.HasPrefix(s, "I ") || strings.HasPrefix(s, "I'") {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
