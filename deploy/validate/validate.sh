#!/usr/bin/env bash
# Offline checks of the deployment files: docker-compose.yml against Compose's schema (Debian's
# docker-compose v1 and the npm dclint linter) and deploy/k8s (base and overlays) against the Kubernetes,
# Strimzi, CloudNativePG and Prometheus-operator schemas. Installs the tools it lacks when it can (root with
# apt-get, npm); says so and skips a check when it cannot.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"

if ! command -v docker-compose >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "deploy checks: installing docker-compose (Debian)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f "$ROOT/docker-compose.yml" config -q
  echo "docker-compose.yml: valid for $(docker-compose version --short 2>/dev/null || echo docker-compose)"
else
  echo "deploy checks: SKIPPED docker-compose config (docker-compose not installed and not installable here)"
fi

if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
  npm install --no-package-lock --no-audit --no-fund --silent >/dev/null
  node_modules/.bin/dclint "$ROOT/docker-compose.yml" >/dev/null || node_modules/.bin/dclint "$ROOT/docker-compose.yml"
  echo "docker-compose.yml: no dclint errors"
  node validate-k8s.mjs "$ROOT/deploy/k8s"
else
  echo "deploy checks: SKIPPED dclint and the Kubernetes schemas (node and npm not installed)"
fi
