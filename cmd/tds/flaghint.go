package main

import (
	"flag"
	"fmt"
	"strings"
)

// wantsHelp says whether args ask for help (-h, -help, --help).
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		switch a {
		case "-h", "--h", "-help", "--help":
			return true
		}
	}
	return false
}

// flagHint is what to add to a parse error: for an unknown flag, the
// nearest flag fs has and where the whole list is.
func flagHint(fs *flag.FlagSet, cmd string, err error) string {
	const prefix = "flag provided but not defined: "
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return ""
	}
	name := strings.TrimLeft(strings.TrimPrefix(msg, prefix), "-")
	best, bestD := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		if strings.Contains(f.Name, ".") != strings.Contains(name, ".") {
			return
		}
		d := editDistance(name, f.Name)
		if strings.HasPrefix(name, f.Name) || strings.HasPrefix(f.Name, name) {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = f.Name, d
		}
	})
	if best != "" {
		return fmt.Sprintf("; did you mean --%s? (%s --help lists the flags)", best, cmd)
	}
	return fmt.Sprintf(" (%s --help lists the flags)", cmd)
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
