package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// countingBody is a request body that counts the bytes read from it.
type countingBody struct {
	r    io.Reader
	read int
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += n
	return n, err
}

func (b *countingBody) Close() error { return nil }

func TestGuard(t *testing.T) {
	const route = "/tdscaling.job.v1.JobService/CreateJob"
	guard := Guard{
		Tokens:       grpcserver.NewTokens([]string{"tokA", "tokB"}),
		Limits:       map[string]int{route: 1000},
		DefaultLimit: 100,
	}
	var got []byte
	h := guard.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusOK)
	}))
	cases := []struct {
		name      string
		path      string
		auth      string
		body      int
		chunked   bool
		want      int
		wantMsg   string
		maxRead   int
		reachNext bool
	}{
		{name: "no token", path: route, body: 5000, want: 401, wantMsg: "missing bearer token", maxRead: 0},
		{name: "wrong token", path: route, auth: "Bearer tokC", body: 5000, want: 401, wantMsg: "unknown bearer token", maxRead: 0},
		{name: "too large, declared", path: route, auth: "Bearer tokA", body: 5000, want: 413, wantMsg: "exceeds the limit of 1000 bytes", maxRead: 0},
		{name: "too large, chunked", path: route, auth: "Bearer tokA", body: 5000, chunked: true, want: 413, wantMsg: "exceeds the limit of 1000 bytes", maxRead: 1001 + 4096},
		{name: "default limit", path: "/tdscaling.job.v1.JobService/GetJob", auth: "Bearer tokB", body: 101, want: 413, wantMsg: "limit of 100 bytes", maxRead: 0},
		{name: "within the limit", path: route, auth: "Bearer tokB", body: 1000, want: 200, maxRead: 1000, reachNext: true},
		{name: "within, chunked", path: route, auth: "Bearer tokB", body: 999, chunked: true, want: 200, maxRead: 999, reachNext: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got = nil
			body := &countingBody{r: strings.NewReader(strings.Repeat("x", c.body))}
			req := httptest.NewRequest(http.MethodPost, c.path, nil)
			req.Body = body
			req.ContentLength = int64(c.body)
			if c.chunked {
				req.ContentLength = -1
			}
			if c.auth != "" {
				req.Header.Set("Authorization", c.auth)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.want, rec.Body)
			}
			if body.read > c.maxRead {
				t.Fatalf("read %d bytes of the body, want at most %d", body.read, c.maxRead)
			}
			if c.reachNext != (got != nil) || (got != nil && len(got) != c.body) {
				t.Fatalf("handler got %d bytes (reached: %v), want %d", len(got), got != nil, c.body)
			}
			if c.wantMsg != "" {
				var st struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || !strings.Contains(st.Message, c.wantMsg) {
					t.Fatalf("body %s (%v): want a status whose message holds %q", rec.Body, err, c.wantMsg)
				}
				if c.want == 401 && rec.Header().Get("WWW-Authenticate") == "" {
					t.Fatal("401 without WWW-Authenticate")
				}
			}
		})
	}
}
