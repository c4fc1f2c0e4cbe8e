//! The peer of the side-by-side measurements: a cumulus parachain runtime that carries XCM over
//! HRMP, as parachains do today. `cumulus-pallet-parachain-system` takes the relay-chain state
//! proof and the inbound HRMP messages in its validation-data inherent, checks them against the
//! channels' message-queue-chain heads the relay proves, and hands them to
//! `cumulus-pallet-xcmp-queue`, which enqueues them into `pallet-message-queue`, whose processor is
//! `xcm_builder::ProcessXcmMessage`; sends go through the XCMP queue's `SendXcm`, and
//! parachain-system hands the relay one page per channel a block (`HrmpOutboundMessages`).
//!
//! Everything else is [`crate::parachain`]'s: the same assets, account conversion, barrier,
//! traders, weigher, delivery price and `pallet-xcm` (the generic parts of
//! [`crate::xcm_config`]), so that what differs between the two runtimes' blocks is, besides the
//! transport, only what the XCMP runtime has around it: its small contracts pallet, and a message
//! processor that first checks whether governance paused the sender (one storage read a block).
//! [`crate::hrmp_network`] runs a network of them.

use crate::{
	parachain::{AccountId, Balance, ParachainBlockWeights, ServiceWeight},
	xcm_config::{
		AssetTransactorOf, BarrierOf, DeliveryPrice, FeeManagerOf, LocationToAccountId,
		MaxAssetsIntoHolding, NativeLocation, SiblingOrigin, SignedToAccountIndex64Of, Traders,
		UniversalLocationOf, WeigherOf,
	},
};
use core::marker::PhantomData;
use cumulus_primitives_core::AggregateMessageOrigin;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Everything, Nothing, QueueFootprint, QueuePausedQuery, TransformOrigin},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_message_queue::OnQueueChanged;
use sp_runtime::{testing::TestSignature, BuildStorage};
use xcm_builder::{
	EnsureXcmOrigin, FrameTransactionalProcessor, NativeAsset, ProcessXcmMessage,
	SovereignSignedViaLocation,
};
use xcmp_primitives::ParaId;

/// The block type, as [`crate::parachain::Block`].
pub type Block = frame_system::mocking::MockBlock<Runtime, TestSignature, ()>;
/// The block's extrinsic type.
pub type Extrinsic = <Block as sp_runtime::traits::Block>::Extrinsic;
/// Executes blocks as a chain does.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// The runtime's pallets; what `construct_runtime!` generates is documented by its pallets.
#[allow(missing_docs)]
mod construct {
	frame_support::construct_runtime!(
		pub enum Runtime {
			System: frame_system,
			ParachainSystem: cumulus_pallet_parachain_system,
			ParachainInfo: parachain_info,
			Balances: pallet_balances,
			Assets: pallet_assets,
			XcmpQueue: cumulus_pallet_xcmp_queue,
			PolkadotXcm: pallet_xcm,
			MessageQueue: pallet_message_queue,
		}
	);
}
pub use construct::*;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = ParachainBlockWeights;
	type AccountData = pallet_balances::AccountData<Balance>;
	type Version = Version;
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
}

/// The HRMP parachain runtime's version: `system_version` 1, state version 1 for its blocks'
/// state roots, as [`crate::parachain::VERSION`] and cumulus runtimes.
pub const VERSION: sp_version::RuntimeVersion = sp_version::RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("xcmp-mock-hrmp-parachain"),
	impl_name: alloc::borrow::Cow::Borrowed("xcmp-mock-hrmp-parachain"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 1,
	apis: alloc::borrow::Cow::Borrowed(&[]),
	transaction_version: 1,
	system_version: 1,
};

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type AccountStore = System;
}

/// The siblings' native tokens, as [`crate::parachain`]'s.
#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Runtime {
	type Balance = Balance;
	type Currency = Balances;
	type CreateOrigin =
		frame_support::traits::AsEnsureOriginWithArg<frame_system::EnsureNever<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
}

impl parachain_info::Config for Runtime {}

parameter_types! {
	/// [`VERSION`].
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// A quarter of the block for the inbound HRMP messages and for downward messages, as the
	/// parachain template reserves.
	pub ReservedMessagingWeight: Weight = ParachainBlockWeights::get().max_block / 4;
	/// What `pallet-message-queue` may use to process messages a block: the XCMP runtime's
	/// ingress service weight.
	pub MessageQueueServiceWeight: Option<Weight> = Some(ServiceWeight::get());
	/// Downward messages' origin.
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

impl cumulus_pallet_parachain_system::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = ParachainInfo;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = frame_support::traits::EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedMessagingWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedMessagingWeight;
	type CheckAssociatedRelayNumber = cumulus_pallet_parachain_system::RelayNumberStrictlyIncreases;
	// Every block is included before the next is built on it, as in the XCMP network.
	type ConsensusHook = cumulus_pallet_parachain_system::consensus_hook::ExpectParentIncluded;
	type WeightInfo = ();
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}

/// Passes `pallet-message-queue`'s notices about a sibling's queue to `Inner`, which knows
/// siblings by para id (the XCMP queue), and ignores the other origins' (polkadot-sdk's
/// `parachains-common` has the same adapter; this saves the dependency).
pub struct NarrowOriginToSibling<Inner>(PhantomData<Inner>);

impl<Inner: QueuePausedQuery<ParaId>> QueuePausedQuery<AggregateMessageOrigin>
	for NarrowOriginToSibling<Inner>
{
	fn is_paused(origin: &AggregateMessageOrigin) -> bool {
		match origin {
			AggregateMessageOrigin::Sibling(id) => Inner::is_paused(id),
			_ => false,
		}
	}
}

impl<Inner: OnQueueChanged<ParaId>> OnQueueChanged<AggregateMessageOrigin>
	for NarrowOriginToSibling<Inner>
{
	fn on_queue_changed(origin: AggregateMessageOrigin, footprint: QueueFootprint) {
		if let AggregateMessageOrigin::Sibling(id) = origin {
			Inner::on_queue_changed(id, footprint)
		}
	}
}

impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MessageProcessor = ProcessXcmMessage<AggregateMessageOrigin, XcmExecutor, RuntimeCall>;
	type Size = u32;
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	/// The page size of cumulus runtimes, as the XCMP runtime's `MaxPageBytes`.
	type HeapSize = ConstU32<{ 103 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	/// Messages are also serviced in `on_idle`, so that those the validation-data inherent
	/// enqueued can execute in the block that received them, as cumulus runtimes configure it.
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	type VersionWrapper = PolkadotXcm;
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, SiblingOrigin>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	type MaxPageSize = ConstU32<{ 103 * 1024 }>;
	type ControllerOrigin = EnsureRoot<AccountId>;
	type ControllerOriginConverter = ();
	type WeightInfo = ();
	/// The XCMP runtime's delivery price.
	type PriceForSiblingDelivery = DeliveryPrice;
}

/// This chain in the universe of consensus systems.
pub type UniversalLocation = UniversalLocationOf<ParachainInfo>;
/// Every asset the chain holds, as [`crate::xcm_config::AssetTransactor`].
pub type AssetTransactor = AssetTransactorOf<Balances, Assets>;
/// Programs to siblings go through the XCMP queue, over HRMP.
pub type XcmRouter = XcmpQueue;
/// The weigher, as [`crate::xcm_config::Weigher`].
pub type Weigher = WeigherOf<RuntimeCall>;

/// The executor's configuration: [`crate::xcm_config::XcmConfig`]'s, over this runtime's pallets
/// and router.
pub struct XcmConfig;

impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = AssetTransactor;
	type OriginConverter = (
		SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
		pallet_xcm::XcmPassthrough<RuntimeOrigin>,
	);
	type IsReserve = NativeAsset;
	type IsTeleporter = ();
	type Aliasers = Nothing;
	type UniversalLocation = UniversalLocation;
	type Barrier = BarrierOf<PolkadotXcm, UniversalLocation>;
	type Weigher = Weigher;
	type Trader = Traders;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type AssetLocker = ();
	type AssetExchanger = ();
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type FeeManager = FeeManagerOf<AssetTransactor>;
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = Everything;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

/// Executes received programs.
pub type XcmExecutor = xcm_executor::XcmExecutor<XcmConfig>;

parameter_types! {
	/// The chain itself, as `pallet-xcm` names root's origin.
	pub HereLocation: xcm::latest::Location = xcm::latest::Location::here();
}

/// `pallet-xcm` as [`crate::parachain`] configures it, over this runtime's executor and router.
impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SendXcmOrigin = frame_support::traits::EitherOf<
		frame_system::EnsureRootWithSuccess<AccountId, HereLocation>,
		EnsureXcmOrigin<RuntimeOrigin, SignedToAccountIndex64Of<RuntimeOrigin>>,
	>;
	type XcmRouter = XcmRouter;
	type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, SignedToAccountIndex64Of<RuntimeOrigin>>;
	type XcmExecuteFilter = Nothing;
	type XcmExecutor = XcmExecutor;
	type XcmTeleportFilter = Nothing;
	type XcmReserveTransferFilter = Everything;
	type Weigher = Weigher;
	type UniversalLocation = UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	type AdminOrigin = EnsureRoot<AccountId>;
	type TrustedLockers = ();
	type SovereignAccountOf = LocationToAccountId;
	type Currency = Balances;
	type CurrencyMatcher = xcm_builder::IsConcrete<NativeLocation>;
	type MaxLockers = ConstU32<8>;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	type WeightInfo = pallet_xcm::TestWeightInfo;
	type AuthorizedAliasConsideration = ();
}

/// The genesis state of parachain `id` in `network`, with `balances` endowed, as
/// [`crate::parachain::genesis`]'s.
pub fn genesis(
	id: ParaId,
	network: &[ParaId],
	balances: Vec<(AccountId, Balance)>,
) -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		assets: pallet_assets::GenesisConfig {
			assets: crate::xcm_config::sibling_token_assets(id, network),
			..Default::default()
		},
		parachain_info: parachain_info::GenesisConfig { parachain_id: id, ..Default::default() },
		polkadot_xcm: pallet_xcm::GenesisConfig {
			safe_xcm_version: Some(xcm::latest::VERSION),
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.unwrap_or_default();
	sp_io::TestExternalities::new(storage)
}
