package wording

import (
	"math/rand/v2"
	"strings"
)

// leadSynonyms are other ways people open a request that a purpose opens
// with one way: "get details of the issue" is also "look up the issue",
// "create a new branch" also "set up a new branch". Every replacement is a
// verb whose past tense Past forms, so an answer can use it too.
var leadSynonyms = []struct {
	lead string
	alts []string
}{
	{"get details of ", []string{"look up ", "pull up ", "check ", "get the details of "}},
	{"get the details of ", []string{"look up ", "pull up ", "check "}},
	{"get information about ", []string{"look up ", "check ", "pull up "}},
	{"get the ", []string{"fetch the ", "look up the ", "pull up the "}},
	{"get all ", []string{"fetch all ", "pull up all ", "list all "}},
	{"get ", []string{"fetch ", "look up "}},
	{"create a new ", []string{"open a new ", "set up a new ", "make a new ", "add a new "}},
	{"create ", []string{"make ", "set up ", "add "}},
	{"search for ", []string{"look for ", "find "}},
	{"delete several ", []string{"remove several ", "remove the ", "get rid of the ", "delete the "}},
	{"delete ", []string{"remove ", "get rid of "}},
	{"read the contents of ", []string{"open ", "pull up ", "look at ", "go through ", "check what's in "}},
	{"read the entire ", []string{"look at the entire ", "pull up the whole ", "go through the whole "}},
	{"read ", []string{"open ", "look at "}},
	{"create new ", []string{"add new ", "set up new ", "make new ", "add "}},
	{"update ", []string{"change ", "edit "}},
	{"list the ", []string{"get the ", "fetch the "}},
	{"list all ", []string{"get all ", "fetch all "}},
	{"retrieve ", []string{"fetch ", "get "}},
	{"check ", []string{"look at ", "verify "}},
}

// Rephrase returns the purpose opened the way it is written half the time
// and with another common opening otherwise, so that one tool is asked for
// in several words as people ask for it. A purpose whose opening has no
// synonym here comes back as it is.
func Rephrase(r *rand.Rand, purpose string) string {
	purpose = rephraseObject(r, purpose)
	for _, s := range leadSynonyms {
		if !strings.HasPrefix(purpose, s.lead) {
			continue
		}
		k := r.IntN(2 * len(s.alts))
		if k >= len(s.alts) {
			return purpose
		}
		return s.alts[k] + purpose[len(s.lead):]
	}
	return purpose
}

// objectSynonyms are other words people use for what a purpose acts on:
// folders for directories, a few for several.
var objectSynonyms = []struct {
	words string
	alts  []string
}{
	{" all files and directories", []string{" the files and folders", " everything", " the contents"}},
	{" files and directories", []string{" files and folders", " files"}},
	{" directories", []string{" folders"}},
	{" directory", []string{" folder"}},
	{" several ", []string{" a few ", " some ", " the "}},
	{" entire ", []string{" whole ", " full "}},
	{" of a branch", []string{" on a branch", " in a branch's history"}},
	{" GitHub repository", []string{" repo", " GitHub repo", " repository"}},
	{" GitHub repositories", []string{" repos", " repositories"}},
	{" from the knowledge graph", []string{" from the graph", " from memory"}},
	{" in the knowledge graph", []string{" in the graph", " in memory"}},
	{" knowledge graph", []string{" graph"}},
}

// rephraseObject swaps, each half the time, phrases of the object for
// words people also use.
func rephraseObject(r *rand.Rand, purpose string) string {
	for _, s := range objectSynonyms {
		if !strings.Contains(purpose, s.words) {
			continue
		}
		if k := r.IntN(2 * len(s.alts)); k < len(s.alts) {
			purpose = strings.Replace(purpose, s.words, s.alts[k], 1)
		}
	}
	return purpose
}
