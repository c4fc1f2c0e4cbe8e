//! Weights of `pallet_message_queue`, measured in the runtime's wasm blob. Generated: do not edit.
//!
//! frame-omni-bencher (benchmark CLI 64.0.0) ran this pallet's FRAME benchmarks through the
//! `Benchmark` runtime API of a runtime's blob under `sc-executor` (`Compiled`):
//! `xcmp-parachain-runtime` for the egress and ingress pallets, `xcmp-relay-bench-runtime` for
//! the relay pallet, `xcmp-peer-bench-runtime` for the peer's. It ran them on an in-memory benchmarking database that counts reads and
//! writes and records the storage proof: 10 steps, 5 repeats, on
//! AMD EPYC, 2026-12-07. `tools/weights/measure.sh` regenerates it, with:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime target/weights/debug/wbuild/xcmp-peer-bench-runtime/xcmp_peer_bench_runtime.wasm --genesis-builder-preset development --steps 10 --repeat 5 --template tools/weights/template.hbs --pallet pallet_message_queue --extrinsic service_page_item --json-input /tmp/tmp.NgboprWcDh/all.json --output tools/peer-bench-runtime/src/weights/pallet_message_queue.rs
//! ```
//!
//! Each function is the fitted time (`ref_time`, picoseconds) and proof size of one benchmark
//! over its components, with its storage reads and writes priced by the runtime's database
//! weight ([`SubstrateWeight`]) or by RocksDB's (`()`, for tests).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

/// The weight of each of `pallet_message_queue`'s benchmarks, a function of its components.
pub trait WeightInfo {
	/// The `service_page_item` benchmark.
	fn service_page_item() -> Weight;
}

/// The measured weights, storage accesses priced by the runtime's `frame_system::Config::DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn service_page_item() -> Weight {
		// Proof size, recorded: `0`;
		// charged (worst case from the storage items' bounds): `0`.
		// Fastest run: 271_984_000 picoseconds.
		Weight::from_parts(286_977_000, 0)
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn service_page_item() -> Weight {
		Weight::from_parts(286_977_000, 0)
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
