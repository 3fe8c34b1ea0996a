package app

import (
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/nats-io/nats.go"

	"github.com/tdscaling/tdscaling/platform/config"
)

// natsClientFlags say where a service's NATS server is and how it proves
// who it is. The password is meant for the environment (TDS_NATS_PASSWORD),
// where `ps` does not show it.
type natsClientFlags struct {
	url      string
	user     string
	password string
	caFile   string
	replicas int
}

func (f *natsClientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "nats.url", "", "NATS server URL (JetStream enabled; tls://host:port for TLS); empty runs without the event bus")
	fs.StringVar(&f.user, "nats.user", "", "NATS user, for a server with accounts or users (deploy/local, deploy/k8s)")
	fs.StringVar(&f.password, "nats.password", "", "password of --nats.user; set it through TDS_NATS_PASSWORD rather than the command line")
	fs.StringVar(&f.caFile, "nats.ca_file", "", "PEM file of the CA that signed the NATS server's TLS certificate (default: the system's roots)")
	fs.IntVar(&f.replicas, "nats.replicas", 1, "replicas of the streams and buckets the service creates: 1 on one NATS server, 3 on a cluster (a majority of them must be up for writes)")
}

// validate checks the replica count: JetStream keeps 1 to 5 copies, and an
// even count tolerates no more failures than the odd count below it.
func (f *natsClientFlags) validate(v *config.Validator) {
	v.Check(f.replicas == 1 || f.replicas == 3 || f.replicas == 5, "nats.replicas", "want 1, 3 or 5, got %d", f.replicas)
}

// connect dials the server; errors name the server without its user info.
func (f *natsClientFlags) connect(name string) (*nats.Conn, error) {
	opts := []nats.Option{nats.Name(name), nats.MaxReconnects(-1)}
	if f.user != "" {
		opts = append(opts, nats.UserInfo(f.user, f.password))
	}
	if f.caFile != "" {
		opts = append(opts, nats.RootCAs(f.caFile))
	}
	nc, err := nats.Connect(f.url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", redactURL(f.url), err)
	}
	return nc, nil
}

// redactURL drops the passwords of the user info nats.url may carry, in
// each of its comma-separated server URLs.
func redactURL(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		u, err := url.Parse(strings.TrimSpace(p))
		switch {
		case err != nil && strings.Contains(p, "@"):
			parts[i] = "(unparsable URL)"
		case err == nil && u.User != nil:
			parts[i] = u.Redacted()
		}
	}
	return strings.Join(parts, ",")
}
