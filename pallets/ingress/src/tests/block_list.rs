//! The block list and the block's ingress commitment.

use super::*;
use xcmp_primitives::{ConsumedBatch, RefusalReason};

#[test]
fn the_commitment_is_stored_and_deposited_in_the_header() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2)), (C, payloads(2, 1))]);
		let batches = vec![net.route(C, sent_at), net.route(A, sent_at)];
		run_block(net.inherent(batches.clone()));
		let commitment = Commitment::<Test>::get().unwrap();
		let expected = |sender: u32, batch: &RoutedBatch| IngressCursor {
			sender: para(sender),
			last_nonce: batch.entry.last_nonce,
			mqc_head: batch.entry.mqc_head,
			rejected: false,
		};
		// Sorted by sender, whatever the order of the batches.
		assert_eq!(
			commitment.cursors.to_vec(),
			vec![expected(A, &batches[1]), expected(C, &batches[0])]
		);
		assert_eq!(commitment.watermark, net.relay_block);
		assert!(commitment.block_list_changes.is_empty());
		assert_eq!(commitment.ingress_root, xcmp_primitives::ingress_root(&commitment.cursors));
		// The service deposited the block's outcome root first.
		let logs = System::digest().logs;
		let outcomes = System::events()
			.into_iter()
			.find_map(|record| match record.event {
				RuntimeEvent::XcmpIngress(crate::Event::OutcomesCommitted { outcomes, .. }) => {
					Some(outcomes)
				}
				_ => None,
			})
			.unwrap();
		assert_eq!(
			logs,
			vec![
				XcmpDigestItem::OutcomeRoot(xcmp_primitives::outcome::outcome_root(&outcomes))
					.to_digest_item(),
				XcmpDigestItem::IngressCommitmentHash(xcmp_primitives::ingress_commitment_hash(
					&commitment,
					&batches.iter().map(ConsumedBatch::of).collect::<Vec<_>>()
				))
				.to_digest_item()
			]
		);
		assert!(MovedThisBlock::<Test>::get().is_empty());
		assert!(ConsumedThisBlock::<Test>::get().is_empty());
		net.include_b(batches);
	});
}

#[test]
fn a_block_without_batches_still_commits_its_watermark() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		net.advance();
		net.advance();
		run_block(net.inherent(vec![]));
		let commitment = Commitment::<Test>::get().unwrap();
		assert!(commitment.cursors.is_empty());
		assert_eq!(commitment.watermark, net.relay_block);
		assert_eq!(
			System::digest().logs,
			vec![XcmpDigestItem::IngressCommitmentHash(xcmp_primitives::ingress_commitment_hash(
				&commitment,
				&[]
			))
			.to_digest_item()]
		);
		net.include_b(vec![]);
	});
}

#[test]
fn a_blocked_sender_s_batches_are_refused_and_not_dispatched() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// A commits a batch while B accepts it; a blocked sender cannot commit to B at all.
		let sent_at = net.send(&[(A, payloads(1, 3)), (C, payloads(2, 1))]);
		// B blocks A in a block; the relay learns of it when it includes that block.
		start_block(1);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])));
		assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
		assert_eq!(ingress_events().last(), Some(&Event::SenderBlocked { sender: para(A) }));
		end_block();
		let commitment = Commitment::<Test>::get().unwrap();
		assert_eq!(commitment.block_list_changes.to_vec(), vec![BlockListChange::Blocked(para(A))]);
		net.include_b(vec![]);

		// A refused batch carries no message: not even honest ones, let alone forged bytes.
		let whole = net.route(A, sent_at);
		for carried in [whole.clone(), {
			let mut forged = whole.clone();
			forged.messages[0].payload[0] ^= 0xff;
			forged
		}] {
			let data = net.inherent_as_given(vec![carried]);
			assert_rejected(data, Error::<Test>::RefusedBatchCarriesMessages);
		}
		// The honest collator routes it as its entry and proof alone.
		let refused = whole.refused();
		let batches = vec![refused.clone(), net.route(C, sent_at)];
		run_block(net.inherent(batches.clone()));
		assert_eq!(processed(), from(C, payloads(2, 1)));
		assert!(ingress_events().contains(&Event::BatchRefused {
			sender: para(A),
			first_nonce: 1,
			last_nonce: 3,
			sent_at,
			reason: RefusalReason::SenderBlocked
		}));
		let commitment = Commitment::<Test>::get().unwrap();
		let a = commitment.cursors.iter().find(|c| c.sender == para(A)).unwrap();
		assert!(a.rejected);
		assert_eq!(a.cursor(), refused.entry.cursor_after());
		assert!(!commitment.cursors.iter().find(|c| c.sender == para(C)).unwrap().rejected);
		assert_eq!(commitment.watermark, net.relay_block);
		net.include_b(batches);

		// Unblocked, A's next batch is dispatched again.
		start_block(System::block_number() + 1);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])));
		assert_ok!(XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)));
		end_block();
		net.include_b(vec![]);
		let sent_at = net.send(&[(A, payloads(3, 2))]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert!(!Commitment::<Test>::get().unwrap().cursors[0].rejected);
		assert_eq!(processed().len(), 3);
		net.include_b(vec![batch]);
	});
}

#[test]
fn an_expired_batch_is_refused_without_its_messages() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// A's batches expire 3 relay blocks after their relay parent; C's never do.
		net.outboxes.outbox(para(A)).set_delivery_timeout(Some(3));
		let sent_at = net.send(&[(A, payloads(1, 2)), (C, payloads(2, 1))]);
		let expiring = net.route(A, sent_at);
		assert_eq!(expiring.entry.expires_at, Some(sent_at + 3));
		// B's block on relay parent `sent_at + 3` must refuse it: carrying its messages, it is
		// no refusal, and it is not accepted either.
		net.advance();
		net.advance();
		assert_eq!(net.relay_block, sent_at + 3);
		let data = net.inherent_as_given(vec![expiring.clone()]);
		assert_rejected(data, Error::<Test>::RefusedBatchCarriesMessages);
		// The honest collator routes it as its entry and proof alone; C's goes whole.
		let batches = vec![expiring.clone(), net.route(C, sent_at)];
		run_block(net.inherent(batches));
		assert_eq!(processed(), from(C, payloads(2, 1)));
		assert!(ingress_events().contains(&Event::BatchRefused {
			sender: para(A),
			first_nonce: 1,
			last_nonce: 2,
			sent_at,
			reason: RefusalReason::Expired
		}));
		let commitment = Commitment::<Test>::get().unwrap();
		let a = commitment.cursors.iter().find(|c| c.sender == para(A)).unwrap();
		assert!(a.rejected);
		assert_eq!(a.cursor(), expiring.entry.cursor_after());
		net.include_b(vec![expiring.refused(), net.route(C, sent_at)]);
	});
}

#[test]
fn a_refusal_the_relay_could_not_record_is_rejected() {
	use xcmp_primitives::relay_state::RefusedRange;
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		// B blocks A, and the relay, which says so too, holds as many separate refused ranges on
		// the channel as it can, none ending at B's cursor: a refusal would open one more.
		crate::BlockedSenders::<Test>::put(frame_support::BoundedVec::truncate_from(vec![para(A)]));
		net.relay.execute_with(|| {
			pallet_xcmp_relay::Blocked::<relay::Relay>::insert(para(B), para(A), 1);
			pallet_xcmp_relay::BlockedCount::<relay::Relay>::insert(para(B), 1);
			pallet_xcmp_relay::Channels::<relay::Relay>::mutate(para(A), para(B), |channel| {
				let channel = channel.as_mut().unwrap();
				let ranges = (0..xcmp_primitives::limits::MAX_REFUSED_RANGES as u64).map(|n| {
					RefusedRange { first: 100 + 2 * n, last: 100 + 2 * n, recorded_at: 1 }
				});
				channel.refused = ranges.collect::<Vec<_>>().try_into().unwrap();
			});
		});
		// The honest collator leaves such a refusal out; one that puts it in has the inherent
		// refused.
		let batch = net.route(A, sent_at);
		assert!(net.routed(vec![batch.clone()]).is_empty());
		let data = net.inherent_as_given(vec![batch.refused()]);
		assert_rejected(data, Error::<Test>::TooManyRefusedRanges);
	});
}

/// Runs a block of B taking `batches` as its honest collator routes them, then blocking A
/// (`Some(true)`) or unblocking it (`Some(false)`). Returns the block's candidate, not included.
fn block_of_b(
	net: &mut ReceiverNetwork,
	batches: Vec<RoutedBatch>,
	change: Option<bool>,
) -> xcmp_verifier::Candidate {
	let batches = net.routed(batches);
	let data = net.inherent(batches.clone());
	start_block(System::block_number() + 1);
	assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), data));
	match change {
		Some(true) => {
			assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
		}
		Some(false) => {
			assert_ok!(XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)));
		}
		None => {}
	}
	end_block();
	net.candidate(batches)
}

/// The refused ranges the relay holds on the channel `A -> B`.
fn held_by_relay(net: &mut ReceiverNetwork) -> Vec<xcmp_primitives::relay_state::RefusedRange> {
	net.relay.execute_with(|| {
		let channel = pallet_xcmp_relay::Channels::<relay::Relay>::get(para(A), para(B));
		channel.unwrap().refused.into_inner()
	})
}

/// A commits `batches` one-message batches, one per relay block, and produces no block after
/// them: it sees no refusal, so the relay holds every range B refuses. Then B, each block
/// included before the next, blocks A and refuses and accepts A's batches in turn until the relay
/// holds `ranges` refused ranges, A blocked. Returns A's batches not consumed yet.
fn hold_refused_ranges(
	net: &mut ReceiverNetwork,
	batches: usize,
	ranges: usize,
) -> std::vec::IntoIter<RoutedBatch> {
	let sent: Vec<_> = (0..batches).map(|k| net.send(&[(A, payloads(k as u8, 1))])).collect();
	let batches: Vec<RoutedBatch> = sent.iter().map(|sent_at| net.route(A, *sent_at)).collect();
	let mut batches = batches.into_iter();
	let candidate = block_of_b(net, vec![], Some(true));
	net.include(&[candidate]);
	for _ in 0..ranges {
		let candidate = block_of_b(net, vec![batches.next().unwrap()], Some(false));
		net.include(&[candidate]);
		let candidate = block_of_b(net, vec![batches.next().unwrap()], Some(true));
		net.include(&[candidate]);
	}
	assert_eq!(held_by_relay(net).len(), ranges);
	batches
}

#[test]
fn refusals_of_blocks_not_included_yet_count_toward_the_relay_s_bound() {
	use xcmp_primitives::limits::MAX_REFUSED_RANGES;
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// The relay holds one range fewer than its bound.
		let ranges = MAX_REFUSED_RANGES as usize;
		let mut batches = hold_refused_ranges(&mut net, 2 * ranges + 1, ranges - 1);

		// Three blocks on one relay parent, none included before the last is built: the first
		// refuses a batch (the bound's last range), the second accepts one, the third would
		// refuse another, a range past the bound once the first is included.
		let (first, second, third) =
			(batches.next().unwrap(), batches.next().unwrap(), batches.next().unwrap());
		let refusing = block_of_b(&mut net, vec![first], Some(false));
		let accepting = block_of_b(&mut net, vec![second], Some(true));
		// B keeps the range its relay parent does not show included; those before it it dropped.
		assert_eq!(RecentRefusals::<Test>::get(para(A)).len(), 1);
		// A collator that puts the refusal in has the inherent refused; the honest collator
		// leaves it out, and the block goes on without it.
		let data = net.inherent_as_given(vec![third.clone().refused()]);
		start_block(System::block_number() + 1);
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::none(), data),
			Error::<Test>::TooManyRefusedRanges
		);
		assert!(net.routed(vec![third.clone()]).is_empty());
		let waiting = block_of_b(&mut net, vec![third.clone()], None);
		assert!(waiting.consumed.is_empty());
		// The relay includes all three in one block.
		net.include(&[refusing, accepting, waiting]);
		assert_eq!(held_by_relay(&mut net).len(), ranges);

		// Once A has seen the ranges, the refusal goes through.
		net.send_to(C, &[(A, payloads(99, 1))]);
		let candidate = block_of_b(&mut net, vec![third], None);
		assert_eq!(candidate.consumed.len(), 1);
		net.include(&[candidate]);
		assert_eq!(RecentRefusals::<Test>::get(para(A)).len(), 1);
	});
}

#[test]
fn a_refusal_continuing_an_included_one_counts_with_it() {
	use xcmp_primitives::{limits::MAX_REFUSED_RANGES, relay_state::RefusedRange};
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let ranges = MAX_REFUSED_RANGES as usize;
		let mut batches = hold_refused_ranges(&mut net, 2 * ranges + 2, ranges - 2);
		let mut next = || batches.next().unwrap();
		// Two blocks on one relay parent refuse two contiguous batches, kept as one range; the
		// relay includes the first alone.
		let (x, y) = (next(), next());
		let nonce = x.entry.first_nonce;
		let first = block_of_b(&mut net, vec![x], None);
		let second = block_of_b(&mut net, vec![y], Some(false));
		let merged = RefusedRange { first: nonce, last: nonce + 1, recorded_at: net.relay_block };
		assert_eq!(RecentRefusals::<Test>::get(para(A)).to_vec(), vec![merged]);
		net.include(&[first]);
		assert_eq!(held_by_relay(&mut net).len(), ranges - 1);
		// On the relay block that includes the first only, B accepts a batch, then refuses one
		// more: a new range, the bound's last. Of the merged range, only the second block's part
		// is not included, and it continues the relay's last range: the count is one below the
		// bound, and the refusal goes in.
		let accepting = block_of_b(&mut net, vec![next()], Some(true));
		let refusing = block_of_b(&mut net, vec![next()], None);
		assert_eq!(refusing.consumed.len(), 1);
		net.include(&[second, accepting, refusing]);
		let held = held_by_relay(&mut net);
		assert_eq!(held.len(), ranges);
		assert_eq!((held[ranges - 2].first, held[ranges - 2].last), (nonce, nonce + 1));
	});
}

#[test]
fn blocking_is_checked_and_bounded() {
	build_and_execute(|| {
		start_block(1);
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::signed(1), para(A)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::root(), para(B)),
			Error::<Test>::CannotBlockSelf
		);
		assert_noop!(
			XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)),
			Error::<Test>::NotBlocked
		);
		assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)),
			Error::<Test>::AlreadyBlocked
		);
		for sender in 1..MaxBlockedSenders::get() {
			assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(5000 + sender)));
		}
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::root(), para(C)),
			Error::<Test>::TooManyBlockedSenders
		);
		assert_ok!(XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)));
		assert_eq!(PendingBlockListChanges::<Test>::get().len(), 5);
		// Block-list changes per block are bounded by the protocol.
		for _ in 0..29 {
			assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
			assert_ok!(XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)));
		}
		assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
		assert_eq!(
			PendingBlockListChanges::<Test>::get().len() as u32,
			xcmp_primitives::limits::MAX_BLOCK_LIST_CHANGES
		);
		assert_noop!(
			XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)),
			Error::<Test>::TooManyBlockListChanges
		);
	});
}

#[test]
fn a_batch_over_its_channel_s_limits_is_refused_and_its_channel_goes_on() {
	use xcmp_primitives::LimitBreach;
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// A misbehaving sender runtime commits a message over the channel's 1,000-byte size: the
		// relay checks the entry's total bytes, not each message's size. No receiver could
		// accept the batch; before, B's inherent failed on it and its watermark stalled.
		let over = vec![7u8; LIMITS.max_message_size as usize + 1];
		let sent_at = net.send(&[(A, vec![vec![1], over.clone()]), (C, payloads(2, 1))]);
		let breaching = net.route(A, sent_at);

		// A forged copy is still a forgery: the batch must be the sender's as committed.
		let mut forged = breaching.clone();
		forged.messages[1].payload[0] ^= 0xff;
		assert_rejected(net.inherent(vec![forged]), Error::<Test>::BatchRootMismatch);

		let batches = vec![breaching.clone(), net.route(C, sent_at)];
		run_block(net.inherent(batches.clone()));
		// Refused whole, without governance; C's batch goes on.
		assert_eq!(processed(), from(C, payloads(2, 1)));
		let breach = LimitBreach::MessageTooLarge { index: 1, size: 1_001, max: 1_000 };
		let events = ingress_events();
		assert!(events.contains(&Event::SenderBrokeLimits {
			sender: para(A),
			first_nonce: 1,
			last_nonce: 2,
			breach
		}));
		assert!(events.contains(&Event::BatchRefused {
			sender: para(A),
			first_nonce: 1,
			last_nonce: 2,
			sent_at,
			reason: RefusalReason::BreaksLimits(breach)
		}));
		let commitment = Commitment::<Test>::get().unwrap();
		let a = commitment.cursors.iter().find(|c| c.sender == para(A)).unwrap();
		assert!(a.rejected);
		assert_eq!(a.cursor(), breaching.entry.cursor_after());
		assert_eq!(commitment.watermark, net.relay_block);
		assert_eq!(Footprint::<Test>::get().messages, 0, "nothing of A's is queued");
		// The validators' verifier accepts the refusal, and the relay keeps the refused range
		// for A to see: A is told.
		net.include_b(batches);
		net.relay.execute_with(|| {
			let channel = pallet_xcmp_relay::Channels::<relay::Relay>::get(para(A), para(B));
			let refused = channel.unwrap().refused.into_inner();
			assert_eq!(refused.iter().map(|r| (r.first, r.last)).collect::<Vec<_>>(), [(1, 2)]);
		});

		// A's next, honest batch is accepted.
		let sent_at = net.send(&[(A, payloads(3, 2))]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert!(!Commitment::<Test>::get().unwrap().cursors[0].rejected);
		assert_eq!(processed().len(), 3);
		net.include_b(vec![batch]);
	});
}

#[test]
fn a_block_consumes_all_of_a_sender_s_batches_alike() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let first = net.send(&[(A, payloads(1, 1))]);
		let over = vec![7u8; LIMITS.max_message_size as usize + 1];
		let second = net.send(&[(A, vec![over])]);
		let (honest, breaching) = (net.route(A, first), net.route(A, second));

		// Accepted, then refused, from one sender: one cursor cannot say both.
		let data = net.inherent_as_given(vec![honest.clone(), breaching.clone()]);
		assert_rejected(data, Error::<Test>::MixedConsumption);

		// The honest collator leaves the refusal for the next block.
		let data = net.inherent(vec![honest.clone(), breaching.clone()]);
		assert_eq!(data.batches, vec![honest.clone()]);
		run_block(data);
		net.include_b(vec![honest]);
		run_block(net.inherent(vec![breaching.clone()]));
		assert!(Commitment::<Test>::get().unwrap().cursors[0].rejected);
		net.include_b(vec![breaching]);
		assert_eq!(processed(), from(A, payloads(1, 1)));
	});
}
