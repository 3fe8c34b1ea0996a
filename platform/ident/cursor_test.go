package ident

import "testing"

func TestPageCursor(t *testing.T) {
	for _, c := range []struct {
		name, desc string
		want       bool
	}{
		{"NextToken", "", true},
		{"nextToken", "The next page of elements from this collection.", true},
		{"page_token", "", true},
		{"Marker", "", true},
		{"starting_after", "", true},
		{"nextLink", "The URL to get the next set of results.", true},
		{"SyncToken", "The token returned by the previous call, to retrieve the next set of changes.", true},
		{"SyncToken", "Identifies a sync.", false},
		{"access_token", "OAuth access token.", false},
		{"ClientToken", "A unique, case-sensitive identifier to ensure idempotency.", false},
		{"position", "The current pagination position in the paged result set.", true},
		{"Position", "The position of the stage in the pipeline.", false},
		{"NextPageToken", "", true},
		{"page", "Page number.", false},
		{"next", "", false},
	} {
		if got := PageCursor(c.name, c.desc); got != c.want {
			t.Errorf("PageCursor(%q, %q) = %v, want %v", c.name, c.desc, got, c.want)
		}
	}
}
