package sim

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A name that ends in a part of an address or a contact is that part,
// whoever's it is: a company's billing city is a city, not a company.
func TestAddressPartsOfNamedOwners(t *testing.T) {
	str := map[string]any{"type": "string"}
	for name, want := range map[string]kind{
		"CompanyBillingAddressCity":        kCity,
		"CompanyBillingAddressPostCode":    kZip,
		"CompanyBillingAddressCountryCode": kCountry,
		"CompanyBillingAddressState":       kState,
		"companyEmail":                     kEmail,
		"vendor_phone":                     kPhone,
	} {
		if f := classify(name, str, "", false, ""); f.kind != want {
			t.Errorf("%s: read as %q, want %q", name, f.kind, want)
		}
	}
	v := NewValues(seedrand.New(3, "address parts"))
	if got, _ := v.For(nil, str, "CompanyBillingAddressPostCode").(string); !strings.ContainsAny(got, "0123456789") {
		t.Errorf("a postcode without digits: %q", got)
	}
}

// A number whose name ends in an id or a foreign key is an id, though the
// words before it speak of times ("UpdatedByUserIDFK" was 1786829219).
func TestIDNumbersAreIDsWhateverComesBefore(t *testing.T) {
	for _, name := range []string{"UpdatedByUserIDFK", "TimeSheetCategoryIDFK", "created_by_id", "lastUpdatedId"} {
		if f := classify(name, map[string]any{"type": "integer"}, "", true, ""); f.kind != kNumID {
			t.Errorf("%s: read as %q", name, f.kind)
		}
	}
}
