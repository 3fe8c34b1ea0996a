package natsserver_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// TestLocalDeploymentConfigRequiresCredentials runs a server from
// deploy/local/nats.conf, as deploy/local/run does: the services' user of
// the TDS account connects and has JetStream; an anonymous client and a
// wrong password are refused.
func TestLocalDeploymentConfigRequiresCredentials(t *testing.T) {
	const password = "local-pw-0f3a"
	t.Setenv("TDS_NATS_PASSWORD", password)
	opts, err := server.ProcessConfigFile("../../deploy/local/nats.conf")
	if err != nil {
		t.Fatal(err)
	}
	if opts.Host != "127.0.0.1" {
		t.Fatalf("listens on %q, want loopback", opts.Host)
	}
	opts.Port = server.RANDOM_PORT
	opts.StoreDir = t.TempDir()
	opts.NoSigs, opts.NoLog = true, true
	ns, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("not ready")
	}

	nc, err := nats.Connect(ns.ClientURL(), nats.UserInfo("tds", password))
	if err != nil {
		t.Fatalf("the services' user: %v", err)
	}
	defer nc.Close()
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.AccountInfo(); err != nil {
		t.Fatalf("JetStream for the services' user: %v", err)
	}
	for name, o := range map[string][]nats.Option{"anonymous": nil, "wrong password": {nats.UserInfo("tds", "nope")}} {
		nc, err := nats.Connect(ns.ClientURL(), o...)
		if err == nil {
			nc.Close()
			t.Fatalf("%s client connected", name)
		}
		if !errors.Is(err, nats.ErrAuthorization) && !strings.Contains(strings.ToLower(err.Error()), "authorization") {
			t.Fatalf("%s client: %v, want an authorization violation", name, err)
		}
	}
}
