//! Many parachains with real runtimes: all-to-all traffic delivered exactly once in order, a
//! receiver that blocks a sender (and the sender told), messages a silent receiver never took
//! timing out, the channels into a receiver gone for good closing by timeouts, a channel closed
//! and opened again, a busy channel's limits lowered and raised in
//! place, and misbehaving collators whose blocks the runtime or the validators refuse while honest
//! chains go on.
//!
//! Every message is an XCM program that calls the receiver's paying contract, which transfers one
//! unit to an account named after the sender, so the receiver's balances count what was
//! delivered and executed.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use codec::Encode;
use frame_support::traits::fungible::Inspect;
use std::collections::BTreeMap;
use xcmp::primitives::{
	outcome::{MessageOutcome, OutcomeReport},
	ChannelLimits, ParaId, Payload, RoutedBatch,
};
use xcmp_runtime_mock::{
	collator::{self, BuildError},
	contracts::Contract,
	parachain::{self, Balances, RuntimeCall, RuntimeEvent, CONTRACT_ACCOUNT_BASE},
	relay::Relay,
	runtime_network::{BlockOutcome, RuntimeNetwork},
	validation::ValidationError,
};

/// The paying contract every parachain registers.
const PAYER: u32 = 7;
/// The user who sends on every parachain.
const USER: u64 = 5;
const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 128, max_total_size: 64 * 1024, max_message_size: 512 };

/// The account a message from `sender` pays on its receiver.
fn account_of(sender: u32) -> u64 {
	10_000 + u64::from(sender)
}

fn network(ids: &[u32]) -> RuntimeNetwork {
	network_starting_at(1, ids)
}

/// As [`network`], on a relay chain at block `relay_block`, in which the channels open.
fn network_starting_at(relay_block: u32, ids: &[u32]) -> RuntimeNetwork {
	let payer = CONTRACT_ACCOUNT_BASE + u64::from(PAYER);
	let balances = vec![(USER, 1_000), (payer, 1_000_000)];
	let mut net = RuntimeNetwork::starting_at(relay_block, ids, LIMITS, balances);
	for id in ids {
		let call =
			xcmp_runtime_mock::contracts::Call::register { id: PAYER, contract: Contract::Pay };
		net.govern(*id, RuntimeCall::Contracts(call)).unwrap();
	}
	net
}

/// `USER` on `from` sends `count` messages to `to`, each an XCM program calling the paying
/// contract there to pay one unit to `from`'s account.
fn send(net: &mut RuntimeNetwork, from: u32, to: u32, count: usize) {
	let input = (account_of(from), 1u64).encode().try_into().unwrap();
	let payload: Payload = parachain::contract_call_message(PAYER, input).try_into().unwrap();
	for _ in 0..count {
		let call = pallet_xcmp_egress::Call::send {
			destination: ParaId::from(to),
			payload: payload.clone(),
		};
		net.submit(from, USER, RuntimeCall::XcmpEgress(call));
	}
}

/// What each receiver processed this step, per sender, in order.
fn processed(net: &mut RuntimeNetwork, ids: &[u32]) -> BTreeMap<(u32, u32), Vec<u64>> {
	let mut seen = BTreeMap::new();
	for receiver in ids {
		let events = net.para(*receiver).execute_with(parachain::System::events);
		for record in events {
			if let RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::Processed {
				sender,
				nonce,
				..
			}) = record.event
			{
				seen.entry((u32::from(sender), *receiver)).or_insert_with(Vec::new).push(nonce);
			}
		}
	}
	seen
}

fn delivered_from(net: &mut RuntimeNetwork, receiver: u32, sender: u32) -> u64 {
	net.para(receiver).execute_with(|| Balances::balance(&account_of(sender)))
}

fn outcomes_summary(outcomes: &[BlockOutcome]) -> Vec<&'static str> {
	outcomes
		.iter()
		.map(|o| match o {
			BlockOutcome::Included(_) => "included",
			BlockOutcome::Invalid(..) => "invalid",
			BlockOutcome::Rejected(..) => "rejected",
			BlockOutcome::NotBuilt(_) => "not built",
		})
		.collect()
}

/// One step of `net`, in which every chain's block must be included; each message processed in
/// it must come next on its channel after the last one recorded in `last`, where it is recorded.
fn step_expecting_every_block_included(
	net: &mut RuntimeNetwork,
	ids: &[u32],
	last: &mut BTreeMap<(u32, u32), u64>,
	step: usize,
) {
	let outcomes = net.step();
	assert!(outcomes_summary(&outcomes).iter().all(|o| *o == "included"), "step {step}");
	for (channel, nonces) in processed(net, ids) {
		for nonce in nonces {
			let previous = last.entry(channel).or_default();
			assert_eq!(nonce, *previous + 1, "channel {channel:?} out of order");
			*previous = nonce;
		}
	}
}

#[test]
fn all_to_all_traffic_is_delivered_exactly_once_in_order() {
	let ids = [2000, 2001, 2002, 2003];
	let mut net = network(&ids);
	let mut last: BTreeMap<(u32, u32), u64> = BTreeMap::new();
	for step in 0..14 {
		if step < 8 {
			for from in ids {
				for to in ids.iter().filter(|to| **to != from) {
					send(&mut net, from, *to, 1 + (step + from as usize) % 3);
				}
			}
		}
		step_expecting_every_block_included(&mut net, &ids, &mut last, step);
	}
	// Every message sent was processed once: the nonces reached and the balances agree with
	// what each sender committed, and nothing is held anywhere.
	for from in ids {
		for to in ids.iter().filter(|to| **to != from) {
			let sent = net.para(from).execute_with(|| {
				pallet_xcmp_egress::OutboundChannels::<parachain::Runtime>::get(ParaId::from(*to))
					.unwrap()
			});
			assert_eq!(sent.held(), 0, "{from} -> {to} still holds messages");
			assert_eq!(last[&(from, *to)], sent.last_committed);
			assert_eq!(delivered_from(&mut net, *to, from), sent.last_committed);
		}
	}
	assert_eq!(
		net.relay.execute_with(|| pallet_xcmp_relay::EgressRoots::<Relay>::iter().count()),
		0
	);
}

/// Found in review: the collator took every batch offered within its block's budget, whatever
/// room the receiver's queue had left, and the ingress inherent is all or nothing. Once a sender
/// whose messages wait (here governance paused it, and the processor yields on its messages) filled its
/// share of the receiver's queue, every inherent carrying its next batch failed
/// (`SenderQueueFull`; `QueueFull` before queues had shares, once it filled the whole queue) and
/// the receiver built no block at all, taking no one's batches. The collator now takes only what
/// fits: the receiver goes on building blocks and consuming the others' batches, the waiting
/// sender's batches wait with it, and once it goes on every message is processed once, in order.
#[test]
fn a_receiver_whose_queue_is_full_for_a_waiting_sender_keeps_building_blocks() {
	let (waiting, other, receiver) = (2000, 2001, 2002);
	let ids = [waiting, other, receiver];
	let mut net = network(&ids);
	let pause = |net: &mut RuntimeNetwork, paused: Vec<ParaId>| {
		net.para(receiver).execute_with(|| parachain::PausedSenders::set(&paused));
		net.set_head(receiver);
	};
	pause(&mut net, vec![ParaId::from(waiting)]);
	// Each sender's share of the receiver's queue: two batches of the waiting sender.
	net.para(receiver).execute_with(|| parachain::MaxQueuedMessagesPerSender::set(&20));
	net.set_head(receiver);
	let queued_from = |net: &mut RuntimeNetwork, sender: u32| {
		net.para(receiver).execute_with(|| {
			let channel = pallet_xcmp_ingress::InboundChannels::<parachain::Runtime>::get(
				ParaId::from(sender),
			);
			channel.map(|channel| (channel.cursor.last_nonce, channel.queued.messages))
		})
	};
	let mut last: BTreeMap<(u32, u32), u64> = BTreeMap::new();
	for step in 0..16 {
		if step < 6 {
			send(&mut net, waiting, receiver, 10);
			send(&mut net, other, receiver, 5);
		}
		if step == 10 {
			pause(&mut net, Vec::new());
		}
		step_expecting_every_block_included(&mut net, &ids, &mut last, step);
		if step == 9 {
			// The waiting sender's share is full and its later batches wait with it; the other
			// sender's messages were all consumed and processed.
			assert_eq!(queued_from(&mut net, waiting), Some((20, 20)));
			assert_eq!(last.get(&(waiting, receiver)), None);
			assert_eq!(queued_from(&mut net, other), Some((30, 0)));
			assert_eq!(delivered_from(&mut net, receiver, other), 30);
		}
	}
	// Nothing of the waiting sender's was lost: all 60 processed once, in order, nothing held,
	// queued or parked anywhere.
	assert_eq!(last[&(waiting, receiver)], 60);
	assert_eq!(last[&(other, receiver)], 30);
	assert_eq!(queued_from(&mut net, waiting), Some((60, 0)));
	for sender in [waiting, other] {
		let held = net.para(sender).execute_with(|| {
			pallet_xcmp_egress::OutboundChannels::<parachain::Runtime>::get(ParaId::from(receiver))
				.map(|channel| channel.held())
		});
		assert_eq!(held, Some(0), "{sender} still holds messages");
	}
	net.para(receiver).execute_with(|| {
		use pallet_xcmp_ingress::{Footprint, ParkedMessages};
		assert_eq!(Footprint::<parachain::Runtime>::get().messages, 0);
		assert_eq!(ParkedMessages::<parachain::Runtime>::iter().count(), 0);
	});
	#[cfg(feature = "try-runtime")]
	net.try_state().unwrap();
}

#[test]
fn parachains_starting_on_a_long_running_relay_chain_take_its_height_as_their_watermark() {
	// No batch to a parachain is recorded before its first inbound channel opens, so a chain
	// starting on an old relay chain needs no digests to pass to catch up: its first block
	// moves its watermark to its relay parent, where the protocol's step alone would have
	// taken 10,000 / 64 blocks.
	const RELAY_BLOCK: u32 = 10_000;
	let ids = [2000, 2001, 2002];
	let mut net = network_starting_at(RELAY_BLOCK, &ids);
	send(&mut net, 2000, 2001, 2);
	let outcomes = net.step();
	assert!(outcomes_summary(&outcomes).iter().all(|o| *o == "included"));
	for id in ids {
		let watermark =
			net.para(id).execute_with(pallet_xcmp_ingress::Watermark::<parachain::Runtime>::get);
		assert_eq!(watermark, RELAY_BLOCK, "para {id}");
		let recorded = net
			.relay
			.execute_with(|| pallet_xcmp_relay::Watermarks::<Relay>::get(ParaId::from(id)));
		assert_eq!(recorded, RELAY_BLOCK, "the relay's record of para {id}");
	}
	// From there on, messages flow and watermarks pass their digests as usual.
	for _ in 0..2 {
		let outcomes = net.step();
		assert!(outcomes_summary(&outcomes).iter().all(|o| *o == "included"));
	}
	assert_eq!(delivered_from(&mut net, 2001, 2000), 2);
	let watermark =
		net.para(2001).execute_with(pallet_xcmp_ingress::Watermark::<parachain::Runtime>::get);
	assert_eq!(watermark, RELAY_BLOCK + 2);
	#[cfg(feature = "try-runtime")]
	net.try_state().unwrap();
}

/// The egress events of `para`'s last block that report rejections.
fn rejections(
	net: &mut RuntimeNetwork,
	para: u32,
) -> Vec<pallet_xcmp_egress::Event<parachain::Runtime>> {
	net.para(para)
		.events()
		.into_iter()
		.filter_map(|event| match event {
			RuntimeEvent::XcmpEgress(e @ pallet_xcmp_egress::Event::MessagesRejected { .. }) => {
				Some(e)
			}
			_ => None,
		})
		.collect()
}

#[test]
fn a_receiver_blocks_a_sender_and_the_sender_is_told() {
	let (a, b) = (2000, 2001);
	let mut net = network(&[a, b]);
	// Step 1: A commits three messages to B.
	send(&mut net, a, b, 3);
	net.step();
	// Step 2: B's governance blocks A. B's block still processes A's three messages (a block
	// takes effect from the next block), while A, not knowing yet, commits two more.
	let call = pallet_xcmp_ingress::Call::block_sender { sender: ParaId::from(a) };
	net.govern(b, RuntimeCall::XcmpIngress(call)).unwrap();
	send(&mut net, a, b, 2);
	assert!(outcomes_summary(&net.step()).iter().all(|o| *o == "included"));
	assert_eq!(delivered_from(&mut net, b, a), 3);
	// Step 3: the relay knows B blocks A. A's new send fails at once; B consumes A's two
	// messages by refusal, without running them.
	send(&mut net, a, b, 1);
	let outcomes = net.step();
	let BlockOutcome::Included(block_of_a) = &outcomes[0] else { panic!("{outcomes:?}") };
	assert!(matches!(block_of_a.extrinsics[..], [Ok(Err(_))]), "the send is refused");
	let BlockOutcome::Included(block_of_b) = &outcomes[1] else { panic!("{outcomes:?}") };
	assert!(block_of_b.candidate.ingress.cursors[0].rejected);
	assert_eq!(delivered_from(&mut net, b, a), 3);
	// Step 4: A learns from the relay that B refused them.
	net.step();
	assert_eq!(
		rejections(&mut net, a),
		[pallet_xcmp_egress::Event::MessagesRejected {
			destination: ParaId::from(b),
			first_nonce: 4,
			last_nonce: 5,
			reason: pallet_xcmp_egress::RejectionReason::Refused,
		}]
	);
	net.para(a).execute_with(|| {
		assert!(pallet_xcmp_egress::Pallet::<parachain::Runtime>::pending_destinations().is_empty())
	});
	// Unblocked, A's messages flow again.
	let call = pallet_xcmp_ingress::Call::unblock_sender { sender: ParaId::from(a) };
	net.govern(b, RuntimeCall::XcmpIngress(call)).unwrap();
	net.step();
	send(&mut net, a, b, 1);
	for _ in 0..3 {
		net.step();
	}
	assert_eq!(delivered_from(&mut net, b, a), 4);
}

#[test]
fn messages_a_silent_receiver_never_took_time_out_and_their_sender_is_told_once() {
	let (a, b) = (2000, 2001);
	let mut net = network(&[a, b]);
	// A gives each batch 4 relay blocks; B produces no block for a while.
	net.para(a).execute_with(|| parachain::DeliveryTimeout::set(&Some(4)));
	net.set_head(a);
	send(&mut net, a, b, 3);
	let sent_at = net.relay_number();
	let only_a = |id: ParaId| u32::from(id) == a;
	let mut reported = Vec::new();
	while reported.is_empty() {
		assert!(net.relay_number() < sent_at + 10, "the messages are never reclaimed");
		net.step_producing(only_a, |_, _| {}, |_, _| {});
		reported = rejections(&mut net, a);
	}
	// Reclaimed once no block of B built before the deadline can be included any more.
	let reclaimed_at = net.relay_number() - 1;
	assert_eq!(reclaimed_at, sent_at + 4 + xcmp::primitives::limits::MAX_RELAY_PARENT_AGE);
	assert_eq!(
		reported,
		[pallet_xcmp_egress::Event::MessagesRejected {
			destination: ParaId::from(b),
			first_nonce: 1,
			last_nonce: 3,
			reason: pallet_xcmp_egress::RejectionReason::TimedOut,
		}]
	);
	// B comes back: it refuses them, expired, without running them, and A is not told again.
	let outcomes = net.step();
	let BlockOutcome::Included(block_of_b) = &outcomes[1] else { panic!("{outcomes:?}") };
	assert!(block_of_b.candidate.ingress.cursors[0].rejected);
	assert!(net.para(b).events().iter().any(|event| matches!(
		event,
		RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::BatchRefused {
			reason: xcmp::primitives::RefusalReason::Expired,
			..
		})
	)));
	for _ in 0..2 {
		assert!(rejections(&mut net, a).is_empty());
		net.step();
	}
	assert_eq!(delivered_from(&mut net, b, a), 0);
	// The channel goes on: a message B takes in time is delivered.
	send(&mut net, a, b, 1);
	for _ in 0..3 {
		net.step();
		assert!(rejections(&mut net, a).is_empty());
	}
	assert_eq!(delivered_from(&mut net, b, a), 1);
	net.para(a).execute_with(|| {
		assert!(pallet_xcmp_egress::Pallet::<parachain::Runtime>::pending_destinations().is_empty())
	});
	#[cfg(feature = "try-runtime")]
	net.try_state().unwrap();
}

#[test]
fn the_channels_into_a_receiver_gone_for_good_drain_by_timeouts_and_close() {
	use pallet_xcmp_relay::Channels;
	use xcmp::primitives::limits::MAX_RELAY_PARENT_AGE;
	use xcmp_runtime_mock::relay::RuntimeOrigin;
	let (a, b, c) = (2000, 2001, 2002);
	let mut net = network(&[a, b, c]);
	let into_b = |sender: u32| polkadot_parachain_primitives::primitives::HrmpChannelId {
		sender: ParaId::from(sender),
		recipient: ParaId::from(b),
	};
	// A and C give each batch 4 relay blocks, and send to B, which produces no block again.
	for sender in [a, c] {
		net.para(sender).execute_with(|| parachain::DeliveryTimeout::set(&Some(4)));
		net.set_head(sender);
	}
	send(&mut net, a, b, 2);
	send(&mut net, c, b, 1);
	let deadline = net.relay_number() + 4;
	let not_b = |id: ParaId| u32::from(id) != b;
	net.step_producing(not_b, |_, _| {}, |_, _| {});
	// Governance closes both channels into B; they wait for their batches.
	net.relay.execute_with(|| {
		for sender in [a, c] {
			pallet_xcmp_relay::Pallet::<Relay>::force_close_channel(
				RuntimeOrigin::root(),
				into_b(sender),
			)
			.unwrap();
		}
	});
	let channel = |net: &mut RuntimeNetwork, sender: u32| {
		net.relay
			.execute_with(|| Channels::<Relay>::get(ParaId::from(sender), ParaId::from(b)).unwrap())
	};
	let close_expired = |net: &mut RuntimeNetwork, sender: u32| {
		net.relay.execute_with(|| {
			pallet_xcmp_relay::Pallet::<Relay>::close_expired_channel(
				RuntimeOrigin::signed(1),
				into_b(sender),
			)
		})
	};
	let mut told = BTreeMap::<u32, Vec<_>>::new();
	while !channel(&mut net, a).is_closed() {
		assert!(net.relay_number() < deadline + 10, "the channels never close");
		net.step_producing(not_b, |_, _| {}, |_, _| {});
		for sender in [a, c] {
			told.entry(sender).or_default().extend(rejections(&mut net, sender));
		}
		let expired = close_expired(&mut net, a);
		let now = net.relay_number();
		// Anyone may close them once no block of B that could accept a batch can be included.
		assert_eq!(expired.is_ok(), now >= deadline + MAX_RELAY_PARENT_AGE, "at {now}");
		if expired.is_ok() {
			close_expired(&mut net, c).unwrap();
		}
	}
	for sender in [a, c] {
		let state = channel(&mut net, sender);
		assert!(state.is_closed() && state.is_timed_out() && state.cursor.last_nonce == 0);
	}
	// Both senders were told once that their messages timed out, in their first block that saw
	// it safe: on a relay parent at least as late as the closing.
	for _ in 0..2 {
		net.step_producing(not_b, |_, _| {}, |_, _| {});
		for sender in [a, c] {
			told.entry(sender).or_default().extend(rejections(&mut net, sender));
		}
	}
	let timed_out = |last_nonce| {
		vec![pallet_xcmp_egress::Event::MessagesRejected {
			destination: ParaId::from(b),
			first_nonce: 1,
			last_nonce,
			reason: pallet_xcmp_egress::RejectionReason::TimedOut,
		}]
	};
	assert_eq!(told[&a], timed_out(2));
	assert_eq!(told[&c], timed_out(1));
	// B comes back: it refuses the expired batches, the senders let them go without a second
	// report, and the channels, closed, may be opened again.
	for _ in 0..3 {
		net.step();
		assert!(rejections(&mut net, a).is_empty() && rejections(&mut net, c).is_empty());
	}
	assert_eq!(delivered_from(&mut net, b, a) + delivered_from(&mut net, b, c), 0);
	for sender in [a, c] {
		let state = channel(&mut net, sender);
		assert!(state.may_reopen() && state.is_drained());
		net.para(sender).execute_with(|| {
			let pending = pallet_xcmp_egress::Pallet::<parachain::Runtime>::pending_destinations();
			assert!(pending.is_empty());
		});
	}
	#[cfg(feature = "try-runtime")]
	net.try_state().unwrap();
}

#[test]
fn a_closed_channel_reopened_carries_on_where_it_ended() {
	let (a, b) = (2000, 2001);
	let mut net = network(&[a, b]);
	let channel = polkadot_parachain_primitives::primitives::HrmpChannelId {
		sender: ParaId::from(a),
		recipient: ParaId::from(b),
	};
	send(&mut net, a, b, 3);
	net.step();
	// The relay's governance closes A -> B while B has three messages to consume: it waits for
	// them, then goes.
	net.relay.execute_with(|| {
		pallet_xcmp_relay::Pallet::<Relay>::force_close_channel(
			xcmp_runtime_mock::relay::RuntimeOrigin::root(),
			channel.clone(),
		)
		.unwrap()
	});
	for _ in 0..3 {
		assert!(outcomes_summary(&net.step()).iter().all(|o| *o == "included"));
	}
	assert_eq!(delivered_from(&mut net, b, a), 3);
	let closed = |net: &mut RuntimeNetwork| {
		net.relay.execute_with(|| {
			pallet_xcmp_relay::Channels::<Relay>::get(ParaId::from(a), ParaId::from(b))
				.unwrap()
				.is_closed()
		})
	};
	assert!(closed(&mut net), "drained, the channel is closed");
	// A saw its messages delivered in the closed channel's record and let them go.
	let held = |net: &mut RuntimeNetwork| {
		net.para(a).execute_with(|| {
			pallet_xcmp_egress::OutboundChannels::<parachain::Runtime>::get(ParaId::from(b))
				.unwrap()
				.held()
		})
	};
	assert_eq!(held(&mut net), 0);
	// Closed, the channel takes nothing from A.
	send(&mut net, a, b, 1);
	let outcomes = net.step();
	let BlockOutcome::Included(block_of_a) = &outcomes[0] else { panic!("{outcomes:?}") };
	assert!(matches!(block_of_a.extrinsics[..], [Ok(Err(_))]), "the send is refused");
	// Opened again, it continues the old channel's nonces: A's next messages are 4 and 5, and B
	// takes them from its cursor at 3.
	net.relay.execute_with(|| {
		pallet_xcmp_relay::Pallet::<Relay>::force_open_channel(
			xcmp_runtime_mock::relay::RuntimeOrigin::root(),
			channel,
			LIMITS,
		)
		.unwrap()
	});
	net.step();
	send(&mut net, a, b, 2);
	let mut nonces = Vec::new();
	for _ in 0..4 {
		assert!(outcomes_summary(&net.step()).iter().all(|o| *o == "included"));
		nonces.extend(processed(&mut net, &[b]).remove(&(a, b)).unwrap_or_default());
	}
	assert_eq!(nonces, [4, 5]);
	assert_eq!(delivered_from(&mut net, b, a), 5);
	assert!(!closed(&mut net));
	assert_eq!(held(&mut net), 0);
	#[cfg(feature = "try-runtime")]
	net.try_state().unwrap();
}

/// One step in which `USER` on `a` submits `count` messages to `b` and every block is included:
/// how many of them `a` queued, with the nonces `b` processed from `a` appended to `nonces`.
fn busy_step(
	net: &mut RuntimeNetwork,
	a: u32,
	b: u32,
	count: usize,
	nonces: &mut Vec<u64>,
) -> usize {
	send(net, a, b, count);
	let outcomes = net.step();
	let BlockOutcome::Included(block_of_a) = &outcomes[net.index(a)] else {
		panic!("{outcomes:?}")
	};
	assert!(outcomes_summary(&outcomes).iter().all(|o| *o == "included"));
	nonces.extend(processed(net, &[b]).remove(&(a, b)).unwrap_or_default());
	block_of_a.extrinsics.iter().filter(|result| matches!(result, Ok(Ok(_)))).count()
}

#[test]
fn limits_raised_and_lowered_on_a_busy_channel_lose_no_message() {
	let (a, b) = (2000, 2001);
	let mut net = network(&[a, b]);
	let channel = polkadot_parachain_primitives::primitives::HrmpChannelId {
		sender: ParaId::from(a),
		recipient: ParaId::from(b),
	};
	let change = |net: &mut RuntimeNetwork, limits| {
		net.relay.execute_with(|| {
			pallet_xcmp_relay::Pallet::<Relay>::force_change_channel_limits(
				xcmp_runtime_mock::relay::RuntimeOrigin::root(),
				channel.clone(),
				limits,
			)
		})
	};
	let (mut queued, mut nonces) = (0, Vec::new());
	// Forty messages wait for B when the relay's governance lowers the channel's capacity to
	// ten: B still takes all forty, judged by the limits they were sent under.
	queued += busy_step(&mut net, a, b, 40, &mut nonces);
	assert_eq!(queued, 40);
	let lowered = ChannelLimits { max_capacity: 10, ..LIMITS };
	change(&mut net, lowered).unwrap();
	// A sees the new capacity: with forty pending, it queues none of twenty more.
	assert_eq!(busy_step(&mut net, a, b, 20, &mut nonces), 0);
	assert_eq!(nonces.len(), 40, "the forty are consumed whole, none refused");
	// Consumed, they leave room for ten.
	queued += busy_step(&mut net, a, b, 20, &mut nonces);
	assert_eq!(queued, 50);
	// A change waits until the last one settled; then the capacity is raised past the first.
	let raised = ChannelLimits { max_capacity: 256, ..LIMITS };
	assert!(change(&mut net, raised).is_err(), "the lowering has not settled");
	while change(&mut net, raised).is_err() {
		queued += busy_step(&mut net, a, b, 0, &mut nonces);
	}
	queued += busy_step(&mut net, a, b, 150, &mut nonces);
	assert_eq!(queued, 200, "150 queued at once, past the first capacity of 128");
	for _ in 0..3 {
		busy_step(&mut net, a, b, 0, &mut nonces);
	}
	// Every queued message was delivered once, in order; the others were refused when
	// submitted, so none was lost after it was queued.
	assert_eq!(nonces, (1..=200).collect::<Vec<u64>>());
	assert_eq!(delivered_from(&mut net, b, a), 200);
	net.relay.execute_with(|| {
		let state = pallet_xcmp_relay::Channels::<Relay>::get(ParaId::from(a), ParaId::from(b));
		let state = state.unwrap();
		assert_eq!((state.limits, state.refused.len()), (raised, 0));
	});
	#[cfg(feature = "try-runtime")]
	net.try_state().unwrap();
}

#[test]
fn a_receiver_whose_refusals_would_open_more_ranges_than_the_relay_holds_keeps_building_blocks() {
	let (a, b) = (2000, 2001);
	let mut net = network(&[a, b]);
	let step_alone = |net: &mut RuntimeNetwork, who: u32| {
		let outcomes = net.step_producing(|para| para == ParaId::from(who), |_, _| {}, |_, _| {});
		let index = net.index(who);
		assert!(matches!(outcomes[index], Some(BlockOutcome::Included(_))), "{outcomes:?}");
	};
	// A commits 40 batches of one message while B is silent, then falls silent itself: it sees
	// no refusal B makes from then on.
	for _ in 0..40 {
		send(&mut net, a, b, 1);
		step_alone(&mut net, a);
	}
	// B takes one batch a block, blocking and unblocking A in turn: every other batch is
	// refused, each refusal a range of its own. The relay holds 16 such ranges until A sees
	// them; B's collator leaves the seventeenth refusal out, and B goes on building blocks.
	net.para(b).budget.max_batches = 1;
	for step in 0..40 {
		let sender = ParaId::from(a);
		let call = if step % 2 == 0 {
			pallet_xcmp_ingress::Call::block_sender { sender }
		} else {
			pallet_xcmp_ingress::Call::unblock_sender { sender }
		};
		net.govern(b, RuntimeCall::XcmpIngress(call)).unwrap();
		step_alone(&mut net, b);
	}
	let refused_ranges = |net: &mut RuntimeNetwork| {
		net.relay.execute_with(|| {
			pallet_xcmp_relay::Channels::<Relay>::get(ParaId::from(a), ParaId::from(b))
				.unwrap()
				.refused
				.len()
		})
	};
	assert_eq!(refused_ranges(&mut net), 16);
	// Once A builds a block it has seen them, and B's batches of it go on.
	net.para(b).budget.max_batches = 64;
	for _ in 0..4 {
		assert!(outcomes_summary(&net.step()).iter().all(|o| *o == "included"));
	}
	assert_eq!(refused_ranges(&mut net), 0);
	let held = net.para(a).execute_with(|| {
		pallet_xcmp_egress::OutboundChannels::<parachain::Runtime>::get(ParaId::from(b))
			.unwrap()
			.held()
	});
	assert_eq!(held, 0, "every message to B was delivered or refused, and A told");
	#[cfg(feature = "try-runtime")]
	net.try_state().unwrap();
}

/// Three chains; 2000 and 2002 send to 2001 every step; 2001's collator misbehaves as told.
fn misbehaving_receiver(
	tamper_batches: impl FnMut(ParaId, &mut Vec<RoutedBatch>),
	tamper_block: impl FnMut(ParaId, &mut Vec<RoutedBatch>),
) -> (RuntimeNetwork, Vec<BlockOutcome>) {
	let (a, b, c) = (2000, 2001, 2002);
	let mut net = network(&[a, b, c]);
	// B takes nothing for two blocks, so that its third has two batches from A and one from C.
	let budget = net.para(b).budget;
	net.para(b).budget.max_batches = 0;
	send(&mut net, a, b, 2);
	send(&mut net, c, b, 1);
	net.step();
	send(&mut net, a, b, 2);
	net.step();
	net.para(b).budget = budget;
	let outcomes = net.step_with(tamper_batches, tamper_block);
	(net, outcomes)
}

/// After the misbehaving step, honest steps deliver everything all the same.
fn honest_chains_go_on(mut net: RuntimeNetwork, outcomes: &[BlockOutcome]) {
	assert_eq!(outcomes_summary(outcomes)[0], "included");
	assert_eq!(outcomes_summary(outcomes)[2], "included");
	for _ in 0..3 {
		assert!(outcomes_summary(&net.step()).iter().all(|o| *o == "included"));
	}
	assert_eq!(delivered_from(&mut net, 2001, 2000), 4);
	assert_eq!(delivered_from(&mut net, 2001, 2002), 1);
}

fn is_receiver(id: ParaId) -> bool {
	id == ParaId::from(2001)
}

#[test]
fn a_collator_forging_a_message_cannot_build_a_block() {
	let (net, outcomes) = misbehaving_receiver(
		|id, batches| {
			if is_receiver(id) {
				batches[0].messages[0].payload[0] ^= 1;
			}
		},
		|_, _| {},
	);
	let BlockOutcome::NotBuilt(BuildError::InherentRejected(why)) = &outcomes[1] else {
		panic!("{outcomes:?}")
	};
	assert!(why.contains("BatchRootMismatch"), "{why}");
	honest_chains_go_on(net, &outcomes);
}

#[test]
fn a_block_altered_after_it_was_built_is_invalid_and_the_relay_never_sees_it() {
	type Tamper = fn(&mut Vec<RoutedBatch>);
	// What re-execution from the proof of validity trips on: the ingress inherent failing (a
	// mandatory inherent), or a header the block no longer produces.
	let cases: [(&str, Tamper, &str); 4] = [
		(
			"omitted batch",
			|batches| {
				batches.pop();
			},
			"must match",
		),
		(
			"replayed batch",
			|batches| {
				let first = batches[0].clone();
				batches.push(first);
			},
			"mandatory",
		),
		("reordered batches", |batches| batches.swap(0, 1), "mandatory"),
		("forged message", |batches| batches[0].messages[0].payload[0] ^= 1, "mandatory"),
	];
	for (what, tamper, expected) in cases {
		let (mut net, outcomes) = misbehaving_receiver(
			|_, _| {},
			|id, batches| {
				if is_receiver(id) {
					tamper(batches)
				}
			},
		);
		let BlockOutcome::Invalid(_, ValidationError::ExecutionFailed(why)) = &outcomes[1] else {
			panic!("{what}: {outcomes:?}")
		};
		assert!(why.contains(expected), "{what}: {why}");
		// The relay recorded the two honest blocks' heads, and still holds the receiver's
		// previous one: it never saw the altered block.
		for id in [2000, 2001, 2002] {
			let head = net.para(id).head.hash();
			let recorded =
				net.relay.execute_with(|| pallet_xcmp_relay::Heads::<Relay>::get(ParaId::from(id)));
			assert_eq!(recorded, Some(head), "{what}: {id}");
		}
		let Some(BlockOutcome::Included(built)) = outcomes.first() else { unreachable!() };
		assert_eq!(net.para(2000).head, built.header, "{what}");
		honest_chains_go_on(net, &outcomes);
	}
}

/// Builds `para`'s next block with its inherent's outcome reports changed by `tamper`; the
/// block is dropped whatever happens. Returns why the runtime refused it, if it did.
fn build_with_outcomes(
	net: &mut RuntimeNetwork,
	para: u32,
	tamper: impl FnOnce(&mut Vec<OutcomeReport>),
) -> Option<String> {
	let index = net.index(para);
	let batches = net.gather(index);
	let mut reports = net.outcome_reports(index);
	tamper(&mut reports);
	let (relay_parent, data) = net.inherent_with(index, batches, reports);
	match net.build(index, relay_parent, data) {
		Ok(block) => {
			net.settle(index, &block, false);
			None
		}
		Err(BuildError::InherentRejected(why)) => Some(why),
		Err(other) => Some(format!("{other:?}")),
	}
}

/// One step in which every chain's block is included.
fn step_all_included(net: &mut RuntimeNetwork) {
	let outcomes = net.step();
	assert!(outcomes_summary(&outcomes).iter().all(|o| *o == "included"), "{outcomes:?}");
}

/// A receiver's block commits to the outcome of each message it processed, in its header; the
/// sender's next block proves them from the head the relay holds, each once. A collator cannot
/// forge, detach or replay one: the sender's runtime refuses the inherent.
#[test]
fn outcomes_travel_back_from_the_receiver_s_head_and_cannot_be_forged_or_replayed() {
	let (a, b) = (2000, 2001);
	let mut net = network(&[a, b]);
	send(&mut net, a, b, 2);
	// Not an XCM program: B's processor cannot decode it, and parks it.
	let garbage = pallet_xcmp_egress::Call::send {
		destination: ParaId::from(b),
		payload: vec![0xff; 8].try_into().unwrap(),
	};
	net.submit(a, USER, RuntimeCall::XcmpEgress(garbage));
	step_all_included(&mut net);
	step_all_included(&mut net);
	assert_eq!(delivered_from(&mut net, b, a), 2);
	let head_of_b = net.para(b).head.clone();
	assert!(xcmp::primitives::outcome::header_outcome_root(&head_of_b).is_some());

	// What A's collator would prove, altered.
	let forged = build_with_outcomes(&mut net, a, |reports| {
		reports[0].blocks[0].outcomes[2].1 = MessageOutcome::Executed;
	});
	assert!(forged.unwrap().contains("InvalidOutcomeProof"));
	let detached = build_with_outcomes(&mut net, a, |reports| {
		reports[0].headers[0].state_root = Default::default();
	});
	assert!(detached.unwrap().contains("OutcomeHeadMismatch"));
	let twice = build_with_outcomes(&mut net, a, |reports| {
		let report = reports[0].clone();
		reports.push(report);
	});
	assert!(twice.unwrap().contains("OutcomeReportsUnsorted"));

	// The honest report: two executed, the garbage parked as unprocessable.
	step_all_included(&mut net);
	assert_eq!(
		net.para(a).outcomes_reported(ParaId::from(b)),
		vec![
			(1, MessageOutcome::Executed),
			(2, MessageOutcome::Executed),
			(3, MessageOutcome::Unprocessable)
		]
	);
	// The same outcomes proven again, from B's new head back to their block: refused.
	let recent = &net.para(b).recent;
	let replay = collator::outcome_report(ParaId::from(b), recent, ParaId::from(a), 0, &mut 99);
	let replay = replay.unwrap();
	assert_eq!(replay.headers.len(), 2);
	let replayed = build_with_outcomes(&mut net, a, |reports| *reports = vec![replay]);
	assert!(replayed.unwrap().contains("OutcomeReplayed"));
	// The honest collator has nothing more to report.
	step_all_included(&mut net);
	assert!(net.para(a).outcomes_reported(ParaId::from(b)).is_empty());
}
