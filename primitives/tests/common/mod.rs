//! Builders shared by the primitives' tests: honest sender blocks and the batches a collator
//! routes from them.

#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use xcmp_primitives::{
	build_egress_entry, prove_egress_entries, ChannelCursor, ChannelLimits, EgressCommitment,
	Message, Nonce, ParaId, RelayBlockNumber, RoutedBatch, H256,
};

/// A batch root from its definition (PROTOCOL section 3), without the crate's helpers: the
/// payload hashes, each level hashing its nodes in pairs, left then right, and moving an odd last
/// node up as it is.
pub fn batch_root_by_definition<P: AsRef<[u8]>>(payloads: &[P]) -> H256 {
	use codec::Encode;
	use sp_runtime::traits::{BlakeTwo256, Hash};
	let mut level: Vec<H256> =
		payloads.iter().map(|p| BlakeTwo256::hash(&p.as_ref().encode())).collect();
	while level.len() > 1 {
		level = level
			.chunks(2)
			.map(|pair| match pair {
				[left, right] => BlakeTwo256::hash(&[left.as_bytes(), right.as_bytes()].concat()),
				[odd] => *odd,
				_ => unreachable!("chunks of two"),
			})
			.collect();
	}
	level[0]
}

/// Limits generous enough for every honest batch in the tests.
pub const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 1000, max_total_size: 1 << 20, max_message_size: 4096 };

pub fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

pub fn message(
	sender: u32,
	destination: u32,
	nonce: Nonce,
	sent_at: RelayBlockNumber,
	payload: &[u8],
) -> Message {
	Message {
		sender: para(sender),
		destination: para(destination),
		nonce,
		sent_at,
		payload: payload.to_vec().try_into().unwrap(),
	}
}

/// `count` messages from `sender` to `destination` starting at `first_nonce`, with distinct
/// non-empty payloads.
pub fn messages(
	sender: u32,
	destination: u32,
	first_nonce: Nonce,
	count: u64,
	sent_at: RelayBlockNumber,
) -> Vec<Message> {
	(first_nonce..first_nonce + count)
		.map(|n| message(sender, destination, n, sent_at, &n.to_le_bytes()[..(n % 7 + 1) as usize]))
		.collect()
}

/// One honest sender block: the batches it queued per destination, each continuing a channel
/// whose cursor is the default (nothing consumed yet), and its commitment.
pub struct SenderBlock {
	pub sender: u32,
	pub batches: Vec<(ParaId, Vec<Message>)>,
	pub commitment: EgressCommitment,
}

impl SenderBlock {
	/// `sender` sends `counts[i]` messages to destination `destinations[i]`, nonces from 1.
	pub fn new(sender: u32, sent_at: RelayBlockNumber, sends: &[(u32, u64)]) -> Self {
		let batches: Vec<(ParaId, Vec<Message>)> = sends
			.iter()
			.map(|&(destination, count)| {
				(para(destination), messages(sender, destination, 1, count, sent_at))
			})
			.collect();
		let entries = batches
			.iter()
			.map(|(d, msgs)| (*d, build_egress_entry(H256::zero(), msgs).unwrap()))
			.collect();
		Self { sender, batches, commitment: EgressCommitment::new(entries).unwrap() }
	}

	/// The batch for `destination` as its collator routes it, with the entry's proof.
	pub fn route(&self, destination: u32) -> RoutedBatch {
		let destination = para(destination);
		let (_, messages) = self.batches.iter().find(|(d, _)| *d == destination).unwrap();
		RoutedBatch {
			sender: para(self.sender),
			entry: *self.commitment.entry(destination).unwrap(),
			entry_proof: prove_egress_entries(&self.commitment.entries, &[destination]).unwrap(),
			messages: messages.clone(),
		}
	}

	pub fn root(&self) -> H256 {
		self.commitment.egress_root
	}

	/// Makes the sender misbehave: the entry for `destination` claims `total_bytes`, whatever
	/// its messages carry, and the commitment is rebuilt over it.
	#[allow(dead_code)]
	pub fn set_total_bytes(&mut self, destination: u32, total_bytes: u32) {
		self.change_entry(destination, |entry| entry.total_bytes = total_bytes);
	}

	/// Gives the batch for `destination` a deadline, and rebuilds the commitment over it.
	#[allow(dead_code)]
	pub fn set_expires_at(&mut self, destination: u32, expires_at: Option<RelayBlockNumber>) {
		self.change_entry(destination, |entry| entry.expires_at = expires_at);
	}

	fn change_entry(
		&mut self,
		destination: u32,
		change: impl Fn(&mut xcmp_primitives::EgressEntry),
	) {
		let entries = self
			.commitment
			.entries
			.iter()
			.map(|(d, entry)| {
				let mut entry = *entry;
				if *d == para(destination) {
					change(&mut entry);
				}
				(*d, entry)
			})
			.collect();
		self.commitment = EgressCommitment::new(entries).unwrap();
	}
}

/// A receiver's cursor before anything was consumed.
pub fn fresh_cursor() -> ChannelCursor {
	ChannelCursor::default()
}
