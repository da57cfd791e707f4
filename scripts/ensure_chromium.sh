#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing.
# `playwright install` downloads its own browser build, which this network does not allow;
# the tests drive /usr/bin/chromium instead. Without root or apt-get the browser tests
# skip locally and fail under CI=true.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser tests (about a minute)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && exit 0
  echo "apt-get could not install chromium." >&2
else
  echo "chromium is missing and cannot be installed here (needs root and apt-get): browser tests will be skipped." >&2
fi
[ "${CI:-}" = "true" ] && exit 1
exit 0
