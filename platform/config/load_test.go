package config_test

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/config"
)

var tds = config.Options{EnvPrefix: "TDS"}

// serviceFlags is a flag set like a service's: dotted names, several types.
func serviceFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("svc", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("nats.url", "nats://127.0.0.1:4222", "NATS server URL")
	fs.String("grpc.listen", ":8080", "gRPC listen address")
	fs.Int("grpc.max_recv", 4<<20, "largest gRPC message received, in bytes")
	fs.Duration("grpc.timeout", time.Second, "deadline for calls")
	fs.Bool("debug", false, "log at debug level")
	fs.String("peers", "", "comma-separated peer addresses")
	fs.String("log-level", "info", "log level")
	return fs
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tds.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func value(fs *flag.FlagSet, name string) string {
	return fs.Lookup(name).Value.String()
}

func requireNoError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func requireErrorContains(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", wants)
	}
	for _, want := range wants {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestPrecedence(t *testing.T) {
	const file = "nats:\n  url: nats://file:4222\n"
	tests := []struct {
		name       string
		args       []string
		env        string
		withFile   bool
		want       string
		wantSource string // FILE stands for the file's path
	}{
		{name: "default", want: "nats://127.0.0.1:4222", wantSource: "default"},
		{name: "file over default", withFile: true, want: "nats://file:4222", wantSource: "file FILE:2"},
		{name: "env over file", withFile: true, env: "nats://env:4222", want: "nats://env:4222", wantSource: "env TDS_NATS_URL"},
		{name: "env without file", env: "nats://env:4222", want: "nats://env:4222", wantSource: "env TDS_NATS_URL"},
		{
			name: "flag over env and file", withFile: true, env: "nats://env:4222",
			args: []string{"--nats.url", "nats://flag:4222"}, want: "nats://flag:4222", wantSource: "flag --nats.url",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			args := tt.args
			if tt.withFile {
				path = writeFile(t, file)
				args = append([]string{"--config", path}, args...)
			}
			if tt.env != "" {
				t.Setenv("TDS_NATS_URL", tt.env)
			}
			fs := serviceFlags()
			loaded, err := config.Load(fs, args, tds)
			requireNoError(t, err)
			if got := value(fs, "nats.url"); got != tt.want {
				t.Errorf("nats.url = %q, want %q", got, tt.want)
			}
			wantSource := strings.ReplaceAll(tt.wantSource, "FILE", path)
			if got := loaded.Source("nats.url"); got != wantSource {
				t.Errorf("Source(nats.url) = %q, want %q", got, wantSource)
			}
			if got := loaded.Source("grpc.listen"); got != "default" {
				t.Errorf("Source(grpc.listen) = %q, want default", got)
			}
			if got := loaded.ConfigFile(); got != path {
				t.Errorf("ConfigFile() = %q, want %q", got, path)
			}
		})
	}
}

func TestFileValues(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want map[string]string
	}{
		{
			name: "nested mappings flatten to dotted keys",
			yaml: "nats:\n  url: nats://a:1\ngrpc:\n  listen: :9\n  max_recv: 1024\n  timeout: 3s\ndebug: true\n",
			want: map[string]string{"nats.url": "nats://a:1", "grpc.listen": ":9", "grpc.max_recv": "1024", "grpc.timeout": "3s", "debug": "true"},
		},
		{
			name: "dotted keys as written",
			yaml: "nats.url: nats://b:2\ngrpc:\n  max_recv: 7\n",
			want: map[string]string{"nats.url": "nats://b:2", "grpc.max_recv": "7"},
		},
		{
			name: "sequence joins with commas",
			yaml: "peers:\n  - a:1\n  - b:2\n  - c:3\n",
			want: map[string]string{"peers": "a:1,b:2,c:3"},
		},
		{
			name: "flow sequence",
			yaml: "peers: [a, b]\n",
			want: map[string]string{"peers": "a,b"},
		},
		{
			name: "null keeps the default",
			yaml: "nats:\n  url:\ngrpc: ~\n",
			want: map[string]string{"nats.url": "nats://127.0.0.1:4222", "grpc.listen": ":8080"},
		},
		{
			name: "empty file",
			yaml: "",
			want: map[string]string{"nats.url": "nats://127.0.0.1:4222"},
		},
		{
			name: "only comments",
			yaml: "# nothing set\n",
			want: map[string]string{"nats.url": "nats://127.0.0.1:4222"},
		},
		{
			name: "aliases and merge keys, written keys win",
			yaml: "base: &base {listen: ':1', max_recv: 5}\ngrpc:\n  <<: *base\n  listen: ':2'\npeers: &p [x, y]\n",
			want: map[string]string{"grpc.listen": ":2", "grpc.max_recv": "5"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yaml := tt.yaml
			fs := serviceFlags()
			if strings.HasPrefix(yaml, "base:") {
				fs.String("base.listen", "", "")
				fs.Int("base.max_recv", 0, "")
			}
			_, err := config.Load(fs, []string{"--config", writeFile(t, yaml)}, tds)
			requireNoError(t, err)
			for name, want := range tt.want {
				if got := value(fs, name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		want    []string // FILE stands for the file's path
		wantNot string
	}{
		{
			name: "unknown key with a close name",
			yaml: "nats:\n  ur: x\n",
			want: []string{`config: unknown key "nats.ur" in FILE:2 (did you mean "nats.url"?)`},
		},
		{
			name: "unknown key differing in separators",
			yaml: "grpc:\n  max-recv: 1\n",
			want: []string{`unknown key "grpc.max-recv"`, `(did you mean "grpc.max_recv"?)`},
		},
		{
			name: "unknown key differing in separators and case",
			yaml: "LogLevel: debug\n",
			want: []string{`(did you mean "log-level"?)`},
		},
		{
			name:    "unknown key with nothing close",
			yaml:    "storage:\n  bucket: b\n",
			want:    []string{`config: unknown key "storage.bucket" in FILE:2`},
			wantNot: "did you mean",
		},
		{
			name: "every unknown key is reported",
			yaml: "nats:\n  ur: x\ngprc:\n  listen: y\n",
			want: []string{`"nats.ur" in FILE:2`, `"gprc.listen" in FILE:4 (did you mean "grpc.listen"?)`},
		},
		{
			name: "invalid YAML names path and line",
			yaml: "debug: true\nnats:\n  url: a: b\n",
			want: []string{"config: parse FILE: yaml: line 3: mapping values are not allowed"},
		},
		{
			name: "tab indentation",
			yaml: "nats:\n\turl: x\n",
			want: []string{"config: parse FILE: yaml: line 2:"},
		},
		{
			name: "key set twice",
			yaml: "nats.url: a\nnats:\n  url: b\n",
			want: []string{`config: FILE:3: key "nats.url" already set at line 1`},
		},
		{
			name: "list of mappings",
			yaml: "peers:\n  - host: a\n",
			want: []string{`config: FILE:2: key "peers": a list may hold only plain values`},
		},
		{
			name: "top level is not a mapping",
			yaml: "- a\n- b\n",
			want: []string{"config: FILE:1: want a mapping"},
		},
		{
			name: "several documents",
			yaml: "debug: true\n---\ndebug: false\n",
			want: []string{"config: parse FILE: want one YAML document"},
		},
		{
			name: "file names itself",
			yaml: "config: other.yaml\n",
			want: []string{`config: key "config" in FILE:1: a config file cannot name the config file`},
		},
		{
			name: "alias expanding without bound",
			yaml: aliasBomb(25),
			want: []string{"config: FILE:", "more than 100000 YAML nodes"},
		},
		{
			name: "self-referencing alias",
			yaml: "nats: &a\n  x: *a\n",
			want: []string{"config: FILE:", "nested more than"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.yaml)
			_, err := config.Load(serviceFlags(), []string{"--config", path}, tds)
			var want []string
			for _, w := range tt.want {
				want = append(want, strings.ReplaceAll(w, "FILE", path))
			}
			requireErrorContains(t, err, want...)
			if tt.wantNot != "" && strings.Contains(err.Error(), tt.wantNot) {
				t.Errorf("error %q contains %q", err, tt.wantNot)
			}
		})
	}
}

// aliasBomb is a small file whose aliases describe a tree of 3^levels empty mappings.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("e0: &e0 {}\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "e%d: &e%d {a: *e%d, b: *e%d, c: *e%d}\n", i, i, i-1, i-1, i-1)
	}
	return b.String()
}

func TestInvalidValue(t *testing.T) {
	t.Run("from env", func(t *testing.T) {
		t.Setenv("TDS_GRPC_MAX_RECV", "x")
		_, err := config.Load(serviceFlags(), nil, tds)
		const want = `config: key "grpc.max_recv" from env TDS_GRPC_MAX_RECV: invalid value "x": parse error`
		if err == nil || err.Error() != want {
			t.Fatalf("err = %v, want %s", err, want)
		}
		var fe *config.FieldError
		if !errors.As(err, &fe) || fe.Key != "grpc.max_recv" || fe.Source != "env TDS_GRPC_MAX_RECV" {
			t.Errorf("errors.As(*FieldError) = %+v", fe)
		}
	})
	t.Run("from file", func(t *testing.T) {
		path := writeFile(t, "grpc:\n  timeout: 5\n  max_recv: x\n")
		_, err := config.Load(serviceFlags(), []string{"--config", path}, tds)
		requireErrorContains(t, err,
			`config: key "grpc.max_recv" from file `+path+`:3: invalid value "x": parse error`,
			`config: key "grpc.timeout" from file `+path+`:2: invalid value "5": parse error`)
	})
	t.Run("unknown keys and bad values together", func(t *testing.T) {
		t.Setenv("TDS_DEBUG", "maybe")
		path := writeFile(t, "nats:\n  ur: x\n")
		_, err := config.Load(serviceFlags(), []string{"--config", path}, tds)
		requireErrorContains(t, err, `unknown key "nats.ur"`, `key "debug" from env TDS_DEBUG: invalid value "maybe"`)
	})
}

func TestConfigFileMissing(t *testing.T) {
	t.Run("named on the command line", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "absent.yaml")
		_, err := config.Load(serviceFlags(), []string{"--config", path}, tds)
		requireErrorContains(t, err, "config: open "+path)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", err)
		}
	})
	t.Run("unreadable", func(t *testing.T) {
		dir := t.TempDir()
		_, err := config.Load(serviceFlags(), []string{"--config", dir}, tds)
		requireErrorContains(t, err, "config: read "+dir)
	})
	t.Run("at the default path is skipped", func(t *testing.T) {
		fs := serviceFlags()
		fs.String("config", filepath.Join(t.TempDir(), "absent.yaml"), "config file")
		loaded, err := config.Load(fs, nil, tds)
		requireNoError(t, err)
		if loaded.ConfigFile() != "" {
			t.Errorf("ConfigFile() = %q, want none", loaded.ConfigFile())
		}
	})
	t.Run("at the default path is read when present", func(t *testing.T) {
		fs := serviceFlags()
		fs.String("config", writeFile(t, "debug: true\n"), "config file")
		_, err := config.Load(fs, nil, tds)
		requireNoError(t, err)
		if got := value(fs, "debug"); got != "true" {
			t.Errorf("debug = %q, want true", got)
		}
	})
}

func TestConfigPathFromEnv(t *testing.T) {
	fromEnv := writeFile(t, "grpc:\n  listen: ':1'\n")
	fromFlag := writeFile(t, "grpc:\n  listen: ':2'\n")
	t.Setenv("TDS_CONFIG", fromEnv)

	fs := serviceFlags()
	loaded, err := config.Load(fs, nil, tds)
	requireNoError(t, err)
	if got := value(fs, "grpc.listen"); got != ":1" {
		t.Errorf("grpc.listen = %q, want :1", got)
	}
	if got := loaded.Source("config"); got != "env TDS_CONFIG" {
		t.Errorf("Source(config) = %q", got)
	}
	if got := value(fs, "config"); got != fromEnv {
		t.Errorf("config flag = %q, want %q", got, fromEnv)
	}

	fs = serviceFlags()
	_, err = config.Load(fs, []string{"--config=" + fromFlag}, tds)
	requireNoError(t, err)
	if got := value(fs, "grpc.listen"); got != ":2" {
		t.Errorf("with --config, grpc.listen = %q, want :2", got)
	}
}

func TestCustomConfigFlag(t *testing.T) {
	path := writeFile(t, "debug: true\n")
	t.Setenv("TDS_SETTINGS", path)
	fs := serviceFlags()
	_, err := config.Load(fs, nil, config.Options{EnvPrefix: "TDS", ConfigFlag: "settings"})
	requireNoError(t, err)
	if fs.Lookup("config") != nil {
		t.Error("Load registered --config; want only --settings")
	}
	if got := value(fs, "debug"); got != "true" {
		t.Errorf("debug = %q, want true", got)
	}
}

func TestEnvironment(t *testing.T) {
	t.Run("no prefix disables the environment", func(t *testing.T) {
		t.Setenv("NATS_URL", "nats://env:1")
		t.Setenv("DEBUG", "true")
		fs := serviceFlags()
		_, err := config.Load(fs, nil, config.Options{})
		requireNoError(t, err)
		if got := value(fs, "nats.url"); got != "nats://127.0.0.1:4222" {
			t.Errorf("nats.url = %q, want the default", got)
		}
	})
	t.Run("empty variable counts as unset", func(t *testing.T) {
		t.Setenv("TDS_GRPC_MAX_RECV", "")
		fs := serviceFlags()
		loaded, err := config.Load(fs, nil, tds)
		requireNoError(t, err)
		if got := loaded.Source("grpc.max_recv"); got != "default" {
			t.Errorf("Source(grpc.max_recv) = %q, want default", got)
		}
	})
}

func TestCommandLineErrors(t *testing.T) {
	t.Run("help is returned unchanged", func(t *testing.T) {
		for _, arg := range []string{"-h", "--help"} {
			_, err := config.Load(serviceFlags(), []string{arg}, tds)
			if err != flag.ErrHelp { //nolint:errorlint // callers compare with ==, so it must be unwrapped
				t.Errorf("Load(%s) = %v, want flag.ErrHelp itself", arg, err)
			}
		}
	})
	t.Run("bad flag value comes from flag", func(t *testing.T) {
		_, err := config.Load(serviceFlags(), []string{"--grpc.max_recv=x"}, tds)
		requireErrorContains(t, err, `invalid value "x" for flag -grpc.max_recv`)
	})
	t.Run("undefined flag", func(t *testing.T) {
		_, err := config.Load(serviceFlags(), []string{"--nope"}, tds)
		requireErrorContains(t, err, "flag provided but not defined: -nope")
	})
}

func TestEnvName(t *testing.T) {
	tests := []struct{ prefix, flag, want string }{
		{"TDS", "nats.url", "TDS_NATS_URL"},
		{"TDS", "grpc.max_recv", "TDS_GRPC_MAX_RECV"},
		{"TDS", "log-level", "TDS_LOG_LEVEL"},
		{"tds", "config", "TDS_CONFIG"},
		{"TDS_", "debug", "TDS_DEBUG"},
		{"", "nats.url", "NATS_URL"},
		{"TDS", "a/b c", "TDS_A_B_C"},
	}
	for _, tt := range tests {
		if got := config.EnvName(tt.prefix, tt.flag); got != tt.want {
			t.Errorf("EnvName(%q, %q) = %q, want %q", tt.prefix, tt.flag, got, tt.want)
		}
	}
}
