package world

import (
	"encoding/base64"
	bin "encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"path"
	"strings"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// mediaBlocks fills the content blocks of a media read ({type, data,
// mimeType}) the way such a server does: one block for the one file, with
// the MIME type of its extension, its kind ("image", "audio") and base64
// data that is a file of that format — its real header (a PNG's IHDR with
// the picture's size, a WAV's fmt chunk) and a payload of one to two
// kilobytes: a small file, but the size and make of one, not a stub.
// Outputs of other tools are left alone.
func mediaBlocks(doc any, args map[string]any, seed int64) {
	p, _ := args["path"].(string)
	mime, kind, file := mediaOf(p)
	o, ok := doc.(map[string]any)
	if mime == "" || !ok {
		return
	}
	for k, e := range o {
		blocks, ok := e.([]any)
		if !ok || len(blocks) == 0 {
			continue
		}
		b, ok := blocks[0].(map[string]any)
		if _, data := b["data"].(string); !ok || !data {
			continue
		}
		if _, mt := b["mimeType"].(string); !mt {
			continue
		}
		r := seedrand.New(seed, "media", p)
		b["data"], b["mimeType"] = base64.StdEncoding.EncodeToString(file(r)), mime
		if _, ok := b["type"].(string); ok {
			b["type"] = kind
		}
		o[k] = blocks[:1]
	}
}

// mediaOf is a media file's MIME type, kind and maker, by extension.
func mediaOf(p string) (mime, kind string, file func(*rand.Rand) []byte) {
	switch strings.ToLower(path.Ext(p)) {
	case ".png":
		return "image/png", "image", pngFile
	case ".jpg", ".jpeg":
		return "image/jpeg", "image", jpegFile
	case ".gif":
		return "image/gif", "image", gifFile
	case ".webp":
		return "image/webp", "image", webpFile
	case ".mp3":
		return "audio/mpeg", "audio", mp3File
	case ".wav":
		return "audio/wav", "audio", wavFile
	}
	return "", "", nil
}

// payload is a file's compressed body: bytes that look random, as
// compressed data does.
func payload(r *rand.Rand) []byte {
	b := make([]byte, 1024+r.IntN(1024))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

// pictureSize is a photo's or a screenshot's width and height.
func pictureSize(r *rand.Rand) (w, h uint16) {
	sizes := [][2]uint16{{640, 480}, {800, 600}, {1024, 768}, {1280, 720}, {1920, 1080}, {1080, 1350}, {512, 512}, {1200, 630}}
	s := sizes[r.IntN(len(sizes))]
	return s[0], s[1]
}

func be16(b []byte, v uint16) []byte { return bin.BigEndian.AppendUint16(b, v) }
func be32(b []byte, v uint32) []byte { return bin.BigEndian.AppendUint32(b, v) }
func le16(b []byte, v uint16) []byte { return bin.LittleEndian.AppendUint16(b, v) }
func le32(b []byte, v uint32) []byte { return bin.LittleEndian.AppendUint32(b, v) }

// pngFile is a PNG: signature, IHDR, one IDAT, IEND, each with its CRC.
func pngFile(r *rand.Rand) []byte {
	chunk := func(out []byte, typ string, data []byte) []byte {
		out = be32(out, uint32(len(data)))
		body := append([]byte(typ), data...)
		out = append(out, body...)
		return be32(out, crc32.ChecksumIEEE(body))
	}
	w, h := pictureSize(r)
	ihdr := be32(be32(nil, uint32(w)), uint32(h))
	ihdr = append(ihdr, 8, byte([]int{2, 6}[r.IntN(2)]), 0, 0, 0) // 8-bit RGB or RGBA
	out := []byte("\x89PNG\r\n\x1a\n")
	out = chunk(out, "IHDR", ihdr)
	out = chunk(out, "IDAT", append([]byte{0x78, 0x9c}, payload(r)...))
	return chunk(out, "IEND", nil)
}

// jpegFile is a baseline JPEG: SOI, a JFIF APP0, a frame header with the
// picture's size, a scan, EOI.
func jpegFile(r *rand.Rand) []byte {
	w, h := pictureSize(r)
	out := []byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 72, 0, 72, 0, 0}
	out = append(out, 0xff, 0xc0, 0x00, 0x11, 8)
	out = be16(be16(out, h), w)
	out = append(out, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1)
	out = append(out, 0xff, 0xda, 0x00, 0x0c, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0)
	body := payload(r)
	for i, c := range body {
		if c == 0xff {
			body[i] = 0xfe // a marker byte inside a scan would end it
		}
	}
	return append(append(out, body...), 0xff, 0xd9)
}

// gifFile is a GIF89a: the screen descriptor with the picture's size, an
// image descriptor, LZW data, the trailer.
func gifFile(r *rand.Rand) []byte {
	w, h := pictureSize(r)
	out := le16(le16([]byte("GIF89a"), w), h)
	out = append(out, 0x70, 0, 0) // no global colour table
	out = append(out, 0x2c, 0, 0, 0, 0)
	out = le16(le16(out, w), h)
	out = append(out, 0, 8)
	body := payload(r)
	for len(body) > 0 {
		n := min(255, len(body))
		out = append(append(out, byte(n)), body[:n]...)
		body = body[n:]
	}
	return append(out, 0, 0x3b)
}

// webpFile is a RIFF WEBP with one lossy VP8 chunk.
func webpFile(r *rand.Rand) []byte {
	w, h := pictureSize(r)
	vp8 := []byte{0x9d, 0x01, 0x2a}
	vp8 = le16(le16(vp8, w), h)
	vp8 = append(vp8, payload(r)...)
	if len(vp8)%2 == 1 {
		vp8 = append(vp8, 0)
	}
	chunk := le32([]byte("VP8 "), uint32(len(vp8)))
	chunk = append(chunk, vp8...)
	out := le32([]byte("RIFF"), uint32(4+len(chunk)))
	return append(append(out, "WEBP"...), chunk...)
}

// mp3File is an ID3v2.3 tag followed by MPEG-1 Layer III frames (128
// kbit/s, 44.1 kHz).
func mp3File(r *rand.Rand) []byte {
	out := []byte{'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0}
	body := payload(r)
	for len(body) > 0 {
		n := min(413, len(body)) // a 128 kbit/s frame is 417 bytes with its header
		out = append(append(out, 0xff, 0xfb, 0x90, 0x64), body[:n]...)
		body = body[n:]
	}
	return out
}

// wavFile is a RIFF WAVE of 16-bit PCM, 44.1 kHz, mono or stereo.
func wavFile(r *rand.Rand) []byte {
	ch := uint16(1 + r.IntN(2))
	data := payload(r)
	if len(data)%2 == 1 {
		data = data[:len(data)-1]
	}
	fmtc := le32([]byte("fmt "), 16)
	fmtc = le16(le16(fmtc, 1), ch)
	fmtc = le32(le32(fmtc, 44100), 44100*2*uint32(ch))
	fmtc = le16(le16(fmtc, 2*ch), 16)
	datac := append(le32([]byte("data"), uint32(len(data))), data...)
	out := le32([]byte("RIFF"), uint32(4+len(fmtc)+len(datac)))
	return append(append(append(out, "WAVE"...), fmtc...), datac...)
}
