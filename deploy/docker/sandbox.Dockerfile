# syntax=docker/dockerfile:1
# The sandbox service: a static binary plus the interpreters it runs (Python 3,
# bash, sqlite3), which each run sees read-only through a bind of /usr.
#   docker build -f deploy/docker/sandbox.Dockerfile -t tdscaling/sandbox .
#
# It runs as root, because it creates a user namespace per run and maps a uid
# range into it, mounts each run's minimal root and /proc, and writes the
# memory and pids cgroup limits. Run it where that root is not the node's:
# in a pod with hostUsers: false (its own user namespace, /proc unmasked, a
# seccomp profile that allows these calls) or under gVisor; see deploy/README.md.
ARG GO_IMAGE=golang:1.26-bookworm

FROM ${GO_IMAGE} AS build
ARG VERSION=dev
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/tdscaling/tdscaling/platform/version.Version=${VERSION}" \
      -o /out/sandbox ./services/sandbox/cmd/sandbox

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 bash sqlite3 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/sandbox /usr/local/bin/sandbox
USER 0:0
ENTRYPOINT ["/usr/local/bin/sandbox"]
