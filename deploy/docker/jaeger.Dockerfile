# syntax=docker/dockerfile:1
# Jaeger v2, built from the Go module proxy at the version pinned in
# tools/jaeger/go.mod (the same binary deploy/local/run starts).
#   docker build -f deploy/docker/jaeger.Dockerfile -t tdscaling/jaeger .
ARG GO_IMAGE=golang:1.26-bookworm

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY tools/jaeger/go.mod tools/jaeger/go.sum ./
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    CGO_ENABLED=0 GOWORK=off go build -trimpath -ldflags "-s -w" \
      -o /out/jaeger github.com/jaegertracing/jaeger/cmd/jaeger

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/jaeger /jaeger
USER 65532:65532
ENTRYPOINT ["/jaeger"]
