package realism

import "testing"

func TestPlaceholderShapes(t *testing.T) {
	for _, c := range []struct {
		value, shape string
	}{
		{"word_123", "word_number"},
		{"id_12345", "word_number"},
		{"field_0", "word_number"},
		{"review_launch_42", "word_number"},
		{"/data/review_13.csv", "path_of_word_number"},
		{"no username matches \"user_30325\"", "word_number"},
		{"Int", "type_name"},
		{"string", "type_name"},
		{"BOOLEAN", "type_name"},
		{"Lorem ipsum dolor sit amet", "lorem_ipsum"},
		{"foo", "test_word"},
		{"bar", "test_word"},
		{"test123", "test_word"},
		{"example", "test_word"},
		{"sample_2", "test_word"},
		{"N/A", "test_word"},
		{"Please review the audit invoice before Friday.", "review_template"},
		{"<customer name>", "bracketed"},
		{"{user_id}", "bracketed"},
		{"${API_TOKEN}", "bracketed"},
		{"YOUR_API_KEY", "your_value"},
		{"12345", "sequential_digits"},
		{"review review", "doubled_word"},
		{"Launch launch", "doubled_word"},
		{"Bora Bora", ""},
		// Real values.
		{"2024-05-01", ""},
		{"2024-05-01T09:30:00Z", ""},
		{"3f2b8c1e-9a4d-4e7b-8f61-2c5d9e0a7b13", ""},
		{"ORD-48213", ""},
		{"#W4821734", ""},
		{"jane.doe@example.com", ""},
		{"https://shop.example.org/items/42", ""},
		{"Paris", ""},
		{"The quarterly report is ready", ""},
		{"budget_2024", ""},
		{"/home/ana/reports/q3-summary.pdf", ""},
		{"priya63", ""},
		{"AAPL", ""},
		{"12", ""},
		{"test driven development", ""},
		{"user_id", ""},
		{"Barcelona", ""},
		{"54321", ""},
	} {
		if got := placeholder(c.value); got != c.shape {
			t.Errorf("placeholder(%q) = %q, want %q", c.value, got, c.shape)
		}
	}
}

func TestGenericOnly(t *testing.T) {
	for _, c := range []struct {
		output string
		want   bool
	}{
		{`{"result":"onboarding_817"}`, true},
		{`{"id":3,"name":"Nadia Moreau"}`, true},
		{`{"status":"ok","data":{"value":1,"items":[{"id":2}]}}`, true},
		{`{}`, true},
		{`{"price":182.5,"currency":"USD","as_of":"2024-05-01T16:00:00Z"}`, false},
		{`{"data":{"symbol":"AAPL"}}`, false},
		{`{"status":"shipped","tracking_number":"1Z999"}`, false},
	} {
		v, _ := decode(c.output)
		if got := genericOnly(v); got != c.want {
			t.Errorf("genericOnly(%s) = %v, want %v", c.output, got, c.want)
		}
	}
}

func TestEchoesName(t *testing.T) {
	for _, c := range []struct {
		value string
		path  []string
		tool  string
		want  bool
	}{
		{"default option", []string{"option"}, "displayCarStatus", true},
		{"main statu", []string{"doorStatus", "passenger"}, "displayCarStatus", true},
		{"secondary season", []string{"season"}, "GamesBySeason", true},
		{"primary devices", []string{"device"}, "list", true},
		{"personal memory", []string{"value"}, "core_memory_retrieve", true},
		{"New York", []string{"city"}, "get_weather", false},
		{"Main Street", []string{"address"}, "geocode", false},
		{"team admin", []string{"role"}, "set_role", false},
		{"premium", []string{"plan"}, "get_plan", false},
		{"Raleigh", []string{"destination"}, "set_navigation", false},
	} {
		if got := echoesName(c.value, c.path, c.tool); got != c.want {
			t.Errorf("echoesName(%q, %v, %s) = %v, want %v", c.value, c.path, c.tool, got, c.want)
		}
	}
}
