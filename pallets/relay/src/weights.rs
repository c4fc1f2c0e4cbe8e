//! Weights of `pallet_xcmp_relay`, measured in the runtime's wasm blob. Generated: do not edit.
//!
//! frame-omni-bencher (benchmark CLI 64.0.0) ran this pallet's FRAME benchmarks through the
//! `Benchmark` runtime API of a runtime's blob under `sc-executor` (`Compiled`):
//! `xcmp-parachain-runtime` for the egress and ingress pallets, `xcmp-relay-bench-runtime` for
//! the relay pallet, `xcmp-peer-bench-runtime` for the peer's. It ran them on an in-memory benchmarking database that counts reads and
//! writes and records the storage proof: 10 steps, 5 repeats, on
//! AMD EPYC, 2026-12-06. `tools/weights/measure.sh` regenerates it, with:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet --runtime target/weights/debug/wbuild/xcmp-relay-bench-runtime/xcmp_relay_bench_runtime.wasm --genesis-builder-preset development --pallet pallet_xcmp_relay --extrinsic * --steps 10 --repeat 5 --template tools/weights/template.hbs --output pallets/relay/src/weights.rs
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

/// The weight of each of `pallet_xcmp_relay`'s benchmarks, a function of its components.
pub trait WeightInfo {
	/// The `request_channel` benchmark.
	fn request_channel() -> Weight;
	/// The `accept_channel` benchmark.
	fn accept_channel() -> Weight;
	/// The `cancel_channel_request` benchmark.
	fn cancel_channel_request() -> Weight;
	/// The `remove_expired_channel_request` benchmark.
	fn remove_expired_channel_request() -> Weight;
	/// The `close_channel` benchmark.
	fn close_channel() -> Weight;
	/// The `close_expired_channel` benchmark.
	fn close_expired_channel() -> Weight;
	/// The `force_open_channel` benchmark.
	fn force_open_channel() -> Weight;
	/// The `propose_channel_limits` benchmark.
	fn propose_channel_limits() -> Weight;
	/// The `change_channel_limits` benchmark.
	fn change_channel_limits() -> Weight;
	/// The `cancel_channel_limits_proposal` benchmark.
	fn cancel_channel_limits_proposal() -> Weight;
	/// The `include_candidate` benchmark.
	fn include_candidate(b: u32, d: u32) -> Weight;
	/// The `include_candidate_refusals_seen` benchmark.
	fn include_candidate_refusals_seen(r: u32) -> Weight;
	/// The `include_candidate_block_list` benchmark.
	fn include_candidate_block_list(c: u32) -> Weight;
}

/// The measured weights, storage accesses priced by the runtime's `frame_system::Config::DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `XcmpRelay::OpenRequests` (r:1 w:1)
	/// Proof: `XcmpRelay::OpenRequests` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:1 w:0)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::InboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::OutboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(67), added: 2542, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundChannelCount` (r:1 w:0)
	/// Proof: `XcmpRelay::InboundChannelCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundChannelCount` (r:1 w:0)
	/// Proof: `XcmpRelay::OutboundChannelCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	fn request_channel() -> Weight {
		// Proof size, recorded: `266`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 113_729_000 picoseconds.
		Weight::from_parts(120_479_000, 3905)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `XcmpRelay::OpenRequests` (r:1 w:1)
	/// Proof: `XcmpRelay::OpenRequests` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:1 w:1)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::InboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::OutboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(67), added: 2542, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundChannelCount` (r:1 w:1)
	/// Proof: `XcmpRelay::InboundChannelCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundChannelCount` (r:1 w:1)
	/// Proof: `XcmpRelay::OutboundChannelCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	fn accept_channel() -> Weight {
		// Proof size, recorded: `266`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 72_888_000 picoseconds.
		Weight::from_parts(79_818_000, 3905)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `XcmpRelay::OpenRequests` (r:1 w:1)
	/// Proof: `XcmpRelay::OpenRequests` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:1 w:0)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::InboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::OutboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(67), added: 2542, mode: `MaxEncodedLen`)
	fn cancel_channel_request() -> Weight {
		// Proof size, recorded: `266`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 53_289_000 picoseconds.
		Weight::from_parts(61_221_000, 3905)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `XcmpRelay::OpenRequests` (r:1 w:1)
	/// Proof: `XcmpRelay::OpenRequests` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:1 w:0)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::InboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::OutboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(67), added: 2542, mode: `MaxEncodedLen`)
	fn remove_expired_channel_request() -> Weight {
		// Proof size, recorded: `266`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 57_956_000 picoseconds.
		Weight::from_parts(79_939_000, 3905)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `XcmpRelay::Channels` (r:1 w:1)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::LimitsProposals` (r:0 w:1)
	/// Proof: `XcmpRelay::LimitsProposals` (`max_values`: None, `max_size`: Some(40), added: 2515, mode: `MaxEncodedLen`)
	fn close_channel() -> Weight {
		// Proof size, recorded: `188`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 17_026_000 picoseconds.
		Weight::from_parts(26_750_000, 3905)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpRelay::Channels` (r:1 w:1)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	fn close_expired_channel() -> Weight {
		// Proof size, recorded: `196`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 12_219_000 picoseconds.
		Weight::from_parts(13_961_000, 3905)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `XcmpRelay::OpenRequests` (r:1 w:1)
	/// Proof: `XcmpRelay::OpenRequests` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:1 w:1)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::InboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundRequestCount` (r:1 w:1)
	/// Proof: `XcmpRelay::OutboundRequestCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(67), added: 2542, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::InboundChannelCount` (r:1 w:1)
	/// Proof: `XcmpRelay::InboundChannelCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::OutboundChannelCount` (r:1 w:1)
	/// Proof: `XcmpRelay::OutboundChannelCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	fn force_open_channel() -> Weight {
		// Proof size, recorded: `266`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 70_585_000 picoseconds.
		Weight::from_parts(74_771_000, 3905)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `XcmpRelay::Channels` (r:1 w:0)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::LimitsProposals` (r:0 w:1)
	/// Proof: `XcmpRelay::LimitsProposals` (`max_values`: None, `max_size`: Some(40), added: 2515, mode: `MaxEncodedLen`)
	fn propose_channel_limits() -> Weight {
		// Proof size, recorded: `221`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 11_407_000 picoseconds.
		Weight::from_parts(14_752_000, 3905)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `XcmpRelay::LimitsProposals` (r:1 w:1)
	/// Proof: `XcmpRelay::LimitsProposals` (`max_values`: None, `max_size`: Some(40), added: 2515, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:1 w:1)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	fn change_channel_limits() -> Weight {
		// Proof size, recorded: `273`;
		// charged (worst case from the storage items' bounds): `3905`.
		// Fastest run: 16_425_000 picoseconds.
		Weight::from_parts(23_455_000, 3905)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `XcmpRelay::LimitsProposals` (r:1 w:1)
	/// Proof: `XcmpRelay::LimitsProposals` (`max_values`: None, `max_size`: Some(40), added: 2515, mode: `MaxEncodedLen`)
	fn cancel_channel_limits_proposal() -> Weight {
		// Proof size, recorded: `170`;
		// charged (worst case from the storage items' bounds): `3505`.
		// Fastest run: 9_854_000 picoseconds.
		Weight::from_parts(12_989_000, 3505)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `XcmpRelay::Heads` (r:1 w:1)
	/// Proof: `XcmpRelay::Heads` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::LastEgressAt` (r:1 w:1)
	/// Proof: `XcmpRelay::LastEgressAt` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:191 w:191)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Blocked` (r:191 w:0)
	/// Proof: `XcmpRelay::Blocked` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::AwaitedBatches` (r:127 w:128)
	/// Proof: `XcmpRelay::AwaitedBatches` (`max_values`: None, `max_size`: Some(20510), added: 22985, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Watermarks` (r:1 w:1)
	/// Proof: `XcmpRelay::Watermarks` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::DigestSpans` (r:65 w:65)
	/// Proof: `XcmpRelay::DigestSpans` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Digests` (r:318 w:318)
	/// Proof: `XcmpRelay::Digests` (`max_values`: None, `max_size`: Some(1572), added: 4047, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::BlockedCount` (r:1 w:0)
	/// Proof: `XcmpRelay::BlockedCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::UnseenRefusals` (r:1 w:0)
	/// Proof: `XcmpRelay::UnseenRefusals` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::EgressRoots` (r:0 w:128)
	/// Proof: `XcmpRelay::EgressRoots` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// `b` ranges over `[1, 127]`.
	/// `d` ranges over `[0, 64]`.
	fn include_candidate(b: u32, d: u32) -> Weight {
		// Proof size, recorded: `1570 + b * (202 ±0) + d * (47 ±0)`;
		// charged (worst case from the storage items' bounds): `3991 + b * (22985 ±0) + d * (4047 ±0)`.
		// Fastest run: 1_785_850_000 picoseconds.
		Weight::from_parts(19_017_415, 3991)
			// Standard error: 1_169_882
			.saturating_add(Weight::from_parts(54_214_288, 0).saturating_mul(b.into()))
			// Standard error: 2_295_524
			.saturating_add(Weight::from_parts(29_387_800, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 22985).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(0, 4047).saturating_mul(d.into()))
	}
	/// Storage: `XcmpRelay::Heads` (r:1 w:1)
	/// Proof: `XcmpRelay::Heads` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Watermarks` (r:1 w:1)
	/// Proof: `XcmpRelay::Watermarks` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::DigestSpans` (r:1 w:0)
	/// Proof: `XcmpRelay::DigestSpans` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::BlockedCount` (r:1 w:0)
	/// Proof: `XcmpRelay::BlockedCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::UnseenRefusals` (r:1 w:1)
	/// Proof: `XcmpRelay::UnseenRefusals` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Channels` (r:128 w:128)
	/// Proof: `XcmpRelay::Channels` (`max_values`: None, `max_size`: Some(440), added: 2915, mode: `MaxEncodedLen`)
	/// `r` ranges over `[0, 128]`.
	fn include_candidate_refusals_seen(r: u32) -> Weight {
		// Proof size, recorded: `203 + r * (51 ±0)`;
		// charged (worst case from the storage items' bounds): `3991 + r * (2915 ±0)`.
		// Fastest run: 15_433_000 picoseconds.
		Weight::from_parts(11_305_638, 3991)
			// Standard error: 57_051
			.saturating_add(Weight::from_parts(12_326_251, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(r.into())))
			.saturating_add(Weight::from_parts(0, 2915).saturating_mul(r.into()))
	}
	/// Storage: `XcmpRelay::Heads` (r:1 w:1)
	/// Proof: `XcmpRelay::Heads` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Watermarks` (r:1 w:1)
	/// Proof: `XcmpRelay::Watermarks` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::DigestSpans` (r:1 w:0)
	/// Proof: `XcmpRelay::DigestSpans` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::BlockedCount` (r:1 w:1)
	/// Proof: `XcmpRelay::BlockedCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::Blocked` (r:64 w:64)
	/// Proof: `XcmpRelay::Blocked` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `XcmpRelay::UnseenRefusals` (r:1 w:0)
	/// Proof: `XcmpRelay::UnseenRefusals` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
	/// `c` ranges over `[0, 64]`.
	fn include_candidate_block_list(c: u32) -> Weight {
		// Proof size, recorded: `6`;
		// charged (worst case from the storage items' bounds): `3991 + c * (2503 ±0)`.
		// Fastest run: 15_383_000 picoseconds.
		Weight::from_parts(16_735_687, 3991)
			// Standard error: 24_160
			.saturating_add(Weight::from_parts(8_553_290, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(c.into())))
			.saturating_add(Weight::from_parts(0, 2503).saturating_mul(c.into()))
	}
}

/// The same measured weights, storage accesses priced at RocksDB's costs: for tests and mocks.
impl WeightInfo for () {
	fn request_channel() -> Weight {
		Weight::from_parts(120_479_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn accept_channel() -> Weight {
		Weight::from_parts(79_818_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn cancel_channel_request() -> Weight {
		Weight::from_parts(61_221_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn remove_expired_channel_request() -> Weight {
		Weight::from_parts(79_939_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn close_channel() -> Weight {
		Weight::from_parts(26_750_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn close_expired_channel() -> Weight {
		Weight::from_parts(13_961_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn force_open_channel() -> Weight {
		Weight::from_parts(74_771_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn propose_channel_limits() -> Weight {
		Weight::from_parts(14_752_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn change_channel_limits() -> Weight {
		Weight::from_parts(23_455_000, 3905)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn cancel_channel_limits_proposal() -> Weight {
		Weight::from_parts(12_989_000, 3505)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn include_candidate(b: u32, d: u32) -> Weight {
		Weight::from_parts(19_017_415, 3991)
			.saturating_add(Weight::from_parts(54_214_288, 0).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(29_387_800, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((5_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((5_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 22985).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(0, 4047).saturating_mul(d.into()))
	}
	fn include_candidate_refusals_seen(r: u32) -> Weight {
		Weight::from_parts(11_305_638, 3991)
			.saturating_add(Weight::from_parts(12_326_251, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(r.into())))
			.saturating_add(Weight::from_parts(0, 2915).saturating_mul(r.into()))
	}
	fn include_candidate_block_list(c: u32) -> Weight {
		Weight::from_parts(16_735_687, 3991)
			.saturating_add(Weight::from_parts(8_553_290, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(c.into())))
			.saturating_add(Weight::from_parts(0, 2503).saturating_mul(c.into()))
	}
}
