package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// The files of a dataset laid out as a Hugging Face Hub dataset repository,
// named as datasets' push_to_hub names them: one shard per split, under a
// directory per config ("data" for the default one).
const (
	HubTrain    = "data/train-00000-of-00001.parquet"
	HubRejected = "rejected/train-00000-of-00001.parquet"
)

// HubLayout writes into dst, which must be empty or not exist, the finished
// dataset of src as a Hub dataset repository ready for push_to_hub or
// huggingface-cli upload: the card with its metadata block naming the
// files below, the trajectories as data/train-*.parquet, the rejected
// rollouts (when there are any) as the config "rejected", and report.json
// and sharegpt.jsonl beside them. It returns the files it wrote, relative
// to dst. Nothing is uploaded.
func HubLayout(src, dst string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(src, FileTrajectories)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s holds no finished dataset (no %s): wait for its job to end, stopped and cancelled jobs included", src, FileTrajectories)
		}
		return nil, err
	}
	card, err := os.ReadFile(filepath.Join(src, FileCard))
	if err != nil {
		return nil, fmt.Errorf("%s has no dataset card (%s): the job was asked for no card format", src, FileCard)
	}
	if ents, err := os.ReadDir(dst); err == nil && len(ents) > 0 {
		var names []string
		for _, e := range ents[:min(len(ents), 5)] {
			names = append(names, e.Name())
		}
		return nil, fmt.Errorf("%s is not empty (it holds %s): give a new or empty directory; nothing is ever overwritten", dst, strings.Join(names, ", "))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	rejected := countLines(filepath.Join(src, FileRejected))
	type step struct {
		name  string
		write func(io.Writer) error
	}
	steps := []step{{HubTrain, trainParquet(src)}}
	if rejected > 0 {
		w := writeRejectedParquet(filepath.Join(src, FileRejected))
		if _, err := os.Stat(filepath.Join(src, FileRejectedParquet)); err == nil {
			w = copyFile(filepath.Join(src, FileRejectedParquet))
		}
		steps = append(steps, step{HubRejected, w})
	}
	var extras []string
	for _, extra := range []string{FileShareGPT, FileReport} {
		if _, err := os.Stat(filepath.Join(src, extra)); err == nil {
			steps = append(steps, step{extra, copyFile(filepath.Join(src, extra))})
			extras = append(extras, extra)
		}
	}
	hubCard, err := hubCard(card, rejected > 0, extras)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(src, FileCard), err)
	}
	// The card last: a directory with its card is a whole one.
	steps = append(steps, step{FileCard, func(w io.Writer) error { _, err := w.Write(hubCard); return err }})
	var wrote []string
	for _, st := range steps {
		path := filepath.Join(dst, filepath.FromSlash(st.name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return wrote, err
		}
		if err := WriteAtomic(path, st.write); err != nil {
			return wrote, err
		}
		wrote = append(wrote, st.name)
	}
	return wrote, nil
}

// trainParquet copies the dataset's Parquet file, or writes one from the
// canonical records when the job was asked for no Parquet.
func trainParquet(src string) func(io.Writer) error {
	if _, err := os.Stat(filepath.Join(src, FileParquet)); err == nil {
		return copyFile(filepath.Join(src, FileParquet))
	}
	return func(w io.Writer) error {
		pw := newParquetWriter(w)
		if err := ReadRecords(filepath.Join(src, FileTrajectories), func(r trajectory.Record) error { return pw.add(r) }); err != nil {
			return err
		}
		return pw.close()
	}
}

// hubCard is the dataset card with its metadata block's data files moved to
// the Hub's layout and its table of files describing that layout.
func hubCard(card []byte, rejected bool, extras []string) ([]byte, error) {
	rest, ok := bytes.CutPrefix(card, []byte("---\n"))
	if !ok {
		return nil, errors.New("the card has no metadata block")
	}
	block, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, errors.New("the card's metadata block is not closed")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(block, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the card's metadata block is not a YAML mapping (%v)", err)
	}
	top := doc.Content[0]
	configs := &yaml.Node{Kind: yaml.SequenceNode}
	configs.Content = append(configs.Content, hubConfig("default", "data/train-*", true))
	if rejected {
		configs.Content = append(configs.Content, hubConfig("rejected", "rejected/train-*", false))
	}
	if i := slices.IndexFunc(top.Content, func(n *yaml.Node) bool { return n.Value == "configs" }); i >= 0 && i%2 == 0 {
		top.Content[i+1] = configs
	} else {
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "configs"}, configs)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	_ = enc.Close()
	out := append([]byte("---\n"), buf.Bytes()...)
	out = append(out, "---\n"...)
	return append(out, hubContents(string(body), rejected, extras)...), nil
}

func hubConfig(name, path string, isDefault bool) *yaml.Node {
	kv := func(k, v string) []*yaml.Node {
		return []*yaml.Node{{Kind: yaml.ScalarNode, Value: k}, {Kind: yaml.ScalarNode, Value: v}}
	}
	file := &yaml.Node{Kind: yaml.MappingNode, Content: append(kv("split", "train"), kv("path", path)...)}
	n := &yaml.Node{Kind: yaml.MappingNode, Content: kv("config_name", name)}
	if isDefault {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "default"}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "data_files"}, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{file}})
	return n
}

// hubContents replaces the card's table of files (its "## Contents"
// section) with the files of the Hub layout.
func hubContents(body string, rejected bool, extras []string) string {
	const head = "## Contents\n\n"
	i := strings.Index(body, head)
	if i < 0 {
		return body
	}
	end := len(body)
	if j := strings.Index(body[i+len(head):], "\n## "); j >= 0 {
		end = i + len(head) + j + 1
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteString("| file | what |\n|---|---|\n")
	fmt.Fprintf(&b, "| `%s` | the records (split `train` of the default config): OpenAI chat format, messages and tools as lists of structs (a call's arguments and a tool's parameters as JSON text) |\n", HubTrain)
	if rejected {
		fmt.Fprintf(&b, "| `%s` | rejected rollouts with their reasons (config `rejected`), nested alike |\n", HubRejected)
	}
	what := map[string]string{
		FileShareGPT: "the same records in LLaMA-Factory's ShareGPT function-call format",
		FileReport:   "the evolve report: the metrics over time and the histograms",
	}
	for _, name := range extras {
		fmt.Fprintf(&b, "| `%s` | %s |\n", name, what[name])
	}
	b.WriteString("\n")
	b.WriteString("```python\nimport datasets\nds = datasets.load_dataset(\"<this repository or directory>\", split=\"train\")\n```\n\n")
	return body[:i] + b.String() + body[end:]
}
