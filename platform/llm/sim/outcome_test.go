package sim_test

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A response that reports success gives no reason for failure beside it,
// and a success flag an API writes as a number reads 1.
func TestSuccessFlagsAgreeWithFailureReasons(t *testing.T) {
	verify := schemaOf(t, `{"type":"object","properties":{
		"verification_status":{"type":"boolean","description":"The status of the verification, True if successful, False if failed"},
		"verification_failure":{"type":"string","description":"The reason for the verification failure"}}}`)
	api := schemaOf(t, `{"type":"object","required":["error_message"],"properties":{
		"success":{"type":"integer"},"error_message":{"type":["string","null"]},
		"results":{"type":"object","properties":{"url":{"type":"string","format":"uri"}}}}}`)
	for seed := range int64(40) {
		v := sim.NewValues(seedrand.New(seed, "outcome"))
		got := v.Result(verify, map[string]any{}).(map[string]any)
		if got["verification_status"] != true {
			t.Fatalf("seed %d: a planned success reports verification_status %v", seed, got["verification_status"])
		}
		if reason, ok := got["verification_failure"]; ok && got["verification_status"] == true {
			t.Fatalf("seed %d: verification_status true beside the failure reason %q", seed, reason)
		}
		out := v.Result(api, map[string]any{}).(map[string]any)
		if s, ok := out["success"]; ok && s != int64(1) {
			t.Fatalf("seed %d: success flag written as %v", seed, s)
		}
		if out["success"] == int64(1) && out["error_message"] != nil {
			t.Fatalf("seed %d: success 1 beside error_message %q", seed, out["error_message"])
		}
	}
}

// A reason for a failure, where one is written, says what went wrong.
func TestFailureReasonsSayWhatWentWrong(t *testing.T) {
	s := map[string]any{"type": "string", "description": "The reason for the verification failure"}
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "reasons"))
		v.Subject("verify_traveler_information", "Verify the traveler information")
		if got, _ := v.For(nil, s, "verification_failure").(string); !strings.Contains(got, " ") {
			t.Errorf("seed %d: reason %q", seed, got)
		}
	}
}
