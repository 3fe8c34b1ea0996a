package sim_test

import (
	"regexp"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A domain name is a host's name in DNS, a service's host under its
// organisation's domain ("api.roadify-transit.com"), whatever words come
// before "domain" in the field's name; a domain whose pattern allows no dot
// is the service's own name for it, a slug.
func TestDomainNamesAreHostNames(t *testing.T) {
	host := regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*){2,}$`)
	slug := regexp.MustCompile(`^[a-z][a-z0-9-]+$`)
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "domains"))
		v.Subject("UpdateDomainName", "Changes information about the DomainName resource.")
		for name, desc := range map[string]string{
			"ApiGatewayDomainName": "A domain name for the API.",
			"domainName":           "The domain name.",
			"domain_name":          "[Required] The name of the <a>DomainName</a> resource.",
		} {
			s := map[string]any{"type": "string", "description": desc}
			if got, _ := v.For(s, s, name).(string); !host.MatchString(got) {
				t.Errorf("seed %d: %s = %q, not a host's name", seed, name, got)
			}
		}
		s := map[string]any{"type": "string", "maxLength": 28, "pattern": `[a-z][a-z0-9\-]+`, "description": "A string that represents the name of a domain."}
		if got, _ := v.For(s, s, "DomainName").(string); !slug.MatchString(got) {
			t.Errorf("seed %d: search domain %q is not a slug", seed, got)
		}
	}
}
