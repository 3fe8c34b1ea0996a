package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nats-io/nats.go"
)

// natsAuthFile, under the data directory, holds the embedded NATS server's
// credentials while API tokens are required: whoever reaches the NATS port
// would otherwise read and write every job's events, specs and records
// without a token.
const natsAuthFile = "nats-auth.json"

// natsUser is the one user of the embedded server; the services of `tds up`
// connect as it.
const natsUser = "tds"

// natsCredentials are the embedded server's user and password.
type natsCredentials struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

// option is the client option that connects with the credentials; none for
// a server without them.
func (c natsCredentials) option() nats.Option {
	if c.User == "" {
		return func(*nats.Options) error { return nil }
	}
	return nats.UserInfo(c.User, c.Password)
}

// newNATSCredentials draws a password for this run of the server and stores
// it in dataDir/nats-auth.json, readable by its owner only, for operators'
// own clients (`nats --user tds --password "$(jq -r .password FILE)"`).
// Every start draws a new one, so a copy of an old file opens nothing.
func newNATSCredentials(dataDir string) (natsCredentials, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return natsCredentials{}, fmt.Errorf("draw NATS password: %w", err)
	}
	c := natsCredentials{User: natsUser, Password: base64.RawURLEncoding.EncodeToString(secret)}
	data, err := json.Marshal(c)
	if err != nil {
		return natsCredentials{}, err
	}
	path := filepath.Join(dataDir, natsAuthFile)
	tmp, err := os.CreateTemp(dataDir, natsAuthFile+".tmp-*")
	if err != nil {
		return natsCredentials{}, fmt.Errorf("write NATS credentials: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; removes a failed write
	// CreateTemp makes the file 0600 before any byte of the secret is in it.
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return natsCredentials{}, fmt.Errorf("write NATS credentials: %w", err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return natsCredentials{}, fmt.Errorf("write NATS credentials: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return natsCredentials{}, fmt.Errorf("write NATS credentials: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return natsCredentials{}, fmt.Errorf("write NATS credentials: %w", err)
	}
	return c, nil
}

// removeNATSCredentials deletes the file once the server has stopped: its
// password opens nothing any more.
func removeNATSCredentials(dataDir string) {
	_ = os.Remove(filepath.Join(dataDir, natsAuthFile))
}
