package sim_test

import (
	"strconv"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A part of a count never exceeds its whole, and where the object has
// every part they add up to it.
func TestCountsOfOneObjectAgree(t *testing.T) {
	batch := schemaOf(t, `{"type":"object","required":["processed","failed","succeeded","skipped"],"properties":{
		"processed":{"type":"integer"},"failed":{"type":"integer"},"succeeded":{"type":"integer"},"skipped":{"type":"integer"}}}`)
	part := schemaOf(t, `{"type":"object","required":["total","failed"],"properties":{
		"total":{"type":"integer"},"failed":{"type":"integer"}}}`)
	replies := schemaOf(t, `{"type":"object","required":["totalReplies","totalRepliesFromVideoAuthor"],"properties":{
		"totalReplies":{"type":"integer"},"totalRepliesFromVideoAuthor":{"type":"integer"}}}`)
	row := schemaOf(t, `{"type":"object","required":["team","played","wins","draws","losses"],"properties":{
		"team":{"type":"string"},"played":{"type":"integer"},"wins":{"type":"integer"},"draws":{"type":"integer"},"losses":{"type":"integer"}}}`)
	processed := schemaOf(t, `{"type":"object","required":["count","processed","failed"],"properties":{
		"count":{"type":"integer"},"processed":{"type":"integer"},"failed":{"type":"integer"}}}`)
	n := func(o map[string]any, k string) int64 { return int64(asFloat(o[k])) }
	for seed := range int64(80) {
		v := sim.NewValues(seedrand.New(seed, "counts"))
		b := v.Result(batch, map[string]any{}).(map[string]any)
		if n(b, "failed")+n(b, "succeeded")+n(b, "skipped") != n(b, "processed") {
			t.Errorf("seed %d: parts do not add up to the whole: %v", seed, b)
		}
		p := v.Result(part, map[string]any{}).(map[string]any)
		if n(p, "failed") > n(p, "total") {
			t.Errorf("seed %d: more failed than in all: %v", seed, p)
		}
		c := v.Result(processed, map[string]any{}).(map[string]any)
		if n(c, "processed") > n(c, "count") || n(c, "failed") > n(c, "processed") {
			t.Errorf("seed %d: more processed than asked, or failed than processed: %v", seed, c)
		}
		r := v.Result(replies, map[string]any{}).(map[string]any)
		if n(r, "totalRepliesFromVideoAuthor") > n(r, "totalReplies") {
			t.Errorf("seed %d: %v", seed, r)
		}
		g := v.Result(row, map[string]any{}).(map[string]any)
		if n(g, "wins")+n(g, "draws")+n(g, "losses") != n(g, "played") {
			t.Errorf("seed %d: results do not add up to the games played: %v", seed, g)
		}
	}
}

// A "total_pages" is no whole for a count of failures, nor a "success": 1
// flag a part of a total.
func TestCountsOfOtherThingsAreLeftAlone(t *testing.T) {
	schema := schemaOf(t, `{"type":"object","required":["total_pages","failed","success"],"properties":{
		"total_pages":{"type":"integer","minimum":1,"maximum":3},"failed":{"type":"integer","minimum":5,"maximum":9},
		"success":{"type":"integer","description":"1 if successful"}}}`)
	for seed := range int64(30) {
		out := sim.NewValues(seedrand.New(seed, "counts")).Result(schema, map[string]any{}).(map[string]any)
		if f := asFloat(out["failed"]); f < 5 {
			t.Errorf("seed %d: failed %v redrawn under a page count", seed, out["failed"])
		}
		if asFloat(out["success"]) != 1 {
			t.Errorf("seed %d: success flag %v", seed, out["success"])
		}
	}
}

// A page at an offset is of a list at least as long as the offset and the
// items shown.
func TestAPageFitsItsTotal(t *testing.T) {
	schema := schemaOf(t, `{"type":"object","required":["items","offset","totalCount"],"properties":{
		"items":{"type":"array","minItems":1,"items":{"type":"object","properties":{"name":{"type":"string"}}}},
		"offset":{"type":"integer","minimum":20},"totalCount":{"type":"integer","maximum":60}}}`)
	for seed := range int64(60) {
		out := sim.NewValues(seedrand.New(seed, "page")).Result(schema, map[string]any{}).(map[string]any)
		items, _ := out["items"].([]any)
		if asFloat(out["totalCount"]) < asFloat(out["offset"])+float64(len(items)) && asFloat(out["offset"])+float64(len(items)) <= 60 {
			t.Errorf("seed %d: %d items at offset %v of %v", seed, len(items), out["offset"], out["totalCount"])
		}
	}
}

// A page number is among the pages there are, and the flags for the
// pages before and after it say where it is.
func TestPageNumbersAgree(t *testing.T) {
	schema := schemaOf(t, `{"type":"object","required":["current_page","page_count","has_prev_page","has_next_page"],"properties":{
		"current_page":{"type":"string"},"page_count":{"type":"string"},"has_prev_page":{"type":"boolean"},"has_next_page":{"type":"boolean"}}}`)
	for seed := range int64(60) {
		out := sim.NewValues(seedrand.New(seed, "pages")).Result(schema, map[string]any{}).(map[string]any)
		cur, err := strconv.Atoi(out["current_page"].(string))
		last, err2 := strconv.Atoi(out["page_count"].(string))
		if err != nil || err2 != nil {
			continue // not digits: nothing to agree
		}
		if cur < 1 || cur > last || out["has_prev_page"] != (cur > 1) || out["has_next_page"] != (cur < last) {
			t.Errorf("seed %d: %v", seed, out)
		}
	}
}
