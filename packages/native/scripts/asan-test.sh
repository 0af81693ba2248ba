#!/usr/bin/env bash
# Builds the addon with AddressSanitizer into a separate directory (build/asan/, the normal
# build/Release is untouched) and runs the native and core kernel tests against it, with libasan
# preloaded into node. Needs root (kernel tests), gcc with libasan, make and python3.
#
#   packages/native/scripts/asan-test.sh            build + run
#   ASAN_TESTS="packages/core/test/faults" ...      choose which vitest paths to run
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/build/asan"   # under build/: ignored by git, and apart from build/Release
export PATH="$root/node_modules/.bin:$PATH"

libasan="$(${CXX:-g++} -print-file-name=libasan.so)"
if [[ ! -e "$libasan" || "$libasan" == "libasan.so" ]]; then
  echo "asan-test: libasan not found (apt-get install gcc g++)" >&2
  exit 1
fi
libasan="$(readlink -f "$libasan")"

# A copy of the sources: node-gyp always builds into <package>/build.
rm -rf "$out"
mkdir -p "$out"
cp -r "$here/binding.gyp" "$here/src" "$out/"

nodegyp="$(cd "$here" && node -p "require.resolve('node-gyp/bin/node-gyp.js')")"
prefix="$(dirname "$(dirname "$(command -v node)")")"
nodedir_arg=()
if [[ -e "$prefix/include/node/node_api.h" ]]; then nodedir_arg=(--nodedir="$prefix"); fi

echo "asan-test: building with -fsanitize=address into $out/build"
(
  cd "$out"
  export NODE_PATH="$here/node_modules"   # binding.gyp resolves node-addon-api
  export CXXFLAGS="-fsanitize=address -fno-omit-frame-pointer -g -O1"
  export CFLAGS="$CXXFLAGS"
  export LDFLAGS="-fsanitize=address"
  node "$nodegyp" rebuild "${nodedir_arg[@]}" >"$out/build.log" 2>&1 || { tail -40 "$out/build.log"; exit 1; }
)
addon="$out/build/Release/nlkit_native.node"
nm -D "$addon" | grep -q __asan_init || { echo "asan-test: $addon is not instrumented" >&2; exit 1; }

# Build core so the child processes (EPERM, leak tests) use the current sources.
(cd "$root/packages/core" && tsc -p .)

export NLKIT_NATIVE_ADDON="$addon"
export LD_PRELOAD="$libasan"
# Node's own allocations are not instrumented; leak checking at exit would report V8's
# deliberate never-freed memory, so it is off. Any heap/stack overflow or use-after-free
# in the addon aborts the process with a report.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1:detect_odr_violation=0:allocator_may_return_null=1"
log="$out/asan-test.log"
tests=(${ASAN_TESTS:-packages/native/test packages/core/test/kernel packages/core/test/faults})
echo "asan-test: running vitest ${tests[*]} with LD_PRELOAD=$libasan"
cd "$root"
set +e
vitest run "${tests[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if grep -q "ERROR: AddressSanitizer" "$log"; then
  echo "asan-test: AddressSanitizer reported an error (see $log)" >&2
  exit 1
fi
echo "asan-test: vitest exit $status; no AddressSanitizer reports"
exit "$status"
