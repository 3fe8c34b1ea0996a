package world

import (
	"encoding/base64"
	"strings"
	"testing"
)

// A media read returns one block of the file's own type, with data that
// starts as such files start.
func TestMediaBlocks(t *testing.T) {
	doc := map[string]any{"content": []any{
		map[string]any{"type": "audio", "data": "php testing", "mimeType": "text/plain"},
		map[string]any{"type": "image", "data": "kif parser", "mimeType": "application/pdf"},
	}}
	mediaBlocks(doc, map[string]any{"path": "/home/ana/photos/cat.png"}, 1)
	blocks := doc["content"].([]any)
	b := blocks[0].(map[string]any)
	raw, err := base64.StdEncoding.DecodeString(b["data"].(string))
	if len(blocks) != 1 || b["mimeType"] != "image/png" || b["type"] != "image" || err != nil || !strings.HasPrefix(string(raw), "\x89PNG") {
		t.Fatalf("blocks %v", blocks)
	}
	other := map[string]any{"content": []any{map[string]any{"data": "x", "mimeType": "text/plain"}}}
	mediaBlocks(other, map[string]any{"path": "/home/ana/notes.txt"}, 1)
	if other["content"].([]any)[0].(map[string]any)["data"] != "x" {
		t.Fatal("a text file's block was changed")
	}
}
