//! Sending: each check of a send, with its own error and nothing changed; sends through the
//! trait.

use super::*;

#[test]
fn bad_sends_fail_with_their_own_error_and_change_nothing() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		// Before this block's relay view is known.
		start_block();
		assert_noop!(send(B, b"x"), Error::<Test>::RelayViewUnavailable);
		set_relay_view(Some(relay.view()));
		let big = vec![0u8; 1025];
		assert_noop!(send(B, &big), Error::<Test>::MessageTooLarge);
		assert_noop!(send(B, &[0u8; 513]), Error::<Test>::MessageTooLargeForChannel);
		assert_noop!(send(SELF, b"x"), Error::<Test>::SendToSelf);
		assert_noop!(send(E, b"x"), Error::<Test>::NoChannel);
		assert_noop!(send(6000, b"x"), Error::<Test>::RelayViewUnavailable);
		finish_block();

		// Closing, blocking.
		relay.records.close_channel(para(SELF), para(C), relay.now);
		relay.receiver_block(D, true, vec![BlockListChange::Blocked(para(SELF))]);
		relay.sender_block(|| {
			assert_noop!(send(C, b"x"), Error::<Test>::ChannelClosing);
			assert_noop!(send(D, b"x"), Error::<Test>::DestinationBlocksSender);
		});
	});
}

#[test]
fn full_channels_push_back() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			for _ in 0..LIMITS.max_capacity {
				send(B, b"m").unwrap();
			}
			assert_noop!(send(B, b"m"), Error::<Test>::ChannelFull);
			// Bytes: 3 messages of 512 bytes fit in 2,000, a 4th does not.
			for _ in 0..3 {
				send(C, &[7u8; 512]).unwrap();
			}
			assert_noop!(send(C, &[7u8; 512]), Error::<Test>::ChannelOverSize);
		});
		// Once B consumes, the channel has room again (pruned in the next sender block).
		relay.receiver_block(B, true, vec![]);
		relay.sender_block(|| {
			assert_ok!(send(B, b"m"));
		});
	});
}

#[test]
fn destinations_and_channels_are_bounded() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.records.open_channel(para(SELF), para(E), LIMITS);
		relay.records.open_channel(para(SELF), para(6000), LIMITS);
		relay.sender_block(|| {
			send(B, b"x").unwrap();
			send(C, b"x").unwrap();
			send(D, b"x").unwrap();
			assert_noop!(send(E, b"x"), Error::<Test>::TooManyDestinations);
		});
		relay.sender_block(|| send(E, b"x").unwrap());
		// Four channels have state; a fifth is refused.
		start_block();
		let (now, mut view) = relay.view();
		let state = relay.records.limits(para(SELF), para(6000)).map(ChannelState::new);
		view.insert(para(6000), OutboundChannelView { state, blocked: false });
		set_relay_view(Some((now, view)));
		assert_noop!(send(6000, b"x"), Error::<Test>::TooManyChannels);
		finish_block();
	});
}

#[test]
fn held_messages_per_channel_are_bounded_whatever_the_relay_says() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let roomy =
			ChannelLimits { max_capacity: 100, max_total_size: 10_000, max_message_size: 8 };
		relay.records.open_channel(para(SELF), para(E), roomy);
		relay.sender_block(|| {
			for _ in 0..MaxHeldPerChannel::get() {
				send(E, b"x").unwrap();
			}
			assert_noop!(send(E, b"x"), Error::<Test>::ChannelFull);
		});
	});
}

#[test]
fn other_pallets_send_through_the_trait_and_the_call_checks_its_origin() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		relay.sender_block(|| {
			let id = <XcmpEgress as XcmpSender>::send(para(B), payload(b"from a pallet")).unwrap();
			assert_eq!(id, MessageId { destination: para(B), nonce: 1 });
			assert_ok!(XcmpEgress::send(RuntimeOrigin::signed(7), para(B), payload(b"signed")));
			assert_noop!(
				XcmpEgress::send(RuntimeOrigin::none(), para(B), payload(b"x")),
				DispatchError::BadOrigin
			);
		});
		assert_eq!(XcmpEgress::egress_commitment().entry(para(B)).unwrap().last_nonce, 2);
	});
}

#[test]
fn a_channel_whose_nonces_are_exhausted_takes_no_message() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		// The channel to B used its last nonce, and B consumed it.
		let last = ChannelCursor { last_nonce: u64::MAX, mqc_head: H256::repeat_byte(9) };
		relay.records.set_cursor(para(SELF), para(B), last);
		OutboundChannels::<Test>::insert(
			para(B),
			OutboundChannel {
				last_queued: u64::MAX,
				last_committed: u64::MAX,
				mqc_head: last.mqc_head,
				last_pruned: u64::MAX,
				held_bytes: 0,
				..Default::default()
			},
		);
		start_block();
		set_relay_view(Some(relay.view()));
		assert_noop!(send(B, b"x"), Error::<Test>::ChannelNoncesExhausted);
		assert_ok!(send(C, b"x"));
		finish_block();
	});
}

/// A pallet sending through [`XcmpSender`] reads what the send costs before making it: the
/// queueing, its share of committing the message and of rejecting it instead. The call charges
/// the same, less the per-destination part when the block already sends to the destination.
#[test]
fn a_caller_of_xcmp_sender_reads_what_a_send_costs() {
	use frame_support::dispatch::GetDispatchInfo;
	build_and_execute(|| {
		let weight = <XcmpEgress as XcmpSender>::send_weight(100);
		let least = <() as crate::WeightInfo>::send(100)
			.saturating_add(<() as crate::WeightInfoExt>::commit_sent_message(100))
			.saturating_add(RecordRejections::on_message_rejected_weight(100));
		assert!(least.all_lte(weight) && weight != least);
		assert!(weight.all_lte(<XcmpEgress as XcmpSender>::send_weight(1_000)));
		let call = Call::<Test>::send { destination: para(B), payload: payload(&[0u8; 100]) };
		assert_eq!(call.get_dispatch_info().call_weight, weight);

		let mut relay = Relay::new();
		relay.sender_block(|| {
			let first = XcmpEgress::send(RuntimeOrigin::signed(7), para(B), payload(&[0u8; 100]));
			assert_eq!(first.unwrap().actual_weight, Some(weight));
			let second = XcmpEgress::send(RuntimeOrigin::signed(7), para(B), payload(&[0u8; 100]));
			assert_eq!(second.unwrap().actual_weight, Some(XcmpEgress::send_weight_to(100, false)));
		});
	});
}

#[test]
fn sends_stop_when_committing_what_waits_would_pass_the_commit_budget() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let mut backlog = Backlog::default();
		let one = |backlog: &mut Backlog| {
			backlog.uncommitted_messages += 1;
			backlog.uncommitted_bytes += 10;
			backlog.uncommitted_rejection = backlog
				.uncommitted_rejection
				.saturating_add(XcmpEgress::uncommitted_rejection_weight(10));
		};
		// Room for exactly three messages of 10 bytes to one destination.
		for _ in 0..3 {
			one(&mut backlog);
		}
		CommitWeight::set(XcmpEgress::commit_weight(1, &backlog));
		relay.sender_block(|| {
			for _ in 0..3 {
				send(B, &[0u8; 10]).unwrap();
			}
			assert_noop!(send(B, &[0u8; 10]), Error::<Test>::CommitBudgetFull);
		});
		// The next block commits them and takes as many again.
		relay.sender_block(|| send(B, &[0u8; 10]).unwrap());
	});
}

/// Sets the pruning budget so that a page holds two messages of 512 bytes, not three.
fn room_for_two_messages_of_512_bytes_a_page() {
	let step = XcmpEgress::refusal_step_weight();
	PruneWeight::set(Weight::from_parts(step.ref_time(), step.proof_size() + 1_100));
	assert_eq!(XcmpEgress::max_page_size(), 1_100);
}

#[test]
fn a_batch_is_one_page_bounded_by_what_pruning_can_read_back() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		room_for_two_messages_of_512_bytes_a_page();
		relay.sender_block(|| {
			send(C, &[7u8; 512]).unwrap();
			send(C, &[8u8; 512]).unwrap();
			assert_noop!(send(C, &[9u8; 512]), Error::<Test>::BatchFull);
			// Another destination's batch has a page of its own.
			send(B, &[9u8; 512]).unwrap();
		});
		// Each batch's page sits under its first nonce, its payloads in nonce order.
		let page = BatchPages::<Test>::get(para(C), 1).unwrap();
		assert_eq!(page.iter().map(|payload| payload[0]).collect::<Vec<_>>(), vec![7, 8]);
		assert_eq!(BatchPages::<Test>::iter().count(), 2);
		// The refused message goes in the next batch, which starts a page.
		relay.sender_block(|| {
			send(C, &[9u8; 512]).unwrap();
		});
		assert_eq!(BatchPages::<Test>::get(para(C), 3).map(|page| page.len()), Some(1));
		assert_eq!(
			XcmpEgress::held_messages(para(C)).iter().map(|(nonce, _)| *nonce).collect::<Vec<_>>(),
			vec![1, 2, 3]
		);
		assert_eq!(
			XcmpEgress::held_payload(MessageId { destination: para(C), nonce: 2 }),
			Some(Payload::truncate_from(vec![8u8; 512]))
		);
	});
}

#[test]
fn a_page_waiting_for_the_relay_parent_keeps_its_bytes_in_the_next_blocks_bound() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		room_for_two_messages_of_512_bytes_a_page();
		relay.sender_block(|| send(B, b"committed").unwrap());
		// The relay parent does not advance: the page waits, its bytes in the block's send
		// state, which bounds it without reading it.
		relay.block_on_last_relay_parent(|| send(C, &[7u8; 512]).unwrap());
		relay.block_on_last_relay_parent(|| send(C, &[8u8; 512]).unwrap());
		assert_eq!(Uncommitted::<Test>::get().get(&para(C)), Some(&1_024));
		relay.block_on_last_relay_parent(|| {
			assert_noop!(send(C, &[9u8; 512]), Error::<Test>::BatchFull);
			assert!(matches!(XcmpEgress::can_send(para(C), 512), Err(Error::<Test>::BatchFull)));
			// A smaller message still fits the page.
			send(C, &[9u8; 16]).unwrap();
		});
		assert_eq!(Uncommitted::<Test>::get().get(&para(C)), Some(&1_040));
		assert_eq!(
			BatchPages::<Test>::get(para(C), 1).map(|page| page.iter().map(|p| p.len()).sum()),
			Some(1_040usize)
		);
		// Committed, the page is the batch's and the block's send state forgets it.
		relay.sender_block(|| {});
		assert!(Uncommitted::<Test>::get().is_empty());
		assert_eq!(HeldBatches::<Test>::get(para(C), 1).map(|batch| batch.bytes), Some(1_040));
	});
}
