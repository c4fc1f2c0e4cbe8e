//! The inherent's weight: what it declares before dispatch grows with what the block will read,
//! the relay-state proof and the watermark's walk, and covers what it uses, which
//! [`run_block`] checks for every block of these tests.

use super::*;
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	weights::Weight,
};
use xcmp_primitives::relay_state::{keys, DEFAULT_RELAY_PALLET_NAME};

/// Takes `data` in a new block and returns the weight it used; then rolls back what it changed.
fn weight_used(data: IngressInherentData) -> Weight {
	start_block(System::block_number() + 1);
	with_transaction(|| TransactionOutcome::Rollback(XcmpIngress::do_receive(data))).unwrap()
}

#[test]
fn the_weight_used_counts_the_watermark_walk_over_senders_not_moved() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// Each block services everything queued: only the walk tells the blocks below apart.
		set_service_budget(8, 8);
		// A and C send in four relay blocks: each of their digests holds an entry of both.
		let sent: Vec<_> =
			(1..=4).map(|tag| net.send(&[(A, payloads(tag, 1)), (C, payloads(tag, 1))])).collect();
		// An inherent that consumes nothing and proves every digest.
		let walking = net.inherent(vec![]);
		// With nothing consumed, its walk stops at the first entry.
		let stopped = weight_used(walking.clone());
		// Once a block consumed every batch, passing no digest, the same inherent walks every
		// digest, reading the channels of A and C, which it moves no cursor of.
		let batches = sent.iter().flat_map(|&at| [net.route(A, at), net.route(C, at)]).collect();
		run_block(net.inherent_passing_no_digest(batches));
		assert_eq!(Watermark::<Test>::get(), 0);
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
		let walked = weight_used(walking.clone());
		assert!(walked.ref_time() > stopped.ref_time(), "{walked:?} against {stopped:?}");
		assert!(walked.proof_size() > stopped.proof_size(), "{walked:?} against {stopped:?}");
		assert!(walked.all_lte(XcmpIngress::receive_weight(&walking)));
		run_block(walking);
		assert_eq!(Watermark::<Test>::get(), net.relay_block);
	});
}

#[test]
fn the_weight_grows_with_the_relay_state_proof() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		let unpadded = net.inherent(vec![batch.clone()]);
		// The same inherent, its proof holding relay state the block does not read besides.
		let name = DEFAULT_RELAY_PALLET_NAME;
		let extra = [
			keys::channel(name, para(A), para(C)),
			keys::channel(name, para(B), para(A)),
			keys::last_egress_at(name, para(A)),
			keys::watermark(name, para(C)),
		];
		let padded = net.inherent_proving_besides(vec![batch], &extra);
		assert!(
			padded.relay_state_proof.encoded_size() > unpadded.relay_state_proof.encoded_size()
		);
		let (declared_unpadded, declared_padded) =
			(XcmpIngress::receive_weight(&unpadded), XcmpIngress::receive_weight(&padded));
		assert!(declared_padded.ref_time() > declared_unpadded.ref_time());
		let (used_unpadded, used_padded) = (weight_used(unpadded), weight_used(padded.clone()));
		assert!(used_padded.ref_time() > used_unpadded.ref_time());
		assert!(used_padded.all_lte(declared_padded));
		run_block(padded);
	});
}

#[test]
fn the_declared_weight_covers_the_longest_watermark_walk() {
	build_and_execute(|| {
		// As many senders as the pallet keeps channels for, their channels open in relay block
		// 0; each sends in each of the relay blocks a watermark may pass in one block.
		let most = <MaxInboundChannels as frame_support::traits::Get<u32>>::get();
		let senders: Vec<u32> = (1..=most).map(|n| 5_000 + n).collect();
		let mut net = ReceiverNetwork::with_senders(0, &senders);
		let sends: Vec<_> = senders.iter().map(|&sender| (sender, payloads(1, 1))).collect();
		let sent: Vec<_> = (0..MaxWatermarkAdvance::get()).map(|_| net.send(&sends)).collect();
		// Blocks consume every batch, passing no digest.
		let batches: Vec<_> =
			sent.iter().flat_map(|&at| senders.iter().map(move |&s| (s, at))).collect();
		for chunk in batches.chunks(MaxBatchesPerInherent::get() as usize) {
			let chunk = chunk.iter().map(|&(sender, at)| net.route(sender, at)).collect();
			run_block(net.inherent_passing_no_digest(chunk));
		}
		assert_eq!(Watermark::<Test>::get(), 0);
		// Then one walks every digest, with an entry of every sender, moving no cursor: the
		// longest walk there is, which is what its declared weight counts.
		let walking = net.inherent(vec![]);
		start_block(System::block_number() + 1);
		let taken = with_transaction(|| {
			TransactionOutcome::Rollback(XcmpIngress::take_inherent(walking.clone()))
		})
		.unwrap();
		assert_eq!(taken.walk, WatermarkWalk::most::<Test>());
		end_block();
		run_block(walking);
		assert_eq!(Watermark::<Test>::get(), MaxWatermarkAdvance::get());
	});
}
