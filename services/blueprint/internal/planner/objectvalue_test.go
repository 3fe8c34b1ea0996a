package planner_test

import (
	"regexp"
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// A value whose noun is the request's own object is said where the object
// is: a name names it ("get the asset roof-1"), a value of a mass noun
// says which part ("delete screenshot data, only the image data") — never
// "an asset for asset roof-1" or "screenshot data for data image", where
// the value reads as the thing itself.
func TestAValueOfTheObjectIsSaidAsTheObject(t *testing.T) {
	for _, tc := range []struct {
		name, tool, description, schema string
		said                            *regexp.Regexp
	}{{
		name: "named", tool: "get_asset", description: "Get an asset.",
		schema: `{"type":"object","properties":{"asset":{"type":"string","description":"Asset to fetch"},"domain":{"type":"string","description":"Domain of the asset"}},"required":["asset","domain"]}`,
		said:   regexp.MustCompile(`\bthe asset \S+`),
	}, {
		name: "a part", tool: "DeleteScreenshot", description: "Delete screenshot data \nYou can delete details of your screenshots to remove any confidential information.",
		schema: `{"type":"object","properties":{"id":{"type":"integer","description":"screenshot ID"},"data":{"type":"string","default":"image","description":"data to remove. You can specify multiple of them (separated by a ,): *image* (image files), *url* (url requested), *metadata* (time added, time finished)"}},"required":["id","data"]}`,
		said:   regexp.MustCompile(`\bdata, only the .+ data\b`),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clusterv1.Cluster{Id: "cl_obj", Domain: "d", Tools: []*toolv1.Tool{
				{Id: "t_" + tc.tool, Name: tc.tool, Service: "s", Domain: "d", Description: tc.description, InputSchemaJson: tc.schema},
			}}
			never := regexp.MustCompile(`\b(asset|data) (for|using|with|—|\() ?(asset|data) `)
			said := 0
			for seed := range int64(30) {
				bp := multiIntentDraft(t, c, seed)
				if bp == nil {
					continue
				}
				for _, in := range bp.GetIntents() {
					in = strings.ToLower(in)
					if never.MatchString(in) {
						t.Fatalf("seed %d: request %q says %q", seed, in, never.FindString(in))
					}
					if tc.said.MatchString(in) {
						said++
					}
				}
			}
			if said == 0 {
				t.Fatalf("no request said the value as %s", tc.said)
			}
		})
	}
}
