//! Weights of `pallet_xcmp_ingress`, measured in the runtime's wasm blob. Generated: do not edit.
//!
//! frame-omni-bencher (benchmark CLI 64.0.0) ran this pallet's FRAME benchmarks through the
//! `Benchmark` runtime API of a runtime's blob under `sc-executor` (`Compiled`):
//! `xcmp-parachain-runtime` for the egress and ingress pallets, `xcmp-relay-bench-runtime` for
//! the relay pallet, `xcmp-peer-bench-runtime` for the peer's. It ran them on an in-memory benchmarking database that counts reads and
//! writes and records the storage proof: 10 steps, 5 repeats, on
//! AMD EPYC, 2026-12-06. `tools/weights/measure.sh` regenerates it, with:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime target/weights/debug/wbuild/xcmp-parachain-runtime/xcmp_parachain_runtime.wasm --genesis-builder-preset development --pallet pallet_xcmp_ingress --extrinsic * --steps 10 --repeat 5 --template tools/weights/template.hbs --output pallets/ingress/src/weights.rs
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

/// The weight of each of `pallet_xcmp_ingress`'s benchmarks, a function of its components.
pub trait WeightInfo {
	/// The `receive` benchmark.
	fn receive(b: u32, m: u32, d: u32) -> Weight;
	/// The `receive_proof_bytes` benchmark.
	fn receive_proof_bytes(s: u32) -> Weight;
	/// The `receive_proof_nodes` benchmark.
	fn receive_proof_nodes(n: u32) -> Weight;
	/// The `receive_watermark` benchmark.
	fn receive_watermark(w: u32) -> Weight;
	/// The `receive_digest_entries` benchmark.
	fn receive_digest_entries(e: u32) -> Weight;
	/// The `service_page` benchmark.
	fn service_page(m: u32) -> Weight;
	/// The `receive_payload` benchmark.
	fn receive_payload(s: u32) -> Weight;
	/// The `service_payload` benchmark.
	fn service_payload(s: u32) -> Weight;
	/// The `block_sender` benchmark.
	fn block_sender() -> Weight;
	/// The `unblock_sender` benchmark.
	fn unblock_sender() -> Weight;
	/// The `execute_parked` benchmark.
	fn execute_parked(s: u32) -> Weight;
	/// The `discard_parked` benchmark.
	fn discard_parked() -> Weight;
	/// The `on_initialize` benchmark.
	fn on_initialize(d: u32) -> Weight;
	/// The `on_finalize` benchmark.
	fn on_finalize(c: u32) -> Weight;
}

/// The measured weights, storage accesses priced by the runtime's `frame_system::Config::DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:0)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:0)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::CounterForInboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::CounterForInboundChannels` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Watermark` (r:1 w:1)
	/// Proof: `XcmpIngress::Watermark` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundQueue` (r:0 w:64)
	/// Proof: `XcmpIngress::InboundQueue` (`max_values`: None, `max_size`: Some(105520), added: 107995, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewChannels` (r:0 w:64)
	/// Proof: `XcmpIngress::RelayViewChannels` (`max_values`: None, `max_size`: Some(430), added: 2905, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::MovedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::MovedThisBlock` (`max_values`: Some(1), `max_size`: Some(46082), added: 46577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:0 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::LastRelayParent` (r:0 w:1)
	/// Proof: `XcmpIngress::LastRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ConsumedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::ConsumedThisBlock` (`max_values`: Some(1), `max_size`: Some(24578), added: 25073, mode: `MaxEncodedLen`)
	/// `b` ranges over `[1, 64]`.
	/// `m` ranges over `[1, 1000]`.
	/// `d` ranges over `[0, 64]`.
	fn receive(b: u32, m: u32, d: u32) -> Weight {
		// Proof size, recorded: `29`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 1_686_423_000 picoseconds.
		Weight::from_parts(11_419_789, 3554)
			// Standard error: 352_078
			.saturating_add(Weight::from_parts(25_425_798, 0).saturating_mul(b.into()))
			// Standard error: 22_203
			.saturating_add(Weight::from_parts(1_039_134, 0).saturating_mul(m.into()))
			// Standard error: 345_197
			.saturating_add(Weight::from_parts(11_345_748, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:0)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:0)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::CounterForInboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::CounterForInboundChannels` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Watermark` (r:1 w:1)
	/// Proof: `XcmpIngress::Watermark` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundQueue` (r:0 w:1)
	/// Proof: `XcmpIngress::InboundQueue` (`max_values`: None, `max_size`: Some(105520), added: 107995, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::MovedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::MovedThisBlock` (`max_values`: Some(1), `max_size`: Some(46082), added: 46577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:0 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::LastRelayParent` (r:0 w:1)
	/// Proof: `XcmpIngress::LastRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ConsumedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::ConsumedThisBlock` (`max_values`: Some(1), `max_size`: Some(24578), added: 25073, mode: `MaxEncodedLen`)
	/// `s` ranges over `[0, 3145728]`.
	fn receive_proof_bytes(s: u32) -> Weight {
		// Proof size, recorded: `29`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 83_143_000 picoseconds.
		Weight::from_parts(78_383_998, 3554)
			// Standard error: 9
			.saturating_add(Weight::from_parts(2_247, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:0)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:0)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::CounterForInboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::CounterForInboundChannels` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Watermark` (r:1 w:1)
	/// Proof: `XcmpIngress::Watermark` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundQueue` (r:0 w:1)
	/// Proof: `XcmpIngress::InboundQueue` (`max_values`: None, `max_size`: Some(105520), added: 107995, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::MovedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::MovedThisBlock` (`max_values`: Some(1), `max_size`: Some(46082), added: 46577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:0 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::LastRelayParent` (r:0 w:1)
	/// Proof: `XcmpIngress::LastRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ConsumedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::ConsumedThisBlock` (`max_values`: Some(1), `max_size`: Some(24578), added: 25073, mode: `MaxEncodedLen`)
	/// `n` ranges over `[0, 65536]`.
	fn receive_proof_nodes(n: u32) -> Weight {
		// Proof size, recorded: `29`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 73_609_000 picoseconds.
		Weight::from_parts(1_014_439_505, 3554)
			// Standard error: 12_863
			.saturating_add(Weight::from_parts(999_679, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:0)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:0)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::CounterForInboundChannels` (r:1 w:0)
	/// Proof: `XcmpIngress::CounterForInboundChannels` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Watermark` (r:1 w:1)
	/// Proof: `XcmpIngress::Watermark` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:0)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::MovedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::MovedThisBlock` (`max_values`: Some(1), `max_size`: Some(46082), added: 46577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:0 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::LastRelayParent` (r:0 w:1)
	/// Proof: `XcmpIngress::LastRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ConsumedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::ConsumedThisBlock` (`max_values`: Some(1), `max_size`: Some(24578), added: 25073, mode: `MaxEncodedLen`)
	/// `w` ranges over `[1, 64]`.
	fn receive_watermark(w: u32) -> Weight {
		// Proof size, recorded: `127`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 38_227_000 picoseconds.
		Weight::from_parts(34_796_141, 3554)
			// Standard error: 4_122
			.saturating_add(Weight::from_parts(5_687_755, 0).saturating_mul(w.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:0)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:0)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::CounterForInboundChannels` (r:1 w:0)
	/// Proof: `XcmpIngress::CounterForInboundChannels` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Watermark` (r:1 w:1)
	/// Proof: `XcmpIngress::Watermark` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:64 w:0)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::MovedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::MovedThisBlock` (`max_values`: Some(1), `max_size`: Some(46082), added: 46577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:0 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::LastRelayParent` (r:0 w:1)
	/// Proof: `XcmpIngress::LastRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ConsumedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::ConsumedThisBlock` (`max_values`: Some(1), `max_size`: Some(24578), added: 25073, mode: `MaxEncodedLen`)
	/// `e` ranges over `[0, 4096]`.
	fn receive_digest_entries(e: u32) -> Weight {
		// Proof size, recorded: `115`;
		// charged (worst case from the storage items' bounds): `3563 + e * (39 ±0)`.
		// Fastest run: 256_430_000 picoseconds.
		Weight::from_parts(386_933_377, 3563)
			// Standard error: 1_686
			.saturating_add(Weight::from_parts(123_137, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 39).saturating_mul(e.into()))
	}
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::NextToService` (r:1 w:1)
	/// Proof: `XcmpIngress::NextToService` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundQueue` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundQueue` (`max_values`: None, `max_size`: Some(105520), added: 107995, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// `m` ranges over `[1, 1000]`.
	fn service_page(m: u32) -> Weight {
		// Proof size, recorded: `172 + m * (66 ±0)`;
		// charged (worst case from the storage items' bounds): `108985`.
		// Fastest run: 36_324_000 picoseconds.
		Weight::from_parts(39_967_029, 108985)
			// Standard error: 8_887
			.saturating_add(Weight::from_parts(7_533_068, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:0)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:0)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::CounterForInboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::CounterForInboundChannels` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Watermark` (r:1 w:1)
	/// Proof: `XcmpIngress::Watermark` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundQueue` (r:0 w:1)
	/// Proof: `XcmpIngress::InboundQueue` (`max_values`: None, `max_size`: Some(105520), added: 107995, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::MovedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::MovedThisBlock` (`max_values`: Some(1), `max_size`: Some(46082), added: 46577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:0 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::LastRelayParent` (r:0 w:1)
	/// Proof: `XcmpIngress::LastRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ConsumedThisBlock` (r:0 w:1)
	/// Proof: `XcmpIngress::ConsumedThisBlock` (`max_values`: Some(1), `max_size`: Some(24578), added: 25073, mode: `MaxEncodedLen`)
	/// `s` ranges over `[0, 102400]`.
	fn receive_payload(s: u32) -> Weight {
		// Proof size, recorded: `29`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 60_489_000 picoseconds.
		Weight::from_parts(64_521_670, 3554)
			// Standard error: 7
			.saturating_add(Weight::from_parts(2_802, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: `XcmpIngress::ReadySenders` (r:1 w:1)
	/// Proof: `XcmpIngress::ReadySenders` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::NextToService` (r:1 w:1)
	/// Proof: `XcmpIngress::NextToService` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundQueue` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundQueue` (`max_values`: None, `max_size`: Some(105520), added: 107995, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Footprint` (r:1 w:1)
	/// Proof: `XcmpIngress::Footprint` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// `s` ranges over `[0, 102400]`.
	fn service_payload(s: u32) -> Weight {
		// Proof size, recorded: `176 + s * (1 ±0)`;
		// charged (worst case from the storage items' bounds): `108985`.
		// Fastest run: 39_819_000 picoseconds.
		Weight::from_parts(44_360_675, 108985)
			// Standard error: 11
			.saturating_add(Weight::from_parts(3_674, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:1)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:1)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	fn block_sender() -> Weight {
		// Proof size, recorded: `336`;
		// charged (worst case from the storage items' bounds): `1807`.
		// Fastest run: 11_617_000 picoseconds.
		Weight::from_parts(14_252_000, 1807)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:1)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:1)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	fn unblock_sender() -> Weight {
		// Proof size, recorded: `341`;
		// charged (worst case from the storage items' bounds): `1807`.
		// Fastest run: 10_946_000 picoseconds.
		Weight::from_parts(12_629_000, 1807)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::ParkedMessages` (r:1 w:1)
	/// Proof: `XcmpIngress::ParkedMessages` (`max_values`: None, `max_size`: Some(102449), added: 104924, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// `s` ranges over `[0, 102400]`.
	fn execute_parked(s: u32) -> Weight {
		// Proof size, recorded: `124 + s * (1 ±0)`;
		// charged (worst case from the storage items' bounds): `105914`.
		// Fastest run: 24_476_000 picoseconds.
		Weight::from_parts(28_898_656, 105914)
			// Standard error: 7
			.saturating_add(Weight::from_parts(2_786, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::ParkedMessages` (r:1 w:1)
	/// Proof: `XcmpIngress::ParkedMessages` (`max_values`: None, `max_size`: Some(102449), added: 104924, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	fn discard_parked() -> Weight {
		// Proof size, recorded: `146`;
		// charged (worst case from the storage items' bounds): `105914`.
		// Fastest run: 17_696_000 picoseconds.
		Weight::from_parts(20_370_000, 105914)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:1 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewChannels` (r:0 w:64)
	/// Proof: `XcmpIngress::RelayViewChannels` (`max_values`: None, `max_size`: Some(430), added: 2905, mode: `MaxEncodedLen`)
	/// `d` ranges over `[0, 64]`.
	fn on_initialize(d: u32) -> Weight {
		// Proof size, recorded: `0 + d * (4 ±0)`;
		// charged (worst case from the storage items' bounds): `1743`.
		// Fastest run: 2_163_000 picoseconds.
		Weight::from_parts(3_519_450, 1743)
			// Standard error: 503
			.saturating_add(Weight::from_parts(1_417_476, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
	}
	/// Storage: `XcmpIngress::MovedThisBlock` (r:1 w:1)
	/// Proof: `XcmpIngress::MovedThisBlock` (`max_values`: Some(1), `max_size`: Some(46082), added: 46577, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:1)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::ConsumedThisBlock` (r:1 w:1)
	/// Proof: `XcmpIngress::ConsumedThisBlock` (`max_values`: Some(1), `max_size`: Some(24578), added: 25073, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Watermark` (r:1 w:0)
	/// Proof: `XcmpIngress::Watermark` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::Commitment` (r:0 w:1)
	/// Proof: `XcmpIngress::Commitment` (`max_values`: Some(1), `max_size`: Some(46440), added: 46935, mode: `MaxEncodedLen`)
	/// `c` ranges over `[0, 64]`.
	fn on_finalize(c: u32) -> Weight {
		// Proof size, recorded: `293 + c * (69 ±0)`;
		// charged (worst case from the storage items' bounds): `47567`.
		// Fastest run: 10_896_000 picoseconds.
		Weight::from_parts(17_986_783, 47567)
			// Standard error: 3_806
			.saturating_add(Weight::from_parts(3_170_482, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn receive(b: u32, m: u32, d: u32) -> Weight {
		Weight::from_parts(11_419_789, 3554)
			.saturating_add(Weight::from_parts(25_425_798, 0).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(1_039_134, 0).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(11_345_748, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
	}
	fn receive_proof_bytes(s: u32) -> Weight {
		Weight::from_parts(78_383_998, 3554)
			.saturating_add(Weight::from_parts(2_247, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn receive_proof_nodes(n: u32) -> Weight {
		Weight::from_parts(1_014_439_505, 3554)
			.saturating_add(Weight::from_parts(999_679, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn receive_watermark(w: u32) -> Weight {
		Weight::from_parts(34_796_141, 3554)
			.saturating_add(Weight::from_parts(5_687_755, 0).saturating_mul(w.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn receive_digest_entries(e: u32) -> Weight {
		Weight::from_parts(386_933_377, 3563)
			.saturating_add(Weight::from_parts(123_137, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 39).saturating_mul(e.into()))
	}
	fn service_page(m: u32) -> Weight {
		Weight::from_parts(39_967_029, 108985)
			.saturating_add(Weight::from_parts(7_533_068, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn receive_payload(s: u32) -> Weight {
		Weight::from_parts(64_521_670, 3554)
			.saturating_add(Weight::from_parts(2_802, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn service_payload(s: u32) -> Weight {
		Weight::from_parts(44_360_675, 108985)
			.saturating_add(Weight::from_parts(3_674, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn block_sender() -> Weight {
		Weight::from_parts(14_252_000, 1807)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn unblock_sender() -> Weight {
		Weight::from_parts(12_629_000, 1807)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn execute_parked(s: u32) -> Weight {
		Weight::from_parts(28_898_656, 105914)
			.saturating_add(Weight::from_parts(2_786, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn discard_parked() -> Weight {
		Weight::from_parts(20_370_000, 105914)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn on_initialize(d: u32) -> Weight {
		Weight::from_parts(3_519_450, 1743)
			.saturating_add(Weight::from_parts(1_417_476, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
	}
	fn on_finalize(c: u32) -> Weight {
		Weight::from_parts(17_986_783, 47567)
			.saturating_add(Weight::from_parts(3_170_482, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
