//! # XCMP primitives
//!
//! The types, hashes, tries and proofs that the sender (egress) pallet, the receiver (ingress)
//! pallet, the relay-side verifier and the collators share, so that all of them agree byte for
//! byte on what is committed. Everything here is `no_std`, including proof generation, so a
//! runtime API can serve proofs straight from the runtime.
//!
//! ## Design
//!
//! XCMP keeps message bodies off the relay chain. A sender parachain `A` keeps the messages it
//! queued in its own state and, at the end of every block, commits to them with a single 32-byte
//! **egress root**. The relay chain records that root (and only that root); the receiver `B`'s
//! collator fetches the messages from `A`'s collators together with a proof against the root, and
//! `B`'s runtime and the relay validators check the proof.
//!
//! Three commitments nest:
//!
//! 1. The messages that one block of `A` queued for one destination form a **batch**. Its
//!    [`batch_root`] is the binary Merkle root of its payload hashes in nonce order: the batch's
//!    sender, destination, `sent_at` and nonces are its entry's, so a leaf is only what differs
//!    from message to message.
//! 2. Each batch is appended to its channel's [`MessageQueueChain`] (MQC): `head' =
//!    BlakeTwo256(SCALE(head, sent_at, last_nonce, batch_root))`, HRMP's chain with a batch in
//!    place of a message, so one 32-byte head pins the whole ordered history of a channel.
//! 3. One [`EgressEntry`] per destination touched in the block (nonce range, `sent_at`, batch
//!    root, MQC head after the batch, total payload bytes) goes into the block's **egress trie**,
//!    keyed by `SCALE(destination)`. Its root, [`egress_root`], is what the relay records.
//!
//! A collator routes a [`RoutedBatch`]: the whole batch, its entry and a compact proof of the
//! entry against the egress root. [`verify_batch`] is the single check every consumer runs: the
//! proof against the root the relay recorded, the messages against the batch root, the
//! destination, the nonces against the receiver's cursor and the MQC against its head.
//! [`consume_batch`] is the one rule of how a receiver consumes a batch: accepted, or refused
//! (from a sender it blocks, or the sender's own batch breaking the channel's limits). The rules
//! of a receiver's block beyond each batch, [`receiver::check_sender_move`] (one sender's batches
//! consumed alike, refused ranges bounded) and [`receiver::walk_digests`] (how far its watermark
//! moves), are written once in [`receiver`] for the ingress pallet, inclusion, the collators and
//! the simulators. A receiver that moved its cursors publishes an [`IngressCommitment`].
//!
//! ## Terminology
//!
//! - **Channel**: the ordered, one-way queue from one parachain to another (`A -> B`).
//! - **Nonce**: a message's position in its channel, counted from 1 with no gaps.
//! - **Cursor** ([`ChannelCursor`]): how far a receiver has consumed a channel: the last nonce
//!   and the MQC head after it.
//! - **`sent_at`**: the relay parent number of the sender block that queued a message.
//! - **Watermark**: the relay block number up to which a receiver has consumed everything it
//!   was sent.
//!
//! ## Properties
//!
//! - Roots depend on content only, never on the order items were inserted in.
//! - An absent key in the egress trie is provable: a proof that `A` sent nothing to `B` in a
//!   block.
//! - Proofs are compact (`trie-db`'s proof format: values and recomputable hashes are omitted),
//!   and a whole batch needs one entry proof, so proof bytes per message shrink as batches grow.
//! - Every way a batch, proof or commitment can be wrong maps to one documented
//!   [`VerificationError`] variant; verification never panics.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;

mod batch;
mod channel;
mod commitment;
mod digest;
mod error;
mod message;
mod mqc;
mod outbox;
pub mod outcome;
pub mod receiver;
pub mod relay_state;
mod trie;
mod verify;

pub use batch::{batch_root, prove_batch_message, verify_batch_message, MessageProof};
pub use channel::{ChannelCursor, ChannelLimits, ChannelLimitsError};
pub use commitment::{
	batch_reclaimable, ingress_commitment_hash, ingress_root, BlockListChange, BlockListChanges,
	ConsumedBatch, ConsumedBatches, EgressCommitment, EgressEntries, EgressEntry,
	IngressCommitment, IngressCursor, MovedCursors,
};
pub use digest::{XcmpDigestItem, XCMP_ENGINE_ID};
pub use error::{ProofFailure, VerificationError};
pub use message::{Message, Payload, RoutedBatch};
pub use mqc::MessageQueueChain;
pub use outbox::Outbox;
pub use trie::{
	egress_root, prove_egress_entries, verify_egress_entries, verify_egress_entry,
	ProofGenerationError, TrieProof,
};
pub use verify::{
	build_egress_entry, consume_batch, refusal_without_messages, verify_batch,
	verify_refused_batch, Consumption, LimitBreach, RefusalReason,
};

/// A parachain's identifier: the ecosystem's own type.
pub use polkadot_parachain_primitives::primitives::Id as ParaId;
/// The 32-byte hash used for every root and chain head.
pub use sp_core::H256;

/// Relay chain block numbers (`sent_at`, watermarks).
pub type RelayBlockNumber = u32;
/// A message's position in its channel, from 1, without gaps.
pub type Nonce = u64;
/// The hasher of every hash in the protocol.
pub type Hashing = sp_runtime::traits::BlakeTwo256;
/// The trie layout of every trie in the protocol.
pub type Layout = sp_trie::LayoutV1<Hashing>;

/// Protocol-wide ceilings. Channel limits and pallet configuration must stay within them; they
/// also bound how much memory decoding any protocol type can take.
pub mod limits {
	/// Largest payload of any message, in bytes (Polkadot's configured HRMP maximum, 100 KiB).
	pub const MAX_MESSAGE_SIZE: u32 = 100 * 1024;
	/// Largest number of messages a channel may hold pending, and so the largest batch.
	pub const MAX_CHANNEL_CAPACITY: u32 = 16 * 1024;
	/// Largest number of destinations one block may send to (entries of one egress trie).
	pub const MAX_DESTINATIONS_PER_BLOCK: u32 = 1024;
	/// Largest number of inbound channels whose cursors one block may move.
	pub const MAX_CURSORS_PER_BLOCK: u32 = 1024;
	/// Largest number of batches one block may consume (an ingress pallet's
	/// `MaxBatchesPerInherent` is within it): it bounds the consumed batches a candidate's
	/// commitments name, which the relay decodes.
	pub const MAX_BATCHES_PER_BLOCK: u32 = 1024;
	/// Largest number of block-list changes one block may make.
	pub const MAX_BLOCK_LIST_CHANGES: u32 = 64;
	/// Largest number of senders one receiver may block at once. The relay keeps every
	/// receiver's block list, so it bounds that storage; the verifier refuses a candidate whose
	/// changes would pass it, and a receiver's ingress pallet may block no more than this.
	pub const MAX_BLOCKED_SENDERS: u32 = 256;
	/// Largest number of separate refused nonce ranges the relay holds for one channel until the
	/// sender has seen them. Contiguous refusals merge, so only a receiver that refuses, accepts
	/// and refuses again while its sender produces no block opens new ones (blocking and
	/// unblocking it, or taking some of its batches expired and others not).
	pub const MAX_REFUSED_RANGES: u32 = 16;
	/// Most digests (relay blocks holding batches to it not consumed yet) a receiver's block
	/// passes with its watermark, however many relay blocks lie between them: it bounds what a
	/// receiver's relay-state proof holds of its digests and its ingress pallet's walk over them
	/// (`MaxWatermarkAdvance`). The relay needs no such bound: inclusion reads only the digests
	/// the candidate's own consumed batches empty.
	pub const MAX_WATERMARK_ADVANCE: u32 = 64;
	/// Most relay blocks between a candidate's relay parent and the relay block that includes it
	/// (Polkadot's async backing: a candidate is backed and included within 3 relay blocks of
	/// its relay parent). It bounds what can change between what a candidate's block read and
	/// what inclusion checks (`docs/PROTOCOL.md`, "Inclusion").
	pub const MAX_RELAY_PARENT_AGE: u32 = 3;
}

/// Proof bytes the pallets charge for the trie path of a storage item they access outside a
/// benchmark, beyond the item's own bytes: what the benchmark runner allows an item whose depth
/// it does not know, rounded up.
pub mod path_proof {
	/// A storage value's path (the runner allows 495 bytes).
	pub const VALUE: u64 = 512;
	/// The path of an item of a storage map with no bound on its length (the runner allows
	/// 2,475 bytes).
	pub const MAP_ITEM: u64 = 4_096;

	/// The proof bytes of storage values of at most `max_sizes` bytes each, read with their
	/// paths (a value of no known bound counts its path only): what a pallet charges itself
	/// for values its benchmarks whitelist.
	pub fn values(max_sizes: impl IntoIterator<Item = Option<u32>>) -> u64 {
		max_sizes
			.into_iter()
			.map(|max_size| u64::from(max_size.unwrap_or_default()).saturating_add(VALUE))
			.fold(0, u64::saturating_add)
	}
}
