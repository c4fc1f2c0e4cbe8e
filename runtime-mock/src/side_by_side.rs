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

#![allow(clippy::indexing_slicing)]

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
/// Relay blocks run: the traffic's, and enough after it for both stacks to deliver and execute
/// everything.
pub const STEPS: usize = 6;
/// A block's proof-of-validity budget: Polkadot's 5 MiB (`max_pov_size`).
pub const POV_BUDGET: u64 = 5 * 1024 * 1024;

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
	/// `send` of a program that pays from Charlie's account on B and `Transact`s a remark of
	/// this many bytes.
	Remark(usize),
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
			Traffic::Remark(len) => {
				// frame-system is pallet 0 in both runtimes, with the same calls.
				let remark = frame_system::Call::<parachain::Runtime>::remark_with_event {
					remark: vec![7; len],
				};
				let remark = parachain::RuntimeCall::System(remark).encode();
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

/// What one stack's run measured.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Run {
	/// B's proof-of-validity bytes over the run, with the traffic and without.
	pub receiver_pov: (u64, u64),
	/// A's, likewise.
	pub sender_pov: (u64, u64),
	/// Messages B received (the recipient's balance shows the transfers, events the rest).
	pub delivered: u64,
}

impl Run {
	/// B's proof-of-validity bytes beyond the idle run's, a message delivered.
	pub fn receiver_bytes_per_message(&self) -> f64 {
		(self.receiver_pov.0 - self.receiver_pov.1) as f64 / self.delivered as f64
	}

	/// A's, likewise.
	pub fn sender_bytes_per_message(&self) -> f64 {
		(self.sender_pov.0 - self.sender_pov.1) as f64 / self.delivered as f64
	}

	/// Messages a receiving block carries and executes within [`POV_BUDGET`], beside an idle
	/// block's own proof.
	pub fn per_block_within_budget(&self) -> u64 {
		let idle_block = self.receiver_pov.1 / STEPS as u64;
		((POV_BUDGET - idle_block) as f64 / self.receiver_bytes_per_message()) as u64
	}
}

/// A network of two parachains, A and B, over one of the two stacks.
pub trait Stack: Sized {
	/// A network of A and B, the accounts endowed with [`balances`].
	fn new() -> Self;
	/// Queues Charlie's `message` for A's next block.
	fn submit(&mut self, message: Traffic);
	/// One relay block: A's and B's blocks, each included (and each extrinsic applied). Returns
	/// their proof-of-validity bytes.
	fn step(&mut self) -> (u64, u64);
	/// How many remarks B's latest block made.
	fn remarks(&mut self) -> u64;
	/// The recipient's A-token balance on B.
	fn transfers_received(&mut self) -> u64;

	/// A network that has run one relay block: each chain has a block, as in a running
	/// network. (A cumulus chain's first block sends no HRMP message: parachain-system's
	/// `on_initialize` takes how many it may send from the host configuration the previous
	/// block's validation data brought.)
	fn started() -> Self {
		let mut net = Self::new();
		net.step();
		net
	}

	/// Runs `traffic` on a started network and, in lockstep, the same network without it.
	fn run(traffic: &[Traffic]) -> Run {
		let (mut busy, mut idle) = (Self::started(), Self::started());
		for message in traffic {
			busy.submit(*message);
		}
		let mut run = Run::default();
		let mut remarks = 0;
		for _ in 0..STEPS {
			let (sender, receiver) = busy.step();
			run.sender_pov.0 += sender;
			run.receiver_pov.0 += receiver;
			remarks += busy.remarks();
			let (sender, receiver) = idle.step();
			run.sender_pov.1 += sender;
			run.receiver_pov.1 += receiver;
		}
		run.delivered = remarks + delivered_transfers(traffic, busy.transfers_received());
		run
	}
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

	fn step(&mut self) -> (u64, u64) {
		let outcomes = RuntimeNetwork::step(self);
		let pov = |index: usize| match &outcomes[index] {
			BlockOutcome::Included(block) if all_applied(&block.extrinsics) => {
				block.pov_bytes as u64
			}
			other => panic!("a block was not included, or not whole: {other:?}"),
		};
		(pov(0), pov(1))
	}

	fn remarks(&mut self) -> u64 {
		let remarked = |event: &parachain::RuntimeEvent| {
			matches!(event, parachain::RuntimeEvent::System(frame_system::Event::Remarked { .. }))
		};
		self.para(B).events().iter().filter(|event| remarked(event)).count() as u64
	}

	fn transfers_received(&mut self) -> u64 {
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

	fn step(&mut self) -> (u64, u64) {
		let blocks = HrmpNetwork::step(self);
		for block in &blocks {
			assert!(all_applied(&block.extrinsics), "{block:?}");
		}
		(blocks[0].pov_bytes as u64, blocks[1].pov_bytes as u64)
	}

	fn remarks(&mut self) -> u64 {
		let remarked = |event: &hrmp_parachain::RuntimeEvent| {
			matches!(
				event,
				hrmp_parachain::RuntimeEvent::System(frame_system::Event::Remarked { .. })
			)
		};
		self.para(B).events().iter().filter(|event| remarked(event)).count() as u64
	}

	fn transfers_received(&mut self) -> u64 {
		self.para(B).execute_with(|| hrmp_parachain::Assets::balance(A, RECIPIENT))
	}
}

/// How many of the traffic's transfers the recipient's A-token balance shows arrived: each
/// brings its amount less an execution fee under 1,000.
pub fn delivered_transfers(traffic: &[Traffic], received: u64) -> u64 {
	let amounts: Vec<u64> = traffic
		.iter()
		.filter_map(|message| match message {
			Traffic::Transfer(amount) => Some(*amount),
			Traffic::Remark(_) => None,
		})
		.collect();
	let sent: u64 = amounts.iter().sum();
	assert!(received <= sent && received + 1_000 * amounts.len() as u64 > sent, "{received}");
	amounts.len() as u64
}

/// `count` rounds of a transfer and remarks of 16 and 200 bytes.
pub fn rounds(count: usize) -> Vec<Traffic> {
	(0..count)
		.flat_map(|_| [Traffic::Transfer(50_000), Traffic::Remark(16), Traffic::Remark(200)])
		.collect()
}
