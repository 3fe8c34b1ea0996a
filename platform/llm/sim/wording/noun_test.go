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
