// Package clusterset fetches the clusters a job's strategy targets from the
// cluster service: for tdscaling the max-coverage selection
// (SelectClusters, up to max_clusters, all clusters by default), for uniform
// every cluster of the clustering with its tool count (ListClusters), since
// the baseline samples the corpus as it is distributed.
package clusterset

import (
	"context"
	"fmt"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// ErrNoClusters is returned when the clustering holds no cluster to target.
var ErrNoClusters = fmt.Errorf("clusterset: the clustering has no clusters")

// Fetch returns the clusters of a corpus's clustering a strategy targets,
// and the tools per domain over all of them.
func Fetch(ctx context.Context, c clusterv1.ClusterServiceClient, corpusID, clusteringID string, kind evolvev1.Strategy, maxClusters int) (strategy.Pool, error) {
	all, err := list(ctx, c, corpusID, clusteringID)
	if err != nil {
		return strategy.Pool{}, err
	}
	if len(all) == 0 {
		return strategy.Pool{}, ErrNoClusters
	}
	domainTools := map[string]int{}
	for _, cl := range all {
		domainTools[cl.Domain] += max(cl.Tools, 1)
	}
	if kind == evolvev1.Strategy_STRATEGY_UNIFORM {
		if maxClusters > 0 && maxClusters < len(all) {
			all = all[:maxClusters]
		}
		return strategy.Pool{Targets: all, DomainTools: domainTools}, nil
	}
	k := len(all)
	if maxClusters > 0 {
		k = min(k, maxClusters)
	}
	resp, err := c.SelectClusters(ctx, &clusterv1.SelectClustersRequest{CorpusId: corpusID, ClusteringId: clusteringID, K: int32(k)})
	if err != nil {
		return strategy.Pool{}, fmt.Errorf("clusterset: SelectClusters: %w", err)
	}
	tools := map[string]int{}
	for _, cl := range all {
		tools[cl.ID] = cl.Tools
	}
	var out []strategy.Cluster
	for _, s := range resp.GetSelections() {
		out = append(out, strategy.Cluster{ID: s.GetClusterId(), Domain: s.GetDomain(), Tools: tools[s.GetClusterId()]})
	}
	if len(out) == 0 {
		return strategy.Pool{}, ErrNoClusters
	}
	return strategy.Pool{Targets: out, DomainTools: domainTools}, nil
}

func list(ctx context.Context, c clusterv1.ClusterServiceClient, corpusID, clusteringID string) ([]strategy.Cluster, error) {
	var out []strategy.Cluster
	token := ""
	for {
		resp, err := c.ListClusters(ctx, &clusterv1.ListClustersRequest{
			CorpusId: corpusID, ClusteringId: clusteringID, PageSize: 1000, PageToken: token, SummaryOnly: true,
		})
		if err != nil {
			return nil, fmt.Errorf("clusterset: ListClusters: %w", err)
		}
		for _, cl := range resp.GetClusters() {
			n := int(cl.GetStats().GetToolCount())
			if n == 0 {
				n = len(cl.GetTools())
			}
			out = append(out, strategy.Cluster{ID: cl.GetId(), Domain: cl.GetDomain(), Tools: n})
		}
		if token = resp.GetNextPageToken(); token == "" {
			return out, nil
		}
	}
}
