package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
)

const corporaUsage = `tds corpora — the tool corpora of a running suite (tds up).

Usage:
  tds corpora list                      the token's corpora and shared ones
  tds corpora upload FILE... [--shared] [--name NAME]
                                        upload files into one new corpus of the token's
  tds corpora share ID [--unshare] [--cluster ADDR]
                                        let every token use a corpus (or only its owner
                                        again): its owner, or an operator whose token is
                                        among the cluster service's --cluster.auth.peer_tokens

Every subcommand takes --server ADDR (default the gateway of tds up,
` + gateway.DefaultListen + `) and --token TOKEN (or TDS_TOKEN). A job names an
uploaded corpus with its id (CreateJob's spec.corpus.corpus_id).
`

func corporaCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return dispatch(ctx, "corpora", corporaUsage, []subcommand{
		{"list", corporaList},
		{"upload", corporaUpload},
		{"share", corporaShare},
	}, args, stdout, stderr)
}

func corporaList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "tds corpora list"
	srv, _, code := clientCommand(name, corporaUsage, args, stderr, nil)
	if code >= 0 {
		return code
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail(name, err, stderr)
	}
	defer conn.Close()
	resp, err := c.ListCorpora(ctx, &jobv1.ListCorporaRequest{})
	if err != nil {
		return clientFail(name, err, stderr)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tTOOLS\tSERVICES\tSHARED\tLICENCES")
	for _, cp := range resp.GetCorpora() {
		shared := ""
		if cp.GetShared() {
			shared = "shared"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", cp.GetId(), cp.GetName(), cp.GetToolCount(), cp.GetServiceCount(), shared, strings.Join(cp.GetLicenses(), ", "))
	}
	_ = tw.Flush()
	return 0
}

func corporaUpload(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "tds corpora upload"
	var shared bool
	var corpusName string
	srv, files, code := clientCommand(name, corporaUsage, args, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&shared, "shared", false, "let every token use the new corpus")
		fs.StringVar(&corpusName, "name", "", "the new corpus's name (default: the first file's name)")
	})
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "%s: give the corpus file(s) to upload\n", name)
		return 2
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail(name, err, stderr)
	}
	defer conn.Close()
	var last *jobv1.UploadCorpusResponse
	for i, f := range files {
		hdr := &jobv1.UploadHeader{Name: filepath.Base(f)}
		if i == 0 {
			hdr.Shared = shared
			if corpusName != "" {
				hdr.Name = corpusName
			}
		} else {
			hdr.CorpusId = last.GetCorpus().GetId()
		}
		resp, err := uploadFile(ctx, c, f, hdr)
		if err != nil {
			return clientFail(name+" "+f, err, stderr)
		}
		fmt.Fprintf(stderr, "%s: %d tools imported, %d duplicates, %d skipped\n", f, resp.GetImported(), resp.GetDuplicates(), resp.GetSkipped())
		last = resp
	}
	fmt.Fprintln(stdout, last.GetCorpus().GetId())
	return 0
}

func corporaShare(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "tds corpora share"
	var unshare bool
	clusterAddr := "127.0.0.1:7101"
	srv, pos, code := clientCommand(name, corporaUsage, args, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&unshare, "unshare", false, "let only the corpus's owner use it again")
		fs.StringVar(&clusterAddr, "cluster", clusterAddr, "the cluster service's gRPC address (sharing is the cluster service's)")
	})
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "%s: give one corpus id (tds corpora list shows them)\n", name)
		return 2
	}
	conn, err := grpcclient.Dial(clusterAddr, grpcclient.Config{Token: srv.token})
	if err != nil {
		return clientFail(name, err, stderr)
	}
	defer conn.Close()
	resp, err := clusterv1.NewClusterServiceClient(conn).SetCorpusShared(ctx, &clusterv1.SetCorpusSharedRequest{CorpusId: pos[0], Shared: !unshare})
	if err != nil {
		return clientFail(name, err, stderr)
	}
	state := "shared with every token"
	if !resp.GetCorpus().GetShared() {
		state = "its owner's only"
	}
	fmt.Fprintf(stdout, "%s is %s\n", resp.GetCorpus().GetId(), state)
	return 0
}
