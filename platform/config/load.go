// Package config configures a binary from its flag.FlagSet, environment
// variables and an optional YAML file, and reports a bad value by the key it
// belongs to and the place it was set.
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

const defaultConfigFlag = "config"

// Options says how flag names map to environment variables and which flag
// names the YAML file.
type Options struct {
	// EnvPrefix is prepended to environment variable names: with "TDS", flag
	// "nats.url" is read from TDS_NATS_URL. Empty disables the environment,
	// so that a flag named "home" never picks up $HOME by accident.
	EnvPrefix string
	// ConfigFlag names the flag holding the YAML file path; "config" when
	// empty. Load registers it on the FlagSet if the caller has not.
	ConfigFlag string
}

func (o Options) configFlag() string {
	if o.ConfigFlag == "" {
		return defaultConfigFlag
	}
	return o.ConfigFlag
}

// Loaded records where Load took each flag's value from.
type Loaded struct {
	configFile string
	sources    map[string]string
}

// Source says where the value of the flag named key came from: "flag --x",
// "env TDS_X", "file /etc/tds.yaml:3" or "default". It is "" for a name
// that is not a flag, and on a nil *Loaded.
func (l *Loaded) Source(key string) string {
	if l == nil {
		return ""
	}
	return l.sources[key]
}

// ConfigFile is the path of the YAML file that was read, or "" if none was.
func (l *Loaded) ConfigFile() string {
	if l == nil {
		return ""
	}
	return l.configFile
}

const sourceDefault = "default"

// EnvName is the environment variable read for flagName: the prefix and the
// name joined by '_', upper-cased, with '.', '-' and any other character that
// is not a letter or digit replaced by '_'. EnvName("TDS", "nats.url") is
// "TDS_NATS_URL".
func EnvName(prefix, flagName string) string {
	name := envWord(flagName)
	if p := strings.TrimRight(envWord(prefix), "_"); p != "" {
		return p + "_" + name
	}
	return name
}

func envWord(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		case 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return r
		default:
			return '_'
		}
	}, s)
}

// lookupEnv returns the variable for flagName if the environment is enabled
// and the variable is set and non-empty. An empty variable counts as unset:
// deployment tools often pass VAR= for a variable they have no value for.
func lookupEnv(prefix, flagName string) (name, value string, ok bool) {
	if prefix == "" {
		return "", "", false
	}
	name = EnvName(prefix, flagName)
	value = os.Getenv(name)
	return name, value, value != ""
}

// Load parses args into fs, then gives every flag that was not set on the
// command line the value of its environment variable, else of its key in the
// YAML file, else leaves its default: flag > env > file > default.
//
// The file's path is the value of the config flag (see Options.ConfigFlag),
// itself taken from the command line, its environment variable or its
// default; a file missing at the default path is skipped, any other missing,
// unreadable or malformed file is an error. Nested mappings flatten to dotted
// keys (nats: {url: x} sets nats.url), a sequence of scalars sets its items
// joined by commas, a null leaves the flag alone, and a key that is no flag
// is an error.
//
// Errors from parsing args come straight from fs, so flag.ErrHelp is returned
// unchanged. Every value that does not parse is reported, as a *FieldError
// naming its key and source, joined with errors.Join.
func Load(fs *flag.FlagSet, args []string, opts Options) (*Loaded, error) {
	cfgName := opts.configFlag()
	if fs.Lookup(cfgName) == nil {
		fs.String(cfgName, "", "path to a YAML configuration file")
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	onCommandLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })

	loaded := &Loaded{sources: map[string]string{}}
	if onCommandLine[cfgName] {
		loaded.sources[cfgName] = "flag --" + cfgName
	} else if env, v, ok := lookupEnv(opts.EnvPrefix, cfgName); ok {
		if err := fs.Set(cfgName, v); err != nil {
			return nil, invalidValue(cfgName, "env "+env, v, err)
		}
		loaded.sources[cfgName] = "env " + env
	} else {
		loaded.sources[cfgName] = sourceDefault
	}

	path := fs.Lookup(cfgName).Value.String()
	var file map[string]fileValue
	if path != "" {
		var err error
		file, err = readFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist) && loaded.sources[cfgName] == sourceDefault:
			// An optional file at a default location, absent here.
		case err != nil:
			return nil, err
		default:
			loaded.configFile = path
		}
	}

	var errs []error
	for _, v := range sortedByLine(file) {
		switch {
		case v.key == cfgName:
			errs = append(errs, fmt.Errorf("config: key %q in %s:%d: a config file cannot name the config file; use --%s",
				v.key, path, v.line, cfgName))
		case fs.Lookup(v.key) == nil:
			errs = append(errs, unknownKey(fs, v.key, fmt.Sprintf("%s:%d", path, v.line)))
		}
	}

	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == cfgName {
			return
		}
		if onCommandLine[f.Name] {
			loaded.sources[f.Name] = "flag --" + f.Name
			return
		}
		var source, value string
		if env, v, ok := lookupEnv(opts.EnvPrefix, f.Name); ok {
			source, value = "env "+env, v
		} else if v, ok := file[f.Name]; ok {
			source, value = fmt.Sprintf("file %s:%d", path, v.line), v.value
		} else {
			loaded.sources[f.Name] = sourceDefault
			return
		}
		loaded.sources[f.Name] = source
		if err := fs.Set(f.Name, value); err != nil {
			errs = append(errs, invalidValue(f.Name, source, value, err))
		}
	})

	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return loaded, nil
}

func invalidValue(key, source, value string, err error) *FieldError {
	return &FieldError{Key: key, Source: source, Reason: fmt.Sprintf("invalid value %q: %v", value, err)}
}

func unknownKey(fs *flag.FlagSet, key, where string) error {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := suggest(key, names); s != "" {
		return fmt.Errorf("config: unknown key %q in %s (did you mean %q?)", key, where, s)
	}
	return fmt.Errorf("config: unknown key %q in %s", key, where)
}
