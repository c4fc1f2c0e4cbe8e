//! Weights of `pallet_xcmp_egress`, measured in the runtime's wasm blob. Generated: do not edit.
//!
//! frame-omni-bencher (benchmark CLI 64.0.0) ran this pallet's FRAME benchmarks through the
//! `Benchmark` runtime API of a runtime's blob under `sc-executor` (`Compiled`):
//! `xcmp-parachain-runtime` for the egress and ingress pallets, `xcmp-relay-bench-runtime` for
//! the relay pallet, `xcmp-peer-bench-runtime` for the peer's. It ran them on an in-memory benchmarking database that counts reads and
//! writes and records the storage proof: 10 steps, 5 repeats, on
//! AMD EPYC, 2026-12-07. `tools/weights/measure.sh` regenerates it, with:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime target/weights/debug/wbuild/xcmp-parachain-runtime/xcmp_parachain_runtime.wasm --genesis-builder-preset development --pallet pallet_xcmp_egress --extrinsic * --steps 10 --repeat 5 --template tools/weights/template.hbs --output pallets/egress/src/weights.rs
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

/// The weight of each of `pallet_xcmp_egress`'s benchmarks, a function of its components.
pub trait WeightInfo {
	/// The `send` benchmark.
	fn send(l: u32) -> Weight;
	/// The `commit` benchmark.
	fn commit(d: u32, m: u32, b: u32) -> Weight;
	/// The `prune` benchmark.
	fn prune(d: u32, n: u32, m: u32) -> Weight;
	/// The `note_outcomes` benchmark.
	fn note_outcomes(o: u32) -> Weight;
}

/// The measured weights, storage accesses priced by the runtime's `frame_system::Config::DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `XcmpEgress::OutboundChannels` (r:1 w:1)
	/// Proof: `XcmpEgress::OutboundChannels` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpEgress::BatchPages` (r:0 w:1)
	/// Proof: `XcmpEgress::BatchPages` (`max_values`: None, `max_size`: Some(104861726), added: 104864201, mode: `MaxEncodedLen`)
	/// `l` ranges over `[0, 65536]`.
	fn send(l: u32) -> Weight {
		// Proof size, recorded: `76`;
		// charged (worst case from the storage items' bounds): `3567`.
		// Fastest run: 20_851_000 picoseconds.
		Weight::from_parts(13_701_851, 3567)
			// Standard error: 7
			.saturating_add(Weight::from_parts(1_692, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpEgress::LastCommittedAt` (r:1 w:1)
	/// Proof: `XcmpEgress::LastCommittedAt` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `Measured`)
	/// Storage: `XcmpEgress::OutboundChannels` (r:64 w:64)
	/// Proof: `XcmpEgress::OutboundChannels` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `Measured`)
	/// Storage: `XcmpEgress::BatchPages` (r:64 w:0)
	/// Proof: `XcmpEgress::BatchPages` (`max_values`: None, `max_size`: Some(104861726), added: 104864201, mode: `Measured`)
	/// Storage: `XcmpEgress::HeldBatches` (r:0 w:64)
	/// Proof: `XcmpEgress::HeldBatches` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `Measured`)
	/// Storage: `XcmpEgress::CommittedBlocks` (r:0 w:1)
	/// Proof: `XcmpEgress::CommittedBlocks` (`max_values`: None, `max_size`: Some(99374), added: 101849, mode: `Measured`)
	/// Storage: `XcmpEgress::BlockCommittedAt` (r:0 w:1)
	/// Proof: `XcmpEgress::BlockCommittedAt` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `Measured`)
	/// Storage: `XcmpEgress::BlockEgressRoot` (r:0 w:1)
	/// Proof: `XcmpEgress::BlockEgressRoot` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `Measured`)
	/// Storage: `XcmpEgress::CommittedBlockBatches` (r:0 w:1)
	/// Proof: `XcmpEgress::CommittedBlockBatches` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `Measured`)
	/// `d` ranges over `[1, 64]`.
	/// `m` ranges over `[1, 1024]`.
	/// `b` ranges over `[0, 65536]`.
	fn commit(d: u32, m: u32, b: u32) -> Weight {
		// Proof size, recorded: `74 + b * (1 ±0) + d * (81 ±0) + m * (1 ±0)`;
		// charged (worst case from the storage items' bounds): `1544 + b * (1 ±0) + d * (2557 ±0) + m * (1 ±0)`.
		// Fastest run: 1_000_710_000 picoseconds.
		Weight::from_parts(1_061_139_000, 1544)
			// Standard error: 329_329
			.saturating_add(Weight::from_parts(17_274_429, 0).saturating_mul(d.into()))
			// Standard error: 20_451
			.saturating_add(Weight::from_parts(440_460, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(0, 2557).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(m.into()))
	}
	/// Storage: `XcmpEgress::OutboundChannels` (r:64 w:64)
	/// Proof: `XcmpEgress::OutboundChannels` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `Measured`)
	/// Storage: `XcmpEgress::RefusedNonces` (r:64 w:0)
	/// Proof: `XcmpEgress::RefusedNonces` (`max_values`: None, `max_size`: Some(16398), added: 18873, mode: `Measured`)
	/// Storage: `XcmpEgress::HeldBatches` (r:512 w:512)
	/// Proof: `XcmpEgress::HeldBatches` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `Measured`)
	/// Storage: `XcmpEgress::CommittedBlockBatches` (r:512 w:512)
	/// Proof: `XcmpEgress::CommittedBlockBatches` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `Measured`)
	/// Storage: `XcmpEgress::CommittedBlocks` (r:0 w:512)
	/// Proof: `XcmpEgress::CommittedBlocks` (`max_values`: None, `max_size`: Some(99374), added: 101849, mode: `Measured`)
	/// Storage: `XcmpEgress::BatchPages` (r:0 w:512)
	/// Proof: `XcmpEgress::BatchPages` (`max_values`: None, `max_size`: Some(104861726), added: 104864201, mode: `Measured`)
	/// `d` ranges over `[1, 64]`.
	/// `n` ranges over `[64, 512]`.
	/// `m` ranges over `[0, 512]`.
	fn prune(d: u32, n: u32, _m: u32) -> Weight {
		// Proof size, recorded: `8 + d * (108 ±0) + n * (61 ±0)`;
		// charged (worst case from the storage items' bounds): `10659 + d * (2582 ±0) + n * (2537 ±0)`.
		// Fastest run: 2_006_757_000 picoseconds.
		Weight::from_parts(2_012_025_000, 10659)
			// Standard error: 2_675_872
			.saturating_add(Weight::from_parts(16_061_644, 0).saturating_mul(d.into()))
			// Standard error: 350_146
			.saturating_add(Weight::from_parts(13_972_352, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2582).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 2537).saturating_mul(n.into()))
	}
	/// Storage: `XcmpEgress::ReportedOutcomes` (r:0 w:1)
	/// Proof: `XcmpEgress::ReportedOutcomes` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// `o` ranges over `[1, 4096]`.
	fn note_outcomes(o: u32) -> Weight {
		// Proof size, recorded: `0`;
		// charged (worst case from the storage items' bounds): `0`.
		// Fastest run: 3_836_000 picoseconds.
		Weight::from_parts(4_086_000, 0)
			// Standard error: 1_068
			.saturating_add(Weight::from_parts(1_773_339, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn send(l: u32) -> Weight {
		Weight::from_parts(13_701_851, 3567)
			.saturating_add(Weight::from_parts(1_692, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn commit(d: u32, m: u32, b: u32) -> Weight {
		Weight::from_parts(1_061_139_000, 1544)
			.saturating_add(Weight::from_parts(17_274_429, 0).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(440_460, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(0, 2557).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(m.into()))
	}
	fn prune(d: u32, n: u32, _m: u32) -> Weight {
		Weight::from_parts(2_012_025_000, 10659)
			.saturating_add(Weight::from_parts(16_061_644, 0).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(13_972_352, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2582).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 2537).saturating_mul(n.into()))
	}
	fn note_outcomes(o: u32) -> Weight {
		Weight::from_parts(4_086_000, 0)
			.saturating_add(Weight::from_parts(1_773_339, 0).saturating_mul(o.into()))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
