package strategy

import (
	"slices"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// sigTable is the signatures tdscaling has seen, interned, and what one
// more record of each is worth (w), kept between picks: a signature's
// weight changes only when its count does, or a count of one of its
// requests (dirty), or while it is at its cap (atCap: the cap lifts as the
// dataset grows), so a pick re-weighs those alone rather than every
// signature.
type sigTable struct {
	ids   map[string]int
	names []string
	w     []float64
	in    [][]*shape // by signature id: the shapes that produced it
	// reqIn lists, by request signature, the signatures holding it: their
	// weights change when its count does.
	reqIn map[string][]int
	dirty []int
	atCap []int
	// check is refresh's work list, kept to reuse its memory; seen[id] ==
	// gen marks a signature weighed in the current refresh.
	check []int
	seen  []uint32
	gen   uint32
}

func newSigTable() *sigTable {
	return &sigTable{ids: map[string]int{}, reqIn: map[string][]int{}}
}

// accepted counts a record of sig accepted for shape sh: sig is interned
// when new, and it and every signature sharing a request with it are
// re-weighed at the next refresh.
func (t *sigTable) accepted(sig string, sh *shape) {
	id, ok := t.ids[sig]
	if !ok { // a new signature: its slots in every per-signature slice
		id = len(t.names)
		t.ids[sig] = id
		t.names = append(t.names, sig)
		t.w = append(t.w, 0)
		t.in = append(t.in, nil)
		t.seen = append(t.seen, 0)
		for _, r := range slices.Compact(slices.Sorted(slices.Values(trajectory.RequestsOf(sig)))) {
			t.reqIn[r] = append(t.reqIn[r], id)
		}
	}
	t.dirty = append(t.dirty, id)
	for _, r := range trajectory.RequestsOf(sig) {
		t.dirty = append(t.dirty, t.reqIn[r]...)
	}
	if sh.count(id) {
		t.in[id] = append(t.in[id], sh)
	}
}

// refresh brings w up to date: the signatures whose counts changed since
// the last refresh and those at their caps are weighed again by weigh, each
// once; the shapes of a signature whose weight changed are marked stale.
func (t *sigTable) refresh(weigh func(sig string) float64) {
	t.check = append(append(t.check[:0], t.dirty...), t.atCap...)
	t.dirty, t.atCap = t.dirty[:0], t.atCap[:0]
	t.gen++
	for _, id := range t.check {
		if t.seen[id] == t.gen {
			continue
		}
		t.seen[id] = t.gen
		if w := weigh(t.names[id]); w != t.w[id] {
			t.w[id] = w
			for _, sh := range t.in[id] {
				sh.stale = true
			}
		}
		if t.w[id] == 0 {
			t.atCap = append(t.atCap, id)
		}
	}
}
