package config

import "strings"

// suggest returns the name closest to key, if one is close enough to be the
// name the user meant: at most two edits away (and fewer edits than key has
// characters), or the same once case and separators are ignored.
func suggest(key string, names []string) string {
	best, bestDist := "", 3
	squashedKey := squash(key)
	for _, name := range names {
		if squashedKey != "" && squash(name) == squashedKey {
			return name
		}
		d := editDistance(key, name, bestDist)
		if d < bestDist && d < len([]rune(key)) {
			best, bestDist = name, d
		}
	}
	return best
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.', '_', '-':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// editDistance is the Levenshtein distance between a and b, or limit if it
// is at least limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}
