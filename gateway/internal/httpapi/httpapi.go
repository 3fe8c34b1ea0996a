// Package httpapi serves JobService as HTTP/JSON (grpc-gateway, one POST
// route per RPC: /tdscaling.job.v1.JobService/<Method>), each dataset file
// as a plain download (GET /v1/jobs/{id}/files/{name}) and the OpenAPI
// description at /openapi.json. Calls are proxied to the gateway's own gRPC
// server with the Authorization header, so HTTP and gRPC share one auth;
// the HTTP side checks the token and the body's size itself first, so that
// a refused request costs its headers only.
package httpapi

import (
	"context"
	_ "embed"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// OpenAPI is the generated OpenAPI v2 description of JobService.
//
//go:embed openapi/jobs.swagger.json
var OpenAPI []byte

// Handler returns the HTTP/JSON API over the gRPC connection conn; guard
// authenticates each call and bounds its body before it is decoded.
func Handler(ctx context.Context, conn *grpc.ClientConn, guard Guard) (http.Handler, error) {
	mux := runtime.NewServeMux(runtime.WithMarshalerOption(runtime.MIMEWildcard, &runtime.JSONPb{
		MarshalOptions:   protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: false},
		UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
	}))
	if err := jobv1.RegisterJobServiceHandler(ctx, mux, conn); err != nil {
		return nil, err
	}
	root := http.NewServeMux()
	root.Handle("/tdscaling.job.v1.JobService/", guard.wrap(mux))
	// An upload streams: the token is checked first, and the gRPC server
	// bounds the body (its corpus size limit) as it arrives.
	root.Handle("POST "+UploadPath, Guard{Tokens: guard.Tokens}.wrap(upload(jobv1.NewJobServiceClient(conn))))
	// A download has no body: the token is checked first, the job's owner
	// by the gRPC server.
	root.Handle("GET "+DownloadPath, Guard{Tokens: guard.Tokens}.wrap(download(jobv1.NewJobServiceClient(conn))))
	root.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(OpenAPI)
	})
	root.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	return root, nil
}
