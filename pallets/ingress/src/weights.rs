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
	/// Storage: `XcmpIngress::CurrentRelayParent` (r:1 w:1)
	/// Proof: `XcmpIngress::CurrentRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `ParachainInfo::ParachainId` (r:1 w:0)
	/// Proof: `ParachainInfo::ParachainId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
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
		// Proof size, recorded: `64`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 1_647_044_000 picoseconds.
		Weight::from_parts(1_691_880_000, 3554)
			// Standard error: 535_973
			.saturating_add(Weight::from_parts(12_518_918, 0).saturating_mul(b.into()))
			// Standard error: 34_091
			.saturating_add(Weight::from_parts(670_199, 0).saturating_mul(m.into()))
			// Standard error: 531_273
			.saturating_add(Weight::from_parts(596_131, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(d.into())))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::CurrentRelayParent` (r:1 w:1)
	/// Proof: `XcmpIngress::CurrentRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `ParachainInfo::ParachainId` (r:1 w:0)
	/// Proof: `ParachainInfo::ParachainId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
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
		// Proof size, recorded: `64`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 83_965_000 picoseconds.
		Weight::from_parts(59_761_126, 3554)
			// Standard error: 10
			.saturating_add(Weight::from_parts(2_150, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(11_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::CurrentRelayParent` (r:1 w:1)
	/// Proof: `XcmpIngress::CurrentRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `ParachainInfo::ParachainId` (r:1 w:0)
	/// Proof: `ParachainInfo::ParachainId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
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
		// Proof size, recorded: `64`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 99_298_000 picoseconds.
		Weight::from_parts(101_220_000, 3554)
			// Standard error: 25_854
			.saturating_add(Weight::from_parts(1_165_214, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(11_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::CurrentRelayParent` (r:1 w:1)
	/// Proof: `XcmpIngress::CurrentRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `ParachainInfo::ParachainId` (r:1 w:0)
	/// Proof: `ParachainInfo::ParachainId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
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
		// Proof size, recorded: `202`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 41_651_000 picoseconds.
		Weight::from_parts(47_325_808, 3554)
			// Standard error: 29_603
			.saturating_add(Weight::from_parts(6_625_699, 0).saturating_mul(w.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::CurrentRelayParent` (r:1 w:1)
	/// Proof: `XcmpIngress::CurrentRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `ParachainInfo::ParachainId` (r:1 w:0)
	/// Proof: `ParachainInfo::ParachainId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
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
		// Proof size, recorded: `190`;
		// charged (worst case from the storage items' bounds): `3563 + e * (39 ±0)`.
		// Fastest run: 259_946_000 picoseconds.
		Weight::from_parts(472_656_208, 3563)
			// Standard error: 3_599
			.saturating_add(Weight::from_parts(163_915, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
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
		// Proof size, recorded: `271 + m * (66 ±0)`;
		// charged (worst case from the storage items' bounds): `108985`.
		// Fastest run: 38_637_000 picoseconds.
		Weight::from_parts(101_059_158, 108985)
			// Standard error: 72_725
			.saturating_add(Weight::from_parts(9_405_010, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `ParachainSystem::ValidationData` (r:1 w:0)
	/// Proof: `ParachainSystem::ValidationData` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `ParachainSystem::RelayStateProof` (r:1 w:0)
	/// Proof: `ParachainSystem::RelayStateProof` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `XcmpIngress::CurrentRelayParent` (r:1 w:1)
	/// Proof: `XcmpIngress::CurrentRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `ParachainInfo::ParachainId` (r:1 w:0)
	/// Proof: `ParachainInfo::ParachainId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
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
		// Proof size, recorded: `64`;
		// charged (worst case from the storage items' bounds): `3554`.
		// Fastest run: 63_224_000 picoseconds.
		Weight::from_parts(79_299_795, 3554)
			// Standard error: 12
			.saturating_add(Weight::from_parts(3_006, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(11_u64))
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
		// Proof size, recorded: `275 + s * (1 ±0)`;
		// charged (worst case from the storage items' bounds): `108985`.
		// Fastest run: 39_489_000 picoseconds.
		Weight::from_parts(46_198_485, 108985)
			// Standard error: 12
			.saturating_add(Weight::from_parts(3_730, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `ParachainInfo::ParachainId` (r:1 w:0)
	/// Proof: `ParachainInfo::ParachainId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:1)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:1)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	fn block_sender() -> Weight {
		// Proof size, recorded: `461`;
		// charged (worst case from the storage items' bounds): `1807`.
		// Fastest run: 15_213_000 picoseconds.
		Weight::from_parts(18_438_000, 1807)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::BlockedSenders` (r:1 w:1)
	/// Proof: `XcmpIngress::BlockedSenders` (`max_values`: Some(1), `max_size`: Some(65), added: 560, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::PendingBlockListChanges` (r:1 w:1)
	/// Proof: `XcmpIngress::PendingBlockListChanges` (`max_values`: Some(1), `max_size`: Some(322), added: 817, mode: `MaxEncodedLen`)
	fn unblock_sender() -> Weight {
		// Proof size, recorded: `435`;
		// charged (worst case from the storage items' bounds): `1807`.
		// Fastest run: 12_508_000 picoseconds.
		Weight::from_parts(20_811_000, 1807)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::ParkedMessages` (r:1 w:1)
	/// Proof: `XcmpIngress::ParkedMessages` (`max_values`: None, `max_size`: Some(102449), added: 104924, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	/// `s` ranges over `[0, 102400]`.
	fn execute_parked(s: u32) -> Weight {
		// Proof size, recorded: `201 + s * (1 ±0)`;
		// charged (worst case from the storage items' bounds): `105914`.
		// Fastest run: 24_967_000 picoseconds.
		Weight::from_parts(32_999_168, 105914)
			// Standard error: 8
			.saturating_add(Weight::from_parts(2_870, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::ParkedMessages` (r:1 w:1)
	/// Proof: `XcmpIngress::ParkedMessages` (`max_values`: None, `max_size`: Some(102449), added: 104924, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::InboundChannels` (r:1 w:1)
	/// Proof: `XcmpIngress::InboundChannels` (`max_values`: None, `max_size`: Some(89), added: 2564, mode: `MaxEncodedLen`)
	fn discard_parked() -> Weight {
		// Proof size, recorded: `223`;
		// charged (worst case from the storage items' bounds): `105914`.
		// Fastest run: 18_908_000 picoseconds.
		Weight::from_parts(25_648_000, 105914)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpIngress::RelayViewDestinations` (r:1 w:1)
	/// Proof: `XcmpIngress::RelayViewDestinations` (`max_values`: Some(1), `max_size`: Some(258), added: 753, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::RelayViewChannels` (r:0 w:64)
	/// Proof: `XcmpIngress::RelayViewChannels` (`max_values`: None, `max_size`: Some(430), added: 2905, mode: `MaxEncodedLen`)
	/// Storage: `XcmpIngress::CurrentRelayParent` (r:0 w:1)
	/// Proof: `XcmpIngress::CurrentRelayParent` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// `d` ranges over `[0, 64]`.
	fn on_initialize(d: u32) -> Weight {
		// Proof size, recorded: `113 + d * (4 ±0)`;
		// charged (worst case from the storage items' bounds): `1743`.
		// Fastest run: 4_777_000 picoseconds.
		Weight::from_parts(7_396_240, 1743)
			// Standard error: 3_360
			.saturating_add(Weight::from_parts(1_700_699, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
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
		// Proof size, recorded: `401 + c * (69 ±0)`;
		// charged (worst case from the storage items' bounds): `47567`.
		// Fastest run: 13_039_000 picoseconds.
		Weight::from_parts(25_809_704, 47567)
			// Standard error: 4_355
			.saturating_add(Weight::from_parts(3_839_844, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn receive(b: u32, m: u32, d: u32) -> Weight {
		Weight::from_parts(1_691_880_000, 3554)
			.saturating_add(Weight::from_parts(12_518_918, 0).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(670_199, 0).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(596_131, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
	}
	fn receive_proof_bytes(s: u32) -> Weight {
		Weight::from_parts(59_761_126, 3554)
			.saturating_add(Weight::from_parts(2_150, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(11_u64))
	}
	fn receive_proof_nodes(n: u32) -> Weight {
		Weight::from_parts(101_220_000, 3554)
			.saturating_add(Weight::from_parts(1_165_214, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(11_u64))
	}
	fn receive_watermark(w: u32) -> Weight {
		Weight::from_parts(47_325_808, 3554)
			.saturating_add(Weight::from_parts(6_625_699, 0).saturating_mul(w.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn receive_digest_entries(e: u32) -> Weight {
		Weight::from_parts(472_656_208, 3563)
			.saturating_add(Weight::from_parts(163_915, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
			.saturating_add(Weight::from_parts(0, 39).saturating_mul(e.into()))
	}
	fn service_page(m: u32) -> Weight {
		Weight::from_parts(101_059_158, 108985)
			.saturating_add(Weight::from_parts(9_405_010, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn receive_payload(s: u32) -> Weight {
		Weight::from_parts(79_299_795, 3554)
			.saturating_add(Weight::from_parts(3_006, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(11_u64))
	}
	fn service_payload(s: u32) -> Weight {
		Weight::from_parts(46_198_485, 108985)
			.saturating_add(Weight::from_parts(3_730, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn block_sender() -> Weight {
		Weight::from_parts(18_438_000, 1807)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn unblock_sender() -> Weight {
		Weight::from_parts(20_811_000, 1807)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn execute_parked(s: u32) -> Weight {
		Weight::from_parts(32_999_168, 105914)
			.saturating_add(Weight::from_parts(2_870, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn discard_parked() -> Weight {
		Weight::from_parts(25_648_000, 105914)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn on_initialize(d: u32) -> Weight {
		Weight::from_parts(7_396_240, 1743)
			.saturating_add(Weight::from_parts(1_700_699, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(d.into())))
	}
	fn on_finalize(c: u32) -> Weight {
		Weight::from_parts(25_809_704, 47567)
			.saturating_add(Weight::from_parts(3_839_844, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
