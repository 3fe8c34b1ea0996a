package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// A tool described as acting for "the current user" is asked for by that
// user in their own words: "my login status", "messages sent by me", never
// "the login status of the currently authenticated user".
func TestRequestsSpeakOfTheUserAsMe(t *testing.T) {
	empty := `{"type":"object","properties":{}}`
	c := &clusterv1.Cluster{Id: "cl_me", Domain: "messaging", Tools: []*toolv1.Tool{
		{Id: "t_status", Name: "get_login_status", Service: "chat", Domain: "messaging", Description: "Get the login status of the currently authenticated user.", InputSchemaJson: empty},
		{Id: "t_sent", Name: "view_messages_sent", Service: "chat", Domain: "messaging", Description: "View all historical messages sent by the current user.", InputSchemaJson: empty},
		{Id: "t_stats", Name: "get_message_stats", Service: "chat", Domain: "messaging", Description: "Get statistics about messages for the current user.", InputSchemaJson: empty},
	}}
	asked := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 3)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		request := strings.Join(bp.GetIntents(), " ")
		if strings.Contains(request, "current user") || strings.Contains(request, "currently authenticated") {
			t.Errorf("seed %d: the user speaks of themself as another: %q", seed, request)
		}
		if strings.Contains(request, "my login status") || strings.Contains(request, "by me") || strings.Contains(request, "for me") {
			asked++
		}
	}
	if asked == 0 {
		t.Error("no request asked for the user's own status or messages in their words")
	}
}
