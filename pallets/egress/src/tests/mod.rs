//! The egress pallet against a relay chain that checks its candidates with the validators'
//! verifier (`xcmp_verifier::InMemoryRelay`, the reference of the relay's records): every block's
//! relay view is what that relay recorded, every commitment must be accepted by the verifier, and
//! receivers consume what the pallet serves, with its proofs.

mod commit;
mod integrity;
mod prune;
mod send;
mod serve;

use crate::{mock::*, *};
use frame_support::weights::Weight;
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_runtime::DispatchError;
use std::collections::{BTreeMap, BTreeSet};
use xcmp_primitives::{
	consume_batch, refusal_without_messages,
	relay_state::{ChannelState, OutboundChannelView},
	verify_batch, BlockListChange, ChannelCursor, ChannelLimits, IngressCommitment, IngressCursor,
	H256,
};
use xcmp_verifier::{verify_candidate, Candidate, InMemoryRelay, RelayRecords, RelayView};

pub(super) const B: u32 = 2000;
pub(super) const C: u32 = 3000;
pub(super) const D: u32 = 4000;
pub(super) const E: u32 = 5000;
pub(super) const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 10, max_total_size: 2_000, max_message_size: 512 };

pub(super) fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

pub(super) fn payload(bytes: &[u8]) -> Payload {
	Payload::try_from(bytes.to_vec()).unwrap()
}

pub(super) fn send(destination: u32, bytes: &[u8]) -> Result<MessageId, DispatchError> {
	XcmpEgress::do_send(para(destination), payload(bytes))
}

/// What the pruning of the current block did, counted from its effects (events, held batches
/// dropped, rejections reported, pages read back) and priced with the pallet's weights: a lower
/// bound of its cost, whatever the pallet's own accounting says. Also returns the nonces it
/// reported, each with whether it was refused, and forgets the reported rejections.
pub(super) fn pruning_done(batches_before: usize) -> (Weight, Vec<(u32, Nonce, bool)>) {
	let mut destinations = BTreeSet::new();
	let mut reported = Vec::new();
	for event in events() {
		let (destination, first_nonce, last_nonce, refused) = match event {
			Event::MessagesDelivered { destination, first_nonce, last_nonce } => {
				(destination, first_nonce, last_nonce, false)
			}
			Event::MessagesRejected {
				destination,
				first_nonce,
				last_nonce,
				reason: RejectionReason::Refused,
			} => (destination, first_nonce, last_nonce, true),
			_ => continue,
		};
		destinations.insert(destination);
		reported.extend((first_nonce..=last_nonce).map(|n| (u32::from(destination), n, refused)));
	}
	let dropped = batches_before - HeldBatches::<Test>::iter().count();
	// Each rejected message's hook and, for each destination with rejected messages, at least
	// one page read back holding them: a batch's page is read once, for its first rejection.
	let mut hooks = Weight::zero();
	let mut rejected_pages: BTreeMap<ParaId, (u64, u64)> = BTreeMap::new();
	for (id, payload, _) in take_rejected() {
		let len = payload.len() as u32;
		hooks = hooks.saturating_add(<Test as Config>::OnRejected::on_message_rejected_weight(len));
		let (bytes, messages) = rejected_pages.entry(id.destination).or_default();
		*bytes += u64::from(len);
		*messages += 1;
	}
	let page_reads = rejected_pages.values().fold(Weight::zero(), |weight, (bytes, messages)| {
		weight
			.saturating_add(XcmpEgress::page_read_weight(XcmpEgress::page_bound(*bytes, *messages)))
	});
	let work = <() as crate::WeightInfo>::prune(
		destinations.len() as u32,
		dropped as u32,
		reported.len() as u32,
	)
	.saturating_add(hooks)
	.saturating_add(page_reads);
	(work, reported)
}

pub(super) fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::XcmpEgress(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// A relay chain recording this parachain's and its receivers' candidates, one relay block at a
/// time.
pub(super) struct Relay {
	pub(super) records: InMemoryRelay,
	/// The relay block the next parachain block builds on.
	pub(super) now: RelayBlockNumber,
}

impl Relay {
	/// Channels from this parachain to B, C and D (not E).
	pub(super) fn new() -> Self {
		let mut records = InMemoryRelay::default();
		for receiver in [B, C, D] {
			records.open_channel(para(SELF), para(receiver), LIMITS);
		}
		Self { records, now: 1 }
	}

	/// Channels from this parachain to B, C, D and E, each with room for as many messages as
	/// the pallet holds ([`MaxHeldPerChannel`]).
	pub(super) fn roomy() -> Self {
		let mut records = InMemoryRelay::default();
		let roomy = ChannelLimits {
			max_capacity: MaxHeldPerChannel::get(),
			max_total_size: MaxHeldPerChannel::get() * LIMITS.max_message_size,
			..LIMITS
		};
		for receiver in [B, C, D, E] {
			records.open_channel(para(SELF), para(receiver), roomy);
		}
		Self { records, now: 1 }
	}

	/// This parachain's relay view at relay parent `now`: every destination B to E.
	pub(super) fn view(&self) -> RelayViewOfBlock {
		let me = para(SELF);
		let channels = [B, C, D, E]
			.into_iter()
			.map(|d| {
				let d = para(d);
				let state = self.records.channel_state(me, d);
				(d, OutboundChannelView { state, blocked: self.records.blocks(d, me) })
			})
			.collect();
		(self.now, channels)
	}

	/// Runs one block of this parachain at the current relay parent: `sends` between its
	/// inherent (the relay view) and `on_finalize`. Returns what `sends` returned and the block's
	/// candidate, built from the pallet's commitment.
	pub(super) fn build_sender_block<R>(&mut self, sends: impl FnOnce() -> R) -> (R, Candidate) {
		start_block();
		set_relay_view(Some(self.view()));
		let result = sends();
		finish_block();
		let candidate = Candidate {
			para: para(SELF),
			relay_parent: self.now,
			egress: XcmpEgress::egress_commitment(),
			ingress: IngressCommitment::new(
				vec![],
				self.records.watermark(para(SELF)),
				Default::default(),
			)
			.unwrap(),
			consumed: vec![],
		};
		(result, candidate)
	}

	/// Has the verifier check `candidate`; the relay records it and moves on one block.
	pub(super) fn include(&mut self, candidate: &Candidate) {
		let update = verify_candidate(&self.records, candidate).expect("the verifier accepts");
		self.now += 1;
		self.records.apply(&update, self.now);
	}

	/// Runs one more block of this parachain on the last block's relay parent: it cannot commit
	/// (one egress per relay parent), so the messages `sends` queues wait, uncommitted.
	pub(super) fn block_on_last_relay_parent<R>(&self, sends: impl FnOnce() -> R) -> R {
		start_block();
		set_relay_view(Some((self.now - 1, self.view().1)));
		let result = sends();
		finish_block();
		result
	}

	/// [`Self::build_sender_block`], then the verifier must accept its candidate.
	pub(super) fn sender_block<R>(&mut self, sends: impl FnOnce() -> R) -> R {
		let (result, candidate) = self.build_sender_block(sends);
		self.include(&candidate);
		result
	}

	/// A block of `receiver` that, if `consume`, consumes the batches this parachain serves it
	/// after its cursor, refusing them if it blocks this parachain or they expired, as far as
	/// they are consumed alike, checked by the verifier and recorded.
	pub(super) fn receiver_block(
		&mut self,
		receiver: u32,
		consume: bool,
		changes: Vec<BlockListChange>,
	) -> usize {
		let (me, receiver) = (para(SELF), para(receiver));
		let cursor = self.records.cursor(me, receiver);
		let batches = if consume {
			XcmpEgress::outbound_batches(receiver, cursor.last_nonce, 100)
		} else {
			vec![]
		};
		let watermark = if consume { self.now } else { self.records.watermark(receiver) };
		let blocked = self.records.blocks(receiver, me);
		let limits = self.records.limits(me, receiver).unwrap_or(LIMITS);
		let mut reached = cursor;
		let mut refusing = None;
		let mut routed = Vec::new();
		for batch in batches {
			let refuse = refusal_without_messages(blocked, self.now, &batch.entry).is_some();
			if refusing.is_some_and(|refusing| refusing != refuse) {
				break;
			}
			refusing = Some(refuse);
			let batch = if refuse { batch.refused() } else { batch };
			let root = self.records.egress_root(me, batch.entry.sent_at).unwrap();
			let (next, _) =
				consume_batch(receiver, &root, &reached, &limits, blocked, self.now, &batch)
					.unwrap();
			reached = next;
			routed.push(batch);
		}
		let (batches, refused) = (routed, refusing == Some(true));
		let cursors = if batches.is_empty() {
			vec![]
		} else {
			vec![IngressCursor {
				sender: me,
				last_nonce: reached.last_nonce,
				mqc_head: reached.mqc_head,
				rejected: refused,
			}]
		};
		let consumed = batches.len();
		self.include(&Candidate {
			para: receiver,
			relay_parent: self.now,
			egress: EgressCommitment::empty(),
			ingress: IngressCommitment::new(cursors, watermark, changes.try_into().unwrap())
				.unwrap(),
			consumed: batches,
		});
		consumed
	}
}
