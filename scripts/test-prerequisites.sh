#!/usr/bin/env bash
# What the tests need beyond npm packages: PostgreSQL 15's server binaries (the PostgreSQL suites' throwaway
# clusters), Redis (the rate-limit suite's throwaway server that two gateways share) and Chromium (the web
# app's end-to-end tests). Run before `npm test` (its pretest step) and by .ci/run, so the two cannot drift.
# Installs what is missing with apt-get when it can (root, apt-get there), once; otherwise stops at once with
# the one command to run.
set -euo pipefail

postgres_bin=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
redis_server=${REDIS_SERVER:-/usr/bin/redis-server}
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}

missing=()
[[ -x $postgres_bin/initdb ]] || missing+=(postgresql-15)
[[ -x $redis_server ]] || missing+=(redis-server)
[[ -x $chromium ]] || missing+=(chromium)
(( ${#missing[@]} )) || exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} for the tests with apt-get (PostgreSQL 15 server binaries for the throwaway clusters, Redis for the shared rate limits, Chromium for the web app's browser tests); once" >&2
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "apt-get could not install ${missing[*]}; the tests need them (or POSTGRES_BIN / REDIS_SERVER / CHROMIUM_PATH pointing at your own)" >&2
  exit 1
fi

echo "The tests need ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (or set POSTGRES_BIN / REDIS_SERVER / CHROMIUM_PATH to your own), then npm test again" >&2
exit 1
