package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRemovePartsLeavesOthersFiles(t *testing.T) {
	dir := t.TempDir()
	parts := filepath.Join(dir, PartsDir)
	if err := os.Mkdir(parts, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{PartAccepted, PartRejected} {
		if err := os.WriteFile(filepath.Join(parts, name), []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := RemoveParts(dir); err != nil {
		t.Fatalf("only the job's rows: %v", err)
	}
	if _, err := os.Stat(parts); !os.IsNotExist(err) {
		t.Fatalf("%s still there: %v", PartsDir, err)
	}
	if err := RemoveParts(dir); err != nil {
		t.Fatalf("nothing to remove: %v", err)
	}

	// Someone else's file in .parts stays, and the error names it.
	if err := os.Mkdir(parts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parts, PartAccepted), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parts, "unrelated.txt"), []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := RemoveParts(dir)
	if err == nil || !strings.Contains(err.Error(), "unrelated.txt") {
		t.Fatalf("foreign file: %v, want it named", err)
	}
	if b, _ := os.ReadFile(filepath.Join(parts, "unrelated.txt")); string(b) != "keep" {
		t.Fatal("the foreign file was touched")
	}
	if _, err := os.Stat(filepath.Join(parts, PartAccepted)); !os.IsNotExist(err) {
		t.Fatal("the job's rows were kept")
	}
}
