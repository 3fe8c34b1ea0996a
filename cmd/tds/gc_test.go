package main

import "testing"

func TestSuiteGCTakesTheEnvironmentsSettings(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	const gib = 1 << 30
	for _, tc := range []struct {
		name   string
		env    map[string]string
		memory int64
		want   gcSettings
	}{
		{"defaults", nil, 16 * gib, gcSettings{percent: suiteGCPercent, percentOK: true, limit: 4 * gib, limitOK: true}},
		{"small machine keeps the least limit", nil, gib, gcSettings{percent: suiteGCPercent, percentOK: true, limit: minSuiteMemoryLimit, limitOK: true}},
		{"memory unknown sets no limit", nil, 0, gcSettings{percent: suiteGCPercent, percentOK: true}},
		{"GOGC wins", map[string]string{"GOGC": "100"}, 16 * gib, gcSettings{limit: 4 * gib, limitOK: true}},
		{"GOMEMLIMIT wins", map[string]string{"GOMEMLIMIT": "1GiB"}, 16 * gib, gcSettings{percent: suiteGCPercent, percentOK: true}},
		{"both set", map[string]string{"GOGC": "off", "GOMEMLIMIT": "1GiB"}, 16 * gib, gcSettings{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := suiteGC(env(tc.env), tc.memory); got != tc.want {
				t.Fatalf("suiteGC = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestAvailableMemoryReadsTheMachine(t *testing.T) {
	if m := availableMemory(); m <= 0 {
		t.Fatalf("availableMemory = %d, want the machine's memory", m)
	}
}
