//! The same XCM programs over both stacks: our XCMP channels ([`RuntimeNetwork`]: egress and
//! ingress pallets, relay inclusion of roots and cursors) and cumulus's XCMP queue over HRMP
//! ([`HrmpNetwork`]: parachain-system's validation-data inherent, `cumulus-pallet-xcmp-queue`,
//! `pallet-message-queue`). Both runtimes have the same XCM configuration and `pallet-xcm`; only
//! the transport differs.
//!
//! Charlie on A sends B, through `pallet-xcm`, reserve transfers (`transfer_assets`) and paid
//! programs that `Transact` a remark (`send`): [`Traffic`], programs of 90 to 300 bytes. A
//! [`Stack`] runs the traffic and, in lockstep, the same network without it; what B's blocks
//! carry beyond the idle run's, over the messages delivered, is the receiver's proof-of-validity
//! bytes a message ([`Run`]). `tests/side_by_side.rs` pins the figures, and the `xcm` bench times
//! the same blocks.

use crate::{
	hrmp_network::HrmpNetwork,
	hrmp_parachain, parachain,
	runtime_network::{BlockOutcome, RuntimeNetwork},
	xcm_config,
};
use codec::Encode;
use xcm::{latest::prelude::*, VersionedAssets, VersionedLocation, VersionedXcm};
use xcmp_primitives::{ChannelLimits, ParaId};

/// The sender.
pub const A: u32 = 2000;
/// The receiver.
pub const B: u32 = 2001;
/// The account on A that sends.
pub const CHARLIE: u64 = 3;
/// The account on B the transfers pay.
pub const RECIPIENT: u64 = 42;
/// What each endowed account holds.
pub const FUNDS: u64 = 1_000_000_000;
/// Channels as Polkadot's HRMP configuration opens them between system parachains: 1,000
/// messages, 100 KiB of pages, 100 KiB a message (HRMP's messages are pages of programs).
pub const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 1_000, max_total_size: 102_400, max_message_size: 102_400 };
/// Relay blocks run: the one in which A sends, the next, in which both stacks deliver and
/// execute every message, and one more, in which both finish (the answers to the version
/// discovery the first transfer starts, bookkeeping). Later blocks of the busy network cost a
/// few hundred bytes more than the idle one's on both stacks, its state being larger (longer trie
/// paths), whatever the transport: they are left out.
pub const STEPS: usize = 3;

/// Sibling parachain `para`, as XCM names it from another.
pub fn sibling(para: u32) -> Location {
	Location::new(1, [Parachain(para)])
}

/// The accounts endowed on both chains: Charlie, the recipient, each chain's sovereign account
/// and Charlie's account on the other chain, which pays for his `send`s there.
pub fn balances() -> Vec<(u64, u64)> {
	vec![
		(CHARLIE, FUNDS),
		(RECIPIENT, FUNDS),
		(xcm_config::sibling_account(ParaId::from(A)), FUNDS),
		(xcm_config::sibling_account(ParaId::from(B)), FUNDS),
		(xcm_config::sibling_user_account(ParaId::from(A), CHARLIE), FUNDS),
	]
}

/// One message of the traffic: a `pallet-xcm` call of Charlie's on A.
#[derive(Clone, Copy, Debug)]
pub enum Traffic {
	/// `transfer_assets` of A's token to the recipient on B (a reserve transfer).
	Transfer(u64),
	/// `send` of a program that pays from Charlie's account on B for a `Transact` of
	/// `remark_with_event` with a remark of this many bytes, and returns what it did not use.
	PaidRemark(usize),
}

impl Traffic {
	/// The `pallet-xcm` call that sends this message, for runtime `T`.
	pub fn call<T: pallet_xcm::Config>(self) -> pallet_xcm::Call<T> {
		match self {
			Traffic::Transfer(amount) => pallet_xcm::Call::transfer_assets {
				dest: Box::new(VersionedLocation::from(sibling(B))),
				beneficiary: Box::new(VersionedLocation::from(Location::from(AccountIndex64 {
					network: None,
					index: RECIPIENT,
				}))),
				assets: Box::new(VersionedAssets::from(xcm::latest::Assets::from((
					Here,
					u128::from(amount),
				)))),
				fee_asset_item: 0,
				weight_limit: WeightLimit::Unlimited,
			},
			Traffic::PaidRemark(len) => {
				let remark: <T as frame_system::Config>::RuntimeCall =
					frame_system::Call::<T>::remark_with_event { remark: vec![7; len] }.into();
				let remark = remark.encode();
				let fee: Asset = (Here, 100_000u128).into();
				let charlie = Location::new(
					1,
					[Parachain(A), AccountIndex64 { network: None, index: CHARLIE }],
				);
				let program = Xcm(vec![
					WithdrawAsset(fee.clone().into()),
					BuyExecution { fees: fee, weight_limit: Unlimited },
					Transact {
						origin_kind: OriginKind::SovereignAccount,
						fallback_max_weight: None,
						call: remark.into(),
					},
					RefundSurplus,
					DepositAsset { assets: AllCounted(1).into(), beneficiary: charlie },
				]);
				pallet_xcm::Call::send {
					dest: Box::new(VersionedLocation::from(sibling(B))),
					message: Box::new(VersionedXcm::from(program)),
				}
			}
		}
	}
}

/// Bytes a chain's blocks carried over a run, with the traffic and without it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bytes {
	/// Over the run with the traffic.
	pub with_traffic: u64,
	/// Over the same run without it.
	pub idle: u64,
}

impl Bytes {
	/// What the traffic added.
	pub fn added(&self) -> u64 {
		self.with_traffic.saturating_sub(self.idle)
	}
}

/// What one block carried: its proof of validity, and the relay-state proof inside it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlockBytes {
	/// Encoded bytes of the block's proof of validity.
	pub pov: u64,
	/// Encoded bytes of the relay-state proof its inherent carries.
	pub relay_proof: u64,
}

/// What one stack's run measured.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Run {
	/// B's proofs of validity.
	pub receiver_pov: Bytes,
	/// The relay-state proofs in B's blocks (part of [`Run::receiver_pov`]).
	pub receiver_relay_proof: Bytes,
	/// A's proofs of validity.
	pub sender_pov: Bytes,
	/// Messages B received and executed (the recipient's balance shows the transfers, events
	/// the remarks).
	pub delivered: u64,
}

impl Run {
	fn per_message(&self, bytes: u64) -> f64 {
		bytes as f64 / self.delivered.max(1) as f64
	}

	/// B's proof-of-validity bytes beyond the idle run's, a message delivered.
	pub fn receiver_bytes_per_message(&self) -> f64 {
		self.per_message(self.receiver_pov.added())
	}

	/// A's, likewise.
	pub fn sender_bytes_per_message(&self) -> f64 {
		self.per_message(self.sender_pov.added())
	}

	/// Both chains', a message: what the traffic cost the two blocks' proofs of validity.
	pub fn total_bytes_per_message(&self) -> f64 {
		self.per_message(self.receiver_pov.added() + self.sender_pov.added())
	}

	/// Of B's bytes a message, those of the relay-state proofs.
	pub fn receiver_relay_proof_bytes_per_message(&self) -> f64 {
		self.per_message(self.receiver_relay_proof.added())
	}

	/// Messages a receiving block carries and executes within [`pov_budget`], beside an idle
	/// block's own proof: a bound from the proof of validity alone.
	pub fn per_block_within_budget(&self) -> u64 {
		let idle_block = self.receiver_pov.idle / STEPS as u64;
		let per_message = self.receiver_bytes_per_message().max(1.0);
		(pov_budget().saturating_sub(idle_block) as f64 / per_message) as u64
	}
}

/// A block's proof-of-validity budget: the runtimes' (`max_block`'s proof size), 10 MiB, as
/// Polkadot's `max_pov_size`.
pub fn pov_budget() -> u64 {
	parachain::ParachainBlockWeights::get().max_block.proof_size()
}

/// A network of two parachains, A and B, over one of the two stacks.
pub trait Stack: Sized {
	/// A network of A and B, the accounts endowed with [`balances`].
	fn new() -> Self;
	/// Queues Charlie's `message` for A's next block.
	fn submit(&mut self, message: Traffic);
	/// One relay block: A's and B's blocks, built, validated and included. Returns what each
	/// carried, A's first.
	///
	/// # Panics
	///
	/// If a block is not included, or an extrinsic of it failed: the traffic is honest.
	fn step(&mut self) -> [BlockBytes; 2];
	/// How many remarks B's latest block made.
	fn remarks(&mut self) -> u64;
	/// The recipient's balance of A's token on B: what the transfers brought.
	fn recipient_a_tokens(&mut self) -> u64;

	/// A network that has run one relay block: each chain has a block, as in a running
	/// network. (A cumulus chain's first block sends no HRMP message: parachain-system's
	/// `on_initialize` takes how many it may send from the host configuration the previous
	/// block's validation data brought.)
	fn started() -> Self {
		let mut net = Self::new();
		net.step();
		net
	}

	/// Runs `traffic` on a started network for [`STEPS`] relay blocks and, in lockstep, the same
	/// network without it.
	///
	/// # Panics
	///
	/// If a block fails ([`Stack::step`]) or a transfer was not delivered
	/// ([`count_delivered_transfers`]).
	fn run(traffic: &[Traffic]) -> Run {
		let (mut busy, mut idle) = (Self::started(), Self::started());
		for message in traffic {
			busy.submit(*message);
		}
		let mut run = Run::default();
		let mut remarks = 0;
		for _ in 0..STEPS {
			let [sender, receiver] = busy.step();
			run.sender_pov.with_traffic += sender.pov;
			run.receiver_pov.with_traffic += receiver.pov;
			run.receiver_relay_proof.with_traffic += receiver.relay_proof;
			remarks += busy.remarks();
			let [sender, receiver] = idle.step();
			run.sender_pov.idle += sender.pov;
			run.receiver_pov.idle += receiver.pov;
			run.receiver_relay_proof.idle += receiver.relay_proof;
		}
		run.delivered = remarks + count_delivered_transfers(traffic, busy.recipient_a_tokens());
		run
	}
}

/// A relay block's two parachain blocks, A's first.
fn a_and_b<T: core::fmt::Debug>(blocks: Vec<T>) -> [T; 2] {
	match <[T; 2]>::try_from(blocks) {
		Ok(blocks) => blocks,
		Err(blocks) => panic!("not a block of A and one of B: {blocks:?}"),
	}
}

/// How many remarks the latest block of the chain of runtime `T` in `state` made.
fn remarks_in<T: frame_system::Config>(state: &mut sp_io::TestExternalities) -> u64
where
	T::RuntimeEvent: TryInto<frame_system::Event<T>>,
{
	let events = crate::collator::latest_events::<T>(state);
	let remarked = |event: T::RuntimeEvent| {
		matches!(event.try_into(), Ok(frame_system::Event::Remarked { .. }))
	};
	events.into_iter().filter(|event| remarked(event.clone())).count() as u64
}

fn all_applied(extrinsics: &[sp_runtime::ApplyExtrinsicResult]) -> bool {
	extrinsics.iter().all(|result| matches!(result, Ok(Ok(()))))
}

impl Stack for RuntimeNetwork {
	fn new() -> Self {
		RuntimeNetwork::new(&[A, B], LIMITS, balances())
	}

	fn submit(&mut self, message: Traffic) {
		RuntimeNetwork::submit(
			self,
			A,
			CHARLIE,
			parachain::RuntimeCall::PolkadotXcm(message.call()),
		);
	}

	fn step(&mut self) -> [BlockBytes; 2] {
		a_and_b(RuntimeNetwork::step(self)).map(|outcome| match outcome {
			BlockOutcome::Included(block) if all_applied(&block.extrinsics) => BlockBytes {
				pov: block.pov_bytes as u64,
				relay_proof: block.relay_proof_bytes as u64,
			},
			other => panic!("a block was not included, or not whole: {other:?}"),
		})
	}

	fn remarks(&mut self) -> u64 {
		remarks_in::<parachain::Runtime>(&mut self.para(B).state)
	}

	fn recipient_a_tokens(&mut self) -> u64 {
		self.para(B).execute_with(|| parachain::Assets::balance(A, RECIPIENT))
	}
}

impl Stack for HrmpNetwork {
	fn new() -> Self {
		HrmpNetwork::new(&[A, B], LIMITS, balances())
	}

	fn submit(&mut self, message: Traffic) {
		let call = hrmp_parachain::RuntimeCall::PolkadotXcm(message.call());
		HrmpNetwork::submit(self, A, CHARLIE, call);
	}

	fn step(&mut self) -> [BlockBytes; 2] {
		a_and_b(HrmpNetwork::step(self)).map(|block| {
			assert!(all_applied(&block.extrinsics), "{block:?}");
			BlockBytes { pov: block.pov_bytes as u64, relay_proof: block.relay_proof_bytes as u64 }
		})
	}

	fn remarks(&mut self) -> u64 {
		remarks_in::<hrmp_parachain::Runtime>(&mut self.para(B).state)
	}

	fn recipient_a_tokens(&mut self) -> u64 {
		self.para(B).execute_with(|| hrmp_parachain::Assets::balance(A, RECIPIENT))
	}
}

/// The number of the traffic's transfers, once the recipient's A-token balance, `received`,
/// shows every one of them arrived (each brings its amount less an execution fee under 1,000).
///
/// # Panics
///
/// If `received` is not what every transfer delivered brings.
pub fn count_delivered_transfers(traffic: &[Traffic], received: u64) -> u64 {
	let amounts: Vec<u64> = traffic
		.iter()
		.filter_map(|message| match message {
			Traffic::Transfer(amount) => Some(*amount),
			Traffic::PaidRemark(_) => None,
		})
		.collect();
	let sent: u64 = amounts.iter().sum();
	assert!(received <= sent && received + 1_000 * amounts.len() as u64 > sent, "{received}");
	amounts.len() as u64
}

/// `count` rounds of a transfer and remarks of 16 and 200 bytes.
pub fn rounds(count: usize) -> Vec<Traffic> {
	(0..count)
		.flat_map(|_| {
			[Traffic::Transfer(50_000), Traffic::PaidRemark(16), Traffic::PaidRemark(200)]
		})
		.collect()
}
