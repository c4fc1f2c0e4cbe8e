//! The batch root, and proofs of single messages against it.
//!
//! A batch's root is polkadot-sdk's binary Merkle tree (`binary-merkle-tree`, the tree BEEFY
//! commits with) over its messages' payload hashes in nonce order: a node is
//! `BlakeTwo256(left ‖ right)` and an odd last node moves up a level unhashed, so a batch of `n`
//! messages costs `n` payload hashes and `n - 1` hashes of 64 bytes. Everything else a message
//! carries is its batch's (`docs/PROTOCOL.md`, "3. Batches and the batch root").

use alloc::vec::Vec;
use binary_merkle_tree::{merkle_proof_raw, merkle_root_raw, verify_proof, Leaf};
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::{
	EgressEntry, Hashing, Message, MessageQueueChain, Nonce, RelayBlockNumber, VerificationError,
};

/// Root of a batch: the binary Merkle root of its messages' payload hashes
/// ([`Message::payload_hash`]), in the order given, which for a batch is nonce order. The root
/// of a one-message batch is that message's payload hash.
pub fn batch_root(messages: &[Message]) -> H256 {
	batch_root_of_hashes(messages.iter().map(Message::payload_hash))
}

/// [`batch_root`] of payloads already hashed, in nonce order.
pub(crate) fn batch_root_of_hashes(payload_hashes: impl Iterator<Item = H256>) -> H256 {
	merkle_root_raw::<Hashing, _>(payload_hashes)
}

/// What a batch commits to: its root over `payload_hashes` (in nonce order), and the channel's
/// message-queue-chain head once the batch, sent at `sent_at` and ending at `last_nonce`,
/// extends `previous_head`. The sender builds its entry from it, the receiver checks an entry
/// against it.
pub(crate) fn batch_commitment(
	previous_head: H256,
	sent_at: RelayBlockNumber,
	last_nonce: Nonce,
	payload_hashes: impl Iterator<Item = H256>,
) -> (H256, H256) {
	let batch_root = batch_root_of_hashes(payload_hashes);
	let head = MessageQueueChain::new(previous_head)
		.extend_with_batch(sent_at, last_nonce, batch_root)
		.head();
	(batch_root, head)
}

/// Shows one message of a batch without the rest: the sibling hashes on the path from its payload
/// hash to the batch root, from the leaf up.
///
/// The tree's shape is the entry's message count, which the verifier takes from the entry, never
/// from the proof: no inner node can be passed off as a leaf.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct MessageProof {
	/// The siblings, leaf to root: at most one per level, `⌈log2(n)⌉` for a batch of `n`.
	pub siblings: Vec<H256>,
}

/// Proves the message with `nonce` in `messages`, a whole batch in nonce order, against its
/// [`batch_root`]. `None` if no message of the batch has that nonce.
///
/// Receivers take whole batches and recompute the root, so they need no such proof; it serves
/// anyone who must show one message was committed (a light client, a dispute) without the rest of
/// its batch.
pub fn prove_batch_message(messages: &[Message], nonce: Nonce) -> Option<MessageProof> {
	let index = messages.iter().position(|message| message.nonce == nonce)?;
	let index = u32::try_from(index).ok()?;
	let proof = merkle_proof_raw::<Hashing, _>(messages.iter().map(Message::payload_hash), index);
	Some(MessageProof { siblings: proof.proof })
}

/// Checks that `message` is in the batch `entry` commits to: its nonce within the entry's range
/// (`NonceOutsideBatch`), its `sent_at` the entry's (`SentAtMismatch`), and `proof` leading from
/// its payload hash, at its position, to the entry's batch root (`InvalidMessageProof`).
///
/// The message's sender and destination are the ones the entry is proven for: whoever checks a
/// message checks its entry against the sender's egress root ([`verify_egress_entry`]) and
/// compares the two itself.
///
/// [`verify_egress_entry`]: crate::verify_egress_entry
pub fn verify_batch_message(
	entry: &EgressEntry,
	proof: &MessageProof,
	message: &Message,
) -> Result<(), VerificationError> {
	let count = entry.message_count().ok_or(VerificationError::MalformedEntry { index: 0 })?;
	let count = u32::try_from(count).map_err(|_| VerificationError::MalformedEntry { index: 0 })?;
	if !(entry.first_nonce..=entry.last_nonce).contains(&message.nonce) {
		return Err(VerificationError::NonceOutsideBatch { nonce: message.nonce });
	}
	// Within the range, so below `count`, a `u32`.
	let index = (message.nonce - entry.first_nonce) as u32;
	if message.sent_at != entry.sent_at {
		return Err(VerificationError::SentAtMismatch { index });
	}
	let siblings = proof.siblings.iter().copied();
	let leaf = Leaf::Hash(message.payload_hash());
	if verify_proof::<Hashing, _, _>(&entry.batch_root, siblings, count, index, leaf) {
		Ok(())
	} else {
		Err(VerificationError::InvalidMessageProof)
	}
}
