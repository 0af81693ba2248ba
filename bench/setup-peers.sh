#!/bin/bash
# Sets up the optional peers that `pnpm bench` measures nlkit against. Run on demand, as root:
#
#   NLKIT_BENCH_PEERS=/path/to/bench-peers bash bench/setup-peers.sh
#
# - libmnl (C): Debian's libmnl-dev, built from $NLKIT_BENCH_PEERS/libmnl into
#   $PEER_BUILD/libmnl/dump_routes (the shared folder is read-only).
# - pyroute2: Debian's python3-pyroute2, run with /usr/bin/python3.
# - the npm package `netlink`: `npm ci` in a scratch copy of bench-peers/node-netlink.
# - iproute2 (`ip`) is assumed installed.
#
# Nothing here is required: bench/run.mjs prints "not available" for a missing peer.
set -uo pipefail

PEERS=${NLKIT_BENCH_PEERS:?set NLKIT_BENCH_PEERS to the bench-peers folder (the sources of the peers)}
PEER_BUILD=${NLKIT_BENCH_PEER_BUILD:-${TMPDIR:-/tmp}/nlkit-bench-peers}
mkdir -p "$PEER_BUILD"

if ! command -v ip >/dev/null; then echo "warning: iproute2 (ip) is missing" >&2; fi

echo "== apt packages (libmnl-dev pkg-config python3-pyroute2)"
if command -v apt-get >/dev/null; then
    apt-get install -y libmnl-dev pkg-config python3-pyroute2 build-essential >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y libmnl-dev pkg-config python3-pyroute2 build-essential >/dev/null; } \
        || echo "warning: apt-get failed; libmnl/pyroute2 peers will be skipped" >&2
else
    echo "warning: no apt-get; install libmnl-dev and python3-pyroute2 by hand" >&2
fi

echo "== libmnl peer"
rm -rf "$PEER_BUILD/libmnl" && cp -r "$PEERS/libmnl" "$PEER_BUILD/libmnl" && chmod -R u+w "$PEER_BUILD/libmnl"
make -s -C "$PEER_BUILD/libmnl" && echo "built $PEER_BUILD/libmnl/dump_routes" \
    || echo "warning: libmnl peer did not build" >&2

echo "== pyroute2 peer"
/usr/bin/python3 -c 'import pyroute2; print("pyroute2", pyroute2.__version__)' \
    || echo "warning: pyroute2 is not importable by /usr/bin/python3" >&2

echo "== node-netlink peer"
rm -rf "$PEER_BUILD/node-netlink" && cp -r "$PEERS/node-netlink" "$PEER_BUILD/node-netlink" && chmod -R u+w "$PEER_BUILD/node-netlink"
(cd "$PEER_BUILD/node-netlink" && npm ci --no-audit --no-fund >/dev/null && npm run -s build-native >/dev/null 2>&1 || true)
(cd "$PEER_BUILD/node-netlink" && node -e "import('netlink').then(() => console.log('netlink ok'))") \
    || echo "warning: the netlink npm package did not install" >&2

echo "peers in $PEER_BUILD (bench/run.mjs looks there; override with NLKIT_BENCH_PEER_BUILD)"
