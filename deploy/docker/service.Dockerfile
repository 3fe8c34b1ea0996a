# syntax=docker/dockerfile:1
# One TDScaling Go component as a static binary on a distroless, non-root
# base. Build from the repository root (the Go workspace):
#   docker build -f deploy/docker/service.Dockerfile --build-arg CMD=./services/cluster/cmd/cluster -t tdscaling/cluster .
# CMD is one of ./gateway/cmd/gateway, ./services/{cluster,blueprint,agent,evolve}/cmd/<name>
# or ./cmd/tds. (The sandbox has its own file: it needs interpreters and root
# inside its user namespace.) deploy/docker/build builds them all.
ARG GO_IMAGE=golang:1.26-bookworm

FROM ${GO_IMAGE} AS build
ARG CMD
ARG VERSION=dev
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    test -n "${CMD}" && \
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/tdscaling/tdscaling/platform/version.Version=${VERSION}" \
      -o /out/app "${CMD}"

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
