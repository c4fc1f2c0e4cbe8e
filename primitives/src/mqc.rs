//! The channel chain (MQC): one 32-byte head that pins a channel's whole ordered history.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::traits::Hash as _;

use crate::{Hashing, Nonce, RelayBlockNumber};

/// A channel's message queue chain, one step per batch:
///
/// - `head' = BlakeTwo256(SCALE((head, sent_at, last_nonce, batch_root)))`, 76 bytes in, where
///   `sent_at`, `last_nonce` and `batch_root` ([`batch_root`](crate::batch_root)) are the
///   batch's;
/// - the head of an empty channel is the zero hash.
///
/// It is HRMP's chain (`head' = H(head, sent_at, msg_hash)`) with a batch where HRMP has a
/// message, so a channel's history costs one hash a batch rather than one a message
/// (`docs/PROTOCOL.md`, "2. The channel chain (MQC)").
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

	/// Extends the chain with one batch, sent at `sent_at`, ending at `last_nonce`, whose batch
	/// root is `batch_root`.
	pub fn extend_with_batch(
		&mut self,
		sent_at: RelayBlockNumber,
		last_nonce: Nonce,
		batch_root: H256,
	) -> &mut Self {
		self.0 = Hashing::hash_of(&(self.0, sent_at, last_nonce, batch_root));
		self
	}

	/// The current head; the zero hash for an empty chain.
	pub fn head(&self) -> H256 {
		self.0
	}
}
