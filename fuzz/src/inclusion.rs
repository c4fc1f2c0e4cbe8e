//! The honest candidate's commitments, validated, then changed as a dishonest party handing them
//! to the relay would (heads, relay parent, the batches named, cursors, watermark), and the
//! oracle for what the relay's inclusion may accept: only batches it awaits for the para,
//! recorded no later than the relay parent, continuing each channel's recorded cursor, with every moved
//! cursor ending where the batches named end and a blocked sender's refused.

use arbitrary::Arbitrary;
use xcmp_primitives::{ingress_root, IngressCursor};
use xcmp_verifier::{
	check_inclusion, validate_candidate, CandidateCommitments, ConsumedBatches, RelayView,
};

use crate::{candidate::candidate_fixture, pick, ParaChoice};

/// One change to the honest commitments. Indices wrap around the list they pick from; a change
/// with nothing to pick from is skipped.
#[derive(Arbitrary, Clone, Debug)]
pub enum CommitmentMutation {
	/// Claim another relay parent.
	SetRelayParent(u32),
	/// XOR a byte of the parent head.
	FlipParentHead { offset: u8, mask: u8 },
	/// Claim another watermark.
	SetWatermark(u32),
	/// Name another sender for a consumed batch.
	SetConsumedSender { index: u8, sender: ParaChoice },
	/// Name another `sent_at` for a consumed batch.
	SetConsumedSentAt { index: u8, sent_at: u32 },
	/// Name other nonces for a consumed batch.
	SetConsumedNonces { index: u8, first_nonce: u64, last_nonce: u64 },
	/// Drop a consumed batch.
	DropConsumed(u8),
	/// Name a consumed batch twice.
	DuplicateConsumed(u8),
	/// Swap two consumed batches.
	SwapConsumed(u8, u8),
	/// Set a committed cursor's last nonce.
	SetCursorNonce { index: u8, last_nonce: u64 },
	/// Toggle a committed cursor's `rejected` flag.
	ToggleRejected(u8),
	/// Drop a committed cursor.
	DropCursor(u8),
	/// Recompute the ingress root over the cursors as they now are.
	RecommitIngress,
}

impl CommitmentMutation {
	/// Applies the change to `commitments`.
	pub fn apply(&self, commitments: &mut CandidateCommitments) {
		let mut consumed = commitments.consumed.to_vec();
		let cursors = commitments.ingress.cursors.as_mut();
		match self {
			Self::SetRelayParent(number) => commitments.relay_parent = *number,
			Self::FlipParentHead { offset, mask } => {
				let bytes = commitments.parent_head.as_bytes_mut();
				if let Some(i) = pick(bytes.len(), *offset) {
					bytes[i] ^= mask;
				}
			}
			Self::SetWatermark(number) => commitments.ingress.watermark = *number,
			Self::SetConsumedSender { index, sender } => {
				if let Some(i) = pick(consumed.len(), *index) {
					consumed[i].sender = sender.id();
				}
			}
			Self::SetConsumedSentAt { index, sent_at } => {
				if let Some(i) = pick(consumed.len(), *index) {
					consumed[i].sent_at = *sent_at;
				}
			}
			Self::SetConsumedNonces { index, first_nonce, last_nonce } => {
				if let Some(i) = pick(consumed.len(), *index) {
					consumed[i].first_nonce = *first_nonce;
					consumed[i].last_nonce = *last_nonce;
				}
			}
			Self::DropConsumed(index) => {
				if let Some(i) = pick(consumed.len(), *index) {
					consumed.remove(i);
				}
			}
			Self::DuplicateConsumed(index) => {
				if let Some(i) = pick(consumed.len(), *index) {
					consumed.insert(i + 1, consumed[i]);
				}
			}
			Self::SwapConsumed(a, b) => {
				if let (Some(a), Some(b)) = (pick(consumed.len(), *a), pick(consumed.len(), *b)) {
					consumed.swap(a, b);
				}
			}
			Self::SetCursorNonce { index, last_nonce } => {
				if let Some(i) = pick(cursors.len(), *index) {
					cursors[i].last_nonce = *last_nonce;
				}
			}
			Self::ToggleRejected(index) => {
				if let Some(i) = pick(cursors.len(), *index) {
					cursors[i].rejected = !cursors[i].rejected;
				}
			}
			Self::DropCursor(index) => {
				if let Some(i) = pick(cursors.len(), *index) {
					commitments.ingress.cursors.remove(i);
				}
			}
			Self::RecommitIngress => {
				commitments.ingress.ingress_root = ingress_root(&commitments.ingress.cursors);
			}
		}
		// A duplicate past the bound drops the last batch named, as a bounded encoding would.
		commitments.consumed = ConsumedBatches::truncate_from(consumed);
	}
}

/// Applies `mutations` to the honest candidate's validated commitments and checks them for
/// inclusion against the relay the fixture recorded: if they are included, they satisfy the
/// oracle; the honest commitments themselves are included.
pub fn check_commitment_mutations(mutations: &[CommitmentMutation]) {
	let fixture = candidate_fixture();
	let honest =
		validate_candidate(&fixture.relay, &fixture.honest).expect("the honest candidate is valid");
	check_inclusion(&fixture.relay, &honest).expect("the honest commitments are included");
	let mut commitments = honest;
	for mutation in mutations {
		mutation.apply(&mut commitments);
	}
	assert_included_commitments_are_honest(&commitments);
}

/// The oracle for any commitments the relay's inclusion accepts against the fixture's relay.
pub fn assert_included_commitments_are_honest(commitments: &CandidateCommitments) {
	let relay = &candidate_fixture().relay;
	let Ok(update) = check_inclusion(relay, commitments) else { return };
	let para = commitments.para;
	if let Some(head) = relay.head(para) {
		assert_eq!(commitments.parent_head, head, "included on another head");
	}
	for batch in &commitments.consumed {
		let awaited = relay.awaited_batch(batch.sender, batch.sent_at, para);
		let awaited = awaited.unwrap_or_else(|| panic!("{batch:?} not awaited"));
		assert_eq!(
			(awaited.first_nonce, awaited.last_nonce),
			(batch.first_nonce, batch.last_nonce)
		);
		assert!(awaited.recorded_at <= commitments.relay_parent, "{batch:?} recorded later");
	}
	for cursor in &update.cursors {
		let IngressCursor { sender, last_nonce, rejected, .. } = *cursor;
		let named: Vec<_> = commitments.consumed.iter().filter(|b| b.sender == sender).collect();
		let mut reached = relay.cursor(sender, para).last_nonce;
		for batch in &named {
			assert_eq!(batch.first_nonce, reached + 1, "{sender:?}'s batches out of order");
			reached = batch.last_nonce;
		}
		assert!(!named.is_empty(), "{sender:?}'s cursor moved without a batch");
		assert_eq!(last_nonce, reached, "{sender:?}'s cursor past its batches");
		if relay.blocks(para, sender) {
			assert!(rejected, "a blocked sender's batches accepted");
		}
	}
	let moved = |sender| update.cursors.iter().any(|c| c.sender == sender);
	assert!(commitments.consumed.iter().all(|b| moved(b.sender)), "a batch named, no cursor");
}
