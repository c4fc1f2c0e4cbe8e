//! What a parachain block commits to: egress entries and root on the sender side, moved cursors
//! and the watermark on the receiver side.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::BoundedVec;

use crate::{
	limits::{
		MAX_BATCHES_PER_BLOCK, MAX_BLOCK_LIST_CHANGES, MAX_CURSORS_PER_BLOCK,
		MAX_DESTINATIONS_PER_BLOCK, MAX_RELAY_PARENT_AGE,
	},
	trie::trie_root,
	ChannelCursor, Nonce, ParaId, RelayBlockNumber, RoutedBatch, VerificationError,
};

/// What one sender block committed for one destination: the batch of messages it queued there.
///
/// Stored as the value under key `SCALE(destination)` in the block's egress trie.
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
pub struct EgressEntry {
	/// Nonce of the batch's first message.
	pub first_nonce: Nonce,
	/// Nonce of the batch's last message (`>= first_nonce`).
	pub last_nonce: Nonce,
	/// Relay parent number of the block that queued the batch (`sent_at` of every message).
	pub sent_at: RelayBlockNumber,
	/// The relay block from which the batch is expired, if its sender gave it a deadline: a
	/// receiver block built on it or later consumes the batch by refusal
	/// ([`crate::RefusalReason::Expired`]), and its sender may reclaim it once no earlier
	/// receiver block can be included ([`Self::reclaimable`]).
	pub expires_at: Option<RelayBlockNumber>,
	/// The batch's [`batch_root`](crate::batch_root): the binary Merkle root of its payload
	/// hashes in nonce order.
	pub batch_root: H256,
	/// The channel's MQC head after the batch.
	pub mqc_head: H256,
	/// Sum of the batch's payload lengths in bytes.
	pub total_bytes: u32,
}

/// Whether a sender may reclaim its batch from `first_nonce`, expiring at `expires_at`, at relay
/// parent `relay_parent`, where the relay shows the receiver's cursor at `consumed`: the batch
/// expired, no receiver block built before it expired can still be included
/// ([`MAX_RELAY_PARENT_AGE`] relay blocks on, so the relay parent's state holds every such block
/// that was), and the receiver has not consumed it. Every later receiver block refuses it
/// ([`EgressEntry::expired_at`]), so a reclaimed batch is never dispatched.
pub fn batch_reclaimable(
	expires_at: Option<RelayBlockNumber>,
	first_nonce: Nonce,
	relay_parent: RelayBlockNumber,
	consumed: Nonce,
) -> bool {
	expires_at
		.is_some_and(|expires_at| relay_parent >= expires_at.saturating_add(MAX_RELAY_PARENT_AGE))
		&& consumed < first_nonce
}

impl EgressEntry {
	/// Number of messages the entry commits to, or `None` if its nonce range is malformed
	/// (`first_nonce` zero or above `last_nonce`).
	pub fn message_count(&self) -> Option<u64> {
		if self.first_nonce == 0 || self.first_nonce > self.last_nonce {
			return None;
		}
		Some(self.last_nonce - self.first_nonce + 1)
	}

	/// Whether a receiver block built on `relay_parent` must refuse the batch as expired.
	pub fn expired_at(&self, relay_parent: RelayBlockNumber) -> bool {
		self.expires_at.is_some_and(|expires_at| relay_parent >= expires_at)
	}

	/// Whether the sender may reclaim the batch at `relay_parent`, where the relay shows the
	/// receiver's cursor at `consumed` ([`batch_reclaimable`]).
	pub fn reclaimable(&self, relay_parent: RelayBlockNumber, consumed: Nonce) -> bool {
		batch_reclaimable(self.expires_at, self.first_nonce, relay_parent, consumed)
	}

	/// The cursor a receiver reaches by consuming this batch.
	pub fn cursor_after(&self) -> ChannelCursor {
		ChannelCursor { last_nonce: self.last_nonce, mqc_head: self.mqc_head }
	}
}

/// Egress entries of one block, sorted by destination, at most one per destination.
pub type EgressEntries = BoundedVec<(ParaId, EgressEntry), ConstU32<MAX_DESTINATIONS_PER_BLOCK>>;

/// The sender side of a candidate's commitments: the egress root and the entries it is made of.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct EgressCommitment {
	/// Trie root of `{ SCALE(destination) => SCALE(entry) }`.
	pub egress_root: H256,
	/// The entries, strictly sorted by destination.
	pub entries: EgressEntries,
}

impl EgressCommitment {
	/// Builds the commitment of a block from its entries in any order.
	///
	/// Fails on a duplicate destination, a malformed entry or more than
	/// [`MAX_DESTINATIONS_PER_BLOCK`] entries.
	pub fn new(mut entries: Vec<(ParaId, EgressEntry)>) -> Result<Self, VerificationError> {
		entries.sort_by_key(|(destination, _)| *destination);
		let entries =
			EgressEntries::try_from(entries).map_err(|_| VerificationError::TooManyEntries)?;
		let commitment = Self { egress_root: crate::egress_root(&entries), entries };
		commitment.check_entries()?;
		Ok(commitment)
	}

	/// The commitment of a block that sent nothing: the empty trie's root, no entries.
	pub fn empty() -> Self {
		Self { egress_root: crate::egress_root(&[]), entries: Default::default() }
	}

	/// Checks that the entries are strictly sorted, well formed and hash to `egress_root`.
	pub fn check(&self) -> Result<(), VerificationError> {
		self.check_entries()?;
		if crate::egress_root(&self.entries) != self.egress_root {
			return Err(VerificationError::EgressRootMismatch);
		}
		Ok(())
	}

	fn check_entries(&self) -> Result<(), VerificationError> {
		let mut previous: Option<ParaId> = None;
		for (index, (destination, entry)) in self.entries.iter().enumerate() {
			let index = index as u32;
			match previous {
				Some(p) if p == *destination => {
					return Err(VerificationError::DuplicateDestination { index })
				}
				Some(p) if p > *destination => {
					return Err(VerificationError::EntriesNotSorted { index })
				}
				_ => {}
			}
			if entry.message_count().is_none() {
				return Err(VerificationError::MalformedEntry { index });
			}
			previous = Some(*destination);
		}
		Ok(())
	}

	/// The entry for `destination`, if this block sent there.
	pub fn entry(&self, destination: ParaId) -> Option<&EgressEntry> {
		self.entries
			.binary_search_by_key(&destination, |(d, _)| *d)
			.ok()
			.and_then(|i| self.entries.get(i))
			.map(|(_, entry)| entry)
	}
}

/// A receiver's cursor for one sender after a block that moved it.
///
/// Stored as the value under key `SCALE(sender)` in the block's ingress trie.
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
pub struct IngressCursor {
	/// The sender whose channel moved.
	pub sender: ParaId,
	/// Last nonce consumed on the channel.
	pub last_nonce: Nonce,
	/// MQC head after that nonce.
	pub mqc_head: H256,
	/// Whether this block consumed the channel's messages by refusing them (the receiver blocks
	/// the sender) rather than dispatching them.
	pub rejected: bool,
}

impl IngressCursor {
	/// The cursor a receiver commits after consuming `batch`, accepted or (`rejected`) refused.
	pub fn after(batch: &RoutedBatch, rejected: bool) -> Self {
		Self {
			sender: batch.sender,
			last_nonce: batch.entry.last_nonce,
			mqc_head: batch.entry.mqc_head,
			rejected,
		}
	}

	/// The channel cursor part.
	pub fn cursor(&self) -> ChannelCursor {
		ChannelCursor { last_nonce: self.last_nonce, mqc_head: self.mqc_head }
	}
}

/// A change a receiver made to the set of senders it blocks.
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
pub enum BlockListChange {
	/// The receiver blocks this sender from now on.
	Blocked(ParaId),
	/// The receiver accepts this sender again.
	Unblocked(ParaId),
}

/// Cursors one block moved, strictly sorted by sender.
pub type MovedCursors = BoundedVec<IngressCursor, ConstU32<MAX_CURSORS_PER_BLOCK>>;
/// Block-list changes one block made, in the order it made them.
pub type BlockListChanges = BoundedVec<BlockListChange, ConstU32<MAX_BLOCK_LIST_CHANGES>>;

/// The receiver side of a candidate's commitments.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct IngressCommitment {
	/// The cursors this block moved, strictly sorted by sender.
	pub cursors: MovedCursors,
	/// Relay block number up to which everything sent to this parachain has been consumed.
	pub watermark: RelayBlockNumber,
	/// Changes to the block list made in this block.
	pub block_list_changes: BlockListChanges,
	/// Trie root of `{ SCALE(sender) => SCALE(cursor) }` over `cursors`.
	pub ingress_root: H256,
}

impl IngressCommitment {
	/// Builds the commitment of a block from its moved cursors in any order.
	pub fn new(
		mut cursors: Vec<IngressCursor>,
		watermark: RelayBlockNumber,
		block_list_changes: BlockListChanges,
	) -> Result<Self, VerificationError> {
		cursors.sort_by_key(|cursor| cursor.sender);
		let cursors =
			MovedCursors::try_from(cursors).map_err(|_| VerificationError::TooManyEntries)?;
		let commitment =
			Self { ingress_root: ingress_root(&cursors), cursors, watermark, block_list_changes };
		commitment.check_cursors()?;
		Ok(commitment)
	}

	/// The commitment of a block that moved no cursor and changed no block list: the empty
	/// trie's root, at `watermark`.
	pub fn empty(watermark: RelayBlockNumber) -> Self {
		Self {
			cursors: Default::default(),
			watermark,
			block_list_changes: Default::default(),
			ingress_root: ingress_root(&[]),
		}
	}

	/// Checks that the cursors are strictly sorted and hash to `ingress_root`.
	pub fn check(&self) -> Result<(), VerificationError> {
		self.check_cursors()?;
		if ingress_root(&self.cursors) != self.ingress_root {
			return Err(VerificationError::IngressRootMismatch);
		}
		Ok(())
	}

	fn check_cursors(&self) -> Result<(), VerificationError> {
		for (index, pair) in self.cursors.windows(2).enumerate() {
			if let [a, b] = pair {
				let index = index as u32 + 1;
				if a.sender == b.sender {
					return Err(VerificationError::DuplicateSender { index });
				}
				if a.sender > b.sender {
					return Err(VerificationError::CursorsNotSorted { index });
				}
			}
		}
		Ok(())
	}
}

/// Trie root of moved cursors: `{ SCALE(sender) => SCALE(cursor) }`. Independent of order.
pub fn ingress_root(cursors: &[IngressCursor]) -> H256 {
	trie_root(cursors.iter().map(|cursor| (cursor.sender.encode(), cursor.encode())))
}

/// A batch a candidate consumed, as its commitments name it: whose, from which of its sender's
/// egresses, and which nonces. It carries no message: inclusion finds the batch in the relay's
/// record of that egress.
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
pub struct ConsumedBatch {
	/// The batch's sender.
	pub sender: ParaId,
	/// The sender's relay parent when it committed the batch: the key of its egress record.
	pub sent_at: RelayBlockNumber,
	/// The batch's first nonce.
	pub first_nonce: Nonce,
	/// The batch's last nonce.
	pub last_nonce: Nonce,
}

impl ConsumedBatch {
	/// The batch `batch` names.
	pub fn of(batch: &RoutedBatch) -> Self {
		Self {
			sender: batch.sender,
			sent_at: batch.entry.sent_at,
			first_nonce: batch.entry.first_nonce,
			last_nonce: batch.entry.last_nonce,
		}
	}
}

/// The batches a validated candidate consumed, by name: at most
/// [`MAX_BATCHES_PER_BLOCK`].
pub type ConsumedBatches = BoundedVec<ConsumedBatch, ConstU32<{ MAX_BATCHES_PER_BLOCK }>>;

/// What a receiving block's header carries of its whole ingress side
/// ([`XcmpDigestItem::IngressCommitmentHash`](crate::XcmpDigestItem::IngressCommitmentHash)):
/// BlakeTwo256 of SCALE of its ingress commitment (moved cursors, watermark, block-list changes,
/// ingress root) and the batches it consumed, in order. The ingress root covers the cursors
/// only; with this hash and the egress root, the head that validation returns commits to
/// everything inclusion applies, so the commitments can travel beside it.
pub fn ingress_commitment_hash(commitment: &IngressCommitment, consumed: &[ConsumedBatch]) -> H256 {
	<crate::Hashing as sp_runtime::traits::Hash>::hash_of(&(commitment, consumed))
}
