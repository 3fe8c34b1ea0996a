package catalog

import (
	"fmt"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// incidental says why the value at fromField of from's result (schema fs)
// is no real link into parameter param of to (schema ps), "" when it is
// one. A chain passes what the next call is about — an id, a name, the
// result of a computation — not a number that happens to sit in the
// earlier result under a matching name.
func incidental(from, to *Tool, fromField string, fs map[string]any, param string, ps map[string]any) string {
	steps, err := jsonpath.Parse(fromField)
	if err != nil {
		return ""
	}
	leaf, listed := "", false
	for _, st := range steps {
		if st.IsIndex {
			listed = true
		} else {
			leaf = st.Field
		}
	}
	// A page number, page size, offset or count describes how a result
	// was fetched or how big it is, not what it is about: the next call
	// pages as its own request says.
	if numeric(ps) || numeric(fs) {
		if paging(param) || paging(leaf) {
			return fmt.Sprintf("%s of %s is paging or a count, not a link into %s's %q", fromField, from.Name, to.Name, param)
		}
	}
	// An amount, price or measure read from one entry of a listing (a
	// past deposit's amount in a transaction history) is no reason to
	// move, order or record that much, nor is one measure another (a
	// balance is no amount to withdraw): it is the user's to say. A
	// lookup's own figure taken as the same figure (a quote's price as
	// the order's price, an estimated distance as the distance to drive)
	// is the result the next step works with.
	if Measure(param) || Measure(leaf) {
		if listed {
			return fmt.Sprintf("%s of %s is one listed entry's %s, not a link into %s's %q", fromField, from.Name, leaf, to.Name, param)
		}
		if !sameThing(leaf, param) {
			return fmt.Sprintf("%s of %s is another measure than %s's %q", fromField, from.Name, to.Name, param)
		}
	}
	// A whole list goes into a parameter only when both name the same
	// thing and its members fit: the cycles a candidate ran in filter by
	// cycle, a list of tags is not a list of recipients.
	if jsonschema.TypeOf(fs) == "array" && leaf != "" {
		if !sameThing(leaf, param) {
			return fmt.Sprintf("list %s of %s names another thing than %s's %q", fromField, from.Name, to.Name, param)
		}
		if jsonschema.TypeOf(ps) == "array" {
			fi, _ := fs["items"].(map[string]any)
			pi, _ := ps["items"].(map[string]any)
			if !Compatible(jsonschema.TypeOf(pi), jsonschema.TypeOf(fi)) {
				return fmt.Sprintf("members of %s of %s do not fit %s's %q", fromField, from.Name, to.Name, param)
			}
		}
	}
	return ""
}

func numeric(s map[string]any) bool {
	t := jsonschema.TypeOf(s)
	return t == "integer" || t == "number"
}

// pagingHeads are the head nouns of names that page through or count a
// result; pagingSizes are heads that do so only after one of
// pagingModifiers ("page_size", "max_results", "num_rows").
var (
	pagingHeads     = map[string]bool{"page": true, "pages": true, "perpage": true, "pagesize": true, "limit": true, "offset": true, "skip": true, "count": true, "total": true, "totals": true}
	pagingSizes     = map[string]bool{"size": true, "number": true, "num": true, "results": true, "rows": true, "items": true, "index": true}
	pagingModifiers = map[string]bool{"page": true, "per": true, "max": true, "num": true, "total": true, "result": true, "results": true}
)

// paging reports whether a parameter or field name is a paging number or
// a count ("per_page", "pageSize", "offset", "total_count", "max_results").
func paging(name string) bool {
	ws := ident.Words(name)
	if len(ws) == 0 {
		return false
	}
	head := ws[len(ws)-1]
	if pagingHeads[head] {
		return true
	}
	if pagingSizes[head] {
		for _, w := range ws[:len(ws)-1] {
			if pagingModifiers[w] {
				return true
			}
		}
	}
	return false
}

// measures are the head nouns of amounts, prices, quantities and
// measures.
var measures = map[string]bool{"amount": true, "amounts": true, "price": true, "prices": true, "cost": true, "costs": true, "fee": true, "fees": true,
	"balance": true, "quantity": true, "qty": true, "weight": true, "height": true, "width": true, "length": true, "depth": true, "distance": true,
	"temperature": true, "volume": true, "duration": true, "percentage": true, "percent": true, "rate": true, "speed": true, "sum": true, "subtotal": true}

// Measure reports whether a name's head noun is an amount or a measure
// ("amount", "unit_price", "totalWeight"; not "price_id").
func Measure(name string) bool {
	ws := ident.Words(name)
	return len(ws) > 0 && measures[ws[len(ws)-1]]
}

// sameThing reports whether two names name the same thing: the same head
// noun, singular or plural ("cycles" and "cycle", "tag_ids" and "tagIds").
func sameThing(a, b string) bool {
	wa, wb := ident.Words(a), ident.Words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	ha, hb := singular(wa[len(wa)-1]), singular(wb[len(wb)-1])
	if len(ha) > len(hb) {
		ha, hb = hb, ha
	}
	// "users" and "usernames": one noun compounded with another.
	return ha == hb || len(ha) >= 4 && strings.HasPrefix(hb, ha)
}

func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}
