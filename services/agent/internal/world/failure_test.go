package world

import (
	"context"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// TestFailureIsDecidedFromTheCall: the backend fails a call for what it
// carries, names what was sent, and lets a call without the bad value through.
func TestFailureIsDecidedFromTheCall(t *testing.T) {
	ctx := context.Background()
	t.Run("not found", func(t *testing.T) {
		w, p, _ := newWorld(t, "error-notfound", 1)
		bad := strings.Trim(p.Call("c1").GetExpect().GetBadValueJson(), `"`)
		right := userValue(t, p.Call("c2").GetArguments(), "product_id")
		args := func(id string) string { return `{"product_id":"` + id + `","quantity":3}` }
		out, _ := w.Call(ctx, "add_to_cart", args(bad), p.Call("c1"))
		if !trajectory.IsError(out) || !strings.Contains(out, bad) || !strings.Contains(out, "not found") {
			t.Fatalf("the mistyped id %s: %s", bad, out)
		}
		// An honest call with the right id is not failed, whichever planned call it realises.
		if ok, _ := w.Call(ctx, "add_to_cart", args(right), p.Call("c1")); trajectory.IsError(ok) || right == bad {
			t.Fatalf("a call without the bad value failed: %s", ok)
		}
		// The same wrong id fails again: the world stays consistent.
		if again, _ := w.Call(ctx, "add_to_cart", args(bad), nil); again != out {
			t.Fatalf("the mistyped id exists on the second try: %s", again)
		}
	})
	t.Run("bad format", func(t *testing.T) {
		w, p, _ := newWorld(t, "error-format", 1)
		args := func(carrier string) string {
			return `{"carrier":"` + carrier + `","tracking_number":"` + userValue(t, p.Call("c1").GetArguments(), "tracking_number") + `"}`
		}
		out, _ := w.Call(ctx, "track_shipment", args("UPS"), p.Call("c1"))
		if !trajectory.IsError(out) || !strings.Contains(out, "carrier") || !strings.Contains(out, `\"UPS\"`) {
			t.Fatalf("the planned form: %s", out)
		}
		// Another wrong form gets an error naming that form.
		other, _ := w.Call(ctx, "track_shipment", args("U.P.S."), p.Call("c1"))
		if !trajectory.IsError(other) || !strings.Contains(other, "carrier") || !strings.Contains(other, "U.P.S.") {
			t.Fatalf("another wrong form: %s", other)
		}
		if ok, _ := w.Call(ctx, "track_shipment", args("ups"), p.Call("c1")); trajectory.IsError(ok) {
			t.Fatalf("the converted value failed: %s", ok)
		}
	})
	t.Run("transient", func(t *testing.T) {
		w, p, _ := newWorld(t, "error-transient", 1)
		args := `{"query":"anything at all"}`
		first, _ := w.Call(ctx, "search_products", args, p.Call("c1"))
		second, _ := w.Call(ctx, "search_products", args, p.Call("c2"))
		if !trajectory.IsError(first) || !strings.Contains(first, "503") || trajectory.IsError(second) {
			t.Fatalf("want a 503 and then a result: %s / %s", first, second)
		}
	})
}

// userValue is the text of the user value bound to param.
func userValue(t *testing.T, args []*blueprintv1.ArgumentBinding, param string) string {
	t.Helper()
	for _, a := range args {
		if a.GetParam() == param && a.GetUser() != nil {
			return strings.Trim(a.GetUser().GetValueJson(), `"`)
		}
	}
	t.Fatalf("no user value for %s", param)
	return ""
}
