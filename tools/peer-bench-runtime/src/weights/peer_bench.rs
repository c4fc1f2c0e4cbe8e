//! Weights of `peer_bench`, measured in the runtime's wasm blob. Generated: do not edit.
//!
//! frame-omni-bencher (benchmark CLI 64.0.0) ran this pallet's FRAME benchmarks through the
//! `Benchmark` runtime API of a runtime's blob under `sc-executor` (`Compiled`):
//! `xcmp-parachain-runtime` for the egress and ingress pallets, `xcmp-relay-bench-runtime` for
//! the relay pallet, `xcmp-peer-bench-runtime` for the peer's. It ran them on an in-memory benchmarking database that counts reads and
//! writes and records the storage proof: 10 steps, 5 repeats, on
//! AMD EPYC, 2026-12-07. `tools/weights/measure.sh` regenerates it, with:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime target/weights/debug/wbuild/xcmp-peer-bench-runtime/xcmp_peer_bench_runtime.wasm --genesis-builder-preset development --steps 10 --repeat 5 --template tools/weights/template.hbs --pallet peer_bench --extrinsic * --output tools/peer-bench-runtime/src/weights/peer_bench.rs
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

/// The weight of each of `peer_bench`'s benchmarks, a function of its components.
pub trait WeightInfo {
	/// The `send_xcm` benchmark.
	fn send_xcm(b: u32) -> Weight;
	/// The `send_xcm_onto_page` benchmark.
	fn send_xcm_onto_page(k: u32) -> Weight;
	/// The `take_outbound_messages` benchmark.
	fn take_outbound_messages(n: u32) -> Weight;
	/// The `hrmp_channel_check` benchmark.
	fn hrmp_channel_check(n: u32) -> Weight;
	/// The `hrmp_channel_check_bytes` benchmark.
	fn hrmp_channel_check_bytes(b: u32) -> Weight;
}

/// The measured weights, storage accesses priced by the runtime's `frame_system::Config::DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `XcmpQueue::OutboundXcmpStatus` (r:1 w:1)
	/// Proof: `XcmpQueue::OutboundXcmpStatus` (`max_values`: Some(1), `max_size`: Some(2306), added: 2801, mode: `MaxEncodedLen`)
	/// Storage: `ParachainSystem::RelevantMessagingState` (r:1 w:0)
	/// Proof: `ParachainSystem::RelevantMessagingState` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpQueue::OutboundXcmpMessages` (r:0 w:1)
	/// Proof: `XcmpQueue::OutboundXcmpMessages` (`max_values`: None, `max_size`: Some(105506), added: 107981, mode: `MaxEncodedLen`)
	/// `b` ranges over `[0, 65536]`.
	fn send_xcm(b: u32) -> Weight {
		// Proof size, recorded: `61`;
		// charged (worst case from the storage items' bounds): `3791`.
		// Fastest run: 11_157_000 picoseconds.
		Weight::from_parts(11_828_000, 3791)
			// Standard error: 6
			.saturating_add(Weight::from_parts(3_566, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpQueue::OutboundXcmpStatus` (r:1 w:1)
	/// Proof: `XcmpQueue::OutboundXcmpStatus` (`max_values`: Some(1), `max_size`: Some(2306), added: 2801, mode: `MaxEncodedLen`)
	/// Storage: `ParachainSystem::RelevantMessagingState` (r:1 w:0)
	/// Proof: `ParachainSystem::RelevantMessagingState` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpQueue::OutboundXcmpMessages` (r:1 w:1)
	/// Proof: `XcmpQueue::OutboundXcmpMessages` (`max_values`: None, `max_size`: Some(105506), added: 107981, mode: `MaxEncodedLen`)
	/// `k` ranges over `[0, 100]`.
	fn send_xcm_onto_page(k: u32) -> Weight {
		// Proof size, recorded: `164 + k * (1024 ±0)`;
		// charged (worst case from the storage items' bounds): `71484 + k * (1025 ±0)`.
		// Fastest run: 11_627_000 picoseconds.
		Weight::from_parts(12_273_067, 71484)
			// Standard error: 9_151
			.saturating_add(Weight::from_parts(2_005_945, 0).saturating_mul(k.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 1025).saturating_mul(k.into()))
	}
	/// Storage: `XcmpQueue::OutboundXcmpStatus` (r:1 w:1)
	/// Proof: `XcmpQueue::OutboundXcmpStatus` (`max_values`: Some(1), `max_size`: Some(2306), added: 2801, mode: `MaxEncodedLen`)
	/// Storage: `ParachainSystem::RelevantMessagingState` (r:1 w:0)
	/// Proof: `ParachainSystem::RelevantMessagingState` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpQueue::OutboundXcmpMessages` (r:1 w:1)
	/// Proof: `XcmpQueue::OutboundXcmpMessages` (`max_values`: None, `max_size`: Some(105506), added: 107981, mode: `MaxEncodedLen`)
	/// Storage: `XcmpQueue::DeliveryFeeFactor` (r:1 w:1)
	/// Proof: `XcmpQueue::DeliveryFeeFactor` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// `n` ranges over `[1, 1000]`.
	fn take_outbound_messages(n: u32) -> Weight {
		// Proof size, recorded: `164 + n * (64 ±0)`;
		// charged (worst case from the storage items' bounds): `108971 + n * (64 ±0)`.
		// Fastest run: 16_285_000 picoseconds.
		Weight::from_parts(19_313_527, 108971)
			// Standard error: 1_361
			.saturating_add(Weight::from_parts(76_975, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 64).saturating_mul(n.into()))
	}
	/// `n` ranges over `[1, 1000]`.
	fn hrmp_channel_check(n: u32) -> Weight {
		// Proof size, recorded: `0`;
		// charged (worst case from the storage items' bounds): `0`.
		// Fastest run: 2_023_000 picoseconds.
		Weight::from_parts(2_153_000, 0)
			// Standard error: 927
			.saturating_add(Weight::from_parts(1_891_310, 0).saturating_mul(n.into()))
	}
	/// `b` ranges over `[0, 65536]`.
	fn hrmp_channel_check_bytes(b: u32) -> Weight {
		// Proof size, recorded: `0`;
		// charged (worst case from the storage items' bounds): `0`.
		// Fastest run: 1_933_000 picoseconds.
		Weight::from_parts(2_133_000, 0)
			// Standard error: 2
			.saturating_add(Weight::from_parts(1_682, 0).saturating_mul(b.into()))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn send_xcm(b: u32) -> Weight {
		Weight::from_parts(11_828_000, 3791)
			.saturating_add(Weight::from_parts(3_566, 0).saturating_mul(b.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn send_xcm_onto_page(k: u32) -> Weight {
		Weight::from_parts(12_273_067, 71484)
			.saturating_add(Weight::from_parts(2_005_945, 0).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 1025).saturating_mul(k.into()))
	}
	fn take_outbound_messages(n: u32) -> Weight {
		Weight::from_parts(19_313_527, 108971)
			.saturating_add(Weight::from_parts(76_975, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 64).saturating_mul(n.into()))
	}
	fn hrmp_channel_check(n: u32) -> Weight {
		Weight::from_parts(2_153_000, 0)
			.saturating_add(Weight::from_parts(1_891_310, 0).saturating_mul(n.into()))
	}
	fn hrmp_channel_check_bytes(b: u32) -> Weight {
		Weight::from_parts(2_133_000, 0)
			.saturating_add(Weight::from_parts(1_682, 0).saturating_mul(b.into()))
	}
}
