package sim_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	var x any
	if err := json.Unmarshal([]byte(s), &x); err != nil {
		t.Fatal(err)
	}
	return x
}

// A field named by an image's size holds the image's address, never a
// code; one about an avatar or a thumbnail is an image's address too.
func TestSizedImageFieldsAreImageURLs(t *testing.T) {
	schema := decodeJSON(t, `{"type":"object","title":"get_icons_ok","properties":{
		"px128x128":{"type":"string","description":"px128x128 string","title":"get_alliances_alliance_id_icons_px128x128"},
		"px64x64":{"type":"string","description":"px64x64 string"},
		"avatar_url":{"type":"string"}},"required":["px128x128","px64x64","avatar_url"]}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "icons"))
		v.Subject("get_alliances_alliance_id_icons", "Get the icon urls for an alliance")
		out := v.Result(schema, map[string]any{}).(map[string]any)
		for k, size := range map[string]string{"px128x128": "128x128", "px64x64": "64x64", "avatar_url": ""} {
			s, _ := out[k].(string)
			if !strings.HasPrefix(s, "https://") || !(strings.HasSuffix(s, ".png") || strings.HasSuffix(s, ".jpg")) || !strings.Contains(s, size) {
				t.Fatalf("seed %d: %s = %q, want the address of an image at %q", seed, k, s, size)
			}
		}
	}
}

// A list of field names names fields the records of the tools around it
// hold.
func TestFieldNamesAreTheRecordsFields(t *testing.T) {
	hits := decodeJSON(t, `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{
		"identifier":{"type":"string"},"title":{"type":"string"},"downloads":{"type":"integer"},"publicdate":{"type":"string"}}}}}}`)
	fields := decodeJSON(t, `{"type":"array","items":{"type":"string","description":"The name of a field","title":"Field"}}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "fields"))
		v.Learn(hits)
		v.Subject("get_search_fields", "Fields that can be requested")
		out := v.Result(fields, map[string]any{}).([]any)
		for _, x := range out {
			if !slices.Contains([]string{"identifier", "title", "downloads", "publicdate"}, x.(string)) {
				t.Fatalf("seed %d: field %q is none of the records' fields (%v)", seed, x, out)
			}
		}
	}
	// Without records around it, a field name is one most records have.
	v := sim.NewValues(seedrand.New(1, "fields"))
	for _, x := range v.Result(fields, map[string]any{}).([]any) {
		if strings.Contains(x.(string), "-") {
			t.Fatalf("field %q is a code, not a field name", x)
		}
	}
}

// A file a field's name says is a picture is an image, whatever the tool
// deals in (a video's thumbnail).
func TestThumbnailPathIsAnImage(t *testing.T) {
	schema := decodeJSON(t, `{"type":"object","properties":{"thumbnailPath":{"type":"string"}},"required":["thumbnailPath"]}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "thumbs"))
		v.Subject("get_account_videos", "List the videos of an account")
		s := v.Result(schema, map[string]any{}).(map[string]any)["thumbnailPath"].(string)
		if !strings.HasSuffix(s, ".png") && !strings.HasSuffix(s, ".jpg") {
			t.Fatalf("seed %d: thumbnailPath %q is not an image", seed, s)
		}
	}
}
