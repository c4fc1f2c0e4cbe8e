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
		let most = InclusionWitness {
			refusing: MaxOutboundChannels::get(),
			pass: WatermarkPass::most::<Test>(),
		};
		let call = Call::<Test>::include_candidate {
			candidate: Box::new(candidate.clone()),
			witness: most,
		};
		let charged = call.get_dispatch_info().call_weight;
		assert_eq!(
			charged,
			XcmpRelay::include_candidate_weight(&candidate, most.refusing, most.pass)
		);
		let actual =
			XcmpRelay::include_candidate(RuntimeOrigin::root(), Box::new(candidate.clone()), most)
				.unwrap()
				.actual_weight
				.unwrap();
		let no_pass = WatermarkPass::default();
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 0, no_pass));
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
		assert_eq!(witness, InclusionWitness { refusing: 1, pass: no_pass });
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
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 1, no_pass));
		assert_eq!(actual, charged);
		assert!(UnseenRefusals::<Test>::get(para(A)).is_empty());
		assert!(!UnseenRefusals::<Test>::contains_key(para(A)));
	});
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
		assert_eq!(Digests::<Test>::get(para(B), 2).len(), 2);
		include(receive(B, 2, vec![chains.route(A, 1, B), chains.route(C, 1, B)], 2, vec![]), 3);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!((state.last_sent, state.cursor.last_nonce), (3, 3));
		assert_eq!(Watermarks::<Test>::get(para(B)), 2);
		assert!(Digests::<Test>::iter_prefix(para(B)).next().is_none());
		// A's root waits for C, and lists only C's batch now.
		assert_eq!(EgressRoots::<Test>::iter().count(), 1);
		let held = EgressRoots::<Test>::get(para(A), 1).unwrap();
		assert_eq!(held.batches.into_inner(), vec![(para(C), 1, 1)]);
		include(receive(C, 2, vec![chains.route(A, 1, C)], 1, vec![]), 3);
		assert_eq!(EgressRoots::<Test>::iter().count(), 0);
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
fn silent_receiver_finds_every_root_it_needs() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		for at in 1..=30 {
			include(chains.send(A, at, &[(B, 1)], 10), u64::from(at) + 1);
		}
		assert_eq!(EgressRoots::<Test>::iter_prefix(para(A)).count(), 30, "never pruned by age");
		let batches = (1..=30).map(|at| chains.route(A, at, B)).collect();
		// The watermark moves at most MAX_WATERMARK_ADVANCE relay blocks a candidate.
		let far = receive(B, 100, batches, 100, vec![]);
		assert_eq!(
			try_include(&far),
			Err(CandidateError::WatermarkAdvanceTooFar { watermark: 100, from: 0 })
		);
		let candidate = validated(&Candidate {
			ingress: IngressCommitment::new(
				far.ingress.cursors.to_vec(),
				MAX_WATERMARK_ADVANCE,
				Default::default(),
			)
			.unwrap(),
			..far
		});
		// Charged for the 64 relay blocks it passes and their 30 digest entries (A's batches,
		// recorded in relay blocks 2 to 31), and for as many channel reads as entries, up to
		// the relay's MaxInboundChannels (4 here): a count made before the check, so it cannot
		// tell that all 30 are A's.
		let pass = WatermarkPass::of::<Test>(&candidate);
		assert_eq!(pass, WatermarkPass { blocks: MAX_WATERMARK_ADVANCE, entries: 30, senders: 4 });
		System::set_block_number(101);
		let witness = InclusionWitness { refusing: 0, pass };
		let actual = XcmpRelay::include_candidate(
			RuntimeOrigin::root(),
			Box::new(candidate.clone()),
			witness,
		)
		.unwrap()
		.actual_weight
		.unwrap();
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::CandidateIncluded { para: para(B), relay_parent: 100 })
		);
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 0, pass));
		assert_eq!(EgressRoots::<Test>::iter().count(), 0);
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 0);
		assert_eq!(Watermarks::<Test>::get(para(B)), MAX_WATERMARK_ADVANCE);
		// The rest of the way in a later candidate.
		include(receive(B, 101, vec![], 101, vec![]), 102);
		assert_eq!(Watermarks::<Test>::get(para(B)), 101);
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
fn a_watermark_moves_freely_up_to_the_receiver_s_first_inbound_channel() {
	build_and_execute(|| {
		const D: u32 = 4000;
		let mut chains = Senders::default();
		// Built before D had any inbound channel: no digest can lie below its relay parent.
		let early = receive(D, 998, vec![], 998, vec![]);
		System::set_block_number(1000);
		open(A, D);
		assert_eq!(FirstInboundAt::<Test>::get(para(D)), Some(1000));
		open(C, D);
		assert_eq!(FirstInboundAt::<Test>::get(para(D)), Some(1000), "the first one's block");
		// Included after the channel opened, it passes no block that may hold a digest.
		System::set_block_number(1001);
		let early = validated(&early);
		assert_eq!(WatermarkPass::of::<Test>(&early), WatermarkPass::default());
		assert_ok!(XcmpRelay::do_include_candidate(&early));
		// Up to relay block 999 nothing can lie: a move from 998 to 1001 passes two blocks.
		include(chains.send(A, 1001, &[(D, 1)], 10), 1002);
		let candidate = receive(D, 1001, vec![], 1001, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&validated(&candidate)),
			WatermarkPass { blocks: 2, entries: 0, senders: 0 }
		);
		include(candidate, 1002);
		assert_eq!(Watermarks::<Test>::get(para(D)), 1001);
		// A's batch, recorded in 1002, holds the watermark until D consumes it.
		assert_eq!(
			try_include(&receive(D, 1002, vec![], 1002, vec![])),
			Err(CandidateError::UnprocessedBatch { sender: para(A), recorded_at: 1002 })
		);
		include(receive(D, 1002, vec![chains.route(A, 1001, D)], 1002, vec![]), 1003);
		assert_eq!(Digests::<Test>::iter_prefix(para(D)).count(), 0);
	});
}

#[test]
fn a_watermark_reads_only_the_relay_blocks_it_passes() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// A's batches to B, recorded at relay blocks 2 and 80.
		include(chains.send(A, 1, &[(B, 1)], 10), 2);
		include(chains.send(A, 79, &[(B, 1)], 10), 80);
		let (first, second) = (chains.route(A, 1, B), chains.route(A, 79, B));
		// B consumes both but moves its watermark to 10: the entry at 80 stays for later.
		let candidate = receive(B, 80, vec![first, second], 10, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&validated(&candidate)),
			WatermarkPass { blocks: 10, entries: 1, senders: 1 }
		);
		include(candidate, 81);
		assert_eq!(
			Digests::<Test>::iter_prefix(para(B)).map(|(at, _)| at).collect::<Vec<_>>(),
			[80]
		);
		// Passing block 80 later needs no batch: A's cursor already reached it.
		let candidate = receive(B, 81, vec![], 74, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&validated(&candidate)),
			WatermarkPass { blocks: 64, entries: 0, senders: 0 }
		);
		include(candidate, 82);
		let candidate = receive(B, 82, vec![], 81, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&validated(&candidate)),
			WatermarkPass { blocks: 7, entries: 1, senders: 1 }
		);
		include(candidate, 83);
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 0);
		assert_eq!(Watermarks::<Test>::get(para(B)), 81);
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
		assert_eq!(Digests::<Test>::get(para(B), 46).into_inner(), vec![(para(A), 3)]);
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
