//! The seed document's example, end to end through the real runtimes: Charlie calls a contract
//! on parachain A; it sends a message to parachain B; B's collator finds it by polling A's
//! collator; B's block processes it, calling a contract on B that transfers assets to a
//! recipient; validators validate both blocks from their proofs of validity and the relay
//! includes their commitments; A learns that the message was
//! delivered. The relay chain never stores the message.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use codec::Encode;
use frame_support::traits::fungible::Inspect;
use xcmp::primitives::{ChannelLimits, ParaId};
use xcmp_runtime_mock::{
	contracts::{self, Contract, ContractCall},
	parachain::{self, Balances, RuntimeCall, RuntimeEvent, CONTRACT_ACCOUNT_BASE},
	relay::Relay,
	runtime_network::{BlockOutcome, RuntimeNetwork},
};

const A: u32 = 2000;
const B: u32 = 2001;
const CHARLIE: u64 = 3;
const RECIPIENT: u64 = 42;
/// The forwarding contract on A and the paying contract on B.
const FORWARDER: u32 = 1;
const PAYER: u32 = 7;
const AMOUNT: u64 = 250;
const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 64, max_total_size: 64 * 1024, max_message_size: 1024 };

fn events(net: &mut RuntimeNetwork, para: u32) -> Vec<RuntimeEvent> {
	net.para(para)
		.execute_with(|| parachain::System::events().into_iter().map(|r| r.event).collect())
}

fn register(net: &mut RuntimeNetwork, para: u32, id: u32, contract: Contract) {
	net.para(para).execute_with(|| {
		contracts::Pallet::<parachain::Runtime>::register(
			parachain::RuntimeOrigin::root(),
			id,
			contract,
		)
		.unwrap()
	});
	net.set_head(para);
}

fn assert_all_included(outcomes: &[BlockOutcome]) {
	for outcome in outcomes {
		assert!(matches!(outcome, BlockOutcome::Included(_)), "{outcome:?}");
	}
}

#[test]
fn charlie_pays_a_recipient_on_b_through_a_contract_on_a() {
	let payer_account = CONTRACT_ACCOUNT_BASE + u64::from(PAYER);
	let mut net =
		RuntimeNetwork::new(&[A, B], LIMITS, vec![(CHARLIE, 1_000), (payer_account, 10_000)]);
	register(
		&mut net,
		A,
		FORWARDER,
		Contract::Forward { destination: ParaId::from(B), target: PAYER },
	);
	register(&mut net, B, PAYER, Contract::Pay);

	// Relay block 1: Charlie calls the forwarder on A, which queues a message for B; A's block
	// commits it under its egress root, which the relay records.
	let input = (RECIPIENT, AMOUNT).encode();
	let call = contracts::Call::call { id: FORWARDER, input: input.clone().try_into().unwrap() };
	net.submit(A, CHARLIE, RuntimeCall::Contracts(call));
	let outcomes = net.step();
	assert_all_included(&outcomes);
	let BlockOutcome::Included(block_of_a) = &outcomes[0] else { unreachable!() };
	assert!(block_of_a.extrinsics.iter().all(|r| matches!(r, Ok(Ok(())))));
	let entry = *block_of_a.candidate.egress.entry(ParaId::from(B)).unwrap();
	assert_eq!((entry.first_nonce, entry.last_nonce), (1, 1));
	assert!(events(&mut net, A).contains(&RuntimeEvent::Contracts(
		contracts::Event::MessageSent {
			contract: FORWARDER,
			destination: ParaId::from(B),
			nonce: 1,
		}
	)));
	let recorded = net.relay.execute_with(|| {
		pallet_xcmp_relay::EgressRoots::<Relay>::get(ParaId::from(A), entry.sent_at)
	});
	assert_eq!(recorded.unwrap().egress_root, block_of_a.candidate.egress.egress_root);

	// Relay block 2: B's collator polls A's, gets the batch with its proof; B's block verifies
	// and processes it, and the payer contract pays the recipient.
	let outcomes = net.step();
	assert_all_included(&outcomes);
	let BlockOutcome::Included(block_of_b) = &outcomes[1] else { unreachable!() };
	assert_eq!(block_of_b.candidate.consumed.len(), 1);
	assert_eq!(block_of_b.candidate.ingress.cursors[0].last_nonce, 1);
	let events_of_b = events(&mut net, B);
	assert!(events_of_b.contains(&RuntimeEvent::Contracts(contracts::Event::CalledByMessage {
		origin: ParaId::from(A),
		contract: PAYER,
	})));
	assert!(events_of_b.contains(&RuntimeEvent::Contracts(contracts::Event::Paid {
		contract: PAYER,
		recipient: RECIPIENT,
		amount: AMOUNT,
	})));
	net.para(B).execute_with(|| {
		assert_eq!(Balances::balance(&RECIPIENT), AMOUNT);
		assert_eq!(Balances::balance(&payer_account), 10_000 - AMOUNT);
	});
	net.para(A).execute_with(|| {
		// Nothing moved on A: the assets were B's.
		assert_eq!(Balances::balance(&RECIPIENT), 0);
		assert_eq!(Balances::balance(&CHARLIE), 1_000);
	});
	// The relay recorded B's cursor on the channel and its watermark.
	let channel = net.relay.execute_with(|| {
		pallet_xcmp_relay::Channels::<Relay>::get(ParaId::from(A), ParaId::from(B)).unwrap()
	});
	assert_eq!(channel.cursor.last_nonce, 1);

	// Relay block 3: A's block sees B's cursor in its relay view, prunes the message and says
	// it was delivered; the relay drops A's root, which no receiver needs any more.
	assert_all_included(&net.step());
	assert!(events(&mut net, A).contains(&RuntimeEvent::XcmpEgress(
		pallet_xcmp_egress::Event::MessagesDelivered {
			destination: ParaId::from(B),
			first_nonce: 1,
			last_nonce: 1,
		}
	)));
	net.para(A).execute_with(|| {
		assert!(pallet_xcmp_egress::Pallet::<parachain::Runtime>::pending_destinations().is_empty())
	});
	assert_eq!(
		net.relay.execute_with(|| pallet_xcmp_relay::EgressRoots::<Relay>::iter().count()),
		0
	);

	// The relay chain never held the message: no value in its state contains its payload.
	let payload = ContractCall { target: PAYER, input: input.try_into().unwrap() }.encode();
	let relay_state: Vec<_> = net.relay_storage(&[]).into_iter().map(|(_, value)| value).collect();
	assert!(!relay_state.is_empty());
	assert!(relay_state.iter().all(|value| !value.windows(payload.len()).any(|w| w == payload)));
}
