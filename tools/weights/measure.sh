#!/usr/bin/env bash
# Measures the XCMP pallets' weights in the parachain runtime's wasm blob and writes each
# pallet's `weights.rs` (BENCHMARKS.md, "Measuring in wasm").
#
# frame-omni-bencher, the benchmark runner of polkadot-sdk, runs the pallets' FRAME benchmarks
# through the blob's `Benchmark` runtime API under sc-executor, on an in-memory benchmarking
# database that counts storage reads and writes and records the storage proof, and fits each
# benchmark's time, reads, writes and proof size to its components. Install it once with
#   cargo install frame-omni-bencher@0.28.0 --locked
# (the release of our polkadot-sdk line), or name it with FRAME_OMNI_BENCHER.
#
# STEPS and REPEAT (default 10 and 5) are the runner's --steps and --repeat; PALLETS (default
# "egress ingress relay") the pallets measured. The blobs are built with `runtime-benchmarks` in
# a target directory of their own, so that the tests' blob stays as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."

OMNI=${FRAME_OMNI_BENCHER:-frame-omni-bencher}
if ! command -v "$OMNI" >/dev/null; then
	echo "frame-omni-bencher not found: cargo install frame-omni-bencher@0.28.0 --locked" >&2
	exit 1
fi
STEPS=${STEPS:-10}
REPEAT=${REPEAT:-5}
PALLETS=${PALLETS:-egress ingress relay}
TARGET_DIR=target/weights

# `cargo check` runs each runtime's build script, which builds its blob; the native crates are
# not compiled. The egress and ingress pallets are measured in the parachain runtime, the relay
# pallet in a minimal relay runtime (`tools/relay-bench-runtime`).
XCMP_REQUIRE_WASM=1 cargo check --quiet -p xcmp-parachain-runtime -p xcmp-relay-bench-runtime \
	--features xcmp-parachain-runtime/runtime-benchmarks,xcmp-relay-bench-runtime/runtime-benchmarks \
	--target-dir "$TARGET_DIR"
blob() {
	echo "$TARGET_DIR/debug/wbuild/$1/${1//-/_}.wasm"
}

for pallet in $PALLETS; do
	case "$pallet" in
	relay) runtime=xcmp-relay-bench-runtime ;;
	*) runtime=xcmp-parachain-runtime ;;
	esac
	"$OMNI" v1 benchmark pallet \
		--runtime "$(blob "$runtime")" \
		--genesis-builder-preset development \
		--pallet "pallet_xcmp_$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--template tools/weights/template.hbs \
		--output "pallets/$pallet/src/weights.rs"
done
