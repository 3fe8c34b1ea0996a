// Package dashboard is the gateway's web dashboard: the caller's jobs, one
// job live (its counters, metric curves and histograms as they grow, what
// is rejected and why), and its records as a person reads them. The pages
// are HTML rendered here, charts included (SVG), and fetched by a small
// embedded script that sends the caller's token in the Authorization
// header: the token is asked once per browser tab, kept in the tab's
// session storage and never put in a URL. Without a valid token the API
// answers 401 and nothing else. Nothing is loaded from elsewhere.
package dashboard

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"unicode"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// Path is where the dashboard is served.
const Path = "/dashboard/"

// DefaultTraceURL links a job's trace id to the Jaeger UI deploy/local runs.
const DefaultTraceURL = "http://127.0.0.1:16686/trace/{trace_id}"

// Jobs is what the dashboard reads of the gateway's jobs, always as one
// owner (the principal of the caller's token): another owner's job is not
// found. The gateway's engine implements it.
type Jobs interface {
	List(ctx context.Context, owner string, state jobv1.JobState) ([]*jobv1.Job, error)
	Get(ctx context.Context, owner, id string) (*jobv1.Job, error)
	// Watch calls fn with the job now and on every change until it ends.
	Watch(ctx context.Context, owner, id string, fn func(*jobv1.Job) error) error
	// Report is the job's evolve report (nil before evolve has one).
	Report(ctx context.Context, owner, id string) (*evolvev1.Report, error)
	TraceID(ctx context.Context, owner, id string) (string, error)
}

// Config is what the dashboard serves.
type Config struct {
	Jobs Jobs
	// Tokens, when set, must match each API call's "Authorization: Bearer"
	// header; nil serves everyone as the one owner "" (a gateway without
	// tokens).
	Tokens *grpcserver.Tokens
	// TraceURL links a job's trace id: "{trace_id}" is replaced by it; empty
	// shows the id without a link.
	TraceURL string
	Logger   *slog.Logger
	// Status maps an error of Jobs to the gRPC status the job service
	// answers for it (the gateway's one mapping), so a page says what the
	// API would; nil when Jobs returns statuses already.
	Status func(context.Context, error) error
	// Stop, when closed, ends the live streams (a server shutting down
	// waits for open requests, and a stream never ends by itself).
	Stop <-chan struct{}
}

//go:embed static
var staticFiles embed.FS

//go:embed templates
var templateFiles embed.FS

type handler struct {
	cfg   Config
	log   *slog.Logger
	pages *template.Template
	index indexes
}

// Handler serves the dashboard beneath Path.
func Handler(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{cfg: cfg, log: cfg.Logger}
	h.pages = template.Must(template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/*.html"))
	static, _ := fs.Sub(staticFiles, "static")
	mux := http.NewServeMux()
	mux.Handle("GET /dashboard", http.RedirectHandler(Path, http.StatusMovedPermanently))
	mux.HandleFunc("GET /dashboard/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, static, "index.html")
	})
	mux.Handle("GET /dashboard/static/", http.StripPrefix("/dashboard/static/", http.FileServerFS(static)))
	mux.Handle("GET /dashboard/api/jobs", h.api(h.jobs))
	mux.Handle("GET /dashboard/api/jobs/{id}", h.api(h.job))
	mux.Handle("GET /dashboard/api/jobs/{id}/live", h.api(h.live))
	mux.Handle("GET /dashboard/api/jobs/{id}/records", h.api(h.records))
	mux.Handle("GET /dashboard/api/jobs/{id}/records/{kind}/{rid}", h.api(h.record))
	return secure(mux)
}

// secure sets the headers every answer carries: nothing is framed, sniffed,
// sent as a referrer or loaded from elsewhere.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

type apiFunc func(w http.ResponseWriter, r *http.Request, owner string) error

// api authenticates the caller before anything is read, and turns errors
// into a fragment that says what went wrong.
func (h *handler) api(fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		owner := ""
		if h.cfg.Tokens != nil {
			p, err := h.cfg.Tokens.Authenticate(r.Header.Get("Authorization"))
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="tdscaling"`)
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintln(w, status.Convert(err).Message())
				return
			}
			owner = string(p)
		}
		if id := r.PathValue("id"); id != "" && !validID(id) {
			h.fail(w, http.StatusBadRequest, fmt.Sprintf("%q is not a job id", clip(id, 40)))
			return
		}
		if err := fn(w, r, owner); err != nil {
			if r.Context().Err() != nil {
				return
			}
			code, msg := h.httpError(r.Context(), err)
			if code == http.StatusInternalServerError {
				h.log.Warn("dashboard", "path", r.URL.Path, "err", err)
			}
			h.fail(w, code, msg)
		}
	})
}

// errNotFound is a missing record or page.
var errNotFound = errors.New("not found")

func (h *handler) httpError(ctx context.Context, err error) (int, string) {
	if errors.Is(err, errNotFound) {
		return http.StatusNotFound, err.Error()
	}
	if h.cfg.Status != nil {
		err = h.cfg.Status(ctx, err)
	}
	st, ok := status.FromError(err)
	if !ok {
		return http.StatusInternalServerError, "the dashboard could not read this: see the gateway's log"
	}
	switch st.Code() {
	case codes.NotFound:
		return http.StatusNotFound, st.Message()
	case codes.InvalidArgument:
		return http.StatusBadRequest, st.Message()
	case codes.PermissionDenied:
		return http.StatusForbidden, st.Message()
	case codes.Unavailable, codes.DeadlineExceeded:
		return http.StatusServiceUnavailable, st.Message()
	}
	return http.StatusInternalServerError, "the dashboard could not read this: see the gateway's log"
}

func (h *handler) fail(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = h.pages.ExecuteTemplate(w, "error.html", msg)
}

// validID is the gateway's rule for job ids: letters, digits, '-' and '_'.
func validID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if r >= 0x80 || !(r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func (h *handler) render(w http.ResponseWriter, name string, data any) error {
	var b strings.Builder
	if err := h.pages.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write([]byte(b.String()))
	return err
}
