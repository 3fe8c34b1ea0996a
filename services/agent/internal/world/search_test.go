package world

import (
	"strings"
	"testing"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// searchTools search by a keyword, a query, a pattern or a name (BFCL's
// kinds), send and post the things searched, and list things without
// searching.
var searchTools = []*toolv1.Tool{
	{Name: "search_messages", Description: "Search for messages containing a specific keyword.",
		InputSchemaJson:  `{"type":"object","properties":{"keyword":{"type":"string","description":"The keyword to search for in messages."}},"required":["keyword"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"results":{"type":"array","items":{"type":"object","properties":{"receiver_id":{"type":"string"},"message":{"type":"string","description":"The message containing the keyword."}}}}}}`},
	{Name: "send_message", Description: "Send a message to a user.",
		InputSchemaJson:  `{"type":"object","properties":{"receiver_id":{"type":"string"},"message":{"type":"string"}},"required":["receiver_id","message"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"sent_status":{"type":"boolean"},"message_id":{"type":"integer"},"message":{"type":"string"}}}`},
	{Name: "search_tweets", Description: "Search for tweets containing a specific keyword.",
		InputSchemaJson:  `{"type":"object","properties":{"keyword":{"type":"string","description":"Keyword to search for in the content of the tweets."}},"required":["keyword"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"matching_tweets":{"type":"array","minItems":2,"items":{"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"},"content":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}}}}}}`},
	{Name: "post_tweet", Description: "Post a tweet for the authenticated user.",
		InputSchemaJson:  `{"type":"object","properties":{"content":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}},"required":["content"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"},"content":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}}}`},
	{Name: "grep", Description: "Search for lines in a file that contain the specified pattern.",
		InputSchemaJson:  `{"type":"object","properties":{"file_name":{"type":"string"},"pattern":{"type":"string","description":"The pattern to search for."}},"required":["file_name","pattern"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"matching_lines":{"type":"array","minItems":2,"items":{"type":"string"}}}}`},
	{Name: "find", Description: "Find any file or directories under specific path that contain name in its file name.",
		InputSchemaJson:  `{"type":"object","properties":{"path":{"type":"string"},"name":{"type":"string","description":"The name of the file or directory to search for."}}}`,
		OutputSchemaJson: `{"type":"object","properties":{"matches":{"type":"array","minItems":2,"items":{"type":"string","description":"A matching file path."}}}}`},
	{Name: "archival_memory_retrieve", Description: "Retrieve the most similar entries from the archival memory.",
		InputSchemaJson:  `{"type":"object","properties":{"query":{"type":"string","description":"The query text to search for."}},"required":["query"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"results":{"type":"array","minItems":2,"items":{"type":"object","properties":{"id":{"type":"integer"},"similarity_score":{"type":"number"},"text":{"type":"string"}}}}}}`},
	{Name: "post_note", Description: "Post a note to the board.",
		InputSchemaJson:  `{"type":"object","properties":{"content":{"type":"string"}},"required":["content"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"posted":{"type":"boolean"}},"required":["posted"]}`},
	{Name: "search_notes", Description: "Search the board's notes for a keyword.",
		InputSchemaJson:  `{"type":"object","properties":{"keyword":{"type":"string"}},"required":["keyword"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"notes":{"type":"array","items":{"type":"object","properties":{"author":{"type":"string"},"content":{"type":"string"}}}}}}`},
	{Name: "find_keyword_leases", Description: "Searches for all keywords owned by user.",
		InputSchemaJson:  `{"type":"object","properties":{"filter":{"type":"string","description":"Filter by part of Keyword name"}}}`,
		OutputSchemaJson: `{"type":"object","properties":{"items":{"type":"array","minItems":2,"items":{"type":"object","properties":{"keyword":{"type":"string","example":"PIZZA"},"shortCode":{"type":"string"}}}}}}`},
	{Name: "find_keyword_lease", Description: "Find a keyword lease.",
		InputSchemaJson:  `{"type":"object","properties":{"keyword":{"type":"string"}},"required":["keyword"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"keyword":{"type":"string"},"labels":{"type":"array","minItems":2,"items":{"type":"string"}}},"required":["keyword","labels"]}`},
	{Name: "search_users", Description: "Search for users.",
		InputSchemaJson:  `{"type":"object","properties":{"q":{"type":"string","description":"Search query"}},"required":["q"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"users":{"type":"array","minItems":2,"items":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string","format":"email"},"username":{"type":"string"}},"required":["name","email"]}}},"required":["users"]}`},
	{Name: "list_messages", Description: "List the messages received.",
		InputSchemaJson:  `{"type":"object","properties":{"sender":{"type":"string"}}}`,
		OutputSchemaJson: `{"type":"object","properties":{"messages":{"type":"array","minItems":2,"items":{"type":"object","properties":{"message":{"type":"string"}}}}}}`},
}

// texts are the strings of a result, at any depth.
func texts(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, texts(e)...)
		}
		return out
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, texts(e)...)
		}
		return out
	}
	return nil
}

// Every result of a search by text says the text (search_messages("world")
// listed "Thanks Celine, that works for me.").
func TestSearchResultsContainTheQuery(t *testing.T) {
	cases := []struct{ tool, args, list, q string }{
		{"search_messages", `{"keyword":"world"}`, "results", "world"},
		{"search_tweets", `{"keyword":"table tennis"}`, "matching_tweets", "table tennis"},
		{"grep", `{"file_name":"notes.txt","pattern":"final inventory"}`, "matching_lines", "final inventory"},
		{"find", `{"path":".","name":"budget"}`, "matches", "budget"},
		{"archival_memory_retrieve", `{"query":"q4 presentation"}`, "results", "q4 presentation"},
	}
	for seed := int64(1); seed <= 6; seed++ {
		for _, c := range cases {
			w, _ := simWorld(t, searchTools, nil, seed)
			items, _ := callObj(t, w, c.tool, c.args, nil)[c.list].([]any)
			if len(items) == 0 {
				continue
			}
			for _, it := range items {
				if !strings.Contains(strings.ToLower(strings.Join(texts(it), "\n")), c.q) {
					t.Fatalf("seed %d: %s(%s) lists %v, which does not say %q", seed, c.tool, c.args, it, c.q)
				}
			}
		}
	}
}

// A search finds what the conversation sent or posted earlier that says
// the text, as it was sent.
func TestSearchFindsWhatTheWorldHolds(t *testing.T) {
	for seed := int64(1); seed <= 16; seed++ {
		w, _ := simWorld(t, searchTools, nil, seed)
		callObj(t, w, "send_message", `{"receiver_id":"USR-007","message":"Loving the new kitchen appliances from Fujitsu."}`, nil)
		items, _ := callObj(t, w, "search_messages", `{"keyword":"fujitsu"}`, nil)["results"].([]any)
		if len(items) == 0 {
			t.Fatalf("seed %d: the message sent is not found", seed)
		}
		m, _ := items[0].(map[string]any)
		if m["message"] != "Loving the new kitchen appliances from Fujitsu." || m["receiver_id"] != "USR-007" {
			t.Fatalf("seed %d: first result %v, want the message sent to USR-007", seed, m)
		}

		// A thing made without an id told is held too.
		callObj(t, w, "post_note", `{"content":"Bake sale on Friday, bring cookies."}`, nil)
		notes, _ := callObj(t, w, "search_notes", `{"keyword":"bake sale"}`, nil)["notes"].([]any)
		if len(notes) == 0 || notes[0].(map[string]any)["content"] != "Bake sale on Friday, bring cookies." {
			t.Fatalf("seed %d: notes found %v, want the one posted first", seed, notes)
		}

		posted := callObj(t, w, "post_tweet", `{"content":"Off to the table tennis finals tonight!"}`, nil)
		tweets, _ := callObj(t, w, "search_tweets", `{"keyword":"table tennis"}`, nil)["matching_tweets"].([]any)
		first, _ := tweets[0].(map[string]any)
		if first["content"] != "Off to the table tennis finals tonight!" || posted["id"] != nil && plan.Text(first["id"]) != plan.Text(posted["id"]) {
			t.Fatalf("seed %d: first tweet found %v, want the one posted (%v)", seed, first, posted)
		}
	}
}

// A one-word field (an SMS keyword, a slug) found by a search holds the
// text as one word, never a sentence.
func TestSearchedWordsStayWords(t *testing.T) {
	for seed := int64(1); seed <= 6; seed++ {
		w, _ := simWorld(t, searchTools, nil, seed)
		items, _ := callObj(t, w, "find_keyword_leases", `{"filter":"Richards"}`, nil)["items"].([]any)
		seen := map[string]bool{}
		for _, it := range items {
			k, _ := it.(map[string]any)["keyword"].(string)
			if strings.Contains(k, " ") || !strings.Contains(strings.ToLower(k), "richards") || seen[k] {
				t.Fatalf("seed %d: keywords found %v", seed, items)
			}
			seen[k] = true
		}
		// A thing's labels are not what a search for it finds.
		labels, _ := callObj(t, w, "find_keyword_lease", `{"keyword":"RICHARDS"}`, nil)["labels"].([]any)
		for _, l := range labels {
			if strings.Contains(strings.ToLower(l.(string)), "richards") {
				t.Fatalf("seed %d: labels %v rewritten for the search", seed, labels)
			}
		}
	}
}

// People found by a topic keep their names; a name searched for is a
// person's name.
func TestPeopleKeepTheirNames(t *testing.T) {
	for seed := int64(1); seed <= 6; seed++ {
		w, _ := simWorld(t, searchTools, nil, seed)
		for _, it := range callObj(t, w, "search_users", `{"q":"elm testing"}`, nil)["users"].([]any) {
			if name, _ := it.(map[string]any)["name"].(string); strings.Contains(strings.ToLower(name), "elm testing") {
				t.Fatalf("seed %d: a person found for a topic is named %q", seed, name)
			}
		}
		for _, it := range callObj(t, w, "search_users", `{"q":"Gibbs"}`, nil)["users"].([]any) {
			if name, _ := it.(map[string]any)["name"].(string); !strings.HasSuffix(name, "Gibbs") {
				t.Fatalf("seed %d: a person found for Gibbs is named %q", seed, name)
			}
		}
	}
}

// A listing that searches nothing, and a search by an expression or an
// id, are left as drawn.
func TestOnlyTextSearchesAreMatched(t *testing.T) {
	for _, q := range []string{"status:open", "*.txt", "USR-123"} {
		if plainQuery(q) {
			t.Fatalf("%q taken for words a result can say", q)
		}
	}
	for _, q := range []string{"world", "the q1 proposal", "report.pdf", "cross-stitch"} {
		if !plainQuery(q) {
			t.Fatalf("%q not taken for words a result can say", q)
		}
	}
	w, _ := simWorld(t, searchTools, nil, 2)
	ts := w.tools
	if p, _ := searchedFor(ts.Get("list_messages"), map[string]any{"sender": "Ana"}); p != "" {
		t.Fatalf("list_messages(sender) taken for a search by %s", p)
	}
}
