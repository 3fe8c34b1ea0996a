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

// A schedule is work people do, in date order: done items come first, one
// is under way, the rest are planned; no generator's verb and noun.
func TestSchedulesListRealTasksInOrder(t *testing.T) {
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "schedule"))
		body := v.FileBody("/home/ana/work/q3_schedule.csv")
		lines := strings.Split(strings.TrimSpace(body), "\n")
		if lines[0] != "date,task,owner,status" {
			t.Fatalf("seed %d: header %q", seed, lines[0])
		}
		var days, states []string
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			if len(f) != 4 {
				t.Fatalf("seed %d: row %q", seed, l)
			}
			days, states = append(days, f[0]), append(states, f[3])
			if first := strings.Fields(f[1])[0]; strings.ToLower(first[:1]) == first[:1] {
				t.Fatalf("seed %d: task %q", seed, f[1])
			}
		}
		if !sort.StringsAreSorted(days) {
			t.Fatalf("seed %d: dates out of order: %v", seed, days)
		}
		rank := map[string]int{"done": 0, "in progress": 1, "planned": 2}
		if !sort.SliceIsSorted(states, func(i, j int) bool { return rank[states[i]] < rank[states[j]] }) || strings.Count(strings.Join(states, ","), "in progress") != 1 {
			t.Fatalf("seed %d: states %v", seed, states)
		}
	}
}

// A sheet of figures names what each figure measures, once each, not a
// random noun ("eye,332").
func TestSheetsNameTheirFigures(t *testing.T) {
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "sheet"))
		body := v.FileBody("/home/ana/work/final_draft.csv")
		lines := strings.Split(strings.TrimSpace(body), "\n")
		if lines[0] != "metric,value,updated" {
			t.Fatalf("seed %d: header %q", seed, lines[0])
		}
		seen := map[string]bool{}
		for _, l := range lines[1:] {
			name := strings.Split(l, ",")[0]
			if seen[name] || !strings.Contains(name, " ") && name != "returns" && name != "headcount" {
				t.Fatalf("seed %d: row %q", seed, l)
			}
			seen[name] = true
		}
	}
}
