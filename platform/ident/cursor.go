package ident

import "strings"

// cursorNames are the names page cursors go by, their words run together:
// NextToken, pageToken, Marker, starting_after, nextLink.
var cursorNames = map[string]bool{
	"pagetoken": true, "nextpagetoken": true, "nexttoken": true, "cursor": true, "nextcursor": true,
	"pagecursor": true, "continuation": true, "continuationtoken": true, "marker": true, "nextmarker": true,
	"startingafter": true, "endingbefore": true, "paginationtoken": true, "nextlink": true, "nextpagelink": true,
}

// cursorPhrases are what a description of a page cursor says.
var cursorPhrases = []string{"paginat", "next page", "next set of", "previous call", "previous request",
	"returned from the previous", "retrieve the next", "where to begin", "to start the list", "paged result"}

// PageCursor reports whether a field or parameter is a page cursor: its
// name is a cursor's (NextToken, pageToken, Marker, nextLink), or it ends in
// token, marker, cursor or position and its description speaks of pages ("the token
// returned by the previous call"). Only an earlier page of the same list
// gives one: no user states it, and it links no two operations.
func PageCursor(name, description string) bool {
	ws := Words(name)
	if len(ws) == 0 {
		return false
	}
	if cursorNames[strings.Join(ws, "")] {
		return true
	}
	switch ws[len(ws)-1] {
	case "token", "marker", "cursor", "position":
	default:
		return false
	}
	d := strings.ToLower(description)
	for _, p := range cursorPhrases {
		if strings.Contains(d, p) {
			return true
		}
	}
	return false
}
