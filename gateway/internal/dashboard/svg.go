package dashboard

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// The charts are SVG drawn here, so the page needs no chart library and
// shows the same numbers the tests read: each chart carries the count of
// points it plots (data-points), and every series is listed in a legend.

// Point is one point of a series.
type Point struct{ X, Y float64 }

// Series is one line of a chart; Class picks its colour in style.css.
type Series struct {
	Name   string
	Class  string
	Points []Point
	Dashed bool
}

// Ref is a horizontal reference line (a baseline) with a marker at X.
type Ref struct {
	Name  string
	Class string
	X, Y  float64
}

// LineChart is a chart of series over a shared x axis.
type LineChart struct {
	ID     string
	Title  string
	XLabel string
	YLabel string
	Series []Series
	Refs   []Ref
	// YMin0 starts the y axis at zero.
	YMin0 bool
}

const (
	chartW, chartH = 640.0, 240.0
	padL, padR     = 52.0, 14.0
	padT, padB     = 12.0, 36.0
)

// SVG renders the chart.
func (c LineChart) SVG() template.HTML {
	var b strings.Builder
	n := 0
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	see := func(p Point) {
		xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
		ymin, ymax = math.Min(ymin, p.Y), math.Max(ymax, p.Y)
	}
	for _, s := range c.Series {
		for _, p := range s.Points {
			see(p)
			n++
		}
	}
	for _, r := range c.Refs {
		see(Point{r.X, r.Y})
	}
	fmt.Fprintf(&b, `<figure class="chart" id="%s" data-points="%d"><figcaption>%s</figcaption>`, esc(c.ID), n, esc(c.Title))
	fmt.Fprintf(&b, `<svg viewBox="0 0 %g %g" role="img" aria-label="%s"><title>%s</title>`, chartW, chartH, esc(c.Title), esc(c.Title))
	if n == 0 {
		fmt.Fprintf(&b, `<text class="empty" x="%g" y="%g" text-anchor="middle">no data yet</text></svg></figure>`, chartW/2, chartH/2)
		return template.HTML(b.String())
	}
	if c.YMin0 {
		ymin = math.Min(0, ymin)
	}
	if xmax == xmin {
		xmin, xmax = xmin-1, xmax+1
	}
	if ymax == ymin {
		ymin, ymax = ymin-1, ymax+1
		if c.YMin0 && ymin < 0 {
			ymin = 0
		}
	}
	yt := ticks(ymin, ymax, 5)
	ymin, ymax = math.Min(ymin, yt[0]), math.Max(ymax, yt[len(yt)-1])
	xt := ticks(xmin, xmax, 6)
	px := func(x float64) float64 { return padL + (x-xmin)/(xmax-xmin)*(chartW-padL-padR) }
	py := func(y float64) float64 { return chartH - padB - (y-ymin)/(ymax-ymin)*(chartH-padT-padB) }
	b.WriteString(`<g class="grid">`)
	for _, t := range yt {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/><text class="tick" x="%.1f" y="%.1f" text-anchor="end">%s</text>`,
			padL, chartW-padR, py(t), py(t), padL-6, py(t)+4, tickLabel(t))
	}
	for _, t := range xt {
		if t < xmin || t > xmax {
			continue
		}
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, px(t), chartH-padB+16, tickLabel(t))
	}
	b.WriteString(`</g>`)
	fmt.Fprintf(&b, `<line class="axis" x1="%g" x2="%g" y1="%g" y2="%g"/>`, padL, chartW-padR, chartH-padB, chartH-padB)
	fmt.Fprintf(&b, `<text class="axis-label" x="%g" y="%g" text-anchor="middle">%s</text>`, (padL+chartW-padR)/2, chartH-4, esc(c.XLabel))
	for _, r := range c.Refs {
		fmt.Fprintf(&b, `<g class="ref %s"><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke-dasharray="6 4"/><circle cx="%.1f" cy="%.1f" r="4"><title>%s: %s at %s</title></circle></g>`,
			esc(r.Class), padL, chartW-padR, py(r.Y), py(r.Y), px(r.X), py(r.Y), esc(r.Name), tickLabel(r.Y), tickLabel(r.X))
	}
	for _, s := range c.Series {
		if len(s.Points) == 0 {
			continue
		}
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="3 3"`
		}
		fmt.Fprintf(&b, `<polyline class="line %s" fill="none"%s points="`, esc(s.Class), dash)
		for i, p := range s.Points {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", px(p.X), py(p.Y))
		}
		b.WriteString(`"/>`)
		last := s.Points[len(s.Points)-1]
		fmt.Fprintf(&b, `<circle class="dot %s" cx="%.1f" cy="%.1f" r="3"><title>%s: %s at %s</title></circle>`,
			esc(s.Class), px(last.X), py(last.Y), esc(s.Name), tickLabel(last.Y), tickLabel(last.X))
	}
	b.WriteString(`</svg><ul class="legend">`)
	for _, s := range c.Series {
		v := "—"
		if len(s.Points) > 0 {
			v = tickLabel(s.Points[len(s.Points)-1].Y)
		}
		fmt.Fprintf(&b, `<li><span class="key %s"></span>%s <b>%s</b></li>`, esc(s.Class), esc(s.Name), v)
	}
	for _, r := range c.Refs {
		fmt.Fprintf(&b, `<li><span class="key ref %s"></span>%s <b>%s</b> at %s</li>`, esc(r.Class), esc(r.Name), tickLabel(r.Y), tickLabel(r.X))
	}
	fmt.Fprintf(&b, `</ul><p class="axis-note">y: %s</p></figure>`, esc(c.YLabel))
	return template.HTML(b.String())
}

// Bar is one bar of a histogram.
type Bar struct {
	Label string
	Count int64
}

// BarChart is a histogram drawn as labelled horizontal bars, largest first;
// past Max bars the rest are summed into one "others" line.
type BarChart struct {
	ID    string
	Title string
	Bars  []Bar
	Max   int
}

// SVG renders the histogram: each bar with its label above it and its count
// at its end, so no number hides behind another at a phone's width.
func (c BarChart) SVG() template.HTML {
	bars := c.Bars
	var others, othersN int64
	if c.Max > 0 && len(bars) > c.Max {
		for _, o := range bars[c.Max:] {
			others += o.Count
			othersN++
		}
		bars = bars[:c.Max]
	}
	var total, top int64
	for _, x := range c.Bars {
		total += x.Count
		top = max(top, x.Count)
	}
	const rowH, labelH, barH = 34.0, 14.0, 12.0
	h := rowH*float64(len(bars)) + 8
	if others > 0 {
		h += 20
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chart bars" id="%s" data-bars="%d" data-total="%d"><figcaption>%s</figcaption>`, esc(c.ID), len(c.Bars), total, esc(c.Title))
	if len(bars) == 0 {
		b.WriteString(`<p class="empty">no records yet</p></figure>`)
		return template.HTML(b.String())
	}
	fmt.Fprintf(&b, `<svg viewBox="0 0 %g %g" role="img" aria-label="%s"><title>%s</title>`, chartW, h, esc(c.Title), esc(c.Title))
	for i, x := range bars {
		y := float64(i)*rowH + 4
		w := (chartW - 90) * float64(x.Count) / float64(max(top, 1))
		share := 100 * float64(x.Count) / float64(max(total, 1))
		fmt.Fprintf(&b, `<g><title>%s: %d (%.1f %%)</title><text class="bar-label" x="0" y="%.1f">%s</text>`, esc(x.Label), x.Count, share, y+labelH-2, esc(clip(x.Label, 80)))
		fmt.Fprintf(&b, `<rect class="bar" x="0" y="%.1f" width="%.1f" height="%g"/>`, y+labelH+1, math.Max(w, 1), barH)
		fmt.Fprintf(&b, `<text class="bar-count" x="%.1f" y="%.1f">%d · %.0f %%</text></g>`, math.Max(w, 1)+6, y+labelH+barH, x.Count, share)
	}
	if others > 0 {
		fmt.Fprintf(&b, `<text class="bar-label" x="0" y="%.1f">and %d others: %d</text>`, float64(len(bars))*rowH+18, othersN, others)
	}
	b.WriteString(`</svg></figure>`)
	return template.HTML(b.String())
}

// ticks returns about n round values covering [lo, hi].
func ticks(lo, hi float64, n int) []float64 {
	span := hi - lo
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		return []float64{lo}
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	var out []float64
	for v := start; len(out) < 4*n; v += step {
		out = append(out, math.Round(v/step)*step)
		if v >= hi-step*1e-9 {
			break
		}
	}
	return out
}

func tickLabel(v float64) string {
	switch a := math.Abs(v); {
	case a >= 10000:
		return fmt.Sprintf("%.0fk", v/1000)
	case a >= 100 || v == math.Trunc(v):
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
