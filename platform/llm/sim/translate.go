package sim

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// phrasebook holds everyday sentences people ask a translator for, with
// their translations: a translation tool's input is one of them, and its
// output is that sentence in the language asked for. {name}, {city} and
// {day} are filled in; a day is said in the target language.
var phrasebook = []map[string]string{
	{"en": "Thanks {name}, that works for me.", "es": "Gracias {name}, eso me viene bien.", "fr": "Merci {name}, ça me convient.",
		"de": "Danke {name}, das passt mir.", "it": "Grazie {name}, per me va bene.", "pt": "Obrigado {name}, isso funciona para mim."},
	{"en": "Can we move the meeting to {day} afternoon?", "es": "¿Podemos pasar la reunión al {day} por la tarde?",
		"fr": "Pouvons-nous déplacer la réunion à {day} après-midi ?", "de": "Können wir das Meeting auf {day} Nachmittag verschieben?",
		"it": "Possiamo spostare la riunione a {day} pomeriggio?", "pt": "Podemos passar a reunião para {day} à tarde?"},
	{"en": "Where is the train station?", "es": "¿Dónde está la estación de tren?", "fr": "Où est la gare ?",
		"de": "Wo ist der Bahnhof?", "it": "Dov'è la stazione dei treni?", "pt": "Onde fica a estação de trem?"},
	{"en": "I would like to book a table for two at eight.", "es": "Quisiera reservar una mesa para dos a las ocho.",
		"fr": "Je voudrais réserver une table pour deux à huit heures.", "de": "Ich möchte einen Tisch für zwei um acht Uhr reservieren.",
		"it": "Vorrei prenotare un tavolo per due alle otto.", "pt": "Gostaria de reservar uma mesa para dois às oito."},
	{"en": "The package will arrive in {city} on {day}.", "es": "El paquete llegará a {city} el {day}.",
		"fr": "Le colis arrivera à {city} {day}.", "de": "Das Paket kommt am {day} in {city} an.",
		"it": "Il pacco arriverà a {city} {day}.", "pt": "O pacote chegará a {city} na {day}."},
	{"en": "Please send me the invoice when you can.", "es": "Por favor, envíame la factura cuando puedas.",
		"fr": "Merci de m'envoyer la facture quand tu peux.", "de": "Bitte schick mir die Rechnung, wenn du kannst.",
		"it": "Per favore, mandami la fattura quando puoi.", "pt": "Por favor, me envie a fatura quando puder."},
	{"en": "How much does a ticket to {city} cost?", "es": "¿Cuánto cuesta un billete a {city}?",
		"fr": "Combien coûte un billet pour {city} ?", "de": "Was kostet eine Fahrkarte nach {city}?",
		"it": "Quanto costa un biglietto per {city}?", "pt": "Quanto custa uma passagem para {city}?"},
	{"en": "Our office is closed on {day}.", "es": "Nuestra oficina está cerrada el {day}.", "fr": "Notre bureau est fermé le {day}.",
		"de": "Unser Büro ist am {day} geschlossen.", "it": "Il nostro ufficio è chiuso il {day}.", "pt": "Nosso escritório fica fechado na {day}."},
	{"en": "Is breakfast included in the price?", "es": "¿El desayuno está incluido en el precio?", "fr": "Le petit-déjeuner est-il compris dans le prix ?",
		"de": "Ist das Frühstück im Preis inbegriffen?", "it": "La colazione è inclusa nel prezzo?", "pt": "O café da manhã está incluído no preço?"},
	{"en": "My flight to {city} has been delayed by two hours.", "es": "Mi vuelo a {city} se ha retrasado dos horas.",
		"fr": "Mon vol pour {city} a été retardé de deux heures.", "de": "Mein Flug nach {city} hat zwei Stunden Verspätung.",
		"it": "Il mio volo per {city} è in ritardo di due ore.", "pt": "Meu voo para {city} atrasou duas horas."},
	{"en": "Happy birthday, {name}! Have a wonderful day.", "es": "¡Feliz cumpleaños, {name}! Que tengas un día maravilloso.",
		"fr": "Joyeux anniversaire, {name} ! Passe une merveilleuse journée.", "de": "Alles Gute zum Geburtstag, {name}! Hab einen wunderschönen Tag.",
		"it": "Buon compleanno, {name}! Passa una giornata meravigliosa.", "pt": "Feliz aniversário, {name}! Tenha um dia maravilhoso."},
	{"en": "Could you recommend a good restaurant near the hotel?", "es": "¿Podría recomendarme un buen restaurante cerca del hotel?",
		"fr": "Pourriez-vous me recommander un bon restaurant près de l'hôtel ?", "de": "Können Sie ein gutes Restaurant in der Nähe des Hotels empfehlen?",
		"it": "Potrebbe consigliarmi un buon ristorante vicino all'hotel?", "pt": "Você poderia recomendar um bom restaurante perto do hotel?"},
}

// weekdays are the days of the week in each language of the phrasebook.
var weekdays = map[string][]string{
	"en": {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	"es": {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
	"fr": {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
	"de": {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"},
	"it": {"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"},
	"pt": {"segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"},
}

// languageNames are the names a target language goes by in arguments.
var languageNames = map[string]string{"english": "en", "spanish": "es", "french": "fr", "german": "de", "italian": "it", "portuguese": "pt",
	"español": "es", "français": "fr", "deutsch": "de", "italiano": "it", "português": "pt"}

// slot is a fill-in of a phrasebook sentence.
var slot = regexp.MustCompile(`\{(name|city|day)\}`)

// translating reports whether the tool translates text (outputs.go,
// translates).
func (v *Values) translating() bool {
	t, ok := readTool(v.subj.tool, "", "")
	if !ok {
		return false
	}
	t.text = v.subj.text
	return translates(t)
}

// textToTranslate is a sentence someone asks a translator for.
func (v *Values) textToTranslate() string {
	day := v.r.IntN(7)
	return fillSlots(phrasebook[v.r.IntN(len(phrasebook))]["en"], v.f.FirstName(), v.f.City(), weekdays["en"][day])
}

func fillSlots(t, name, city, day string) string {
	return slot.ReplaceAllStringFunc(t, func(s string) string {
		switch s {
		case "{name}":
			return name
		case "{city}":
			return city
		}
		return day
	})
}

// languageCode is the ISO 639-1 code an argument names a language by
// ("es", "es-ES", "Spanish"), "" for one the phrasebook lacks.
func languageCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if c, ok := languageNames[s]; ok {
		return c
	}
	if len(s) > 2 && (s[2] == '-' || s[2] == '_') {
		s = s[:2]
	}
	if _, ok := weekdays[s]; ok {
		return s
	}
	return ""
}

// translate is text, a phrasebook sentence in English, in the language
// target: false for a text the phrasebook does not hold or a language it
// lacks. Braille is spelled out letter by letter.
func translate(text, target string) (string, bool) {
	if strings.Contains(strings.ToLower(target), "braille") {
		return braille(text), true
	}
	to := languageCode(target)
	if to == "" || to == "en" {
		return "", false // the phrasebook's sentences are English already
	}
	for i, e := range phrasebook {
		m := phrasePatterns[i].FindStringSubmatch(strings.TrimSpace(text))
		if m == nil {
			continue
		}
		vals := map[string]string{}
		for i, s := range slot.FindAllStringSubmatch(e["en"], -1) {
			vals[s[1]] = m[i+1]
		}
		if d, ok := vals["day"]; ok {
			for i, en := range weekdays["en"] {
				if en == d {
					vals["day"] = weekdays[to][i]
				}
			}
		}
		return fillSlots(e[to], vals["name"], vals["city"], vals["day"]), true
	}
	return "", false
}

// phrasePatterns match the English sentences of the phrasebook, their
// slots captured.
var phrasePatterns = func() []*regexp.Regexp {
	escapedSlot := regexp.MustCompile(`\\\{(?:name|city|day)\\\}`) // a slot as QuoteMeta writes it
	out := make([]*regexp.Regexp, len(phrasebook))
	for i, e := range phrasebook {
		out[i] = regexp.MustCompile("^" + escapedSlot.ReplaceAllString(regexp.QuoteMeta(e["en"]), "(.+?)") + "$")
	}
	return out
}()

// braille writes text in grade 1 Unicode braille.
func braille(text string) string {
	const letters = "⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚⠅⠇⠍⠝⠕⠏⠟⠗⠎⠞⠥⠧⠺⠭⠽⠵"
	cells := []rune(letters)
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(cells[r-'a'])
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		case r == '.':
			b.WriteRune('⠲')
		case r == ',':
			b.WriteRune('⠂')
		case r == '?':
			b.WriteRune('⠦')
		case r == '!':
			b.WriteRune('⠖')
		}
	}
	return b.String()
}

// dialects are the English variants fun translators turn text into, by
// word.
var dialects = map[string]map[string]string{
	"pirate": {"hello": "ahoy", "hi": "ahoy", "my": "me", "you": "ye", "your": "yer", "is": "be", "are": "be", "friend": "matey",
		"friends": "mateys", "yes": "aye", "the": "th'", "for": "fer", "money": "doubloons", "stop": "avast", "boss": "cap'n", "of": "o'",
		"to": "t'", "and": "an'", "can": "kin", "ticket": "passage", "station": "port", "hotel": "inn", "restaurant": "galley",
		"invoice": "bill o' sale", "package": "cargo", "flight": "voyage", "good": "fine", "thanks": "thank ye", "breakfast": "grub",
		"price": "booty", "meeting": "parley", "office": "quarters", "cost": "cost ye", "where": "whar", "table": "board"},
	"shakespeare": {"you": "thou", "your": "thy", "are": "art", "is": "be", "yes": "aye", "no": "nay", "my": "mine", "have": "hast",
		"does": "doth", "hello": "good morrow", "thanks": "gramercy", "before": "ere", "often": "oft", "here": "hither"},
}

// dialect rewrites English text word by word.
func dialect(text string, words map[string]string) string {
	out := strings.Fields(text)
	for i, w := range out {
		core := strings.TrimRightFunc(w, unicode.IsPunct)
		if r, ok := words[strings.ToLower(core)]; ok {
			if core != "" && unicode.IsUpper([]rune(core)[0]) {
				r = capital(r)
			}
			out[i] = r + w[len(core):]
		}
	}
	return strings.Join(out, " ")
}

// morse writes text in International Morse code.
func morse(text string) string {
	codes := map[rune]string{'a': ".-", 'b': "-...", 'c': "-.-.", 'd': "-..", 'e': ".", 'f': "..-.", 'g': "--.", 'h': "....", 'i': "..",
		'j': ".---", 'k': "-.-", 'l': ".-..", 'm': "--", 'n': "-.", 'o': "---", 'p': ".--.", 'q': "--.-", 'r': ".-.", 's': "...", 't': "-",
		'u': "..-", 'v': "...-", 'w': ".--", 'x': "-..-", 'y': "-.--", 'z': "--..", '0': "-----", '1': ".----", '2': "..---", '3': "...--",
		'4': "....-", '5': ".....", '6': "-....", '7': "--...", '8': "---..", '9': "----."}
	var words []string
	for _, w := range strings.Fields(strings.ToLower(text)) {
		var letters []string
		for _, r := range w {
			if c, ok := codes[r]; ok {
				letters = append(letters, c)
			}
		}
		if len(letters) > 0 {
			words = append(words, strings.Join(letters, " "))
		}
	}
	return strings.Join(words, " / ")
}

// translationArgs reads a translation call's text and target language (or
// script, or dialect) from its arguments, the target from the tool's name
// where no argument gives one ("translate.braille.get").
func (v *Values) translationArgs() (text, target string) {
	for _, k := range []string{"text", "q", "query", "source_text", "input", "content", "sentence", "message", "texts", "contents"} {
		switch x := v.args[k].(type) {
		case string:
			text = x
		case []any:
			if len(x) > 0 {
				text, _ = x[0].(string)
			}
		}
		if text != "" {
			break
		}
	}
	for _, k := range []string{"target", "target_language", "targetLanguage", "target_lang", "to", "tl", "lang", "language", "dest", "target_language_code"} {
		if s, ok := v.args[k].(string); ok && s != "" {
			target = s
			break
		}
	}
	if target == "" {
		for _, w := range strings.FieldsFunc(v.subj.text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if _, ok := dialects[w]; ok || w == "braille" || w == "morse" || languageNames[w] != "" && languageNames[w] != "en" {
				target = w
				break
			}
		}
	}
	if target == "" {
		target = namedTongue(v.subj.tool)
	}
	return text, target
}

// namedTongue is the made-up language a fun translator's name says it
// translates into ("translate.valyrian.get": valyrian), "" where its name
// says none.
func namedTongue(tool string) string {
	ws := ident.Words(tool)
	for i, w := range ws {
		if w != "translate" && w != "translation" {
			continue
		}
		for _, n := range append(ws[i+1:], ws[:i]...) {
			if len(n) > 3 && !outputVerbs[n] && languageCode(n) == "" && n != "english" && n != "text" && n != "api" &&
				n != "braille" && n != "morse" && dialects[n] == nil {
				return n
			}
		}
	}
	return ""
}

// madeUpTarget reports whether the call translates into a made-up
// language, which has no language code to report.
func (v *Values) madeUpTarget() bool {
	_, target := v.translationArgs()
	return target != "" && strings.ToLower(target) == namedTongue(v.subj.tool)
}

// conlang renders text in a made-up language: each word becomes syllables
// drawn from the word itself, so a word always reads the same; names of
// people and places stay as they are.
func conlang(text, tongue string) string {
	syllables := []string{"ka", "zh", "ri", "vo", "dra", "ek", "sha", "mo", "th", "ae", "lo", "qi", "rak", "yss", "ne", "go", "ul", "ven"}
	out := strings.Fields(text)
	for i, w := range out {
		core := strings.TrimRightFunc(w, unicode.IsPunct)
		if core == "" || i > 0 && unicode.IsUpper([]rune(core)[0]) {
			continue
		}
		h := uint32(2166136261)
		for _, c := range strings.ToLower(core + tongue) {
			h = (h ^ uint32(c)) * 16777619
		}
		var b strings.Builder
		for n := 1 + (len(core)+1)/3; n > 0; n-- {
			b.WriteString(syllables[h%uint32(len(syllables))])
			h /= uint32(len(syllables))
			h = h*2654435761 + 1
		}
		word := b.String()
		if unicode.IsUpper([]rune(core)[0]) {
			word = capital(word)
		}
		out[i] = word + w[len(core):]
	}
	return strings.Join(out, " ")
}

// translation is the call's text in its target language, script or
// dialect; false where the text or the target is one the synthesiser
// cannot render.
func (v *Values) translation() (string, bool) {
	text, target := v.translationArgs()
	if text == "" {
		return "", false
	}
	t := strings.ToLower(target)
	switch {
	case t == "morse":
		return morse(text), true
	case dialects[t] != nil:
		return dialect(text, dialects[t]), true
	case t != "" && t == namedTongue(v.subj.tool):
		return conlang(text, t), true
	}
	return translate(text, target)
}

// translationAnswer is what a translation's response says in field f: the
// text translated, the text as given, the languages translated from and
// to. false for a field that is none of them.
func (v *Values) translationAnswer(f field) (string, bool) {
	text, target := v.translationArgs()
	switch {
	case text == "":
		return "", false
	case f.kind == kLanguage || f.kind == kLocale:
		if hasAny(f.norm, "source", "from", "detected", "src", "source_language", "detected_language") {
			return "en", true // the phrasebook's sentences are English
		}
		if !hasAny(f.norm, "target", "to", "target_language", "dest") {
			break
		}
		if code := languageCode(target); code != "" {
			return code, true
		}
		if t := strings.ToLower(target); t == "morse" || t == "braille" || dialects[t] != nil {
			return "en", true // a script or a dialect of English
		}
	case f.kind == kMessage || f.kind == kText:
		if hasAny(f.norm, "source", "original", "input", "source_text", "original_text") {
			return text, true
		}
		if strings.Contains(f.norm, "translat") || hasAny(f.norm, "text", "result", "output", "content", "contents") {
			return v.translation()
		}
	}
	return "", false
}
