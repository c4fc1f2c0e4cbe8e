//! The verifier against honest candidates and against each way a candidate can be wrong.
//!
//! Honest candidates come from the reference model, `Outboxes` and `receiving_candidate`, built
//! the way the pallets commit; the relay side is `InMemoryRelay`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use codec::{Decode, Encode};
use xcmp_primitives::{
	BlockListChange, ChannelCursor, ChannelLimits, EgressCommitment, IngressCommitment,
	IngressCursor, Outbox, ParaId, Payload, RoutedBatch, VerificationError, H256,
};
use xcmp_verifier::{
	check_inclusion, receiving_candidate, validate_candidate, verify_candidate, Candidate,
	CandidateCommitments, CandidateError as E, InMemoryRelay, Outboxes, PendingExpiry, RelayUpdate,
	RelayView,
};

const A: u32 = 1000;
const B: u32 = 2000;
const C: u32 = 3000;
const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 20, max_total_size: 2000, max_message_size: 100 };

fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

/// Three parachains, all channels open, each with its outbox, and the reference model of the
/// relay chain (`InMemoryRelay`) recording what the verifier accepts.
struct ReferenceNetwork {
	relay: InMemoryRelay,
	outboxes: Outboxes,
}

impl ReferenceNetwork {
	fn new() -> Self {
		Self::with_limits(LIMITS)
	}

	fn with_limits(limits: ChannelLimits) -> Self {
		let relay = InMemoryRelay::fully_connected(&[A, B, C].map(para), limits);
		Self { relay, outboxes: Outboxes::default() }
	}

	fn outbox(&mut self, sender: u32) -> &mut Outbox {
		self.outboxes.outbox(para(sender))
	}

	/// `sender`'s block at `relay_parent` sends `count` messages to each destination.
	fn send(&mut self, sender: u32, relay_parent: u32, sends: &[(u32, u64)]) -> Candidate {
		self.send_sized(sender, relay_parent, sends, 10)
	}

	/// As [`ReferenceNetwork::send`], with payloads of `size` bytes.
	fn send_sized(
		&mut self,
		sender: u32,
		relay_parent: u32,
		sends: &[(u32, u64)],
		size: usize,
	) -> Candidate {
		let sends: Vec<_> = sends.iter().map(|&(d, count)| (para(d), count)).collect();
		self.outboxes.send_filled(&self.relay, para(sender), relay_parent, &sends, size).unwrap()
	}

	/// The batch `sender` committed at `sent_at` for `destination`, as its collator serves it.
	fn route(&self, sender: u32, sent_at: u32, destination: u32) -> RoutedBatch {
		self.outboxes.route(para(sender), sent_at, para(destination)).unwrap()
	}

	/// Makes `sender` misbehave: its channel to `destination` continues from `last_nonce`.
	fn skew(&mut self, sender: u32, destination: u32, last_nonce: u64) {
		let outbox = self.outbox(sender);
		let channel = outbox.channel(para(destination));
		outbox.set_channel(para(destination), ChannelCursor { last_nonce, ..channel });
	}

	/// `receiver`'s honest block at `relay_parent` consuming `batches`, at `watermark`.
	fn receive(
		&self,
		receiver: u32,
		relay_parent: u32,
		batches: Vec<RoutedBatch>,
		watermark: u32,
	) -> Candidate {
		let receiver = para(receiver);
		receiving_candidate(
			&self.relay,
			receiver,
			relay_parent,
			batches,
			watermark,
			Default::default(),
		)
		.unwrap()
	}

	fn accept(&mut self, candidate: &Candidate, now: u32) -> RelayUpdate {
		let update = verify_candidate(&self.relay, candidate).unwrap();
		self.relay.apply(&update, now);
		update
	}

	fn check(&self, candidate: &Candidate) -> Result<RelayUpdate, E> {
		verify_candidate(&self.relay, candidate)
	}

	/// `receiver`'s block at `relay_parent` that consumes nothing and blocks `sender`.
	fn block(&self, receiver: u32, relay_parent: u32, sender: u32) -> Candidate {
		let mut candidate = self.receive(receiver, relay_parent, vec![], 0);
		let changes = vec![BlockListChange::Blocked(para(sender))].try_into().unwrap();
		candidate.ingress = IngressCommitment::new(vec![], 0, changes).unwrap();
		candidate
	}

	/// Builds `sender`'s block as [`ReferenceNetwork::send`] does and checks it.
	fn send_and_check(
		&mut self,
		sender: u32,
		relay_parent: u32,
		sends: &[(u32, u64)],
	) -> Result<RelayUpdate, E> {
		let candidate = self.send(sender, relay_parent, sends);
		self.check(&candidate)
	}
}

/// A and C sent to B at relay parent 1, and the relay recorded both.
fn sent_to_b() -> ReferenceNetwork {
	let mut net = ReferenceNetwork::new();
	let a = net.send(A, 1, &[(B, 3), (C, 1)]);
	net.accept(&a, 2);
	let c = net.send(C, 1, &[(B, 2)]);
	net.accept(&c, 2);
	net
}

#[test]
fn honest_senders_and_receiver_are_accepted_and_roots_pruned() {
	let mut net = sent_to_b();
	assert_eq!(net.relay.egress_roots_held(), 2);
	let b = net.receive(B, 2, vec![net.route(A, 1, B), net.route(C, 1, B)], 1);
	let update = net.accept(&b, 3);
	assert_eq!(update.cursors.len(), 2);
	assert_eq!(net.relay.cursor(para(A), para(B)).last_nonce, 3);
	assert_eq!(net.relay.cursor(para(C), para(B)).last_nonce, 2);
	assert_eq!(net.relay.watermark(para(B)), 1);
	// C's root is gone; A's waits for C to consume A's batch to it.
	assert_eq!(net.relay.egress_roots_held(), 1);
	let c = net.receive(C, 2, vec![net.route(A, 1, C)], 1);
	net.accept(&c, 3);
	assert_eq!(net.relay.egress_roots_held(), 0);
}

#[test]
fn silent_receiver_catches_up_on_everything_kept_for_it() {
	let mut net = ReferenceNetwork::new();
	// A sends to B at 20 relay blocks while B produces nothing.
	for at in 1..=20 {
		let a = net.send(A, at, &[(B, 1)]);
		net.accept(&a, at + 1);
	}
	assert_eq!(net.relay.egress_roots_held(), 20, "never pruned by age");
	// B comes back at relay parent 50 and consumes everything.
	let batches = (1..=20).map(|at| net.route(A, at, B)).collect();
	let b = net.receive(B, 50, batches, 50);
	net.accept(&b, 51);
	assert_eq!(net.relay.egress_roots_held(), 0);
	assert_eq!(net.relay.cursor(para(A), para(B)).last_nonce, 20);
}

#[test]
fn relay_state_holds_no_message_bodies() {
	let sizes = |size: usize| {
		let mut net = ReferenceNetwork::new();
		let a = net.send_sized(A, 1, &[(B, 3)], size);
		net.accept(&a, 2);
		net.relay.encoded_size()
	};
	assert_eq!(sizes(1), sizes(100));
}

// ---- sender side ----

#[test]
fn tampered_egress_commitment_is_rejected() {
	let mut net = ReferenceNetwork::new();
	let mut a = net.send(A, 1, &[(B, 1), (C, 1)]);
	a.egress.egress_root = H256::repeat_byte(1);
	assert_eq!(
		net.check(&a),
		Err(E::InvalidEgressCommitment(VerificationError::EgressRootMismatch))
	);
	let mut a = net.send(A, 2, &[(B, 1), (C, 1)]);
	a.egress.entries.as_mut().swap(0, 1);
	assert_eq!(
		net.check(&a),
		Err(E::InvalidEgressCommitment(VerificationError::EntriesNotSorted { index: 1 }))
	);
}

#[test]
fn sending_to_self_is_rejected() {
	let mut net = ReferenceNetwork::new();
	assert_eq!(net.send_and_check(A, 1, &[(A, 1)]), Err(E::SendToSelf { index: 0 }));
}

#[test]
fn sending_without_a_channel_is_rejected() {
	let mut net = ReferenceNetwork::new();
	assert_eq!(
		net.send_and_check(A, 1, &[(B, 1), (4000, 1)]),
		Err(E::NoChannel { index: 1, destination: para(4000) })
	);
}

#[test]
fn sending_to_a_blocking_destination_is_rejected() {
	let mut net = ReferenceNetwork::new();
	let b = net.block(B, 1, A);
	net.accept(&b, 2);
	assert_eq!(
		net.send_and_check(A, 2, &[(B, 1)]),
		Err(E::DestinationBlocksSender { index: 0, destination: para(B) })
	);
}

#[test]
fn egress_stamped_with_another_relay_parent_is_rejected() {
	let mut net = ReferenceNetwork::new();
	let mut a = net.send(A, 1, &[(B, 1)]);
	a.relay_parent = 2;
	assert_eq!(net.check(&a), Err(E::EgressSentAtMismatch { index: 0 }));
}

#[test]
fn second_egress_under_one_relay_parent_is_rejected() {
	let mut net = ReferenceNetwork::new();
	let a = net.send(A, 5, &[(B, 1)]);
	net.accept(&a, 6);
	assert_eq!(
		net.send_and_check(A, 5, &[(B, 1)]),
		Err(E::EgressRelayParentNotAdvanced { last: 5 })
	);
}

#[test]
fn egress_nonce_gap_and_replay_are_rejected() {
	let mut net = ReferenceNetwork::new();
	let a = net.send(A, 1, &[(B, 2)]);
	net.accept(&a, 2);
	// The sender skips nonce 3.
	net.skew(A, B, 3);
	assert_eq!(
		net.send_and_check(A, 2, &[(B, 1)]),
		Err(E::EgressNonceGap { index: 0, expected: 3, first_nonce: 4 })
	);
	// The sender restarts at nonce 2.
	net.skew(A, B, 1);
	assert_eq!(
		net.send_and_check(A, 3, &[(B, 1)]),
		Err(E::EgressNonceReplay { index: 0, expected: 3, first_nonce: 2 })
	);
}

#[test]
fn egress_over_channel_limits_is_rejected() {
	let mut net = ReferenceNetwork::new();
	let a = net.send(A, 1, &[(B, 15)]);
	net.accept(&a, 2);
	// 15 pending and 6 more: over the capacity of 20.
	assert_eq!(
		net.send_and_check(A, 2, &[(B, 6)]),
		Err(E::ChannelOverCapacity { index: 0, pending: 21, max: 20 })
	);
	let mut net = ReferenceNetwork::new();
	let mut a = net.send(A, 1, &[(B, 1)]);
	let mut entry = a.egress.entries[0].1;
	entry.total_bytes = 2001;
	a.egress = EgressCommitment::new(vec![(para(B), entry)]).unwrap();
	assert_eq!(net.check(&a), Err(E::ChannelOverSize { index: 0, bytes: 2001, max: 2000 }));
}

// ---- receiver side ----

#[test]
fn tampered_ingress_commitment_is_rejected() {
	let net = sent_to_b();
	let mut b = net.receive(B, 2, vec![net.route(A, 1, B), net.route(C, 1, B)], 1);
	b.ingress.ingress_root = H256::repeat_byte(2);
	assert_eq!(
		net.check(&b),
		Err(E::InvalidIngressCommitment(VerificationError::IngressRootMismatch))
	);
}

#[test]
fn ingress_from_self_or_without_channel_is_rejected() {
	let net = sent_to_b();
	let mut batch = net.route(A, 1, B);
	batch.sender = para(B);
	assert_eq!(net.check(&net.receive(B, 2, vec![batch], 0)), Err(E::IngressFromSelf { index: 0 }));
	let mut batch = net.route(A, 1, B);
	batch.sender = para(4000);
	assert_eq!(
		net.check(&net.receive(B, 2, vec![batch], 0)),
		Err(E::IngressNoChannel { index: 0, sender: para(4000) })
	);
}

#[test]
fn batch_from_an_unrecorded_block_is_rejected() {
	let mut net = sent_to_b();
	// A commits at relay parent 3, but the relay never includes that candidate.
	net.send(A, 3, &[(B, 1)]);
	let batches = vec![net.route(A, 1, B), net.route(A, 3, B)];
	assert_eq!(
		net.check(&net.receive(B, 4, batches, 1)),
		Err(E::UnknownEgressRoot { index: 1, sender: para(A), sent_at: 3 })
	);
}

#[test]
fn forged_reordered_or_replayed_batches_are_rejected() {
	let mut net = sent_to_b();
	let mut forged = net.route(A, 1, B);
	forged.messages[1].payload[0] ^= 1;
	assert_eq!(
		net.check(&net.receive(B, 2, vec![forged], 0)),
		Err(E::InvalidBatch {
			index: 0,
			sender: para(A),
			error: VerificationError::BatchRootMismatch
		})
	);
	let mut reordered = net.route(A, 1, B);
	reordered.messages.swap(0, 2);
	assert!(matches!(
		net.check(&net.receive(B, 2, vec![reordered], 0)),
		Err(E::InvalidBatch { index: 0, error: VerificationError::NonceOutOfOrder { .. }, .. })
	));
	// A second batch from A, consumed before the first: a gap.
	let a = net.send(A, 2, &[(B, 1)]);
	net.accept(&a, 3);
	let out_of_order = vec![net.route(A, 2, B), net.route(A, 1, B)];
	assert_eq!(
		net.check(&net.receive(B, 3, out_of_order, 0)),
		Err(E::InvalidBatch {
			index: 0,
			sender: para(A),
			error: VerificationError::Gap { expected: 1, first_nonce: 4 }
		})
	);
	// Consumed, then replayed in a later block (the root is still held for A's batch to C).
	let b = net.receive(B, 3, vec![net.route(A, 1, B)], 0);
	net.accept(&b, 4);
	assert_eq!(
		net.check(&net.receive(B, 4, vec![net.route(A, 1, B)], 0)),
		Err(E::InvalidBatch {
			index: 0,
			sender: para(A),
			error: VerificationError::Replay { cursor: 3, first_nonce: 1 }
		})
	);
}

#[test]
fn an_expired_batch_can_only_be_refused() {
	let mut net = ReferenceNetwork::new();
	// A's batch to B, sent at 1, expires at 4.
	net.outbox(A).set_delivery_timeout(Some(3));
	let a = net.send(A, 1, &[(B, 2)]);
	net.accept(&a, 2);
	let batch = net.route(A, 1, B);
	assert_eq!(batch.entry.expires_at, Some(4));
	// At relay parent 3 B accepts it; at 4 it must refuse it, with its entry alone.
	let in_time = net.receive(B, 3, vec![batch.clone()], 2);
	assert!(!in_time.ingress.cursors[0].rejected);
	net.check(&in_time).unwrap();
	let refused = net.receive(B, 4, vec![batch.clone()], 2);
	assert_eq!(refused.consumed, vec![batch.clone().refused()]);
	assert!(refused.ingress.cursors[0].rejected);
	net.check(&refused).unwrap();
	// The relay knows the latest deadline of the channel's pending batches: commitments that
	// accept them on relay parent 4 or later are not included either.
	assert_eq!(net.relay.pending_expiry(para(A), para(B)), PendingExpiry::By(4));
	let committed = validate_candidate(&net.relay, &in_time).unwrap();
	check_inclusion(&net.relay, &committed).unwrap();
	let late = CandidateCommitments { relay_parent: 4, ..committed };
	assert_eq!(
		check_inclusion(&net.relay, &late),
		Err(E::AcceptedExpiredBatch { index: 0, sender: para(A) })
	);
	// A block that dispatches it anyway carries its messages: no refusal, and invalid.
	let mut accepting = refused;
	accepting.consumed = vec![batch.clone()];
	accepting.ingress = in_time.ingress.clone();
	assert_eq!(
		net.check(&accepting),
		Err(E::InvalidBatch {
			index: 0,
			sender: para(A),
			error: VerificationError::RefusedBatchCarriesMessages { count: 2 }
		})
	);
}

#[test]
fn batch_for_another_receiver_is_rejected() {
	let net = sent_to_b();
	// A's batch to C, slipped into B's block.
	assert_eq!(
		net.check(&net.receive(B, 2, vec![net.route(A, 1, C)], 0)),
		Err(E::InvalidBatch {
			index: 0,
			sender: para(A),
			error: VerificationError::WrongDestination { index: 0, destination: para(C) }
		})
	);
}

#[test]
fn a_candidate_consuming_more_batches_than_commitments_name_is_invalid() {
	use xcmp_primitives::limits::MAX_BATCHES_PER_BLOCK;
	let net = sent_to_b();
	let mut many = net.receive(B, 2, vec![net.route(A, 1, B)], 1);
	many.consumed = vec![net.route(A, 1, B); MAX_BATCHES_PER_BLOCK as usize + 1];
	assert_eq!(
		net.check(&many),
		Err(E::TooManyConsumedBatches { count: MAX_BATCHES_PER_BLOCK + 1 })
	);
	// Nor does the relay decode commitments naming more.
	let honest = net.receive(B, 2, vec![net.route(A, 1, B), net.route(C, 1, B)], 1);
	let commitments = xcmp_verifier::validate_candidate(&net.relay, &honest).unwrap();
	let mut encoded = commitments.encode();
	let named = commitments.consumed.encode();
	let at = encoded.len() - named.len();
	let over: Vec<_> = vec![commitments.consumed[0]; MAX_BATCHES_PER_BLOCK as usize + 1];
	encoded.truncate(at);
	encoded.extend(over.encode());
	assert!(CandidateCommitments::decode(&mut &encoded[..]).is_err());
}

#[test]
fn cursors_must_be_exactly_what_the_batches_reach() {
	let net = sent_to_b();
	let honest = net.receive(B, 2, vec![net.route(A, 1, B), net.route(C, 1, B)], 1);
	let recommit = |cursors: Vec<IngressCursor>| {
		let mut b = honest.clone();
		b.ingress = IngressCommitment::new(cursors, 1, Default::default()).unwrap();
		b
	};
	let mut wrong = honest.ingress.cursors.to_vec();
	wrong[0].last_nonce = 2;
	assert_eq!(net.check(&recommit(wrong)), Err(E::CursorMismatch { sender: para(A) }));
	let mut flagged = honest.ingress.cursors.to_vec();
	flagged[1].rejected = true;
	assert_eq!(net.check(&recommit(flagged)), Err(E::CursorMismatch { sender: para(C) }));
	let missing = honest.ingress.cursors[..1].to_vec();
	assert_eq!(net.check(&recommit(missing)), Err(E::CursorMissing { sender: para(C) }));
	let mut extra = honest.clone();
	extra.consumed.pop();
	assert_eq!(net.check(&extra), Err(E::CursorNotMoved { sender: para(C) }));
}

#[test]
fn watermark_games_are_rejected() {
	let mut net = sent_to_b();
	let b = net.receive(B, 2, vec![net.route(A, 1, B), net.route(C, 1, B)], 1);
	net.accept(&b, 3);
	assert_eq!(
		net.check(&net.receive(B, 3, vec![], 0)),
		Err(E::WatermarkBehind { watermark: 0, recorded: 1 })
	);
	assert_eq!(
		net.check(&net.receive(B, 3, vec![], 4)),
		Err(E::WatermarkAhead { watermark: 4, relay_parent: 3 })
	);
	// A receiver silent for 10,000 relay blocks, with nothing pending, catches up at once.
	net.accept(&net.receive(B, 10_003, vec![], 10_003), 10_004);
	assert_eq!(net.relay.watermark(para(B)), 10_003);
}

#[test]
fn skipping_an_expected_batch_is_rejected() {
	let net = sent_to_b();
	// B takes A's batch but leaves C's, while claiming everything up to 1 consumed.
	assert_eq!(
		net.check(&net.receive(B, 2, vec![net.route(A, 1, B)], 2)),
		Err(E::UnprocessedBatch { sender: para(C), recorded_at: 2 })
	);
	// Without raising the watermark, leaving it for later is fine.
	net.check(&net.receive(B, 2, vec![net.route(A, 1, B)], 0)).unwrap();
}

#[test]
fn blocking_self_is_rejected() {
	let net = ReferenceNetwork::new();
	let b = net.block(B, 1, B);
	assert_eq!(net.check(&b), Err(E::BlockListChangeOfSelf { index: 0 }));
}

/// B's block at `relay_parent` making `changes`: blocking each of `block`, then unblocking
/// each of `unblock`.
fn block_list_changes(
	net: &ReferenceNetwork,
	relay_parent: u32,
	block: impl IntoIterator<Item = u32>,
	unblock: impl IntoIterator<Item = u32>,
) -> Candidate {
	let blocked = block.into_iter().map(|s| BlockListChange::Blocked(para(s)));
	let unblocked = unblock.into_iter().map(|s| BlockListChange::Unblocked(para(s)));
	with_changes(net.receive(B, relay_parent, vec![], 0), blocked.chain(unblocked).collect())
}

#[test]
fn a_receiver_blocks_at_most_max_blocked_senders() {
	use xcmp_primitives::limits::{MAX_BLOCKED_SENDERS, MAX_BLOCK_LIST_CHANGES};
	let mut net = ReferenceNetwork::new();
	let mut at = 1;
	let mut next = 10_000;
	while net.relay.blocked_count(para(B)) < MAX_BLOCKED_SENDERS {
		let room = MAX_BLOCKED_SENDERS - net.relay.blocked_count(para(B));
		let senders = next..next + room.min(MAX_BLOCK_LIST_CHANGES);
		next = senders.end;
		net.accept(&block_list_changes(&net, at, senders, []), at + 1);
		at += 1;
	}
	// One more is refused, naming the change (blocking a blocked sender first counts nothing);
	// the relay keeps what it had.
	let before = net.relay.clone();
	let one_more = block_list_changes(&net, at, [10_000, A, C], []);
	assert_eq!(net.check(&one_more), Err(E::TooManyBlockedSenders { index: 1 }));
	assert_eq!(net.relay, before);
	// A change to what already holds counts nothing: blocking a blocked sender, unblocking one
	// not blocked.
	net.accept(&block_list_changes(&net, at, [10_000], [A]), at + 1);
	assert_eq!(net.relay.blocked_count(para(B)), MAX_BLOCKED_SENDERS);
	// Unblocking makes room for a block in the same candidate, in that order only.
	let block_first = block_list_changes(&net, at + 1, [A], [10_001]);
	assert_eq!(net.check(&block_first), Err(E::TooManyBlockedSenders { index: 0 }));
	let unblock_first = with_changes(
		net.receive(B, at + 1, vec![], 0),
		vec![BlockListChange::Unblocked(para(10_001)), BlockListChange::Blocked(para(A))],
	);
	net.accept(&unblock_first, at + 2);
	assert!(net.relay.blocks(para(B), para(A)) && !net.relay.blocks(para(B), para(10_001)));
	assert_eq!(net.relay.blocked_count(para(B)), MAX_BLOCKED_SENDERS);
}

#[test]
fn blocked_sender_is_refused_and_told() {
	let mut net = sent_to_b();
	// B blocks A (effective from B's next candidate).
	let b = net.block(B, 2, A);
	net.accept(&b, 3);
	// B must still consume A's batch to pass the watermark: refused, needing no messages.
	let mut refused = net.route(A, 1, B);
	refused.messages.clear();
	let b = net.receive(B, 3, vec![refused.clone(), net.route(C, 1, B)], 1);
	assert!(b.ingress.cursors[0].rejected);
	// Claiming it processed instead is caught.
	let mut processed = b.clone();
	processed.ingress = IngressCommitment::new(
		b.ingress.cursors.iter().map(|c| IngressCursor { rejected: false, ..*c }).collect(),
		1,
		Default::default(),
	)
	.unwrap();
	assert_eq!(net.check(&processed), Err(E::CursorMismatch { sender: para(A) }));
	net.accept(&b, 4);
	// A learns the refusal through the relay until its next candidate has seen it.
	assert_eq!(net.relay.delivery(para(A), para(B)), (3, vec![(1, 3)]));
	let a = net.send(A, 4, &[(C, 1)]);
	net.accept(&a, 5);
	assert_eq!(net.relay.delivery(para(A), para(B)), (3, vec![]));
}

#[test]
fn a_batch_over_its_channel_s_limits_is_refused_and_its_sender_told() {
	let mut net = ReferenceNetwork::new();
	// A misbehaving sender commits two messages over the channel's 100-byte size: its entry's
	// total (300 bytes) is within the channel's, so the relay records it. No receiver could
	// accept the batch; refusing it is the only way on.
	let a = net.send_sized(A, 1, &[(B, 2)], 150);
	net.accept(&a, 2);
	let batch = net.route(A, 1, B);
	let b = net.receive(B, 2, vec![batch.clone()], 2);
	assert!(b.ingress.cursors[0].rejected, "the honest receiver refuses it");
	assert_eq!(b.consumed, vec![batch.clone()], "with its messages, which show the breach");
	// Claiming it accepted is caught, as is a forged copy claimed refused.
	let mut accepted = b.clone();
	accepted.ingress = IngressCommitment::new(
		vec![IngressCursor { rejected: false, ..b.ingress.cursors[0] }],
		2,
		Default::default(),
	)
	.unwrap();
	assert_eq!(net.check(&accepted), Err(E::CursorMismatch { sender: para(A) }));
	let mut forged = b.clone();
	forged.consumed[0].messages[0].payload[0] ^= 0xff;
	assert_eq!(
		net.check(&forged),
		Err(E::InvalidBatch {
			index: 0,
			sender: para(A),
			error: VerificationError::BatchRootMismatch
		})
	);
	net.accept(&b, 3);
	// The relay keeps the refused range until A's next candidate has seen it.
	assert_eq!(net.relay.delivery(para(A), para(B)), (2, vec![(1, 2)]));
	let a = net.send(A, 3, &[(B, 1)]);
	net.accept(&a, 4);
	assert_eq!(net.relay.delivery(para(A), para(B)), (2, vec![]));
	// A's next, honest batch is accepted.
	let b = net.receive(B, 4, vec![net.route(A, 3, B)], 4);
	assert!(!b.ingress.cursors[0].rejected);
	net.accept(&b, 5);
}

#[test]
fn a_candidate_consumes_all_of_a_sender_s_batches_alike() {
	let mut net = ReferenceNetwork::new();
	let a = net.send(A, 1, &[(B, 1)]);
	net.accept(&a, 2);
	let a = net.send_sized(A, 2, &[(B, 1)], 150);
	net.accept(&a, 3);
	let (honest, breaching) = (net.route(A, 1, B), net.route(A, 2, B));
	let mut b = net.receive(B, 3, vec![honest.clone(), breaching.clone()], 3);
	for rejected in [false, true] {
		b.ingress = IngressCommitment::new(
			vec![IngressCursor::after(&breaching, rejected)],
			3,
			Default::default(),
		)
		.unwrap();
		assert_eq!(net.check(&b), Err(E::MixedConsumption { index: 1, sender: para(A) }));
	}
	// One block each.
	let b = net.receive(B, 3, vec![honest], 1);
	net.accept(&b, 4);
	let b = net.receive(B, 4, vec![breaching], 3);
	assert!(b.ingress.cursors[0].rejected);
	net.accept(&b, 5);
}

/// `candidate` with its ingress recommitted with `changes`.
fn with_changes(mut candidate: Candidate, changes: Vec<BlockListChange>) -> Candidate {
	candidate.ingress = IngressCommitment::new(
		candidate.ingress.cursors.to_vec(),
		candidate.ingress.watermark,
		changes.try_into().unwrap(),
	)
	.unwrap();
	candidate
}

#[test]
fn contiguous_refusals_merge_into_one_range() {
	let mut net = ReferenceNetwork::new();
	for at in 1..=3 {
		let a = net.send(A, at, &[(B, 2)]);
		net.accept(&a, at + 1);
	}
	net.accept(&net.block(B, 4, A), 5);
	// Two candidates refuse A's batches one after the other: still one range for A to see.
	net.accept(&net.receive(B, 5, vec![net.route(A, 1, B)], 0), 6);
	net.accept(&net.receive(B, 6, vec![net.route(A, 2, B), net.route(A, 3, B)], 0), 7);
	assert_eq!(net.relay.delivery(para(A), para(B)), (6, vec![(1, 6)]));
}

#[test]
fn refused_ranges_are_bounded_until_the_sender_sees_them() {
	use xcmp_primitives::limits::MAX_REFUSED_RANGES;
	let mut net = ReferenceNetwork::with_limits(ChannelLimits { max_capacity: 100, ..LIMITS });
	let batches = 2 * (MAX_REFUSED_RANGES + 1);
	for at in 1..=batches {
		let a = net.send(A, at, &[(B, 1)]);
		net.accept(&a, at + 1);
	}
	// B alternates: block, refuse one batch, unblock, take one batch; A stays silent.
	let mut at = batches + 1;
	for k in 0..=MAX_REFUSED_RANGES {
		net.accept(
			&with_changes(net.receive(B, at, vec![], 0), vec![BlockListChange::Blocked(para(A))]),
			at + 1,
		);
		let refuse = with_changes(
			net.receive(B, at + 1, vec![net.route(A, 2 * k + 1, B)], 0),
			vec![BlockListChange::Unblocked(para(A))],
		);
		if k == MAX_REFUSED_RANGES {
			assert_eq!(
				net.check(&refuse),
				Err(E::TooManyRefusedRanges { index: 0, sender: para(A) })
			);
			break;
		}
		net.accept(&refuse, at + 2);
		net.accept(&net.receive(B, at + 2, vec![net.route(A, 2 * k + 2, B)], 0), at + 3);
		at += 3;
	}
	assert_eq!(net.relay.delivery(para(A), para(B)).1.len(), MAX_REFUSED_RANGES as usize);
	// Once A produces a block, it has seen them all, and B may refuse again.
	let a = net.send(A, at + 1, &[(C, 1)]);
	net.accept(&a, at + 2);
	assert!(net.relay.delivery(para(A), para(B)).1.is_empty());
}

#[test]
fn sending_over_a_closing_channel_is_rejected_but_consuming_is_not() {
	let mut net = sent_to_b();
	net.relay.close_channel(para(A), para(B), 2);
	assert_eq!(
		net.send_and_check(A, 2, &[(B, 1)]),
		Err(E::ChannelClosing { index: 0, destination: para(B) })
	);
	let b = net.receive(B, 2, vec![net.route(A, 1, B), net.route(C, 1, B)], 1);
	net.accept(&b, 3);
}

#[test]
fn relay_state_per_receiver_is_bounded_by_its_pending_batches_not_by_time() {
	let mut net = ReferenceNetwork::new();
	const D: u32 = 4000;
	net.relay.open_channel(para(A), para(D), LIMITS);
	// D has nothing pending: its watermark moves as far as its relay parent in one candidate.
	net.accept(&net.receive(D, 500, vec![], 500), 501);
	assert_eq!(net.relay.watermark(para(D)), 500);
	// A batch to it recorded in 1002 must be consumed to pass that block.
	let a = net.send(A, 1001, &[(D, 1)]);
	net.accept(&a, 1002);
	let before = net.relay.encoded_size();
	assert_eq!(
		net.check(&net.receive(D, 1003, vec![], 1003)),
		Err(E::UnprocessedBatch { sender: para(A), recorded_at: 1002 })
	);
	// Consumed with the watermark left behind, its digest goes all the same: the relay holds
	// nothing more for D than before A sent, however long D keeps its watermark.
	net.accept(&net.receive(D, 1003, vec![net.route(A, 1001, D)], 500), 1004);
	assert!(net.relay.encoded_size() < before);
	assert_eq!(net.relay.digest_span(para(D)), None);
	net.accept(&net.receive(D, 11_003, vec![], 11_003), 11_004);
	assert_eq!(net.relay.watermark(para(D)), 11_003);
}

#[test]
fn a_batch_sent_after_the_relay_parent_is_not_included() {
	let mut net = ReferenceNetwork::new();
	let a = net.send(A, 2, &[(B, 2)]);
	net.accept(&a, 3);
	// A's batch of relay parent 2 was recorded in relay block 3. B's candidates on relay parent
	// 1 or 2 claim it: a block on either could not have proven it, and its messages would be
	// lost to B.
	for relay_parent in [1, 2] {
		let b = net.receive(B, relay_parent, vec![net.route(A, 2, B)], 1);
		assert_eq!(
			net.check(&b),
			Err(E::BatchRecordedAfterRelayParent {
				index: 0,
				sender: para(A),
				sent_at: 2,
				recorded_at: 3
			})
		);
	}
	net.accept(&net.receive(B, 3, vec![net.route(A, 2, B)], 3), 4);
	assert_eq!(net.relay.cursor(para(A), para(B)).last_nonce, 2);
}

#[test]
fn inclusion_relates_the_commitments_to_the_records_without_a_message() {
	let mut net = sent_to_b();
	let a = net.send(A, 2, &[(B, 1)]);
	net.accept(&a, 3);
	let batches = vec![net.route(A, 1, B), net.route(A, 2, B), net.route(C, 1, B)];
	let b = net.receive(B, 3, batches, 2);
	let commitments = validate_candidate(&net.relay, &b).unwrap();
	assert_eq!(commitments.consumed.len(), 3);
	let include = |c: &CandidateCommitments| check_inclusion(&net.relay, c);
	// A range the relay did not record, or an egress it does not hold.
	let mut wrong = commitments.clone();
	wrong.consumed[0].last_nonce = 2;
	assert_eq!(include(&wrong), Err(E::UnrecordedBatch { index: 0, sender: para(A), sent_at: 1 }));
	let mut wrong = commitments.clone();
	wrong.consumed[2].sent_at = 2;
	assert_eq!(include(&wrong), Err(E::UnrecordedBatch { index: 2, sender: para(C), sent_at: 2 }));
	// A sender's batches out of order, or one left out.
	let mut wrong = commitments.clone();
	wrong.consumed.as_mut().swap(0, 1);
	assert_eq!(
		include(&wrong),
		Err(E::ConsumedOutOfOrder { index: 0, sender: para(A), expected: 1, first_nonce: 4 })
	);
	let mut wrong = commitments.clone();
	wrong.consumed.remove(1);
	assert_eq!(include(&wrong), Err(E::CursorMismatch { sender: para(A) }));
	// Not built on the para's head.
	net.accept(&net.receive(B, 3, vec![], 0), 4);
	assert_eq!(
		check_inclusion(&net.relay, &commitments),
		Err(E::ParentHeadMismatch {
			recorded: net.relay.head(para(B)).unwrap(),
			parent_head: commitments.parent_head,
		})
	);
	// The honest commitments, on the right head, are included, and chain the next.
	let b = net.receive(B, 4, vec![net.route(A, 1, B), net.route(A, 2, B), net.route(C, 1, B)], 2);
	let commitments = validate_candidate(&net.relay, &b).unwrap();
	let update = check_inclusion(&net.relay, &commitments).unwrap();
	net.relay.apply(&update, 5);
	assert_eq!(net.relay.head(para(B)), Some(commitments.head));
	assert_eq!(net.relay.cursor(para(A), para(B)).last_nonce, 4);
}

#[test]
fn accepting_from_a_blocked_sender_is_not_included() {
	let mut net = sent_to_b();
	let b = net.receive(B, 2, vec![net.route(A, 1, B)], 0);
	let accepted = validate_candidate(&net.relay, &b).unwrap();
	// B blocks A in a candidate included first (commitments made on an older record).
	let block = net.block(B, 2, A);
	let mut block = validate_candidate(&net.relay, &block).unwrap();
	block.parent_head = accepted.parent_head;
	let update = check_inclusion(&net.relay, &block).unwrap();
	net.relay.apply(&update, 3);
	let accepted = CandidateCommitments { parent_head: block.head, ..accepted };
	assert_eq!(
		check_inclusion(&net.relay, &accepted),
		Err(E::AcceptedFromBlockedSender { index: 0, sender: para(A) })
	);
}

#[test]
fn commitments_carry_no_message() {
	let mut net = ReferenceNetwork::new();
	let body = b"a message body that must stay off the relay".to_vec();
	let queued = [(para(B), vec![Payload::truncate_from(body.clone()); 3])].into();
	let a = net.outboxes.send(&net.relay, para(A), 1, queued).unwrap();
	net.accept(&a, 2);
	let b = net.receive(B, 2, vec![net.route(A, 1, B)], 1);
	assert!(b.encode().windows(body.len()).any(|w| w == body), "the block carries them");
	let commitments = validate_candidate(&net.relay, &b).unwrap();
	let encoded = commitments.encode();
	assert!(!encoded.windows(body.len()).any(|w| w == body));
	// Names, counts, roots and cursors: a few hundred bytes, whatever the messages.
	assert!(encoded.len() < 300, "{}", encoded.len());
}
