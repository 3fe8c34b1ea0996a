package wording

import (
	"strings"
	"testing"
)

// A parameter named for an ARN is said with the acronym in capitals, and
// its value follows once: "device ARN arn:aws:…", never "device arn arn:aws:…".
func TestARNSaidOnce(t *testing.T) {
	for _, c := range []struct{ param, want string }{
		{"DeviceArn", "device ARN arn:aws:a4b:us-east-1:1:device/x"},
		{"CertificateAuthorityARN", "certificate authority ARN arn:aws:a4b:us-east-1:1:device/x"},
		{"roleArns", "role ARNs arn:aws:a4b:us-east-1:1:device/x"},
	} {
		got := Value(ParamNoun(c.param, ""), "arn:aws:a4b:us-east-1:1:device/x")
		if got != c.want || strings.Contains(got, "arn arn:") {
			t.Errorf("%s: got %q, want %q", c.param, got, c.want)
		}
	}
}

// A name the description capitalises mid-sentence keeps its capitals in
// the request; a description in title case is no evidence of names.
func TestPurposeKeepsProperNames(t *testing.T) {
	for _, c := range []struct{ name, desc, want string }{
		{"ListVoiceConnectorGroups", "Lists the Amazon Chime Voice Connector groups for the administrator's AWS account.", "Amazon Chime"},
		{"CreateMeeting", "Creates a new Amazon Chime SDK meeting in the specified media Region.", "Amazon Chime SDK meeting"},
		{"getAccountDetails", "Gets The Account Details", "get the account details"},
		{"CreateApp", "Creates a new Amplify app.", "create a new Amplify app"},
		{"GetIntegrations", "Gets the Integrations for an Api resource.", "API resource"},
	} {
		if got := Purpose(c.name, c.desc); !strings.Contains(got, c.want) {
			t.Errorf("Purpose(%q, %q) = %q, want it to hold %q", c.name, c.desc, got, c.want)
		}
	}
}

func TestPurposeKeepsAWholeName(t *testing.T) {
	got := Purpose("ListTagsForResource", "Gets AWS tags for an Amazon Resource Name (ARN).")
	if !strings.Contains(got, "Amazon Resource Name") {
		t.Errorf("got %q", got)
	}
}
