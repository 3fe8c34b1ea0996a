package textindex

import (
	"strings"
	"testing"
)

func TestSplitIdentifier(t *testing.T) {
	cases := map[string]string{
		"listUserIds":     "list user id",
		"user_id":         "user id",
		"HTTPServer_v2":   "http server v2",
		"Accounts_Get":    "account get",
		"categories":      "category",
		"ORDER-NUMBER":    "order number",
		"addresses":       "address",
		"status":          "status",
		"getXMLFile":      "get xml file",
		"x":               "",
		"file.name":       "file name",
		"core_memory_add": "core memory add",
	}
	for in, want := range cases {
		if got := strings.Join(SplitIdentifier(in), " "); got != want {
			t.Errorf("SplitIdentifier(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWordsDropsStopWords(t *testing.T) {
	if got := strings.Join(Words("Returns the list of <b>Users</b> for an account."), " "); got != "return list user account" {
		t.Errorf("got %q", got)
	}
}
