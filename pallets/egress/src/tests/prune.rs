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
		assert_eq!(BatchPages::<Test>::iter_prefix(para(B)).count(), 0);
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
fn batches_given_a_deadline_are_reclaimed_once_safe_and_their_receiver_refuses_them() {
	build_and_execute(|| {
		DeliveryTimeout::set(Some(4));
		let mut relay = Relay::new();
		// Committed at relay parent 1: expired from relay block 5, reclaimable from 8 on.
		relay.sender_block(|| {
			send(B, b"one").unwrap();
			send(B, b"two").unwrap();
			send(C, b"to C").unwrap();
		});
		relay.sender_block(|| send(B, b"three").unwrap());
		assert_eq!(HeldBatches::<Test>::get(para(B), 1).unwrap().expires_at, Some(5));
		// C consumes its batch in time; B says nothing.
		assert_eq!(relay.receiver_block(C, true, vec![]), 1);
		while relay.now < 8 {
			relay.sender_block(|| {});
			assert!(take_rejected().is_empty(), "nothing reclaimed at relay parent {}", relay.now);
		}
		// At 8 the first batch is reclaimed: reported, and given to the hook, once. The second,
		// expiring at 6, waits for relay parent 9.
		relay.sender_block(|| {});
		assert!(events().contains(&Event::MessagesRejected {
			destination: para(B),
			first_nonce: 1,
			last_nonce: 2,
			reason: RejectionReason::TimedOut
		}));
		let rejected = take_rejected();
		assert_eq!(
			rejected.iter().map(|(id, p, r)| (id.nonce, p.clone(), *r)).collect::<Vec<_>>(),
			[
				(1, b"one".to_vec(), RejectionReason::TimedOut),
				(2, b"two".to_vec(), RejectionReason::TimedOut)
			]
		);
		relay.sender_block(|| {});
		assert_eq!(take_rejected().len(), 1);
		let channel = OutboundChannels::<Test>::get(para(B)).unwrap();
		assert_eq!((channel.last_pruned, channel.last_reclaimed), (0, 3));
		// Held until B consumes them, for its collator to route as refusals: B wakes up and
		// must refuse both, expired, with their entries alone.
		assert_eq!(XcmpEgress::outbound_batches(para(B), 0, 10).len(), 2);
		assert_eq!(relay.receiver_block(B, true, vec![]), 2);
		assert_eq!(relay.records.refused(para(SELF), para(B)).len(), 1);
		relay.sender_block(|| send(B, b"four").unwrap());
		// Pruned without a second report, and the channel goes on.
		assert!(take_rejected().is_empty());
		assert!(!events().iter().any(|event| matches!(
			event,
			Event::MessagesRejected { reason: RejectionReason::Refused, .. }
				| Event::MessagesDelivered { destination: _, first_nonce: 1..=3, .. }
		)));
		assert_eq!(XcmpEgress::held_messages(para(B)).len(), 1);
		assert_eq!(relay.receiver_block(B, true, vec![]), 1);
		relay.sender_block(|| {});
		assert!(events().contains(&Event::MessagesDelivered {
			destination: para(B),
			first_nonce: 4,
			last_nonce: 4
		}));
		assert!(XcmpEgress::pending_destinations().is_empty());
	});
}

#[test]
fn a_batch_its_receiver_consumed_in_time_is_never_reclaimed() {
	build_and_execute(|| {
		DeliveryTimeout::set(Some(4));
		let mut relay = Relay::new();
		relay.sender_block(|| send(B, b"one").unwrap());
		// B consumes it on relay parent 4, the last before it expires.
		while relay.now < 4 {
			relay.sender_block(|| {});
		}
		assert_eq!(relay.receiver_block(B, true, vec![]), 1);
		for _ in 0..6 {
			relay.sender_block(|| {});
		}
		assert!(take_rejected().is_empty());
		assert!(events().iter().all(|event| !matches!(event, Event::MessagesRejected { .. })));
		assert!(XcmpEgress::pending_destinations().is_empty());
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

/// The worst case the mock allows: every channel holding as many one-message batches as it may,
/// all consumed at once, one receiver refusing its batches. Each block's pruning costs no more
/// than its `on_initialize` charged, which fits the block; the pruning goes on over the next
/// blocks until every message is reported exactly once, delivered or rejected.
#[test]
fn the_worst_case_of_pruning_fits_every_block_and_reports_each_message_once() {
	build_and_execute(|| {
		let mut relay = Relay::roomy();
		let held = u64::from(MaxHeldPerChannel::get());
		let destinations = [B, C, D, E];
		let mut sent = BTreeMap::<u32, u64>::new();
		while sent.values().sum::<u64>() < held * destinations.len() as u64 {
			relay.sender_block(|| {
				let mut chosen: Vec<u32> = destinations
					.into_iter()
					.filter(|d| sent.get(d).copied().unwrap_or(0) < held)
					.collect();
				chosen.sort_by_key(|d| sent.get(d).copied().unwrap_or(0));
				for d in chosen.into_iter().take(MaxDestinationsPerBlock::get() as usize) {
					send(d, &[d as u8; 16]).unwrap();
					*sent.entry(d).or_default() += 1;
				}
			});
		}
		assert_eq!(HeldBatches::<Test>::iter().count() as u64, held * destinations.len() as u64);
		// E refuses its batches; every receiver consumes everything at once.
		relay.receiver_block(E, false, vec![BlockListChange::Blocked(para(SELF))]);
		for d in [B, C, D] {
			assert_eq!(relay.receiver_block(d, true, vec![]) as u64, held);
		}
		relay.receiver_block(E, true, vec![BlockListChange::Unblocked(para(SELF))]);

		let max_block = MockBlockWeights::get().max_block;
		let mut reported = BTreeMap::<(u32, Nonce), Vec<bool>>::new();
		let mut blocks = 0;
		while !XcmpEgress::pending_destinations().is_empty() {
			blocks += 1;
			assert!(blocks <= 40, "pruning makes no progress");
			let batches_before = HeldBatches::<Test>::iter().count();
			relay.sender_block(|| {});
			let charged = charged_on_initialize();
			let (pruning, nonces) = pruning_done(batches_before);
			// The block also commits (nothing): its fixed part.
			let work = pruning.saturating_add(<() as crate::WeightInfo>::commit(0, 0, 0));
			assert!(charged.all_lte(max_block), "block {blocks}: charged {charged} over the block");
			assert!(work.all_lte(charged), "block {blocks}: did {work}, charged {charged}");
			assert!(!nonces.is_empty(), "block {blocks} pruned nothing");
			for (d, nonce, refused) in nonces {
				reported.entry((d, nonce)).or_default().push(refused);
			}
		}
		assert!(blocks > 1, "the worst case should take more than one block's budget");
		for d in destinations {
			for nonce in 1..=held {
				assert_eq!(reported.remove(&(d, nonce)), Some(vec![d == E]), "{d}, nonce {nonce}");
			}
		}
		assert!(reported.is_empty());
		assert_eq!(HooksBacklog::<Test>::get(), Backlog::default());
		assert_eq!(CommittedBlocks::<Test>::iter().count(), 0);
		assert_eq!(CommittedBlockBatches::<Test>::iter().count(), 0);
	});
}

/// A receiver refusing more messages than one block's budget can tell the rejection hook of:
/// each block charges the hook's weight for the ones it reports, and no more are reported than
/// it charged for; the rest follow in the next blocks.
#[test]
fn the_rejection_hook_is_charged_in_the_block_that_calls_it() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			for i in 0..LIMITS.max_capacity {
				send(B, &[i as u8; 100]).unwrap();
			}
		});
		// 2 ms a rejection: a block's budget (12 ms) reaches about five.
		RejectionWeight::set((Weight::from_parts(2_000_000_000, 1_024), 1_000));
		relay.receiver_block(B, false, vec![BlockListChange::Blocked(para(SELF))]);
		relay.receiver_block(B, true, vec![BlockListChange::Unblocked(para(SELF))]);
		let mut rejected = Vec::new();
		let mut blocks = 0;
		while !XcmpEgress::pending_destinations().is_empty() {
			blocks += 1;
			assert!(blocks <= 10, "pruning makes no progress");
			let batches_before = HeldBatches::<Test>::iter().count();
			relay.sender_block(|| {});
			let charged = charged_on_initialize();
			let (work, nonces) = pruning_done(batches_before);
			assert!(work.all_lte(charged), "block {blocks}: did {work}, charged {charged}");
			assert!(nonces.iter().all(|(_, _, refused)| *refused));
			rejected.extend(nonces.into_iter().map(|(_, nonce, _)| nonce));
		}
		assert!(blocks > 1, "ten rejections do not fit one block's budget");
		assert_eq!(rejected, (1..=u64::from(LIMITS.max_capacity)).collect::<Vec<_>>());
	});
}

/// More timed-out messages than one block's budget can tell the rejection hook of: each block
/// reclaims what it charged for, stopping inside the batch and going on from there in the next,
/// until every message is reported timed out exactly once, in order.
#[test]
fn reclaiming_stops_at_the_budget_and_resumes_inside_the_batch() {
	build_and_execute(|| {
		DeliveryTimeout::set(Some(2));
		let mut relay = Relay::new();
		relay.sender_block(|| {
			for i in 0..LIMITS.max_capacity {
				send(B, &[i as u8; 100]).unwrap();
			}
		});
		// 2 ms a rejection: a block's budget (12 ms) reaches about five.
		RejectionWeight::set((Weight::from_parts(2_000_000_000, 1_024), 1_000));
		let mut reclaimed = Vec::new();
		let mut blocks = 0;
		while reclaimed.len() < LIMITS.max_capacity as usize {
			blocks += 1;
			assert!(blocks <= 10, "reclaiming makes no progress");
			relay.sender_block(|| {});
			let charged = charged_on_initialize();
			let hooks = take_rejected();
			let work = hooks.iter().fold(Weight::zero(), |weight, (_, payload, reason)| {
				assert_eq!(*reason, RejectionReason::TimedOut);
				weight.saturating_add(XcmpEgress::refusal_weight(payload.len() as u32))
			});
			assert!(work.all_lte(charged), "block {blocks}: did {work}, charged {charged}");
			reclaimed.extend(hooks.into_iter().map(|(id, _, _)| id.nonce));
		}
		assert!(blocks > 2, "ten reclaims do not fit one block's budget");
		assert_eq!(reclaimed, (1..=u64::from(LIMITS.max_capacity)).collect::<Vec<_>>());
		// Held until B refuses the batch, then gone without another report.
		assert_eq!(XcmpEgress::pending_destinations(), [para(B)]);
		assert_eq!(relay.receiver_block(B, true, vec![]), 1);
		relay.sender_block(|| {});
		assert!(take_rejected().is_empty());
		assert!(XcmpEgress::pending_destinations().is_empty());
		assert_eq!(HooksBacklog::<Test>::get(), Backlog::default());
	});
}
