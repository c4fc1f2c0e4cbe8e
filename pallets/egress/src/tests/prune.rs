//! Pruning: delivered and refused messages removed and reported; many blocks of traffic lose
//! nothing.

use super::*;

#[test]
fn delivered_messages_are_pruned_and_reported() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			send(B, b"one").unwrap();
			send(B, b"two").unwrap();
			send(C, b"three").unwrap();
		});
		relay.sender_block(|| send(B, b"four").unwrap());
		assert_eq!(relay.receiver_block(B, true, vec![]), 2);
		relay.sender_block(|| {});
		assert!(events().contains(&Event::MessagesDelivered {
			destination: para(B),
			first_nonce: 1,
			last_nonce: 3
		}));
		assert_eq!(Messages::<Test>::iter_prefix(para(B)).count(), 0);
		assert_eq!(HeldBatches::<Test>::iter_prefix(para(B)).count(), 0);
		// The first block still holds C's batch; the second block is gone.
		assert_eq!(CommittedBlocks::<Test>::iter_keys().collect::<Vec<_>>(), [1]);
		assert_eq!(XcmpEgress::pending_destinations(), [para(C)]);
		assert!(take_rejected().is_empty());
		assert_eq!(relay.receiver_block(C, true, vec![]), 1);
		relay.sender_block(|| {});
		assert_eq!(CommittedBlocks::<Test>::iter().count(), 0);
		assert!(XcmpEgress::pending_destinations().is_empty());
		// The relay, too, dropped every root it held for this parachain.
		assert_eq!(relay.records.egress_roots_held(), 0);
	});
}

#[test]
fn messages_refused_by_a_blocking_receiver_are_reported_rejected() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			send(B, b"one").unwrap();
			send(B, b"two").unwrap();
		});
		// B blocks this parachain before consuming the batch.
		relay.receiver_block(B, false, vec![BlockListChange::Blocked(para(SELF))]);
		relay.sender_block(|| {
			assert_noop!(send(B, b"x"), Error::<Test>::DestinationBlocksSender);
		});
		// B must consume the batch by refusal, which the relay records as refused.
		assert_eq!(relay.receiver_block(B, true, vec![BlockListChange::Unblocked(para(SELF))]), 1);
		relay.sender_block(|| send(B, b"after").unwrap());
		assert!(events().contains(&Event::MessagesRejected {
			destination: para(B),
			first_nonce: 1,
			last_nonce: 2,
			reason: RejectionReason::Refused
		}));
		let rejected = take_rejected();
		assert_eq!(
			rejected.iter().map(|(id, p, r)| (id.nonce, p.clone(), *r)).collect::<Vec<_>>(),
			[
				(1, b"one".to_vec(), RejectionReason::Refused),
				(2, b"two".to_vec(), RejectionReason::Refused)
			]
		);
		// Unblocked: the next message is delivered as usual.
		relay.receiver_block(B, true, vec![]);
		relay.sender_block(|| {});
		assert!(events().contains(&Event::MessagesDelivered {
			destination: para(B),
			first_nonce: 3,
			last_nonce: 3
		}));
	});
}

#[test]
fn many_blocks_of_traffic_keep_every_invariant_and_lose_nothing() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let mut sent: BTreeMap<u32, u64> = BTreeMap::new();
		let mut delivered: BTreeMap<u32, u64> = BTreeMap::new();
		for block in 0u32..30 {
			relay.sender_block(|| {
				for (i, d) in [B, C, D].into_iter().enumerate() {
					for _ in 0..(block as usize + i) % 4 {
						if send(d, &[block as u8; 16]).is_ok() {
							*sent.entry(d).or_default() += 1;
						}
					}
				}
			});
			for event in events() {
				if let Event::MessagesDelivered { destination, first_nonce, last_nonce } = event {
					*delivered.entry(u32::from(destination)).or_default() +=
						last_nonce - first_nonce + 1;
				}
			}
			// Receivers produce blocks at different rates.
			for (d, every) in [(B, 1), (C, 3), (D, 7)] {
				if block % every == 0 {
					relay.receiver_block(d, true, vec![]);
				}
			}
		}
		for d in [B, C, D] {
			let held = OutboundChannels::<Test>::get(para(d)).map_or(0, |c| c.held());
			assert_eq!(sent[&d], delivered.get(&d).copied().unwrap_or(0) + held, "channel {d}");
		}
		assert!(delivered.values().sum::<u64>() > 0);
	});
}
