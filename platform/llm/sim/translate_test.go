package sim_test

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// TestTranslationTranslatesTheInput: a translator is asked for a sentence
// people say, and its response is that sentence in the language asked
// for (its days in that language too), from English, to the target.
func TestTranslationTranslatesTheInput(t *testing.T) {
	input := map[string]any{"type": "object", "properties": map[string]any{
		"text":            map[string]any{"type": "string", "description": "The text to translate"},
		"target_language": map[string]any{"type": "string", "description": "ISO 639-1 code of the language to translate into"},
	}, "required": []any{"text", "target_language"}}
	out := sim.InferOutput("translate_text", "Translate text into another language", "", input)
	spanish := map[string]string{
		"Where is the train station?":                    "¿Dónde está la estación de tren?",
		"Please send me the invoice when you can.":       "Por favor, envíame la factura cuando puedas.",
		"Is breakfast included in the price?":            "¿El desayuno está incluido en el precio?",
		"I would like to book a table for two at eight.": "Quisiera reservar una mesa para dos a las ocho.",
	}
	checked := 0
	for seed := range int64(60) {
		v := sim.NewValues(seedrand.New(seed, "translate"))
		v.Subject("translate_text", "Translate text into another language")
		args := v.For(input, input, "").(map[string]any)
		text := args["text"].(string)
		args["target_language"] = "es"
		res := v.Result(out, args).(map[string]any)
		got, _ := res["translated_text"].(string)
		if got == "" || got == text || strings.Contains(got, "{") {
			t.Fatalf("seed %d: %q translated to %q", seed, text, got)
		}
		if want, ok := spanish[text]; ok {
			checked++
			if got != want {
				t.Fatalf("seed %d: %q translated to %q, want %q", seed, text, got, want)
			}
		}
		if strings.HasPrefix(text, "Our office is closed on ") && !strings.Contains(got, "el ") {
			t.Fatalf("seed %d: %q translated to %q, want the day in Spanish", seed, text, got)
		}
		if res["target_language"] != nil && res["target_language"] != "es" || res["source_language"] != nil && res["source_language"] != "en" {
			t.Fatalf("seed %d: languages %v → %v, want en → es", seed, res["source_language"], res["target_language"])
		}
	}
	if checked == 0 {
		t.Fatal("no input was a sentence the test knows the translation of")
	}
	// A script named by the tool: braille, letter by letter.
	v := sim.NewValues(seedrand.New(1, "translate"))
	v.Subject("translate.braille.get", "Translate from English to Braille.")
	bo := sim.InferOutput("translate.braille.get", "Translate from English to Braille.", "", nil)
	if got := v.Result(bo, map[string]any{"text": "hello"}).(map[string]any)["translated_text"]; got != "⠓⠑⠇⠇⠕" {
		t.Fatalf("braille of hello = %q", got)
	}
	// A made-up language a fun translator is named for: words of it, the
	// same word always the same, names kept.
	v.Subject("translate.dothraki.get", "Translate from English to Dothraki.")
	do := sim.InferOutput("translate.dothraki.get", "Translate from English to Dothraki.", "", nil)
	a := v.Result(do, map[string]any{"text": "Thanks Emil, that works for me."}).(map[string]any)["translated_text"].(string)
	b := v.Result(do, map[string]any{"text": "Thanks Ada, that works for me."}).(map[string]any)["translated_text"].(string)
	if l := v.Result(do, map[string]any{"text": "Where is the train station?"}).(map[string]any)["target_language"]; l != nil {
		t.Fatalf("dothraki reported as language %v", l)
	}
	if a == "Thanks Emil, that works for me." || !strings.Contains(a, "Emil") || strings.Replace(a, "Emil", "Ada", 1) != b {
		t.Fatalf("dothraki: %q and %q", a, b)
	}
}
