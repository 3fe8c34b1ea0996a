package config_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/config"
)

func TestValidator(t *testing.T) {
	t.Run("all checks pass", func(t *testing.T) {
		var v config.Validator
		v.Check(true, "nats.url", "must be set")
		if err := v.Err(); err != nil {
			t.Fatalf("Err() = %v, want nil", err)
		}
	})
	t.Run("one failure is the FieldError itself", func(t *testing.T) {
		var v config.Validator
		v.Check(false, "grpc.max_recv", "must be at least %d, got %d", 1024, 10)
		err := v.Err()
		const want = `config: key "grpc.max_recv": must be at least 1024, got 10`
		if err == nil || err.Error() != want {
			t.Fatalf("Err() = %v, want %s", err, want)
		}
		if _, ok := err.(*config.FieldError); !ok {
			t.Errorf("Err() is %T, want *config.FieldError", err)
		}
	})
	t.Run("several failures are joined", func(t *testing.T) {
		var v config.Validator
		v.Check(false, "nats.url", "must be set")
		v.Check(true, "grpc.listen", "unused")
		v.Check(false, "grpc.max_recv", "must be positive")
		err := v.Err()
		requireErrorContains(t, err, `key "nats.url": must be set`, `key "grpc.max_recv": must be positive`)
		if strings.Contains(err.Error(), "grpc.listen") {
			t.Errorf("Err() = %v reports a passing check", err)
		}
		var fe *config.FieldError
		if !errors.As(err, &fe) || fe.Key != "nats.url" {
			t.Errorf("errors.As found %+v, want the nats.url FieldError", fe)
		}
	})
	t.Run("prefixed validators share the errors", func(t *testing.T) {
		fs := serviceFlags()
		fs.Int("agent.grpc.max_recv", 1, "")
		t.Setenv("TDS_AGENT_GRPC_MAX_RECV", "0")
		loaded, err := config.Load(fs, nil, tds)
		requireNoError(t, err)

		v := config.Validator{Sources: loaded}
		v.Check(false, "debug", "top-level failure")
		agent := v.WithPrefix("agent.")
		agent.Check(false, "grpc.max_recv", "must be positive")
		agent.WithPrefix("x.").Check(false, "y", "nested")
		requireErrorContains(t, v.Err(),
			`config: key "debug" from default: top-level failure`,
			`config: key "agent.grpc.max_recv" from env TDS_AGENT_GRPC_MAX_RECV: must be positive`,
			`config: key "agent.x.y": nested`)
	})
	t.Run("errors say where the value came from", func(t *testing.T) {
		t.Setenv("TDS_GRPC_MAX_RECV", "10")
		path := writeFile(t, "nats:\n  url: ''\n")
		fs := serviceFlags()
		loaded, err := config.Load(fs, []string{"--config", path, "--grpc.listen", ""}, tds)
		requireNoError(t, err)

		v := config.Validator{Sources: loaded}
		v.Check(value(fs, "nats.url") != "", "nats.url", "must be set")
		v.Check(value(fs, "grpc.listen") != "", "grpc.listen", "must be set")
		v.Check(value(fs, "grpc.max_recv") == "4194304", "grpc.max_recv", "must not change")
		v.Check(value(fs, "debug") == "true", "debug", "must be on")
		v.Check(false, "not.a.flag", "is wrong")
		requireErrorContains(t, v.Err(),
			`config: key "nats.url" from file `+path+`:2: must be set`,
			`config: key "grpc.listen" from flag --grpc.listen: must be set`,
			`config: key "grpc.max_recv" from env TDS_GRPC_MAX_RECV: must not change`,
			`config: key "debug" from default: must be on`,
			`config: key "not.a.flag": is wrong`)
	})
}
