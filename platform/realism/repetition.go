package realism

import (
	"hash/fnv"
	"strings"
)

// ngramN is the length of the word n-grams whose spread over records
// measures templated first messages and answers.
const ngramN = 4

// ngramCounter counts, for each word 4-gram, the records that hold it
// (once per record however often the record repeats it). The counts are
// kept by 64-bit hash; the text of a 4-gram is kept once a second record
// holds it, which every candidate for the most common one does.
type ngramCounter struct {
	records int64
	counts  map[uint64]int64
	texts   map[uint64]Example
	first   *Example // the first 4-gram seen, should none repeat
}

func newNgramCounter() *ngramCounter {
	return &ngramCounter{counts: map[uint64]int64{}, texts: map[uint64]Example{}}
}

func (c *ngramCounter) addRecord(text, recordID string) {
	c.records++
	ws := words(text)
	seen := map[uint64]bool{}
	for i := 0; i+ngramN <= len(ws); i++ {
		g := strings.Join(ws[i:i+ngramN], " ")
		h := hash(g)
		if seen[h] {
			continue
		}
		seen[h] = true
		c.counts[h]++
		switch n := c.counts[h]; {
		case n == 2:
			c.texts[h] = Example{Value: g, RecordID: recordID}
		case n == 1 && c.first == nil:
			c.first = &Example{Value: g, RecordID: recordID}
		}
	}
}

// share is the records holding the most common 4-gram over the records
// measured; among equally common 4-grams the smallest text is reported.
func (c *ngramCounter) share() Share {
	s := Share{Den: c.records}
	var best uint64
	for h, n := range c.counts {
		if n > s.Num || n == s.Num && n >= 2 && c.texts[h].Value < c.texts[best].Value {
			s.Num, best = n, h
		}
	}
	switch {
	case s.Num >= 2:
		e := c.texts[best]
		e.Count = s.Num
		s.Example = &e
	case s.Num == 1 && c.first != nil:
		e := *c.first
		e.Count = 1
		s.Example = &e
	}
	return s
}

// openingCounter counts the reasoning contents by their first three words.
type openingCounter struct {
	total  int64
	counts map[string]*Example
}

func newOpeningCounter() *openingCounter { return &openingCounter{counts: map[string]*Example{}} }

func (c *openingCounter) add(reasoning, recordID string) {
	ws := words(reasoning)
	if len(ws) == 0 {
		return
	}
	c.total++
	open := strings.Join(ws[:min(3, len(ws))], " ")
	if e, ok := c.counts[open]; ok {
		e.Count++
		return
	}
	c.counts[open] = &Example{Value: open, RecordID: recordID, Count: 1}
}

func (c *openingCounter) share() Share {
	s := Share{Den: c.total}
	for _, e := range c.counts {
		if s.Example == nil || e.Count > s.Example.Count || e.Count == s.Example.Count && e.Value < s.Example.Value {
			s.Example = e
		}
	}
	if s.Example != nil {
		e := *s.Example
		s.Example, s.Num = &e, e.Count
	}
	return s
}

// trigramCounter counts the word trigrams of user messages, all and
// distinct (by 64-bit hash).
type trigramCounter struct {
	all      int64
	distinct map[uint64]struct{}
}

func newTrigramCounter() trigramCounter { return trigramCounter{distinct: map[uint64]struct{}{}} }

func (c *trigramCounter) add(text string) {
	ws := words(text)
	for i := 0; i+3 <= len(ws); i++ {
		c.all++
		c.distinct[hash(strings.Join(ws[i:i+3], " "))] = struct{}{}
	}
}

func (c *trigramCounter) share() Share {
	return Share{Num: int64(len(c.distinct)), Den: c.all}
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
