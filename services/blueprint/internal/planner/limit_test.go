package planner_test

import (
	"regexp"
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// A cap on how many results come back is said as people say it — "at most
// 5 campaigns", "20 results per page", "skipping the first 50" — never by
// the parameter's name ("using max 5", "max results 10", "page size 20",
// "offset 50", "start 25"), and without the noun
// where the request names the things already ("go over the distributions,
// at most 10"); a "max" that is no cap (a highest price) keeps its noun.
func TestCapsOnResultsReadAsPeopleSayThem(t *testing.T) {
	for _, tc := range []struct {
		name, tool, description, schema string
		never                           *regexp.Regexp
		said                            *regexp.Regexp
	}{{
		name: "max", tool: "search_project_campaign", description: "Search API for 'Campaign' entry type",
		schema: `{"type":"object","properties":{"name":{"type":"string","description":"Search name"},"max":{"type":"integer","description":"Max number of results"}},"required":["name","max"]}`,
		never:  regexp.MustCompile(`\bmax \d`),
		said:   regexp.MustCompile(`\b(at most|up to|no more than) \d+ results\b`),
	}, {
		name: "max results as text", tool: "ListBackupJobs", description: "Returns a list of backup jobs.",
		schema: `{"type":"object","properties":{"MaxResults":{"type":"string","description":"Pagination limit"},"ByState":{"type":"string","description":"Returns only backup jobs in this state."}},"required":["MaxResults","ByState"]}`,
		never:  regexp.MustCompile(`(?i)\bmax results \d`),
		said:   regexp.MustCompile(`\b(at most|up to|no more than) \d+ results\b`),
	}, {
		name: "named in the description", tool: "list_distributions", description: "List the distributions.",
		schema: `{"type":"object","properties":{"MaxRecords":{"type":"integer","description":"The maximum number of distributions you want in the response body."},"Marker":{"type":"string","description":"Where the list starts"}},"required":["MaxRecords"]}`,
		never:  regexp.MustCompile(`(?i)\bmax records \d`),
		said:   regexp.MustCompile(`distributions\b.*\b(at most|up to|no more than) \d+\b`),
	}, {
		name: "page size", tool: "list_assignments", description: "List assignments.",
		schema: `{"type":"object","properties":{"page_size":{"type":"integer","description":"number of results in each page"},"project":{"type":"string","description":"Project name"}},"required":["page_size","project"]}`,
		never:  regexp.MustCompile(`\bpage size \d`),
		said:   regexp.MustCompile(`\b\d+ results (per|a) page\b`),
	}, {
		name: "in a body", tool: "ListDirectories", description: "Lists directories created within an account.",
		schema: `{"type":"object","properties":{"body":{"type":"object","properties":{"MaxResults":{"type":"integer","minimum":1,"maximum":50,"description":"The maximum number of results to retrieve."},"state":{"type":"string","enum":["ENABLED","DISABLED","DELETED"],"description":"The state of the directories in the list."}},"required":["MaxResults","state"]}},"required":["body"]}`,
		never:  regexp.MustCompile(`(?i)\bmax results \d`),
		said:   regexp.MustCompile(`\b(at most|up to|no more than) \d+ results\b`),
	}, {
		name: "an offset", tool: "list_texts", description: "Look up texts.",
		schema: `{"type":"object","properties":{"offset":{"type":"integer","minimum":1,"description":"Number of records to skip"},"limit":{"type":"integer","description":"Number of records to return"},"campaign_id":{"type":"integer","description":"Campaign ID"}},"required":["offset","limit","campaign_id"]}`,
		never:  regexp.MustCompile(`\b(offset|limit) \d`),
		said:   regexp.MustCompile(`\b(at most|up to|no more than) \d+ records, skipping the first \d+\b`),
	}, {
		name: "a start index", tool: "get_content", description: "Returns all content in a space.",
		schema: `{"type":"object","properties":{"start":{"type":"integer","minimum":1,"description":"The starting index of the returned content."},"spaceKey":{"type":"string","description":"Space key"}},"required":["start","spaceKey"]}`,
		never:  regexp.MustCompile(`\bstart \d`),
		said:   regexp.MustCompile(`\bskipping the first \d+\b`),
	}, {
		name: "a highest price is no cap", tool: "search_hotels", description: "Search hotels in a city.",
		schema: `{"type":"object","properties":{"city":{"type":"string","description":"City name"},"max":{"type":"integer","description":"Highest nightly price in dollars"}},"required":["city","max"]}`,
		never:  regexp.MustCompile(`\b(at most|up to|no more than) \d+ results\b`),
		said:   regexp.MustCompile(`\bmax \d`),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clusterv1.Cluster{Id: "cl_cap", Domain: "search", Tools: []*toolv1.Tool{
				{Id: "t_" + tc.tool, Name: tc.tool, Service: "s", Domain: "search", Description: tc.description, InputSchemaJson: tc.schema},
			}}
			said := 0
			for seed := range int64(30) {
				bp := multiIntentDraft(t, c, seed)
				if bp == nil {
					continue
				}
				for _, in := range bp.GetIntents() {
					in = strings.ToLower(in)
					if tc.never.MatchString(in) {
						t.Fatalf("seed %d: request %q says %q", seed, in, tc.never.FindString(in))
					}
					if tc.said.MatchString(in) {
						said++
					}
				}
			}
			if said == 0 {
				t.Fatalf("no request said the cap as %s", tc.said)
			}
		})
	}
}
