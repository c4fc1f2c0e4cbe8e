//! One honest routed batch, the mutations a cheating collator can apply to a batch, and the
//! oracle: a batch is accepted only if it carries exactly what the sender committed.

use std::{collections::BTreeMap, sync::OnceLock};

use arbitrary::Arbitrary;
use codec::{Decode, Encode};
use xcmp_primitives::{
	build_egress_entry, prove_egress_entries, verify_batch, verify_refused_batch, ChannelCursor,
	ChannelLimits, EgressCommitment, EgressEntry, Outbox, Payload, RoutedBatch, H256,
};

use crate::{para, payload, pick, relay_state::NodeMutation, ParaChoice, A, B, C};

/// The channel `A -> B`'s limits in the fixture.
pub const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 16, max_total_size: 1024, max_message_size: 128 };

/// Destinations of the fixture's second block besides [`B`]: enough keys for the egress trie to
/// have branches (2001 shares its first nibble with 2000 in SCALE), so proofs have several nodes.
const OTHER_DESTINATIONS: [u32; 3] = [2001, C, 4000];

/// `A`'s second block: a batch to [`B`] that continues a channel already consumed once.
pub struct BatchFixture {
	/// The egress root the relay recorded for `A`'s second block.
	pub egress_root: H256,
	/// `B`'s cursor on the channel `A -> B` before the batch (after `A`'s first block).
	pub cursor: ChannelCursor,
	/// The honest batch for `B`.
	pub batch: RoutedBatch,
	/// Other batches the same sender's collators serve: the rest of the second block (real
	/// proofs for other keys under the same root) and the first block's batch to `B` (a replay,
	/// proven under another root).
	pub others: Vec<RoutedBatch>,
}

/// The fixture, built on first use.
pub fn batch_fixture() -> &'static BatchFixture {
	static FIXTURE: OnceLock<BatchFixture> = OnceLock::new();
	FIXTURE.get_or_init(build_batch_fixture)
}

fn build_batch_fixture() -> BatchFixture {
	let mut outbox = Outbox::new(para(A));
	let first: BTreeMap<_, _> = [(para(B), vec![payload(1, 5), payload(2, 7)])].into();
	outbox.commit(1, first).expect("honest first block");
	let cursor = outbox.channel(para(B));
	let mut second: BTreeMap<_, Vec<Payload>> =
		[(para(B), vec![payload(3, 0), payload(4, 1), payload(5, 40)])].into();
	for (seed, destination) in (10..).zip(OTHER_DESTINATIONS) {
		second.insert(para(destination), vec![payload(seed, 9)]);
	}
	let commitment = outbox.commit(2, second).expect("honest second block");
	let route = |sent_at, destination| {
		outbox.route(sent_at, para(destination)).expect("the outbox holds every batch")
	};
	let batch = route(2, B);
	let mut others: Vec<RoutedBatch> =
		OTHER_DESTINATIONS.iter().map(|destination| route(2, *destination)).collect();
	others.push(route(1, B));
	let fixture = BatchFixture { egress_root: commitment.egress_root, cursor, batch, others };
	assert_eq!(
		verify_batch(para(B), &fixture.egress_root, &cursor, &LIMITS, &fixture.batch),
		Ok(fixture.batch.entry.cursor_after()),
		"the honest batch verifies"
	);
	fixture
}

/// What a batch commits its receiver to: everything but the proof, which only links it to the
/// root.
pub fn same_commitment(a: &RoutedBatch, b: &RoutedBatch) -> bool {
	a.sender == b.sender && a.entry == b.entry && a.messages == b.messages
}

/// One change a cheating collator makes to a routed batch. Indices wrap around the list they
/// pick from; a change with nothing to pick from is skipped.
#[derive(Arbitrary, Clone, Debug)]
pub enum BatchMutation {
	/// XOR one byte of a payload.
	FlipPayloadByte { message: u8, offset: u16, mask: u8 },
	/// Truncate a payload, or pad it with zeroes, to `len % 256` bytes.
	ResizePayload { message: u8, len: u8 },
	/// Rename a message's sender.
	SetSender { message: u8, sender: ParaChoice },
	/// Redirect a message.
	SetDestination { message: u8, destination: ParaChoice },
	/// Renumber a message.
	SetNonce { message: u8, nonce: u64 },
	/// Restamp a message.
	SetSentAt { message: u8, sent_at: u32 },
	/// Drop a message.
	DropMessage { message: u8 },
	/// Insert a copy of a message right after it.
	DuplicateMessage { message: u8 },
	/// Swap two messages.
	SwapMessages { a: u8, b: u8 },
	/// Rename the batch's sender (whose recorded root the receiver checks against).
	SetBatchSender { sender: ParaChoice },
	/// XOR one byte of the entry's encoding (89 bytes, 93 with a deadline); a flip that leaves
	/// no entry (the deadline's `Option` tag made invalid) changes nothing.
	FlipEntryByte { offset: u8, mask: u8 },
	/// Recompute the entry from the messages as they now are, from the honest cursor: what a
	/// forger must do for forged messages to pass every check but the proof.
	RebuildEntry,
	/// XOR one byte of a proof node.
	FlipProofByte { node: u8, offset: u16, mask: u8 },
	/// Truncate a proof node to `len % (its length + 1)` bytes.
	TruncateProofNode { node: u8, len: u16 },
	/// Append bytes to a proof node.
	PadProofNode { node: u8, bytes: Vec<u8> },
	/// Drop a proof node.
	DropProofNode { node: u8 },
	/// Insert a copy of a proof node right after it.
	DuplicateProofNode { node: u8 },
	/// Swap two proof nodes.
	SwapProofNodes { a: u8, b: u8 },
	/// Insert an arbitrary node at position `node`.
	InsertProofNode { node: u8, bytes: Vec<u8> },
	/// Take the proof of another batch the sender's collators serve.
	ProofFrom { other: u8 },
	/// Take the messages of another batch the sender's collators serve.
	MessagesFrom { other: u8 },
	/// Take another batch whole.
	ReplaceWith { other: u8 },
	/// Prove the entry in an egress trie the forger builds itself: a valid proof for another
	/// root.
	ProveInOwnTrie,
}

impl BatchMutation {
	/// Applies the change to `batch` for receiver `receiver`, whose cursor before the batch is
	/// `cursor`; `others` are the batches the forger can borrow from.
	pub fn apply(
		&self,
		batch: &mut RoutedBatch,
		receiver: xcmp_primitives::ParaId,
		cursor: &ChannelCursor,
		others: &[RoutedBatch],
	) {
		let messages = &mut batch.messages;
		let nodes = &mut batch.entry_proof.nodes;
		match self {
			Self::FlipPayloadByte { message, offset, mask } => {
				if let Some(m) = pick(messages.len(), *message) {
					let payload = &mut messages[m].payload;
					if let Some(i) = pick(payload.len(), *offset as u8) {
						payload[i] ^= mask;
					}
				}
			}
			Self::ResizePayload { message, len } => {
				if let Some(m) = pick(messages.len(), *message) {
					let mut bytes = messages[m].payload.to_vec();
					bytes.resize(usize::from(*len), 0);
					messages[m].payload = Payload::try_from(bytes).expect("within the bound");
				}
			}
			Self::SetSender { message, sender } => {
				if let Some(m) = pick(messages.len(), *message) {
					messages[m].sender = sender.id();
				}
			}
			Self::SetDestination { message, destination } => {
				if let Some(m) = pick(messages.len(), *message) {
					messages[m].destination = destination.id();
				}
			}
			Self::SetNonce { message, nonce } => {
				if let Some(m) = pick(messages.len(), *message) {
					messages[m].nonce = *nonce;
				}
			}
			Self::SetSentAt { message, sent_at } => {
				if let Some(m) = pick(messages.len(), *message) {
					messages[m].sent_at = *sent_at;
				}
			}
			Self::DropMessage { message } => {
				if let Some(m) = pick(messages.len(), *message) {
					messages.remove(m);
				}
			}
			Self::DuplicateMessage { message } => {
				if let Some(m) = pick(messages.len(), *message) {
					messages.insert(m + 1, messages[m].clone());
				}
			}
			Self::SwapMessages { a, b } => {
				if let (Some(a), Some(b)) = (pick(messages.len(), *a), pick(messages.len(), *b)) {
					messages.swap(a, b);
				}
			}
			Self::SetBatchSender { sender } => batch.sender = sender.id(),
			Self::FlipEntryByte { offset, mask } => {
				let mut encoded = batch.entry.encode();
				if let Some(i) = pick(encoded.len(), *offset) {
					encoded[i] ^= mask;
				}
				if let Ok(entry) = EgressEntry::decode(&mut &encoded[..]) {
					batch.entry = entry;
				}
			}
			Self::RebuildEntry => {
				if let Ok(entry) = build_egress_entry(cursor.mqc_head, messages) {
					batch.entry = entry;
				}
			}
			Self::FlipProofByte { node, offset, mask } => {
				NodeMutation::Flip { node: *node, offset: *offset, mask: *mask }.apply(nodes)
			}
			Self::TruncateProofNode { node, len } => {
				NodeMutation::Truncate { node: *node, len: *len }.apply(nodes)
			}
			Self::PadProofNode { node, bytes } => {
				NodeMutation::Pad { node: *node, bytes: bytes.clone() }.apply(nodes)
			}
			Self::DropProofNode { node } => NodeMutation::Drop(*node).apply(nodes),
			Self::DuplicateProofNode { node } => {
				if let Some(n) = pick(nodes.len(), *node) {
					nodes.insert(n + 1, nodes[n].clone());
				}
			}
			Self::SwapProofNodes { a, b } => {
				if let (Some(a), Some(b)) = (pick(nodes.len(), *a), pick(nodes.len(), *b)) {
					nodes.swap(a, b);
				}
			}
			Self::InsertProofNode { node, bytes } => {
				let at = usize::from(*node) % (nodes.len() + 1);
				nodes.insert(at, bytes.clone());
			}
			Self::ProofFrom { other } => {
				if let Some(o) = pick(others.len(), *other) {
					batch.entry_proof = others[o].entry_proof.clone();
				}
			}
			Self::MessagesFrom { other } => {
				if let Some(o) = pick(others.len(), *other) {
					batch.messages = others[o].messages.clone();
				}
			}
			Self::ReplaceWith { other } => {
				if let Some(o) = pick(others.len(), *other) {
					*batch = others[o].clone();
				}
			}
			Self::ProveInOwnTrie => {
				let own = EgressCommitment::new(vec![(receiver, batch.entry)]);
				if let Ok(proof) = own
					.map_err(|_| ())
					.and_then(|own| prove_egress_entries(&own.entries, &[receiver]).map_err(|_| ()))
				{
					batch.entry_proof = proof;
				}
			}
		}
	}
}

/// The input of the `verify_batch_mutations` target: a move of the receiver's cursor (the
/// relay's record, which the fuzzer may also vary) and the changes to the honest batch.
#[derive(Arbitrary, Clone, Debug)]
pub struct BatchMutations {
	/// Replaces the cursor's last nonce and XORs the first byte of its MQC head.
	pub cursor: Option<(u64, u8)>,
	/// Applied in order.
	pub mutations: Vec<BatchMutation>,
}

/// Applies `input` to the honest batch and checks both verifiers' verdicts: each may accept only
/// the batch the sender committed, from the cursor the relay recorded, and `verify_batch` must
/// accept it. Panics on a violation: that is a finding.
pub fn check_batch_mutations(input: &BatchMutations) {
	let fixture = batch_fixture();
	let mut cursor = fixture.cursor;
	if let Some((last_nonce, head_mask)) = input.cursor {
		cursor.last_nonce = last_nonce;
		cursor.mqc_head.0[0] ^= head_mask;
	}
	let mut batch = fixture.batch.clone();
	for mutation in &input.mutations {
		mutation.apply(&mut batch, para(B), &fixture.cursor, &fixture.others);
	}
	check_batch_verdicts(&cursor, &batch);
}

/// Runs both verifiers on `batch` from `cursor` against the egress root of the sender it names
/// and asserts the verdicts (see [`check_batch_mutations`]). A receiver reads the root the relay
/// recorded for the batch's sender, so the root, not the batch, binds the sender: the fixture's
/// root is its honest sender's, and any other sender committed nothing to the receiver here (the
/// empty egress root).
pub fn check_batch_verdicts(cursor: &ChannelCursor, batch: &RoutedBatch) {
	let fixture = batch_fixture();
	let honest_cursor = *cursor == fixture.cursor;
	let egress_root = if batch.sender == fixture.batch.sender {
		fixture.egress_root
	} else {
		EgressCommitment::empty().egress_root
	};
	let accepted = verify_batch(para(B), &egress_root, cursor, &LIMITS, batch);
	if let Ok(next) = accepted {
		assert!(
			honest_cursor && same_commitment(batch, &fixture.batch),
			"forged batch accepted from {cursor:?}: {batch:?}"
		);
		assert_eq!(next, fixture.batch.entry.cursor_after());
	}
	if honest_cursor && *batch == fixture.batch {
		assert!(accepted.is_ok(), "honest batch refused: {accepted:?}");
	}
	// A refused batch carries no message, and the receiver adopts the entry's MQC head: the
	// nonce range and the entry are what it commits to.
	if let Ok(next) = verify_refused_batch(para(B), &egress_root, cursor, batch) {
		assert!(
			cursor.last_nonce == fixture.cursor.last_nonce
				&& batch.sender == fixture.batch.sender
				&& batch.entry == fixture.batch.entry
				&& batch.messages.is_empty(),
			"forged refused batch accepted from {cursor:?}: {batch:?}"
		);
		assert_eq!(next, fixture.batch.entry.cursor_after());
	}
	if honest_cursor
		&& batch.sender == fixture.batch.sender
		&& batch.entry == fixture.batch.entry
		&& batch.entry_proof == fixture.batch.entry_proof
	{
		let refused = batch.clone().refused();
		assert_eq!(
			verify_refused_batch(para(B), &fixture.egress_root, cursor, &refused),
			Ok(fixture.batch.entry.cursor_after()),
			"honest refused batch refused"
		);
	}
}
