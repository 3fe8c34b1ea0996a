package plan

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSlow is Fold without its ASCII reading.
func foldSlow(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, "�")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestFoldASCII: the one-pass reading of ASCII texts folds as the general
// one does, and other texts still go the general way.
func TestFoldASCII(t *testing.T) {
	pieces := []string{"a", "Z", "Mx", "0", " ", "  ", "\t", "\n", "\v", "\f", "\r", "\x1c", "\x00", "\x7f", "-", "_", ".", "Zoë", "\u00a0", "\u0085", "\xff"}
	r := rand.New(rand.NewPCG(9, 10))
	for range 30000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	text := strings.Repeat("Please book the Hotel Lumière for 2 nights, from March 5th 2026;\tthanks!  ", 4)
	ascii := strings.ReplaceAll(text, "è", "e")
	b.Run("ascii", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = Fold(ascii)
		}
	})
	b.Run("ascii-general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = foldSlow(ascii)
		}
	})
}
