//! Messages and the unit a collator routes: a whole batch with its entry proof.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::BoundedVec;

use crate::{limits::MAX_MESSAGE_SIZE, EgressEntry, Nonce, ParaId, RelayBlockNumber, TrieProof};

/// A message's opaque payload, at most [`MAX_MESSAGE_SIZE`] bytes. It encodes exactly as a
/// `Vec<u8>` (compact length, then the bytes), which is what the channel chain hashes.
pub type Payload = BoundedVec<u8, ConstU32<MAX_MESSAGE_SIZE>>;

/// One cross-chain message.
///
/// `sender`, `destination` and `nonce` are also bound by the channel and the message's position
/// in it; they are carried explicitly so that a batch can be checked message by message.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Message {
	/// The parachain that queued the message.
	pub sender: ParaId,
	/// The parachain the message is for.
	pub destination: ParaId,
	/// Position in the `sender -> destination` channel, from 1, without gaps.
	pub nonce: Nonce,
	/// Relay parent number of the sender block that queued the message.
	pub sent_at: RelayBlockNumber,
	/// The message itself, opaque to the protocol.
	pub payload: Payload,
}

impl Message {
	/// The key of this message in its batch trie: the nonce, big-endian, so that the trie's key
	/// order is nonce order.
	pub fn trie_key(nonce: Nonce) -> [u8; 8] {
		nonce.to_be_bytes()
	}

	/// The message's leaf in its batch trie: `SCALE(MessageLeaf)`, which commits to the payload
	/// through `payload_hash` (`BlakeTwo256(SCALE(payload))`, the hash the channel chain uses too,
	/// so a payload is hashed once for both).
	pub fn leaf(&self, payload_hash: H256) -> MessageLeaf {
		MessageLeaf {
			sender: self.sender,
			destination: self.destination,
			nonce: self.nonce,
			sent_at: self.sent_at,
			payload_hash,
		}
	}

	/// Payload length in bytes, as counted against size limits.
	pub fn payload_len(&self) -> u32 {
		// A `Payload` is bounded by `MAX_MESSAGE_SIZE`, a `u32`.
		self.payload.len() as u32
	}
}

/// What the batch trie stores for a message: everything but the payload, which it commits to by
/// hash. 52 bytes encoded.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub struct MessageLeaf {
	/// The message's sender.
	pub sender: ParaId,
	/// The message's destination.
	pub destination: ParaId,
	/// The message's nonce.
	pub nonce: Nonce,
	/// The message's `sent_at`.
	pub sent_at: RelayBlockNumber,
	/// `BlakeTwo256(SCALE(payload))`.
	pub payload_hash: H256,
}

/// What a collator hands to the next block of the receiver for one batch: all messages one block
/// of `sender` queued for the receiver, the [`EgressEntry`] that commits to them, and a compact
/// proof of that entry against the sender's egress root of that block.
///
/// The egress root the proof is checked against is not carried here: the receiver takes it from
/// the relay view, keyed by `(sender, entry.sent_at)`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct RoutedBatch {
	/// The parachain whose egress root commits to this batch.
	pub sender: ParaId,
	/// The sender's egress entry for the receiver in that block.
	pub entry: EgressEntry,
	/// Proof of `entry` under key `SCALE(receiver)` in the sender's egress trie.
	pub entry_proof: TrieProof,
	/// The messages, in nonce order.
	pub messages: Vec<Message>,
}

impl RoutedBatch {
	/// Number of messages the entry commits to.
	pub fn message_count(&self) -> usize {
		self.messages.len()
	}

	/// Bytes of proof this batch costs the receiver's block (the encoded entry proof).
	pub fn proof_size(&self) -> usize {
		self.entry_proof.encoded_size()
	}
	/// The batch as a receiver that blocks its sender consumes it: its entry and the entry's
	/// proof, without the messages, which nobody reads (`verify_refused_batch` refuses a refused
	/// batch that carries any).
	pub fn refused(self) -> Self {
		Self { messages: Vec::new(), ..self }
	}
}
