package grpcclient

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func serveHealth(t *testing.T) (string, *grpc.Server) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	healthpb.RegisterHealthServer(srv, health.NewServer())
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String(), srv
}

func TestCheckTarget(t *testing.T) {
	for target, ok := range map[string]bool{
		"127.0.0.1:7101":                 true,
		"127.0.0.1:7101,127.0.0.1:7121":  true,
		"127.0.0.1:7101, 127.0.0.1:7121": true,
		"cluster":                        false,
		"127.0.0.1:7101,cluster":         false,
	} {
		if err := CheckTarget(target); (err == nil) != ok {
			t.Errorf("CheckTarget(%q) = %v, want ok %v", target, err, ok)
		}
	}
}

// Calls to several replicas keep succeeding while one of them is down.
func TestDialReplicasSurvivesOneDown(t *testing.T) {
	a, srvA := serveHealth(t)
	b, _ := serveHealth(t)
	conn, err := Dial(a+","+b, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := healthpb.NewHealthClient(conn)
	check := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true))
		return err
	}
	for range 4 {
		if err := check(); err != nil {
			t.Fatalf("both replicas up: %v", err)
		}
	}
	srvA.Stop()
	// A call sent on the stopped replica's connection as it closes fails;
	// once the client has seen it go, every call goes to the other.
	deadline := time.Now().Add(5 * time.Second)
	for check() != nil {
		if time.Now().After(deadline) {
			t.Fatal("no call succeeded with one replica down")
		}
	}
	for i := range 10 {
		if err := check(); err != nil {
			t.Fatalf("call %d with one replica down: %v", i, err)
		}
	}
}
