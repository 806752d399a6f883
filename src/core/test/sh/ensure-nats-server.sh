#!/usr/bin/env bash
# The fleet tests start a real nats-server (JetStream on loopback). `mvn verify` runs this first:
# it installs Debian's nats-server package when the machine lacks it, and says what to do when it
# cannot (not root, no password-less sudo).
set -euo pipefail
for b in nats-server /usr/sbin/nats-server /usr/bin/nats-server /usr/local/bin/nats-server; do
  if command -v "$b" >/dev/null 2>&1; then exit 0; fi
done
echo "nats-server is missing: installing Debian's nats-server package for the fleet tests"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "cannot install nats-server (not root, no password-less sudo): run 'sudo apt-get install -y nats-server'" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get install -y -qq nats-server >/dev/null 2>&1 \
  || { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq nats-server >/dev/null; }
# The package enables a system-wide service; the tests start their own servers on free ports.
if command -v systemctl >/dev/null 2>&1; then "${as_root[@]}" systemctl disable --now nats-server >/dev/null 2>&1 || true; fi
command -v nats-server >/dev/null 2>&1 || test -x /usr/sbin/nats-server
