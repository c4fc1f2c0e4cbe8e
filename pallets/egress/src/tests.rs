//! The egress pallet against a relay chain that checks its candidates with the validators'
//! verifier (`xcmp_verifier::InMemoryRelay`, the reference of the relay's records): every block's
//! relay view is what that relay recorded, every commitment must be accepted by the verifier, and
//! receivers consume what the pallet serves, with its proofs.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_runtime::DispatchError;
use std::collections::BTreeMap;
use xcmp_primitives::{
	relay_state::{ChannelState, OutboundChannelView},
	verify_batch, BlockListChange, ChannelCursor, ChannelLimits, IngressCommitment, IngressCursor,
	H256,
};
use xcmp_verifier::{verify_candidate, Candidate, InMemoryRelay, RelayView};

const B: u32 = 2000;
const C: u32 = 3000;
const D: u32 = 4000;
const E: u32 = 5000;
const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 10, max_total_size: 2_000, max_message_size: 512 };

fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

fn payload(bytes: &[u8]) -> Payload {
	Payload::try_from(bytes.to_vec()).unwrap()
}

fn send(destination: u32, bytes: &[u8]) -> Result<MessageId, DispatchError> {
	XcmpEgress::do_send(para(destination), payload(bytes))
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::XcmpEgress(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// A relay chain recording this parachain's and its receivers' candidates, one relay block at a
/// time.
struct Relay {
	records: InMemoryRelay,
	/// The relay block the next parachain block builds on.
	now: RelayBlockNumber,
}

impl Relay {
	/// Channels from this parachain to B, C and D (not E).
	fn new() -> Self {
		let mut records = InMemoryRelay::default();
		for receiver in [B, C, D] {
			records.open_channel(para(SELF), para(receiver), LIMITS);
		}
		Self { records, now: 1 }
	}

	/// This parachain's relay view at relay parent `now`: every destination B to E.
	fn view(&self) -> RelayViewOfBlock {
		let me = para(SELF);
		let channels = [B, C, D, E]
			.into_iter()
			.map(|d| {
				let d = para(d);
				let state = self.records.channel(me, d).map(|limits| ChannelState {
					limits,
					last_sent: self.records.last_sent(me, d),
					cursor: self.records.cursor(me, d),
					refused: self.records.refused(me, d).try_into().unwrap(),
					closing: self.records.is_closing(me, d),
				});
				(d, OutboundChannelView { state, blocked: self.records.blocks(d, me) })
			})
			.collect();
		(self.now, channels)
	}

	/// Runs one block of this parachain at the current relay parent: `sends` between its
	/// inherent (the relay view) and `on_finalize`. Returns what `sends` returned and the block's
	/// candidate, built from the pallet's commitment.
	fn build_sender_block<R>(&mut self, sends: impl FnOnce() -> R) -> (R, Candidate) {
		start_block();
		set_relay_view(Some(self.view()));
		let result = sends();
		finish_block();
		let candidate = Candidate {
			para: para(SELF),
			relay_parent: self.now,
			egress: XcmpEgress::egress_commitment(),
			ingress: IngressCommitment::new(
				vec![],
				self.records.watermark(para(SELF)),
				Default::default(),
			)
			.unwrap(),
			consumed: vec![],
		};
		(result, candidate)
	}

	/// Has the verifier check `candidate`; the relay records it and moves on one block.
	fn include(&mut self, candidate: &Candidate) {
		let update = verify_candidate(&self.records, candidate).expect("the verifier accepts");
		self.now += 1;
		self.records.apply(&update, self.now);
	}

	/// [`Self::build_sender_block`], then the verifier must accept its candidate.
	fn sender_block<R>(&mut self, sends: impl FnOnce() -> R) -> R {
		let (result, candidate) = self.build_sender_block(sends);
		self.include(&candidate);
		result
	}

	/// A block of `receiver` that, if `consume`, consumes every batch this parachain serves it
	/// after its cursor (refusing them if it blocks this parachain), checked by the verifier and
	/// recorded.
	fn receiver_block(
		&mut self,
		receiver: u32,
		consume: bool,
		changes: Vec<BlockListChange>,
	) -> usize {
		let (me, receiver) = (para(SELF), para(receiver));
		let cursor = self.records.cursor(me, receiver);
		let batches = if consume {
			XcmpEgress::outbound_batches(receiver, cursor.last_nonce, 100)
		} else {
			vec![]
		};
		let watermark = if consume { self.now } else { self.records.watermark(receiver) };
		let refused = self.records.blocks(receiver, me);
		let mut reached = cursor;
		for batch in &batches {
			let root = self.records.egress_root(me, batch.entry.sent_at).unwrap();
			reached = verify_batch(receiver, &root, &reached, &LIMITS, batch).unwrap();
		}
		let cursors = if batches.is_empty() {
			vec![]
		} else {
			vec![IngressCursor {
				sender: me,
				last_nonce: reached.last_nonce,
				mqc_head: reached.mqc_head,
				rejected: refused,
			}]
		};
		let consumed = batches.len();
		self.include(&Candidate {
			para: receiver,
			relay_parent: self.now,
			egress: EgressCommitment::empty(),
			ingress: IngressCommitment::new(cursors, watermark, changes.try_into().unwrap())
				.unwrap(),
			consumed: batches,
		});
		consumed
	}
}

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
fn channels_continue_across_blocks_and_serve_after_a_cursor() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"a").unwrap());
		relay.sender_block(|| {});
		relay.sender_block(|| {
			send(B, b"b").unwrap();
			send(B, b"c").unwrap();
		});
		let batches = XcmpEgress::outbound_batches(para(B), 0, 10);
		assert_eq!(
			batches.iter().map(|b| (b.entry.first_nonce, b.entry.sent_at)).collect::<Vec<_>>(),
			[(1, 1), (2, 3)]
		);
		// Each batch continues the previous one's head, against its own block's root.
		let mut cursor = ChannelCursor::default();
		for batch in &batches {
			let root = relay.records.egress_root(para(SELF), batch.entry.sent_at).unwrap();
			cursor = verify_batch(para(B), &root, &cursor, &LIMITS, batch).unwrap();
		}
		assert_eq!(cursor, ChannelCursor { last_nonce: 3, mqc_head: batches[1].entry.mqc_head });
		assert_eq!(XcmpEgress::outbound_batches(para(B), 1, 10).len(), 1);
		assert_eq!(XcmpEgress::outbound_batches(para(B), 0, 1).len(), 1);
		assert!(XcmpEgress::outbound_batches(para(C), 0, 10).is_empty());
		// An empty block commits the empty root and keeps nothing.
		relay.sender_block(|| {});
		assert_eq!(BlockEgressRoot::<Test>::get(), Some(EgressCommitment::empty().egress_root));
		assert_eq!(XcmpEgress::egress_commitment(), EgressCommitment::empty());
	});
}

#[test]
fn bad_sends_fail_with_their_own_error_and_change_nothing() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		// Before this block's relay view is known.
		start_block();
		assert_noop!(send(B, b"x"), Error::<Test>::RelayViewUnavailable);
		set_relay_view(Some(relay.view()));
		let big = vec![0u8; 1025];
		assert_noop!(send(B, &big), Error::<Test>::MessageTooLarge);
		assert_noop!(send(B, &[0u8; 513]), Error::<Test>::MessageTooLargeForChannel);
		assert_noop!(send(SELF, b"x"), Error::<Test>::SendToSelf);
		assert_noop!(send(E, b"x"), Error::<Test>::NoChannel);
		assert_noop!(send(6000, b"x"), Error::<Test>::RelayViewUnavailable);
		finish_block();

		// Closing, blocking.
		relay.records.close_channel(para(SELF), para(C));
		relay.receiver_block(D, true, vec![BlockListChange::Blocked(para(SELF))]);
		relay.sender_block(|| {
			assert_noop!(send(C, b"x"), Error::<Test>::ChannelClosing);
			assert_noop!(send(D, b"x"), Error::<Test>::DestinationBlocksSender);
		});
	});
}

#[test]
fn full_channels_push_back() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			for _ in 0..LIMITS.max_capacity {
				send(B, b"m").unwrap();
			}
			assert_noop!(send(B, b"m"), Error::<Test>::ChannelFull);
			// Bytes: 3 messages of 512 bytes fit in 2,000, a 4th does not.
			for _ in 0..3 {
				send(C, &[7u8; 512]).unwrap();
			}
			assert_noop!(send(C, &[7u8; 512]), Error::<Test>::ChannelOverSize);
		});
		// Once B consumes, the channel has room again (pruned in the next sender block).
		relay.receiver_block(B, true, vec![]);
		relay.sender_block(|| {
			assert_ok!(send(B, b"m"));
		});
	});
}

#[test]
fn destinations_and_channels_are_bounded() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.records.open_channel(para(SELF), para(E), LIMITS);
		relay.records.open_channel(para(SELF), para(6000), LIMITS);
		relay.sender_block(|| {
			send(B, b"x").unwrap();
			send(C, b"x").unwrap();
			send(D, b"x").unwrap();
			assert_noop!(send(E, b"x"), Error::<Test>::TooManyDestinations);
		});
		relay.sender_block(|| send(E, b"x").unwrap());
		// Four channels have state; a fifth is refused.
		start_block();
		let (now, mut view) = relay.view();
		let state = relay.records.channel(para(SELF), para(6000)).map(ChannelState::new);
		view.insert(para(6000), OutboundChannelView { state, blocked: false });
		set_relay_view(Some((now, view)));
		assert_noop!(send(6000, b"x"), Error::<Test>::TooManyChannels);
		finish_block();
	});
}

#[test]
fn held_messages_per_channel_are_bounded_whatever_the_relay_says() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let roomy =
			ChannelLimits { max_capacity: 100, max_total_size: 10_000, max_message_size: 8 };
		relay.records.open_channel(para(SELF), para(E), roomy);
		relay.sender_block(|| {
			for _ in 0..MaxHeldPerChannel::get() {
				send(E, b"x").unwrap();
			}
			assert_noop!(send(E, b"x"), Error::<Test>::ChannelFull);
		});
	});
}

#[test]
fn delivered_messages_are_pruned_and_reported() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			send(B, b"one").unwrap();
			send(B, b"two").unwrap();
			send(C, b"three").unwrap();
		});
		relay.sender_block(|| send(B, b"four").unwrap());
		assert_eq!(relay.receiver_block(B, true, vec![]), 2);
		relay.sender_block(|| {});
		assert!(events().contains(&Event::MessagesDelivered {
			destination: para(B),
			first_nonce: 1,
			last_nonce: 3
		}));
		assert_eq!(Messages::<Test>::iter_prefix(para(B)).count(), 0);
		assert_eq!(HeldBatches::<Test>::iter_prefix(para(B)).count(), 0);
		// The first block still holds C's batch; the second block is gone.
		assert_eq!(CommittedBlocks::<Test>::iter_keys().collect::<Vec<_>>(), [1]);
		assert_eq!(XcmpEgress::pending_destinations(), [para(C)]);
		assert!(take_rejected().is_empty());
		assert_eq!(relay.receiver_block(C, true, vec![]), 1);
		relay.sender_block(|| {});
		assert_eq!(CommittedBlocks::<Test>::iter().count(), 0);
		assert!(XcmpEgress::pending_destinations().is_empty());
		// The relay, too, dropped every root it held for this parachain.
		assert_eq!(relay.records.egress_roots_held(), 0);
	});
}

#[test]
fn messages_refused_by_a_blocking_receiver_are_reported_rejected() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			send(B, b"one").unwrap();
			send(B, b"two").unwrap();
		});
		// B blocks this parachain before consuming the batch.
		relay.receiver_block(B, false, vec![BlockListChange::Blocked(para(SELF))]);
		relay.sender_block(|| {
			assert_noop!(send(B, b"x"), Error::<Test>::DestinationBlocksSender);
		});
		// B must consume the batch by refusal, which the relay records as refused.
		assert_eq!(relay.receiver_block(B, true, vec![BlockListChange::Unblocked(para(SELF))]), 1);
		relay.sender_block(|| send(B, b"after").unwrap());
		assert!(events().contains(&Event::MessagesRejected {
			destination: para(B),
			first_nonce: 1,
			last_nonce: 2,
			reason: RejectionReason::Refused
		}));
		let rejected = take_rejected();
		assert_eq!(
			rejected.iter().map(|(id, p, r)| (id.nonce, p.clone(), *r)).collect::<Vec<_>>(),
			[
				(1, b"one".to_vec(), RejectionReason::Refused),
				(2, b"two".to_vec(), RejectionReason::Refused)
			]
		);
		// Unblocked: the next message is delivered as usual.
		relay.receiver_block(B, true, vec![]);
		relay.sender_block(|| {});
		assert!(events().contains(&Event::MessagesDelivered {
			destination: para(B),
			first_nonce: 3,
			last_nonce: 3
		}));
	});
}

#[test]
fn messages_wait_when_the_relay_parent_does_not_advance() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"first").unwrap());
		// A second block on the same relay parent cannot commit (one egress per relay parent).
		start_block();
		set_relay_view(Some((relay.now - 1, relay.view().1)));
		send(B, b"second").unwrap();
		finish_block();
		assert_eq!(XcmpEgress::egress_commitment(), EgressCommitment::empty());
		assert_eq!(Uncommitted::<Test>::get().into_iter().collect::<Vec<_>>(), [para(B)]);
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
		start_block();
		set_relay_view(Some((relay.now - 1, relay.view().1)));
		send(D, b"held back").unwrap();
		send(C, b"also").unwrap();
		finish_block();
		// ...then D blocks this parachain and C starts closing before the next block.
		relay.receiver_block(D, true, vec![BlockListChange::Blocked(para(SELF))]);
		relay.records.close_channel(para(SELF), para(C));
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

#[test]
fn other_pallets_send_through_the_trait_and_the_call_checks_its_origin() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			let id = <XcmpEgress as XcmpSender>::send(para(B), payload(b"from a pallet")).unwrap();
			assert_eq!(id, MessageId { destination: para(B), nonce: 1 });
			assert_ok!(XcmpEgress::send(RuntimeOrigin::signed(7), para(B), payload(b"signed")));
			assert_noop!(
				XcmpEgress::send(RuntimeOrigin::none(), para(B), payload(b"x")),
				DispatchError::BadOrigin
			);
		});
		assert_eq!(XcmpEgress::egress_commitment().entry(para(B)).unwrap().last_nonce, 2);
	});
}

#[test]
fn many_blocks_of_traffic_keep_every_invariant_and_lose_nothing() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let mut sent: BTreeMap<u32, u64> = BTreeMap::new();
		let mut delivered: BTreeMap<u32, u64> = BTreeMap::new();
		for block in 0u32..30 {
			relay.sender_block(|| {
				for (i, d) in [B, C, D].into_iter().enumerate() {
					for _ in 0..(block as usize + i) % 4 {
						if send(d, &[block as u8; 16]).is_ok() {
							*sent.entry(d).or_default() += 1;
						}
					}
				}
			});
			for event in events() {
				if let Event::MessagesDelivered { destination, first_nonce, last_nonce } = event {
					*delivered.entry(u32::from(destination)).or_default() +=
						last_nonce - first_nonce + 1;
				}
			}
			// Receivers produce blocks at different rates.
			for (d, every) in [(B, 1), (C, 3), (D, 7)] {
				if block % every == 0 {
					relay.receiver_block(d, true, vec![]);
				}
			}
		}
		for d in [B, C, D] {
			let held = OutboundChannels::<Test>::get(para(d)).map_or(0, |c| c.held());
			assert_eq!(sent[&d], delivered.get(&d).copied().unwrap_or(0) + held, "channel {d}");
		}
		assert!(delivered.values().sum::<u64>() > 0);
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
		// The relay changed after the block was built: the channel closes, or C blocks it.
		let mut closed = relay.records.clone();
		closed.close_channel(para(SELF), para(C));
		assert_eq!(
			verify_candidate(&closed, &honest),
			Err(E::ChannelClosing { index: 1, destination: para(C) })
		);
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
		blocked.apply(&verify_candidate(&blocked, &block).unwrap(), relay.now + 1);
		assert_eq!(
			verify_candidate(&blocked, &honest),
			Err(E::DestinationBlocksSender { index: 1, destination: para(C) })
		);
		// The honest one passes, once; the same egress again is refused.
		relay.include(&honest);
		assert_eq!(
			verify_candidate(&relay.records, &honest),
			Err(E::EgressRelayParentNotAdvanced { last: 2 })
		);
	});
}

#[test]
fn integrity_test_holds() {
	new_test_ext().execute_with(XcmpEgress::integrity_test);
}
