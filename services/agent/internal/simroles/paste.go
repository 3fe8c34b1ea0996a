package simroles

import (
	"encoding/json"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// setApart takes each text of several lines the user gives (a file's
// content) out of the sentence: a person asks for the file in words — "a
// new file with the code below" — and pastes the text after the request as
// a block, the way one shares a file in a chat; a value of one line stays
// in the sentence. The text is given whole: the call writes it as it is.
func setApart(text string, vals []*blueprintv1.UserValue) string {
	var blocks []string
	for _, v := range vals {
		s, ok := decodedValue(v).(string)
		if !ok || !strings.Contains(strings.TrimSpace(s), "\n") {
			continue
		}
		quoted := `"` + s + `"`
		i := strings.Index(text, quoted)
		if i < 0 {
			continue
		}
		kind, lang := textKind(s)
		before, after := text[:i], text[i+len(quoted):]
		noun := nounOf(v)
		switch {
		case strings.HasSuffix(before, " "+noun+" is "):
			// "the content is "…"" → "the content is below"
			before += "below"
		case strings.HasSuffix(before, noun+" ") && (len(before) == len(noun)+1 || before[len(before)-len(noun)-2] == ' '):
			// "a new file for content "…"" → "a new file for the code below"
			before = before[:len(before)-len(noun)-1] + "the " + kind + " below"
		default:
			// "Please use "…"" → "Please use the text below"
			before += "the " + kind + " below"
		}
		text = before + after
		blocks = append(blocks, "```"+lang+"\n"+strings.TrimRight(s, "\n")+"\n```")
	}
	if len(blocks) == 0 {
		return text
	}
	return strings.TrimSpace(text) + "\n\n" + strings.Join(blocks, "\n\n")
}

// textKind says what a text is, as a person calls it, and the language a
// code block of it is marked with: code, data (JSON, CSV) or text.
func textKind(s string) (kind, lang string) {
	t := strings.TrimSpace(s)
	lines := strings.Split(t, "\n")
	switch {
	case strings.HasPrefix(t, `"""`) || strings.HasPrefix(t, "#!") || strings.HasPrefix(t, "import ") || strings.HasPrefix(t, "from ") ||
		strings.Contains(t, "\ndef ") || strings.Contains(t, "\nimport ") || strings.HasPrefix(t, "def "):
		return "code", "python"
	case (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && json.Valid([]byte(t)):
		return "data", "json"
	case csvLike(lines):
		return "data", "csv"
	}
	return "text", ""
}

// csvLike reports whether every line has the same number of commas, at
// least one.
func csvLike(lines []string) bool {
	n := strings.Count(lines[0], ",")
	if n == 0 || len(lines) < 2 {
		return false
	}
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) != "" && strings.Count(l, ",") != n {
			return false
		}
	}
	return true
}
