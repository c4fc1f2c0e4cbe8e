//! A relay chain's XCMP records kept in maps: the reference implementation of [`RelayView`] and
//! of applying [`RelayUpdate`]s, for tests, simulators and as the model a relay pallet follows.

use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use codec::Encode;
use xcmp_primitives::{
	BlockListChange, ChannelCursor, ChannelLimits, Nonce, ParaId, RelayBlockNumber, H256,
};

use crate::{RecordedEgress, RelayUpdate, RelayView};

/// Nonce ranges a receiver consumed by refusing them, kept for the sender until it has seen
/// them: `(first, last, recorded_at)`.
type RefusedRanges = Vec<(Nonce, Nonce, RelayBlockNumber)>;

/// The relay's XCMP records. It stores roots, nonces, cursors and digests: never a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InMemoryRelay {
	channels: BTreeMap<(ParaId, ParaId), ChannelLimits>,
	blocked: BTreeSet<(ParaId, ParaId)>,
	egress: BTreeMap<(ParaId, RelayBlockNumber), RecordedEgress>,
	last_egress_at: BTreeMap<ParaId, RelayBlockNumber>,
	last_sent: BTreeMap<(ParaId, ParaId), Nonce>,
	cursors: BTreeMap<(ParaId, ParaId), ChannelCursor>,
	refused: BTreeMap<(ParaId, ParaId), RefusedRanges>,
	watermarks: BTreeMap<ParaId, RelayBlockNumber>,
	digests: BTreeMap<(ParaId, RelayBlockNumber), Vec<(ParaId, Nonce)>>,
}

impl InMemoryRelay {
	/// Opens the channel `sender -> receiver` with `limits`.
	pub fn open_channel(&mut self, sender: ParaId, receiver: ParaId, limits: ChannelLimits) {
		self.channels.insert((sender, receiver), limits);
	}

	/// Applies an accepted candidate's update, recorded in relay block `now`.
	pub fn apply(&mut self, update: &RelayUpdate, now: RelayBlockNumber) {
		let para = update.para;
		if let Some(egress) = &update.egress {
			for (destination, _, last) in &egress.batches {
				self.last_sent.insert((para, *destination), *last);
				self.digests.entry((*destination, egress.sent_at)).or_default().push((para, *last));
			}
			self.last_egress_at.insert(para, egress.sent_at);
			self.egress.insert((para, egress.sent_at), egress.clone());
		}
		// The sender has seen every refusal recorded up to its relay parent.
		for ((sender, _), ranges) in self.refused.iter_mut() {
			if *sender == para {
				ranges.retain(|(_, _, at)| *at > update.relay_parent);
			}
		}
		self.refused.retain(|_, ranges| !ranges.is_empty());
		for cursor in &update.cursors {
			let key = (cursor.sender, para);
			let previous = self.cursors.get(&key).map_or(0, |c| c.last_nonce);
			if cursor.rejected {
				self.refused.entry(key).or_default().push((previous + 1, cursor.last_nonce, now));
			}
			self.cursors.insert(key, cursor.cursor());
		}
		self.watermarks.insert(para, update.watermark);
		self.digests.retain(|(receiver, at), _| *receiver != para || *at > update.watermark);
		for change in &update.block_list_changes {
			match change {
				BlockListChange::Blocked(sender) => self.blocked.insert((para, *sender)),
				BlockListChange::Unblocked(sender) => self.blocked.remove(&(para, *sender)),
			};
		}
		// Retention: a root goes once every receiver it names has consumed its batch.
		let cursors = &self.cursors;
		self.egress.retain(|(sender, _), egress| {
			egress.batches.iter().any(|(destination, _, last)| {
				cursors.get(&(*sender, *destination)).map_or(0, |c| c.last_nonce) < *last
			})
		});
	}

	/// What the sender learns of its channel to `receiver`: the last nonce consumed, and the
	/// ranges consumed by refusal that it has not seen yet.
	pub fn delivery(&self, sender: ParaId, receiver: ParaId) -> (Nonce, Vec<(Nonce, Nonce)>) {
		let consumed = self.cursor(sender, receiver).last_nonce;
		let refused = self
			.refused
			.get(&(sender, receiver))
			.map(|ranges| ranges.iter().map(|(first, last, _)| (*first, *last)).collect())
			.unwrap_or_default();
		(consumed, refused)
	}

	/// Number of egress roots held.
	pub fn egress_roots_held(&self) -> usize {
		self.egress.len()
	}

	/// Bytes of everything held, SCALE-encoded: what a relay runtime would store.
	pub fn encoded_size(&self) -> usize {
		self.channels.encoded_size()
			+ self.blocked.encoded_size()
			+ self.egress.encoded_size()
			+ self.last_egress_at.encoded_size()
			+ self.last_sent.encoded_size()
			+ self.cursors.encoded_size()
			+ self.refused.encoded_size()
			+ self.watermarks.encoded_size()
			+ self.digests.encoded_size()
	}
}

impl RelayView for InMemoryRelay {
	fn channel(&self, sender: ParaId, receiver: ParaId) -> Option<ChannelLimits> {
		self.channels.get(&(sender, receiver)).copied()
	}

	fn blocks(&self, receiver: ParaId, sender: ParaId) -> bool {
		self.blocked.contains(&(receiver, sender))
	}

	fn egress_root(&self, sender: ParaId, sent_at: RelayBlockNumber) -> Option<H256> {
		self.egress.get(&(sender, sent_at)).map(|e| e.egress_root)
	}

	fn last_egress_at(&self, sender: ParaId) -> Option<RelayBlockNumber> {
		self.last_egress_at.get(&sender).copied()
	}

	fn last_sent(&self, sender: ParaId, receiver: ParaId) -> Nonce {
		self.last_sent.get(&(sender, receiver)).copied().unwrap_or_default()
	}

	fn cursor(&self, sender: ParaId, receiver: ParaId) -> ChannelCursor {
		self.cursors.get(&(sender, receiver)).copied().unwrap_or_default()
	}

	fn watermark(&self, receiver: ParaId) -> RelayBlockNumber {
		self.watermarks.get(&receiver).copied().unwrap_or_default()
	}

	fn sent_to(
		&self,
		receiver: ParaId,
		after: RelayBlockNumber,
		up_to: RelayBlockNumber,
	) -> Vec<(RelayBlockNumber, ParaId, Nonce)> {
		if up_to <= after {
			return Vec::new();
		}
		self.digests
			.range((receiver, after.saturating_add(1))..=(receiver, up_to))
			.flat_map(|((_, at), senders)| senders.iter().map(|(s, last)| (*at, *s, *last)))
			.collect()
	}
}
