package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// hfMetadata is the YAML block a dataset card opens with, as the Hugging
// Face Hub and datasets.load_dataset(DIR) read it: which files make which
// split (so the other files of the directory are not taken for data), the
// features of the Parquet file, the licence and tags.
type hfMetadata struct {
	License        string     `yaml:"license"`
	LicenseName    string     `yaml:"license_name,omitempty"`
	PrettyName     string     `yaml:"pretty_name,omitempty"`
	Language       []string   `yaml:"language"`
	TaskCategories []string   `yaml:"task_categories"`
	Tags           []string   `yaml:"tags"`
	SizeCategories []string   `yaml:"size_categories"`
	Configs        []hfConfig `yaml:"configs"`
	DatasetInfo    *hfInfo    `yaml:"dataset_info,omitempty"`
}

type hfConfig struct {
	ConfigName string       `yaml:"config_name"`
	Default    bool         `yaml:"default,omitempty"`
	DataFiles  []hfDataFile `yaml:"data_files"`
}

type hfDataFile struct {
	Split string `yaml:"split"`
	Path  string `yaml:"path"`
}

type hfInfo struct {
	ConfigName   string      `yaml:"config_name"`
	Features     []hfFeature `yaml:"features"`
	Splits       []hfSplit   `yaml:"splits"`
	DownloadSize int64       `yaml:"download_size"`
	DatasetSize  int64       `yaml:"dataset_size"`
}

type hfSplit struct {
	Name        string `yaml:"name"`
	NumBytes    int64  `yaml:"num_bytes"`
	NumExamples int    `yaml:"num_examples"`
}

// hfFeature is one feature in the datasets library's YAML form: a dtype,
// a list of a struct (list), or a struct (struct).
type hfFeature struct {
	Name   string      `yaml:"name"`
	Dtype  string      `yaml:"dtype,omitempty"`
	List   []hfFeature `yaml:"list,omitempty"`
	Struct []hfFeature `yaml:"struct,omitempty"`
}

func str(name string) hfFeature { return hfFeature{Name: name, Dtype: "string"} }

// parquetFeatures are the features of trajectories.parquet (parquetRow), in
// its column order.
func parquetFeatures() []hfFeature {
	return []hfFeature{
		str("id"), str("job_id"), str("cluster_id"), str("blueprint_id"), str("domain"), str("reasoning_mode"),
		{Name: "cac", Dtype: "float64"},
		{Name: "num_messages", Dtype: "int32"},
		{Name: "tools", List: []hfFeature{
			str("type"),
			{Name: "function", Struct: []hfFeature{str("name"), str("description"), str("parameters")}},
		}},
		{Name: "messages", List: []hfFeature{
			str("role"), str("content"), str("name"),
			{Name: "tool_calls", List: []hfFeature{
				str("id"), str("type"),
				{Name: "function", Struct: []hfFeature{str("name"), str("arguments")}},
			}},
			str("tool_call_id"), str("reasoning_content"),
		}},
		str("verdict"), str("usage"), str("provenance"),
	}
}

// hfLicenses maps corpus licence names to the Hub's licence identifiers.
var hfLicenses = map[string]string{
	"apache-2.0": "apache-2.0", "mit": "mit", "cc-by-4.0": "cc-by-4.0", "cc-by-sa-4.0": "cc-by-sa-4.0",
	"cc0-1.0": "cc0-1.0", "bsd-3-clause": "bsd-3-clause", "bsd-2-clause": "bsd-2-clause", "mpl-2.0": "mpl-2.0",
	"cc-by-nc-4.0": "cc-by-nc-4.0", "gpl-3.0": "gpl-3.0", "lgpl-3.0": "lgpl-3.0", "odc-by": "odc-by",
}

func sizeCategory(n int) string {
	switch {
	case n < 1_000:
		return "n<1K"
	case n < 10_000:
		return "1K<n<10K"
	case n < 100_000:
		return "10K<n<100K"
	case n < 1_000_000:
		return "100K<n<1M"
	}
	return "1M<n<10M"
}

// writeHFMetadata writes the card's metadata block: the default config is
// the accepted trajectories (the Parquet file when written, with its
// features, else the JSON Lines), split "train"; the rejected rollouts, when
// there are any, are the config "rejected".
// parquetBytes is the size of the Parquet file, the split's size on disk.
func writeHFMetadata(w io.Writer, job *jobv1.Job, records, rejected int, parquet bool, parquetBytes int64) error {
	md := hfMetadata{
		License:        "other",
		PrettyName:     job.GetSpec().GetName(),
		Language:       []string{"en"},
		TaskCategories: []string{"text-generation"},
		Tags:           []string{"synthetic", "tool-use", "function-calling", "agent", "multi-turn", "tdscaling"},
		SizeCategories: []string{sizeCategory(records)},
	}
	lic := job.GetCorpusLicenses()
	if len(lic) == 1 {
		if id, ok := hfLicenses[strings.ToLower(lic[0])]; ok {
			md.License = id
		}
	}
	if md.License == "other" {
		names := "no declared licence"
		if len(lic) > 0 {
			names = strings.Join(lic, ", ")
		}
		md.LicenseName = "see the Licence section (tool definitions: " + names + ")"
	}
	// The datasets library reads every config with the builder of the
	// default one, so the two configs are both Parquet or both JSON Lines.
	file, rejectedFile := FileTrajectories, FileRejected
	if parquet {
		file, rejectedFile = FileParquet, FileRejectedParquet
	}
	md.Configs = []hfConfig{{ConfigName: "default", Default: true, DataFiles: []hfDataFile{{Split: "train", Path: file}}}}
	if rejected > 0 {
		md.Configs = append(md.Configs, hfConfig{ConfigName: "rejected", DataFiles: []hfDataFile{{Split: "train", Path: rejectedFile}}})
	}
	if parquet {
		md.DatasetInfo = &hfInfo{ConfigName: "default", Features: parquetFeatures(), DownloadSize: parquetBytes, DatasetSize: parquetBytes,
			Splits: []hfSplit{{Name: "train", NumBytes: parquetBytes, NumExamples: records}}}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(md); err != nil {
		return err
	}
	_ = enc.Close()
	_, err := fmt.Fprintf(w, "---\n%s---\n\n", buf.String())
	return err
}

// countLines is the number of non-empty lines of a file (0 when it does
// not exist).
func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			n++
		}
	}
	return n
}
