// Package natsserver runs an embedded NATS server with JetStream, for the
// all-in-one `tds up` and for tests: real NATS, in-process.
package natsserver

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Config of an embedded server.
type Config struct {
	// Host to bind; default 127.0.0.1.
	Host string
	// Port to bind; 0 picks a free port.
	Port int
	// StoreDir holds the JetStream file store; it survives restarts.
	StoreDir string
	// Log enables the server's own logging to stderr.
	Log bool
	// Logger, when set and Log is not, receives the server's warnings and
	// errors (JetStream out of disk space, say), which would otherwise go
	// nowhere.
	Logger *slog.Logger
	// User and Password, when User is set, are the only credentials the
	// server accepts: anonymous clients are refused. The password is never
	// logged.
	User     string
	Password string
}

// Start starts a server and waits until it accepts connections.
func Start(cfg Config) (*server.Server, error) {
	if cfg.StoreDir == "" {
		return nil, fmt.Errorf("natsserver: StoreDir must be set (JetStream keeps its file store there)")
	}
	host := cfg.Host
	if host == "" {
		host = "127.0.0.1"
	}
	port := cfg.Port
	if port == 0 {
		port = server.RANDOM_PORT
	}
	opts := &server.Options{
		ServerName: "tds-embedded",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   cfg.StoreDir,
		NoSigs:     true,
		NoLog:      !cfg.Log,
	}
	if cfg.User != "" {
		if cfg.Password == "" {
			return nil, fmt.Errorf("natsserver: a User needs a Password")
		}
		opts.Users = []*server.User{{Username: cfg.User, Password: cfg.Password}}
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("natsserver: %w", err)
	}
	if cfg.Log {
		ns.ConfigureLogger()
	} else if cfg.Logger != nil {
		ns.SetLoggerV2(slogAdapter{cfg.Logger}, false, false, false)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("natsserver: not ready for connections after 10s on %s:%d", host, port)
	}
	return ns, nil
}

// slogAdapter passes the server's warnings and errors to a slog logger; its
// notices, debug and trace lines are dropped.
type slogAdapter struct{ log *slog.Logger }

func (a slogAdapter) Noticef(string, ...any) {}
func (a slogAdapter) Debugf(string, ...any)  {}
func (a slogAdapter) Tracef(string, ...any)  {}

func (a slogAdapter) Warnf(format string, v ...any) {
	a.log.Log(context.Background(), slog.LevelWarn, "nats server: "+fmt.Sprintf(format, v...))
}

func (a slogAdapter) Errorf(format string, v ...any) {
	a.log.Log(context.Background(), slog.LevelError, "nats server: "+fmt.Sprintf(format, v...))
}

func (a slogAdapter) Fatalf(format string, v ...any) {
	a.log.Log(context.Background(), slog.LevelError, "nats server: "+fmt.Sprintf(format, v...))
}
