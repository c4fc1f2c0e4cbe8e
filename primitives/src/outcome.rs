//! Message outcomes: what a receiver's block did with each message it processed, committed in
//! its header and proven to the message's sender from the head the relay chain keeps.
//!
//! A receiver block that processed messages deposits an [`XcmpDigestItem::OutcomeRoot`]: the
//! trie root of `{ SCALE(sender) => SCALE(Vec<(nonce, MessageOutcome)>) }`, one key per sender,
//! its outcomes in nonce order ([`outcome_root`]). The relay stores nothing for it: it already
//! keeps the hash of each parachain's last included header (`Heads`), and validators checked the
//! header when they re-executed the block. A sender's collator proves outcomes with an
//! [`OutcomeReport`]: the receiver's headers from the head the relay holds at the sender's relay
//! parent back through their parent hashes, and for each block with outcomes for the sender its
//! outcomes with a compact proof against the block's outcome root. [`verify_outcome_report`] is
//! the one check of a report.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::{traits::Hash as _, BoundedVec, Weight};

use crate::{
	trie::{prove, trie_root, verify},
	Hashing, Nonce, ParaId, ProofFailure, ProofGenerationError, TrieProof, XcmpDigestItem,
};

/// Most bytes of a failed message's error in its outcome.
pub const MAX_OUTCOME_ERROR_LEN: u32 = 32;
/// Most receiver headers one [`OutcomeReport`] may carry: outcomes from a block further behind
/// the receiver's head the sender's relay parent shows can no longer be reported.
pub const MAX_OUTCOME_HEADERS: u32 = 16;
/// Most outcomes one receiver block commits to, over all its senders; the ingress pallet stops
/// servicing its queue for the block when it reaches them.
pub const MAX_OUTCOMES_PER_BLOCK: u32 = 4096;

/// Most outcomes one ingress inherent may report, over all its reports: it bounds what the
/// sender's block spends taking them. A receiver block's outcomes for one sender always fit.
pub const MAX_OUTCOMES_PER_INHERENT: u32 = MAX_OUTCOMES_PER_BLOCK;

/// A failed message's error as its processor reported it, SCALE-encoded (for XCM,
/// `xcm::latest::InstructionError`); empty when the processor gives no reason, or its error does
/// not fit.
pub type OutcomeError = BoundedVec<u8, ConstU32<MAX_OUTCOME_ERROR_LEN>>;

/// What a receiver's block did with a message it processed.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum MessageOutcome {
	/// The processor executed it in full.
	#[codec(index = 0)]
	Executed,
	/// The processor ran it and it failed, with the processor's error.
	#[codec(index = 1)]
	Failed(OutcomeError),
	/// Parked: it needs more weight than the receiver's service can give in a block. The
	/// receiver's governance may execute it later; that is not reported.
	#[codec(index = 2)]
	Overweight {
		/// The weight it needs.
		required: Weight,
	},
	/// Parked: the processor could not process it (malformed, unsupported, or too deep).
	#[codec(index = 3)]
	Unprocessable,
}

impl MessageOutcome {
	/// A failure with `error` SCALE-encoded, or with no error if it encodes longer than
	/// [`MAX_OUTCOME_ERROR_LEN`].
	pub fn failed(error: &impl Encode) -> Self {
		Self::Failed(BoundedVec::try_from(error.encode()).unwrap_or_default())
	}
}

/// One sender's outcomes in one receiver block, in strictly increasing nonce order.
pub type SenderOutcomes = Vec<(Nonce, MessageOutcome)>;

/// A parachain header as the sender reads the receiver's: `sp_runtime`'s generic header with
/// `BlakeTwo256`. Its number is compact-encoded, so a chain numbering its blocks with `u32`
/// encodes its headers the same way.
pub type ParaHeader = sp_runtime::generic::Header<u64, Hashing>;

fn outcome_items(
	outcomes: &[(ParaId, SenderOutcomes)],
) -> impl Iterator<Item = (Vec<u8>, Vec<u8>)> + '_ {
	outcomes.iter().map(|(sender, outcomes)| (sender.encode(), outcomes.encode()))
}

/// Trie root of a block's outcomes: `{ SCALE(sender) => SCALE(outcomes) }`.
pub fn outcome_root(outcomes: &[(ParaId, SenderOutcomes)]) -> H256 {
	trie_root(outcome_items(outcomes))
}

/// Proves `sender`'s outcomes (or that it has none) against [`outcome_root`] of `outcomes`.
pub fn prove_outcomes(
	outcomes: &[(ParaId, SenderOutcomes)],
	sender: ParaId,
) -> Result<TrieProof, ProofGenerationError> {
	prove(outcome_items(outcomes), &[sender.encode()])
}

/// The outcome root a header's digest carries, if any (the first, if it carries several).
pub fn header_outcome_root(header: &ParaHeader) -> Option<H256> {
	header.digest.logs.iter().find_map(|item| match XcmpDigestItem::from_digest_item(item)? {
		XcmpDigestItem::OutcomeRoot(root) => Some(root),
		_ => None,
	})
}

/// One receiver block's outcomes for the sender, proven against its outcome root.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct ProvenOutcomes {
	/// The block's position in [`OutcomeReport::headers`].
	pub header_index: u32,
	/// The sender's outcomes in the block.
	pub outcomes: SenderOutcomes,
	/// Compact proof of them under the block's outcome root.
	pub proof: TrieProof,
}

/// Outcomes of one receiver's blocks for one sender, as its collator puts them in the sender's
/// ingress inherent.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct OutcomeReport {
	/// The receiver.
	pub receiver: ParaId,
	/// Its headers, newest first: the first hashes to the head the relay holds for it at the
	/// sender's relay parent, each next one to the parent hash of the one before.
	pub headers: Vec<ParaHeader>,
	/// The blocks with outcomes for the sender, oldest first (strictly decreasing
	/// `header_index`).
	pub blocks: Vec<ProvenOutcomes>,
}

/// Why an [`OutcomeReport`] was refused. `index` counts within [`OutcomeReport::headers`].
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum OutcomeReportError {
	/// The report has no header, or more than [`MAX_OUTCOME_HEADERS`].
	HeaderCount,
	/// The first header is not the receiver's head the relay holds (or the relay holds none).
	HeadMismatch,
	/// A header is not the parent of the one before it.
	BrokenAncestry {
		/// The header.
		index: u32,
	},
	/// A block is not older than the block before it in the report, or names no header.
	BlocksUnordered,
	/// A block reports no outcome, or its nonces do not increase strictly from the outcomes
	/// before them.
	NoncesUnordered,
	/// The block's header carries no outcome root.
	NoOutcomeRoot {
		/// The header.
		index: u32,
	},
	/// The proof does not show the outcomes under the block's outcome root.
	InvalidProof {
		/// The header.
		index: u32,
		/// How the proof failed.
		failure: ProofFailure,
	},
}

/// The sender side's intake of proven outcomes: the egress pallet, which the ingress pallet
/// hands the outcomes its inherent proved.
pub trait OutcomeSink {
	/// The last nonce to `destination` whose outcome was reported (0 for none): a report's
	/// outcomes must be past it.
	fn reported_through(destination: ParaId) -> Nonce;
	/// Takes `outcomes` of messages to `destination`, proven and in nonce order, each past
	/// [`OutcomeSink::reported_through`] and consumed by the receiver.
	fn note_outcomes(destination: ParaId, outcomes: SenderOutcomes);
	/// Weight of [`OutcomeSink::note_outcomes`] taking `outcomes` outcomes of one destination.
	fn note_outcomes_weight(outcomes: u32) -> Weight;
}

impl OutcomeSink for () {
	fn reported_through(_: ParaId) -> Nonce {
		0
	}

	fn note_outcomes(_: ParaId, _: SenderOutcomes) {}

	fn note_outcomes_weight(_: u32) -> Weight {
		Weight::zero()
	}
}

/// Checks `report` against `head`, the hash of the receiver's last included header the relay
/// holds at the sender's relay parent, and returns `sender`'s outcomes in it, in nonce order.
pub fn verify_outcome_report(
	report: &OutcomeReport,
	head: H256,
	sender: ParaId,
) -> Result<SenderOutcomes, OutcomeReportError> {
	use OutcomeReportError as E;
	let headers = &report.headers;
	if headers.is_empty() || headers.len() > MAX_OUTCOME_HEADERS as usize {
		return Err(E::HeaderCount);
	}
	let hashes: Vec<H256> = headers.iter().map(Hashing::hash_of).collect();
	if hashes.first() != Some(&head) {
		return Err(E::HeadMismatch);
	}
	for (index, pair) in headers.windows(2).enumerate() {
		if let [child, parent] = pair {
			if child.parent_hash != hashes.get(index + 1).copied().unwrap_or_default()
				|| parent.number.checked_add(1) != Some(child.number)
			{
				return Err(E::BrokenAncestry { index: index as u32 + 1 });
			}
		}
	}
	let mut outcomes: SenderOutcomes = Vec::new();
	let mut previous_index: Option<u32> = None;
	for block in &report.blocks {
		let index = block.header_index;
		if previous_index.is_some_and(|previous| index >= previous) {
			return Err(E::BlocksUnordered);
		}
		previous_index = Some(index);
		let header = headers.get(index as usize).ok_or(E::BlocksUnordered)?;
		let mut last = outcomes.last().map(|(nonce, _)| *nonce);
		if block.outcomes.is_empty() {
			return Err(E::NoncesUnordered);
		}
		for (nonce, _) in &block.outcomes {
			if last.is_some_and(|last| *nonce <= last) {
				return Err(E::NoncesUnordered);
			}
			last = Some(*nonce);
		}
		let root = header_outcome_root(header).ok_or(E::NoOutcomeRoot { index })?;
		verify(&root, &block.proof, &[(sender.encode(), Some(block.outcomes.encode()))])
			.map_err(|failure| E::InvalidProof { index, failure })?;
		outcomes.extend(block.outcomes.iter().cloned());
	}
	Ok(outcomes)
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::{traits::Header as _, Digest};

	fn para(id: u32) -> ParaId {
		ParaId::from(id)
	}

	fn header(number: u64, parent: H256, outcomes: &[(ParaId, SenderOutcomes)]) -> ParaHeader {
		let mut digest = Digest::default();
		digest.push(XcmpDigestItem::EgressRoot(H256::repeat_byte(7)).to_digest_item());
		if !outcomes.is_empty() {
			digest.push(XcmpDigestItem::OutcomeRoot(outcome_root(outcomes)).to_digest_item());
		}
		ParaHeader::new(number, H256::zero(), H256::repeat_byte(1), parent, digest)
	}

	fn failed() -> MessageOutcome {
		MessageOutcome::failed(&(2u8, 21u8))
	}

	/// Three blocks of receiver 2000: the oldest with outcomes for 1000 and 1001, the middle
	/// with none, the newest with 1000's nonce 4 only.
	fn chain() -> (Vec<ParaHeader>, Vec<Vec<(ParaId, SenderOutcomes)>>) {
		let blocks = vec![
			vec![
				(para(1000), vec![(1, MessageOutcome::Executed), (2, failed())]),
				(para(1001), vec![(9, MessageOutcome::Unprocessable)]),
			],
			vec![],
			vec![(
				para(1000),
				vec![(4, MessageOutcome::Overweight { required: Weight::from_parts(5, 6) })],
			)],
		];
		let mut headers: Vec<ParaHeader> = Vec::new();
		for (number, outcomes) in blocks.iter().enumerate() {
			let parent = headers.last().map(|h| h.hash()).unwrap_or_default();
			headers.push(header(number as u64 + 10, parent, outcomes));
		}
		headers.reverse();
		(headers, blocks)
	}

	fn report(headers: Vec<ParaHeader>, blocks: &[Vec<(ParaId, SenderOutcomes)>]) -> OutcomeReport {
		let proven = |header_index: u32, block: &Vec<(ParaId, SenderOutcomes)>| ProvenOutcomes {
			header_index,
			outcomes: block.iter().find(|(s, _)| *s == para(1000)).unwrap().1.clone(),
			proof: prove_outcomes(block, para(1000)).unwrap(),
		};
		OutcomeReport {
			receiver: para(2000),
			headers,
			blocks: vec![proven(2, &blocks[0]), proven(0, &blocks[2])],
		}
	}

	#[test]
	fn a_report_proves_the_sender_s_outcomes_in_order_from_the_head() {
		let (headers, blocks) = chain();
		let head = headers[0].hash();
		let report = report(headers, &blocks);
		let outcomes = verify_outcome_report(&report, head, para(1000)).unwrap();
		assert_eq!(outcomes.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1, 2, 4]);
		assert_eq!(outcomes[1].1, failed());
		// Each outcome encodes small: a failure with a two-byte error is four bytes.
		assert_eq!(failed().encode().len(), 4);
		// Another sender's key does not prove 1000's outcomes.
		assert!(matches!(
			verify_outcome_report(&report, head, para(1001)),
			Err(OutcomeReportError::InvalidProof { index: 2, .. })
		));
	}

	#[test]
	fn forged_reordered_or_unanchored_reports_are_refused() {
		use OutcomeReportError as E;
		let (headers, blocks) = chain();
		let head = headers[0].hash();
		let good = report(headers, &blocks);
		let check = |r: &OutcomeReport| verify_outcome_report(r, head, para(1000));

		// Not the relay's head.
		assert_eq!(
			verify_outcome_report(&good, H256::repeat_byte(3), para(1000)),
			Err(E::HeadMismatch)
		);
		// A header that is not its child's parent.
		let mut r = good.clone();
		r.headers[1].state_root = H256::repeat_byte(9);
		assert_eq!(check(&r), Err(E::BrokenAncestry { index: 1 }));
		// No header, too many.
		let mut r = good.clone();
		r.headers.clear();
		assert_eq!(check(&r), Err(E::HeaderCount));
		// A forged outcome: executed where the block says failed.
		let mut r = good.clone();
		r.blocks[0].outcomes[1].1 = MessageOutcome::Executed;
		assert!(matches!(check(&r), Err(E::InvalidProof { index: 2, .. })));
		// An outcome left out of a block's list.
		let mut r = good.clone();
		r.blocks[0].outcomes.pop();
		assert!(matches!(check(&r), Err(E::InvalidProof { index: 2, .. })));
		// Blocks newest first, or the same block twice.
		let mut r = good.clone();
		r.blocks.reverse();
		assert_eq!(check(&r), Err(E::BlocksUnordered));
		let mut r = good.clone();
		r.blocks[1] = r.blocks[0].clone();
		assert_eq!(check(&r), Err(E::BlocksUnordered));
		// A block past the headers.
		let mut r = good.clone();
		r.blocks.truncate(1);
		r.blocks[0].header_index = 3;
		assert_eq!(check(&r), Err(E::BlocksUnordered));
		// A block without outcomes, a header without an outcome root.
		let mut r = good.clone();
		r.blocks[1].outcomes.clear();
		assert_eq!(check(&r), Err(E::NoncesUnordered));
		let mut r = good.clone();
		r.blocks.truncate(1);
		r.blocks[0].header_index = 1;
		assert_eq!(check(&r), Err(E::NoOutcomeRoot { index: 1 }));
	}
}
