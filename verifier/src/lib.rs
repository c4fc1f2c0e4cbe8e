//! # XCMP verifier
//!
//! The module a relay-chain validator runs on every parachain candidate (`docs/PROTOCOL.md`,
//! "Acceptance"). Pure and `no_std`: a [`RelayView`] (what the relay chain recorded, as of the
//! candidate's relay parent) and a [`Candidate`] (its XCMP commitments and the batches its block
//! consumed) go in; a [`RelayUpdate`] to apply, or a [`CandidateError`] naming the offending
//! entry, batch or para, comes out. It never reads or stores a message body beyond checking it.
//!
//! ## What it checks
//!
//! Sender side ([`Candidate::egress`]): the entries are strictly sorted, well formed and hash to
//! the egress root; each destination is another para with an open channel that does not block the
//! sender and is not closing; each batch continues the channel's nonces exactly where the last recorded one ended, is
//! stamped with the candidate's relay parent, and keeps the channel within its limits; and the
//! sender's relay parent advanced since its last recorded egress (roots are keyed by it).
//!
//! Receiver side ([`Candidate::ingress`], [`Candidate::consumed`]): each consumed batch comes
//! through an open channel from a sender whose egress root the relay recorded at the batch's
//! `sent_at`, and is consumed from the recorded cursor on by [`xcmp_primitives::consume_batch`]:
//! accepted if it passes [`xcmp_primitives::verify_batch`], refused if the receiver blocks its
//! sender or if it is the sender's as committed but breaks the channel's limits; a candidate
//! consumes all of one sender's batches alike; the commitment's moved cursors are exactly those
//! the batches reach, with the right `rejected` flags; the
//! watermark is neither behind the recorded one nor ahead of the relay parent; and every batch
//! the relay recorded for this receiver up to the new watermark has been consumed. That last
//! check is the seed's "validators check that the candidate includes the processing of the
//! expected ingress".
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

pub use check::verify_candidate;
pub use error::CandidateError;
pub use memory::InMemoryRelay;
pub use outboxes::{receiving_candidate, Outboxes};
pub use records::{apply_update, RelayRecords};
pub use xcmp_primitives::relay_state::RefusedRange;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use xcmp_primitives::{
	BlockListChange, ChannelCursor, ChannelLimits, EgressCommitment, IngressCommitment,
	IngressCursor, Nonce, ParaId, RelayBlockNumber, RoutedBatch, H256,
};

pub use xcmp_primitives as primitives;

/// What the relay chain recorded, as of a candidate's relay parent. The relay runtime implements
/// it over its storage; [`InMemoryRelay`] implements it over maps.
pub trait RelayView {
	/// Limits of the open channel `sender -> receiver`, or `None` if there is none.
	fn channel(&self, sender: ParaId, receiver: ParaId) -> Option<ChannelLimits>;
	/// Whether the channel `sender -> receiver` is closing: it takes no new batches, but its
	/// receiver still consumes those committed.
	fn is_closing(&self, sender: ParaId, receiver: ParaId) -> bool;
	/// Whether `receiver` blocks `sender`.
	fn blocks(&self, receiver: ParaId, sender: ParaId) -> bool;
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
	/// The watermark `receiver` reached.
	fn watermark(&self, receiver: ParaId) -> RelayBlockNumber;
	/// The relay block in which `receiver`'s first inbound channel opened (`None` while it has
	/// had none): no batch to it is recorded before.
	fn first_inbound_at(&self, receiver: ParaId) -> Option<RelayBlockNumber>;
	/// The relay's digest for `receiver`: every batch to it that the relay recorded in relay
	/// blocks `(after, up_to]`, as `(recorded_at, sender, last_nonce)`. The verifier asks only
	/// for ranges from [`digests_from`](xcmp_primitives::relay_state::digests_from) of at most
	/// [`MAX_WATERMARK_ADVANCE`](xcmp_primitives::limits::MAX_WATERMARK_ADVANCE) blocks, so an
	/// implementation may read them block by block.
	fn sent_to(
		&self,
		receiver: ParaId,
		after: RelayBlockNumber,
		up_to: RelayBlockNumber,
	) -> Vec<(RelayBlockNumber, ParaId, Nonce)>;
}

/// A parachain candidate's XCMP part, as a validator sees it.
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
	/// The egress to record, if the block sent anything.
	pub egress: Option<RecordedEgress>,
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
