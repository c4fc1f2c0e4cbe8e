//! `pallet-xcm` over XCMP, end to end through the real runtimes: reserve transfers with
//! `transfer_assets` both ways between two parachains, `send` of a program that `Transact`s on
//! the destination, the asset trap and its claim, and XCM version discovery. Every program goes
//! through the XCMP router, the egress and ingress pallets, validation and relay inclusion, and
//! is executed by `xcm-executor`; the delivery fee is the router's price, paid by the sender.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use codec::Encode;
use frame_support::traits::{fungible::Inspect, fungibles::Inspect as _};
use xcm::{latest::prelude::*, VersionedAssets, VersionedLocation, VersionedXcm};
use xcmp::primitives::{ChannelLimits, ParaId};
use xcmp_runtime_mock::{
	contracts::{self, Contract},
	parachain::{
		self, Assets, Balances, PolkadotXcm, RuntimeCall, RuntimeEvent, CONTRACT_ACCOUNT_BASE,
	},
	runtime_network::{BlockOutcome, RuntimeNetwork},
	xcm_config::{self, BaseDeliveryFee, ByteDeliveryFee, DeliveryFeeAccount},
};

const A: u32 = 2000;
const B: u32 = 2001;
const CHARLIE: u64 = 3;
const DAVE: u64 = 4;
const RECIPIENT: u64 = 42;
const PAYER: u32 = 7;
/// What every account endowed on each chain holds.
const FUNDS: u64 = 1_000_000;
const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 64, max_total_size: 64 * 1024, max_message_size: 1024 };

fn sibling(para: u32) -> Location {
	Location::new(1, [Parachain(para)])
}

fn local_account(index: u64) -> Location {
	AccountIndex64 { network: None, index }.into()
}

/// A and B; Charlie, Dave, the recipient, each chain's sovereign account on the other and
/// Charlie's account on B endowed with [`FUNDS`]; B's payer contract holds as much.
fn network() -> RuntimeNetwork {
	network_of(&[A, B])
}

/// [`network`], of parachains `ids`.
fn network_of(ids: &[u32]) -> RuntimeNetwork {
	let payer_account = CONTRACT_ACCOUNT_BASE + u64::from(PAYER);
	let balances = vec![
		(CHARLIE, FUNDS),
		(DAVE, FUNDS),
		(RECIPIENT, FUNDS),
		(payer_account, FUNDS),
		(xcm_config::sibling_account(ParaId::from(A)), FUNDS),
		(xcm_config::sibling_account(ParaId::from(B)), FUNDS),
		(xcm_config::sibling_user_account(ParaId::from(A), CHARLIE), FUNDS),
	];
	let mut net = RuntimeNetwork::new(ids, LIMITS, balances);
	net.para(B).execute_with(|| {
		contracts::Pallet::<parachain::Runtime>::register(
			parachain::RuntimeOrigin::root(),
			PAYER,
			Contract::Pay,
		)
		.unwrap()
	});
	net.set_head(B);
	net
}

/// One relay block in which both chains' blocks are included.
fn step_all_included(net: &mut RuntimeNetwork) {
	for outcome in net.step() {
		assert!(matches!(outcome, BlockOutcome::Included(_)), "{outcome:?}");
	}
}

/// The program whose first instruction `first` picks among `payloads`.
fn program_starting(
	payloads: &[Vec<u8>],
	first: impl Fn(&Instruction<()>) -> bool,
) -> (Xcm<()>, u64) {
	payloads
		.iter()
		.find_map(|payload| {
			let program: Xcm<()> = xcmp::xcm_router::decode_program(payload)?.try_into().ok()?;
			first(program.0.first()?).then(|| (program, delivery_price(payload)))
		})
		.unwrap()
}

/// The programs `para` has queued to `destination` and not yet seen delivered, in order.
fn queued(net: &mut RuntimeNetwork, para: u32, destination: u32) -> Vec<Vec<u8>> {
	net.para(para).execute_with(|| {
		pallet_xcmp_egress::Pallet::<parachain::Runtime>::held_messages(ParaId::from(destination))
			.into_iter()
			.map(|(_, payload)| payload.into_inner())
			.collect()
	})
}

/// The delivery price of the program `payload` encodes: the router's [`LinearPrice`] over the
/// unversioned program, one byte (the version) shorter than its payload.
///
/// [`LinearPrice`]: xcmp::xcm_router::LinearPrice
fn delivery_price(payload: &[u8]) -> u64 {
	let program_bytes = payload.len() as u128 - 1;
	(BaseDeliveryFee::get() + ByteDeliveryFee::get() * program_bytes) as u64
}

/// The ingress pallet's outcomes on `para`: (sender, nonce, success).
fn processed(net: &mut RuntimeNetwork, para: u32) -> Vec<(u32, u64, bool)> {
	net.para(para)
		.events()
		.into_iter()
		.filter_map(|event| match event {
			RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::Processed {
				sender,
				nonce,
				success,
				..
			}) => Some((sender.into(), nonce, success)),
			_ => None,
		})
		.collect()
}

fn transfer_assets(to: u32, beneficiary: u64, asset: Asset) -> RuntimeCall {
	RuntimeCall::PolkadotXcm(pallet_xcm::Call::transfer_assets {
		dest: Box::new(VersionedLocation::from(sibling(to))),
		beneficiary: Box::new(VersionedLocation::from(local_account(beneficiary))),
		assets: Box::new(VersionedAssets::from(xcm::latest::Assets::from(asset))),
		fee_asset_item: 0,
		weight_limit: WeightLimit::Unlimited,
	})
}

/// Charlie sends 5,000 of A's token to the recipient on B with `transfer_assets`: A is the
/// reserve, so A keeps them in B's sovereign account and B mints as many of its A-token for the
/// recipient, less what executing the program there cost. The recipient then sends 1,000 back
/// to Charlie: B burns them and A pays them out of B's sovereign account. Each sender pays the
/// router's delivery price to its chain's fee account.
#[test]
fn transfer_assets_makes_reserve_transfers_both_ways_over_xcmp() {
	let mut net = network();
	let a_token = A;
	let sovereign_of_b = xcm_config::sibling_account(ParaId::from(B));
	let sovereign_of_a = xcm_config::sibling_account(ParaId::from(A));

	net.submit(A, CHARLIE, transfer_assets(B, RECIPIENT, (Here, 5_000).into()));
	step_all_included(&mut net);
	let sent = queued(&mut net, A, B);
	assert_eq!(sent.len(), 1);
	let (program, delivery_to_b) =
		program_starting(&sent, |first| matches!(first, ReserveAssetDeposited(_)));
	assert!(program.0.iter().any(|i| matches!(i, DepositAsset { .. })), "{program:?}");
	net.para(A).execute_with(|| {
		assert_eq!(Balances::balance(&CHARLIE), FUNDS - 5_000 - delivery_to_b);
		assert_eq!(Balances::balance(&sovereign_of_b), FUNDS + 5_000);
		assert_eq!(Balances::balance(&DeliveryFeeAccount::get()), delivery_to_b);
	});

	step_all_included(&mut net);
	assert!(processed(&mut net, B).contains(&(A, 1, true)));
	let received = net.para(B).execute_with(|| Assets::balance(a_token, RECIPIENT));
	let execution_on_b = 5_000 - received;
	assert!(execution_on_b > 0 && execution_on_b < 100, "{received}");
	net.para(B).execute_with(|| assert_eq!(Assets::total_issuance(a_token), received));

	// Back: the recipient returns 1,000 of A's token to Charlie, from B, whose reserve is A.
	net.submit(B, RECIPIENT, transfer_assets(A, CHARLIE, (sibling(A), 1_000).into()));
	step_all_included(&mut net);
	let returned = queued(&mut net, B, A);
	let (_, delivery_to_a) = program_starting(&returned, |first| matches!(first, WithdrawAsset(_)));
	net.para(B).execute_with(|| {
		assert_eq!(Assets::balance(a_token, RECIPIENT), received - 1_000);
		assert_eq!(Assets::total_issuance(a_token), received - 1_000);
		assert_eq!(Balances::balance(&RECIPIENT), FUNDS - delivery_to_a);
		assert_eq!(Balances::balance(&DeliveryFeeAccount::get()), delivery_to_a);
	});

	step_all_included(&mut net);
	net.para(A).execute_with(|| {
		let charlie = Balances::balance(&CHARLIE);
		let execution_on_a = FUNDS - 5_000 - delivery_to_b + 1_000 - charlie;
		assert!(execution_on_a > 0 && execution_on_a < 100, "{charlie}");
		assert_eq!(Balances::balance(&sovereign_of_b), FUNDS + 4_000);
		// A's sovereign account on A is nobody's: untouched.
		assert_eq!(Balances::balance(&sovereign_of_a), FUNDS);
	});
	assert!(processed(&mut net, A).iter().any(|(sender, _, success)| *sender == B && *success));
}

/// How many messages to `destination` `para` reported timed out in its last block.
fn timed_out_messages(net: &mut RuntimeNetwork, para: u32, destination: u32) -> u64 {
	net.para(para)
		.events()
		.iter()
		.map(|event| match event {
			RuntimeEvent::XcmpEgress(pallet_xcmp_egress::Event::MessagesRejected {
				destination: to,
				first_nonce,
				last_nonce,
				reason: pallet_xcmp_egress::RejectionReason::TimedOut,
			}) if *to == ParaId::from(destination) => last_nonce - first_nonce + 1,
			_ => 0,
		})
		.sum()
}

/// Charlie sends 5,000 of A's token to his account on B with `transfer_assets`, and B builds no
/// block before the batch's deadline: A reclaims the message from the relay's cursor, and its
/// refund hook (`RefundRejectedTransfers`) moves the 5,000 out of B's sovereign account back to
/// Charlie, who has paid only the delivery. When B comes back it refuses the expired message:
/// nothing is minted there, and nothing is refunded twice. A program that did not deposit
/// reserve assets (Charlie's `send`, paid from his account on B) times out with nothing to
/// refund.
#[test]
fn a_transfer_that_times_out_is_reclaimed_and_refunded() {
	let mut net = network();
	let sovereign_of_b = xcm_config::sibling_account(ParaId::from(B));
	net.para(A).execute_with(|| parachain::DeliveryTimeout::set(&Some(4)));
	net.set_head(A);
	let only_a = |id: ParaId| u32::from(id) == A;

	net.submit(A, CHARLIE, transfer_assets(B, CHARLIE, (Here, 5_000).into()));
	net.step_producing(only_a, |_, _| {}, |_, _| {});
	let sent = queued(&mut net, A, B);
	let (_, delivery) = program_starting(&sent, |first| matches!(first, ReserveAssetDeposited(_)));
	// A second message, which deposited nothing: Charlie's program paid on B from his account.
	charlie_sends(&mut net, B, pay_program(10, 1_000, vec![]));
	net.step_producing(only_a, |_, _| {}, |_, _| {});
	let sent = queued(&mut net, A, B);
	let (_, send_delivery) = program_starting(&sent, |first| matches!(first, DescendOrigin(_)));
	net.para(A).execute_with(|| {
		assert_eq!(Balances::balance(&CHARLIE), FUNDS - 5_000 - delivery - send_delivery);
		assert_eq!(Balances::balance(&sovereign_of_b), FUNDS + 5_000);
	});

	// Every message to B, the transfer first, times out: A reclaims each once the relay's
	// cursor for B shows it unconsumed past its deadline (its payload stays held until B
	// consumes it by refusal).
	let sent_at = net.relay_number();
	let mut timed_out = 0;
	while timed_out < sent.len() as u64 {
		assert!(net.relay_number() < sent_at + 16, "the messages are never reclaimed");
		net.step_producing(only_a, |_, _| {}, |_, _| {});
		timed_out += timed_out_messages(&mut net, A, B);
	}
	let refunded = FUNDS - delivery - send_delivery;
	net.para(A).execute_with(|| {
		assert_eq!(Balances::balance(&CHARLIE), refunded);
		assert_eq!(Balances::balance(&sovereign_of_b), FUNDS);
	});

	// B comes back and refuses them, expired: nothing runs, nothing is minted, no second refund.
	for _ in 0..3 {
		step_all_included(&mut net);
		assert!(processed(&mut net, B).is_empty());
	}
	assert!(queued(&mut net, A, B).is_empty());
	net.para(B).execute_with(|| {
		assert_eq!(Assets::total_issuance(A), 0);
		assert_eq!(Balances::balance(&RECIPIENT), FUNDS);
	});
	net.para(A).execute_with(|| {
		assert_eq!(Balances::balance(&CHARLIE), refunded);
		assert_eq!(Balances::balance(&sovereign_of_b), FUNDS);
	});
}

/// What Charlie on A sends B: withdraw `fee` of B's token from Charlie's account there, pay for
/// execution, and call B's payer to pay `amount` to the recipient, expecting the call to
/// succeed; then `appendix`.
fn pay_program(amount: u64, fee: u128, appendix: Vec<Instruction<()>>) -> Xcm<()> {
	let pay = RuntimeCall::Contracts(contracts::Call::call {
		id: PAYER,
		input: (RECIPIENT, amount).encode().try_into().unwrap(),
	});
	let mut instructions = vec![
		WithdrawAsset((Here, fee).into()),
		BuyExecution { fees: (Here, fee).into(), weight_limit: Unlimited },
		Transact {
			origin_kind: OriginKind::SovereignAccount,
			fallback_max_weight: None,
			call: pay.encode().into(),
		},
		ExpectTransactStatus(MaybeErrorCode::Success),
	];
	instructions.extend(appendix);
	Xcm(instructions)
}

/// `who`'s `send` of `program` from `from` to `to`.
fn user_sends(net: &mut RuntimeNetwork, from: u32, who: u64, to: u32, program: Xcm<()>) {
	let send = pallet_xcm::Call::send {
		dest: Box::new(VersionedLocation::from(sibling(to))),
		message: Box::new(VersionedXcm::from(program)),
	};
	net.submit(from, who, RuntimeCall::PolkadotXcm(send));
}

/// Charlie's `send` of `program` from A to `to`.
fn charlie_sends(net: &mut RuntimeNetwork, to: u32, program: Xcm<()>) {
	user_sends(net, A, CHARLIE, to, program);
}

/// Charlie on A, as B sees him.
fn charlie_from_b() -> Location {
	Location::new(1, [Parachain(A), AccountIndex64 { network: None, index: CHARLIE }])
}

/// Charlie's `send` of a program that `Transact`s into B's contract: B pays the recipient, the
/// execution is paid from Charlie's account on B, and Charlie pays A's delivery price. A
/// program that fails on B leaves what it held in B's asset trap; the channel goes on, and a
/// later program from Charlie claims the trapped assets back into his account.
#[test]
fn send_transacts_on_b_and_a_failed_program_s_assets_are_trapped_and_claimed() {
	let mut net = network();
	let charlie_on_b = xcm_config::sibling_user_account(ParaId::from(A), CHARLIE);
	let fee = 10_000;
	// The payer holds FUNDS: asking for more fails the call, and the program with it.
	let refund =
		vec![RefundSurplus, DepositAsset { assets: All.into(), beneficiary: charlie_from_b() }];
	charlie_sends(&mut net, B, pay_program(2 * FUNDS, fee, Vec::new()));
	charlie_sends(&mut net, B, pay_program(250, fee, refund));
	step_all_included(&mut net);
	let sent = net
		.para(A)
		.events()
		.into_iter()
		.filter(|event| matches!(event, RuntimeEvent::PolkadotXcm(pallet_xcm::Event::Sent { .. })))
		.count();
	assert_eq!(sent, 2);
	let delivery: u64 = queued(&mut net, A, B).iter().map(|payload| delivery_price(payload)).sum();
	net.para(A).execute_with(|| {
		assert_eq!(Balances::balance(&DeliveryFeeAccount::get()), delivery);
		assert_eq!(Balances::balance(&CHARLIE), FUNDS - delivery);
	});
	step_all_included(&mut net);

	assert_eq!(processed(&mut net, B), vec![(A, 1, false), (A, 2, true)]);
	let trapped = net.para(B).events().into_iter().find_map(|event| match event {
		RuntimeEvent::PolkadotXcm(pallet_xcm::Event::AssetsTrapped { origin, assets, .. }) => {
			Some((origin, assets))
		}
		_ => None,
	});
	let (origin, assets) = trapped.unwrap();
	assert_eq!(origin, charlie_from_b());
	let trapped: xcm::latest::Assets = assets.clone().try_into().unwrap();
	let trapped_amount = match &trapped.inner()[0].fun {
		Fungible(amount) => *amount,
		other => panic!("{other:?}"),
	};
	// The failed program's fee, less the execution it bought, is in the trap.
	assert!(trapped_amount > fee - 200 && trapped_amount < fee, "{trapped_amount}");
	let fee_units = u64::try_from(fee).unwrap();
	let paid_second = net.para(B).execute_with(|| {
		assert_eq!(Balances::balance(&RECIPIENT), FUNDS + 250);
		// The first program's whole fee left the account; the second's only what it used.
		FUNDS - fee_units - Balances::balance(&charlie_on_b)
	});
	assert!(paid_second > 0 && paid_second < 100, "{paid_second}");

	// Charlie claims the trapped assets back into his account on B.
	let claim = Xcm(vec![
		ClaimAsset { assets: trapped.clone(), ticket: Here.into() },
		BuyExecution { fees: trapped.inner()[0].clone(), weight_limit: Unlimited },
		DepositAsset { assets: All.into(), beneficiary: charlie_from_b() },
	]);
	// Dave, on the same chain, cannot claim what Charlie's program left: his claim fails on B.
	user_sends(&mut net, A, DAVE, B, claim.clone());
	step_all_included(&mut net);
	step_all_included(&mut net);
	let after_dave = processed(&mut net, B);
	assert!(after_dave.iter().any(|(_, _, success)| !success), "{after_dave:?}");
	assert!(!net.para(B).events().iter().any(|event| matches!(
		event,
		RuntimeEvent::PolkadotXcm(pallet_xcm::Event::AssetsClaimed { .. })
	)));
	let before = net.para(B).execute_with(|| Balances::balance(&charlie_on_b));
	charlie_sends(&mut net, B, claim);
	step_all_included(&mut net);
	step_all_included(&mut net);
	// The claim (A's `pallet-xcm` subscribed to B's version in between) was processed.
	let claimed = processed(&mut net, B);
	assert!(!claimed.is_empty() && claimed.iter().all(|(_, _, success)| *success), "{claimed:?}");
	assert!(net.para(B).events().iter().any(|event| matches!(
		event,
		RuntimeEvent::PolkadotXcm(pallet_xcm::Event::AssetsClaimed { origin, assets: claimed, .. })
			if *origin == charlie_from_b() && *claimed == assets
	)));
	net.para(B).execute_with(|| {
		// Back in the account: what was trapped, less the claim's execution.
		let back = u128::from(Balances::balance(&charlie_on_b) - before);
		assert!(back > trapped_amount - 100 && back < trapped_amount, "{back}");
	});
}

/// The first program A sends B goes in A's safe version, and `pallet-xcm` notes that it does
/// not know B's; in its next block it subscribes to B's version, over XCMP, and B answers with
/// a `QueryResponse` over the channel back: A then knows B speaks the current version.
#[test]
fn pallet_xcm_discovers_a_sibling_s_version_over_xcmp() {
	let mut net = network();
	net.para(A).execute_with(|| {
		assert_eq!(<PolkadotXcm as xcm::GetVersion>::get_version_for(&sibling(B)), None)
	});
	net.submit(A, CHARLIE, transfer_assets(B, RECIPIENT, (Here, 1_000).into()));
	let (mut events_of_a, mut events_of_b) = (Vec::new(), Vec::new());
	for _ in 0..4 {
		step_all_included(&mut net);
		events_of_a.extend(net.para(A).events());
		events_of_b.extend(net.para(B).events());
	}
	// A asked, in its second block; B started notifying A, in its third.
	assert!(events_of_a.iter().any(|event| matches!(
		event,
		RuntimeEvent::PolkadotXcm(pallet_xcm::Event::VersionNotifyRequested { destination, .. })
			if *destination == sibling(B)
	)));
	assert!(events_of_b.iter().any(|event| matches!(
		event,
		RuntimeEvent::PolkadotXcm(pallet_xcm::Event::VersionNotifyStarted { destination, .. })
			if *destination == sibling(A)
	)));
	assert!(events_of_a.iter().any(|event| matches!(
		event,
		RuntimeEvent::PolkadotXcm(pallet_xcm::Event::SupportedVersionChanged { location, version })
			if *location == sibling(B) && *version == xcm::latest::VERSION
	)));
	net.para(A).execute_with(|| {
		assert_eq!(
			<PolkadotXcm as xcm::GetVersion>::get_version_for(&sibling(B)),
			Some(xcm::latest::VERSION)
		);
	});
}

/// C is not A's token's reserve: a program from C (its root, acting as C itself) depositing A's
/// token on B, as a reserve transfer from A does, fails on B (`NativeAsset` trusts a chain only
/// for its own token) and mints nothing; the same program from A mints.
#[test]
fn a_chain_is_not_the_reserve_of_another_s_token() {
	const C: u32 = 2002;
	let mut net = network_of(&[A, B, C]);
	let deposit = Xcm(vec![
		ReserveAssetDeposited((sibling(A), 5_000).into()),
		ClearOrigin,
		BuyExecution { fees: (sibling(A), 5_000).into(), weight_limit: Unlimited },
		DepositAsset { assets: All.into(), beneficiary: local_account(RECIPIENT) },
	]);
	// After a first block, each chain holds a relay view its governance sends against.
	step_all_included(&mut net);
	for from in [C, A] {
		let send = pallet_xcm::Call::send {
			dest: Box::new(VersionedLocation::from(sibling(B))),
			message: Box::new(VersionedXcm::from(deposit.clone())),
		};
		net.govern(from, RuntimeCall::PolkadotXcm(send)).unwrap();
	}
	step_all_included(&mut net);
	step_all_included(&mut net);
	let outcomes = processed(&mut net, B);
	assert!(outcomes.contains(&(C, 1, false)), "{outcomes:?}");
	assert!(outcomes.contains(&(A, 1, true)), "{outcomes:?}");
	net.para(B).execute_with(|| {
		// Only A's deposit, less its execution.
		let minted = Assets::total_issuance(A);
		assert!(minted > 5_000 - 100 && minted < 5_000, "{minted}");
		assert_eq!(Assets::balance(A, RECIPIENT), minted);
	});
}
