//! A sender's side of the protocol, kept in memory: what the egress pallet keeps in storage, for
//! collators, simulators and tests that model a parachain.

use alloc::{collections::BTreeMap, vec::Vec};

use crate::{
	build_egress_entry, prove_egress_entries, ChannelCursor, EgressCommitment, EgressEntry,
	Message, Nonce, ParaId, Payload, RelayBlockNumber, RoutedBatch, VerificationError,
};

/// What one committed block holds until its receivers consume it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CommittedBlock {
	commitment: EgressCommitment,
	batches: BTreeMap<ParaId, Vec<Message>>,
}

/// One parachain's outbound channels: for each destination the last nonce committed and the MQC
/// head after it, and every committed block's batches until the relay shows them consumed. It
/// commits blocks exactly as the protocol fixes, serves whole batches with their entry proofs,
/// and prunes on consumption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outbox {
	sender: ParaId,
	channels: BTreeMap<ParaId, ChannelCursor>,
	blocks: BTreeMap<RelayBlockNumber, CommittedBlock>,
	delivery_timeout: Option<RelayBlockNumber>,
}

impl Outbox {
	/// The outbox of `sender`, with nothing sent yet.
	pub fn new(sender: ParaId) -> Self {
		Self { sender, channels: BTreeMap::new(), blocks: BTreeMap::new(), delivery_timeout: None }
	}

	/// Gives each batch committed from now on a deadline `timeout` relay blocks after its relay
	/// parent ([`EgressEntry::expires_at`](EgressEntry::expires_at)), as the egress
	/// pallet's `DeliveryTimeout` does; `None`, none.
	pub fn set_delivery_timeout(&mut self, timeout: Option<RelayBlockNumber>) {
		self.delivery_timeout = timeout;
	}

	/// The parachain this outbox sends from.
	pub fn sender(&self) -> ParaId {
		self.sender
	}

	/// Commits one block at relay parent `sent_at`: the payloads queued for each destination,
	/// in order, as one batch each, continuing each channel's nonces and MQC head. A block that
	/// queued nothing commits the empty trie and is not kept.
	pub fn commit(
		&mut self,
		sent_at: RelayBlockNumber,
		queued: BTreeMap<ParaId, Vec<Payload>>,
	) -> Result<EgressCommitment, VerificationError> {
		let mut entries = Vec::with_capacity(queued.len());
		let mut batches = BTreeMap::new();
		let mut channels = self.channels.clone();
		let expires_at = self.delivery_timeout.map(|timeout| sent_at.saturating_add(timeout));
		for (destination, payloads) in queued {
			if payloads.is_empty() {
				continue;
			}
			let channel = channels.entry(destination).or_default();
			// A channel at its last nonce takes no further message.
			let first_nonce = channel
				.last_nonce
				.checked_add(1)
				.ok_or(VerificationError::MalformedEntry { index: 0 })?;
			// Past `u64::MAX` the nonces repeat, and building the entry refuses them.
			let messages: Vec<Message> = payloads
				.into_iter()
				.enumerate()
				.map(|(offset, payload)| (payload, first_nonce.saturating_add(offset as u64)))
				.map(|(payload, nonce)| Message {
					sender: self.sender,
					destination,
					nonce,
					sent_at,
					payload,
				})
				.collect();
			let entry =
				EgressEntry { expires_at, ..build_egress_entry(channel.mqc_head, &messages)? };
			*channel = entry.cursor_after();
			entries.push((destination, entry));
			batches.insert(destination, messages);
		}
		let commitment = EgressCommitment::new(entries)?;
		if !batches.is_empty() {
			self.channels = channels;
			let block = CommittedBlock { commitment: commitment.clone(), batches };
			self.blocks.insert(sent_at, block);
		}
		Ok(commitment)
	}

	/// The batch that the block at `sent_at` committed for `destination`, as a collator serves
	/// it: whole, with the proof of its entry. `None` once pruned, or if there was none.
	pub fn route(&self, sent_at: RelayBlockNumber, destination: ParaId) -> Option<RoutedBatch> {
		let block = self.blocks.get(&sent_at)?;
		let messages = block.batches.get(&destination)?;
		Some(RoutedBatch {
			sender: self.sender,
			entry: *block.commitment.entry(destination)?,
			entry_proof: prove_egress_entries(&block.commitment.entries, &[destination]).ok()?,
			messages: messages.clone(),
		})
	}

	/// The collator's answer to a receiver's poll: every held batch for `destination` that
	/// starts after `after_nonce`, in nonce order, each with its proof.
	pub fn serve(&self, destination: ParaId, after_nonce: Nonce) -> Vec<RoutedBatch> {
		self.blocks
			.iter()
			.filter(|(_, block)| {
				block.commitment.entry(destination).is_some_and(|e| e.first_nonce > after_nonce)
			})
			.filter_map(|(sent_at, _)| self.route(*sent_at, destination))
			.collect()
	}

	/// Drops the messages to `destination` up to nonce `consumed` (the receiver's cursor as the
	/// relay shows it) and returns them, oldest first. Blocks left with nothing are dropped.
	pub fn prune(&mut self, destination: ParaId, consumed: Nonce) -> Vec<Message> {
		let mut pruned = Vec::new();
		for block in self.blocks.values_mut() {
			if let Some(messages) = block.batches.get_mut(&destination) {
				let keep =
					messages.iter().position(|m| m.nonce > consumed).unwrap_or(messages.len());
				pruned.extend(messages.drain(..keep));
				if messages.is_empty() {
					block.batches.remove(&destination);
				}
			}
		}
		self.blocks.retain(|_, block| !block.batches.is_empty());
		pruned
	}

	/// Destinations with messages held.
	pub fn destinations(&self) -> Vec<ParaId> {
		let mut destinations: Vec<ParaId> =
			self.blocks.values().flat_map(|b| b.batches.keys().copied()).collect();
		destinations.sort();
		destinations.dedup();
		destinations
	}

	/// Messages held for `destination`, and their payload bytes.
	pub fn held_to(&self, destination: ParaId) -> (u64, u64) {
		self.held_messages()
			.filter(|m| m.destination == destination)
			.fold((0, 0), |(count, bytes), m| (count + 1, bytes + u64::from(m.payload_len())))
	}

	/// Every message held, committed and not yet pruned.
	pub fn held_messages(&self) -> impl Iterator<Item = &Message> {
		self.blocks.values().flat_map(|b| b.batches.values().flatten())
	}

	/// The channel to `destination` as committed so far: last nonce and MQC head.
	pub fn channel(&self, destination: ParaId) -> ChannelCursor {
		self.channels.get(&destination).copied().unwrap_or_default()
	}

	/// Overrides the channel to `destination`, as a misbehaving sender would (tests of what the
	/// receivers and the relay then refuse).
	pub fn set_channel(&mut self, destination: ParaId, cursor: ChannelCursor) {
		self.channels.insert(destination, cursor);
	}
}
