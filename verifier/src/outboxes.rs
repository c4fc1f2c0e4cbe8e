//! The parachains' side of the reference model: each sender's [`Outbox`], and the candidates of
//! honest blocks, built the way the egress and ingress pallets commit. Against
//! [`InMemoryRelay`](crate::InMemoryRelay), or a relay runtime's own records (any
//! [`RelayView`]), it makes the honest histories that tests, simulators and fuzz targets start
//! from and alter.

use alloc::{collections::BTreeMap, vec, vec::Vec};
use core::ops::{Deref, DerefMut};
use xcmp_primitives::{
	refusal_without_messages, BlockListChanges, EgressCommitment, IngressCommitment, IngressCursor,
	LimitBreach, Outbox, ParaId, Payload, RelayBlockNumber, RoutedBatch, VerificationError,
};

use crate::{Candidate, RelayView};

/// Every sending parachain's [`Outbox`], by parachain: what their egress pallets keep. A map
/// underneath, for a test that puts in an outbox of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outboxes(BTreeMap<ParaId, Outbox>);

impl Outboxes {
	/// `para`'s outbox; a new one if it has none yet.
	pub fn outbox(&mut self, para: ParaId) -> &mut Outbox {
		self.0.entry(para).or_insert_with(|| Outbox::new(para))
	}

	/// Commits `sender`'s block at `relay_parent`, which sends `queued` (each destination's
	/// payloads, in order, as one batch), and returns the block's candidate as its pallets
	/// commit it: it consumes nothing and keeps the watermark `relay` recorded for `sender`.
	pub fn send(
		&mut self,
		relay: &impl RelayView,
		sender: ParaId,
		relay_parent: RelayBlockNumber,
		queued: BTreeMap<ParaId, Vec<Payload>>,
	) -> Result<Candidate, VerificationError> {
		let egress = self.outbox(sender).commit(relay_parent, queued)?;
		Ok(Candidate {
			para: sender,
			relay_parent,
			egress,
			ingress: IngressCommitment::empty(relay.watermark(sender)),
			consumed: Vec::new(),
		})
	}

	/// As [`Outboxes::send`], with `count` payloads of `size` bytes to each destination of
	/// `sends`, the `n`th of them filled with the byte `n` (and cut to the protocol's
	/// `MAX_MESSAGE_SIZE`): traffic for checks that count messages and bytes, not read them.
	pub fn send_filled(
		&mut self,
		relay: &impl RelayView,
		sender: ParaId,
		relay_parent: RelayBlockNumber,
		sends: &[(ParaId, u64)],
		size: usize,
	) -> Result<Candidate, VerificationError> {
		let queued = sends
			.iter()
			.map(|&(destination, count)| {
				let payloads =
					(0..count).map(|n| Payload::truncate_from(vec![n as u8; size])).collect();
				(destination, payloads)
			})
			.collect();
		self.send(relay, sender, relay_parent, queued)
	}

	/// The batch `sender`'s block at `sent_at` committed for `destination`, as its collator
	/// routes it: whole, with its entry proof. `None` if there is none, or no longer.
	pub fn route(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		destination: ParaId,
	) -> Option<RoutedBatch> {
		self.0.get(&sender)?.route(sent_at, destination)
	}
}

impl Deref for Outboxes {
	type Target = BTreeMap<ParaId, Outbox>;

	fn deref(&self) -> &Self::Target {
		&self.0
	}
}

impl DerefMut for Outboxes {
	fn deref_mut(&mut self) -> &mut Self::Target {
		&mut self.0
	}
}

/// The candidate of `receiver`'s honest block at `relay_parent` that sends nothing, consumes
/// `batches` (those from a sender `relay` says the receiver blocks, and those expired at
/// `relay_parent`, without their messages: [`RoutedBatch::refused`]), reaches `watermark` and makes `changes` to its block list. Its
/// ingress commitment moves, for each sender, the cursor to where the sender's last batch ends,
/// rejected when the receiver blocks the sender, the batch expired, or it breaks its channel's limits
/// ([`LimitBreach::of`]; such a batch keeps its messages, which show the breach).
pub fn receiving_candidate(
	relay: &impl RelayView,
	receiver: ParaId,
	relay_parent: RelayBlockNumber,
	batches: Vec<RoutedBatch>,
	watermark: RelayBlockNumber,
	changes: BlockListChanges,
) -> Result<Candidate, VerificationError> {
	let mut cursors = BTreeMap::new();
	let mut consumed = Vec::with_capacity(batches.len());
	for batch in batches {
		let blocked = relay.blocks(receiver, batch.sender);
		let without_messages =
			refusal_without_messages(blocked, relay_parent, &batch.entry).is_some();
		let breaks_limits = relay
			.channel(batch.sender, receiver, batch.entry.sent_at)
			.is_some_and(|limits| LimitBreach::of(&batch, &limits).is_some());
		cursors
			.insert(batch.sender, IngressCursor::after(&batch, without_messages || breaks_limits));
		consumed.push(if without_messages { batch.refused() } else { batch });
	}
	Ok(Candidate {
		para: receiver,
		relay_parent,
		egress: EgressCommitment::empty(),
		ingress: IngressCommitment::new(cursors.into_values().collect(), watermark, changes)?,
		consumed,
	})
}
