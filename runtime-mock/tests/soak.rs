//! Soak: both engines run with faults drawn at random every relay block (`xcmp-sim --soak`,
//! [`Faults`]), at a size a debug build runs in seconds.
//!
//! The protocol model checks after every block that every message is accounted for and its
//! sender told exactly what happened to it, that every cheat is refused and nothing honest is,
//! and that relay state stays within its bound and holds no message: a broken invariant is a
//! violation in the report, which must have none. The real runtimes must refuse every cheat and
//! include every honest block; with `--features try-runtime`, every pallet's `try_state` holds
//! on every chain and on the relay after every block.
//!
//! Seed: `SOAK_SEED` (42 by default), printed.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use xcmp_primitives::limits::MAX_WATERMARK_ADVANCE;
use xcmp_runtime_mock::sim::{self, faults::Fault, Faults, Misbehaviour, SimConfig, Traffic};

fn seed() -> u64 {
	let seed = std::env::var("SOAK_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(42);
	println!("SOAK_SEED={seed}");
	seed
}

/// Faults many times as frequent as `xcmp-sim --soak`'s, so that a short run meets each kind.
fn frequent_faults() -> Faults {
	Faults {
		cheat: 0.03,
		withhold: 0.03,
		silence: 0.01,
		max_silence: 150,
		block_list_change: 0.03,
		max_blocked: 2,
		close_channel: 0.01,
		max_closed_for: 30,
		over_limits: 0.02,
		body_check_every: 1,
	}
}

fn config(parachains: u32, blocks: u32, payload_size: u32) -> SimConfig {
	SimConfig {
		messages_per_block: 4,
		traffic: Traffic::Random,
		ingress_budget: 24,
		seed: seed(),
		faults: Some(frequent_faults()),
		..SimConfig::fault_free(parachains, blocks, payload_size)
	}
}

/// Every fault kind in `kinds` took effect at least once.
fn each_happened(faults: &sim::FaultReport, kinds: &[Fault]) {
	for kind in kinds {
		assert!(faults.injected.get(kind).is_some_and(|n| *n > 0), "no {kind:?} in {faults:#?}");
	}
}

#[test]
fn the_protocol_rides_out_every_fault_and_keeps_every_invariant_after_every_block() {
	let config = config(12, 400, 64);
	let report = sim::protocol::run(&config);
	println!("{}", report.text(sim::Engine::Protocol, &config));
	assert!(report.violations.is_empty(), "{:#?}", report.violations);
	assert!(report.all_accounted_for(), "{report:?}");
	// Every cheat was refused (checked per candidate), at validation, and only cheats were.
	assert!(report.candidates_rejected.is_empty(), "{:?}", report.candidates_rejected);
	assert_eq!(report.candidates_invalid.len(), report.tampered.len());
	let faults = report.faults.clone().unwrap();
	each_happened(
		&faults,
		&[
			Fault::Cheat(Misbehaviour::ForgeCandidate),
			Fault::Cheat(Misbehaviour::OmitBatch),
			Fault::Cheat(Misbehaviour::ReplayBatch),
			Fault::Cheat(Misbehaviour::ReorderBatches),
			Fault::Withheld,
			Fault::Silence,
			Fault::LongSilence,
			Fault::SenderBlocked,
			Fault::SenderUnblocked,
			Fault::ChannelClosing,
			Fault::ChannelReopened,
			Fault::OverLimits,
		],
	);
	// Receivers refused batches both ways, and told their senders.
	let refused = |reason: &str| faults.batches_refused.get(reason).copied().unwrap_or_default();
	assert!(refused("SenderBlocked") > 0 && refused("BreaksLimits(MessageTooLarge)") > 0);
	assert!(report.rejected > 0 && report.refused_closing > 0 && report.refused_blocked > 0);
	// A silent receiver's watermark had to catch up over several blocks.
	assert!(faults.watermark_lag_max > u64::from(MAX_WATERMARK_ADVANCE), "{faults:#?}");
	assert_eq!(faults.blocks_checked, 400);
	assert_eq!(faults.body_checks, 400);
	assert!(faults.relay_state_bound_at_peak > 0);
}

#[test]
fn real_runtimes_refuse_every_cheat_and_include_every_honest_block_through_every_fault() {
	let config = SimConfig {
		faults: Some(Faults { over_limits: 0.0, ..frequent_faults() }),
		..config(5, 200, 64)
	};
	let mut blocks = 0;
	let report = sim::runtime::run(&config, |block, _net| {
		#[cfg(feature = "try-runtime")]
		if let Err(error) = _net.try_state() {
			panic!("relay block {block}: {error}");
		}
		blocks = block;
	});
	assert_eq!(blocks, 200);
	println!("{}", report.text(sim::Engine::Runtime, &config));
	assert!(report.violations.is_empty(), "{:#?}", report.violations);
	assert!(report.all_accounted_for(), "{report:?}");
	assert!(report.delivered > 0 && report.rejected > 0);
	let faults = report.faults.clone().unwrap();
	each_happened(
		&faults,
		&[
			Fault::Withheld,
			Fault::Silence,
			Fault::SenderBlocked,
			Fault::SenderUnblocked,
			Fault::ChannelClosing,
			Fault::ChannelReopened,
		],
	);
	let cheats: u64 =
		faults.injected.iter().filter(|(f, _)| matches!(f, Fault::Cheat(_))).map(|(_, n)| n).sum();
	assert!(cheats > 0, "{faults:#?}");
}
