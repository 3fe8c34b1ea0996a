package world

import (
	"bytes"
	"encoding/base64"
	bin "encoding/binary"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"path"
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

// A media read's data is a file of its format with the size of a small one:
// an image's header gives its picture size, a WAV's its PCM format, and the
// whole is a kilobyte or two, not a stub of magic bytes.
func TestMediaDataIsAFileOfItsFormat(t *testing.T) {
	for _, p := range []string{"cat.png", "cat.jpg", "cat.gif", "cat.webp", "song.mp3", "memo.wav"} {
		for seed := int64(1); seed <= 5; seed++ {
			doc := map[string]any{"content": []any{map[string]any{"type": "text", "data": "x", "mimeType": "text/plain"}}}
			mediaBlocks(doc, map[string]any{"path": "/home/ana/media/" + p}, seed)
			raw, err := base64.StdEncoding.DecodeString(doc["content"].([]any)[0].(map[string]any)["data"].(string))
			if err != nil || len(raw) < 1024 || len(raw) > 2200 {
				t.Fatalf("%s: %d bytes (%v)", p, len(raw), err)
			}
			switch path.Ext(p) {
			case ".png", ".jpg", ".gif":
				cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
				if err != nil || cfg.Width < 500 || cfg.Height < 400 || "."+format != strings.Replace(path.Ext(p), "jpg", "jpeg", 1) {
					t.Fatalf("%s: %s %+v %v", p, format, cfg, err)
				}
			case ".wav", ".webp":
				if size := bin.LittleEndian.Uint32(raw[4:8]); int(size) != len(raw)-8 {
					t.Fatalf("%s: RIFF size %d for %d bytes", p, size, len(raw))
				}
			}
		}
	}
}
