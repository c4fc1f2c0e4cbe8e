//! Channels: requested, accepted or forced open, bounded, closed once drained, reopened as they
//! were.

use super::*;

#[test]
fn request_and_accept_opens_a_channel() {
	build_and_execute(|| {
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::OpenChannelRequested {
				sender: para(A),
				receiver: para(B),
				limits: LIMITS
			})
		);
		assert!(Channels::<Test>::get(para(A), para(B)).is_none());
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelOpened {
				channel: channel(A, B),
				limits: LIMITS
			})
		);
		assert_eq!(Channels::<Test>::get(para(A), para(B)).unwrap().limits, LIMITS);
		assert!(OpenRequests::<Test>::get(para(A), para(B)).is_none());
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 1);
	});
}

#[test]
fn bad_channel_requests_are_refused() {
	build_and_execute(|| {
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(A), LIMITS),
			Error::<Test>::ChannelToSelf
		);
		let bad = ChannelLimits { max_capacity: 0, ..LIMITS };
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), bad),
			Error::<Test>::InvalidLimits
		);
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), LIMITS),
			Error::<Test>::RequestExists
		);
		assert_noop!(XcmpRelay::accept_channel(signed(C), para(A)), Error::<Test>::NoRequest);
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), LIMITS),
			Error::<Test>::ChannelExists
		);
		assert_noop!(
			XcmpRelay::request_channel(RuntimeOrigin::root(), para(B), LIMITS),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn inbound_channels_are_bounded() {
	build_and_execute(|| {
		for sender in 1..=MaxInboundChannels::get() {
			open(sender, B);
		}
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(99, B), LIMITS),
			Error::<Test>::TooManyInboundChannels
		);
	});
}

#[test]
fn outbound_channels_are_bounded_and_a_closed_one_keeps_its_place() {
	build_and_execute(|| {
		for receiver in 1..=MaxOutboundChannels::get() {
			open(A, receiver);
		}
		assert_eq!(OutboundChannelCount::<Test>::get(para(A)), MaxOutboundChannels::get());
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, 99), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(99), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		// Closed, a channel keeps its place, and reopening takes it back.
		assert_ok!(XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(A, 1)));
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, 99), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		after_the_closing_settles();
		open(A, 1);
		assert_eq!(OutboundChannelCount::<Test>::get(para(A)), MaxOutboundChannels::get());
	});
}

#[test]
fn a_pending_request_takes_a_place_among_the_receiver_s_channels() {
	build_and_execute(|| {
		// Three channels into B and A's request fill B's places.
		for sender in 1..MaxInboundChannels::get() {
			open(sender, B);
		}
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		assert_eq!(InboundRequestCount::<Test>::get(para(B)), 1);
		assert_eq!(OutboundRequestCount::<Test>::get(para(A)), 1);
		assert_noop!(
			XcmpRelay::request_channel(signed(C), para(B), LIMITS),
			Error::<Test>::TooManyInboundChannels
		);
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(C, B), LIMITS),
			Error::<Test>::TooManyInboundChannels
		);
		// Accepted, the channel takes the request's place.
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), MaxInboundChannels::get());
		assert!(!InboundRequestCount::<Test>::contains_key(para(B)));
		assert!(!OutboundRequestCount::<Test>::contains_key(para(A)));
	});
}

#[test]
fn a_pending_request_takes_a_place_among_the_sender_s_channels() {
	build_and_execute(|| {
		for receiver in 1..MaxOutboundChannels::get() {
			open(A, receiver);
		}
		assert_ok!(XcmpRelay::request_channel(signed(A), para(99), LIMITS));
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(100), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, 100), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		// Forced open, the requested channel takes the request's place, and the request goes.
		open(A, 99);
		assert!(OpenRequests::<Test>::get(para(A), para(99)).is_none());
		assert_eq!(OutboundChannelCount::<Test>::get(para(A)), MaxOutboundChannels::get());
		assert!(!OutboundRequestCount::<Test>::contains_key(para(A)));
		assert!(!InboundRequestCount::<Test>::contains_key(para(99)));
	});
}

#[test]
fn a_request_to_reopen_a_closed_channel_takes_no_new_place() {
	build_and_execute(|| {
		for sender in [A, C, 4000, 5000] {
			open(sender, B);
		}
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		assert!(Channels::<Test>::get(para(A), para(B)).unwrap().is_closed());
		// Not while a candidate built before the closing may still be included.
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), LIMITS),
			Error::<Test>::ClosedTooRecently
		);
		after_the_closing_settles();
		// B's places are full, but the closed channel keeps A's.
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		assert!(!InboundRequestCount::<Test>::contains_key(para(B)));
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert!(!Channels::<Test>::get(para(A), para(B)).unwrap().is_closing());
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), MaxInboundChannels::get());
	});
}

#[test]
fn governance_origins_are_checked() {
	build_and_execute(|| {
		assert_noop!(
			XcmpRelay::force_open_channel(signed(A), channel(A, B), LIMITS),
			DispatchError::BadOrigin
		);
		open(A, B);
		assert_noop!(
			XcmpRelay::force_close_channel(signed(A), channel(A, B)),
			DispatchError::BadOrigin
		);
		let candidate = validated(&Senders::default().send(A, 1, &[(B, 1)], 10));
		assert_noop!(
			XcmpRelay::include_candidate(
				signed(A),
				Box::new(candidate),
				InclusionWitness::default()
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_closing_channel_whose_receiver_took_nothing_in_time_closes_by_timeouts() {
	use xcmp_primitives::{limits::MAX_RELAY_PARENT_AGE, relay_state::PendingExpiry};
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		chains.outboxes.outbox(para(A)).set_delivery_timeout(Some(4));
		// Two batches of A to B, sent at 1 and 3: the later expires at 7.
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		include(chains.send(A, 3, &[(B, 1)], 10), 4);
		let state = || Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!(state().pending_expiry, PendingExpiry::By(7));
		let close_expired = |caller: u32, (sender, receiver): (u32, u32)| {
			XcmpRelay::close_expired_channel(signed(caller), channel(sender, receiver))
		};
		let passed = 7 + MAX_RELAY_PARENT_AGE;
		// Only a closing channel closes by timeouts.
		System::set_block_number(passed.into());
		assert_noop!(close_expired(C, (A, B)), Error::<Test>::NotClosing);
		assert_noop!(close_expired(C, (C, A)), Error::<Test>::NoChannel);
		System::set_block_number(5);
		assert_ok!(XcmpRelay::close_channel(signed(A), channel(A, B)));
		assert!(!state().is_closed());
		// While a receiver block that accepts a batch may still be included, it waits.
		System::set_block_number((passed - 1).into());
		assert_noop!(close_expired(C, (A, B)), Error::<Test>::ChannelNotExpired);
		System::set_block_number(passed.into());
		assert_ok!(close_expired(C, (A, B)));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelClosed { channel: channel(A, B) })
		);
		assert!(state().is_closed() && state().is_timed_out());
		assert_eq!((state().cursor.last_nonce, state().last_sent), (0, 3));
		assert_noop!(close_expired(C, (A, B)), Error::<Test>::AlreadyClosed);
		// B comes back: it refuses both batches, expired, and the channel stays closed; it
		// may be opened again once A has seen the refusal.
		let batches = vec![chains.route(A, 1, B), chains.route(A, 3, B)];
		include(receive(B, passed, batches, 1, vec![]), (passed + 1).into());
		assert_eq!(state().cursor.last_nonce, 3);
		assert!(!state().refused.is_empty() && state().is_closed());
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, B), LIMITS),
			Error::<Test>::ChannelExists
		);
		include(chains.send(A, passed + 1, &[], 10), (passed + 2).into());
		assert!(state().refused.is_empty());
		open(A, B);
		include(chains.send(A, passed + 2, &[(B, 1)], 10), (passed + 3).into());
		assert_eq!(state().last_sent, 4);
	});
}

#[test]
fn closing_waits_until_the_channel_is_drained() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		assert_noop!(
			XcmpRelay::close_channel(signed(C), channel(A, B)),
			Error::<Test>::NotChannelMember
		);
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		assert_noop!(
			XcmpRelay::close_channel(signed(A), channel(A, B)),
			Error::<Test>::AlreadyClosing
		);
		// Closing: A cannot send more.
		let more = chains.send(A, 2, &[(B, 1)], 10);
		assert_eq!(
			try_include(&more),
			Err(CandidateError::ChannelClosing { index: 0, destination: para(B) })
		);
		// Still open for B to consume what was sent; closed once it has.
		let closed = || Channels::<Test>::get(para(A), para(B)).unwrap().is_closed();
		assert!(!closed());
		include(receive(B, 2, vec![chains.route(A, 1, B)], 1, vec![]), 3);
		assert!(closed());
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::CandidateIncluded { para: para(B), relay_parent: 2 })
		);
		assert!(System::events()
			.iter()
			.any(|e| e.event
				== RuntimeEvent::XcmpRelay(Event::ChannelClosed { channel: channel(A, B) })));
		// Closed channels keep their places: B's ingress keeps its record of each sender.
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 2);
		// A drained channel closes at once.
		assert_ok!(XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(C, B)));
		assert!(Channels::<Test>::get(para(C), para(B)).unwrap().is_closed());
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 2);
		assert_noop!(
			XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(C, B)),
			Error::<Test>::AlreadyClosing
		);
		assert_noop!(
			XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(B, 4000)),
			Error::<Test>::NoChannel
		);
	});
}

#[test]
fn a_reopened_channel_continues_the_closed_one() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		include(receive(B, 2, vec![chains.route(A, 1, B)], 1, vec![]), 3);
		let closed = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert!(closed.is_closed());
		assert_eq!(closed.cursor.last_nonce, 2);
		// Closed: A's batches to B are refused (a sender that tried would not commit them).
		assert_eq!(
			try_include(&chains.clone().send(A, 3, &[(B, 1)], 10)),
			Err(CandidateError::ChannelClosing { index: 0, destination: para(B) })
		);
		// The closed channel keeps its place: with B's places full, a new sender is refused,
		// while A may reopen.
		open(4000, B);
		open(5000, B);
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 4);
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(6000, B), LIMITS),
			Error::<Test>::TooManyInboundChannels
		);
		// Reopened with other limits: it carries on from nonce 3 and the old chain head.
		after_the_closing_settles();
		let limits = ChannelLimits { max_capacity: 5, ..LIMITS };
		assert_ok!(XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, B), limits));
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 4);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert!(!state.is_closing());
		assert_eq!((state.limits, state.last_sent, state.cursor), (limits, 2, closed.cursor));
		include(chains.send(A, 4, &[(B, 1)], 10), 5);
		include(receive(B, 5, vec![chains.route(A, 4, B)], 1, vec![]), 6);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!((state.last_sent, state.cursor.last_nonce), (3, 3));
	});
}

#[test]
fn a_receiver_s_watermark_passes_a_closed_channel_s_batches_later() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// A and C both send to B; recorded in relay block 2.
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		include(chains.send(C, 1, &[(B, 1)], 10), 2);
		assert_ok!(XcmpRelay::close_channel(signed(A), channel(A, B)));
		// B drains A's channel, which closes, but its watermark cannot pass relay block 2 yet:
		// C's batch waits.
		include(receive(B, 2, vec![chains.route(A, 1, B)], 1, vec![]), 3);
		assert!(Channels::<Test>::get(para(A), para(B)).unwrap().is_closed());
		// Later B takes C's batch and moves its watermark over block 2, where the relay also
		// recorded A's batch: the closed channel's kept cursor shows it consumed.
		include(receive(B, 3, vec![chains.route(C, 1, B)], 3, vec![]), 4);
		assert_eq!(Watermarks::<Test>::get(para(B)), 3);
		// A's egress root held nothing B still needed: pruned.
		assert_eq!(EgressRoots::<Test>::iter_prefix(para(A)).count(), 0);
	});
}

#[test]
fn closing_channel_stays_until_the_sender_has_seen_its_refusals() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		include(receive(B, 2, vec![], 0, vec![BlockListChange::Blocked(para(A))]), 3);
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		let mut refused = chains.route(A, 1, B);
		refused.messages.clear();
		include(receive(B, 3, vec![refused], 1, vec![]), 4);
		// Drained, but A has not seen that its two messages were refused: the record stays.
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert!(state.is_closing() && state.cursor.last_nonce == 2 && state.refused.len() == 1);
		// A's next block (relay parent 4) sees the refusal; then the channel goes.
		include(chains.send(A, 4, &[(C, 1)], 10), 5);
		assert!(Channels::<Test>::get(para(A), para(B)).unwrap().is_closed());
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 2);
		assert!(System::events().iter().any(|record| record.event
			== RuntimeEvent::XcmpRelay(Event::ChannelClosed { channel: channel(A, B) })));
	});
}

/// What `id`'s sovereign account holds for channel requests.
fn held(id: u32) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	let reason = RuntimeHoldReason::XcmpRelay(HoldReason::ChannelRequest);
	Balances::balance_on_hold(&reason, &para_account(id))
}

fn free(id: u32) -> u64 {
	Balances::free_balance(para_account(id))
}

#[test]
fn a_request_holds_its_deposit_until_it_is_accepted() {
	build_and_execute(|| {
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		let deposit = ChannelRequestDeposit::get();
		assert_eq!((held(A), free(A)), (deposit, FUNDS - deposit));
		assert_eq!(
			OpenRequests::<Test>::get(para(A), para(B)),
			Some(ChannelRequest { limits: LIMITS, requested_at: 1, deposit })
		);
		// The receiver pays nothing.
		assert_eq!((held(B), free(B)), (0, FUNDS));
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert_eq!((held(A), free(A)), (0, FUNDS));
	});
}

#[test]
fn a_request_whose_deposit_cannot_be_held_is_refused_and_stores_nothing() {
	build_and_execute(|| {
		let sender = 4000;
		let deposit = ChannelRequestDeposit::get();
		let request = || XcmpRelay::request_channel(signed(sender), para(B), LIMITS);
		assert_noop!(request(), Error::<Test>::InsufficientBalance);
		// The deposit alone is not enough: the account keeps its existential deposit.
		let existential =
			<Balances as frame_support::traits::fungible::Inspect<u64>>::minimum_balance();
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			para_account(sender),
			deposit + existential - 1
		));
		assert_noop!(request(), Error::<Test>::InsufficientBalance);
		assert!(OpenRequests::<Test>::get(para(sender), para(B)).is_none());
		assert!(!InboundRequestCount::<Test>::contains_key(para(B)));
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			para_account(sender),
			deposit + existential
		));
		assert_ok!(request());
		assert_eq!((held(sender), free(sender)), (deposit, existential));
	});
}

#[test]
fn either_party_may_cancel_a_request_and_its_deposit_and_places_come_back() {
	build_and_execute(|| {
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		assert_noop!(
			XcmpRelay::cancel_channel_request(signed(C), channel(A, B)),
			Error::<Test>::NotChannelMember
		);
		assert_noop!(
			XcmpRelay::cancel_channel_request(RuntimeOrigin::root(), channel(A, B)),
			DispatchError::BadOrigin
		);
		// The receiver cancels.
		assert_ok!(XcmpRelay::cancel_channel_request(signed(B), channel(A, B)));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelRequestCancelled {
				sender: para(A),
				receiver: para(B),
				by: para(B)
			})
		);
		assert!(OpenRequests::<Test>::get(para(A), para(B)).is_none());
		assert_eq!((held(A), free(A)), (0, FUNDS));
		assert!(!InboundRequestCount::<Test>::contains_key(para(B)));
		assert!(!OutboundRequestCount::<Test>::contains_key(para(A)));
		assert_noop!(
			XcmpRelay::cancel_channel_request(signed(B), channel(A, B)),
			Error::<Test>::NoRequest
		);
		assert_noop!(XcmpRelay::accept_channel(signed(B), para(A)), Error::<Test>::NoRequest);
		// The sender cancels, after the request expired too.
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		System::set_block_number(1 + u64::from(ChannelRequestTtl::get()));
		assert_ok!(XcmpRelay::cancel_channel_request(signed(A), channel(A, B)));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelRequestCancelled {
				sender: para(A),
				receiver: para(B),
				by: para(A)
			})
		);
		assert_eq!((held(A), free(A)), (0, FUNDS));
	});
}

#[test]
fn an_expired_request_cannot_be_accepted_and_anyone_may_remove_it() {
	build_and_execute(|| {
		for sender in 1..MaxInboundChannels::get() {
			open(sender, B);
		}
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		let expires_at = 1 + ChannelRequestTtl::get();
		// Until it expires, only its parachains may remove it.
		System::set_block_number(u64::from(expires_at) - 1);
		assert_noop!(
			XcmpRelay::remove_expired_channel_request(signed(C), channel(A, B)),
			Error::<Test>::RequestNotExpired
		);
		System::set_block_number(u64::from(expires_at));
		assert_noop!(XcmpRelay::accept_channel(signed(B), para(A)), Error::<Test>::RequestExpired);
		// Expired, it still holds its place and deposit until removed.
		assert_noop!(
			XcmpRelay::request_channel(signed(C), para(B), LIMITS),
			Error::<Test>::TooManyInboundChannels
		);
		assert_eq!(held(A), ChannelRequestDeposit::get());
		assert_noop!(
			XcmpRelay::remove_expired_channel_request(RuntimeOrigin::none(), channel(A, B)),
			DispatchError::BadOrigin
		);
		// Anyone removes it: the deposit goes back to the sender, the place to the receiver.
		assert_ok!(XcmpRelay::remove_expired_channel_request(
			RuntimeOrigin::signed(42),
			channel(A, B)
		));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelRequestExpired {
				sender: para(A),
				receiver: para(B)
			})
		);
		assert!(OpenRequests::<Test>::get(para(A), para(B)).is_none());
		assert_eq!((held(A), free(A)), (0, FUNDS));
		assert!(!InboundRequestCount::<Test>::contains_key(para(B)));
		assert_noop!(
			XcmpRelay::remove_expired_channel_request(signed(C), channel(A, B)),
			Error::<Test>::NoRequest
		);
		assert_ok!(XcmpRelay::request_channel(signed(C), para(B), LIMITS));
	});
}

#[test]
fn forcing_a_requested_channel_open_releases_the_request_s_deposit() {
	build_and_execute(|| {
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		open(A, B);
		assert!(OpenRequests::<Test>::get(para(A), para(B)).is_none());
		assert_eq!((held(A), free(A)), (0, FUNDS));
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 1);
		assert!(!InboundRequestCount::<Test>::contains_key(para(B)));
	});
}

#[test]
fn a_sender_asks_again_in_place_of_its_expired_request() {
	build_and_execute(|| {
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		// Pending, it cannot be asked again.
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), LIMITS),
			Error::<Test>::RequestExists
		);
		let expires_at = 1 + ChannelRequestTtl::get();
		System::set_block_number(u64::from(expires_at));
		// Expired, a new request replaces it: one deposit held, one place taken.
		let wider = ChannelLimits { max_capacity: LIMITS.max_capacity - 1, ..LIMITS };
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), wider));
		let events = System::events();
		assert!(events.iter().any(|record| record.event
			== RuntimeEvent::XcmpRelay(Event::ChannelRequestExpired {
				sender: para(A),
				receiver: para(B)
			})));
		let request = OpenRequests::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!((request.limits, request.requested_at), (wider, expires_at));
		assert_eq!(held(A), ChannelRequestDeposit::get());
		assert_eq!(InboundRequestCount::<Test>::get(para(B)), 1);
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert_eq!(held(A), 0);
	});
}

/// Moves the relay past the blocks in which a candidate built before a channel began to close
/// may still be included: from then on a closed channel may be opened again.
fn after_the_closing_settles() {
	let now = System::block_number();
	System::set_block_number(now + u64::from(xcmp_primitives::limits::MAX_RELAY_PARENT_AGE));
}
