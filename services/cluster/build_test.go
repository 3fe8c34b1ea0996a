package cluster

import (
	"context"
	"math"
	"testing"
)

func TestRecallCeiling(t *testing.T) {
	// A service of 24 tools cut into two 12s: recall 1/2 each; one of 3: recall 1.
	services := make([]string, 0, 27)
	for range 24 {
		services = append(services, "big")
	}
	services = append(services, "s", "s", "s")
	want := (24*0.5 + 3*1.0) / 27
	if got := recallCeiling(services, 12); math.Abs(got-want) > 1e-9 {
		t.Fatalf("ceiling %.4f, want %.4f", got, want)
	}
}

func TestBuildAndEvaluateHandwritten(t *testing.T) {
	c, err := LoadCorpus(context.Background(), []string{"testdata/handwritten.jsonl"}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	k, err := Build(context.Background(), c, Options{Blind: true})
	if err != nil {
		t.Fatal(err)
	}
	ev := k.Evaluate()
	if ev.VsService.BCubedPrecision != 1 || ev.VsService.BCubedRecall != 1 || ev.Coverage != 1 {
		t.Fatalf("evaluation %+v", ev)
	}
	if ev.RandomVsService.BCubedPrecision >= 1 {
		t.Fatalf("random clusters scored perfect precision: %+v", ev.RandomVsService)
	}
	// The baseline clusters the same tools, within its size bound.
	m := BaselineKMeans(c, 4, 1)
	sizes := map[int]int{}
	for _, x := range m {
		sizes[x]++
	}
	for _, n := range sizes {
		if n > 4 {
			t.Fatalf("baseline cluster of %d", n)
		}
	}
}
