//! The seed document's example, end to end through the real runtimes: Charlie calls a contract
//! on parachain A; it sends an XCM program to parachain B through the XCMP router; B's collator
//! finds it by polling A's collator; B's block executes it with `xcm-executor`, calling a
//! contract on B that transfers assets to a recipient. The forwarder pays the delivery on A (the
//! router's price), and A's sovereign account on B the execution. Validators validate both
//! blocks from their proofs of validity and the relay includes their commitments; A learns that
//! the message was delivered. The relay chain never stores the message.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use codec::{Decode, Encode};
use frame_support::traits::fungible::Inspect;
use xcm::VersionedXcm;
use xcmp::primitives::{outcome::MessageOutcome, ChannelLimits, ParaId};
use xcmp_runtime_mock::{
	contracts::{self, Contract},
	parachain::{self, Balances, RuntimeCall, RuntimeEvent, CONTRACT_ACCOUNT_BASE},
	relay::Relay,
	runtime_network::{BlockOutcome, RuntimeNetwork},
	xcm_config,
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

/// What A's sovereign account on B holds to pay for its programs' execution there.
const SOVEREIGN_FUNDS: u64 = 1_000_000;
/// What the forwarder's account on A holds to pay for its programs' delivery.
const FORWARDER_FUNDS: u64 = 100_000;

/// A and B, the forwarding contract on A calling the paying contract on B, whose account holds
/// `payer_funds`; A's sovereign account on B holds [`SOVEREIGN_FUNDS`].
fn seed_network(payer_funds: u64) -> RuntimeNetwork {
	let payer_account = CONTRACT_ACCOUNT_BASE + u64::from(PAYER);
	let sovereign_of_a = xcm_config::sibling_account(ParaId::from(A));
	let forwarder_account = CONTRACT_ACCOUNT_BASE + u64::from(FORWARDER);
	let balances = vec![
		(CHARLIE, 1_000),
		(payer_account, payer_funds),
		(sovereign_of_a, SOVEREIGN_FUNDS),
		(forwarder_account, FORWARDER_FUNDS),
	];
	let mut net = RuntimeNetwork::new(&[A, B], LIMITS, balances);
	register(
		&mut net,
		A,
		FORWARDER,
		Contract::Forward { destination: ParaId::from(B), target: PAYER },
	);
	register(&mut net, B, PAYER, Contract::Pay);
	net
}

/// Charlie calls the forwarder on A to have B's payer pay `amount` to the recipient.
fn charlie_forwards(net: &mut RuntimeNetwork, amount: u64) {
	let input = (RECIPIENT, amount).encode().try_into().unwrap();
	net.submit(A, CHARLIE, RuntimeCall::Contracts(contracts::Call::call { id: FORWARDER, input }));
}

#[test]
fn charlie_pays_a_recipient_on_b_through_a_contract_on_a() {
	let payer_account = CONTRACT_ACCOUNT_BASE + u64::from(PAYER);
	// A's sovereign account on B pays for the program's execution there.
	let sovereign_of_a = xcm_config::sibling_account(ParaId::from(A));
	let mut net = seed_network(10_000);

	// Relay block 1: Charlie calls the forwarder on A, which sends B a program that calls the
	// payer there; A's block commits it under its egress root, which the relay records.
	let input: contracts::Input = (RECIPIENT, AMOUNT).encode().try_into().unwrap();
	let pay = RuntimeCall::Contracts(contracts::Call::call { id: PAYER, input: input.clone() });
	let fee = parachain::ForwardExecutionFee::get();
	let program = contracts::forward_program(ParaId::from(A), &pay, fee);
	let payload = VersionedXcm::from(program).encode();
	let call = contracts::Call::call { id: FORWARDER, input };
	net.submit(A, CHARLIE, RuntimeCall::Contracts(call));
	let outcomes = net.step();
	assert_all_included(&outcomes);
	let BlockOutcome::Included(block_of_a) = &outcomes[0] else { unreachable!() };
	assert!(block_of_a.extrinsics.iter().all(|r| matches!(r, Ok(Ok(())))));
	let entry = *block_of_a.candidate.egress.entry(ParaId::from(B)).unwrap();
	assert_eq!((entry.first_nonce, entry.last_nonce), (1, 1));
	assert!(net.para(A).events().contains(&RuntimeEvent::Contracts(
		contracts::Event::MessageSent {
			contract: FORWARDER,
			destination: ParaId::from(B),
			message_hash: sp_io::hashing::blake2_256(&payload),
		}
	)));
	net.para(A).execute_with(|| {
		let queued = pallet_xcmp_egress::Pallet::<parachain::Runtime>::held_payload(
			pallet_xcmp_egress::MessageId { destination: ParaId::from(B), nonce: 1 },
		);
		assert_eq!(queued.map(|p| p.into_inner()), Some(payload.clone()));
	});
	let recorded = net.relay.execute_with(|| {
		pallet_xcmp_relay::EgressRoots::<Relay>::get(ParaId::from(A), entry.sent_at)
	});
	assert_eq!(recorded, Some(block_of_a.candidate.egress.egress_root));

	// Relay block 2: B's collator polls A's, gets the batch with its proof; B's block verifies
	// it and executes the program: A's sovereign account pays for the execution, the payer
	// contract, called as that account, pays the recipient, and the fee left is refunded.
	let outcomes = net.step();
	assert_all_included(&outcomes);
	let BlockOutcome::Included(block_of_b) = &outcomes[1] else { unreachable!() };
	assert_eq!(block_of_b.candidate.consumed.len(), 1);
	assert_eq!(block_of_b.candidate.ingress.cursors[0].last_nonce, 1);
	let events_of_b = net.para(B).events();
	assert!(events_of_b.contains(&RuntimeEvent::Contracts(contracts::Event::Called {
		caller: sovereign_of_a,
		contract: PAYER,
	})));
	assert!(events_of_b.iter().any(|event| matches!(
		event,
		RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::Processed { success: true, .. })
	)));
	assert!(events_of_b.contains(&RuntimeEvent::Contracts(contracts::Event::Paid {
		contract: PAYER,
		recipient: RECIPIENT,
		amount: AMOUNT,
	})));
	net.para(B).execute_with(|| {
		assert_eq!(Balances::balance(&RECIPIENT), AMOUNT);
		assert_eq!(Balances::balance(&payer_account), 10_000 - AMOUNT);
		// The execution was paid for, within what the program offered, and the rest refunded.
		let execution_fee = SOVEREIGN_FUNDS - Balances::balance(&sovereign_of_a);
		assert!(execution_fee > 0 && u128::from(execution_fee) < fee, "{execution_fee}");
	});
	net.para(A).execute_with(|| {
		// Nothing moved on A but the delivery price, which the forwarder paid A's fee account:
		// the router's base fee and a fee a byte of the program (one byte shorter than its
		// payload, which adds the version).
		assert_eq!(Balances::balance(&RECIPIENT), 0);
		assert_eq!(Balances::balance(&CHARLIE), 1_000);
		let delivery = xcm_config::BaseDeliveryFee::get()
			+ xcm_config::ByteDeliveryFee::get() * (payload.len() as u128 - 1);
		let delivery = u64::try_from(delivery).unwrap();
		let forwarder_account = CONTRACT_ACCOUNT_BASE + u64::from(FORWARDER);
		assert_eq!(Balances::balance(&forwarder_account), FORWARDER_FUNDS - delivery);
		assert_eq!(Balances::balance(&xcm_config::DeliveryFeeAccount::get()), delivery);
	});
	// The relay recorded B's cursor on the channel and its watermark.
	let channel = net.relay.execute_with(|| {
		pallet_xcmp_relay::Channels::<Relay>::get(ParaId::from(A), ParaId::from(B)).unwrap()
	});
	assert_eq!(channel.cursor.last_nonce, 1);

	// Relay block 3: A's block sees B's cursor in its relay view, prunes the message and says
	// it was delivered; the relay drops A's root, which no receiver needs any more.
	assert_all_included(&net.step());
	assert!(net.para(A).events().contains(&RuntimeEvent::XcmpEgress(
		pallet_xcmp_egress::Event::MessagesDelivered {
			destination: ParaId::from(B),
			first_nonce: 1,
			last_nonce: 1,
		}
	)));
	// (A's pallet-xcm, which learnt of B from this program, asked B for its XCM version in its
	// second block: that message, nonce 2, is still held.)
	net.para(A).execute_with(|| {
		assert_eq!(
			pallet_xcmp_egress::Pallet::<parachain::Runtime>::held_payload(
				pallet_xcmp_egress::MessageId { destination: ParaId::from(B), nonce: 1 }
			),
			None
		)
	});
	assert_eq!(
		net.relay.execute_with(|| pallet_xcmp_relay::EgressRoots::<Relay>::get(
			ParaId::from(A),
			entry.sent_at
		)),
		None
	);

	// The relay chain never held the message: no value in its state contains its payload.
	let relay_state: Vec<_> = net.relay_storage(&[]).into_iter().map(|(_, value)| value).collect();
	assert!(!relay_state.is_empty());
	assert!(relay_state.iter().all(|value| !value.windows(payload.len()).any(|w| w == payload)));
}

/// A program that fails on B (the payer cannot pay what it is asked) is executed as far as it
/// goes and reported failed; the fee it did not use goes back to A's sovereign account, as its
/// appendix says, and the channel goes on: the program after it pays.
#[test]
fn a_program_that_fails_on_b_refunds_its_fee_and_the_channel_goes_on() {
	let sovereign_of_a = xcm_config::sibling_account(ParaId::from(A));
	let mut net = seed_network(100);
	charlie_forwards(&mut net, 1_000);
	charlie_forwards(&mut net, 60);
	assert_all_included(&net.step());
	let outcomes = net.step();
	assert_all_included(&outcomes);
	let BlockOutcome::Included(block_of_b) = &outcomes[1] else { unreachable!() };
	assert_eq!(block_of_b.candidate.ingress.cursors[0].last_nonce, 2);
	let processed: Vec<(u64, bool)> = net
		.para(B)
		.events()
		.into_iter()
		.filter_map(|event| match event {
			RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::Processed {
				nonce,
				success,
				..
			}) => Some((nonce, success)),
			_ => None,
		})
		.collect();
	assert_eq!(processed, vec![(1, false), (2, true)]);
	let fee = parachain::ForwardExecutionFee::get();
	net.para(B).execute_with(|| {
		assert_eq!(Balances::balance(&RECIPIENT), 60);
		// Two programs' execution paid, each far below what it withdrew: the failed one's
		// unused fee came back too.
		let paid = SOVEREIGN_FUNDS - Balances::balance(&sovereign_of_a);
		assert!(paid > 0 && u128::from(paid) < fee, "{paid}");
		assert_eq!(pallet_xcmp_ingress::ParkedMessages::<parachain::Runtime>::iter().count(), 0);
	});
	// A learns what became of each program: B's block committed their outcomes in its header,
	// and A's next block proves them from the head the relay holds for B.
	assert_all_included(&net.step());
	let reported = net.para(A).outcomes_reported(ParaId::from(B));
	assert_eq!(reported.len(), 2, "{reported:?}");
	let (1, MessageOutcome::Failed(error)) = &reported[0] else { panic!("{reported:?}") };
	let error = xcm::latest::InstructionError::decode(&mut &error[..]).unwrap();
	// The forwarder's program expects its `Transact` to succeed (instruction 4): the payer
	// could not pay, so the expectation failed there.
	assert_eq!((error.index, error.error), (4, xcm::latest::Error::ExpectationFalse));
	assert_eq!(reported[1], (2, MessageOutcome::Executed));
	// Each once: the next block reports only later messages.
	assert_all_included(&net.step());
	let again = net.para(A).outcomes_reported(ParaId::from(B));
	assert!(again.iter().all(|(nonce, _)| *nonce > 2), "{again:?}");
}

/// A program the barrier refuses (it neither pays for its execution nor asks for unpaid
/// execution) does not run on B: it is processed as failed, and the channel goes on, the
/// forwarder's program after it paying.
#[test]
fn a_program_the_barrier_refuses_does_not_run_and_the_channel_goes_on() {
	let mut net = seed_network(10_000);
	let pay = RuntimeCall::Contracts(contracts::Call::call {
		id: PAYER,
		input: (RECIPIENT, 5u64).encode().try_into().unwrap(),
	});
	let unpaid = xcm::latest::Xcm::<()>(vec![xcm::latest::Instruction::Transact {
		origin_kind: xcm::latest::OriginKind::SovereignAccount,
		fallback_max_weight: None,
		call: pay.encode().into(),
	}]);
	let payload = VersionedXcm::from(unpaid).encode().try_into().unwrap();
	let send = pallet_xcmp_egress::Call::send { destination: ParaId::from(B), payload };
	net.submit(A, CHARLIE, RuntimeCall::XcmpEgress(send));
	charlie_forwards(&mut net, 60);
	assert_all_included(&net.step());
	assert_all_included(&net.step());
	let events_of_b = net.para(B).events();
	assert!(events_of_b.iter().any(|event| matches!(
		event,
		RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::Processed {
			nonce: 1,
			success: false,
			..
		})
	)));
	assert!(events_of_b.iter().any(|event| matches!(
		event,
		RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::Processed {
			nonce: 2,
			success: true,
			..
		})
	)));
	// The refused program's 5 were not paid.
	net.para(B).execute_with(|| assert_eq!(Balances::balance(&RECIPIENT), 60));
}
