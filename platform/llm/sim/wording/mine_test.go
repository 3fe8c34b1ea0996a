package wording

import "testing"

func TestMineSaysTheCurrentUserAsTheSpeaker(t *testing.T) {
	for in, want := range map[string]string{
		"get the login status of the currently authenticated user": "get my login status",
		"view all historical messages sent by the current user":    "view all historical messages sent by me",
		"log out the current user":                                 "log out",
		"get statistics about messages for the current user":       "get statistics about messages for me",
		"get all tickets created by the current user":              "get all tickets created by me",
		"update the current user's profile":                        "update my profile",
		"get the profile of the logged-in user":                    "get my profile",
		"list the followers of the authenticated user":             "list my followers",
		// The user as the whole object is their profile, not "get me".
		"get information about the current user":                         "get my information",
		"get details for the authenticated user":                         "get my details",
		"get current user":                                               "get my profile",
		"get the space usage information for the current user's account": "get the space usage information for my account",
		"retrieve details about the current user's hours":                "retrieve details about my hours",
		"update the current user":                                        "update my profile",
		"get the currently logged-in user":                               "get my profile",
		// Other users stay who they are.
		"get the user by ID":          "get the user by ID",
		"list users of the workspace": "list users of the workspace",
		"delete a user":               "delete a user",
	} {
		if got := Mine(in); got != want {
			t.Errorf("Mine(%q) = %q, want %q", in, got, want)
		}
	}
}
