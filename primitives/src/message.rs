//! Messages and the unit a collator routes: a whole batch with its entry proof.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::{traits::Hash as _, BoundedVec};

use crate::{
	limits::MAX_MESSAGE_SIZE, EgressEntry, Hashing, Nonce, ParaId, RelayBlockNumber, TrieProof,
};

/// A message's opaque payload, at most [`MAX_MESSAGE_SIZE`] bytes. It encodes exactly as a
/// `Vec<u8>` (compact length, then the bytes), which is what its hash covers
/// ([`Message::payload_hash`]).
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
	/// The message's leaf in its batch's Merkle tree: `BlakeTwo256(SCALE(payload))`, HRMP's
	/// `msg_hash` (`docs/PROTOCOL.md`, "3. Batches and the batch root").
	pub fn payload_hash(&self) -> H256 {
		Hashing::hash_of(&self.payload)
	}

	/// Payload length in bytes, as counted against size limits.
	pub fn payload_len(&self) -> u32 {
		// A `Payload` is bounded by `MAX_MESSAGE_SIZE`, a `u32`.
		self.payload.len() as u32
	}
}

/// What a collator hands to the next block of the receiver for one batch: all messages one block
/// of `sender` queued for the receiver, the [`EgressEntry`] that commits to them, and a compact
/// proof of that entry against the sender's egress root of that block.
///
/// The egress root the proof is checked against is not carried here: the receiver takes it from
/// the relay view, keyed by `(sender, entry.sent_at)`.
///
/// ## Encoding
///
/// A batch's messages share its sender, its destination and its entry's `sent_at`, and their
/// nonces are the entry's range in order; the encoding says each of those once per batch, not per
/// message (`docs/PROTOCOL.md`, "6. Routing and verifying a batch"). A batch whose messages are
/// so is encoded *framed*: `sender`, `entry`, `entry_proof`, the byte `0`, the destination, then
/// the payloads as a `Vec<Payload>`; a 64-byte message costs 66 bytes (compact length and
/// payload), against 86 as a whole [`Message`]. Any other batch (one whose messages disagree
/// with it, or one without messages) is encoded *as is*: the same three fields, the byte `1`, and
/// the messages as a `Vec<Message>`. Decoding gives back exactly the batch encoded, so
/// verification sees what was sent and refuses an inconsistent batch with its own error.
#[derive(Clone, PartialEq, Eq, Debug)]
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

/// The tag of a batch whose messages are encoded framed.
const FRAMED: u8 = 0;
/// The tag of a batch whose messages are encoded as whole [`Message`]s.
const AS_IS: u8 = 1;

impl RoutedBatch {
	/// The destination shared by the messages if they are exactly what the batch says (sender,
	/// `sent_at`, the entry's nonces in order), so that they can be encoded framed.
	fn framed_destination(&self) -> Option<ParaId> {
		let destination = self.messages.first()?.destination;
		let mut nonce = Some(self.entry.first_nonce);
		for message in &self.messages {
			let framed = message.sender == self.sender
				&& message.destination == destination
				&& message.sent_at == self.entry.sent_at
				&& Some(message.nonce) == nonce;
			if !framed {
				return None;
			}
			nonce = message.nonce.checked_add(1);
		}
		Some(destination)
	}
}

impl Encode for RoutedBatch {
	fn size_hint(&self) -> usize {
		let payloads: usize = self.messages.iter().map(|m| m.payload.len() + 5).sum();
		self.entry.size_hint() + self.entry_proof.size_hint() + payloads + 16
	}

	fn encode_to<W: codec::Output + ?Sized>(&self, dest: &mut W) {
		self.sender.encode_to(dest);
		self.entry.encode_to(dest);
		self.entry_proof.encode_to(dest);
		match self.framed_destination() {
			Some(destination) => {
				dest.push_byte(FRAMED);
				destination.encode_to(dest);
				codec::Compact(self.messages.len() as u32).encode_to(dest);
				for message in &self.messages {
					message.payload.encode_to(dest);
				}
			}
			None => {
				dest.push_byte(AS_IS);
				self.messages.encode_to(dest);
			}
		}
	}
}

impl Decode for RoutedBatch {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		let sender = ParaId::decode(input)?;
		let entry = EgressEntry::decode(input)?;
		let entry_proof = TrieProof::decode(input)?;
		let messages = match input.read_byte()? {
			FRAMED => {
				let destination = ParaId::decode(input)?;
				let payloads = Vec::<Payload>::decode(input)?;
				let mut nonce = Some(entry.first_nonce);
				let mut messages = Vec::with_capacity(payloads.len());
				for payload in payloads {
					let this = nonce.ok_or("a framed batch's nonces run past the last one")?;
					let sent_at = entry.sent_at;
					messages.push(Message { sender, destination, nonce: this, sent_at, payload });
					nonce = this.checked_add(1);
				}
				messages
			}
			AS_IS => Vec::<Message>::decode(input)?,
			_ => return Err("unknown encoding of a batch's messages".into()),
		};
		Ok(Self { sender, entry, entry_proof, messages })
	}
}

impl DecodeWithMemTracking for RoutedBatch {}

/// The encoding of [`RoutedBatch`], for its type information only.
mod wire {
	use super::*;

	/// How a batch's messages are encoded.
	#[derive(TypeInfo)]
	#[allow(dead_code)]
	pub enum BatchMessages {
		/// Framed: the destination once, then each payload; sender, `sent_at` and nonces are the
		/// batch's.
		#[codec(index = 0)]
		Framed {
			/// The messages' destination.
			destination: ParaId,
			/// The payloads, in nonce order.
			payloads: Vec<Payload>,
		},
		/// Each message whole.
		#[codec(index = 1)]
		AsIs(Vec<Message>),
	}

	/// A routed batch as encoded.
	#[derive(TypeInfo)]
	#[allow(dead_code)]
	pub struct RoutedBatch {
		/// The parachain whose egress root commits to this batch.
		pub sender: ParaId,
		/// The sender's egress entry for the receiver in that block.
		pub entry: EgressEntry,
		/// Proof of `entry` in the sender's egress trie.
		pub entry_proof: TrieProof,
		/// The messages.
		pub messages: BatchMessages,
	}
}

impl TypeInfo for RoutedBatch {
	type Identity = wire::RoutedBatch;

	fn type_info() -> scale_info::Type {
		wire::RoutedBatch::type_info()
	}
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
	/// The batch as a receiver that blocks its sender, or takes it expired, consumes it: its
	/// entry and the entry's proof, without the messages, which nobody reads
	/// (`verify_refused_batch` refuses a refused batch that carries any).
	pub fn refused(self) -> Self {
		Self { messages: Vec::new(), ..self }
	}
}
