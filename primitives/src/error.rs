//! Every way a batch, a proof or a commitment can be wrong.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::{Nonce, ParaId};

/// Why a trie proof did not verify. Mirrors `trie-db`'s proof errors, without their payloads.
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
pub enum ProofFailure {
	/// The proof's nodes hash to a different root than the one recorded.
	RootMismatch,
	/// The proof shows a different value (or a value where absence was claimed, or absence
	/// where a value was claimed) under the key.
	ValueMismatch,
	/// The proof lacks nodes needed to reach the key.
	Incomplete,
	/// The proof has nodes, values or hashes that a compact proof omits.
	Extraneous,
	/// A proof node could not be decoded.
	Malformed,
	/// The statement checked names the same key twice.
	DuplicateKey,
}

/// Why a routed batch, a proof or a commitment was refused.
///
/// `index` fields count from 0 within the batch's messages or the commitment's list.
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
pub enum VerificationError {
	/// The batch carries no message.
	EmptyBatch,
	/// The entry's nonce range is malformed: `first_nonce` is zero or above `last_nonce`.
	MalformedEntry {
		/// Position of the entry in its commitment (0 for a routed batch's entry).
		index: u32,
	},
	/// The batch starts at or below the receiver's cursor: its messages were consumed already.
	Replay {
		/// The receiver's last consumed nonce.
		cursor: Nonce,
		/// The batch's first nonce.
		first_nonce: Nonce,
	},
	/// The batch starts beyond the nonce after the receiver's cursor: messages are missing.
	Gap {
		/// The nonce the batch must start at.
		expected: Nonce,
		/// The batch's first nonce.
		first_nonce: Nonce,
	},
	/// The number of messages differs from the entry's nonce range.
	CountMismatch {
		/// Messages the entry commits to.
		expected: u64,
		/// Messages the batch carries.
		found: u64,
	},
	/// The batch has more messages than the channel may hold.
	BatchOverCapacity {
		/// Messages in the batch.
		count: u64,
		/// The channel's `max_capacity`.
		max: u32,
	},
	/// The batch has more payload bytes than the channel may hold.
	BatchOverSize {
		/// Payload bytes in the batch.
		bytes: u64,
		/// The channel's `max_total_size`.
		max: u32,
	},
	/// A message's sender is not the batch's sender.
	WrongSender {
		/// The message's index in the batch.
		index: u32,
		/// The sender the message names.
		sender: ParaId,
	},
	/// A message is for another parachain than the one verifying it.
	WrongDestination {
		/// The message's index in the batch.
		index: u32,
		/// The destination the message names.
		destination: ParaId,
	},
	/// A message's nonce is not its position in the entry's nonce range (reordered, duplicated or
	/// skipped within the batch).
	NonceOutOfOrder {
		/// The message's index in the batch.
		index: u32,
		/// The nonce at that position.
		expected: Nonce,
		/// The nonce the message carries.
		found: Nonce,
	},
	/// A message's `sent_at` differs from its entry's.
	SentAtMismatch {
		/// The message's index in the batch.
		index: u32,
	},
	/// A message's payload is larger than the channel allows.
	MessageTooLarge {
		/// The message's index in the batch.
		index: u32,
		/// Its payload length.
		size: u32,
		/// The channel's `max_message_size`.
		max: u32,
	},
	/// The messages' payload bytes do not add up to the entry's `total_bytes`.
	TotalBytesMismatch,
	/// The messages do not hash to the entry's batch root.
	BatchRootMismatch,
	/// The messages do not extend the receiver's MQC head to the entry's head.
	MqcHeadMismatch,
	/// The entry's proof does not verify against the sender's recorded egress root.
	InvalidEntryProof(ProofFailure),
	/// A message proof's path does not lead from the message's payload hash to its entry's
	/// batch root ([`verify_batch_message`](crate::verify_batch_message)).
	InvalidMessageProof,
	/// A commitment's list is not strictly sorted by para.
	EntriesNotSorted {
		/// Position of the first entry out of order.
		index: u32,
	},
	/// A commitment names the same destination twice.
	DuplicateDestination {
		/// Position of the second occurrence.
		index: u32,
	},
	/// Moved cursors are not strictly sorted by sender.
	CursorsNotSorted {
		/// Position of the first cursor out of order.
		index: u32,
	},
	/// Moved cursors name the same sender twice.
	DuplicateSender {
		/// Position of the second occurrence.
		index: u32,
	},
	/// A commitment has more entries than the protocol allows in one block.
	TooManyEntries,
	/// An egress commitment's entries do not hash to its egress root.
	EgressRootMismatch,
	/// An ingress commitment's cursors do not hash to its ingress root.
	IngressRootMismatch,
	/// A batch consumed by refusal carries messages. Nothing reads them, so a block must not
	/// carry them: its collator routes a refused batch as its entry and proof alone
	/// ([`RoutedBatch::refused`](crate::RoutedBatch::refused)).
	RefusedBatchCarriesMessages {
		/// How many it carries.
		count: u32,
	},
	/// A message shown against a batch has a nonce outside the batch's entry's range
	/// ([`verify_batch_message`](crate::verify_batch_message)).
	NonceOutsideBatch {
		/// The message's nonce.
		nonce: Nonce,
	},
}
