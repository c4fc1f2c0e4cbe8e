//! XCM in this runtime: the programs siblings send over the XCMP channels are executed as they
//! arrive ([`MessageProcessor`], which reports why a program failed into its outcome), and the
//! programs this chain sends go out over the XCMP channels ([`XcmRouter`]).
//!
//! - **Accounts.** A sibling's sovereign account is `Sibling(id)`'s, as cumulus derives it; a
//!   local 32-byte account is itself; any other location is its hashed description.
//! - **Execution.** Programs pay for their weight in the native token, or a sibling asks for
//!   unpaid execution explicitly (`UnpaidExecution`). A fixed weight per instruction
//!   ([`InstructionWeight`]), an estimate, not a benchmark.
//! - **Delivery.** A program sent to a sibling costs [`BaseDeliveryFee`] plus
//!   [`ByteDeliveryFee`] a byte, in the native token, burned.

use crate::RuntimeOrigin;
use crate::{AccountId, AllPalletsWithSystem, Balances, ParachainInfo, Runtime, RuntimeCall};
use cumulus_primitives_core::AggregateMessageOrigin;
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, Everything, Nothing},
	weights::Weight,
};
use polkadot_parachain_primitives::primitives::Sibling;
use sp_runtime::traits::Convert;
use xcm::latest::prelude::*;
use xcm_builder::{
	AccountId32Aliases, AllowExplicitUnpaidExecutionFrom, AllowTopLevelPaidExecutionFrom,
	DescribeAllTerminal, DescribeFamily, FixedRateOfFungible, FixedWeightBounds,
	FrameTransactionalProcessor, FungibleAdapter, HashedDescription, IsConcrete,
	SiblingParachainConvertsVia, SignedToAccountId32, SovereignSignedViaLocation, TakeWeightCredit,
	TrailingSetTopicAsId, WithComputedOrigin,
};
use xcmp_primitives::ParaId;

parameter_types! {
	/// The relay chain the network's parachains share, as XCM names its consensus.
	pub const RelayNetwork: NetworkId = NetworkId::ByGenesis(*b"xcmp-relay-chain-genesis-0000000");
	/// This chain in the universe of consensus systems: the relay network, then its para id.
	pub UniversalLocation: InteriorLocation =
		[GlobalConsensus(RelayNetwork::get()), Parachain(ParachainInfo::parachain_id().into())].into();
	/// The chain's native token, as XCM names it here.
	pub NativeLocation: Location = Location::here();
	/// The native token as an asset id: what programs and deliveries pay in.
	pub NativeAssetId: AssetId = AssetId(Location::here());
	/// What a program pays for its execution: 10 units a millisecond and 1,000 a megabyte of
	/// proof, in the native token.
	pub NativePerSecond: (AssetId, u128, u128) = (AssetId(Location::here()), 10_000, 1_000);
	/// The weight of one instruction: 25 µs and 2 KiB of proof, an estimate (reading and writing
	/// an account or two).
	pub InstructionWeight: Weight = Weight::from_parts(25_000_000, 2_048);
	/// Most instructions a program may have.
	pub const MaxInstructions: u32 = 100;
	/// Most assets a program holds at once.
	pub const MaxAssetsIntoHolding: u32 = 64;
	/// What delivering any program to a sibling costs, in the native token.
	pub const BaseDeliveryFee: u128 = 300;
	/// What delivering each byte of a program costs, in the native token.
	pub const ByteDeliveryFee: u128 = 1;
}

/// Whose account a location is: a sibling's sovereign account, a local account, or the hashed
/// description of any other location.
pub type LocationToAccountId = (
	SiblingParachainConvertsVia<Sibling, AccountId>,
	AccountId32Aliases<RelayNetwork, AccountId>,
	HashedDescription<AccountId, DescribeFamily<DescribeAllTerminal>>,
);

/// Every sibling parachain.
pub struct SiblingParachains;

impl Contains<Location> for SiblingParachains {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, [Parachain(_)]))
	}
}

/// The native token, held in `pallet-balances`.
pub type AssetTransactor =
	FungibleAdapter<Balances, IsConcrete<NativeLocation>, LocationToAccountId, AccountId, ()>;

/// Which programs execute: behind the origin a program computes (`DescendOrigin` of a sibling's
/// account), paid ones and unpaid ones a sibling asks for explicitly. A trailing `SetTopic` is the
/// message's id.
pub type Barrier = TrailingSetTopicAsId<(
	TakeWeightCredit,
	WithComputedOrigin<
		(
			AllowTopLevelPaidExecutionFrom<Everything>,
			AllowExplicitUnpaidExecutionFrom<SiblingParachains>,
		),
		UniversalLocation,
		ConstU32<8>,
	>,
)>;

/// What delivering a program to a sibling costs.
pub type DeliveryPrice =
	xcmp_xcm_router::LinearPrice<NativeAssetId, BaseDeliveryFee, ByteDeliveryFee>;

/// Programs this chain sends go to siblings over the XCMP channels, in the latest XCM version.
pub type XcmRouter = xcmp_xcm_router::XcmpRouter<Runtime, DeliveryPrice, ()>;

/// A local signed origin as a location: its 32-byte account.
pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

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

/// The ingress pallet's message processor: each message one XCM program, executed as it arrives.
pub type MessageProcessor =
	xcmp_xcm_router::ProcessXcm<AggregateMessageOrigin, XcmExecutor, RuntimeCall>;

/// The origin of a message from sibling `para`, as the XCM processor takes it.
pub struct SiblingOrigin;

impl Convert<ParaId, AggregateMessageOrigin> for SiblingOrigin {
	fn convert(para: ParaId) -> AggregateMessageOrigin {
		AggregateMessageOrigin::Sibling(para)
	}
}
