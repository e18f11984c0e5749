#!/bin/sh
# Runs a test binary as an ordinary user. CI runs as root, on a host whose cgroups only root can
# use; researchers often are not root. As root: creates the system user r1-sandbox-test (once)
# and drops to it, with a minimal environment (CI kept, so tests that cannot run still fail under
# CI=true); as anyone else: runs the binary as is.
# usage: as_user.sh TEST_BINARY [catch2 arguments...]
set -eu
bin=$1
shift
if [ "$(id -u)" != 0 ]; then exec "$bin" "$@"; fi
user=r1-sandbox-test
if ! id -u "$user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
fi
exec setpriv --reuid="$user" --regid="$user" --clear-groups \
  env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 CI="${CI:-}" "$bin" "$@"
