package llm

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
)

// Probe checks that an OpenAI-compatible server answers HTTP at baseURL (a
// GET of its /models; any status will do: the point is an address that is
// wrong or a server that is down, caught before a job starts). The error is
// the innermost cause ("connection refused"), without the URL wrapping it.
func Probe(ctx context.Context, client *http.Client, baseURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+"/models", nil)
	if err == nil {
		var resp *http.Response
		if resp, err = client.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			_ = resp.Body.Close()
			return nil
		}
	}
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err
		}
		err = inner
	}
}

// Server returns the flag that sets the endpoint's base URL and the URL,
// when the endpoint is an OpenAI-compatible server (ok is false for sim).
func (f *EndpointFlags) Server() (flag, baseURL string, ok bool) {
	e := f.Endpoint()
	if e.Provider != ProviderOpenAI {
		return "", "", false
	}
	return f.prefix + "base_url", e.BaseURL, true
}

// Servers maps the base-URL flag of each of the roles (every registered
// role when none given) that is configured with an OpenAI-compatible server
// to its URL.
func (r *RoleFlags) Servers(roles ...Role) map[string]string {
	out := map[string]string{}
	for role, f := range r.roles {
		if len(roles) > 0 && !slices.Contains(roles, role) {
			continue
		}
		if flag, url, ok := f.Server(); ok {
			out[flag] = url
		}
	}
	return out
}
