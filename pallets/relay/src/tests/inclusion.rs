//! Inclusion: candidates checked by the verifier against the pallet's records, recorded or refused
//! with the reason, charged by their witness; blocking and watermarks.

use super::*;

#[test]
fn inclusion_is_charged_by_its_witness_and_refunds_what_it_did_not_walk() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		// Witnessed at the most any candidate walks: charged that, and refunded down to what it
		// walked, nothing (no refusal pending for A, no watermark move).
		let candidate = validated(&chains.send(A, 2, &[(C, 1)], 10));
		System::set_block_number(3);
		let most = InclusionWitness { refusing: MaxOutboundChannels::get() };
		let call = Call::<Test>::include_candidate {
			candidate: Box::new(candidate.clone()),
			witness: most,
		};
		let charged = call.get_dispatch_info().call_weight;
		assert_eq!(charged, XcmpRelay::include_candidate_weight(&candidate, most.refusing));
		let actual =
			XcmpRelay::include_candidate(RuntimeOrigin::root(), Box::new(candidate.clone()), most)
				.unwrap()
				.actual_weight
				.unwrap();
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 0));
		assert!(actual.all_lt(charged));
		// B refuses A's batch: A's next candidate walks the one channel that holds it.
		include(receive(B, 2, vec![], 0, vec![BlockListChange::Blocked(para(A))]), 3);
		let mut refused = chains.route(A, 1, B);
		refused.messages.clear();
		include(receive(B, 3, vec![refused], 1, vec![]), 4);
		assert_eq!(UnseenRefusals::<Test>::get(para(A)).into_inner(), vec![para(B)]);
		let candidate = validated(&chains.send(A, 4, &[(C, 1)], 10));
		System::set_block_number(5);
		let witness = InclusionWitness::of::<Test>(&candidate);
		assert_eq!(witness, InclusionWitness { refusing: 1 });
		// A witness below that is refused before anything is checked.
		assert_noop!(
			XcmpRelay::include_candidate(
				RuntimeOrigin::root(),
				Box::new(candidate.clone()),
				InclusionWitness::default()
			),
			Error::<Test>::WitnessTooLow
		);
		// The exact witness is charged exactly.
		let call =
			Call::<Test>::include_candidate { candidate: Box::new(candidate.clone()), witness };
		let charged = call.get_dispatch_info().call_weight;
		let actual = XcmpRelay::include_candidate(
			RuntimeOrigin::root(),
			Box::new(candidate.clone()),
			witness,
		)
		.unwrap()
		.actual_weight
		.unwrap();
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 1));
		assert_eq!(actual, charged);
		assert!(UnseenRefusals::<Test>::get(para(A)).is_empty());
		assert!(!UnseenRefusals::<Test>::contains_key(para(A)));
	});
}

/// Inclusion sees commitments only: for a batch of 1 or 10,000 messages, of 64 B or 64 KiB each,
/// the sender's and the receiver's commitments encode to the same sizes and the receiver's
/// inclusion is charged the same weight.
#[test]
fn inclusion_costs_the_same_whatever_the_messages() {
	use codec::Encode;
	use xcmp_primitives::{EgressCommitment, EgressEntry, IngressCommitment, IngressCursor};
	use xcmp_verifier::{ConsumedBatch, ConsumedBatches};
	let mut seen = Vec::new();
	for (count, size) in [(1u64, 64u32), (10_000, 64), (1, 65_536), (10_000, 65_536)] {
		build_and_execute(|| {
			let limits = ChannelLimits {
				max_capacity: 10_000,
				max_total_size: 10_000 * 65_536,
				max_message_size: 65_536,
			};
			assert_ok!(XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, B), limits));
			// A's block committed the batch: its entry names nonces and bytes, no message.
			let entry = EgressEntry {
				first_nonce: 1,
				last_nonce: count,
				sent_at: 1,
				batch_root: H256::repeat_byte(1),
				mqc_head: H256::repeat_byte(2),
				total_bytes: count as u32 * size,
				expires_at: None,
			};
			let sender = CandidateCommitments {
				para: para(A),
				relay_parent: 1,
				parent_head: H256::zero(),
				head: H256::repeat_byte(3),
				egress: EgressCommitment::new(vec![(para(B), entry)]).unwrap(),
				ingress: IngressCommitment::empty(0),
				consumed: Default::default(),
			};
			System::set_block_number(2);
			assert_ok!(XcmpRelay::do_include_candidate(&sender));
			let cursor = IngressCursor {
				sender: para(A),
				last_nonce: count,
				mqc_head: entry.mqc_head,
				rejected: false,
			};
			let named =
				ConsumedBatch { sender: para(A), sent_at: 1, first_nonce: 1, last_nonce: count };
			let receiver = CandidateCommitments {
				para: para(B),
				relay_parent: 2,
				parent_head: H256::zero(),
				head: H256::repeat_byte(4),
				egress: EgressCommitment::empty(),
				ingress: IngressCommitment::new(vec![cursor], 2, Default::default()).unwrap(),
				consumed: ConsumedBatches::truncate_from(vec![named]),
			};
			let weight = XcmpRelay::include_candidate_weight(&receiver, 0);
			System::set_block_number(3);
			assert_ok!(XcmpRelay::do_include_candidate(&receiver));
			assert_eq!(Channels::<Test>::get(para(A), para(B)).unwrap().cursor.last_nonce, count);
			seen.push((sender.encoded_size(), receiver.encoded_size(), weight));
		});
	}
	assert!(seen.windows(2).all(|pair| pair[0] == pair[1]), "{seen:?}");
}

#[test]
fn honest_candidates_are_recorded_and_roots_pruned_once_consumed() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 3), (C, 1)], 10), 2);
		include(chains.send(C, 1, &[(B, 2)], 10), 2);
		assert_eq!(EgressRoots::<Test>::iter().count(), 2);
		// Filed under relay block 2, which recorded them.
		assert_eq!(Digests::<Test>::get(para(B), 2).unwrap().entries.len(), 2);
		include(receive(B, 2, vec![chains.route(A, 1, B), chains.route(C, 1, B)], 2, vec![]), 3);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!((state.last_sent, state.cursor.last_nonce), (3, 3));
		assert_eq!(Watermarks::<Test>::get(para(B)), 2);
		assert!(Digests::<Test>::iter_prefix(para(B)).next().is_none());
		// A's root waits for C, and lists only C's batch now.
		assert_eq!(EgressRoots::<Test>::iter().count(), 1);
		let held = AwaitedBatches::<Test>::get(para(A), 1).unwrap();
		assert_eq!(held.batches.into_inner(), vec![(para(C), 1, 1)]);
		assert_eq!(AwaitedBatches::<Test>::iter().count(), 1);
		include(receive(C, 2, vec![chains.route(A, 1, C)], 1, vec![]), 3);
		assert_eq!(EgressRoots::<Test>::iter().count(), 0);
		assert_eq!(AwaitedBatches::<Test>::iter().count(), 0);
	});
}

#[test]
fn a_forged_batch_is_invalid_before_inclusion_and_commitments_the_relay_cannot_place_change_nothing(
) {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 3)], 10), 2);
		// Validation checks the batch itself: a forged message fails there, and the relay never
		// sees the candidate.
		let honest = chains.route(A, 1, B);
		let mut forged = honest.clone();
		forged.messages[0].payload[0] ^= 1;
		assert_eq!(
			try_include(&receive(B, 2, vec![forged], 1, vec![])),
			Err(CandidateError::InvalidBatch {
				index: 0,
				sender: para(A),
				error: VerificationError::BatchRootMismatch,
			})
		);
		// Inclusion checks the commitments against the records: a consumed batch with nonces
		// the relay did not record is rejected, and the call writes only its event.
		let mut candidate = validated(&receive(B, 2, vec![honest], 1, vec![]));
		candidate.consumed[0].last_nonce = 2;
		System::set_block_number(3);
		let before = pallet_storage();
		let witness = InclusionWitness::of::<Test>(&candidate);
		assert_ok!(XcmpRelay::include_candidate(
			RuntimeOrigin::root(),
			Box::new(candidate),
			witness
		));
		let reason = CandidateError::UnrecordedBatch { index: 0, sender: para(A), sent_at: 1 };
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::CandidateRejected { para: para(B), reason })
		);
		assert_eq!(pallet_storage(), before, "only the event was written");
	});
}

#[test]
fn unprocessed_batch_is_caught_through_storage() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 1)], 10), 2);
		include(chains.send(C, 1, &[(B, 1)], 10), 2);
		assert_eq!(
			try_include(&receive(B, 2, vec![chains.route(A, 1, B)], 2, vec![])),
			Err(CandidateError::UnprocessedBatch { sender: para(C), recorded_at: 2 })
		);
	});
}

#[test]
fn a_receiver_silent_for_10_000_relay_blocks_catches_up_in_its_next_candidate() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		for at in 1..=30 {
			include(chains.send(A, at, &[(B, 1)], 10), u64::from(at) + 1);
		}
		assert_eq!(EgressRoots::<Test>::iter_prefix(para(A)).count(), 30, "never pruned by age");
		// The relay holds one digest per relay block that recorded a batch still pending: 30,
		// whatever the time that passes.
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 30);
		System::set_block_number(10_000);
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 30);
		// B's next candidate consumes the 30 batches and moves its watermark to its relay
		// parent, 10 000: it walked the 30 digests, not the relay blocks between them.
		let batches = (1..=30).map(|at| chains.route(A, at, B)).collect();
		include(receive(B, 10_000, batches, 10_000, vec![]), 10_001);
		assert_eq!(Watermarks::<Test>::get(para(B)), 10_000);
		assert_eq!(EgressRoots::<Test>::iter().count(), 0);
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 0);
		assert!(!DigestSpans::<Test>::contains_key(para(B)));
	});
}

#[test]
fn a_receiver_s_digests_are_those_of_its_pending_batches() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// A's batches to B recorded in relay blocks 2, 4 and 6, C's in 3 and 5.
		for at in [1, 3, 5] {
			include(chains.send(A, at, &[(B, 1)], 10), u64::from(at) + 1);
			if at < 5 {
				include(chains.send(C, at + 1, &[(B, 1)], 10), u64::from(at) + 2);
			}
		}
		let listed = || Digests::<Test>::iter_prefix(para(B)).map(|(at, _)| at).collect::<Vec<_>>();
		let mut digests = listed();
		digests.sort();
		assert_eq!(digests, [2, 3, 4, 5, 6]);
		// B consumes A's batches and keeps its watermark at 0: their digests go at once, from the
		// middle of the list, which stays linked around them; C's hold the watermark.
		let batches = [1, 3, 5].iter().map(|at| chains.route(A, *at, B)).collect();
		include(receive(B, 6, batches, 0, vec![]), 7);
		let mut digests = listed();
		digests.sort();
		assert_eq!(digests, [3, 5]);
		assert_eq!(DigestSpans::<Test>::get(para(B)), Some(DigestSpan { oldest: 3, newest: 5 }));
		assert_eq!(Digests::<Test>::get(para(B), 3).unwrap().next, Some(5));
		assert_eq!(Digests::<Test>::get(para(B), 5).unwrap().previous, Some(3));
		// A watermark past C's first batch, without it, is refused; with both, it moves to the
		// relay parent.
		assert_eq!(
			try_include(&receive(B, 7, vec![], 7, vec![])),
			Err(CandidateError::UnprocessedBatch { sender: para(C), recorded_at: 3 })
		);
		include(receive(B, 7, vec![chains.route(C, 2, B)], 4, vec![]), 8);
		assert_eq!(
			try_include(&receive(B, 8, vec![], 8, vec![])),
			Err(CandidateError::UnprocessedBatch { sender: para(C), recorded_at: 5 })
		);
		include(receive(B, 8, vec![chains.route(C, 4, B)], 8, vec![]), 9);
		assert_eq!(Watermarks::<Test>::get(para(B)), 8);
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 0);
	});
}

#[test]
fn a_candidate_is_included_after_its_relay_parent() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		let candidate = chains.send(A, 2, &[(B, 1)], 10);
		for now in [1, 2] {
			System::set_block_number(now);
			assert_eq!(
				XcmpRelay::do_include_candidate(&validated(&candidate)),
				Err(CandidateError::RelayParentNotBeforeInclusion {
					relay_parent: 2,
					included_at: now as u32
				})
			);
		}
		assert_eq!(LastEgressAt::<Test>::get(para(A)), None);
		include(candidate, 3);
	});
}

#[test]
fn a_candidate_is_included_at_most_max_relay_parent_age_blocks_after_its_relay_parent() {
	use xcmp_primitives::limits::MAX_RELAY_PARENT_AGE;
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		let candidate = validated(&chains.send(A, 2, &[(B, 1)], 10));
		let too_late = 2 + MAX_RELAY_PARENT_AGE + 1;
		System::set_block_number(u64::from(too_late));
		assert_eq!(
			XcmpRelay::do_include_candidate(&candidate),
			Err(CandidateError::RelayParentTooOld { relay_parent: 2, included_at: too_late })
		);
		System::set_block_number(u64::from(too_late - 1));
		assert_ok!(XcmpRelay::do_include_candidate(&candidate));
	});
}

/// With async backing a candidate is included up to 3 relay blocks after its relay parent, and
/// the relay changes in between: what its relay parent showed decides blocking and closing.
#[test]
fn blocking_and_closing_after_a_candidate_s_relay_parent_do_not_refuse_it() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// A's block on relay parent 1, to B and C. B blocks A in relay block 2, and C's channel
		// from A begins to close in relay block 3: A's block could not have seen either.
		let late = chains.send(A, 1, &[(B, 1), (C, 1)], 10);
		include(receive(B, 1, vec![], 0, vec![BlockListChange::Blocked(para(A))]), 2);
		assert_eq!(Blocked::<Test>::get(para(B), para(A)), Some(2));
		System::set_block_number(3);
		assert_ok!(XcmpRelay::close_channel(signed(C), channel(A, C)));
		assert_eq!(Channels::<Test>::get(para(A), para(C)).unwrap().closing_since, Some(3));
		include(late, 4);
		// A's next block, on relay parent 3, saw both: it may commit to neither.
		let seen = chains.send(A, 3, &[(B, 1)], 10);
		assert_eq!(
			try_include(&seen),
			Err(CandidateError::DestinationBlocksSender { index: 0, destination: para(B) })
		);
		// B refuses A's batch, which was recorded; C consumes its own, and the channel closes.
		let mut refused = chains.route(A, 1, B);
		refused.messages.clear();
		include(receive(B, 4, vec![refused], 4, vec![]), 5);
		assert_eq!(Channels::<Test>::get(para(A), para(B)).unwrap().refused.len(), 1);
		include(receive(C, 4, vec![chains.route(A, 1, C)], 4, vec![]), 5);
		assert!(Channels::<Test>::get(para(A), para(C)).unwrap().is_closed());
		assert!(System::events().iter().any(|record| record.event
			== RuntimeEvent::XcmpRelay(Event::ChannelClosed { channel: channel(A, C) })));
	});
}

#[test]
fn blocking_refuses_and_reports_to_the_sender() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		include(receive(B, 2, vec![], 0, vec![BlockListChange::Blocked(para(A))]), 3);
		assert!(Blocked::<Test>::contains_key(para(B), para(A)));
		assert_eq!(
			try_include(&chains.send(A, 3, &[(B, 1)], 10)),
			Err(CandidateError::DestinationBlocksSender { index: 0, destination: para(B) })
		);
		let mut refused = chains.route(A, 1, B);
		refused.messages.clear();
		include(receive(B, 3, vec![refused], 1, vec![BlockListChange::Unblocked(para(A))]), 4);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!(state.refused.len(), 1);
		assert_eq!((state.refused[0].first, state.refused[0].last), (1, 2));
		assert!(!Blocked::<Test>::contains_key(para(B), para(A)));
		assert_eq!(UnseenRefusals::<Test>::get(para(A)).into_inner(), vec![para(B)]);
		// A's next block has seen it.
		include(chains.send(A, 4, &[(C, 1)], 10), 5);
		assert!(Channels::<Test>::get(para(A), para(B)).unwrap().refused.is_empty());
		assert!(UnseenRefusals::<Test>::get(para(A)).is_empty());
	});
}

#[test]
fn a_receiver_blocks_at_most_max_blocked_senders_and_a_candidate_passing_it_changes_nothing() {
	use xcmp_primitives::limits::{MAX_BLOCKED_SENDERS, MAX_BLOCK_LIST_CHANGES};
	build_and_execute(|| {
		let blocks = |senders: core::ops::Range<u32>| {
			senders.map(|s| BlockListChange::Blocked(para(s))).collect::<Vec<_>>()
		};
		let mut at = 1;
		while BlockedCount::<Test>::get(para(B)) < MAX_BLOCKED_SENDERS {
			let first = 10_000 + BlockedCount::<Test>::get(para(B));
			let room = MAX_BLOCKED_SENDERS - BlockedCount::<Test>::get(para(B));
			let changes = blocks(first..first + room.min(MAX_BLOCK_LIST_CHANGES));
			include(receive(B, at, vec![], 0, changes), u64::from(at) + 1);
			at += 1;
		}
		assert_eq!(Blocked::<Test>::iter_prefix(para(B)).count() as u32, MAX_BLOCKED_SENDERS);
		// Blocking one more is refused, naming the change (blocking a blocked sender first
		// counts nothing), and the candidate changes nothing.
		let before = pallet_storage();
		let mut changes = blocks(10_000..10_001);
		changes.push(BlockListChange::Blocked(para(A)));
		let one_more = validated(&receive(B, at, vec![], 0, changes));
		System::set_block_number(u64::from(at) + 1);
		let witness = InclusionWitness::of::<Test>(&one_more);
		assert_ok!(XcmpRelay::include_candidate(
			RuntimeOrigin::root(),
			Box::new(one_more),
			witness
		));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::CandidateRejected {
				para: para(B),
				reason: CandidateError::TooManyBlockedSenders { index: 1 },
			})
		);
		assert_eq!(pallet_storage(), before);
		// Unblocking one makes room for another in the same candidate.
		let changes =
			vec![BlockListChange::Unblocked(para(10_000)), BlockListChange::Blocked(para(A))];
		include(receive(B, at, vec![], 0, changes), u64::from(at) + 2);
		assert!(Blocked::<Test>::contains_key(para(B), para(A)));
		assert!(!Blocked::<Test>::contains_key(para(B), para(10_000)));
		assert_eq!(BlockedCount::<Test>::get(para(B)), MAX_BLOCKED_SENDERS);
		// Unblocking every one leaves no count behind.
		let senders: Vec<_> = Blocked::<Test>::iter_key_prefix(para(B)).collect();
		for (n, chunk) in senders.chunks(MAX_BLOCK_LIST_CHANGES as usize).enumerate() {
			let changes = chunk.iter().map(|s| BlockListChange::Unblocked(*s)).collect();
			let relay_parent = at + 2 + n as u32;
			include(receive(B, relay_parent, vec![], 0, changes), u64::from(relay_parent) + 1);
		}
		assert!(!BlockedCount::<Test>::contains_key(para(B)));
	});
}

#[test]
fn many_candidates_of_one_sender_in_one_relay_block_leave_no_batch_unwatched() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// A's 65 candidates, all included in relay block 46, each building on the one before:
		// async backing lets relay parents 43 to 45 be included there, and elastic scaling
		// several candidates on one relay parent, of which one commits egress (its pallet
		// commits once per relay parent). More egresses than a digest holds entries
		// (MaxInboundChannels, 4 here) would have overflowed one entry per egress.
		System::set_block_number(46);
		for relay_parent in 43..=45 {
			let candidate = chains.send(A, relay_parent, &[(B, 1)], 10);
			assert_ok!(XcmpRelay::do_include_candidate(&validated(&candidate)));
			for _ in 0..20 {
				let candidate = chains.send(A, relay_parent, &[], 10);
				assert_ok!(XcmpRelay::do_include_candidate(&validated(&candidate)));
			}
		}
		let more = chains.send(A, 45, &[], 10);
		assert_ok!(XcmpRelay::do_include_candidate(&validated(&more)));
		// A candidate on an older relay parent is not included any more.
		assert_eq!(
			XcmpRelay::do_include_candidate(&validated(&chains.send(A, 42, &[], 10))),
			Err(CandidateError::RelayParentTooOld { relay_parent: 42, included_at: 46 })
		);
		// One entry for A in block 46's digest, at A's last nonce.
		assert_eq!(
			Digests::<Test>::get(para(B), 46).unwrap().entries.into_inner(),
			vec![(para(A), 3)]
		);
		// B cannot pass block 46 without consuming all three batches.
		let first: Vec<_> = (43..=44).map(|at| chains.route(A, at, B)).collect();
		let short = receive(B, 46, first.clone(), 46, vec![]);
		assert_eq!(
			try_include(&short),
			Err(CandidateError::UnprocessedBatch { sender: para(A), recorded_at: 46 })
		);
		let mut all = first;
		all.push(chains.route(A, 45, B));
		include(receive(B, 46, all, 46, vec![]), 47);
		assert_eq!(Channels::<Test>::get(para(A), para(B)).unwrap().cursor.last_nonce, 3);
	});
}
