package world

import (
	"slices"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// madeTools make things and list them: as objects of a list, as the list
// itself, as a list of ids or keys (BFCL's, APIs.guru's).
var madeTools = []*toolv1.Tool{
	{Name: "createCommunityConversation", Description: "Create a conversation.",
		InputSchemaJson:  `{"type":"object","properties":{"topic":{"type":"string"}},"required":["topic"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"convId":{"type":"string"},"topic":{"type":"string"},"creatorId":{"type":"string"}},"required":["convId"]}`},
	{Name: "getCommunityConversations", Description: "List the community's conversations.",
		InputSchemaJson:  `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"array","items":{"type":"object","properties":{"convId":{"type":"string"},"topic":{"type":"string"},"creatorId":{"type":"string"}},"required":["convId","topic"]}}`},
	{Name: "place_order", Description: "Place an order.",
		InputSchemaJson:  `{"type":"object","properties":{"symbol":{"type":"string"},"amount":{"type":"integer"}},"required":["symbol","amount"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"order_id":{"type":"integer"},"status":{"type":"string"}}}`},
	{Name: "get_order_history", Description: "Get the stock order ID history.",
		InputSchemaJson:  `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"order_history":{"type":"array","items":{"type":"integer"}}}}`},
	{Name: "core_memory_add", Description: "Add a key-value pair to the core memory.",
		InputSchemaJson:  `{"type":"object","properties":{"key":{"type":"string"},"value":{"type":"string"}},"required":["key","value"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string"}}}`},
	{Name: "core_memory_list_keys", Description: "List all keys in the core memory.",
		InputSchemaJson:  `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"keys":{"type":"array","items":{"type":"string"}}}}`},
	{Name: "post_tweet", Description: "Post a tweet for the authenticated user.",
		InputSchemaJson:  `{"type":"object","properties":{"content":{"type":"string"}},"required":["content"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"},"content":{"type":"string"}}}`},
	{Name: "get_user_tweets", Description: "Retrieve all tweets from a specific user.",
		InputSchemaJson:  `{"type":"object","properties":{"username":{"type":"string"}},"required":["username"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"user_tweets":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"},"content":{"type":"string"}}}}}}`},
}

// madeWorld is a world whose plan runs each of madeTools in a turn of its own.
func madeWorld(t *testing.T, seed int64) (*World, func(id string) *blueprintv1.PlannedCall) {
	t.Helper()
	var calls []*blueprintv1.PlannedCall
	for i := range 8 {
		calls = append(calls, &blueprintv1.PlannedCall{Id: "t" + string(rune('0'+i)), ToolName: madeTools[i].Name, ParallelGroup: int32(i + 1)})
	}
	w, p := simWorld(t, madeTools, &blueprintv1.Blueprint{Calls: calls}, seed)
	return w, p.Call
}

// What a conversation made is in its later listings: the conversation it
// created, the order it placed, the key it added, the tweet it posted
// (under the user it was posted as, not another's).
func TestListingsShowWhatWasMade(t *testing.T) {
	for seed := int64(1); seed <= 5; seed++ {
		w, at := madeWorld(t, seed)
		conv := callDoc(t, w, "createCommunityConversation", `{"topic":"Swift"}`, at("t0")).(map[string]any)
		convs := callDoc(t, w, "getCommunityConversations", `{}`, at("t1")).([]any)
		if !slices.ContainsFunc(convs, func(x any) bool {
			m := x.(map[string]any)
			return m["convId"] == conv["convId"] && m["topic"] == "Swift"
		}) {
			t.Fatalf("seed %d: conversation %v not listed: %v", seed, conv["convId"], convs)
		}
		order := callDoc(t, w, "place_order", `{"symbol":"NVDA","amount":10}`, at("t2")).(map[string]any)
		history := callDoc(t, w, "get_order_history", `{}`, at("t3")).(map[string]any)["order_history"].([]any)
		if !slices.ContainsFunc(history, func(x any) bool { return plan.Text(x) == plan.Text(order["order_id"]) }) {
			t.Fatalf("seed %d: order %v not in the history %v", seed, order["order_id"], history)
		}
		callDoc(t, w, "core_memory_add", `{"key":"favourite_colour","value":"teal"}`, at("t4"))
		keys := callDoc(t, w, "core_memory_list_keys", `{}`, at("t5")).(map[string]any)["keys"].([]any)
		if !slices.Contains(keys, any("favourite_colour")) {
			t.Fatalf("seed %d: key added not listed: %v", seed, keys)
		}
		tweet := callDoc(t, w, "post_tweet", `{"content":"Ship it"}`, at("t6")).(map[string]any)
		if tweet["username"] == nil {
			continue // posted as nobody the answer names
		}
		mine := callDoc(t, w, "get_user_tweets", `{"username":"`+plan.Text(tweet["username"])+`"}`, at("t7")).(map[string]any)["user_tweets"].([]any)
		if !slices.ContainsFunc(mine, func(x any) bool { return x.(map[string]any)["content"] == "Ship it" }) {
			t.Fatalf("seed %d: tweet posted as %v not among their tweets %v", seed, tweet["username"], mine)
		}
		others := callDoc(t, w, "get_user_tweets", `{"username":"someone_else"}`, at("t7")).(map[string]any)["user_tweets"].([]any)
		if slices.ContainsFunc(others, func(x any) bool { return x.(map[string]any)["content"] == "Ship it" }) {
			t.Fatalf("seed %d: tweet posted as %v listed among someone_else's %v", seed, tweet["username"], others)
		}
	}
}

// collectionTools add things to a collection and list it.
var collectionTools = []*toolv1.Tool{
	{Name: "add_to_watchlist", Description: "Add a stock to the watchlist.",
		InputSchemaJson:  `{"type":"object","properties":{"stock":{"type":"string"}},"required":["stock"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"watchlist":{"type":"array","items":{"type":"string"}}}}`},
	{Name: "get_watchlist", Description: "Get the watchlist.",
		InputSchemaJson:  `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"watchlist":{"type":"array","items":{"type":"string"}}}}`},
	{Name: "remove_stock_from_watchlist", Description: "Remove a stock from the watchlist.",
		InputSchemaJson:  `{"type":"object","properties":{"symbol":{"type":"string"}},"required":["symbol"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string"}}}`},
	{Name: "addFavorite", Description: "Adds a conversation to the favorites",
		InputSchemaJson: `{"type":"object","properties":{"convId":{"type":"string","description":"The ID of the conversation which will be marked as favorite"}},"required":["convId"]}`},
	{Name: "getFavoriteConversations", Description: "Gets the conversationIds which are marked as favorites.",
		InputSchemaJson:  `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"array","items":{"type":"string"}}`},
	madeTools[0],
}

// A thing added to a collection (a stock to the watchlist, a conversation
// to the favourites) is in the collection's next listing, and gone from
// it once removed; a thing made but not added is not.
func TestCollectionsListWhatWasAdded(t *testing.T) {
	var calls []*blueprintv1.PlannedCall
	for i, tool := range []string{"add_to_watchlist", "get_watchlist", "remove_stock_from_watchlist", "get_watchlist", "createCommunityConversation", "addFavorite", "getFavoriteConversations"} {
		calls = append(calls, &blueprintv1.PlannedCall{Id: "t" + string(rune('0'+i)), ToolName: tool, ParallelGroup: int32(i + 1)})
	}
	p := plan.New(&blueprintv1.Blueprint{Calls: calls})
	ts := toolsFor(t, collectionTools, p)
	for seed := int64(1); seed <= 5; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		callDoc(t, w, "add_to_watchlist", `{"stock":"ZETA"}`, p.Call("t0"))
		if list := callDoc(t, w, "get_watchlist", `{}`, p.Call("t1")).(map[string]any)["watchlist"].([]any); !slices.Contains(list, any("ZETA")) {
			t.Fatalf("seed %d: ZETA added, then the watchlist is %v", seed, list)
		}
		callDoc(t, w, "remove_stock_from_watchlist", `{"symbol":"ZETA"}`, p.Call("t2"))
		if list := callDoc(t, w, "get_watchlist", `{}`, p.Call("t3")).(map[string]any)["watchlist"].([]any); slices.Contains(list, any("ZETA")) {
			t.Fatalf("seed %d: ZETA removed, then the watchlist is %v", seed, list)
		}
		other := callDoc(t, w, "createCommunityConversation", `{"topic":"Go"}`, p.Call("t4")).(map[string]any)
		callOut(t, w, "addFavorite", `{"convId":"con_fav1"}`, p.Call("t5"))
		favs := callDoc(t, w, "getFavoriteConversations", `{}`, p.Call("t6")).([]any)
		if !slices.Contains(favs, any("con_fav1")) || slices.Contains(favs, other["convId"]) {
			t.Fatalf("seed %d: con_fav1 added to the favourites, %v only created; the favourites are %v", seed, other["convId"], favs)
		}
	}
}

// A listing whose schema flattens the collection to one record's fields
// shows the thing just made (get_all_credit_cards after register_credit_card),
// also when the answer gave it no id (a blank card_id).
func TestAFlattenedListingShowsTheThingMade(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "register_credit_card", Description: "Register a credit card",
			InputSchemaJson:  `{"type":"object","properties":{"card_number":{"type":"string"},"expiration_date":{"type":"string"},"cardholder_name":{"type":"string"},"card_verification_number":{"type":"integer"}},"required":["card_number","expiration_date","cardholder_name","card_verification_number"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"card_id":{"type":"string","maxLength":0}}}`},
		{Name: "get_all_credit_cards", Description: "Get all registered credit cards",
			InputSchemaJson:  `{"type":"object","properties":{}}`,
			OutputSchemaJson: `{"type":"object","properties":{"credit_card_list":{"type":"object","description":"A dictionary containing all registered credit cards","properties":{"card_number":{"type":"string"},"expiration_date":{"type":"string"},"cardholder_name":{"type":"string"},"card_verification_value":{"type":"integer"},"balance":{"type":"number"}},"required":["card_number","cardholder_name"]}}}`},
	}
	calls := []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "register_credit_card", ParallelGroup: 1}, {Id: "c2", ToolName: "get_all_credit_cards", ParallelGroup: 2}}
	p := plan.New(&blueprintv1.Blueprint{Calls: calls})
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 5; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		callDoc(t, w, "register_credit_card", `{"card_number":"378864436588068","expiration_date":"08/2025","cardholder_name":"Bailey Rhodes","card_verification_number":988}`, p.Call("c1"))
		card := callDoc(t, w, "get_all_credit_cards", `{}`, p.Call("c2")).(map[string]any)["credit_card_list"].(map[string]any)
		if card["card_number"] != "378864436588068" || card["cardholder_name"] != "Bailey Rhodes" {
			t.Fatalf("seed %d: the card registered is not listed: %v", seed, card)
		}
	}
}
