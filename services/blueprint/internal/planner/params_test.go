package planner

import "testing"

func TestIncidental(t *testing.T) {
	for param, want := range map[string]bool{
		"key": true, "quotaUser": true, "prettyPrint": true, "$.xgafv": true, "X-Bunq-Region": true,
		"Cache-Control": true, "pageToken": true, "ks": true,
		"limit": false, "status": false, "customer_id": false, "filter": false, "page": false, "currency": false,
	} {
		if got := incidental(param); got != want {
			t.Errorf("incidental(%q) = %v, want %v", param, got, want)
		}
	}
}
