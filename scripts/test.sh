#!/usr/bin/env bash
# ./freshet test: every test of the project, with the set-up they need (a JDK 21+, Chromium for the
# browser tests, promtool for the alert rules, npm for the browser client's type check), then ./mvnw verify. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/jdk.sh
echo "Using JAVA_HOME=$JAVA_HOME"

# The admin UI's browser tests drive Debian's Chromium; install it when missing and possible.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || true
  fi
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "The browser tests need Chromium and ChromeDriver: install them (Debian: apt-get install chromium chromium-driver) and run again" >&2
    exit 1
  fi
fi

# The alert rules' tests (deploy's AlertRulesTest) run promtool, from Debian's prometheus package.
if ! command -v promtool >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null) || true
  fi
  if ! command -v promtool >/dev/null 2>&1; then
    echo "The alert rule tests need promtool: install it (Debian: apt-get install prometheus) and run again" >&2
    exit 1
  fi
fi

# The browser client's type declarations: tsc --noEmit from npm (clients/js/README.md, "Checks").
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null) || true
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "The browser client's type check needs npm: install it (Debian: apt-get install npm) and run again" >&2
  exit 1
fi
(cd clients/js && npm ci --no-audit --no-fund && npm run check)

./mvnw -B verify
