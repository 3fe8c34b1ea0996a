package world_test

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
		bad, _ := w.Call(ctx, "add_to_cart", `{"product_id":"prod_09917","quantity":3}`, p.Call("c1"))
		if !trajectory.IsError(bad) || !strings.Contains(bad, `prod_09917`) || !strings.Contains(bad, "not found") {
			t.Fatalf("the mistyped id: %s", bad)
		}
		// An honest call with another id is not failed, whichever planned call it realises.
		if ok, _ := w.Call(ctx, "add_to_cart", `{"product_id":"prod_09971","quantity":3}`, p.Call("c1")); trajectory.IsError(ok) {
			t.Fatalf("a call without the bad value failed: %s", ok)
		}
		// The same wrong id fails again: the world stays consistent.
		if again, _ := w.Call(ctx, "add_to_cart", `{"product_id":"prod_09917","quantity":3}`, nil); again != bad {
			t.Fatalf("the mistyped id exists on the second try: %s", again)
		}
	})
	t.Run("bad format", func(t *testing.T) {
		w, p, _ := newWorld(t, "error-format", 1)
		args := func(carrier string) string {
			return `{"carrier":"` + carrier + `","tracking_number":"` + trackingNumber(t, p.Call("c1").GetArguments()) + `"}`
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

func trackingNumber(t *testing.T, args []*blueprintv1.ArgumentBinding) string {
	t.Helper()
	for _, a := range args {
		if a.GetParam() == "tracking_number" {
			return strings.Trim(a.GetUser().GetValueJson(), `"`)
		}
	}
	t.Fatal("no tracking number")
	return ""
}
