//! The mock parachain's XCM configuration: every message between the network's parachains is
//! an XCM program, sent through [`xcmp_xcm_router::XcmpRouter`] and executed on arrival by
//! `xcm-executor` behind `xcm_builder::ProcessXcmMessage`, the ingress pallet's message
//! processor.
//!
//! - **Assets.** The chain's native token (`pallet-balances`) is `Location::here()`; a sibling's
//!   sovereign account ([`sibling_account`]) holds what that sibling may spend here, and a local
//!   account is `AccountIndex64 { network: None, index }`, as accounts are `u64`s.
//! - **Origins.** A program from a sibling acts as the sibling's sovereign account
//!   (`Transact { origin_kind: SovereignAccount }`).
//! - **Barrier.** A program pays for its execution (`WithdrawAsset`, `BuyExecution`) at
//!   [`NativePerSecond`], or, from a sibling, asks for unpaid execution explicitly
//!   (`UnpaidExecution`): the network's parachains trust one another, as system parachains do.
//! - **Weight.** A fixed weight per instruction ([`InstructionWeight`]), plus what a `Transact`'s
//!   call declares. The instruction weight is an estimate, not a benchmark of this runtime.

use crate::parachain::{
	AccountId, AllPalletsWithSystem, Balances, PausedSenders, Runtime, RuntimeCall, RuntimeOrigin,
	SelfParaId,
};
use core::marker::PhantomData;
use cumulus_primitives_core::AggregateMessageOrigin;
use frame_support::{
	parameter_types,
	traits::{Contains, Everything, Nothing, ProcessMessage, ProcessMessageError},
	weights::{Weight, WeightMeter},
};
use sp_runtime::traits::{AccountIdConversion, Convert, Get};
use xcm::latest::prelude::*;
use xcm_builder::{
	AllowExplicitUnpaidExecutionFrom, AllowTopLevelPaidExecutionFrom, FixedRateOfFungible,
	FixedWeightBounds, FrameTransactionalProcessor, FungibleAdapter, IsConcrete, ProcessXcmMessage,
	SiblingParachainConvertsVia, SovereignSignedViaLocation, TakeWeightCredit,
};
use xcm_executor::traits::ConvertLocation;
use xcmp_primitives::ParaId;

parameter_types! {
	/// The chain's native token, as XCM names it here.
	pub NativeLocation: Location = Location::here();
	/// What a program pays for its execution: 10 units a millisecond and 1,000 a megabyte of
	/// proof, in the native token.
	pub NativePerSecond: (AssetId, u128, u128) = (AssetId(Location::here()), 10_000, 1_000);
	/// The weight of one instruction: 25 µs and 2 KiB of proof, an estimate (reading and writing
	/// an account or two), not a benchmark of this runtime.
	pub InstructionWeight: Weight = Weight::from_parts(25_000_000, 2_048);
	/// Most instructions a program may have.
	pub const MaxInstructions: u32 = 100;
	/// Most assets a program holds at once.
	pub const MaxAssetsIntoHolding: u32 = 64;
	/// The relay chain the network's parachains share, as XCM names its consensus.
	pub const RelayNetwork: NetworkId = NetworkId::ByGenesis(*b"xcmp-mock-relay-chain-genesis-00");
}

/// This chain in the universe of consensus systems: the relay network, then its para id (which
/// each chain of the network keeps in its own state).
pub struct UniversalLocation;

impl Get<InteriorLocation> for UniversalLocation {
	fn get() -> InteriorLocation {
		[GlobalConsensus(RelayNetwork::get()), Parachain(SelfParaId::get().into())].into()
	}
}

/// A local account, `AccountIndex64 { network: None, index }`: accounts here are `u64`s, for
/// which xcm-builder has no converter (its are for 32- and 20-byte accounts).
pub struct AccountIndex64Aliases;

impl ConvertLocation<AccountId> for AccountIndex64Aliases {
	fn convert_location(location: &Location) -> Option<AccountId> {
		match location.unpack() {
			(0, [AccountIndex64 { network: None, index }]) => Some(*index),
			_ => None,
		}
	}
}

/// Whose account a location is: a sibling's sovereign account, or a local account.
pub type LocationToAccountId =
	(SiblingParachainConvertsVia<ParaId, AccountId>, AccountIndex64Aliases);

/// The sovereign account of sibling `para` on every chain of the network.
pub fn sibling_account(para: ParaId) -> AccountId {
	para.into_account_truncating()
}

/// Every sibling parachain.
pub struct SiblingParachains;

impl Contains<Location> for SiblingParachains {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, [Parachain(_)]))
	}
}

/// The native token, in the accounts [`LocationToAccountId`] names.
pub type AssetTransactor =
	FungibleAdapter<Balances, IsConcrete<NativeLocation>, LocationToAccountId, AccountId, ()>;

/// Which programs execute: paid ones, and unpaid ones a sibling asks for explicitly.
pub type Barrier = (
	TakeWeightCredit,
	AllowTopLevelPaidExecutionFrom<Everything>,
	AllowExplicitUnpaidExecutionFrom<SiblingParachains>,
);

/// Programs to siblings go over the XCMP channels, with no delivery price, in the latest
/// version.
pub type XcmRouter = xcmp_xcm_router::XcmpRouter<
	Runtime,
	polkadot_runtime_common::xcm_sender::NoPriceForMessageDelivery<ParaId>,
	(),
>;

/// The executor's configuration.
pub struct XcmConfig;

impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = ();
	type AssetTransactor = AssetTransactor;
	type OriginConverter = SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>;
	type IsReserve = ();
	type IsTeleporter = ();
	type Aliasers = Nothing;
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = FixedWeightBounds<InstructionWeight, RuntimeCall, MaxInstructions>;
	type Trader = FixedRateOfFungible<NativePerSecond, ()>;
	type ResponseHandler = ();
	type AssetTrap = ();
	type AssetLocker = ();
	type AssetExchanger = ();
	type SubscriptionService = ();
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type FeeManager = ();
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = Everything;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = ();
}

/// Executes received programs.
pub type XcmExecutor = xcm_executor::XcmExecutor<XcmConfig>;

/// The origin of a message from sibling `para`, as `ProcessXcmMessage` takes it.
pub struct SiblingOrigin;

impl Convert<ParaId, AggregateMessageOrigin> for SiblingOrigin {
	fn convert(para: ParaId) -> AggregateMessageOrigin {
		AggregateMessageOrigin::Sibling(para)
	}
}

/// The ingress pallet's message processor: `ProcessXcmMessage`, except that a message from a
/// sender governance paused ([`PausedSenders`]) waits, the processor yielding on it, as
/// `pallet-message-queue` leaves a paused queue (and cumulus's XCMP queue a suspended one).
pub struct YieldWhilePaused<Inner>(PhantomData<Inner>);

impl<Inner: ProcessMessage<Origin = AggregateMessageOrigin>> ProcessMessage
	for YieldWhilePaused<Inner>
{
	type Origin = AggregateMessageOrigin;

	fn process_message(
		message: &[u8],
		origin: AggregateMessageOrigin,
		meter: &mut WeightMeter,
		id: &mut [u8; 32],
	) -> Result<bool, ProcessMessageError> {
		if let AggregateMessageOrigin::Sibling(sender) = &origin {
			if PausedSenders::get().contains(sender) {
				return Err(ProcessMessageError::Yield);
			}
		}
		Inner::process_message(message, origin, meter, id)
	}
}

/// What processes received messages.
pub type MessageProcessor =
	YieldWhilePaused<ProcessXcmMessage<AggregateMessageOrigin, XcmExecutor, RuntimeCall>>;
