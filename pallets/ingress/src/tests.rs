//! The pallet against a real relay state: inherents built by an honest collator and every way
//! a dishonest one can go wrong, with the pallet's invariants checked after every test.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_runtime::DispatchError;
use xcmp_primitives::{
	relay_state::{OutboundRelayView, RelayParent},
	BlockListChange, ChannelCursor, IngressCursor, XcmpDigestItem,
};

/// `count` distinct payloads tagged `tag`.
fn payloads(tag: u8, count: usize) -> Vec<Vec<u8>> {
	(0..count).map(|n| vec![tag, n as u8]).collect()
}

/// `payloads` as the processor records them from `sender`.
fn from(sender: u32, payloads: Vec<Vec<u8>>) -> Vec<(ParaId, Vec<u8>)> {
	payloads.into_iter().map(|p| (para(sender), p)).collect()
}

fn ingress_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::XcmpIngress(event) => Some(event),
			_ => None,
		})
		.collect()
}

fn cursor_of(sender: u32) -> ChannelCursor {
	InboundChannels::<Test>::get(para(sender)).unwrap_or_default().cursor
}

/// Starts the next block and expects `data` to be rejected with `error`, changing nothing.
fn assert_rejected(data: IngressInherentData, error: Error<Test>) {
	let before = processed();
	start_block(System::block_number() + 1);
	assert_noop!(XcmpIngress::receive(RuntimeOrigin::none(), data), error);
	assert_eq!(processed(), before);
}

// ---- a valid inherent ----

#[test]
fn a_valid_inherent_dispatches_messages_in_order() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert_eq!(processed(), from(A, payloads(1, 3)));
		assert_eq!(cursor_of(A), batch.entry.cursor_after());
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
		let events = ingress_events();
		assert_eq!(
			events.first(),
			Some(&Event::BatchAccepted { sender: para(A), first_nonce: 1, last_nonce: 3, sent_at })
		);
		let nonces: Vec<_> = events
			.iter()
			.filter_map(|e| match e {
				Event::Processed { sender, nonce, success: true, .. } if *sender == para(A) => {
					Some(*nonce)
				}
				_ => None,
			})
			.collect();
		assert_eq!(nonces, vec![1, 2, 3]);
		// The relay validators accept the block's commitment for the batches it consumed.
		net.include_b(vec![batch]);
	});
}

#[test]
fn the_commitment_is_stored_and_deposited_in_the_header() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 2)), (C, payloads(2, 1))]);
		let batches = vec![net.route(C, sent_at), net.route(A, sent_at)];
		run_block(net.inherent(batches.clone()));
		let commitment = Commitment::<Test>::get().unwrap();
		let expected = |sender: u32, batch: &RoutedBatch| IngressCursor {
			sender: para(sender),
			last_nonce: batch.entry.last_nonce,
			mqc_head: batch.entry.mqc_head,
			rejected: false,
		};
		// Sorted by sender, whatever the order of the batches.
		assert_eq!(
			commitment.cursors.to_vec(),
			vec![expected(A, &batches[1]), expected(C, &batches[0])]
		);
		assert_eq!(commitment.watermark, net.relay_block);
		assert!(commitment.block_list_changes.is_empty());
		assert_eq!(commitment.ingress_root, xcmp_primitives::ingress_root(&commitment.cursors));
		let logs = System::digest().logs;
		assert_eq!(
			logs,
			vec![XcmpDigestItem::IngressRoot(commitment.ingress_root).to_digest_item()]
		);
		assert!(MovedThisBlock::<Test>::get().is_empty());
		net.include_b(batches);
	});
}

#[test]
fn a_block_without_batches_still_commits_its_watermark() {
	build_and_execute(|| {
		let mut net = Network::new();
		net.advance();
		net.advance();
		run_block(net.inherent(vec![]));
		let commitment = Commitment::<Test>::get().unwrap();
		assert!(commitment.cursors.is_empty());
		assert_eq!(commitment.watermark, net.relay_block);
		assert_eq!(
			System::digest().logs,
			vec![XcmpDigestItem::IngressRoot(xcmp_primitives::ingress_root(&[])).to_digest_item()]
		);
		net.include_b(vec![]);
	});
}

#[test]
fn several_batches_of_one_sender_chain_their_cursors() {
	build_and_execute(|| {
		let mut net = Network::new();
		let first = net.send(&[(A, payloads(1, 2))]);
		let second = net.send(&[(A, payloads(2, 3))]);
		let batches = vec![net.route(A, first), net.route(A, second)];
		run_block(net.inherent(batches.clone()));
		let mut expected = from(A, payloads(1, 2));
		expected.extend(from(A, payloads(2, 3)));
		assert_eq!(processed(), expected);
		assert_eq!(cursor_of(A), batches[1].entry.cursor_after());
		net.include_b(batches);
		// Out of order, the second batch is a gap from the stored cursor.
		let third = net.send(&[(A, payloads(3, 1))]);
		let fourth = net.send(&[(A, payloads(4, 1))]);
		let swapped = vec![net.route(A, fourth), net.route(A, third)];
		assert_rejected(net.inherent(swapped), Error::<Test>::Gap);
	});
}

// ---- bad inherents: each rejected whole, with its own error, changing nothing ----

#[test]
fn a_forged_payload_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let mut batch = net.route(A, sent_at);
		batch.messages[1].payload = vec![9, 9].try_into().unwrap();
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::BatchRootMismatch);
	});
}

#[test]
fn one_bad_batch_rejects_the_whole_inherent() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 2)), (C, payloads(2, 2))]);
		let mut forged = net.route(C, sent_at);
		forged.messages[0].payload = vec![9, 9].try_into().unwrap();
		// A's valid batch comes first: it is neither queued, dispatched nor does it move A's
		// cursor.
		let data = net.inherent(vec![net.route(A, sent_at), forged]);
		assert_rejected(data, Error::<Test>::BatchRootMismatch);
		assert_eq!(cursor_of(A), ChannelCursor::default());
	});
}

#[test]
fn each_malformed_batch_is_rejected_with_its_own_error() {
	type Tamper = fn(&mut RoutedBatch);
	let cases: [(Tamper, Error<Test>); 6] = [
		(|b| b.messages.clear(), Error::<Test>::EmptyBatch),
		(|b| b.entry.first_nonce = 0, Error::<Test>::MalformedEntry),
		(
			|b| {
				b.messages.pop();
			},
			Error::<Test>::CountMismatch,
		),
		(|b| b.messages[0].sender = para(C), Error::<Test>::WrongSender),
		(|b| b.messages[1].sent_at += 1, Error::<Test>::SentAtMismatch),
		(|b| b.messages[2].nonce = 2, Error::<Test>::NonceOutOfOrder),
	];
	for (tamper, error) in cases {
		build_and_execute(|| {
			let mut net = Network::new();
			let sent_at = net.send(&[(A, payloads(1, 3))]);
			let mut batch = net.route(A, sent_at);
			tamper(&mut batch);
			assert_rejected(net.inherent(vec![batch]), error);
		});
	}
}

#[test]
fn an_undecodable_relay_record_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 1))]);
		let name = xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME;
		let key = xcmp_primitives::relay_state::keys::channel(name, para(A), para(B));
		net.relay.execute_with(|| sp_io::storage::set(&key, b"not a channel"));
		let batch = net.route(A, sent_at);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::RelayRecordUndecodable);
	});
}

#[test]
fn new_senders_are_bounded() {
	build_and_execute(|| {
		let mut net = Network::new();
		set_max_inbound_channels(1);
		let sent_at = net.send(&[(A, payloads(1, 1)), (C, payloads(2, 1))]);
		let (from_a, from_c) = (net.route(A, sent_at), net.route(C, sent_at));
		assert_rejected(
			net.inherent(vec![from_a.clone(), from_c.clone()]),
			Error::<Test>::TooManyInboundChannels,
		);
		end_block();
		run_block(net.inherent(vec![from_a]));
		assert_rejected(net.inherent(vec![from_c]), Error::<Test>::TooManyInboundChannels);
	});
}

#[test]
fn a_payload_of_another_length_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let mut batch = net.route(A, sent_at);
		batch.messages[1].payload = vec![9, 9, 9].try_into().unwrap();
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::TotalBytesMismatch);
	});
}

#[test]
fn a_batch_that_does_not_extend_the_channel_chain_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		// A sender that continues from a head other than the receiver's.
		let mut outbox = xcmp_primitives::Outbox::new(para(A));
		outbox.set_channel(para(B), ChannelCursor { last_nonce: 0, mqc_head: hash(7) });
		net.outboxes.insert(para(A), outbox);
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::MqcHeadMismatch);
	});
}

#[test]
fn an_entry_proof_for_another_root_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		// A proof from a block that sent to B alone, for an entry of a block that sent to B and
		// C: it proves the entry under another root than the one recorded.
		let first = net.send_each(&[(A, B, payloads(1, 2)), (A, C, payloads(3, 1))]);
		let second = net.send(&[(A, payloads(2, 2))]);
		let mut batch = net.route(A, first);
		batch.entry_proof = net.route(A, second).entry_proof;
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::InvalidEntryProof);
	});
}

#[test]
fn a_relay_proof_against_another_state_root_proves_nothing() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let data = net.inherent(vec![net.route(A, sent_at)]);
		set_relay_parent(RelayParent { number: net.relay_block, state_root: hash(1) });
		assert_rejected(data, Error::<Test>::RelayRecordNotProven);
	});
}

#[test]
fn a_relay_record_the_proof_does_not_prove_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		let name = xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME;
		let omitted = xcmp_primitives::relay_state::keys::egress_root(name, para(A), sent_at);
		let keys: Vec<_> = net
			.keys_for(core::slice::from_ref(&batch), &[])
			.into_iter()
			.filter(|k| *k != omitted)
			.collect();
		let relay_state_proof = net.prove(&keys);
		let data = IngressInherentData {
			relay_state_proof,
			outbound_destinations: vec![],
			batches: vec![batch],
		};
		assert_rejected(data, Error::<Test>::RelayRecordNotProven);
	});
}

#[test]
fn a_batch_at_a_sent_at_without_a_recorded_root_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let mut batch = net.route(A, sent_at);
		batch.entry.sent_at = sent_at + 1;
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::UnknownEgressRoot);
	});
}

#[test]
fn gaps_and_replays_are_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let first = net.send(&[(A, payloads(1, 2))]);
		let second = net.send(&[(A, payloads(2, 2))]);
		assert_rejected(net.inherent(vec![net.route(A, second)]), Error::<Test>::Gap);
		end_block();
		let batch = net.route(A, first);
		run_block(net.inherent(vec![batch.clone()]));
		// The relay has not included that block yet, so it still holds the root.
		let before = processed();
		start_block(System::block_number() + 1);
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![batch])),
			Error::<Test>::Replay
		);
		assert_eq!(processed(), before);
	});
}

#[test]
fn messages_reordered_within_a_batch_are_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let mut batch = net.route(A, sent_at);
		batch.messages.swap(0, 1);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::NonceOutOfOrder);
	});
}

#[test]
fn a_batch_for_another_parachain_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send_to(C, &[(A, payloads(1, 2))]);
		let batch = net.route_to(A, sent_at, C);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::WrongDestination);
	});
}

#[test]
fn a_message_over_the_channel_size_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let too_large = vec![1u8; LIMITS.max_message_size as usize + 1];
		let sent_at = net.send(&[(A, vec![vec![0], too_large])]);
		let batch = net.route(A, sent_at);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::MessageTooLarge);
	});
}

#[test]
fn batches_from_self_or_without_a_channel_are_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send_to(A, &[(B, payloads(1, 1))]);
		let own = net.route_to(B, sent_at, A);
		assert_rejected(net.inherent(vec![own]), Error::<Test>::BatchFromSelf);
		end_block();
		// D has no channel to B: the relay would not record its root, the proof shows no channel.
		let mut outbox = xcmp_primitives::Outbox::new(para(D));
		let queued = [(para(B), vec![vec![1u8].try_into().unwrap()])].into();
		outbox.commit(net.relay_block, queued).unwrap();
		let batch = outbox.route(net.relay_block, para(B)).unwrap();
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::NoChannel);
	});
}

#[test]
fn an_inherent_over_the_proof_size_budget_is_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let data = net.inherent(vec![net.route(A, sent_at)]);
		set_max_inherent_size(data.encoded_size() as u32 - 1);
		assert_rejected(data.clone(), Error::<Test>::InherentTooLarge);
		set_max_inherent_size(data.encoded_size() as u32);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), data));
	});
}

#[test]
fn more_batches_than_allowed_are_rejected() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 1))]);
		let batch = net.route(A, sent_at);
		let batches = vec![batch; MaxBatchesPerInherent::get() as usize + 1];
		assert_rejected(net.inherent(batches), Error::<Test>::TooManyBatches);
	});
}

#[test]
fn a_full_queue_takes_no_more_batches() {
	build_and_execute(|| {
		let mut net = Network::new();
		set_service_messages(1);
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let batch = net.route(A, sent_at);
		set_max_queued_messages(2);
		assert_rejected(net.inherent(vec![batch.clone()]), Error::<Test>::QueueFull);
		set_max_queued_messages(3);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![batch])));
		// One was served; two wait.
		assert_eq!(Footprint::<Test>::get().messages, 2);
	});
}

#[test]
fn the_inherent_is_taken_once_per_block_and_only_as_an_inherent() {
	build_and_execute(|| {
		let mut net = Network::new();
		start_block(1);
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::signed(1), net.inherent(vec![])),
			DispatchError::BadOrigin
		);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])));
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])),
			Error::<Test>::InherentAlreadyApplied
		);
	});
}

// ---- the relay view for the egress side ----

#[test]
fn the_relay_view_holds_outbound_channels_for_this_block_only() {
	build_and_execute(|| {
		let mut net = Network::new();
		set_pending_outbound(vec![para(A)]);
		assert_eq!(XcmpIngress::relay_parent_number(), None);
		run_block(net.inherent_with_outbound(vec![], vec![para(C)]));
		assert_eq!(XcmpIngress::relay_parent_number(), Some(net.relay_block));
		let to_a = XcmpIngress::outbound_channel(para(A)).unwrap();
		assert_eq!(to_a.state.unwrap().limits, LIMITS);
		assert!(!to_a.blocked);
		// No channel B -> C: proven absent.
		assert_eq!(
			XcmpIngress::outbound_channel(para(C)),
			Some(OutboundChannelView { state: None, blocked: false })
		);
		assert_eq!(XcmpIngress::outbound_channel(para(D)), None);
		// The next block sees nothing before its inherent.
		start_block(System::block_number() + 1);
		assert_eq!(XcmpIngress::relay_parent_number(), None);
		assert_eq!(XcmpIngress::outbound_channel(para(A)), None);
		assert!(OutboundChannels::<Test>::iter().next().is_none());
		end_block();
	});
}

#[test]
fn a_pending_destination_the_proof_does_not_cover_fails_the_inherent() {
	build_and_execute(|| {
		let mut net = Network::new();
		let data = net.inherent(vec![]);
		set_pending_outbound(vec![para(A)]);
		assert_rejected(data, Error::<Test>::RelayRecordNotProven);
		end_block();
		assert_rejected(
			net.inherent_with_outbound(vec![], vec![para(B)]),
			Error::<Test>::OutboundToSelf,
		);
	});
}

#[test]
fn the_relay_view_is_bounded() {
	build_and_execute(|| {
		let mut net = Network::new();
		let max = MaxOutboundChannels::get();
		let destinations: Vec<_> = (0..=max).map(|n| para(5000 + n)).collect();
		assert_rejected(
			net.inherent_with_outbound(vec![], destinations.clone()),
			Error::<Test>::TooManyOutboundChannels,
		);
		end_block();
		// Pending destinations count towards the bound too.
		set_pending_outbound(vec![para(A)]);
		let within: Vec<_> = destinations.into_iter().take(max as usize).collect();
		assert_rejected(
			net.inherent_with_outbound(vec![], within),
			Error::<Test>::TooManyOutboundChannels,
		);
	});
}

// ---- budgets and fairness ----

#[test]
fn messages_over_the_weight_budget_wait_and_are_processed_exactly_once_in_order() {
	build_and_execute(|| {
		let mut net = Network::new();
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
		let mut net = Network::new();
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

#[test]
fn a_page_the_runtime_can_no_longer_read_is_dropped_and_its_channel_goes_on() {
	build_and_execute(|| {
		let mut net = Network::new();
		set_max_page_bytes(10);
		// Nothing is served in the receiving block.
		set_service_budget(0, 0);
		let first = net.send(&[(A, payloads(1, 3))]);
		let second = net.send(&[(A, payloads(2, 2))]);
		let batches = vec![net.route(A, first), net.route(A, second)];
		// Another sender's message waits too: the footprint must stay exact.
		let third = net.send(&[(C, payloads(3, 1))]);
		let batches = [batches, vec![net.route(C, third)]].concat();
		run_block(net.inherent(batches.clone()));
		assert_eq!(Footprint::<Test>::get(), QueueFootprint { messages: 6, bytes: 12 });
		// An upgrade shrinks the pages below the first one's 9 bytes: it no longer decodes.
		set_max_page_bytes(8);
		set_service_budget(3, 10);
		net.include_b(batches);
		run_block(net.inherent(vec![]));
		let mut served = processed();
		served.sort();
		let mut expected = [from(A, payloads(2, 2)), from(C, payloads(3, 1))].concat();
		expected.sort();
		assert_eq!(served, expected, "A's second page and C's are served");
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
		let channel = InboundChannels::<Test>::get(para(A)).unwrap();
		assert_eq!((channel.queue_head, channel.queue_tail), (2, 2));
		assert!(ReadySenders::<Test>::get().is_empty());
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
		let mut net = Network::new();
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
fn a_failing_and_an_overweight_message_do_not_stop_their_channel() {
	build_and_execute(|| {
		let mut net = Network::new();
		// Room for a set-aside besides the one each message keeps: a page load weighs more.
		set_service_budget(3, 10);
		let sent = vec![vec![1], FAILING.to_vec(), OVERWEIGHT.to_vec(), vec![2]];
		let sent_at = net.send(&[(A, sent)]);
		run_block(net.inherent(vec![net.route(A, sent_at)]));
		assert_eq!(processed(), from(A, vec![vec![1], vec![2]]));
		let events = ingress_events();
		assert!(events.iter().any(|e| matches!(
			e,
			Event::ProcessingFailed { nonce: 2, error: ProcessMessageError::Corrupt, .. }
		)));
		assert!(events.contains(&Event::OverweightEnqueued {
			sender: para(A),
			nonce: 3,
			index: 0,
			required: HEAVY
		}));
		assert_eq!(
			OverweightMessages::<Test>::get(0).unwrap().payload.into_inner(),
			OVERWEIGHT.to_vec()
		);
		// Governance executes it with enough weight, and only then.
		assert_noop!(
			XcmpIngress::execute_overweight(RuntimeOrigin::signed(1), 0, HEAVY),
			DispatchError::BadOrigin
		);
		assert_noop!(
			XcmpIngress::execute_overweight(RuntimeOrigin::root(), 0, MESSAGE_WEIGHT),
			Error::<Test>::InsufficientWeight
		);
		assert_ok!(XcmpIngress::execute_overweight(RuntimeOrigin::root(), 0, HEAVY));
		assert_eq!(processed().last(), Some(&(para(A), OVERWEIGHT.to_vec())));
		assert_noop!(
			XcmpIngress::execute_overweight(RuntimeOrigin::root(), 0, HEAVY),
			Error::<Test>::NoSuchOverweight
		);
	});
}

#[test]
fn a_sender_whose_processor_yields_waits_while_the_others_are_served() {
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, vec![YIELDING.to_vec(), vec![1]]), (C, payloads(2, 3))]);
		run_block(net.inherent(vec![net.route(A, sent_at), net.route(C, sent_at)]));
		assert_eq!(processed(), from(C, payloads(2, 3)));
		assert_eq!(Footprint::<Test>::get().messages, 2);
		set_yielding(false);
		run_block(net.inherent(vec![]));
		let mut expected = from(C, payloads(2, 3));
		expected.extend(from(A, vec![YIELDING.to_vec(), vec![1]]));
		assert_eq!(processed(), expected);
		// Governance's execution of an overweight message reports a yield as an error.
		OverweightMessages::<Test>::insert(
			7,
			OverweightMessage {
				sender: para(A),
				nonce: 9,
				payload: YIELDING.to_vec().try_into().unwrap(),
			},
		);
		NextOverweightIndex::<Test>::put(8);
		set_yielding(true);
		assert_noop!(
			XcmpIngress::execute_overweight(RuntimeOrigin::root(), 7, HEAVY),
			Error::<Test>::ProcessorYielded
		);
	});
}

#[test]
fn a_full_overweight_store_holds_the_channel_without_losing_its_message() {
	build_and_execute(|| {
		let mut net = Network::new();
		let max = MaxOverweightMessages::get() as usize;
		// Room for setting `max` messages aside: a page load weighs more than a set-aside.
		set_service_budget(2 + max as u64, 10);
		let sent = vec![OVERWEIGHT.to_vec(); max + 1];
		let sent_at = net.send(&[(A, sent), (C, payloads(2, 1))]);
		run_block(net.inherent(vec![net.route(A, sent_at), net.route(C, sent_at)]));
		assert_eq!(OverweightMessages::<Test>::count() as usize, max);
		// A's last message waits in its queue; C was served.
		assert_eq!(Footprint::<Test>::get().messages, 1);
		assert_eq!(processed(), from(C, payloads(2, 1)));
		assert_ok!(XcmpIngress::execute_overweight(RuntimeOrigin::root(), 0, HEAVY));
		run_block(net.inherent(vec![]));
		assert_eq!(Footprint::<Test>::get().messages, 0);
		assert_eq!(OverweightMessages::<Test>::count() as usize, max);
	});
}

// ---- blocking ----

#[test]
fn a_blocked_sender_s_batches_are_refused_and_not_dispatched() {
	build_and_execute(|| {
		let mut net = Network::new();
		// A commits a batch while B accepts it; a blocked sender cannot commit to B at all.
		let sent_at = net.send(&[(A, payloads(1, 3)), (C, payloads(2, 1))]);
		// B blocks A in a block; the relay learns of it when it includes that block.
		start_block(1);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])));
		assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
		assert_eq!(ingress_events().last(), Some(&Event::SenderBlocked { sender: para(A) }));
		end_block();
		let commitment = Commitment::<Test>::get().unwrap();
		assert_eq!(commitment.block_list_changes.to_vec(), vec![BlockListChange::Blocked(para(A))]);
		net.include_b(vec![]);

		// A refused batch needs no messages.
		let mut refused = net.route(A, sent_at);
		refused.messages.clear();
		let batches = vec![refused.clone(), net.route(C, sent_at)];
		run_block(net.inherent(batches.clone()));
		assert_eq!(processed(), from(C, payloads(2, 1)));
		assert!(ingress_events().contains(&Event::BatchRefused {
			sender: para(A),
			first_nonce: 1,
			last_nonce: 3,
			sent_at
		}));
		let commitment = Commitment::<Test>::get().unwrap();
		let a = commitment.cursors.iter().find(|c| c.sender == para(A)).unwrap();
		assert!(a.rejected);
		assert_eq!(a.cursor(), refused.entry.cursor_after());
		assert!(!commitment.cursors.iter().find(|c| c.sender == para(C)).unwrap().rejected);
		assert_eq!(commitment.watermark, net.relay_block);
		net.include_b(batches);

		// Unblocked, A's next batch is dispatched again.
		start_block(System::block_number() + 1);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])));
		assert_ok!(XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)));
		end_block();
		net.include_b(vec![]);
		let sent_at = net.send(&[(A, payloads(3, 2))]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert!(!Commitment::<Test>::get().unwrap().cursors[0].rejected);
		assert_eq!(processed().len(), 3);
		net.include_b(vec![batch]);
	});
}

#[test]
fn a_refusal_the_relay_could_not_record_is_rejected() {
	use xcmp_primitives::relay_state::RefusedRange;
	build_and_execute(|| {
		let mut net = Network::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		// The relay says B blocks A and holds as many separate refused ranges on the channel as
		// it can, none ending at B's cursor: a refusal would open one more.
		net.relay.execute_with(|| {
			pallet_xcmp_relay::Blocked::<relay::Relay>::insert(para(B), para(A), ());
			pallet_xcmp_relay::Channels::<relay::Relay>::mutate(para(A), para(B), |channel| {
				let channel = channel.as_mut().unwrap();
				let ranges = (0..xcmp_primitives::limits::MAX_REFUSED_RANGES as u64).map(|n| {
					RefusedRange { first: 100 + 2 * n, last: 100 + 2 * n, recorded_at: 1 }
				});
				channel.refused = ranges.collect::<Vec<_>>().try_into().unwrap();
			});
		});
		let batch = net.route(A, sent_at);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::TooManyRefusedRanges);
	});
}

#[test]
fn blocking_is_checked_and_bounded() {
	build_and_execute(|| {
		start_block(1);
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::signed(1), para(A)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::root(), para(B)),
			Error::<Test>::CannotBlockSelf
		);
		assert_noop!(
			XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)),
			Error::<Test>::NotBlocked
		);
		assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)),
			Error::<Test>::AlreadyBlocked
		);
		for sender in 1..MaxBlockedSenders::get() {
			assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(5000 + sender)));
		}
		assert_noop!(
			XcmpIngress::block_sender(RuntimeOrigin::root(), para(C)),
			Error::<Test>::TooManyBlockedSenders
		);
		assert_ok!(XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)));
		assert_eq!(PendingBlockListChanges::<Test>::get().len(), 5);
		// Block-list changes per block are bounded by the protocol.
		for _ in 0..29 {
			assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
			assert_ok!(XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)));
		}
		assert_ok!(XcmpIngress::block_sender(RuntimeOrigin::root(), para(A)));
		assert_eq!(
			PendingBlockListChanges::<Test>::get().len() as u32,
			xcmp_primitives::limits::MAX_BLOCK_LIST_CHANGES
		);
		assert_noop!(
			XcmpIngress::unblock_sender(RuntimeOrigin::root(), para(A)),
			Error::<Test>::TooManyBlockListChanges
		);
	});
}

// ---- the watermark ----

#[test]
fn the_watermark_waits_for_every_batch_sent_up_to_it() {
	build_and_execute(|| {
		let mut net = Network::new();
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
		let mut net = Network::new();
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
		let mut net = Network::opened_at(1_000);
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

#[test]
fn state_is_cleared_between_blocks() {
	build_and_execute(|| {
		let mut net = Network::new();
		run_block(net.inherent(vec![]));
		XcmpIngress::on_initialize(System::block_number() + 1);
		assert_eq!(CurrentRelayParent::<Test>::get(), None);
		assert!(OutboundDestinations::<Test>::get().is_empty());
	});
}

#[test]
fn the_inherent_is_required_created_from_its_data_and_checked() {
	use frame_support::inherent::{InherentData, ProvideInherent};
	build_and_execute(|| {
		let mut net = Network::new();
		let empty = InherentData::new();
		assert_eq!(XcmpIngress::is_inherent_required(&empty), Ok(Some(InherentError::Missing)));
		assert_eq!(XcmpIngress::create_inherent(&empty), None);

		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let data = net.inherent(vec![net.route(A, sent_at)]);
		let mut inherent_data = InherentData::new();
		inherent_data.put_data(INHERENT_IDENTIFIER, &data).unwrap();
		let call = XcmpIngress::create_inherent(&inherent_data).unwrap();
		assert!(XcmpIngress::is_inherent(&call));
		assert_eq!(call, Call::receive { data: data.clone() });
		assert_eq!(XcmpIngress::check_inherent(&call, &inherent_data), Ok(()));
		assert!(!XcmpIngress::is_inherent(&Call::block_sender { sender: para(A) }));

		set_max_inherent_size(data.encoded_size() as u32 - 1);
		assert_eq!(XcmpIngress::check_inherent(&call, &empty), Err(InherentError::TooLarge));
		let too_many = IngressInherentData {
			batches: vec![data.batches[0].clone(); MaxBatchesPerInherent::get() as usize + 1],
			..data
		};
		assert_eq!(
			XcmpIngress::check_inherent(&Call::receive { data: too_many }, &empty),
			Err(InherentError::TooManyBatches)
		);
	});
}
