//! Channel limits changed in place: proposed by one member, accepted by the other (or forced),
//! while the channel stays open and busy; batches sent before a change are judged by the limits
//! they were sent under.

use super::*;
use xcmp_primitives::{limits::MAX_RELAY_PARENT_AGE, relay_state::EarlierLimits};

const WIDER: ChannelLimits = ChannelLimits { max_capacity: 100, ..LIMITS };
const NARROWER: ChannelLimits =
	ChannelLimits { max_capacity: 5, max_total_size: 500, max_message_size: 50 };

fn state(sender: u32, receiver: u32) -> ChannelState {
	Channels::<Test>::get(para(sender), para(receiver)).expect("a channel")
}

#[test]
fn one_member_proposes_and_the_other_accepts() {
	build_and_execute(|| {
		open(A, B);
		System::set_block_number(4);
		assert_ok!(XcmpRelay::propose_channel_limits(signed(A), channel(A, B), WIDER));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelLimitsProposed {
				channel: channel(A, B),
				limits: WIDER,
				by: para(A)
			})
		);
		assert_eq!(state(A, B).limits, LIMITS, "a proposal changes nothing yet");
		assert_ok!(XcmpRelay::accept_channel_limits(signed(B), channel(A, B), WIDER));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelLimitsChanged {
				channel: channel(A, B),
				limits: WIDER
			})
		);
		let changed = state(A, B);
		assert_eq!(changed.limits, WIDER);
		assert_eq!(
			changed.earlier_limits,
			Some(EarlierLimits { limits: LIMITS, until: 4, last_nonce: 0 })
		);
		assert_eq!(changed.limits_at(3), LIMITS);
		assert_eq!(changed.limits_at(4), WIDER);
		assert!(LimitsProposals::<Test>::get(para(A), para(B)).is_none());
		// The receiver may propose too, and either member may withdraw or decline.
		System::set_block_number(4 + u64::from(MAX_RELAY_PARENT_AGE));
		assert_ok!(XcmpRelay::propose_channel_limits(signed(B), channel(A, B), NARROWER));
		assert_ok!(XcmpRelay::cancel_channel_limits_proposal(signed(A), channel(A, B)));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelLimitsProposalCancelled {
				channel: channel(A, B),
				by: para(A)
			})
		);
		assert!(LimitsProposals::<Test>::get(para(A), para(B)).is_none());
	});
}

#[test]
fn bad_changes_are_refused_and_change_nothing() {
	build_and_execute(|| {
		open(A, B);
		let bad = ChannelLimits { max_capacity: 0, ..LIMITS };
		let propose = |by: u32, channel: HrmpChannelId, limits| {
			XcmpRelay::propose_channel_limits(signed(by), channel, limits)
		};
		assert_noop!(propose(C, channel(A, B), WIDER), Error::<Test>::NotChannelMember);
		assert_noop!(propose(A, channel(A, C), WIDER), Error::<Test>::NoChannel);
		assert_noop!(propose(A, channel(A, B), bad), Error::<Test>::InvalidLimits);
		assert_noop!(propose(A, channel(A, B), LIMITS), Error::<Test>::LimitsUnchanged);
		let accept =
			|by: u32, limits| XcmpRelay::accept_channel_limits(signed(by), channel(A, B), limits);
		assert_noop!(accept(B, WIDER), Error::<Test>::NoLimitsProposal);
		assert_noop!(
			XcmpRelay::cancel_channel_limits_proposal(signed(B), channel(A, B)),
			Error::<Test>::NoLimitsProposal
		);
		assert_ok!(propose(A, channel(A, B), WIDER));
		assert_noop!(accept(A, WIDER), Error::<Test>::OwnLimitsProposal);
		assert_noop!(accept(C, WIDER), Error::<Test>::NotChannelMember);
		// The proposal changed since the member looked: it accepts nothing.
		assert_noop!(accept(B, NARROWER), Error::<Test>::LimitsProposalMismatch);
		assert_noop!(
			XcmpRelay::cancel_channel_limits_proposal(signed(C), channel(A, B)),
			Error::<Test>::NotChannelMember
		);
		assert_noop!(
			XcmpRelay::force_change_channel_limits(signed(A), channel(A, B), WIDER),
			DispatchError::BadOrigin
		);
		// A channel that begins to close loses its proposal, and its limits stay.
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		assert!(LimitsProposals::<Test>::get(para(A), para(B)).is_none());
		assert_noop!(propose(A, channel(A, B), WIDER), Error::<Test>::AlreadyClosing);
		assert_noop!(
			XcmpRelay::force_change_channel_limits(RuntimeOrigin::root(), channel(A, B), WIDER),
			Error::<Test>::AlreadyClosing
		);
	});
}

#[test]
fn lowered_limits_judge_only_batches_sent_after_the_change() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// Ten messages of 100 bytes: within LIMITS, over NARROWER's capacity and message size.
		include(chains.send(A, 1, &[(B, 10)], 100), 2);
		// A's next block is built on relay block 2, before the change: it sends under LIMITS.
		let built_before = chains.send(A, 2, &[(B, 10)], 100);
		System::set_block_number(3);
		assert_ok!(XcmpRelay::force_change_channel_limits(
			RuntimeOrigin::root(),
			channel(A, B),
			NARROWER
		));
		include(built_before, 4);
		assert_eq!(state(A, B).earlier_limits.map(|earlier| earlier.last_nonce), Some(20));
		// A block built on the change is over the new capacity: 21 pending, 5 allowed.
		let built_after = chains.clone().send(A, 4, &[(B, 1)], 10);
		assert_eq!(
			try_include(&built_after),
			Err(CandidateError::ChannelOverCapacity { index: 0, pending: 21, max: 5 })
		);
		// B consumes the twenty messages sent before, whole: nothing is refused or dropped.
		let batches = vec![chains.route(A, 1, B), chains.route(A, 2, B)];
		let receiving = receive(B, 4, batches, 4, vec![]);
		assert!(receiving.ingress.cursors.iter().all(|cursor| !cursor.rejected));
		include(receiving, 5);
		let drained = state(A, B);
		assert_eq!((drained.cursor.last_nonce, drained.refused.len()), (20, 0));
		// Sent after the change, a message over the new size is refused by its receiver, as
		// any batch over its limits is (the relay sees no message size).
		include(chains.send(A, 5, &[(B, 1)], 100), 6);
		let over = receive(B, 6, vec![chains.route(A, 5, B)], 6, vec![]);
		assert!(over.ingress.cursors.iter().all(|cursor| cursor.rejected));
		include(over, 7);
		// Within them, it is consumed.
		include(chains.send(A, 7, &[(B, 5)], 50), 8);
		let within = receive(B, 8, vec![chains.route(A, 7, B)], 8, vec![]);
		assert!(within.ingress.cursors.iter().all(|cursor| !cursor.rejected));
		include(within, 9);
		assert_eq!(state(A, B).cursor.last_nonce, 26);
	});
}

#[test]
fn a_change_waits_until_the_last_one_settles() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 3)], 10), 2);
		System::set_block_number(2);
		let change = |limits| {
			XcmpRelay::force_change_channel_limits(RuntimeOrigin::root(), channel(A, B), limits)
		};
		assert_ok!(change(WIDER));
		// A candidate built before the change may still be included.
		System::set_block_number(1 + u64::from(MAX_RELAY_PARENT_AGE));
		assert_noop!(change(NARROWER), Error::<Test>::LimitsChangeUnsettled);
		// Its receiver has not consumed what was sent before it.
		System::set_block_number(2 + u64::from(MAX_RELAY_PARENT_AGE));
		assert_noop!(change(NARROWER), Error::<Test>::LimitsChangeUnsettled);
		include(receive(B, 4, vec![chains.route(A, 1, B)], 4, vec![]), 5);
		assert_ok!(change(NARROWER));
		assert_eq!(
			state(A, B).earlier_limits,
			Some(EarlierLimits { limits: WIDER, until: 5, last_nonce: 3 })
		);
	});
}
