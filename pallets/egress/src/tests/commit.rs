//! Committing: one batch per destination, accepted by the verifier; messages that wait or are
//! rejected before they commit; tampered commitments refused.

use super::*;

#[test]
fn sends_commit_one_batch_per_destination_that_the_verifier_accepts() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let ids = relay.sender_block(|| {
			[send(B, b"one").unwrap(), send(C, b"two").unwrap(), send(B, b"three").unwrap()]
		});
		assert_eq!(ids.map(|id| (u32::from(id.destination), id.nonce)), [(B, 1), (C, 1), (B, 2)]);
		let commitment = XcmpEgress::egress_commitment();
		assert_eq!(commitment.entries.len(), 2);
		assert_eq!(commitment.entry(para(B)).map(|e| (e.first_nonce, e.last_nonce)), Some((1, 2)));
		assert_eq!(commitment.entry(para(B)).unwrap().sent_at, 1);
		assert_eq!(BlockEgressRoot::<Test>::get(), Some(commitment.egress_root));
		// The root is in the header digest.
		let item = XcmpDigestItem::EgressRoot(commitment.egress_root).to_digest_item();
		assert!(System::digest().logs.contains(&item));
		assert!(events().contains(&Event::BatchCommitted {
			destination: para(B),
			first_nonce: 1,
			last_nonce: 2,
			sent_at: 1
		}));
		assert!(events().contains(&Event::MessageQueued { destination: para(C), nonce: 1 }));
		// The relay recorded the root; the served batch checks against it.
		assert_eq!(relay.records.egress_root(para(SELF), 1), Some(commitment.egress_root));
		let batch = XcmpEgress::outbound_batches(para(B), 0, 10).remove(0);
		assert_eq!(
			batch.messages.iter().map(|m| &m.payload[..]).collect::<Vec<_>>(),
			[&b"one"[..], &b"three"[..]]
		);
		let cursor = verify_batch(
			para(B),
			&commitment.egress_root,
			&ChannelCursor::default(),
			&LIMITS,
			&batch,
		)
		.unwrap();
		assert_eq!(cursor.last_nonce, 2);
	});
}

#[test]
fn messages_wait_when_the_relay_parent_does_not_advance() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"first").unwrap());
		// A second block on the same relay parent cannot commit (one egress per relay parent).
		relay.block_on_last_relay_parent(|| send(B, b"second").unwrap());
		assert_eq!(XcmpEgress::egress_commitment(), EgressCommitment::empty());
		assert_eq!(Uncommitted::<Test>::get().keys().copied().collect::<Vec<_>>(), [para(B)]);
		// The next block commits it, continuing the channel.
		relay.sender_block(|| send(B, b"third").unwrap());
		let entry = *XcmpEgress::egress_commitment().entry(para(B)).unwrap();
		assert_eq!((entry.first_nonce, entry.last_nonce, entry.sent_at), (2, 3, 2));
	});
}

#[test]
fn uncommitted_messages_are_rejected_if_the_channel_stops_taking_them() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"committed").unwrap());
		// Queued in a block that cannot commit...
		relay.block_on_last_relay_parent(|| {
			send(D, b"held back").unwrap();
			send(C, b"also").unwrap();
		});
		// ...then D blocks this parachain and C starts closing before the next block.
		relay.receiver_block(D, true, vec![BlockListChange::Blocked(para(SELF))]);
		relay.records.close_channel(para(SELF), para(C), relay.now);
		relay.sender_block(|| {});
		assert!(events().contains(&Event::MessagesRejected {
			destination: para(D),
			first_nonce: 1,
			last_nonce: 1,
			reason: RejectionReason::DestinationBlocks
		}));
		assert!(events().contains(&Event::MessagesRejected {
			destination: para(C),
			first_nonce: 1,
			last_nonce: 1,
			reason: RejectionReason::ChannelClosed
		}));
		assert_eq!(take_rejected().len(), 2);
		assert_eq!(XcmpEgress::pending_destinations(), [para(B)]);
		// The nonce was never committed, so D's channel starts again at 1 once unblocked.
		relay.receiver_block(D, true, vec![BlockListChange::Unblocked(para(SELF))]);
		let id = relay.sender_block(|| send(D, b"again").unwrap());
		assert_eq!(id.nonce, 1);
	});
}

/// A message queued under one `max_message_size` that waits, then meets a smaller one (the
/// channel reopened with new limits, or a send from `on_initialize` checked against an older
/// view): it is rejected with an event, not committed in a batch the receiver would refuse.
#[test]
fn uncommitted_messages_over_the_channel_s_new_largest_size_are_rejected() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"committed").unwrap());
		// Queued in a block that cannot commit.
		relay.block_on_last_relay_parent(|| {
			send(C, b"twelve bytes").unwrap();
			send(B, b"short").unwrap();
		});
		// The next block's view limits C's messages to 8 bytes: C's is rejected, B's commits.
		start_block();
		let (now, mut channels) = relay.view();
		if let Some(state) = channels.get_mut(&para(C)).and_then(|view| view.state.as_mut()) {
			state.limits.max_message_size = 8;
		}
		set_relay_view(Some((now, channels)));
		finish_block();
		assert!(events().contains(&Event::MessagesRejected {
			destination: para(C),
			first_nonce: 1,
			last_nonce: 1,
			reason: RejectionReason::MessageTooLarge
		}));
		assert_eq!(take_rejected().len(), 1);
		let commitment = XcmpEgress::egress_commitment();
		assert_eq!(commitment.entries.len(), 1);
		assert_eq!(commitment.entry(para(B)).map(|e| (e.first_nonce, e.last_nonce)), Some((2, 2)));
		assert_eq!(XcmpEgress::held_payload(MessageId { destination: para(C), nonce: 1 }), None);
	});
}

/// The pallet's real commitment, tampered with, or met by a relay that changed since the block
/// was built: the verifier names each fault.
#[test]
fn the_verifier_rejects_tampered_commitments_of_the_pallet() {
	use xcmp_verifier::CandidateError as E;
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"first").unwrap());
		let (_, honest) = relay.build_sender_block(|| {
			send(B, b"second").unwrap();
			send(C, b"third").unwrap();
		});
		// The honest candidate with its entries changed by `change`, recommitted so that the
		// commitment is well formed.
		fn with_entries(
			honest: &Candidate,
			change: impl Fn(&mut [(ParaId, EgressEntry)]),
		) -> Candidate {
			let mut candidate = honest.clone();
			let mut entries = candidate.egress.entries.to_vec();
			change(&mut entries);
			candidate.egress = EgressCommitment::new(entries).unwrap();
			candidate
		}
		let mut wrong_root = honest.clone();
		wrong_root.egress.egress_root = H256::repeat_byte(9);
		let mut wrong_parent = honest.clone();
		wrong_parent.relay_parent += 1;
		let cases: Vec<(&str, Candidate, E)> = vec![
			(
				"root that is not the entries'",
				wrong_root,
				E::InvalidEgressCommitment(xcmp_primitives::VerificationError::EgressRootMismatch),
			),
			(
				"entry to itself",
				with_entries(&honest, |e| e[0].0 = para(SELF)),
				E::SendToSelf { index: 0 },
			),
			(
				"entry without a channel",
				with_entries(&honest, |e| e[1].0 = para(E)),
				E::NoChannel { index: 1, destination: para(E) },
			),
			("entry not at the relay parent", wrong_parent, E::EgressSentAtMismatch { index: 0 }),
			(
				"nonce gap",
				with_entries(&honest, |e| {
					e[0].1.first_nonce += 1;
					e[0].1.last_nonce += 1;
				}),
				E::EgressNonceGap { index: 0, expected: 2, first_nonce: 3 },
			),
			(
				"nonce replay",
				with_entries(&honest, |e| e[0].1.first_nonce = 1),
				E::EgressNonceReplay { index: 0, expected: 2, first_nonce: 1 },
			),
			(
				"batch over the channel's bytes",
				with_entries(&honest, |e| e[1].1.total_bytes = LIMITS.max_total_size + 1),
				E::ChannelOverSize { index: 1, bytes: LIMITS.max_total_size + 1, max: 2_000 },
			),
			(
				"batch over the channel's capacity",
				with_entries(&honest, |e| e[1].1.last_nonce = u64::from(LIMITS.max_capacity) + 1),
				E::ChannelOverCapacity { index: 1, pending: 11, max: 10 },
			),
		];
		for (what, candidate, expected) in cases {
			assert_eq!(verify_candidate(&relay.records, &candidate), Err(expected), "{what}");
		}
		// The channel begins to close, or C blocks this parachain: refused when the block's relay
		// parent showed it, accepted when it came after (the block could not have known: C's
		// ingress refuses the batch, or the channel closes once it is consumed).
		for (since, refused) in [(relay.now, true), (relay.now + 1, false)] {
			let mut closed = relay.records.clone();
			closed.close_channel(para(SELF), para(C), since);
			let refusal = E::ChannelClosing { index: 1, destination: para(C) };
			let expected = if refused { Err(refusal) } else { Ok(()) };
			assert_eq!(verify_candidate(&closed, &honest).map(|_| ()), expected, "at {since}");
			let mut blocked = relay.records.clone();
			let block = Candidate {
				para: para(C),
				relay_parent: relay.now,
				egress: EgressCommitment::empty(),
				ingress: IngressCommitment::new(
					vec![],
					0,
					vec![BlockListChange::Blocked(para(SELF))].try_into().unwrap(),
				)
				.unwrap(),
				consumed: vec![],
			};
			blocked.apply(&verify_candidate(&blocked, &block).unwrap(), since);
			let refusal = E::DestinationBlocksSender { index: 1, destination: para(C) };
			let expected = if refused { Err(refusal) } else { Ok(()) };
			assert_eq!(verify_candidate(&blocked, &honest).map(|_| ()), expected, "at {since}");
		}
		// The honest one passes, once; the same egress again is refused.
		relay.include(&honest);
		assert_eq!(
			verify_candidate(&relay.records, &honest),
			Err(E::EgressRelayParentNotAdvanced { last: 2 })
		);
	});
}

/// Messages that wait for a block that can commit are charged again by that block's
/// `on_initialize`, and so is the rejection hook when they are rejected instead.
#[test]
fn messages_carried_over_are_charged_in_the_block_that_commits_or_rejects_them() {
	build_and_execute(|| {
		RejectionWeight::set((Weight::from_parts(2_000_000_000, 1_024), 1_000));
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"first").unwrap());
		// Two blocks on the same relay parent: their messages wait.
		for _ in 0..2 {
			relay.block_on_last_relay_parent(|| {
				send(C, &[1u8; 100]).unwrap();
				send(C, &[2u8; 100]).unwrap();
			});
		}
		let waiting = HooksBacklog::<Test>::get();
		assert_eq!((waiting.uncommitted_messages, waiting.uncommitted_bytes), (4, 400));
		// C starts closing: the next block rejects the four, calling the hook for each.
		relay.records.close_channel(para(SELF), para(C), relay.now);
		relay.sender_block(|| {});
		let rejected = take_rejected();
		assert_eq!(rejected.len(), 4);
		let hooks = rejected.iter().fold(Weight::zero(), |weight, (_, payload, _)| {
			weight
				.saturating_add(RecordRejections::on_message_rejected_weight(payload.len() as u32))
		});
		let work = <() as crate::WeightInfo>::commit(1, 4, 400).saturating_add(hooks);
		let charged = charged_on_initialize();
		assert!(work.all_lte(charged), "did {work}, charged {charged}");
		assert_eq!(HooksBacklog::<Test>::get().uncommitted_messages, 0);
	});
}
