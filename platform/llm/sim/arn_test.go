package sim_test

import (
	"encoding/json"
	"regexp"
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

// TestARNsAreOfTheirAPIsService: where no text names the service, an ARN
// is of the service the tool belongs to (Chime's app instances, Alexa for
// Business's skill groups, whose namespace is a4b), a role passed to any
// service is IAM's, and where nothing says the service an ARN is not
// S3's.
func TestARNsAreOfTheirAPIsService(t *testing.T) {
	for _, c := range []struct {
		tool, desc, service, field, want string
	}{
		{"ListAppInstanceUsers", "List all <code>AppInstanceUsers</code> created under a single app instance.", "amazonaws.com:chime", "AppInstanceArn", "chime"},
		{"ApproveSkill", "Associates a skill with the organization under the customer's AWS account.", "amazonaws.com:alexaforbusiness", "SkillGroupArn", "a4b"},
		{"CreateApi", "Creates an Api resource.", "amazonaws.com:apigatewayv2", "ApiArn", "apigateway"},
		{"GetConfigurationProfile", "Retrieves information about a configuration profile.", "amazonaws.com:appconfig", "RetrievalRoleArn", "iam"},
		{"ListAppInstanceUsers", "List all users created under a single app instance.", "Amazon Chime", "AppInstanceArn", "chime"},
		{"CreateEnvironmentMembership", "Adds an environment member to an Cloud9 development environment.", "amazonaws.com:cloud9", "userArn", "iam"},
		{"ListCodeReviews", "Lists all the code reviews that the customer has created in the past 90 days.", "amazonaws.com:codeguru-reviewer", "CodeReviewArn", "codeguru-reviewer"},
	} {
		var sc any
		_ = json.Unmarshal([]byte(`{"type":"object","properties":{"`+c.field+`":{"type":"string","description":"The Amazon Resource Name (ARN) of the <a href=\"https://docs.aws.amazon.com/codeguru/latest/reviewer-api/API_CodeReview.html\">object</a>."}},"required":["`+c.field+`"]}`), &sc)
		for seed := range int64(10) {
			v := sim.NewValues(seedrand.New(seed, "arn-service"))
			v.Subject(c.tool, c.desc, c.service)
			got, _ := v.For(sc, sc, "body").(map[string]any)[c.field].(string)
			if parts := strings.SplitN(got, ":", 6); len(parts) != 6 || parts[2] != c.want {
				t.Fatalf("%s (%s).%s = %q: want an ARN of %s", c.tool, c.service, c.field, got, c.want)
			}
		}
	}
	var sc any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"DeviceArn":{"type":"string"}},"required":["DeviceArn"]}`), &sc)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "arn-service"))
		v.Subject("GetDevice", "Gets a device by its ARN.")
		if got, _ := v.For(sc, sc, "body").(map[string]any)["DeviceArn"].(string); strings.HasPrefix(got, "arn:aws:s3:") {
			t.Fatalf("GetDevice.DeviceArn = %q: an ARN of no named service is not S3's", got)
		}
	}
}

// TestARNsTakeTheShapeAnotherToolGives: an ARN field a schema leaves open
// (ListCodeReviews' CodeReviewArn) takes the pattern another tool of the
// cluster gives the same field (DescribeCodeReview's), so that the one
// can be passed to the other.
func TestARNsTakeTheShapeAnotherToolGives(t *testing.T) {
	const pat = `^arn:aws[^:\\s]*:codeguru-reviewer:[^:\\s]+:[\\d]{12}:[a-z-]+:[\\w-]+$`
	var open, strict any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"CodeReviewArn":{"type":"string","title":"Arn"}},"required":["CodeReviewArn"]}`), &open)
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"CodeReviewArn":{"type":"string","pattern":"`+pat+`"}}}`), &strict)
	re := regexp.MustCompile(strings.ReplaceAll(pat, `\\`, `\`))
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "arn-shape"))
		v.Learn(strict)
		v.Learn(open)
		v.Subject("ListCodeReviews", "Lists all the code reviews that the customer has created in the past 90 days.", "amazonaws.com:codeguru-reviewer")
		got, _ := v.Result(open, map[string]any{}).(map[string]any)["CodeReviewArn"].(string)
		if !re.MatchString(got) {
			t.Fatalf("CodeReviewArn = %q: not of the shape DescribeCodeReview asks for", got)
		}
	}
}

// TestARNsOfAServiceChoice: a pattern that lets an ARN be of one of a few
// services ("arn:(aws|aws-cn):(iam|sts)::…") gets one of them.
func TestARNsOfAServiceChoice(t *testing.T) {
	const pat = `^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):(iam|sts)::\\d+:(root|(user\\/[\\w+=/:,.@-]{1,64}|federated-user\\/[\\w+=/:,.@-]{2,32}|assumed-role\\/[\\w+=/:,.@-]{1,64}\\/[\\w+=/:,.@-]{1,64}))$`
	var sc any
	if err := json.Unmarshal([]byte(`{"type":"object","properties":{"memberArn":{"type":"string","pattern":"`+pat+`"}},"required":["memberArn"]}`), &sc); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(sc.(map[string]any)["properties"].(map[string]any)["memberArn"].(map[string]any)["pattern"].(string))
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "arn-choice"))
		v.Subject("CreateEnvironmentMembership", "Adds an environment member.", "amazonaws.com:cloud9")
		if got, _ := v.For(sc, sc, "body").(map[string]any)["memberArn"].(string); !re.MatchString(got) {
			t.Fatalf("memberArn = %q: not of the pattern's services", got)
		}
	}
}
