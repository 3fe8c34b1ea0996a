package clustering

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/importer"
)

func load(t testing.TB, path string) []*corpus.Tool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var tools []*corpus.Tool
	if _, err := importer.Import(context.Background(), f, importer.Options{Name: path}, func(tl *corpus.Tool) error {
		tools = append(tools, tl)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return tools
}

// The hand-written corpus has three services of four tools whose right
// clusters and edges are known.
func TestHandwrittenCorpusClustersAndEdges(t *testing.T) {
	tools := load(t, "../../testdata/handwritten.jsonl")
	for _, blind := range []bool{false, true} {
		res, err := Build(context.Background(), tools, Options{Blind: blind})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		edges := map[string]bool{}
		for _, c := range res.Clusters {
			var names []string
			for _, ti := range c.Tools {
				names = append(names, tools[ti].Name)
			}
			sort.Strings(names)
			got = append(got, strings.Join(names, ","))
			for _, e := range c.Edges {
				edges[tools[e.From].Name+"."+e.FromField+"->"+tools[e.To].Name+"("+e.ToParam+")"] = true
			}
			if c.Domain == "" || c.DomainSource != DomainFromCorpus {
				t.Errorf("cluster %v: domain %q from %v", names, c.Domain, c.DomainSource)
			}
		}
		sort.Strings(got)
		want := []string{
			"create_folder,list_files,read_file,share_file",
			"current_weather,find_city,weather_alerts,weather_forecast",
			"get_order,get_user,list_orders,refund_order",
		}
		if !slices.Equal(got, want) {
			t.Errorf("blind=%v: clusters\n%s\nwant\n%s", blind, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, e := range []string{
			"get_user.$.user_id->list_orders(user_id)",
			"list_orders.$.orders[*].order_id->get_order(order_id)",
			"find_city.$.city->current_weather(city)",
			"list_files.$.files[*].id->read_file(file_id)",
		} {
			if !edges[e] {
				t.Errorf("blind=%v: missing edge %s", blind, e)
			}
		}
	}
}

func TestDomainFromTaxonomyWithoutLabels(t *testing.T) {
	tools := load(t, "../../testdata/handwritten.jsonl")
	for _, tl := range tools {
		tl.Domain, tl.Service = "", ""
	}
	res, err := Build(context.Background(), tools, Options{})
	if err != nil {
		t.Fatal(err)
	}
	domains := map[string]bool{}
	for _, c := range res.Clusters {
		if c.DomainSource != DomainFromTaxonomy {
			t.Errorf("domain source %v, want taxonomy", c.DomainSource)
		}
		domains[c.Domain] = true
	}
	if !domains["weather"] {
		t.Errorf("taxonomy domains %v lack weather", domains)
	}
}

func TestOptionsValidate(t *testing.T) {
	cases := []struct {
		opt   Options
		field string
	}{
		{Options{MinSize: 5, MaxSize: 4}, "min_size"},
		{Options{MaxSize: -1}, "max_size"},
		{Options{MinEdgeScore: 2}, "min_edge_score"},
		{Options{}, ""},
	}
	for _, c := range cases {
		if field, _ := c.opt.Validate(); field != c.field {
			t.Errorf("%+v: field %q, want %q", c.opt, field, c.field)
		}
	}
}

// The shared BFCL corpus, blind: each cluster should mostly hold one service.
func TestBFCLBlind(t *testing.T) {
	const path = "/work/shared/corpora/bfcl_multiturn.jsonl"
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared corpora not present")
	}
	tools := load(t, path)
	res, err := Build(context.Background(), tools, Options{Blind: true})
	if err != nil {
		t.Fatal(err)
	}
	agree, total := 0, 0
	for _, c := range res.Clusters {
		count := map[string]int{}
		best := 0
		for _, ti := range c.Tools {
			count[tools[ti].Service]++
			best = max(best, count[tools[ti].Service])
		}
		agree += best
		total += len(c.Tools)
		if len(c.Tools) < 3 || len(c.Tools) > 12 {
			t.Errorf("cluster of %d tools", len(c.Tools))
		}
	}
	if purity := float64(agree) / float64(total); purity < 0.6 {
		t.Errorf("blind purity %.2f", purity)
	}
}

// BenchmarkBuildBFCL measures the whole pipeline on the shared BFCL corpus
// replicated 20 times (3,240 tools); the 30k/100k runs live in bench/cluster.
func BenchmarkBuildBFCL(b *testing.B) {
	const path = "/work/shared/corpora/bfcl_multiturn.jsonl"
	if _, err := os.Stat(path); err != nil {
		b.Skip("shared corpora not present")
	}
	base := load(b, path)
	var tools []*corpus.Tool
	for r := range 20 {
		for _, tl := range base {
			cp := *tl
			cp.Service = fmt.Sprintf("%s~%d", tl.Service, r)
			tools = append(tools, &cp)
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := Build(context.Background(), tools, Options{Blind: true}); err != nil {
			b.Fatal(err)
		}
	}
}
