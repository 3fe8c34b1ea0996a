package ident

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for name, want := range map[string][]string{
		"get_order-status":          {"get", "order", "status"},
		"getOrderStatus":            {"get", "order", "status"},
		"HTTPStatus":                {"http", "status"},
		"readStorageV1StorageClass": {"read", "storage", "v1", "storage", "class"},
		"repos/list":                {"repos", "list"},
		"v1.company.competitor":     {"v1", "company", "competitor"},
		"MA(20)":                    {"ma", "20"},
		"":                          nil,
	} {
		if got := Words(name); !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"ids": "id", "users": "user", "categories": "category", "addresses": "address", "statuses": "status",
		"houses": "house", "uses": "use", "causes": "cause", "buses": "bus", "boxes": "box", "branches": "branch", "status": "status",
		"analysis": "analysis", "class": "class", "gas": "gas", "entries": "entry", "files": "file", "order": "order",
	} {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
}
