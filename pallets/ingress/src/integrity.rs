//! The runtime's configuration checked against the protocol and against itself.

use crate::{inherent::InherentShape, Config, Pallet, WatermarkWalk, WeightModel, MIN_PAGE_BYTES};
use codec::Encode;
use frame_support::{ensure, traits::Get, weights::Weight};
use xcmp_primitives::{
	limits::{
		MAX_BATCHES_PER_BLOCK, MAX_BLOCKED_SENDERS, MAX_CHANNEL_CAPACITY,
		MAX_DESTINATIONS_PER_BLOCK, MAX_MESSAGE_SIZE, MAX_WATERMARK_ADVANCE,
	},
	ParaId, Payload,
};
use xcmp_primitives::{outcome::MAX_OUTCOMES_PER_INHERENT, relay_state::PendingOutbound};

/// Linear bounds on the nodes of a storage proof of `x` encoded bytes, `fixed + x / per` for each
/// `(fixed, per)`. Of a plain proof's distinct nodes: an encoded node takes its own bytes and a
/// byte or more of length, so one node takes one byte (the empty one), 256 take two, 65,536
/// three, and any other four or more. A compact proof's nodes need not be distinct, but in one
/// that decodes (an inherent whose proof does not fails, and its block with it) every node but
/// the root is a child its parent marks with an empty reference (a byte), and is a leaf (a header
/// and a value's length at least) or a branch (a header and a bitmap at least): with its length
/// byte, four bytes or more each, so at most `1 + x / 4` nodes, within both bounds.
const PROOF_NODE_BOUNDS: [(u32, u32); 2] = [(257, 3), (65_793, 4)];

impl<T: Config> Pallet<T> {
	/// Checks the runtime's [`Config`] against the protocol's ceilings and against itself: every
	/// bound within the protocol's, every message of the protocol's largest size fits a page, the
	/// service budget and the inherent, any batch fits a sender's empty share of the queue and a
	/// sender's full share leaves room for any batch of another, and the largest inherent fits a
	/// block. `integrity_test`
	/// refuses a runtime for which this fails; tests can call it directly.
	pub fn check_config() -> Result<(), &'static str> {
		let batches = T::MaxBatchesPerInherent::get();
		ensure!(
			(1..=MAX_BATCHES_PER_BLOCK).contains(&batches),
			"MaxBatchesPerInherent must be in 1..=MAX_BATCHES_PER_BLOCK"
		);
		ensure!(
			(1..=MAX_DESTINATIONS_PER_BLOCK).contains(&T::MaxRelayViewChannels::get()),
			"MaxRelayViewChannels must be in 1..=MAX_DESTINATIONS_PER_BLOCK"
		);
		ensure!(
			T::PendingOutbound::max_pending_destinations() <= T::MaxRelayViewChannels::get(),
			"MaxRelayViewChannels must cover every destination the egress side may have pending"
		);
		ensure!(T::MaxInboundChannels::get() > 0, "a parachain must be able to receive");
		ensure!(T::MaxBlockedSenders::get() > 0, "a parachain must be able to block");
		ensure!(
			T::MaxBlockedSenders::get() <= MAX_BLOCKED_SENDERS,
			"MaxBlockedSenders must be at most MAX_BLOCKED_SENDERS: validators refuse a longer \
			 block list"
		);
		ensure!(T::MaxParkedPerSender::get() > 0, "parked messages need room");
		ensure!(
			(1..=MAX_WATERMARK_ADVANCE).contains(&T::MaxWatermarkAdvance::get()),
			"MaxWatermarkAdvance must be in 1..=MAX_WATERMARK_ADVANCE"
		);
		ensure!(
			T::MaxInherentSize::get() > MAX_MESSAGE_SIZE,
			"MaxInherentSize must fit a message of the protocol's largest size"
		);
		ensure!(
			T::MaxQueuedMessages::get() >= MAX_CHANNEL_CAPACITY,
			"MaxQueuedMessages must fit a batch of the largest channel capacity"
		);
		ensure!(
			T::MaxQueuedBytes::get() >= u64::from(T::MaxInherentSize::get()),
			"MaxQueuedBytes must fit any batch an inherent can carry"
		);
		// One sender's share fits any batch, and a full share leaves room in the queue for any
		// batch of another sender: one sender whose messages cannot progress cannot stop the
		// others' batches.
		let per_sender = T::MaxQueuedMessagesPerSender::get();
		ensure!(
			per_sender >= MAX_CHANNEL_CAPACITY,
			"MaxQueuedMessagesPerSender must fit a batch of the largest channel capacity"
		);
		ensure!(
			per_sender.saturating_add(MAX_CHANNEL_CAPACITY) <= T::MaxQueuedMessages::get(),
			"MaxQueuedMessages must fit a sender's full share and a batch of another"
		);
		let per_sender = T::MaxQueuedBytesPerSender::get();
		let inherent = u64::from(T::MaxInherentSize::get());
		ensure!(
			per_sender >= inherent,
			"MaxQueuedBytesPerSender must fit any batch an inherent can carry"
		);
		ensure!(
			per_sender.saturating_add(inherent) <= T::MaxQueuedBytes::get(),
			"MaxQueuedBytes must fit a sender's full share and any batch of another"
		);
		ensure!(
			T::MaxPageBytes::get() >= MIN_PAGE_BYTES,
			"MaxPageBytes must fit a message of the protocol's largest size"
		);
		let service = T::ServiceWeight::get();
		let first = WeightModel::<T>::service_queue_base()
			.saturating_add(WeightModel::<T>::service_page(T::MaxPageBytes::get()))
			.saturating_add(WeightModel::<T>::service_message(MAX_MESSAGE_SIZE))
			.saturating_add(WeightModel::<T>::park_message())
			.saturating_add(Self::outcome_weight());
		ensure!(
			service.all_gt(first),
			"ServiceWeight must fit a page, a message of the largest size, parking it and its \
			 outcome"
		);
		// The largest inherent: every batch, the pages its bytes can fill (two consecutive
		// pages of a batch hold more than a page's bytes), a relay view of the most outbound
		// channels and the longest watermark walk; and its bytes spent on messages or on its
		// relay-state proof. On messages: as many as the bytes can encode (a refused batch's
		// messages are not queued, so the queue's bound does not cap them), with as many
		// payload bytes. On the proof: as many nodes as the bytes can encode. The same bytes
		// cannot be spent twice, and with the nodes bounded linearly in the proof's bytes the
		// weight is linear in how the bytes are split: largest with all of them on one side.
		let max_block = T::BlockWeights::get().max_block;
		let bytes = T::MaxInherentSize::get();
		let smallest = xcmp_primitives::Message {
			sender: ParaId::new(0),
			destination: ParaId::new(0),
			nonce: 0,
			sent_at: 0,
			payload: Payload::default(),
		}
		.encoded_size() as u32;
		let messages = (bytes / smallest).max(T::MaxQueuedMessages::get());
		let pages = batches.saturating_add(bytes / T::MaxPageBytes::get() * 2);
		let (view, walk) = (T::MaxRelayViewChannels::get(), WatermarkWalk::most::<T>());
		let receive = PROOF_NODE_BOUNDS
			.iter()
			.map(|&(fixed, per)| {
				let on_messages = InherentShape {
					batches,
					messages,
					payload_bytes: bytes,
					proof_bytes: 0,
					proof_nodes: fixed,
					..InherentShape::default()
				};
				let on_proof = InherentShape {
					batches,
					messages: 0,
					payload_bytes: 0,
					proof_bytes: bytes,
					proof_nodes: fixed.saturating_add(bytes / per),
					..InherentShape::default()
				};
				// Outcome reports filling the inherent: each outcome takes at least its nonce
				// and its outcome's tag.
				let on_reports = InherentShape {
					proof_nodes: fixed,
					report_bytes: bytes,
					report_nodes: bytes / per,
					reports: view,
					outcomes: (bytes / 9).min(MAX_OUTCOMES_PER_INHERENT),
					..InherentShape::default()
				};
				let on_messages = on_messages.weight::<T>(pages, view, walk);
				on_messages
					.max(on_proof.weight::<T>(pages, view, walk))
					.max(on_reports.weight::<T>(0, view, walk))
			})
			.fold(Weight::MAX, |least, bound| least.min(bound))
			.saturating_add(service);
		ensure!(receive.all_lte(max_block), "the largest ingress inherent must fit a block");
		Ok(())
	}
}
