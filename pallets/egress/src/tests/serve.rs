//! Serving: held batches after a receiver's cursor, whole and proven.

use super::*;

#[test]
fn channels_continue_across_blocks_and_serve_after_a_cursor() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"a").unwrap());
		relay.sender_block(|| {});
		relay.sender_block(|| {
			send(B, b"b").unwrap();
			send(B, b"c").unwrap();
		});
		let batches = XcmpEgress::outbound_batches(para(B), 0, 10);
		assert_eq!(
			batches.iter().map(|b| (b.entry.first_nonce, b.entry.sent_at)).collect::<Vec<_>>(),
			[(1, 1), (2, 3)]
		);
		// Each batch continues the previous one's head, against its own block's root.
		let mut cursor = ChannelCursor::default();
		for batch in &batches {
			let root = relay.records.egress_root(para(SELF), batch.entry.sent_at).unwrap();
			cursor = verify_batch(para(B), &root, &cursor, &LIMITS, batch).unwrap();
		}
		assert_eq!(cursor, ChannelCursor { last_nonce: 3, mqc_head: batches[1].entry.mqc_head });
		assert_eq!(XcmpEgress::outbound_batches(para(B), 1, 10).len(), 1);
		assert_eq!(XcmpEgress::outbound_batches(para(B), 0, 1).len(), 1);
		assert!(XcmpEgress::outbound_batches(para(C), 0, 10).is_empty());
		// An empty block commits the empty root and keeps nothing.
		relay.sender_block(|| {});
		assert_eq!(BlockEgressRoot::<Test>::get(), Some(EgressCommitment::empty().egress_root));
		assert_eq!(XcmpEgress::egress_commitment(), EgressCommitment::empty());
	});
}
