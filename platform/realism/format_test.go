package realism

import "testing"

func TestFormatOf(t *testing.T) {
	for _, c := range []struct {
		p         param
		format    string // "" when none is named
		good, bad []string
	}{
		{param{name: "email"}, "email", []string{"jane.doe@example.com"}, []string{"Jane Doe", "user_12@", "jane@localhost"}},
		{param{name: "contactEmail"}, "email", []string{"a.b@c.io"}, []string{"release_486"}},
		{param{name: "email_subject"}, "", nil, nil},
		{param{name: "when", format: "date"}, "date", []string{"2024-02-29"}, []string{"2023-02-29", "tomorrow", "29/02/2024"}},
		{param{name: "at", format: "date-time"}, "date-time", []string{"2024-05-01T09:30:00Z", "2024-05-01T09:30:00"}, []string{"2024-05-01", "release_486"}},
		{param{name: "dob"}, "date", []string{"1987-06-14", "June 14, 1987", "14/06/1987"}, []string{"release_486", "832"}},
		{param{name: "date_format"}, "", nil, nil},
		{param{name: "day", description: "Day in YYYY-MM-DD format"}, "layout YYYY-MM-DD", []string{"2024-05-01"}, []string{"05/01/2024", "May 1"}},
		{param{name: "origin", description: "Origin airport IATA code"}, "IATA airport code", []string{"JFK"}, []string{"New York", "jfk"}},
		{param{name: "carrier", description: "The IATA airline code"}, "IATA airline code", []string{"BA", "U2"}, []string{"British Airways"}},
		{param{name: "currency_code"}, "ISO 4217 currency code", []string{"EUR", "JPY"}, []string{"Euro", "eur", "XYZ"}},
		{param{name: "country", description: "ISO 3166 alpha-2 country code"}, "ISO 3166 country code", []string{"FR", "DE"}, []string{"France", "QQ"}},
		{param{name: "locale"}, "language tag", []string{"en-US", "pt"}, []string{"Portuguese language"}},
		{param{name: "symbol", description: "The stock ticker"}, "ticker symbol", []string{"AAPL", "BRK.B"}, []string{"launch_678", "Apple Inc"}},
		{param{name: "color", description: "Hex colour of the label"}, "hex colour", []string{"#1a2b3c", "#FFF", "1a2b3c"}, []string{"red", "832"}},
		{param{name: "lat"}, "latitude", []string{"48.8566", "-33.9"}, []string{"91", "north"}},
		{param{name: "lng"}, "longitude", []string{"2.3522", "-179.5"}, []string{"190"}},
		{param{name: "website"}, "uri", []string{"https://acme.example.com/about"}, []string{"acme dot com", "/relative/path"}},
		{param{name: "request_id", format: "uuid"}, "uuid", []string{"3f2b8c1e-9a4d-4e7b-8f61-2c5d9e0a7b13"}, []string{"id_12345"}},
		{param{name: "code", pattern: "^[A-Z]{2}-[0-9]{4}$"}, "pattern", []string{"AB-1234"}, []string{"ab-1234"}},
		{param{name: "zipcode"}, "postal code", []string{"94103", "SW1A 1AA", "75008"}, []string{"migration_652", "Melbourne"}},
		{param{name: "phone"}, "phone number", []string{"+1 415 555 0134", "020 7946 0958"}, []string{"call me"}},
		{param{name: "start_time"}, "time", []string{"09:30", "3pm", "2024-05-01T09:30:00Z", "1733472000"}, []string{"morning_4", "20"}},
		{param{name: "phone_country_code"}, "", nil, nil},
		{param{name: "auth_phone_number_hash"}, "", nil, nil},
		{param{name: "since", description: "Only after this time (YYYY-MM-DDTHH:MM)."}, "layout YYYY-MM-DDTHH:MM", []string{"2024-11-30T13:00", "2024-11-30T13:00:00Z"}, []string{"2024-11-30", "13:00"}},
		{param{name: "city"}, "", nil, nil},
		{param{name: "limit"}, "", nil, nil},
	} {
		f, ok := formatOf(c.p)
		if !ok {
			if c.format != "" {
				t.Errorf("%+v: no format, want %s", c.p, c.format)
			}
			continue
		}
		if f.name != c.format {
			t.Errorf("%+v: format %q, want %q", c.p, f.name, c.format)
			continue
		}
		for _, v := range c.good {
			if !f.check(v) {
				t.Errorf("%s rejects %q", f.name, v)
			}
		}
		for _, v := range c.bad {
			if f.check(v) {
				t.Errorf("%s accepts %q", f.name, v)
			}
		}
	}
}
