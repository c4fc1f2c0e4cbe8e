//! The watermark: how far each block moves it.

use super::*;

#[test]
fn the_watermark_waits_for_every_batch_sent_up_to_it() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		net.advance();
		let sent_at = net.send(&[(A, payloads(1, 1)), (C, payloads(2, 1))]);
		// The relay recorded both batches in the block after `sent_at`.
		let recorded_at = net.relay_block;
		let from_a = net.route(A, sent_at);
		run_block(net.inherent(vec![from_a.clone()]));
		// C's batch is not consumed: the watermark stops just before the block that recorded it.
		assert_eq!(Watermark::<Test>::get(), recorded_at - 1);
		assert!(
			ingress_events().contains(&Event::WatermarkAdvanced { from: 0, to: recorded_at - 1 })
		);
		net.include_b(vec![from_a]);
		let from_c = net.route(C, sent_at);
		run_block(net.inherent(vec![from_c.clone()]));
		assert_eq!(Watermark::<Test>::get(), net.relay_block);
		net.include_b(vec![from_c]);
	});
}

#[test]
fn the_watermark_passes_at_most_its_step_of_digests_and_only_proven_ones() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// A's 12 batches to B, each recorded in a relay block of its own: 12 digests of B.
		let batches: Vec<_> = (0..12)
			.map(|_| {
				let sent_at = net.send(&[(A, payloads(1, 1))]);
				net.route(A, sent_at)
			})
			.collect();
		let digests = net.relay.execute_with(|| {
			pallet_xcmp_relay::Pallet::<relay::Relay>::digest_blocks(para(B), u32::MAX)
		});
		assert_eq!(digests.len(), 12);
		// Without the ends of B's digests proven, the watermark stays.
		run_block(net.inherent_passing_no_digest(vec![]));
		assert_eq!(Watermark::<Test>::get(), 0);
		net.include_b(vec![]);
		// A block consuming all 12 passes its step of them, 8, and stops below the ninth.
		let step = MaxWatermarkAdvance::get() as usize;
		run_block(net.inherent(batches.clone()));
		assert_eq!(Watermark::<Test>::get(), digests[step] - 1);
		net.include_b(batches);
		// Once the relay included it, B holds no digest: the next block's watermark moves to
		// its relay parent.
		run_block(net.inherent(vec![]));
		assert_eq!(Watermark::<Test>::get(), net.relay_block);
		net.include_b(vec![]);
	});
}

#[test]
fn with_no_batch_pending_the_watermark_moves_to_the_relay_parent_however_far() {
	build_and_execute(|| {
		// B's channels opened in relay block 10,000 and nothing was sent to it: its first
		// block's watermark moves there at once, whatever its step.
		let mut net = ReceiverNetwork::opened_at(10_000);
		run_block(net.inherent(vec![]));
		assert_eq!(Watermark::<Test>::get(), 10_000);
		net.include_b(vec![]);
		// From there on it waits for what is sent.
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		run_block(net.inherent(vec![]));
		assert_eq!(Watermark::<Test>::get(), 10_001, "held below A's batch, recorded at 10,002");
		net.include_b(vec![]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert_eq!(Watermark::<Test>::get(), 10_003);
		net.include_b(vec![batch]);
	});
}
