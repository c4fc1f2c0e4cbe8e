#!/usr/bin/env bash
# Measures the XCMP pallets' weights in the parachain runtime's wasm blob and writes each
# pallet's `weights.rs` (BENCHMARKS.md, "Measuring in wasm").
#
# frame-omni-bencher, the benchmark runner of polkadot-sdk, runs the pallets' FRAME benchmarks
# through the blob's `Benchmark` runtime API under sc-executor, on an in-memory benchmarking
# database that counts storage reads and writes and records the storage proof, and fits each
# benchmark's time, reads, writes and proof size to its components. Install it once with
#   SKIP_WASM_BUILD=1 cargo install frame-omni-bencher@0.28.0 --locked
# (the release of our polkadot-sdk line; SKIP_WASM_BUILD=1 skips the test runtime of its storage
# benchmarks, which the pallet runner does not use and rustup's toolchain here cannot build;
# its node libraries need libclang and protoc, Debian's libclang-dev and protobuf-compiler), or
# name it with FRAME_OMNI_BENCHER.
#
# STEPS and REPEAT (default 10 and 5) are the runner's --steps and --repeat; PALLETS (default
# "egress ingress relay peer") the pallets measured, `peer` standing for the benchmarks of
# cumulus's XCMP queue, the message queue and `peer_bench` that the per-message comparison uses,
# run in `tools/peer-bench-runtime`'s blob and written to its `src/weights/`. The blobs are built with `runtime-benchmarks` in
# a target directory of their own, so that the tests' blob stays as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."

OMNI=${FRAME_OMNI_BENCHER:-frame-omni-bencher}
if ! command -v "$OMNI" >/dev/null; then
	echo "frame-omni-bencher not found: SKIP_WASM_BUILD=1 cargo install frame-omni-bencher@0.28.0 --locked" >&2
	exit 1
fi
STEPS=${STEPS:-10}
REPEAT=${REPEAT:-5}
PALLETS=${PALLETS:-egress ingress relay peer}
TARGET_DIR=target/weights

# `cargo check` runs each runtime's build script, which builds its blob; the native crates are
# not compiled. The egress and ingress pallets are measured in the parachain runtime, the relay
# pallet in a minimal relay runtime (`tools/relay-bench-runtime`), the peer in its own; only the
# blobs PALLETS needs are built.
RUNTIMES=()
for pallet in $PALLETS; do
	case "$pallet" in
	egress | ingress) RUNTIMES+=(xcmp-parachain-runtime) ;;
	relay) RUNTIMES+=(xcmp-relay-bench-runtime) ;;
	peer) RUNTIMES+=(xcmp-peer-bench-runtime) ;;
	esac
done
PACKAGES=()
FEATURES=()
for runtime in $(printf '%s\n' "${RUNTIMES[@]}" | sort -u); do
	PACKAGES+=(-p "$runtime")
	FEATURES+=("$runtime/runtime-benchmarks")
done
if [ ${#PACKAGES[@]} -gt 0 ]; then
	XCMP_REQUIRE_WASM=1 cargo check --quiet "${PACKAGES[@]}" \
		--features "$(IFS=,; echo "${FEATURES[*]}")" --target-dir "$TARGET_DIR"
fi
blob() {
	echo "$TARGET_DIR/debug/wbuild/$1/${1//-/_}.wasm"
}

# One pallet's benchmarks `extrinsics` (`*` for all, or a comma-separated list) in `runtime`'s
# blob, written to `output`. A list is run one benchmark a process and the raw results merged
# before the runner writes them: the runner keeps what every benchmark of a process allocated,
# and cumulus's XCMP queue's `take_first_concatenated_xcm` alone peaks at about 21 GB.
bench() {
	local runtime=$1 pallet=$2 extrinsics=$3 output=$4
	local common=(--runtime "$(blob "$runtime")" --genesis-builder-preset development
		--pallet "$pallet" --steps "$STEPS" --repeat "$REPEAT"
		--template tools/weights/template.hbs)
	if [ "$extrinsics" = '*' ]; then
		"$OMNI" v1 benchmark pallet "${common[@]}" --extrinsic '*' --output "$output"
		return
	fi
	local raw
	raw=$(mktemp -d)
	local extrinsic
	for extrinsic in ${extrinsics//,/ }; do
		"$OMNI" v1 benchmark pallet "${common[@]}" --extrinsic "$extrinsic" \
			--json-file "$raw/$extrinsic.json"
	done
	jq -s add "$raw"/*.json >"$raw/all.json"
	"$OMNI" v1 benchmark pallet "${common[@]}" --extrinsic "$extrinsics" \
		--json-input "$raw/all.json" --output "$output"
	rm -r "$raw"
}

PEER=tools/peer-bench-runtime/src/weights
for pallet in $PALLETS; do
	case "$pallet" in
	egress | ingress)
		bench xcmp-parachain-runtime "pallet_xcmp_$pallet" '*' "pallets/$pallet/src/weights.rs"
		;;
	relay)
		bench xcmp-relay-bench-runtime pallet_xcmp_relay '*' pallets/relay/src/weights.rs
		;;
	peer)
		# What the XCMP queue charges for receiving a message, and the message queue for
		# servicing one: the terms of their `WeightInfoExt` and `service_page_item`.
		bench xcmp-peer-bench-runtime cumulus_pallet_xcmp_queue \
			enqueue_n_bytes_xcmp_message,enqueue_n_empty_xcmp_messages,take_first_concatenated_xcm \
			"$PEER/cumulus_pallet_xcmp_queue.rs"
		bench xcmp-peer-bench-runtime pallet_message_queue service_page_item \
			"$PEER/pallet_message_queue.rs"
		bench xcmp-peer-bench-runtime peer_bench '*' "$PEER/peer_bench.rs"
		;;
	*)
		echo "unknown pallet $pallet: egress, ingress, relay or peer" >&2
		exit 1
		;;
	esac
done
