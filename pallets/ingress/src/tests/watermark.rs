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
fn the_watermark_advances_at_most_its_step_and_only_over_proven_digests() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		for _ in 0..20 {
			net.advance();
		}
		let step = MaxWatermarkAdvance::get();
		run_block(net.inherent(vec![]));
		assert_eq!(Watermark::<Test>::get(), step);
		net.include_b(vec![]);
		// Without the digest keys proven, it stays.
		let relay_state_proof = net.prove(&[]);
		run_block(IngressInherentData {
			relay_state_proof,
			outbound_destinations: vec![],
			batches: vec![],
		});
		assert_eq!(Watermark::<Test>::get(), step);
		net.include_b(vec![]);
		run_block(net.inherent(vec![]));
		assert_eq!(Watermark::<Test>::get(), 2 * step);
		net.include_b(vec![]);
	});
}

#[test]
fn the_watermark_starts_below_the_first_inbound_channel() {
	build_and_execute(|| {
		// B's first inbound channels open in relay block 1,000: no batch to it is recorded
		// before, so its watermark moves there at once, whatever its step.
		let mut net = ReceiverNetwork::opened_at(1_000);
		run_block(net.inherent(vec![]));
		assert_eq!(Watermark::<Test>::get(), 1_000);
		net.include_b(vec![]);
		// From there on it passes digests as usual.
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		run_block(net.inherent(vec![]));
		assert_eq!(Watermark::<Test>::get(), 1_001, "held below A's batch, recorded at 1,002");
		net.include_b(vec![]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert_eq!(Watermark::<Test>::get(), 1_003);
		net.include_b(vec![batch]);
	});
}
