#!/usr/bin/env bash
# End-to-end tracing check: starts the local multi-process deployment
# (deploy/local/run, with Jaeger), runs a small job and asserts through
# Jaeger's query API that the job's trace has spans from all six components.
# Slow on first use (Jaeger's build takes ~20 minutes), so it is not part of
# scripts/test. Needs root, the ports of deploy/local/run free, and a corpus
# ($TDS_CHECK_CORPUS, default examples/corpora/bfcl-multiturn.jsonl).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=$(realpath "${TDS_CHECK_CORPUS:-examples/corpora/bfcl-multiturn.jsonl}")
py=$(scripts/python-client-env)

state=$(mktemp -d /tmp/tds-check-trace.XXXXXX)
deploy/local/run --state "$state" >"$state/run.out" 2>&1 &
run=$!
cleanup() {
  kill -TERM "$run" 2>/dev/null || true
  wait "$run" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT

# Up to 45 minutes: the first run builds Jaeger.
for _ in $(seq 2700); do
  [ -s "$state/endpoints.env" ] && break
  if ! kill -0 "$run" 2>/dev/null; then
    echo "check-trace: the local deployment did not start:" >&2
    cat "$state/run.out" >&2
    exit 1
  fi
  sleep 1
done
if [ ! -s "$state/endpoints.env" ]; then
  echo "check-trace: the local deployment was not ready after 45 minutes" >&2
  exit 1
fi
# shellcheck disable=SC1091
. "$state/endpoints.env"
"$py" deploy/local/check_trace.py --gateway "$TDS_GATEWAY" --token "$TDS_TOKEN" \
  --jaeger "$TDS_JAEGER_QUERY" --corpus "$corpus"
