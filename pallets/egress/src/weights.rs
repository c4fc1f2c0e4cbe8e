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
	/// Storage: `XcmpIngress::RelayViewChannels` (r:1 w:0)
	/// Proof: `XcmpIngress::RelayViewChannels` (`max_values`: None, `max_size`: Some(430), added: 2905, mode: `MaxEncodedLen`)
	/// Storage: `XcmpEgress::OutboundChannels` (r:1 w:1)
	/// Proof: `XcmpEgress::OutboundChannels` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpEgress::BatchPages` (r:0 w:1)
	/// Proof: `XcmpEgress::BatchPages` (`max_values`: None, `max_size`: Some(104861726), added: 104864201, mode: `MaxEncodedLen`)
	/// `l` ranges over `[0, 65536]`.
	fn send(l: u32) -> Weight {
		// Proof size, recorded: `143`;
		// charged (worst case from the storage items' bounds): `3895`.
		// Fastest run: 22_013_000 picoseconds.
		Weight::from_parts(17_783_849, 3895)
			// Standard error: 9
			.saturating_add(Weight::from_parts(1_892, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpEgress::LastCommittedAt` (r:1 w:1)
	/// Proof: `XcmpEgress::LastCommittedAt` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `Measured`)
	/// Storage: `XcmpEgress::OutboundChannels` (r:64 w:64)
	/// Proof: `XcmpEgress::OutboundChannels` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `Measured`)
	/// Storage: `XcmpIngress::RelayViewChannels` (r:64 w:0)
	/// Proof: `XcmpIngress::RelayViewChannels` (`max_values`: None, `max_size`: Some(430), added: 2905, mode: `Measured`)
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
		// Proof size, recorded: `96 + b * (1 ±0) + d * (129 ±0) + m * (1 ±0)`;
		// charged (worst case from the storage items' bounds): `1572 + b * (1 ±0) + d * (2605 ±0) + m * (1 ±0)`.
		// Fastest run: 1_110_162_000 picoseconds.
		Weight::from_parts(1_137_703_000, 1572)
			// Standard error: 1_150_598
			.saturating_add(Weight::from_parts(23_260_913, 0).saturating_mul(d.into()))
			// Standard error: 71_455
			.saturating_add(Weight::from_parts(447_744, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(0, 2605).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(m.into()))
	}
	/// Storage: `XcmpIngress::RelayViewChannels` (r:64 w:0)
	/// Proof: `XcmpIngress::RelayViewChannels` (`max_values`: None, `max_size`: Some(430), added: 2905, mode: `Measured`)
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
	fn prune(d: u32, n: u32, m: u32) -> Weight {
		// Proof size, recorded: `30 + d * (155 ±0) + n * (61 ±0)`;
		// charged (worst case from the storage items' bounds): `13738 + d * (2630 ±0) + n * (2537 ±0)`.
		// Fastest run: 2_167_426_000 picoseconds.
		Weight::from_parts(1_656_826_530, 13738)
			// Standard error: 773_178
			.saturating_add(Weight::from_parts(15_229_263, 0).saturating_mul(n.into()))
			// Standard error: 676_429
			.saturating_add(Weight::from_parts(936_263, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2630).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 2537).saturating_mul(n.into()))
	}
	/// Storage: `XcmpEgress::ReportedOutcomes` (r:0 w:1)
	/// Proof: `XcmpEgress::ReportedOutcomes` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// `o` ranges over `[1, 4096]`.
	fn note_outcomes(o: u32) -> Weight {
		// Proof size, recorded: `0`;
		// charged (worst case from the storage items' bounds): `0`.
		// Fastest run: 3_876_000 picoseconds.
		Weight::from_parts(4_136_000, 0)
			// Standard error: 503
			.saturating_add(Weight::from_parts(1_725_578, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn send(l: u32) -> Weight {
		Weight::from_parts(17_783_849, 3895)
			.saturating_add(Weight::from_parts(1_892, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn commit(d: u32, m: u32, b: u32) -> Weight {
		Weight::from_parts(1_137_703_000, 1572)
			.saturating_add(Weight::from_parts(23_260_913, 0).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(447_744, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(0, 2605).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 1).saturating_mul(m.into()))
	}
	fn prune(d: u32, n: u32, m: u32) -> Weight {
		Weight::from_parts(1_656_826_530, 13738)
			.saturating_add(Weight::from_parts(15_229_263, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(936_263, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2630).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 2537).saturating_mul(n.into()))
	}
	fn note_outcomes(o: u32) -> Weight {
		Weight::from_parts(4_136_000, 0)
			.saturating_add(Weight::from_parts(1_725_578, 0).saturating_mul(o.into()))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
