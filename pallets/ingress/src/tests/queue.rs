//! The paged queue and its service: budgets, fairness, parked messages and unreadable pages.

use super::*;

#[test]
fn messages_over_the_weight_budget_wait_and_are_processed_exactly_once_in_order() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		set_service_messages(3);
		let sent_at = net.send(&[(A, payloads(1, 10))]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert_eq!(processed(), from(A, payloads(1, 3)));
		assert_eq!(Footprint::<Test>::get().messages, 7);
		// The cursor moved at once: the commitment says the batch was consumed.
		assert_eq!(cursor_of(A).last_nonce, 10);
		net.include_b(vec![batch]);
		for (block, expected) in [(2, 6), (3, 9), (4, 10), (5, 10)] {
			run_block(net.inherent(vec![]));
			assert_eq!(processed().len(), expected, "after block {block}");
			net.include_b(vec![]);
		}
		assert_eq!(processed(), from(A, payloads(1, 10)));
		assert!(ReadySenders::<Test>::get().is_empty());
	});
}

#[test]
fn a_batch_is_queued_in_pages_served_a_page_at_a_time_in_order() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// Three 2-byte messages a page (each takes 3 bytes): 10 messages take 4 pages.
		set_max_page_bytes(10);
		set_service_budget(2, 4);
		let sent = payloads(1, 10);
		let sent_at = net.send(&[(A, sent.clone())]);
		let batch = net.route(A, sent_at);
		let data = net.inherent(vec![batch.clone()]);
		assert_eq!(XcmpIngress::pages_needed_by(&data), 4);
		run_block(data);
		// The first page was served whole and removed, the second has one message served.
		assert_eq!(processed(), from(A, sent[..4].to_vec()));
		let channel = InboundChannels::<Test>::get(para(A)).unwrap();
		assert_eq!((channel.queue_head, channel.queue_tail), (1, 4));
		assert!(InboundQueue::<Test>::get(para(A), 0).is_none());
		let page = InboundQueue::<Test>::get(para(A), 1).unwrap();
		assert_eq!((page.next_nonce, page.remaining, page.offset), (5, 2, 3));
		assert_eq!(Footprint::<Test>::get(), QueueFootprint { messages: 6, bytes: 12 });
		net.include_b(vec![batch]);
		for expected in [8, 10] {
			run_block(net.inherent(vec![]));
			assert_eq!(processed(), from(A, sent[..expected].to_vec()));
			net.include_b(vec![]);
		}
		let channel = InboundChannels::<Test>::get(para(A)).unwrap();
		assert_eq!((channel.queue_head, channel.queue_tail), (4, 4));
		assert!(InboundQueue::<Test>::iter().next().is_none());
		assert!(ReadySenders::<Test>::get().is_empty());
		let nonces: Vec<_> = ingress_events()
			.into_iter()
			.filter_map(|event| match event {
				Event::Processed { nonce, .. } => Some(nonce),
				_ => None,
			})
			.collect();
		assert_eq!(nonces, vec![9, 10], "the last block's events");
	});
}

/// The events of the current block that report a channel stalled or resumed.
fn stalls_and_resumptions() -> Vec<Event<Test>> {
	ingress_events()
		.into_iter()
		.filter(|e| matches!(e, Event::ChannelStalled { .. } | Event::ChannelResumed { .. }))
		.collect()
}

/// Services the queue alone in a block of its own, without an inherent, and returns the weight
/// charged; the block reports no channel stalled or resumed.
fn service_alone() -> frame_support::weights::Weight {
	start_block(System::block_number() + 1);
	let used = XcmpIngress::service_queue(frame_support::weights::Weight::MAX);
	assert_eq!(stalls_and_resumptions(), vec![]);
	end_block();
	used
}

#[test]
fn a_page_the_runtime_can_no_longer_read_is_kept_and_its_channel_resumes_once_it_reads() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		set_max_page_bytes(10);
		// Nothing is served in the receiving block.
		set_service_budget(0, 0);
		let first = net.send(&[(A, payloads(1, 3))]);
		let second = net.send(&[(A, payloads(2, 2))]);
		let batches = vec![net.route(A, first), net.route(A, second)];
		// Another sender's message waits too: it must be served, and the footprint stay exact.
		let third = net.send(&[(C, payloads(3, 1))]);
		let batches = [batches, vec![net.route(C, third)]].concat();
		run_block(net.inherent(batches.clone()));
		assert_eq!(Footprint::<Test>::get(), QueueFootprint { messages: 6, bytes: 12 });
		// An upgrade shrinks the pages below the first one's 9 heap bytes: it no longer decodes.
		set_max_page_bytes(8);
		set_service_budget(3, 10);
		net.include_b(batches);
		run_block(net.inherent(vec![]));
		// C is served; A waits, its second page behind its first, nothing of it lost.
		assert_eq!(processed(), from(C, payloads(3, 1)));
		let key = InboundQueue::<Test>::hashed_key_for(para(A), 0);
		let len = frame_support::storage::unhashed::get_raw(&key).unwrap().len() as u32;
		assert_eq!(len, 26);
		assert_eq!(
			stalls_and_resumptions(),
			vec![Event::ChannelStalled { sender: para(A), page: 0, len }]
		);
		let channel = InboundChannels::<Test>::get(para(A)).unwrap();
		assert_eq!(
			(channel.queue_head, channel.queue_tail, channel.unreadable_head),
			(0, 2, Some(len))
		);
		assert_eq!(Footprint::<Test>::get(), QueueFootprint { messages: 5, bytes: 10 });
		assert_eq!(ReadySenders::<Test>::get().into_inner(), vec![para(A)]);
		// The kept page is counted, read without the bound.
		XcmpIngress::do_try_state().unwrap();
		// While it cannot fit the bound it is not read again: trying costs its channel's read,
		// not the page's bytes, and is not reported again.
		net.include_b(vec![]);
		assert_eq!(
			service_alone(),
			WeightModel::<Test>::service_queue_base() + WeightModel::<Test>::service_page(0)
		);
		run_block(net.inherent(vec![]));
		assert_eq!(stalls_and_resumptions(), vec![]);
		assert_eq!(processed(), from(C, payloads(3, 1)));
		// An upgrade raises the bound back: the page reads, and A's channel resumes in order.
		set_max_page_bytes(10);
		net.include_b(vec![]);
		run_block(net.inherent(vec![]));
		assert_eq!(
			processed(),
			[from(C, payloads(3, 1)), from(A, payloads(1, 3)), from(A, payloads(2, 2))].concat()
		);
		assert_eq!(
			stalls_and_resumptions(),
			vec![Event::ChannelResumed { sender: para(A), page: 0 }]
		);
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
		let channel = InboundChannels::<Test>::get(para(A)).unwrap();
		assert_eq!((channel.queue_head, channel.queue_tail, channel.unreadable_head), (2, 2, None));
		assert!(ReadySenders::<Test>::get().is_empty());
	});
}

#[test]
fn a_corrupt_page_stalls_its_sender_until_it_is_repaired() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		set_service_budget(0, 0);
		let sent_at = net.send(&[(A, payloads(1, 3)), (C, payloads(3, 2))]);
		let batches = vec![net.route(A, sent_at), net.route(C, sent_at)];
		run_block(net.inherent(batches.clone()));
		// A's page is overwritten with bytes that do not decode as a page.
		let key = InboundQueue::<Test>::hashed_key_for(para(A), 0);
		let page = frame_support::storage::unhashed::get_raw(&key).unwrap();
		frame_support::storage::unhashed::put_raw(&key, &[0xff; 5]);
		set_service_budget(3, 10);
		net.include_b(batches);
		run_block(net.inherent(vec![]));
		assert_eq!(processed(), from(C, payloads(3, 2)));
		assert_eq!(
			stalls_and_resumptions(),
			vec![Event::ChannelStalled { sender: para(A), page: 0, len: 5 }]
		);
		assert_eq!(Footprint::<Test>::get().messages, 3);
		// Small enough to be a page, it is read again in each block, charged as what it is,
		// within a page's load; not reported again.
		net.include_b(vec![]);
		assert_eq!(
			service_alone(),
			WeightModel::<Test>::service_queue_base() + WeightModel::<Test>::service_page(5)
		);
		// Repaired (by governance, say), it is served.
		frame_support::storage::unhashed::put_raw(&key, &page);
		run_block(net.inherent(vec![]));
		assert_eq!(processed(), [from(C, payloads(3, 2)), from(A, payloads(1, 3))].concat());
		assert_eq!(
			stalls_and_resumptions(),
			vec![Event::ChannelResumed { sender: para(A), page: 0 }]
		);
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
	});
}

#[test]
fn a_queue_page_packs_messages_as_pages_needed_counts() {
	type Page = QueuePage<frame_support::traits::ConstU32<10>>;
	let mut page = Page::new(7);
	assert!(page.try_push(&[1, 2]));
	assert!(page.try_push(&[]));
	assert!(page.try_push(&[3, 4, 5, 6]));
	// 3 + 1 + 5 bytes used: a 1-byte payload (2 bytes) no longer fits.
	assert!(!page.try_push(&[9]));
	assert_eq!((page.remaining, page.heap.len()), (3, 9));
	assert_eq!(pages_needed([2, 0, 4, 1], 10), 2);
	assert_eq!(pages_needed([], 10), 0);
	let mut served = Vec::new();
	while let Some((payload, len)) = page.peek() {
		served.push((page.next_nonce, payload.to_vec()));
		page.advance(len);
	}
	assert_eq!(served, vec![(7, vec![1, 2]), (8, vec![]), (9, vec![3, 4, 5, 6])]);
	assert_eq!((page.remaining, page.offset), (0, 9));
	// A payload longer than 63 bytes takes a two-byte length prefix.
	assert_eq!(encoded_payload_len(64), 66);
}

#[test]
fn senders_are_served_round_robin_across_blocks() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		set_service_budget(2, 3);
		let sent_at = net.send(&[(A, payloads(1, 4)), (C, payloads(2, 4))]);
		let batches = vec![net.route(A, sent_at), net.route(C, sent_at)];
		run_block(net.inherent(batches));
		run_block(net.inherent(vec![]));
		run_block(net.inherent(vec![]));
		let order: Vec<_> = processed().into_iter().map(|(s, p)| (u32::from(s), p[1])).collect();
		assert_eq!(
			order,
			vec![(A, 0), (C, 0), (A, 1), (C, 1), (A, 2), (C, 2), (A, 3), (C, 3)],
			"one message per sender per turn, resuming with the sender after the last served"
		);
	});
}

#[test]
fn a_failing_and_an_overweight_message_are_parked_and_do_not_stop_their_channel() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// Room for parking twice besides the one each message keeps.
		set_service_budget(3, 10);
		let sent = vec![vec![1], FAILING.to_vec(), OVERWEIGHT.to_vec(), vec![2]];
		let sent_at = net.send(&[(A, sent)]);
		run_block(net.inherent(vec![net.route(A, sent_at)]));
		assert_eq!(processed(), from(A, vec![vec![1], vec![2]]));
		let events = ingress_events();
		assert!(events.iter().any(|e| matches!(
			e,
			Event::MessageParked { nonce: 2, reason: ParkReason::Corrupt, .. }
		)));
		assert!(events.iter().any(|e| matches!(
			e,
			Event::MessageParked {
				nonce: 3,
				reason: ParkReason::Overweight { required: HEAVY },
				..
			}
		)));
		assert_eq!(
			ParkedMessages::<Test>::get(para(A), 2),
			Some(ParkedMessage {
				reason: ParkReason::Corrupt,
				payload: FAILING.to_vec().try_into().unwrap()
			})
		);
		assert_eq!(
			ParkedMessages::<Test>::get(para(A), 3).unwrap().payload.into_inner(),
			OVERWEIGHT.to_vec()
		);
		assert_eq!(InboundChannels::<Test>::get(para(A)).unwrap().parked, 2);
		// Both left the queue for the store.
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
		// Governance executes the overweight one with enough weight, and only then.
		assert_noop!(
			XcmpIngress::execute_parked(RuntimeOrigin::signed(1), para(A), 3, HEAVY),
			DispatchError::BadOrigin
		);
		assert_noop!(
			XcmpIngress::execute_parked(RuntimeOrigin::root(), para(A), 3, MESSAGE_WEIGHT),
			Error::<Test>::InsufficientWeight
		);
		assert_ok!(XcmpIngress::execute_parked(RuntimeOrigin::root(), para(A), 3, HEAVY));
		assert_eq!(processed().last(), Some(&(para(A), OVERWEIGHT.to_vec())));
		assert_noop!(
			XcmpIngress::execute_parked(RuntimeOrigin::root(), para(A), 3, HEAVY),
			Error::<Test>::NoSuchParkedMessage
		);
		assert_eq!(InboundChannels::<Test>::get(para(A)).unwrap().parked, 1);
	});
}

#[test]
fn a_failed_message_is_kept_to_be_retried_or_discarded() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at =
			net.send(&[(A, vec![vec![1], FAILING.to_vec(), vec![2]]), (C, vec![FAILING.to_vec()])]);
		run_block(net.inherent(vec![net.route(A, sent_at), net.route(C, sent_at)]));
		assert_eq!(processed(), from(A, vec![vec![1], vec![2]]));
		// The sender was told its messages were delivered: the failed ones are kept.
		let failed = ParkedMessage {
			reason: ParkReason::Corrupt,
			payload: FAILING.to_vec().try_into().unwrap(),
		};
		assert_eq!(ParkedMessages::<Test>::get(para(A), 2), Some(failed.clone()));
		assert_eq!(ParkedMessages::<Test>::get(para(C), 1), Some(failed));
		// Retried while the processor still fails it, it stays parked.
		assert_noop!(
			XcmpIngress::execute_parked(RuntimeOrigin::root(), para(A), 2, HEAVY),
			Error::<Test>::ProcessingFailed
		);
		// Once the processor takes it, it is processed and leaves the store.
		set_failing(false);
		assert_ok!(XcmpIngress::execute_parked(RuntimeOrigin::root(), para(A), 2, MESSAGE_WEIGHT));
		assert_eq!(processed().last(), Some(&(para(A), FAILING.to_vec())));
		assert!(ingress_events().iter().any(|e| matches!(
			e,
			Event::Processed { nonce: 2, success: true, weight_used: MESSAGE_WEIGHT, .. }
		)));
		assert!(!ParkedMessages::<Test>::contains_key(para(A), 2));
		// Governance may discard one instead, unprocessed.
		assert_noop!(
			XcmpIngress::discard_parked(RuntimeOrigin::signed(1), para(C), 1),
			DispatchError::BadOrigin
		);
		assert_ok!(XcmpIngress::discard_parked(RuntimeOrigin::root(), para(C), 1));
		System::assert_last_event(
			Event::<Test>::ParkedMessageDiscarded { sender: para(C), nonce: 1 }.into(),
		);
		assert_noop!(
			XcmpIngress::discard_parked(RuntimeOrigin::root(), para(C), 1),
			Error::<Test>::NoSuchParkedMessage
		);
		assert_eq!(processed().len(), 3);
		for sender in [A, C] {
			assert_eq!(InboundChannels::<Test>::get(para(sender)).unwrap().parked, 0);
		}
	});
}

#[test]
fn what_a_failed_attempt_wrote_is_rolled_back() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, vec![vec![1], FAILING.to_vec(), vec![2]])]);
		run_block(net.inherent(vec![net.route(A, sent_at)]));
		assert_eq!(processed(), from(A, vec![vec![1], vec![2]]));
		// The processor wrote before failing; the message's storage layer was rolled back.
		assert_eq!(sp_io::storage::get(FAILED_ATTEMPT_KEY), None);
	});
}

#[test]
fn a_sender_whose_processor_yields_waits_while_the_others_are_served() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, vec![YIELDING.to_vec(), vec![1]]), (C, payloads(2, 3))]);
		run_block(net.inherent(vec![net.route(A, sent_at), net.route(C, sent_at)]));
		assert_eq!(processed(), from(C, payloads(2, 3)));
		assert_eq!(Footprint::<Test>::get().messages, 2);
		set_yielding(false);
		run_block(net.inherent(vec![]));
		let mut expected = from(C, payloads(2, 3));
		expected.extend(from(A, vec![YIELDING.to_vec(), vec![1]]));
		assert_eq!(processed(), expected);
		// Governance's execution of a parked message reports a yield as an error.
		let payload = YIELDING.to_vec().try_into().unwrap();
		ParkedMessages::<Test>::insert(
			para(A),
			1,
			ParkedMessage { reason: ParkReason::Corrupt, payload },
		);
		let mut channel = InboundChannels::<Test>::get(para(A)).unwrap();
		channel.parked = 1;
		InboundChannels::<Test>::insert(para(A), channel);
		set_yielding(true);
		assert_noop!(
			XcmpIngress::execute_parked(RuntimeOrigin::root(), para(A), 1, HEAVY),
			Error::<Test>::ProcessorYielded
		);
	});
}

#[test]
fn a_sender_with_its_most_parked_messages_waits_while_the_others_are_served() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let max = MaxParkedPerSender::get() as usize;
		// Room for parking every failed message of both senders.
		set_service_budget(3 + max as u64, 10);
		let mut sent = vec![FAILING.to_vec(); max + 1];
		sent.push(vec![1]);
		let sent_at = net.send(&[(A, sent), (C, vec![FAILING.to_vec(), vec![2]])]);
		run_block(net.inherent(vec![net.route(A, sent_at), net.route(C, sent_at)]));
		let parked = |sender| ParkedMessages::<Test>::iter_key_prefix(para(sender)).count();
		// A parked as many as it may; its next failed message and the one after it wait in
		// its queue. C, whose store is its own, was served.
		assert_eq!((parked(A), parked(C)), (max, 1));
		assert_eq!(Footprint::<Test>::get().messages, 2);
		assert_eq!(processed(), from(C, vec![vec![2]]));
		// It stays at the head of A's queue however often it fails.
		run_block(net.inherent(vec![]));
		assert_eq!(Footprint::<Test>::get().messages, 2);
		assert_eq!(parked(A), max);
		assert_eq!(sp_io::storage::get(FAILED_ATTEMPT_KEY), None);
		// Governance makes room: A goes on.
		assert_ok!(XcmpIngress::discard_parked(RuntimeOrigin::root(), para(A), 1));
		run_block(net.inherent(vec![]));
		assert_eq!(Footprint::<Test>::get().messages, 0);
		assert_eq!(parked(A), max);
		assert!(ParkedMessages::<Test>::contains_key(para(A), max as u64 + 1));
		assert_eq!(processed(), [from(C, vec![vec![2]]), from(A, vec![vec![1]])].concat());
	});
}

/// Found in review: the inbound queue had one bound for all senders, so a sender whose head
/// message could not progress (here the processor yields on it for ever) still had its later
/// batches accepted until they filled the whole queue; from then on every inherent that carried
/// any accepted batch failed (`QueueFull`), whoever sent it, and the receiver took no more. A
/// sender now fills its own share only: its batch past it is refused (`SenderQueueFull`), the
/// others' are taken, and nothing of the waiting sender's is lost once it goes on.
#[test]
fn a_sender_that_cannot_progress_fills_its_own_share_of_the_queue_only() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		set_max_queued_messages(12);
		set_max_queued_per_sender(8, MaxQueuedBytes::get());
		let stalled = vec![YIELDING.to_vec(); 4];
		let first = net.send(&[(A, stalled.clone())]);
		let second = net.send(&[(A, stalled.clone())]);
		let third = net.send(&[(A, stalled.clone())]);
		run_block(net.inherent(vec![net.route(A, first)]));
		run_block(net.inherent(vec![net.route(A, second)]));
		assert_eq!(Footprint::<Test>::get().messages, 8);
		assert_eq!(XcmpIngress::sender_queue_room(para(A)).messages, 0);
		assert_eq!(XcmpIngress::queue_room().messages, 4);
		// A's share is full: its third batch waits, within the queue's room as it is.
		assert_rejected(net.inherent(vec![net.route(A, third)]), Error::<Test>::SenderQueueFull);
		// Another sender's batch is taken and served.
		let sent_at = net.send(&[(C, payloads(3, 4))]);
		run_block(net.inherent(vec![net.route(C, sent_at)]));
		assert_eq!(processed(), from(C, payloads(3, 4)));
		assert_eq!(InboundChannels::<Test>::get(para(A)).unwrap().queued.messages, 8);
		// Once A goes on, its waiting batch is taken, and nothing of it is lost.
		set_yielding(false);
		run_block(net.inherent(vec![]));
		run_block(net.inherent(vec![net.route(A, third)]));
		let expected = [from(C, payloads(3, 4)), from(A, vec![YIELDING.to_vec(); 12])].concat();
		assert_eq!(processed(), expected);
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
		assert_eq!(XcmpIngress::sender_queue_room(para(A)).messages, 8);
	});
}

#[test]
fn a_sender_s_share_of_the_queue_is_bounded_in_bytes_too() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// Three messages of two payload bytes each.
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let batch = net.route(A, sent_at);
		set_max_queued_per_sender(3, 5);
		assert_rejected(net.inherent(vec![batch.clone()]), Error::<Test>::SenderQueueFull);
		set_max_queued_per_sender(2, 6);
		assert_rejected(net.inherent(vec![batch.clone()]), Error::<Test>::SenderQueueFull);
		set_max_queued_per_sender(3, 6);
		set_service_messages(0);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![batch])));
		let queued = QueueFootprint { messages: 3, bytes: 6 };
		assert_eq!(InboundChannels::<Test>::get(para(A)).unwrap().queued, queued);
		assert_eq!(XcmpIngress::sender_queue_room(para(A)), QueueFootprint::default());
		assert_eq!(XcmpIngress::sender_queue_room(para(C)), queued);
	});
}
