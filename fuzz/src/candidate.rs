//! A relay history with an honest candidate on top, the mutations a cheating collator can
//! apply to a candidate, and the oracles.

use std::{collections::BTreeMap, sync::OnceLock};

use arbitrary::Arbitrary;
use codec::{Decode, Encode};
use xcmp_primitives::{
	ingress_root, BlockListChange, ChannelLimits, EgressEntry, IngressCommitment, IngressCursor,
	ParaId, Payload, RelayBlockNumber, RoutedBatch,
};
use xcmp_verifier::{
	receiving_candidate, verify_candidate, Candidate, InMemoryRelay, Outboxes, RelayView,
};

use crate::{batch::BatchMutation, para, payload, pick, ParaChoice, A, B, C};

/// Every channel's limits in the history.
pub const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 16, max_total_size: 1024, max_message_size: 128 };

/// The relay as of the honest candidate's relay parent, and the candidate.
pub struct CandidateFixture {
	/// What the relay recorded: channels between [`A`], [`B`] and [`C`], egress roots, cursors,
	/// a watermark, and `B` blocking `C`.
	pub relay: InMemoryRelay,
	/// `B`'s honest candidate: it sends to `A` and `C`, refuses `C`'s batch, consumes `A`'s.
	pub honest: Candidate,
	/// Every batch the three senders committed, keyed by `(sender, sent_at, destination)`, as
	/// their collators route them (the pruned ones included): what a forger can borrow from.
	pub routed: BTreeMap<(ParaId, RelayBlockNumber, ParaId), RoutedBatch>,
}

/// The fixture, built on first use.
pub fn candidate_fixture() -> &'static CandidateFixture {
	static FIXTURE: OnceLock<CandidateFixture> = OnceLock::new();
	FIXTURE.get_or_init(build_candidate_fixture)
}

struct History {
	relay: InMemoryRelay,
	outboxes: Outboxes,
}

impl History {
	/// `sender`'s block at `relay_parent` sending `count` messages to each destination.
	fn send(&mut self, sender: u32, relay_parent: u32, sends: &[(u32, u8)]) -> Candidate {
		let queued = sends
			.iter()
			.map(|&(destination, count)| {
				let payloads: Vec<Payload> =
					(0..count).map(|n| payload(n, usize::from(n) * 11 + 1)).collect();
				(para(destination), payloads)
			})
			.collect();
		self.outboxes
			.send(&self.relay, para(sender), relay_parent, queued)
			.expect("an honest block")
	}

	/// The batch `sender` committed at `sent_at` for `destination`, as its collator serves it.
	fn route(&self, sender: u32, sent_at: u32, destination: u32) -> RoutedBatch {
		self.outboxes.route(para(sender), sent_at, para(destination)).expect("a committed batch")
	}

	/// `candidate` with `receiver`'s honest ingress: it consumes `batches` (refusing, without
	/// their messages, those from senders it blocks: `receiving_candidate` drops them) up to
	/// `watermark`.
	fn receive(
		&self,
		mut candidate: Candidate,
		batches: Vec<RoutedBatch>,
		watermark: u32,
		changes: Vec<BlockListChange>,
	) -> Candidate {
		let changes = changes.try_into().expect("few changes");
		let received = receiving_candidate(
			&self.relay,
			candidate.para,
			candidate.relay_parent,
			batches,
			watermark,
			changes,
		)
		.expect("sorted by construction");
		candidate.ingress = received.ingress;
		candidate.consumed = received.consumed;
		candidate
	}

	fn accept(&mut self, candidate: &Candidate, now: u32) {
		let update = verify_candidate(&self.relay, candidate).expect("an honest candidate");
		self.relay.apply(&update, now);
	}
}

fn build_candidate_fixture() -> CandidateFixture {
	let relay = InMemoryRelay::fully_connected(&[A, B, C].map(para), LIMITS);
	let mut history = History { relay, outboxes: Outboxes::default() };

	// B consumes A's first batch and reaches watermark 1.
	let a = history.send(A, 1, &[(B, 1)]);
	history.accept(&a, 2);
	let b = history.send(B, 2, &[]);
	let b = history.receive(b, vec![history.route(A, 1, B)], 1, vec![]);
	history.accept(&b, 3);
	// C sends to B and A; B then blocks C before consuming C's batch.
	let c = history.send(C, 3, &[(B, 2), (A, 1)]);
	history.accept(&c, 4);
	let b = history.send(B, 4, &[]);
	let b = history.receive(b, vec![], 1, vec![BlockListChange::Blocked(para(C))]);
	history.accept(&b, 5);
	// A sends again to B and C.
	let a = history.send(A, 5, &[(B, 3), (C, 1)]);
	history.accept(&a, 6);

	// B's honest candidate: it sends to A and C, refuses C's batch, consumes A's.
	let b = history.send(B, 6, &[(A, 2), (C, 1)]);
	let consumed = vec![history.route(C, 3, B), history.route(A, 5, B)];
	let honest = history.receive(b, consumed, 6, vec![BlockListChange::Unblocked(para(C))]);
	verify_candidate(&history.relay, &honest).expect("the honest candidate is accepted");

	let mut routed = BTreeMap::new();
	for outbox in history.outboxes.values() {
		let sender = outbox.sender();
		for destination in [A, B, C].map(para) {
			for batch in outbox.serve(destination, 0) {
				routed.insert((sender, batch.entry.sent_at, destination), batch);
			}
		}
	}
	CandidateFixture { relay: history.relay, honest, routed }
}

/// `candidate` reduced to what its para commits to and the relay checks: proofs dropped (they
/// only link a batch to its root), for batches from a sender the para blocks, messages dropped
/// (a refused batch's messages are not read), and batches ordered by sender (channels are
/// independent: only the order within each is committed).
fn committed(relay: &InMemoryRelay, candidate: &Candidate) -> Candidate {
	let mut candidate = candidate.clone();
	candidate.consumed.sort_by_key(|batch| batch.sender);
	for batch in &mut candidate.consumed {
		batch.entry_proof.nodes.clear();
		if relay.blocks(candidate.para, batch.sender) {
			batch.messages.clear();
		}
	}
	candidate
}

/// The oracle for any candidate the verifier accepts: every batch it consumed is one a sender
/// committed for it, whole (for a refused batch, its entry and no message), and the relay update
/// moves no cursor elsewhere than those batches reach.
pub fn assert_accepted_candidate_is_honest(candidate: &Candidate) {
	let fixture = candidate_fixture();
	let Ok(update) = verify_candidate(&fixture.relay, candidate) else { return };
	for batch in &candidate.consumed {
		let key = (batch.sender, batch.entry.sent_at, candidate.para);
		let committed = fixture.routed.get(&key);
		let refused = fixture.relay.blocks(candidate.para, batch.sender);
		let genuine = committed.is_some_and(|committed| {
			committed.entry == batch.entry
				&& if refused {
					batch.messages.is_empty()
				} else {
					committed.messages == batch.messages
				}
		});
		assert!(genuine, "forged batch accepted in {candidate:?}");
	}
	for cursor in &update.cursors {
		let reached = candidate
			.consumed
			.iter()
			.rev()
			.find(|batch| batch.sender == cursor.sender)
			.map(|batch| batch.entry.cursor_after());
		assert_eq!(reached, Some(cursor.cursor()), "cursor moved past its batches");
	}
}

/// One change a cheating collator makes to the honest candidate. Indices wrap around the list
/// they pick from; a change with nothing to pick from is skipped.
#[derive(Arbitrary, Clone, Debug)]
pub enum CandidateMutation {
	/// Claim the candidate for another para.
	SetPara(ParaChoice),
	/// Claim another relay parent.
	SetRelayParent(u32),
	/// Claim another watermark.
	SetWatermark(u32),
	/// Change one consumed batch.
	Batch { index: u8, mutation: BatchMutation },
	/// Drop a consumed batch.
	DropBatch(u8),
	/// Consume a batch twice.
	DuplicateBatch(u8),
	/// Swap two consumed batches.
	SwapBatches(u8, u8),
	/// Insert, at `position`, a batch some sender committed (for any receiver, at any time).
	InsertCommittedBatch { position: u8, which: u8 },
	/// Set a committed cursor's last nonce.
	SetCursorNonce { index: u8, last_nonce: u64 },
	/// XOR a byte of a committed cursor's MQC head.
	FlipCursorHead { index: u8, offset: u8, mask: u8 },
	/// Toggle a committed cursor's `rejected` flag.
	ToggleRejected(u8),
	/// Rename a committed cursor's sender.
	SetCursorSender { index: u8, sender: ParaChoice },
	/// Drop a committed cursor.
	DropCursor(u8),
	/// Recompute the ingress root over the cursors as they now are: what a forger must do for
	/// changed cursors to pass the commitment check.
	RecommitIngress,
	/// Commit the cursors the consumed batches reach, as an honest receiver would for them.
	CursorsFromBatches,
	/// XOR a byte of the egress root.
	FlipEgressRoot { offset: u8, mask: u8 },
	/// XOR a byte of an egress entry's encoding, without recomputing the root.
	FlipEgressEntry { index: u8, offset: u8, mask: u8 },
	/// Drop an egress entry, without recomputing the root.
	DropEgressEntry(u8),
}

impl CandidateMutation {
	/// Applies the change to `candidate`.
	pub fn apply(&self, candidate: &mut Candidate) {
		let fixture = candidate_fixture();
		let consumed = &mut candidate.consumed;
		let cursors = candidate.ingress.cursors.as_mut();
		match self {
			Self::SetPara(id) => candidate.para = id.id(),
			Self::SetRelayParent(number) => candidate.relay_parent = *number,
			Self::SetWatermark(number) => candidate.ingress.watermark = *number,
			Self::Batch { index, mutation } => {
				if let Some(i) = pick(consumed.len(), *index) {
					let batch = &mut consumed[i];
					let cursor = fixture.relay.cursor(batch.sender, candidate.para);
					let others: Vec<RoutedBatch> = fixture.routed.values().cloned().collect();
					mutation.apply(batch, candidate.para, &cursor, &others);
				}
			}
			Self::DropBatch(index) => {
				if let Some(i) = pick(consumed.len(), *index) {
					consumed.remove(i);
				}
			}
			Self::DuplicateBatch(index) => {
				if let Some(i) = pick(consumed.len(), *index) {
					consumed.insert(i + 1, consumed[i].clone());
				}
			}
			Self::SwapBatches(a, b) => {
				if let (Some(a), Some(b)) = (pick(consumed.len(), *a), pick(consumed.len(), *b)) {
					consumed.swap(a, b);
				}
			}
			Self::InsertCommittedBatch { position, which } => {
				if let Some(w) = pick(fixture.routed.len(), *which) {
					let batch = fixture.routed.values().nth(w).cloned().expect("picked in range");
					consumed.insert(usize::from(*position) % (consumed.len() + 1), batch);
				}
			}
			Self::SetCursorNonce { index, last_nonce } => {
				if let Some(i) = pick(cursors.len(), *index) {
					cursors[i].last_nonce = *last_nonce;
				}
			}
			Self::FlipCursorHead { index, offset, mask } => {
				if let Some(i) = pick(cursors.len(), *index) {
					cursors[i].mqc_head.0[usize::from(*offset) % 32] ^= mask;
				}
			}
			Self::ToggleRejected(index) => {
				if let Some(i) = pick(cursors.len(), *index) {
					cursors[i].rejected = !cursors[i].rejected;
				}
			}
			Self::SetCursorSender { index, sender } => {
				if let Some(i) = pick(cursors.len(), *index) {
					cursors[i].sender = sender.id();
				}
			}
			Self::DropCursor(index) => {
				if let Some(i) = pick(cursors.len(), *index) {
					candidate.ingress.cursors.remove(i);
				}
			}
			Self::RecommitIngress => {
				recommit_ingress(candidate, candidate.ingress.cursors.to_vec())
			}
			Self::CursorsFromBatches => {
				let mut reached = BTreeMap::new();
				for batch in &candidate.consumed {
					let entry = &batch.entry;
					reached.insert(
						batch.sender,
						IngressCursor {
							sender: batch.sender,
							last_nonce: entry.last_nonce,
							mqc_head: entry.mqc_head,
							rejected: fixture.relay.blocks(candidate.para, batch.sender),
						},
					);
				}
				recommit_ingress(candidate, reached.into_values().collect());
			}
			Self::FlipEgressRoot { offset, mask } => {
				candidate.egress.egress_root.0[usize::from(*offset) % 32] ^= mask;
			}
			Self::FlipEgressEntry { index, offset, mask } => {
				let entries = candidate.egress.entries.as_mut();
				if let Some(i) = pick(entries.len(), *index) {
					let mut encoded = entries[i].1.encode();
					if let Some(o) = pick(encoded.len(), *offset) {
						encoded[o] ^= mask;
					}
					// A flip that leaves no entry (an invalid `Option` tag) changes nothing.
					if let Ok(entry) = EgressEntry::decode(&mut &encoded[..]) {
						entries[i].1 = entry;
					}
				}
			}
			Self::DropEgressEntry(index) => {
				if let Some(i) = pick(candidate.egress.entries.len(), *index) {
					candidate.egress.entries.remove(i);
				}
			}
		}
	}
}

/// Replaces the candidate's ingress commitment with one over `cursors` (sorted, root
/// recomputed), keeping its watermark and block-list changes; keeps the old one if `cursors`
/// cannot be committed (duplicate senders).
fn recommit_ingress(candidate: &mut Candidate, cursors: Vec<IngressCursor>) {
	let ingress = &candidate.ingress;
	if let Ok(recommitted) =
		IngressCommitment::new(cursors, ingress.watermark, ingress.block_list_changes.clone())
	{
		candidate.ingress = recommitted;
	}
}

/// Applies `mutations` to the honest candidate and asserts the verdict (see
/// [`assert_honest_choices`]). Panics on a violation: that is a finding.
pub fn check_candidate_mutations(mutations: &[CandidateMutation]) {
	let fixture = candidate_fixture();
	let mut candidate = fixture.honest.clone();
	for mutation in mutations {
		mutation.apply(&mut candidate);
	}
	let verdict = verify_candidate(&fixture.relay, &candidate);
	if verdict.is_ok() {
		assert_honest_choices(&candidate);
	}
	if candidate == fixture.honest {
		assert!(verdict.is_ok(), "honest candidate refused: {verdict:?}");
	}
	assert_accepted_candidate_is_honest(&candidate);
}

/// Asserts that an accepted `candidate` differs from the honest one only where an honest
/// receiver has a choice: it may consume, per sender, a prefix of the batches pending (each
/// whole, see [`committed`]), leaving none sent at or below its watermark, which it may set
/// anywhere from the recorded one to its relay parent; its cursors are then those the batches reach. Everything else (para, relay
/// parent, egress, block-list changes) is the honest one's.
fn assert_honest_choices(candidate: &Candidate) {
	let fixture = candidate_fixture();
	let honest = &fixture.honest;
	assert_eq!(
		(candidate.para, candidate.relay_parent, &candidate.egress),
		(honest.para, honest.relay_parent, &honest.egress),
		"accepted with another para, relay parent or egress: {candidate:?}"
	);
	assert_eq!(candidate.ingress.block_list_changes, honest.ingress.block_list_changes);
	let watermark = candidate.ingress.watermark;
	let recorded = fixture.relay.watermark(candidate.para);
	let allowed = recorded..=candidate.relay_parent;
	assert!(allowed.contains(&watermark), "watermark {watermark} accepted: {candidate:?}");

	let consumed = committed(&fixture.relay, candidate).consumed;
	let pending = committed(&fixture.relay, honest).consumed;
	let senders = [A, C].map(para);
	assert!(
		consumed.iter().all(|batch| senders.contains(&batch.sender)),
		"batch from a sender with nothing pending accepted: {candidate:?}"
	);
	let mut expected_cursors = Vec::new();
	for sender in senders {
		let taken: Vec<&RoutedBatch> = consumed.iter().filter(|b| b.sender == sender).collect();
		let offered: Vec<&RoutedBatch> = pending.iter().filter(|b| b.sender == sender).collect();
		assert!(offered.starts_with(&taken), "batches from {sender:?} forged: {candidate:?}");
		// A batch left for later must have been recorded after the watermark: digests are keyed
		// by the relay block that recorded a batch, not by its `sent_at` (`docs/PROTOCOL.md`,
		// "Watermark").
		let recorded_at = |batch: &RoutedBatch| {
			let awaited = fixture.relay.awaited_batch(sender, batch.entry.sent_at, candidate.para);
			awaited.map(|awaited| awaited.recorded_at)
		};
		for left in &offered[taken.len()..] {
			assert!(
				recorded_at(left).is_some_and(|at| at > watermark),
				"batch left below watermark: {candidate:?}"
			);
		}
		if let Some(last) = taken.last() {
			let cursor = last.entry.cursor_after();
			expected_cursors.push(IngressCursor {
				sender,
				last_nonce: cursor.last_nonce,
				mqc_head: cursor.mqc_head,
				rejected: fixture.relay.blocks(candidate.para, sender),
			});
		}
	}
	assert_eq!(candidate.ingress.cursors.to_vec(), expected_cursors, "cursors accepted");
	assert_eq!(candidate.ingress.ingress_root, ingress_root(&expected_cursors));
}
