//! Weights of `cumulus_pallet_xcmp_queue`, measured in the runtime's wasm blob. Generated: do not edit.
//!
//! frame-omni-bencher (benchmark CLI 64.0.0) ran this pallet's FRAME benchmarks through the
//! `Benchmark` runtime API of a runtime's blob under `sc-executor` (`Compiled`):
//! `xcmp-parachain-runtime` for the egress and ingress pallets, `xcmp-relay-bench-runtime` for
//! the relay pallet, `xcmp-peer-bench-runtime` for the peer's. It ran them on an in-memory benchmarking database that counts reads and
//! writes and records the storage proof: 10 steps, 5 repeats, on
//! AMD EPYC, 2026-12-07. `tools/weights/measure.sh` regenerates it, with:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime target/weights/debug/wbuild/xcmp-peer-bench-runtime/xcmp_peer_bench_runtime.wasm --genesis-builder-preset development --pallet cumulus_pallet_xcmp_queue --extrinsic enqueue_n_bytes_xcmp_message,enqueue_n_empty_xcmp_messages,take_first_concatenated_xcm --steps 10 --repeat 5 --template tools/weights/template.hbs --output tools/peer-bench-runtime/src/weights/cumulus_pallet_xcmp_queue.rs
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

/// The weight of each of `cumulus_pallet_xcmp_queue`'s benchmarks, a function of its components.
pub trait WeightInfo {
	/// The `enqueue_n_bytes_xcmp_message` benchmark.
	fn enqueue_n_bytes_xcmp_message(n: u32) -> Weight;
	/// The `enqueue_n_empty_xcmp_messages` benchmark.
	fn enqueue_n_empty_xcmp_messages(n: u32) -> Weight;
	/// The `take_first_concatenated_xcm` benchmark.
	fn take_first_concatenated_xcm(n: u32) -> Weight;
}

/// The measured weights, storage accesses priced by the runtime's `frame_system::Config::DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `XcmpQueue::QueueConfig` (r:1 w:0)
	/// Proof: `XcmpQueue::QueueConfig` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `MessageQueue::BookStateFor` (r:1 w:1)
	/// Proof: `MessageQueue::BookStateFor` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `MessageQueue::ServiceHead` (r:1 w:1)
	/// Proof: `MessageQueue::ServiceHead` (`max_values`: Some(1), `max_size`: Some(5), added: 500, mode: `MaxEncodedLen`)
	/// Storage: `XcmpQueue::InboundXcmpSuspended` (r:1 w:0)
	/// Proof: `XcmpQueue::InboundXcmpSuspended` (`max_values`: Some(1), `max_size`: Some(4002), added: 4497, mode: `MaxEncodedLen`)
	/// Storage: `MessageQueue::Pages` (r:0 w:1)
	/// Proof: `MessageQueue::Pages` (`max_values`: None, `max_size`: Some(105521), added: 107996, mode: `MaxEncodedLen`)
	/// `n` ranges over `[0, 105467]`.
	fn enqueue_n_bytes_xcmp_message(n: u32) -> Weight {
		// Proof size, recorded: `11`;
		// charged (worst case from the storage items' bounds): `5487`.
		// Fastest run: 13_670_000 picoseconds.
		Weight::from_parts(12_180_999, 5487)
			// Standard error: 2
			.saturating_add(Weight::from_parts(1_059, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `XcmpQueue::QueueConfig` (r:1 w:0)
	/// Proof: `XcmpQueue::QueueConfig` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `MessageQueue::BookStateFor` (r:1 w:1)
	/// Proof: `MessageQueue::BookStateFor` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `MessageQueue::ServiceHead` (r:1 w:1)
	/// Proof: `MessageQueue::ServiceHead` (`max_values`: Some(1), `max_size`: Some(5), added: 500, mode: `MaxEncodedLen`)
	/// Storage: `XcmpQueue::InboundXcmpSuspended` (r:1 w:0)
	/// Proof: `XcmpQueue::InboundXcmpSuspended` (`max_values`: Some(1), `max_size`: Some(4002), added: 4497, mode: `MaxEncodedLen`)
	/// Storage: `MessageQueue::Pages` (r:0 w:1)
	/// Proof: `MessageQueue::Pages` (`max_values`: None, `max_size`: Some(105521), added: 107996, mode: `MaxEncodedLen`)
	/// `n` ranges over `[0, 1000]`.
	fn enqueue_n_empty_xcmp_messages(n: u32) -> Weight {
		// Proof size, recorded: `11`;
		// charged (worst case from the storage items' bounds): `5487`.
		// Fastest run: 11_296_000 picoseconds.
		Weight::from_parts(15_261_930, 5487)
			// Standard error: 83
			.saturating_add(Weight::from_parts(185_593, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// `n` ranges over `[0, 92]`.
	fn take_first_concatenated_xcm(n: u32) -> Weight {
		// Proof size, recorded: `0`;
		// charged (worst case from the storage items' bounds): `0`.
		// Fastest run: 2_133_000 picoseconds.
		Weight::from_parts(2_710_520, 0)
			// Standard error: 73
			.saturating_add(Weight::from_parts(36_690, 0).saturating_mul(n.into()))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn enqueue_n_bytes_xcmp_message(n: u32) -> Weight {
		Weight::from_parts(12_180_999, 5487)
			.saturating_add(Weight::from_parts(1_059, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn enqueue_n_empty_xcmp_messages(n: u32) -> Weight {
		Weight::from_parts(15_261_930, 5487)
			.saturating_add(Weight::from_parts(185_593, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn take_first_concatenated_xcm(n: u32) -> Weight {
		Weight::from_parts(2_710_520, 0)
			.saturating_add(Weight::from_parts(36_690, 0).saturating_mul(n.into()))
	}
}
