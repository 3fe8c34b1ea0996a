package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/services/cluster"
)

// corpusClusters runs the cluster service in this process (a real gRPC
// server on loopback), imports a corpus file, builds its clusters and
// returns those with at least two tools.
func corpusClusters(ctx context.Context, path string) ([]*clusterv1.Cluster, error) {
	dir, err := os.MkdirTemp("", "bench-agent-clusters-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	svc := cluster.New()
	fs := flag.NewFlagSet("cluster", flag.ContinueOnError)
	svc.RegisterFlags(fs)
	if err := fs.Parse([]string{"--data_dir", dir}); err != nil {
		return nil, err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx, app.Env{Logger: slog.New(slog.DiscardHandler), Listener: lis}) }()
	defer func() { cancel(); <-done }()
	conn, err := grpcclient.Dial(lis.Addr().String(), grpcclient.Config{})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	c := clusterv1.NewClusterServiceClient(conn)
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if _, err := c.ListCorpora(ctx, &clusterv1.ListCorporaRequest{}); err == nil {
			break
		} else if time.Since(start) > 10*time.Second {
			return nil, fmt.Errorf("cluster service did not come up: %w", err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	stream, err := c.ImportTools(ctx)
	if err != nil {
		return nil, err
	}
	if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Header{Header: &clusterv1.ImportHeader{
		CorpusName: filepath.Base(path), Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL, Source: filepath.Base(path),
	}}}); err != nil {
		return nil, err
	}
	buf := make([]byte, 1<<20)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Chunk{Chunk: append([]byte(nil), buf[:n]...)}}); err != nil {
				return nil, err
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	imp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, err
	}
	corpusID := imp.GetCorpus().GetId()
	if _, err := c.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: corpusID}); err != nil {
		return nil, err
	}
	var out []*clusterv1.Cluster
	token := ""
	for {
		resp, err := c.ListClusters(ctx, &clusterv1.ListClustersRequest{CorpusId: corpusID, PageSize: 100, PageToken: token})
		if err != nil {
			return nil, err
		}
		for _, cl := range resp.GetClusters() {
			if len(cl.GetTools()) >= 2 {
				out = append(out, cl)
			}
		}
		if token = resp.GetNextPageToken(); token == "" {
			return out, nil
		}
	}
}
