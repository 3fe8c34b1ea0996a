package jail

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestQuick(t *testing.T) {
	dir, _ := os.MkdirTemp("", "jt")
	defer os.RemoveAll(dir)
	j, err := New(Config{StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for i := 0; i < 3; i++ {
		start := time.Now()
		res, err := j.Run(context.Background(), Spec{
			Argv:   []string{"/usr/bin/python3", "-I", "-c", "import os,sys; print('hi', os.getuid(), os.getcwd(), sys.stdin.read()); print(open('/etc/hostname').read())"},
			Env:    []string{"PATH=/usr/bin:/bin"},
			Stdin:  []byte("input!"),
			Limits: Limits{Wall: 5 * time.Second, CPU: 2 * time.Second, MemoryBytes: 256 << 20, Pids: 64, OutputBytes: 1 << 20, FileSize: 16 << 20, OpenFiles: 256, WorkBytes: 64 << 20, TmpBytes: 16 << 20},
		})
		t.Logf("%v %+v err=%v", time.Since(start), res, err)
		if res != nil {
			t.Logf("stdout=%q stderr=%q", res.Stdout, res.Stderr)
		}
	}
}
