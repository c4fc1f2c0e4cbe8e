//! The runtime's configuration checked against the protocol and against itself.

use super::*;

#[test]
fn the_mock_runtime_s_configuration_passes_its_check() {
	build_and_execute(|| {
		assert_eq!(XcmpIngress::check_config(), Ok(()));
		XcmpIngress::integrity_test();
	});
}

#[test]
fn a_configuration_that_cannot_work_is_refused_with_its_reason() {
	build_and_execute(|| {
		set_max_page_bytes(MIN_PAGE_BYTES - 1);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxPageBytes must fit a message of the protocol's largest size")
		);
		set_max_page_bytes(MIN_PAGE_BYTES);
		set_max_inbound_channels(0);
		assert_eq!(XcmpIngress::check_config(), Err("a parachain must be able to receive"));
		set_max_inbound_channels(8);
		set_max_queued_messages(xcmp_primitives::limits::MAX_CHANNEL_CAPACITY - 1);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxQueuedMessages must fit a batch of the largest channel capacity")
		);
		set_max_queued_messages(40_000);
		let capacity = xcmp_primitives::limits::MAX_CHANNEL_CAPACITY;
		let inherent = u64::from(<MaxInherentSize as frame_support::traits::Get<u32>>::get());
		set_max_queued_per_sender(capacity - 1, inherent);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxQueuedMessagesPerSender must fit a batch of the largest channel capacity")
		);
		// One sender's full share must leave room for a batch of another.
		set_max_queued_per_sender(40_000 - capacity + 1, inherent);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxQueuedMessages must fit a sender's full share and a batch of another")
		);
		set_max_queued_per_sender(40_000 - capacity, inherent - 1);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxQueuedBytesPerSender must fit any batch an inherent can carry")
		);
		set_max_queued_per_sender(capacity, MaxQueuedBytes::get() - inherent + 1);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxQueuedBytes must fit a sender's full share and any batch of another")
		);
		set_max_queued_per_sender(capacity, MaxQueuedBytes::get() - inherent);
		assert_eq!(XcmpIngress::check_config(), Ok(()));
		set_service_budget(0, 0);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("ServiceWeight must fit a page, a message of the largest size, parking it and its outcome")
		);
	});
}

/// Found in review: with the egress pallet's `MaxOutboundChannels` above the ingress pallet's
/// relay-view bound, a block with messages pending to all of them failed its mandatory inherent
/// (`TooManyRelayViewChannels`), and the chain stopped. Such a runtime is refused.
#[test]
fn a_relay_view_smaller_than_what_the_egress_side_may_have_pending_is_refused() {
	build_and_execute(|| {
		MaxPendingDestinations::set(MaxRelayViewChannels::get() + 1);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxRelayViewChannels must cover every destination the egress side may have pending")
		);
		// The chain it would have stopped: messages pending to more destinations than the view
		// holds fail every block's inherent.
		let pending: Vec<_> = (0..=MaxRelayViewChannels::get()).map(|n| para(5000 + n)).collect();
		set_pending_outbound(pending);
		let mut net = ReceiverNetwork::new();
		let data = net.inherent(vec![]);
		start_block(System::block_number() + 1);
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::none(), data),
			Error::<Test>::TooManyRelayViewChannels
		);
	});
}

/// A parachain allowed to block more senders than the relay keeps would have its candidates
/// refused (`TooManyBlockedSenders`) once it did: such a runtime is refused.
#[test]
fn a_block_list_longer_than_the_relay_keeps_is_refused() {
	build_and_execute(|| {
		let most = xcmp_primitives::limits::MAX_BLOCKED_SENDERS;
		MaxBlockedSenders::set(most + 1);
		assert_eq!(
			XcmpIngress::check_config(),
			Err("MaxBlockedSenders must be at most MAX_BLOCKED_SENDERS: validators refuse a longer \
			     block list")
		);
		MaxBlockedSenders::set(most);
		assert_eq!(XcmpIngress::check_config(), Ok(()));
		MaxBlockedSenders::set(4);
	});
}
