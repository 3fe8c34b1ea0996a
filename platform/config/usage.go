package config

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Usage returns a function, for fs.Usage, that prints fs's flags grouped by
// the part of their name before the first '.', each with its default and
// environment variable.
func Usage(fs *flag.FlagSet, opts Options) func() {
	return func() {
		w := fs.Output()
		if fs.Name() == "" {
			fmt.Fprintf(w, "Usage:\n")
		} else {
			fmt.Fprintf(w, "Usage of %s:\n", fs.Name())
		}
		cfg := opts.configFlag()
		fmt.Fprintln(w)
		if opts.EnvPrefix != "" {
			fmt.Fprintf(w, "Every flag can also be set by the environment variable shown in brackets,\n"+
				"or in the YAML file named by --%s%s.\n"+
				"Precedence: command line, then environment, then file, then default.\n", cfg, yamlExample(fs))
		} else {
			fmt.Fprintf(w, "Every flag can also be set in the YAML file named by --%s%s.\n"+
				"The command line wins over the file.\n", cfg, yamlExample(fs))
		}

		// Flags without a dot come first, then one block per group, in name order.
		groups := map[string][]*flag.Flag{}
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			g, _, dotted := strings.Cut(f.Name, ".")
			if !dotted {
				g = ""
			}
			if _, seen := groups[g]; !seen {
				names = append(names, g)
			}
			groups[g] = append(groups[g], f)
		})
		slices.Sort(names)
		for _, g := range names {
			fmt.Fprintln(w)
			if g != "" {
				fmt.Fprintf(w, "%s:\n", g)
			}
			for _, f := range groups[g] {
				fmt.Fprintln(w, flagUsage(f, opts))
			}
		}
	}
}

// yamlExample shows how a dotted flag name is written in the file, using
// one of fs's own flags.
func yamlExample(fs *flag.FlagSet) string {
	example := ""
	fs.VisitAll(func(f *flag.Flag) {
		if group, key, dotted := strings.Cut(f.Name, "."); dotted && example == "" {
			example = fmt.Sprintf(" (%q as %s: {%s: ...})", f.Name, group, key)
		}
	})
	return example
}

func flagUsage(f *flag.Flag, opts Options) string {
	typ, usage := flag.UnquoteUsage(f)
	line := "  --" + f.Name
	if typ != "" {
		line += " " + typ
	}
	line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
	if !isZeroValue(f) {
		if reflect.TypeOf(f.Value).String() == "*flag.stringValue" {
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		} else {
			line += fmt.Sprintf(" (default %v)", f.DefValue)
		}
	}
	if opts.EnvPrefix != "" {
		line += " [$" + EnvName(opts.EnvPrefix, f.Name) + "]"
	}
	return line
}

// isZeroValue reports whether f's default is its type's zero value, and so
// not worth printing; it works as the flag package's own PrintDefaults does.
func isZeroValue(f *flag.Flag) (zero bool) {
	typ := reflect.TypeOf(f.Value)
	var z reflect.Value
	if typ.Kind() == reflect.Pointer {
		z = reflect.New(typ.Elem())
	} else {
		z = reflect.Zero(typ)
	}
	defer func() {
		// A Value whose String method cannot handle its zero value: print the default.
		if recover() != nil {
			zero = false
		}
	}()
	return f.DefValue == z.Interface().(flag.Value).String()
}
