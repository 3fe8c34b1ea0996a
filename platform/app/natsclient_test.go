package app

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/natsserver"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"nats://127.0.0.1:4222":                          "nats://127.0.0.1:4222",
		"nats://tds:s3cret@nats:4222":                    "nats://tds:xxxxx@nats:4222",
		"nats://tds:s3cret@a:4222,nats://tds:s3cret@b:1": "nats://tds:xxxxx@a:4222,nats://tds:xxxxx@b:1",
		"nats://tds:s3%zz@a:4222":                        "(unparsable URL)",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNATSClientCredentials: a service connects with --nats.user and
// --nats.password to a server that requires them, is refused without, and
// the error names the server but never the password.
func TestNATSClientCredentials(t *testing.T) {
	ns, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir(), User: "tds", Password: "pw-123456"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()

	good := natsClientFlags{url: ns.ClientURL(), user: "tds", password: "pw-123456"}
	nc, err := good.connect("test")
	if err != nil {
		t.Fatalf("with credentials: %v", err)
	}
	nc.Close()

	for _, f := range []natsClientFlags{
		{url: ns.ClientURL()},
		{url: ns.ClientURL(), user: "tds", password: "wrong-pw"},
		{url: strings.Replace(ns.ClientURL(), "nats://", "nats://tds:wrong-pw@", 1)},
	} {
		nc, err := f.connect("test")
		if err == nil {
			nc.Close()
			t.Fatalf("%+v connected", f)
		}
		if strings.Contains(err.Error(), "wrong-pw") || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Fatalf("error %q: want the server named without the password", err)
		}
	}
}
