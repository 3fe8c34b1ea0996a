package baseline

import (
	"encoding/json"
	"testing"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

func TestSplitsTopicsAndRespectsMaxSize(t *testing.T) {
	var tools []*corpus.Tool
	for i, topic := range []string{"weather forecast temperature", "invoice payment refund", "file folder upload"} {
		for j := range 6 {
			tools = append(tools, &corpus.Tool{Name: topic[:4] + string(rune('a'+j)), Description: topic, InputSchema: json.RawMessage(`{}`), Service: string(rune('A' + i))})
		}
	}
	m := BisectingKMeans(tools, 6, 1)
	size := map[int]int{}
	for i, c := range m {
		size[c]++
		if m[i-i%6] != c {
			t.Errorf("tool %d (%s) not with its topic", i, tools[i].Description)
		}
	}
	for c, n := range size {
		if n > 6 {
			t.Errorf("cluster %d has %d tools", c, n)
		}
	}
}
