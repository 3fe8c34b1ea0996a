package realism

// maxTallied bounds the distinct kinds of offence a measure remembers;
// past it, kinds already seen are still counted and new ones are not,
// so the example stays the most frequent of what was seen early.
const maxTallied = 4096

// tally counts offences by a key, the kind of offence a reader should
// see (a placeholder's shape, a format's name, the value itself), and keeps
// the first value and record of each kind as its example.
type tally struct {
	seen map[string]*keyed
}

type keyed struct {
	key string
	Example
}

func (t *tally) add(key, value, recordID, detail string) {
	if t.seen == nil {
		t.seen = map[string]*keyed{}
	}
	if e, ok := t.seen[key]; ok {
		e.Count++
		return
	}
	if len(t.seen) < maxTallied {
		t.seen[key] = &keyed{key, Example{Value: value, RecordID: recordID, Detail: detail, Count: 1}}
	}
}

// top is the example of the most frequent kind, the smallest key among
// equals.
func (t *tally) top() *Example {
	var best *keyed
	for _, e := range t.seen {
		if best == nil || e.Count > best.Count || e.Count == best.Count && e.key < best.key {
			best = e
		}
	}
	if best == nil {
		return nil
	}
	c := best.Example
	return &c
}
