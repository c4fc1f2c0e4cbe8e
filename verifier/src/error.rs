//! Why a candidate is rejected.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use xcmp_primitives::{Nonce, ParaId, RelayBlockNumber, VerificationError, H256};

/// Why a candidate is invalid ([`crate::validate_candidate`]) or is not included
/// ([`crate::check_inclusion`]). Each names the offending entry (its `index` in the egress
/// commitment's entries), batch (its `index` among the consumed batches), cursor or para.
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
pub enum CandidateError {
	/// The egress commitment is malformed: entries unsorted, duplicated or malformed, or not
	/// hashing to the egress root.
	InvalidEgressCommitment(VerificationError),
	/// An entry sends to the candidate's own para.
	SendToSelf {
		/// The entry.
		index: u32,
	},
	/// An entry sends where the sender has no open channel.
	NoChannel {
		/// The entry.
		index: u32,
		/// Its destination.
		destination: ParaId,
	},
	/// An entry sends over a channel that is closing or closed.
	ChannelClosing {
		/// The entry.
		index: u32,
		/// Its destination.
		destination: ParaId,
	},
	/// An entry sends to a destination that blocks the sender.
	DestinationBlocksSender {
		/// The entry.
		index: u32,
		/// Its destination.
		destination: ParaId,
	},
	/// An entry's `sent_at` is not the candidate's relay parent.
	EgressSentAtMismatch {
		/// The entry.
		index: u32,
	},
	/// The candidate sends, but its relay parent is not after that of the sender's last
	/// recorded egress, under which its root would be filed.
	EgressRelayParentNotAdvanced {
		/// Relay parent of the last recorded egress.
		last: RelayBlockNumber,
	},
	/// An entry's first nonce leaves a gap after the channel's last committed nonce.
	EgressNonceGap {
		/// The entry.
		index: u32,
		/// The nonce it must start at.
		expected: Nonce,
		/// The nonce it starts at.
		first_nonce: Nonce,
	},
	/// An entry's first nonce was committed already.
	EgressNonceReplay {
		/// The entry.
		index: u32,
		/// The nonce it must start at.
		expected: Nonce,
		/// The nonce it starts at.
		first_nonce: Nonce,
	},
	/// An entry would leave more messages pending on its channel than the channel holds.
	ChannelOverCapacity {
		/// The entry.
		index: u32,
		/// Messages pending after it.
		pending: u64,
		/// The channel's capacity.
		max: u32,
	},
	/// An entry's batch has more payload bytes than its channel holds.
	ChannelOverSize {
		/// The entry.
		index: u32,
		/// The batch's bytes.
		bytes: u32,
		/// The channel's `max_total_size`.
		max: u32,
	},
	/// The ingress commitment is malformed: cursors unsorted or duplicated, or not hashing to the
	/// ingress root.
	InvalidIngressCommitment(VerificationError),
	/// A consumed batch claims to come from the candidate's own para.
	IngressFromSelf {
		/// The batch.
		index: u32,
	},
	/// A consumed batch comes from a para with no open channel to the candidate's para.
	IngressNoChannel {
		/// The batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
	},
	/// A consumed batch names a sender block whose egress root the relay does not hold: never
	/// recorded, or already pruned because the batch was consumed.
	UnknownEgressRoot {
		/// The batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
		/// The `sent_at` it claims.
		sent_at: RelayBlockNumber,
	},
	/// A consumed batch failed verification against the recorded root and cursor.
	InvalidBatch {
		/// The batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
		/// Why.
		error: VerificationError,
	},
	/// Refusing a batch would open more separate refused ranges on its channel than the relay
	/// holds ([`MAX_REFUSED_RANGES`](xcmp_primitives::limits::MAX_REFUSED_RANGES)) before the
	/// sender has seen them: the receiver must wait for the sender's next block.
	TooManyRefusedRanges {
		/// The batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
	},
	/// The candidate consumes batches of one sender some accepted and some refused (a batch
	/// that breaks its channel's limits among accepted ones): one cursor per sender records
	/// whether its move was refused, so a block consumes all of a sender's batches alike, and
	/// the rest wait for the next block.
	MixedConsumption {
		/// The first batch consumed unlike the sender's earlier ones.
		index: u32,
		/// Its sender.
		sender: ParaId,
	},
	/// A committed cursor differs from the one the consumed batches reach (nonce, head or
	/// `rejected` flag).
	CursorMismatch {
		/// The channel's sender.
		sender: ParaId,
	},
	/// The commitment moves a cursor that no consumed batch moved.
	CursorNotMoved {
		/// The channel's sender.
		sender: ParaId,
	},
	/// Consumed batches moved a cursor the commitment does not name.
	CursorMissing {
		/// The channel's sender.
		sender: ParaId,
	},
	/// The watermark is behind the one recorded.
	WatermarkBehind {
		/// The committed watermark.
		watermark: RelayBlockNumber,
		/// The recorded one.
		recorded: RelayBlockNumber,
	},
	/// The watermark is ahead of the candidate's relay parent.
	WatermarkAhead {
		/// The committed watermark.
		watermark: RelayBlockNumber,
		/// The relay parent.
		relay_parent: RelayBlockNumber,
	},
	/// A batch the relay recorded for the para at or before the new watermark was not consumed.
	UnprocessedBatch {
		/// Its sender.
		sender: ParaId,
		/// The relay block that recorded it.
		recorded_at: RelayBlockNumber,
	},
	/// A block-list change names the candidate's own para.
	BlockListChangeOfSelf {
		/// The change's position.
		index: u32,
	},
	// Appended after the first release's variants, so that their encoding stays.
	/// The candidate is included in a relay block that is not after its relay parent. The relay
	/// that includes it checks this ([`apply_update`](crate::apply_update) records at the
	/// including block, which must be above every watermark a candidate may commit).
	RelayParentNotBeforeInclusion {
		/// The relay parent.
		relay_parent: RelayBlockNumber,
		/// The relay block including it.
		included_at: RelayBlockNumber,
	},
	/// The relay's records link a digest of the para they do not hold: inconsistent records
	/// (their invariants, `try_state`, rule it out), refused rather than passed.
	DigestMissing {
		/// The relay block of the digest.
		recorded_at: RelayBlockNumber,
	},
	/// The candidate consumes more than
	/// [`MAX_BATCHES_PER_BLOCK`](xcmp_primitives::limits::MAX_BATCHES_PER_BLOCK) batches, more
	/// than its commitments may name. An honest ingress pallet takes no more
	/// (`MaxBatchesPerInherent` is within it).
	TooManyConsumedBatches {
		/// The batches it consumes.
		count: u32,
	},
	/// The candidate is included more than
	/// [`MAX_RELAY_PARENT_AGE`](xcmp_primitives::limits::MAX_RELAY_PARENT_AGE) relay blocks after
	/// its relay parent ([`check_relay_parent`](crate::check_relay_parent)).
	RelayParentTooOld {
		/// The relay parent.
		relay_parent: RelayBlockNumber,
		/// The relay block including it.
		included_at: RelayBlockNumber,
	},
	/// The channel's sender already committed its last nonce (`u64::MAX`): no batch can follow.
	ChannelNoncesExhausted {
		/// The entry's position.
		index: u32,
		/// The entry's destination.
		destination: ParaId,
	},
	/// A block-list change would leave the para blocking more than
	/// [`MAX_BLOCKED_SENDERS`](xcmp_primitives::limits::MAX_BLOCKED_SENDERS) senders, which
	/// the relay does not keep. An honest receiver's ingress pallet blocks no more
	/// (`MaxBlockedSenders` is at most the ceiling).
	TooManyBlockedSenders {
		/// The change's position.
		index: u32,
	},
	/// The candidate does not build on its para's last included block: its parent head is not
	/// the head the relay recorded.
	ParentHeadMismatch {
		/// The head the relay recorded.
		recorded: H256,
		/// The head the candidate builds on.
		parent_head: H256,
	},
	/// A consumed batch was recorded by the relay in a block after the candidate's relay
	/// parent: the block could not have proven it from its relay parent's state.
	BatchRecordedAfterRelayParent {
		/// The batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
		/// The `sent_at` it names.
		sent_at: RelayBlockNumber,
		/// The relay block that recorded it.
		recorded_at: RelayBlockNumber,
	},
	/// A consumed batch is not one the relay awaits for the para: its sender's egress at
	/// `sent_at` is not held, has no batch to the para, or one with other nonces.
	UnrecordedBatch {
		/// The batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
		/// The `sent_at` it names.
		sent_at: RelayBlockNumber,
	},
	/// A consumed batch does not start right after the channel's cursor: the cursor as
	/// recorded, or as the candidate's earlier batches from the sender moved it.
	ConsumedOutOfOrder {
		/// The batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
		/// The nonce it should start at.
		expected: Nonce,
		/// The nonce it starts at.
		first_nonce: Nonce,
	},
	/// The candidate accepts batches from a sender its para blocks: they must be refused.
	AcceptedFromBlockedSender {
		/// The first such batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
	},
	/// The candidate accepts batches on a channel all of whose pending batches had expired at
	/// its relay parent (the relay records the latest deadline among them): they must be
	/// refused.
	AcceptedExpiredBatch {
		/// The first such batch.
		index: u32,
		/// Its sender.
		sender: ParaId,
	},
	/// The validated head's digest does not carry exactly one egress root, the commitments'
	/// ([`crate::CandidateCommitments::check_head_digest`]).
	HeadEgressRootMismatch,
	/// The validated head's digest does not carry exactly one ingress commitment hash, that of
	/// the commitments' ingress side and consumed batches
	/// ([`crate::CandidateCommitments::check_head_digest`]).
	HeadIngressCommitmentMismatch,
}
