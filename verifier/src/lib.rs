//! # XCMP verifier
//!
//! What relay-chain validators and the relay runtime check of a parachain candidate's XCMP part,
//! in the two steps Polkadot makes (`docs/PROTOCOL.md`, "Candidate validation", "Inclusion"). Pure and
//! `no_std`: a [`RelayView`] (what the relay chain recorded) goes in with the candidate; a
//! [`RelayUpdate`] to apply, or a [`CandidateError`] naming the offending entry, batch or para,
//! comes out.
//!
//! ## Validation
//!
//! Validators re-execute the candidate's block from its proof of validity: its ingress pallet
//! checks every batch the block carries. [`validate_candidate`] runs the same rules on the
//! reference model's [`Candidate`], which has no runtime: each consumed batch comes through an
//! open channel from a sender whose egress root the relay recorded at the batch's `sent_at`, and
//! is consumed from the cursor by [`xcmp_primitives::consume_batch`]; a candidate consumes all of
//! one sender's batches alike; the commitment's moved cursors are exactly those the batches
//! reach, with the right `rejected` flags. Its output, [`CandidateCommitments`], is all that
//! inclusion takes.
//!
//! ## Inclusion
//!
//! [`check_inclusion`] relates the commitments to the relay's records, and never sees a message.
//! Sender side: the egress entries are strictly sorted, well formed and hash to the egress root;
//! each destination is another para with an open channel that, as of the candidate's relay
//! parent, neither blocked the sender nor was closing (a candidate is included up to
//! [`MAX_RELAY_PARENT_AGE`](xcmp_primitives::limits::MAX_RELAY_PARENT_AGE) relay blocks after
//! its relay parent, [`check_relay_parent`]); each batch continues the channel's nonces exactly where the last recorded one
//! ended, is stamped with the candidate's relay parent, and keeps the channel within its limits;
//! and the sender's relay parent advanced since its last recorded egress (roots are keyed by it).
//! Receiver side: the candidate builds on its para's recorded head; each consumed batch, named by
//! sender, `sent_at` and nonces, is one the relay awaits for the para, recorded no later than
//! the relay parent, continuing its channel's cursor; a blocked sender's batches are refused; the
//! watermark is neither behind the recorded one nor ahead of the relay parent; and every batch the
//! relay recorded for this receiver up to the new watermark has been consumed. That last check is
//! the seed's "validators check that the candidate includes the processing of the expected
//! ingress".
//!
//! Block-list changes a candidate makes take effect from its next candidate on: within one
//! block, the block list is the relay view's. Applied in order, they may not leave the para
//! blocking more than [`MAX_BLOCKED_SENDERS`](xcmp_primitives::limits::MAX_BLOCKED_SENDERS)
//! senders; a change to what already holds (blocking a blocked sender, unblocking one not
//! blocked) changes nothing.
//!
//! ## The reference model
//!
//! [`InMemoryRelay`] keeps the relay's records in maps, and [`Outboxes`] the senders'
//! outboxes, with the candidates of honest blocks ([`Outboxes::send`],
//! [`receiving_candidate`]): together, honest histories for tests, simulators and fuzz targets,
//! which need no runtime. [`Outboxes`] works as well against a relay runtime's own records.
//!
//! ## Where the commitments come from
//!
//! With `std`, [`pov`] re-executes a candidate's block on its proof of validity, as a validator
//! does before it verifies the commitments the block leaves.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;

mod check;
mod error;
mod memory;
mod outboxes;
#[cfg(feature = "std")]
pub mod pov;
mod records;

pub use check::{check_inclusion, check_relay_parent, validate_candidate, verify_candidate};
pub use error::CandidateError;
pub use memory::InMemoryRelay;
pub use outboxes::{receiving_candidate, Outboxes};
pub use records::{apply_update, RelayRecords};
pub use xcmp_primitives::{
	relay_state::{PendingExpiry, RefusedRange},
	ConsumedBatch, ConsumedBatches,
};

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use xcmp_primitives::{
	ingress_commitment_hash,
	relay_state::{DigestSpan, ReceiverDigest},
	BlockListChange, ChannelCursor, ChannelLimits, EgressCommitment, IngressCommitment,
	IngressCursor, Nonce, ParaId, RelayBlockNumber, RoutedBatch, XcmpDigestItem, H256,
};

pub use xcmp_primitives as primitives;

/// What the relay chain recorded: as validation reads it (the block's relay-state proof is of
/// its relay parent), and as inclusion reads it (the records at the including block). The relay
/// runtime implements it over its storage; [`InMemoryRelay`] implements it over maps.
pub trait RelayView {
	/// Limits of the channel `sender -> receiver` that judge a batch sent at relay parent
	/// `sent_at` (those it had then, if they changed in place since), or `None` if there is no
	/// channel.
	fn channel(
		&self,
		sender: ParaId,
		receiver: ParaId,
		sent_at: RelayBlockNumber,
	) -> Option<ChannelLimits>;
	/// The relay block in which the channel `sender -> receiver` began to close, if it is
	/// closing: it takes no new batches from a block that saw it closing, but its receiver still
	/// consumes those committed.
	fn closing_since(&self, sender: ParaId, receiver: ParaId) -> Option<RelayBlockNumber>;
	/// Whether the channel `sender -> receiver` is closing.
	fn is_closing(&self, sender: ParaId, receiver: ParaId) -> bool {
		self.closing_since(sender, receiver).is_some()
	}
	/// The relay block that recorded `receiver` blocking `sender`, if it does.
	fn blocked_since(&self, receiver: ParaId, sender: ParaId) -> Option<RelayBlockNumber>;
	/// Whether `receiver` blocks `sender`.
	fn blocks(&self, receiver: ParaId, sender: ParaId) -> bool {
		self.blocked_since(receiver, sender).is_some()
	}
	/// How many senders `receiver` blocks: at most
	/// [`MAX_BLOCKED_SENDERS`](xcmp_primitives::limits::MAX_BLOCKED_SENDERS), which the verifier
	/// keeps.
	fn blocked_count(&self, receiver: ParaId) -> u32;
	/// The egress root `sender` committed at relay parent `sent_at`, while the relay keeps it.
	fn egress_root(&self, sender: ParaId, sent_at: RelayBlockNumber) -> Option<H256>;
	/// Relay parent of the last egress the relay recorded for `sender`.
	fn last_egress_at(&self, sender: ParaId) -> Option<RelayBlockNumber>;
	/// Last nonce `sender` committed on its channel to `receiver` (0 before the first).
	fn last_sent(&self, sender: ParaId, receiver: ParaId) -> Nonce;
	/// The cursor `receiver` reached on its channel from `sender`.
	fn cursor(&self, sender: ParaId, receiver: ParaId) -> ChannelCursor;
	/// The refused ranges held for the channel `sender -> receiver`, oldest first: what
	/// `receiver` consumed by refusal and `sender` has not seen yet.
	fn refused(&self, sender: ParaId, receiver: ParaId) -> Vec<RefusedRange>;
	/// When the batches pending on the channel `sender -> receiver` expire
	/// ([`PendingExpiry::Never`] if there is no channel).
	fn pending_expiry(&self, sender: ParaId, receiver: ParaId) -> PendingExpiry;
	/// The watermark `receiver` reached.
	fn watermark(&self, receiver: ParaId) -> RelayBlockNumber;
	/// The ends of `receiver`'s list of digests, if it has any.
	fn digest_span(&self, receiver: ParaId) -> Option<DigestSpan>;
	/// `receiver`'s digest for relay block `recorded_at`: the batches to it the relay recorded
	/// there that it has not consumed, if any.
	fn digest(&self, receiver: ParaId, recorded_at: RelayBlockNumber) -> Option<ReceiverDigest>;
	/// The batch to `receiver` in the egress `sender` committed at `sent_at`, while `receiver`
	/// has not consumed it; `None` otherwise.
	fn awaited_batch(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		receiver: ParaId,
	) -> Option<AwaitedBatch>;
	/// The hash of `para`'s last included block, its head; `None` before its first.
	fn head(&self, para: ParaId) -> Option<H256>;
}

/// A parachain block's XCMP part at protocol level: its commitments and the batches it consumed,
/// as its ingress inherent carried them. The reference model's stand-in for a block, which has
/// no runtime to re-execute: [`validate_candidate`] checks its batches as the block's ingress
/// pallet does, and gives the [`CandidateCommitments`] that inclusion takes.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct Candidate {
	/// The parachain that produced the candidate.
	pub para: ParaId,
	/// The candidate's relay parent number.
	pub relay_parent: RelayBlockNumber,
	/// What the block sent.
	pub egress: EgressCommitment,
	/// What the block consumed, as committed.
	pub ingress: IngressCommitment,
	/// The batches the block consumed, in the order it consumed them (from the block's ingress
	/// inherent). A batch from a sender the para blocks needs no messages.
	pub consumed: Vec<RoutedBatch>,
}

impl Candidate {
	/// What the block commits to, as inclusion takes it: building on `parent_head`, with head
	/// `head`, and its consumed batches by name.
	pub fn commitments(&self, parent_head: H256, head: H256) -> CandidateCommitments {
		CandidateCommitments {
			para: self.para,
			relay_parent: self.relay_parent,
			parent_head,
			head,
			egress: self.egress.clone(),
			ingress: self.ingress.clone(),
			// Validation refuses a candidate consuming more (`TooManyConsumedBatches`).
			consumed: ConsumedBatches::truncate_from(
				self.consumed.iter().map(ConsumedBatch::of).collect(),
			),
		}
	}
}

/// A batch the relay awaits for its receiver, as its sender's egress record holds it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AwaitedBatch {
	/// The batch's first nonce.
	pub first_nonce: Nonce,
	/// The batch's last nonce.
	pub last_nonce: Nonce,
	/// The relay block that recorded the egress.
	pub recorded_at: RelayBlockNumber,
}

impl AwaitedBatch {
	/// The batch to `receiver` among an egress record's awaited `batches` (destination, first
	/// and last nonce), recorded at `recorded_at`; `None` if it names none.
	pub fn find(
		batches: &[(ParaId, Nonce, Nonce)],
		receiver: ParaId,
		recorded_at: RelayBlockNumber,
	) -> Option<Self> {
		let (_, first_nonce, last_nonce) =
			batches.iter().find(|(destination, _, _)| *destination == receiver)?;
		Some(Self { first_nonce: *first_nonce, last_nonce: *last_nonce, recorded_at })
	}
}

/// What a validated candidate commits to, and everything the relay's inclusion sees of it
/// (`docs/PROTOCOL.md`, "Candidate validation"): heads, the egress commitment, the ingress
/// commitment and the batches consumed, by name. No message, batch or proof: validators checked
/// those when they validated the block. Every part is bounded, so decoding one costs little
/// whatever its encoding claims.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct CandidateCommitments {
	/// The parachain that produced the candidate.
	pub para: ParaId,
	/// The candidate's relay parent number.
	pub relay_parent: RelayBlockNumber,
	/// The hash of the head the block builds on.
	pub parent_head: H256,
	/// The hash of the block's own head.
	pub head: H256,
	/// What the block sent.
	pub egress: EgressCommitment,
	/// What the block consumed, as committed.
	pub ingress: IngressCommitment,
	/// The batches the block consumed, in the order it consumed them: at most
	/// [`MAX_BATCHES_PER_BLOCK`](xcmp_primitives::limits::MAX_BATCHES_PER_BLOCK).
	pub consumed: ConsumedBatches,
}

impl CandidateCommitments {
	/// Checks that `digest`, the digest of the head that validation returned for this
	/// candidate, commits to these commitments: it carries exactly one egress root, the egress
	/// commitment's, and exactly one ingress commitment hash, that of the ingress commitment
	/// and the consumed batches ([`xcmp_primitives::ingress_commitment_hash`]). With it, the
	/// commitments can travel beside the head that `validate_block` returns in wasm: the head
	/// commits to everything inclusion applies, so no validator needs the block's state to
	/// know them. The egress entries hash to their root and the cursors to theirs as
	/// [`validate_candidate`] checks.
	pub fn check_head_digest(&self, digest: &sp_runtime::Digest) -> Result<(), CandidateError> {
		let items: Vec<XcmpDigestItem> =
			digest.logs().iter().filter_map(XcmpDigestItem::from_digest_item).collect();
		let egress: Vec<H256> = items
			.iter()
			.filter_map(|item| match item {
				XcmpDigestItem::EgressRoot(root) => Some(*root),
				_ => None,
			})
			.collect();
		if egress != [self.egress.egress_root] {
			return Err(CandidateError::HeadEgressRootMismatch);
		}
		let ingress: Vec<H256> = items
			.iter()
			.filter_map(|item| match item {
				XcmpDigestItem::IngressCommitmentHash(hash) => Some(*hash),
				_ => None,
			})
			.collect();
		if ingress != [ingress_commitment_hash(&self.ingress, &self.consumed)] {
			return Err(CandidateError::HeadIngressCommitmentMismatch);
		}
		Ok(())
	}
}

/// An egress the relay records: its root, keyed by `(sender, sent_at)`, and the batches of it
/// that their destinations have not consumed yet. The record is dropped when none is left.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct RecordedEgress {
	/// The sender's relay parent when it committed: the key of the root.
	pub sent_at: RelayBlockNumber,
	/// The egress root.
	pub egress_root: H256,
	/// Per destination that has not consumed its batch yet, strictly sorted: the batch's first
	/// and last nonce.
	pub batches: Vec<(ParaId, Nonce, Nonce)>,
}

/// What the relay applies once it accepts a candidate. It holds no message.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct RelayUpdate {
	/// The candidate's para.
	pub para: ParaId,
	/// The candidate's relay parent number.
	pub relay_parent: RelayBlockNumber,
	/// The candidate's head, the para's head from now on.
	pub head: H256,
	/// The egress to record, if the block sent anything.
	pub egress: Option<RecordedEgress>,
	/// Per destination of the egress, strictly sorted: when its channel's pending batches expire
	/// once the egress is recorded.
	pub expiries: Vec<(ParaId, PendingExpiry)>,
	/// The receiver's moved cursors, strictly sorted by sender.
	pub cursors: Vec<IngressCursor>,
	/// The egress records the candidate consumed a batch from, as `(sender, sent_at)`, in the
	/// order it consumed them: the only ones the update can finish, so the only ones
	/// [`apply_update`] looks at.
	pub consumed_egress: Vec<(ParaId, RelayBlockNumber)>,
	/// The receiver's new watermark.
	pub watermark: RelayBlockNumber,
	/// Changes to the receiver's block list, in order.
	pub block_list_changes: Vec<BlockListChange>,
}
