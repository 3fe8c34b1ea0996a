package dataset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/parquet-go/parquet-go"
)

// FileRejectedParquet holds the rejected rollouts as Parquet: the
// "rejected" config of the card's metadata block. The datasets library
// reads every config of a directory with the builder of its default config,
// so the rejected rows must be Parquet when the trajectories are.
const FileRejectedParquet = "rejected.parquet"

// rejectedParquetRow is a row of rejected.parquet: why the rollout was
// rejected, and the conversation it got to when it has one (empty lists
// otherwise), nested as in trajectories.parquet so a preference pair is
// built from the two files alike.
type rejectedParquetRow struct {
	TaskID        string              `parquet:"task_id"`
	JobID         string              `parquet:"job_id"`
	Reasons       []rejectedReasonRow `parquet:"reasons,list"`
	Corrections   int32               `parquet:"corrections"`
	Usage         string              `parquet:"usage"`
	RecordID      string              `parquet:"record_id,optional"`
	ClusterID     string              `parquet:"cluster_id,optional"`
	BlueprintID   string              `parquet:"blueprint_id,optional"`
	Domain        string              `parquet:"domain,optional"`
	ReasoningMode string              `parquet:"reasoning_mode,optional"`
	NumMessages   int32               `parquet:"num_messages"`
	Tools         []parquetTool       `parquet:"tools,list"`
	Messages      []parquetMessage    `parquet:"messages,list"`
	Verdict       string              `parquet:"verdict,optional"`
	Provenance    string              `parquet:"provenance,optional"`
}

type rejectedReasonRow struct {
	Reason string `parquet:"reason"`
	Detail string `parquet:"detail,optional"`
	CallID string `parquet:"call_id,optional"`
}

func toRejectedParquet(r Rejected) rejectedParquetRow {
	usage, _ := json.Marshal(r.Usage)
	row := rejectedParquetRow{TaskID: r.TaskID, JobID: r.JobID, Corrections: r.Correction, Usage: string(usage),
		Reasons: make([]rejectedReasonRow, 0, len(r.Reasons)), Tools: []parquetTool{}, Messages: []parquetMessage{}}
	for _, x := range r.Reasons {
		row.Reasons = append(row.Reasons, rejectedReasonRow(x))
	}
	if r.Record != nil {
		p := toParquet(*r.Record)
		row.RecordID, row.ClusterID, row.BlueprintID, row.Domain = p.ID, p.ClusterID, p.BlueprintID, p.Domain
		row.ReasoningMode, row.Tools, row.Messages, row.NumMessages = p.ReasoningMode, p.Tools, p.Messages, p.Turns
		row.Verdict, row.Provenance = p.Verdict, p.Provenance
	}
	return row
}

// writeRejectedParquet converts the rows of a rejected.jsonl file (src) to
// Parquet; a missing src gives a file without rows.
func writeRejectedParquet(src string) func(io.Writer) error {
	return func(w io.Writer) error {
		pw := parquet.NewGenericWriter[rejectedParquetRow](w, parquet.Compression(&parquet.Zstd))
		f, err := os.Open(src)
		if err != nil && !os.IsNotExist(err) {
			return err
		}
		if err == nil {
			defer f.Close()
			dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
			rows := make([]rejectedParquetRow, 0, 256)
			for dec.More() {
				var r Rejected
				if err := dec.Decode(&r); err != nil {
					return fmt.Errorf("read %s: %w", src, err)
				}
				if rows = append(rows, toRejectedParquet(r)); len(rows) == cap(rows) {
					if _, err := pw.Write(rows); err != nil {
						return err
					}
					rows = rows[:0]
				}
			}
			if _, err := pw.Write(rows); err != nil {
				return err
			}
		}
		return pw.Close()
	}
}
