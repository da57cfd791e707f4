#!/usr/bin/env bash
# Install the Debian packages the tests need, when missing:
#   chromium        the browser tests drive /usr/bin/chromium (`playwright install` downloads its
#                   own browser build, which this network does not allow);
#   haproxy         the replica test runs two app processes behind it (DEPLOY.md);
#   fonts-noto-cjk  Chinese, Japanese and Korean text in the image exports.
# Without root or apt-get the tests that need them skip locally and fail under CI=true.
set -u
declare -A CHECK=(
  [chromium]=/usr/bin/chromium
  [haproxy]=/usr/sbin/haproxy
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
)
missing=()
for pkg in "${!CHECK[@]}"; do
  [ -e "${CHECK[$pkg]}" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} from Debian for the tests (a minute or two)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
  echo "apt-get could not install ${missing[*]}." >&2
else
  echo "${missing[*]} missing and cannot be installed here (needs root and apt-get): the tests that need them will be skipped." >&2
fi
[ "${CI:-}" = "true" ] && exit 1
exit 0
