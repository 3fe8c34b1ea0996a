// Command blueprint measures the blueprint service side by side with a
// baseline: blueprints per second drafted by the sim planner through the
// service's handler (catalog, plan, full validation) next to validation
// alone, and the LLM client's cost per call against an instant in-process
// OpenAI-compatible server next to a bare net/http POST and JSON decode.
//
//	go run ./bench/blueprint [--duration 3s] [--workers N]
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/services/blueprint"
)

//go:embed shop.json
var shopJSON []byte

func main() {
	dur := flag.Duration("duration", 3*time.Second, "how long each measurement runs")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "goroutines for the parallel measurements")
	flag.Parse()
	if err := run(*dur, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "bench/blueprint:", err)
		os.Exit(1)
	}
}

// measure runs fn from workers goroutines for d and returns calls per second.
func measure(d time.Duration, workers int, fn func(i int64) error) (float64, error) {
	var n atomic.Int64
	var firstErr error
	var once sync.Once
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if err := fn(n.Add(1)); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds(), firstErr
}

func run(d time.Duration, workers int) error {
	var shop clusterv1.Cluster
	if err := protojson.Unmarshal(shopJSON, &shop); err != nil {
		return err
	}
	svc, closeFn, err := blueprint.NewLocal(blueprint.LocalOptions{})
	if err != nil {
		return err
	}
	defer closeFn()
	ctx := context.Background()
	P := func(ps ...blueprintv1.ReasoningPrimitive) []blueprintv1.ReasoningPrimitive { return ps }
	targets := []struct {
		name string
		t    *blueprintv1.Target
	}{
		{"chain", &blueprintv1.Target{Primitives: P(1)}},
		{"composed(6 primitives, complexity 8)", &blueprintv1.Target{Primitives: P(1, 2, 4, 5, 8, 9), Complexity: 8}},
	}
	fmt.Printf("machine: %s/%s, GOMAXPROCS %d, %d workers for parallel runs, %s per measurement\n\n", runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), workers, d)
	fmt.Println("sim planner, blueprints/s (DraftBlueprint handler in-process: catalog + plan + validation)")
	for _, tg := range targets {
		draft := func(i int64) error {
			_, err := svc.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: &shop}, Target: tg.t, Seed: i})
			return err
		}
		one, err := measure(d, 1, draft)
		if err != nil {
			return err
		}
		par, err := measure(d, workers, draft)
		if err != nil {
			return err
		}
		resp, err := svc.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: &shop}, Target: tg.t, Seed: 1})
		if err != nil {
			return err
		}
		bp := resp.GetBlueprint()
		val, err := measure(d, 1, func(int64) error {
			_, err := svc.ValidateBlueprint(ctx, &blueprintv1.ValidateBlueprintRequest{Blueprint: bp, Cluster: &shop})
			return err
		})
		if err != nil {
			return err
		}
		fmt.Printf("  %-38s %8.0f/s on 1 goroutine  %8.0f/s on %d   (baseline, ValidateBlueprint alone: %8.0f/s; %d calls per plan)\n", tg.name, one, par, workers, val, len(bp.GetCalls()))
	}

	fmt.Println("\nLLM client against an instant in-process OpenAI-compatible server, µs per call")
	srv := llmtest.Start()
	defer srv.Close()
	client, err := llm.New(llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "bench", MaxConcurrency: 64}, llm.Options{})
	if err != nil {
		return err
	}
	client = client.WithBudget(llm.NewBudget(0, 0))
	req := llm.ChatRequest{Messages: []llm.Message{{Role: "user", Content: "plan a trip"}}}
	body, _ := json.Marshal(llm.ChatRequest{Model: "bench", Messages: req.Messages})
	bare := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	bareCall := func(int64) error {
		resp, err := bare.Post(srv.URL+"/chat/completions", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		var out llm.ChatResponse
		return json.Unmarshal(raw, &out)
	}
	clientCall := func(int64) error {
		_, err := client.Complete(ctx, req)
		return err
	}
	cacheDir, err := os.MkdirTemp("", "tds-bench-llm-cache-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(cacheDir)
	cache, err := llm.NewCache(cacheDir)
	if err != nil {
		return err
	}
	cached, _ := llm.New(llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "bench"}, llm.Options{Cache: cache})
	if _, err := cached.Complete(ctx, req); err != nil {
		return err
	}
	cachedCall := func(int64) error {
		_, err := cached.Complete(ctx, req)
		return err
	}
	for _, w := range []int{1, workers} {
		b, err := measure(d, w, bareCall)
		if err != nil {
			return err
		}
		c, err := measure(d, w, clientCall)
		if err != nil {
			return err
		}
		h, err := measure(d, w, cachedCall)
		if err != nil {
			return err
		}
		us := func(rate float64) float64 { return float64(w) * 1e6 / rate }
		fmt.Printf("  %d goroutine(s): bare net/http + decode %7.1f µs   llm.Client %7.1f µs   overhead %+6.1f µs/call   cache hit %6.1f µs\n",
			w, us(b), us(c), us(c)-us(b), us(h))
	}
	fmt.Printf("  server saw %d calls; the client's limiter ended at %.0f of %d\n", srv.Calls(), client.Limiter().Stats().Limit, client.Limiter().Stats().Max)
	return nil
}
