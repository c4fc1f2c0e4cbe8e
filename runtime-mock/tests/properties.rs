//! Properties over random histories of real runtimes: random networks (2 to 20 parachains),
//! random traffic, payloads, ingress budgets and channel capacities, a random block and unblock,
//! a random delivery timeout and a parachain silent for a while (what it did not take in time
//! timing out), a random collator cheating in a random way (forging, omitting, replaying or
//! reordering batches in its candidate, or forging its inherent). Every sent message ends exactly
//! once as delivered (in nonce order) or reported rejected (or timed out) to its sender, or is
//! still pending; every cheat is refused (by the runtime for a forged inherent, at validation
//! otherwise) and nothing honest is; the relay's state never holds a message body (checked after
//! every block against every message held); and, with `try-runtime`, every pallet's invariants
//! hold on every chain after every block.
//!
//! A second property feeds the ingress inherent arbitrary bytes, and honest inherents with bytes
//! flipped, through a real parachain runtime: building never panics, and whatever the runtime
//! takes validates from its proof of validity and is included by the relay, with only messages
//! their senders committed.
//!
//! Cases: `PROPTEST_CASES` (16 by default). A failing case is printed, shrunk, and its seed saved
//! under `proptest-regressions/`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use codec::{DecodeLimit, Encode};
use pallet_xcmp_ingress::IngressInherentData;
use proptest::prelude::*;
use xcmp_primitives::ChannelLimits;
use xcmp_runtime_mock::{
	parachain::Runtime,
	runtime_network::{BlockOutcome, RuntimeNetwork},
	sim::{self, Misbehaviour, SimConfig, Traffic},
};

/// Every message payload any parachain holds (queued or committed, not yet delivered).
fn held_payloads(net: &mut RuntimeNetwork) -> Vec<Vec<u8>> {
	net.paras
		.iter_mut()
		.flat_map(|node| {
			node.execute_with(|| {
				pallet_xcmp_egress::OutboundChannels::<Runtime>::iter_keys()
					.flat_map(pallet_xcmp_egress::Pallet::<Runtime>::held_messages)
					.map(|(_, payload)| payload.into_inner())
					.collect::<Vec<_>>()
			})
		})
		.collect()
}

/// Every value in the relay chain's state.
fn relay_values(net: &mut RuntimeNetwork) -> Vec<Vec<u8>> {
	net.relay_storage(&[]).into_iter().map(|(_, value)| value).collect()
}

fn misbehaviour() -> impl Strategy<Value = Misbehaviour> {
	prop_oneof![
		Just(Misbehaviour::ForgeCandidate),
		Just(Misbehaviour::OmitBatch),
		Just(Misbehaviour::ReplayBatch),
		Just(Misbehaviour::ReorderBatches),
		Just(Misbehaviour::ForgeInherent),
	]
}

fn traffic() -> impl Strategy<Value = Traffic> {
	prop_oneof![Just(Traffic::AllToAll), Just(Traffic::HotSpot), Just(Traffic::Random)]
}

prop_compose! {
	fn history()(
		parachains in 2u32..=20,
		blocks in 4u32..=12,
		messages_per_block in 0u32..=6,
		payload_size in sim::runtime::SHORTEST_CONTRACT_CALL..=300,
		traffic in traffic(),
		ingress_budget in 1u32..=40,
		capacity in 4u32..=64,
		forge_at in prop::option::of(1u32..=12),
		misbehaviour in misbehaviour(),
		misbehaving in any::<prop::sample::Index>(),
		block_at in prop::option::of(1u32..=10),
		block_for in 1u32..=4,
		delivery_timeout in prop::option::of(2u32..=6),
		silent_from in prop::option::of(1u32..=8),
		silent_for in 1u32..=10,
		seed in any::<u64>(),
	) -> SimConfig {
		SimConfig {
			parachains,
			blocks,
			messages_per_block,
			payload_size,
			traffic,
			ingress_budget,
			limits: ChannelLimits {
				max_capacity: capacity,
				max_total_size: capacity * payload_size,
				max_message_size: payload_size,
			},
			forge_at,
			misbehaviour,
			misbehaving: misbehaving.index(parachains as usize) as u32,
			block_between: block_at.map(|at| (at, at + block_for)),
			delivery_timeout,
			silent_between: silent_from.map(|from| (from, from + silent_for)),
			seed,
			faults: None,
		}
	}
}

/// The property over one history: see the crate doc.
fn check_history(config: &SimConfig) -> Result<(), TestCaseError> {
	let report = sim::runtime::run(config, |block, net| {
		#[cfg(feature = "try-runtime")]
		if let Err(broken) = net.try_state() {
			panic!("invariant broken after relay block {block}: {broken}");
		}
		let held = held_payloads(net);
		let relay = relay_values(net);
		for payload in held.iter().filter(|p| p.len() >= 24) {
			assert!(
				!relay.iter().any(|value| value.windows(payload.len()).any(|w| w == &payload[..])),
				"relay block {block}: the relay state holds a message"
			);
		}
	});
	prop_assert!(report.all_accounted_for(), "{:?}", report);
	prop_assert_eq!(report.order_violations, 0);
	// A cheat is refused: by the runtime for a forged inherent, by the validators for a block
	// altered after it was built (it does not re-execute from its proof of validity); nothing
	// else is, so no honest block is lost, and the relay's inclusion sees no cheat.
	let refused_by_runtime: Vec<_> =
		report.blocks_not_built.iter().map(|(block, para, _)| (*block, *para)).collect();
	let refused_by_verifier: Vec<_> =
		report.candidates_invalid.iter().map(|(block, para, _)| (*block, *para)).collect();
	prop_assert!(report.candidates_rejected.is_empty(), "{:?}", report.candidates_rejected);
	let mut expect_runtime = Vec::new();
	let mut expect_verifier = Vec::new();
	for (block, para, how) in &report.tampered {
		prop_assert_eq!(Some(*block), config.forge_at);
		prop_assert_eq!(u32::from(*para), 2000 + config.misbehaving);
		if *how == Misbehaviour::ForgeInherent {
			expect_runtime.push((*block, *para));
		} else {
			expect_verifier.push((*block, *para));
		}
	}
	prop_assert_eq!(refused_by_runtime, expect_runtime);
	prop_assert_eq!(refused_by_verifier, expect_verifier);
	// A silent chain builds no block.
	let silent = (1..=config.blocks)
		.map(|block| (0..config.parachains).filter(|i| config.falls_silent(*i, block)).count())
		.sum::<usize>() as u32;
	let candidates = u64::from(config.parachains * config.blocks - silent);
	prop_assert_eq!(
		report.candidates_accepted
			+ report.candidates_invalid.len() as u64
			+ report.blocks_not_built.len() as u64,
		candidates
	);
	Ok(())
}

/// Found at `PROPTEST_CASES=1000`: parachain 2001 blocks 2000 at relay block 7; at block 8 its
/// collator flips a byte in 2000's refused batch, whose messages nobody read, and the block was
/// built and included. A refused batch now carries no message, so the forged inherent is
/// refused by the runtime.
#[test]
fn a_forged_byte_in_a_refused_batch_is_refused() {
	let config = SimConfig {
		ingress_budget: 1,
		limits: ChannelLimits { max_capacity: 4, max_total_size: 32, max_message_size: 8 },
		forge_at: Some(8),
		misbehaviour: Misbehaviour::ForgeInherent,
		misbehaving: 1,
		block_between: Some((7, 8)),
		..SimConfig::fault_free(7, 8, 8)
	};
	check_history(&config).unwrap();
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(
		std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(16)
	))]

	#[test]
	fn every_message_ends_exactly_once_and_every_cheat_is_refused(config in history()) {
		check_history(&config)?;
	}
}

/// A network of two parachains where the first committed messages to the second in two blocks,
/// and the second's honest ingress inherent for its next block, which takes both batches.
fn receiver_with_pending_batches(
	payload_size: u32,
) -> (RuntimeNetwork, xcmp_primitives::relay_state::RelayParent, IngressInherentData) {
	let limits =
		ChannelLimits { max_capacity: 64, max_total_size: 64 * 512, max_message_size: 512 };
	let mut net = RuntimeNetwork::new(&[2000, 2001], limits, vec![(5, 1 << 40)]);
	for _ in 0..2 {
		for _ in 0..3 {
			net.submit(2000, 5, send_call(2001, payload_size));
		}
		// The receiver's collator takes nothing yet.
		let outcomes = net.step_with(
			|id, batches| {
				if u32::from(id) == 2001 {
					batches.clear()
				}
			},
			|_, _| {},
		);
		assert!(outcomes.iter().all(|o| matches!(o, BlockOutcome::Included(_))));
	}
	let index = net.index(2001);
	let batches = net.gather(index);
	assert_eq!(batches.len(), 2);
	let (parent, data) = net.inherent(index, batches);
	(net, parent, data)
}

/// A send of an XCM program of `payload_size` bytes calling a contract on `to` (none is
/// registered there: the program executes, and fails, as any message the processor takes).
fn send_call(to: u32, payload_size: u32) -> xcmp_runtime_mock::parachain::RuntimeCall {
	let payload = sim::runtime::contract_call_payload(1, payload_size, || 7);
	let payload = payload.try_into().unwrap();
	let call = pallet_xcmp_egress::Call::send { destination: to.into(), payload };
	xcmp_runtime_mock::parachain::RuntimeCall::XcmpEgress(call)
}

/// Builds the second chain's block from `data`: it must not panic; if the runtime takes the
/// inherent, the block must validate from its proof of validity and the relay include its
/// commitments, and every message it consumed must be one its sender committed.
fn build_and_check(
	net: &mut RuntimeNetwork,
	parent: xcmp_primitives::relay_state::RelayParent,
	data: IngressInherentData,
	honest: &IngressInherentData,
) -> Result<(), TestCaseError> {
	let index = net.index(2001);
	let Ok(block) = net.build(index, parent, data) else { return Ok(()) };
	let committed: Vec<_> = honest.batches.iter().flat_map(|b| b.messages.iter()).collect();
	for message in block.candidate.consumed.iter().filter(|b| !b.messages.is_empty()) {
		for m in &message.messages {
			prop_assert!(committed.contains(&m), "a message its sender never committed: {:?}", m);
		}
	}
	let commitments = net.validate(index, &block);
	prop_assert!(commitments.is_ok(), "the runtime built a block that does not validate");
	let verdict = net.include(&[commitments.unwrap_or_else(|_| unreachable!())]);
	prop_assert!(
		verdict[0].is_ok(),
		"the runtime took an inherent the relay's inclusion refuses: {:?}",
		verdict
	);
	net.settle(index, &block, true);
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(
		std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(16)
	))]

	#[test]
	fn any_ingress_inherent_is_taken_only_if_honest(
		payload_size in sim::runtime::SHORTEST_CONTRACT_CALL..=200,
		flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 0..4),
		noise in prop::collection::vec(any::<u8>(), 0..512),
	) {
		let (mut net, parent, honest) = receiver_with_pending_batches(payload_size);
		// Bytes of the honest inherent, some flipped: decoded as the runtime would.
		let mut bytes = honest.encode();
		for (at, mask) in &flips {
			let at = at.index(bytes.len());
			bytes[at] ^= mask;
		}
		if let Ok(data) = IngressInherentData::decode_with_depth_limit(256, &mut &bytes[..]) {
			build_and_check(&mut net, parent, data, &honest)?;
		}
		// Arbitrary bytes.
		let (mut net, parent, honest) = receiver_with_pending_batches(payload_size);
		if let Ok(data) = IngressInherentData::decode_with_depth_limit(256, &mut &noise[..]) {
			build_and_check(&mut net, parent, data, &honest)?;
		}
	}
}
