//! The channel chain (MQC): one 32-byte head that pins a channel's whole ordered history.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::traits::Hash as _;

use crate::{Hashing, Message, RelayBlockNumber};

/// A message queue chain, byte-compatible with Polkadot's HRMP `MessageQueueChain`
/// (`cumulus-primitives-parachain-inherent`):
///
/// - `msg_hash = BlakeTwo256(SCALE(payload))` (compact length, then the bytes);
/// - `head' = BlakeTwo256(SCALE((head, sent_at, msg_hash)))`, 68 bytes in;
/// - the head of an empty channel is the zero hash.
///
/// Written here rather than taken from cumulus because cumulus's type lives in a crate that pulls
/// in the relay chain's primitives and wants an owned `Vec<u8>` per message; a test checks the
/// two agree on every input.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct MessageQueueChain(H256);

impl MessageQueueChain {
	/// A chain whose current head is `head`.
	pub fn new(head: H256) -> Self {
		Self(head)
	}

	/// The hash a payload contributes: `BlakeTwo256(SCALE(payload))`.
	pub fn payload_hash(payload: &[u8]) -> H256 {
		Hashing::hash_of(&payload)
	}

	/// Extends the chain with a payload already hashed by [`Self::payload_hash`].
	pub fn extend_with_hash(&mut self, sent_at: RelayBlockNumber, payload_hash: H256) -> &mut Self {
		self.0 = Hashing::hash_of(&(self.0, sent_at, payload_hash));
		self
	}

	/// Extends the chain with one message.
	pub fn extend(&mut self, message: &Message) -> &mut Self {
		self.extend_with_hash(message.sent_at, Self::payload_hash(&message.payload))
	}

	/// The current head; the zero hash for an empty chain.
	pub fn head(&self) -> H256 {
		self.0
	}
}
