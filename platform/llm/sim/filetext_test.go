package sim_test

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A log file is one day's log: one date, times in order, and numbers that
// fit what they count (a hit ratio is at most 100 %, a retry a small count).
func TestLogFilesReadAsLogs(t *testing.T) {
	line := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) +[A-Z]+ +(.*)$`)
	ratio := regexp.MustCompile(`cache hit ratio (\d+)%`)
	attempt := regexp.MustCompile(`attempt (\d+)`)
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "log"))
		body := v.FileBody("/var/log/app/service.log")
		var days, times []string
		for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
			m := line.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("seed %d: %q is not a log line", seed, l)
			}
			days, times = append(days, m[1]), append(times, m[2])
			if r := ratio.FindStringSubmatch(m[3]); r != nil {
				if n, _ := strconv.Atoi(r[1]); n > 100 {
					t.Fatalf("seed %d: %q", seed, l)
				}
			}
			if a := attempt.FindStringSubmatch(m[3]); a != nil {
				if n, _ := strconv.Atoi(a[1]); n > 10 {
					t.Fatalf("seed %d: %q", seed, l)
				}
			}
		}
		for _, d := range days {
			if d != days[0] {
				t.Fatalf("seed %d: a log of several days out of order:\n%s", seed, body)
			}
		}
		if !sort.StringsAreSorted(times) {
			t.Fatalf("seed %d: times out of order:\n%s", seed, body)
		}
	}
}
