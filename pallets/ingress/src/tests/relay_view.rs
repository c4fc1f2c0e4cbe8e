//! The relay view kept for the egress side, for one block only.

use super::*;

#[test]
fn the_relay_view_holds_outbound_channels_for_this_block_only() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
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
		assert!(RelayViewChannels::<Test>::iter().next().is_none());
		end_block();
	});
}

/// The egress pallet's weights charge no database read of the relay view: the view is read only
/// through the destinations the block's inherent wrote, so a record under any other key, such as
/// one the database still holds, is never looked up.
#[test]
fn only_the_destinations_of_the_blocks_view_are_looked_up() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		run_block(net.inherent_with_outbound(vec![], vec![para(A)]));
		let stray = OutboundChannelView { state: None, blocked: true };
		RelayViewChannels::<Test>::insert(para(D), stray);
		assert_eq!(XcmpIngress::outbound_channel(para(D)), None);
		assert!(XcmpIngress::outbound_channel(para(A)).is_some());
		// A record outside the view breaks `try_state`, which the test's end runs.
		RelayViewChannels::<Test>::remove(para(D));
	});
}

#[test]
fn a_pending_destination_the_proof_does_not_cover_fails_the_inherent() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
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
		let mut net = ReceiverNetwork::new();
		let max = MaxRelayViewChannels::get();
		let destinations: Vec<_> = (0..=max).map(|n| para(5000 + n)).collect();
		assert_rejected(
			net.inherent_with_outbound(vec![], destinations.clone()),
			Error::<Test>::TooManyRelayViewChannels,
		);
		end_block();
		// Pending destinations count towards the bound too.
		set_pending_outbound(vec![para(A)]);
		let within: Vec<_> = destinations.into_iter().take(max as usize).collect();
		assert_rejected(
			net.inherent_with_outbound(vec![], within),
			Error::<Test>::TooManyRelayViewChannels,
		);
	});
}

#[test]
fn state_is_cleared_between_blocks() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		run_block(net.inherent(vec![]));
		XcmpIngress::on_initialize(System::block_number() + 1);
		assert_eq!(CurrentRelayParent::<Test>::get(), None);
		assert!(RelayViewDestinations::<Test>::get().is_empty());
	});
}

#[test]
fn the_relay_keys_to_prove_cover_the_digest_span_and_every_pending_destination() {
	build_and_execute(|| {
		use xcmp_primitives::relay_state::{keys, DEFAULT_RELAY_PALLET_NAME as PALLET};
		let span = keys::digest_span(PALLET, para(B));
		assert_eq!(XcmpIngress::relay_keys_to_prove(), vec![span.clone()]);
		set_pending_outbound(vec![para(C), para(A)]);
		let mut expected = vec![
			span,
			keys::channel(PALLET, para(B), para(A)),
			keys::blocked(PALLET, para(A), para(B)),
			keys::channel(PALLET, para(B), para(C)),
			keys::blocked(PALLET, para(C), para(B)),
		];
		expected.sort();
		assert_eq!(XcmpIngress::relay_keys_to_prove(), expected);
		// What a block reads of them is proven by them: the inherent of a block with those
		// destinations pending takes its relay view from a proof of these keys alone.
		let mut net = ReceiverNetwork::new();
		let keys = XcmpIngress::relay_keys_to_prove();
		net.carry(&keys);
		run_block(IngressInherentData {
			relay_state_proof: sp_trie::CompactProof { encoded_nodes: vec![] },
			outbound_destinations: vec![],
			batches: vec![],
			outcomes: vec![],
		});
		assert!(RelayViewDestinations::<Test>::get().contains(&para(A)));
	});
}
