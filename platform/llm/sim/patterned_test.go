package sim_test

import (
	"regexp"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A value whose pattern spells out a shape too rich to draw from takes
// it: an ARN of the service and resource type the pattern names, a
// moment in the layout the pattern gives, a Cognito identity's region and
// UUID, one of the literal values a pattern lists, an id after the literal
// prefix its pattern gives — never a value that fails its own schema.
func TestValuesTakeTheShapeTheirPatternSpellsOut(t *testing.T) {
	pats := map[string]string{
		"flowArn":        `arn:aws:appflow:.*:[0-9]+:.*`,
		"HsmArn":         `arn:aws(-iso)?:cloudhsm:[a-zA-Z0-9\-]*:[0-9]{12}:hsm-[0-9a-f]{8}`,
		"Arn":            `^arn:aws[^:\s]*:codestar-notifications:[^:\s]+:\d{12}:notificationrule\/(.*\S)?$`,
		"TypeArn":        `arn:aws[A-Za-z0-9-]{0,64}:cloudformation:[A-Za-z0-9-]{1,64}:([0-9]{12})?:type/.+`,
		"EffectiveEnd":   `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(([+-]\d\d:\d\d)|Z)$`,
		"IdentityId":     `[\w-]+:[0-9a-f-]+`,
		"projectArn":     `^arn:aws[^:\s]*:codestar:[^:\s]+:[0-9]{12}:project\/[a-z]([a-z0-9|-])+$`,
		"IdentityPoolId": `[\w-]+:[0-9a-f-]+`,
	}
	pats["projectRole"] = `^(Owner|Viewer|Contributor)$`
	pats["HsmType"] = `(hsm1\.medium)`
	pats["SkillId"] = `(^amzn1\.ask\.skill\.[0-9a-f\-]{1,200})|(^amzn1\.echo-sdk-ams\.app\.[0-9a-f\-]{1,200})`
	pats["RetrievalRoleArn"] = `^((arn):(aws|aws-cn|aws-iso|aws-iso-[a-z]{1}|aws-us-gov):(iam)::\d{12}:role[/].*)$`
	pats["s3ResourcePath"] = `^(S|s)3:\/\/[a-zA-Z0-9-_\/.]+$`
	pats["HostArn"] = `arn:aws(-[\w]+)*:codestar-connections:.+:[0-9]{12}:host\/.+`
	props := map[string]any{}
	for k, p := range pats {
		props[k] = map[string]any{"type": "string", "pattern": p}
		if len(k) > 6 && k[len(k)-3:] == "Arn" || k == "EffectiveEnd" {
			props[k].(map[string]any)["minLength"] = float64(20)
		}
	}
	// A moment its description shows in quotes is no quoted string.
	props["StartTime"] = map[string]any{"type": "string", "format": "date-time",
		"description": "The date and time for the action to start, in YYYY-MM-DDThh:mm:ssZ format in UTC/GMT only and in quotes (for example, <code>\"2019-06-01T00:00:00Z\"</code>)."}
	// A phone number marked sensitive ("format": "password") is a phone number.
	props["FromPhoneNumber"] = map[string]any{"type": "string", "format": "password", "pattern": `^\+?[1-9]\d{1,14}$`}
	pats["FromPhoneNumber"] = `^\+?[1-9]\d{1,14}$`
	pats["StartTime"] = `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`
	s := map[string]any{"type": "object", "properties": props}
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "patterned"))
		v.Subject("DescribeResource", "Describes a resource of the account")
		o := v.Result(s, map[string]any{}).(map[string]any)
		o["FromPhoneNumber"] = v.For(s, props["FromPhoneNumber"], "FromPhoneNumber") // as a call sends it
		for k, x := range o {
			if str, _ := x.(string); !regexp.MustCompile(pats[k]).MatchString(str) {
				t.Errorf("seed %d: %s = %q does not match %s", seed, k, str, pats[k])
			}
		}
	}
}
