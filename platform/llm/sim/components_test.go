package sim

import (
	"regexp"
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

// A street's name is a street, a VAT rate a rate countries levy, and a
// value the description says to set is that value.
func TestStreetsVATAndStatedValues(t *testing.T) {
	for seed := range int64(20) {
		v := NewValues(seedrand.New(seed, "streets"))
		if got, _ := v.For(nil, map[string]any{"type": "string"}, "street_name").(string); !strings.ContainsAny(got, "0123456789") && !strings.Contains(got, " ") {
			t.Errorf("seed %d: street_name %q", seed, got)
		}
		if f := classify("street_name", map[string]any{"type": "string"}, "", false, ""); f.kind != kStreet {
			t.Errorf("street_name read as %q", f.kind)
		}
		if x, _ := v.For(nil, map[string]any{"type": "integer"}, "vat_percent").(int64); x < 0 || x > 27 {
			t.Errorf("seed %d: vat_percent %d", seed, x)
		}
		ack := map[string]any{"type": "string", "description": "Set this parameter to **[accepted]** to acknowledge that you received a notification from Adyen."}
		if got, _ := v.For(nil, ack, "notificationResponse").(string); got != "accepted" {
			t.Errorf("seed %d: notificationResponse %q", seed, got)
		}
	}
}

// A user's id is an id, not another user's handle; a memory's keys say
// what they hold; a card's security code has three digits.
func TestUserIDsMemoryKeysAndSecurityCodes(t *testing.T) {
	handle := regexp.MustCompile(`^[a-z]+(?:\.[a-z]+|\d{2}|_[a-z])?$`)
	snake := regexp.MustCompile(`^[a-z]+(?:_[a-z]+)+$`)
	for seed := range int64(30) {
		v := NewValues(seedrand.New(seed, "user ids"))
		v.Subject("archival_memory_add", "Add a key and value to the archival memory")
		if id, _ := v.For(nil, map[string]any{"type": "string"}, "user_id").(string); handle.MatchString(id) {
			t.Errorf("seed %d: user_id %q is a handle", seed, id)
		}
		if k, _ := v.For(nil, map[string]any{"type": "string"}, "key").(string); !snake.MatchString(k) {
			t.Errorf("seed %d: memory key %q", seed, k)
		}
		if c, _ := v.For(nil, map[string]any{"type": "integer"}, "card_verification_number").(int64); c < 100 || c > 999 {
			t.Errorf("seed %d: card_verification_number %d", seed, c)
		}
	}
}

// Who a task is assigned to is a person, not the end of a trip; "no"
// before other words is "without", not a number.
func TestAssigneesAndWithoutWords(t *testing.T) {
	str := map[string]any{"type": "string"}
	for name, want := range map[string]kind{"AssignedToFirstname": kFirstName, "AssignedToLastname": kLastName, "to_city": kCity} {
		if f := classify(name, str, "", false, ""); f.kind != want {
			t.Errorf("%s: read as %q, want %q", name, f.kind, want)
		}
	}
	if f := classify("AssignedToUserIDFK", str, "", false, ""); f.kind == kCity {
		t.Errorf("AssignedToUserIDFK read as a city")
	}
	if f := classify("DescriptionNoHTML", str, "", false, ""); f.kind == kID {
		t.Errorf("DescriptionNoHTML read as an id")
	}
	if f := classify("invoice_no", str, "", false, ""); f.kind != kID {
		t.Errorf("invoice_no read as %q", f.kind)
	}
}

// A handle made longer to meet a minimum length grows by digits, not by
// words tacked on ("apadilla hand group eye ").
func TestShortTokensGrowByDigits(t *testing.T) {
	s := map[string]any{"type": "string", "minLength": 20, "maxLength": 24}
	for seed := range int64(20) {
		v := NewValues(seedrand.New(seed, "lengths"))
		got, _ := v.For(nil, s, "escalated_by").(string)
		if strings.Contains(got, " ") || len(got) < 20 || len(got) > 24 {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}
