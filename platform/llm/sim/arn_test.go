package sim_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// TestARNsNameTheirResource: an ARN names the resource its field says, of
// the service the tool speaks of — the ARN of a device is a device's, a
// private certificate authority's is in acm-pca — not an S3 "request" (the
// body's schema title).
func TestARNsNameTheirResource(t *testing.T) {
	const pattern = `arn:[a-z0-9-\\.]{1,63}:[a-z0-9-\\.]{0,63}:[a-z0-9-\\.]{0,63}:[a-z0-9-\\.]{0,63}:[^/].{0,1023}`
	body := func(field, desc string) any {
		var s any
		_ = json.Unmarshal([]byte(`{"type":"object","title":"OperationRequest","properties":{"`+field+`":{"type":"string","title":"Arn","pattern":"`+pattern+`","description":"`+desc+`"}},"required":["`+field+`"]}`), &s)
		return s
	}
	for _, c := range []struct {
		tool, desc, field, fieldDesc string
		service, resource            string
	}{
		{"AssociateDeviceWithRoom", "Associates a device with a given room.", "DeviceArn", "The ARN of the device to associate to a room.", "", "device/"},
		{"ListPermissions", "List all permissions on a private CA.", "CertificateAuthorityArn", "The Amazon Resource Number (ARN) of the private certificate authority (CA).", "acm-pca", "certificate-authority/"},
		{"GetChannelMessage", "Gets the full details of a channel message in an Amazon Chime app instance.", "ChannelArn", "The ARN of the channel.", "chime", "channel/"},
		{"UpdateTrail", "Updates trail settings that control what events you are logging.", "TrailArn", "The ARN of the trail.", "cloudtrail", "trail/"},
	} {
		sc := body(c.field, c.fieldDesc)
		for seed := range int64(20) {
			v := sim.NewValues(seedrand.New(seed, "arn"))
			v.Subject(c.tool, c.desc)
			got, _ := v.For(sc, sc, "body").(map[string]any)[c.field].(string)
			parts := strings.SplitN(got, ":", 6)
			if len(parts) != 6 {
				t.Fatalf("%s.%s = %q: not an ARN", c.tool, c.field, got)
			}
			if c.service != "" && parts[2] != c.service {
				t.Errorf("%s.%s = %q: service %q, want %q", c.tool, c.field, got, parts[2], c.service)
			}
			if !strings.HasPrefix(parts[5], c.resource) {
				t.Errorf("%s.%s = %q: resource %q, want it to start %q", c.tool, c.field, got, parts[5], c.resource)
			}
		}
	}
}
