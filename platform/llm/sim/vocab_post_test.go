package sim

import (
	"math/rand/v2"
	"testing"
)

// TestMessageOfAnHTTPPostIsNoChat: an OpenAPI operation named for its
// method (….post) answers with a service remark; a forum's post tool with
// chat.
func TestMessageOfAnHTTPPostIsNoChat(t *testing.T) {
	for _, tc := range []struct {
		tool, desc string
		posts      bool
	}{
		{"dfr_rest_services.get_naics.post", "Detailed facility report NAICS code service.", false},
		{"createPost", "Create a blog post.", true},
		{"send_request", "Send a POST request to the endpoint.", false},
		{"list_items", "List the items of a forum's posts.", true},
		{"geocode", "Look up a postal code.", false},
	} {
		v := NewValues(rand.New(rand.NewPCG(1, 2)))
		v.Subject(tc.tool, tc.desc)
		if got := v.aboutPosts(); got != tc.posts {
			t.Errorf("aboutPosts(%s, %q) = %v, want %v", tc.tool, tc.desc, got, tc.posts)
		}
	}
}
