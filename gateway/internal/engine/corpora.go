package engine

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// maxCorpusName bounds an uploaded corpus's name.
const maxCorpusName = 200

// Upload imports an uploaded file, r, into a new corpus of owner's (or into
// owner's corpus hdr.corpus_id), at most the corpus size limit: the way to
// give the server a file it may not read from its own disk.
func (e *Engine) Upload(ctx context.Context, owner string, hdr *jobv1.UploadHeader, r io.Reader) (*jobv1.UploadCorpusResponse, error) {
	name := strings.TrimSpace(hdr.GetName())
	// Only the base name of whatever path the client sent: it names the corpus
	// and the tools' source, and says nothing about the client's disk.
	if name != "" {
		name = filepath.Base(filepath.Clean("/" + name))
	}
	switch {
	case name == "/" && hdr.GetCorpusId() == "", name == "" && hdr.GetCorpusId() == "":
		return nil, apierr.Invalid(apierr.Violation{Field: "header.name", Description: "name the new corpus (e.g. the file's name), or set corpus_id to add to one of yours"})
	case len(name) > maxCorpusName || !utf8.ValidString(name):
		return nil, apierr.Invalid(apierr.Violation{Field: "header.name", Description: "want at most 200 bytes of UTF-8"})
	}
	ih := &clusterv1.ImportHeader{CorpusId: hdr.GetCorpusId(), Source: name, Shared: hdr.GetShared()}
	if hdr.GetCorpusId() == "" {
		ih.CorpusName = strings.TrimSuffix(name, filepath.Ext(name))
	}
	resp, err := e.importStream(asOwner(ctx, owner), r, ih, "chunk")
	if err != nil {
		return nil, err
	}
	e.log.InfoContext(ctx, "corpus uploaded", "corpus", resp.GetCorpus().GetId(), "imported", resp.GetImported(), "duplicates", resp.GetDuplicates())
	return &jobv1.UploadCorpusResponse{Corpus: resp.GetCorpus(), Imported: resp.GetImported(), Duplicates: resp.GetDuplicates(),
		Skipped: resp.GetSkipped(), Issues: resp.GetIssues()}, nil
}

// ListCorpora returns the corpora owner may use: its own and shared ones.
func (e *Engine) ListCorpora(ctx context.Context, owner string) ([]*toolv1.Corpus, error) {
	resp, err := e.cfg.Cluster.ListCorpora(asOwner(ctx, owner), &clusterv1.ListCorporaRequest{})
	if err != nil {
		return nil, dependency("cluster", err)
	}
	return resp.GetCorpora(), nil
}
