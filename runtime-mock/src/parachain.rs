//! The mock parachain runtime: frame-system, pallet-balances, pallet-assets (the siblings'
//! tokens), the XCMP ingress and egress pallets, pallet-xcm and the
//! [`contracts`](crate::contracts) pallet; messages are XCM programs, executed on arrival as
//! [`xcm_config`](crate::xcm_config) configures. One runtime type serves every parachain of a
//! network; each has its own state (its para id and relay parent are stored there).

use crate::contracts;
use frame_support::{
	derive_impl, parameter_types,
	traits::ConstU32,
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::{limits::BlockWeights, EnsureRoot};
use sp_runtime::{testing::TestSignature, traits::Convert, BuildStorage};
use xcmp_primitives::{
	relay_state::{RelayParent, RelayParentProvider, DEFAULT_RELAY_PALLET_NAME},
	ParaId,
};

/// Accounts are `u64`s.
pub type AccountId = u64;
/// Balances are `u64`s.
pub type Balance = u64;
/// The block type: extrinsics are signed with [`TestSignature`] (the signer's id and the signed
/// payload) and carry no transaction extension.
pub type Block = frame_system::mocking::MockBlock<Runtime, TestSignature, ()>;
/// The block's extrinsic type.
pub type Extrinsic = <Block as sp_runtime::traits::Block>::Extrinsic;
/// Executes blocks as a chain does: `on_initialize`, inherents, extrinsics, `on_finalize`.
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
	use super::*;

	frame_support::construct_runtime!(
		pub enum Runtime {
			System: frame_system,
			Balances: pallet_balances,
			Assets: pallet_assets,
			// Before the ingress pallet: its `on_initialize` (version discovery) sends while the
			// previous block's relay view is still kept (`docs/PROTOCOL.md`, "XCM over XCMP").
			PolkadotXcm: pallet_xcm,
			XcmpIngress: pallet_xcmp_ingress,
			XcmpEgress: pallet_xcmp_egress,
			Contracts: contracts,
		}
	);

	// The runtime APIs a collator calls: the egress and ingress pallets', and `Core`, which every
	// runtime implements.
	sp_api::impl_runtime_apis! {
		impl sp_api::Core<Block> for Runtime {
			fn version() -> sp_version::RuntimeVersion {
				VERSION
			}

			fn execute_block(block: <Block as sp_runtime::traits::Block>::LazyBlock) {
				Executive::execute_block(block)
			}

			fn initialize_block(
				header: &<Block as sp_runtime::traits::Block>::Header,
			) -> sp_runtime::ExtrinsicInclusionMode {
				Executive::initialize_block(header)
			}
		}

		impl pallet_xcmp_egress::XcmpEgressApi<Block> for Runtime {
			fn outbound_batches(
				destination: ParaId,
				after_nonce: xcmp_primitives::Nonce,
				max_batches: u32,
			) -> Vec<xcmp_primitives::RoutedBatch> {
				XcmpEgress::outbound_batches(destination, after_nonce, max_batches)
			}

			fn egress_commitment() -> xcmp_primitives::EgressCommitment {
				XcmpEgress::egress_commitment()
			}

			fn pending_destinations() -> Vec<ParaId> {
				XcmpEgress::pending_destinations()
			}

			fn reported_outcomes(destination: ParaId) -> xcmp_primitives::Nonce {
				pallet_xcmp_egress::ReportedOutcomes::<Runtime>::get(destination)
			}
		}

		impl pallet_xcmp_ingress::XcmpIngressApi<Block> for Runtime {
			fn cursors() -> Vec<(ParaId, xcmp_primitives::Nonce)> {
				XcmpIngress::cursors()
			}

			fn watermark() -> xcmp_primitives::RelayBlockNumber {
				XcmpIngress::watermark()
			}

			fn refusals() -> (
				Vec<ParaId>,
				Vec<(ParaId, Vec<xcmp_primitives::relay_state::RefusedRange>)>,
			) {
				(XcmpIngress::refused_senders(), XcmpIngress::recent_refusals().into_iter().collect())
			}

			fn queue_room(
				senders: Vec<ParaId>,
			) -> (
				pallet_xcmp_ingress::QueueFootprint,
				Vec<(ParaId, pallet_xcmp_ingress::QueueFootprint)>,
			) {
				let rooms = senders.into_iter().map(|sender| (sender, XcmpIngress::sender_queue_room(sender)));
				(XcmpIngress::queue_room(), rooms.collect())
			}
		}
	}
}
pub use construct::*;

parameter_types! {
	/// [`VERSION`], whose `system_version` 1 makes every block compute its state root in state
	/// version 1, as cumulus runtimes do: a value over 32 bytes is a trie node of its own, in a
	/// proof of validity only when it is read.
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// A parachain block: 2 s of execution and a 10 MiB proof of validity, as Polkadot's.
	pub ParachainBlockWeights: BlockWeights = BlockWeights::simple_max(
		Weight::from_parts(2 * WEIGHT_REF_TIME_PER_SECOND, 10 * 1024 * 1024),
	);
	/// This chain's id, set at genesis.
	pub storage SelfParaId: ParaId = ParaId::new(0);
	/// The relay parent of the block being built, set by the block author before the block's
	/// inherents (cumulus's validation data does this).
	pub storage CurrentRelayParent: RelayParent = RelayParent::default();
	/// Most messages of one sender the inbound queue holds: a batch of the largest channel
	/// capacity, a quarter of the queue. Stored, so that a test can lower it on one chain.
	pub storage MaxQueuedMessagesPerSender: u32 = 16_384;
	/// Most payload bytes of one sender the inbound queue holds: an inherent's, a quarter of the
	/// queue. Stored, so that a test can lower it on one chain.
	pub storage MaxQueuedBytesPerSender: u64 = 4 * 1024 * 1024;
	/// The relay runtime's name for `pallet-xcmp-relay`.
	pub const RelayPalletName: &'static str = DEFAULT_RELAY_PALLET_NAME;
	/// A quarter of the block for processing messages.
	pub ServiceWeight: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 2, 2 * 1024 * 1024);
	/// Half the block for committing the messages waiting to commit, or rejecting them: a
	/// rejection refunds the fees of a routed message, a few transfers each.
	pub EgressCommitWeight: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, 4 * 1024 * 1024);
	/// An eighth of the block for pruning delivered messages.
	pub EgressPruneWeight: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 4, 1024 * 1024);
	/// What executing one contract call costs.
	pub const ContractCallWeight: Weight = Weight::from_parts(50_000_000, 4_096);
	/// Senders whose messages wait, the message processor yielding on them, until governance
	/// takes them out ([`crate::xcm_config::YieldWhilePaused`]).
	pub storage PausedSenders: Vec<ParaId> = Vec::new();
	/// The deadline of each batch this chain commits, in relay blocks after its relay parent:
	/// none unless governance sets one.
	pub storage DeliveryTimeout: Option<xcmp_primitives::RelayBlockNumber> = None;
	/// What a forwarding contract offers the destination for executing its program: the
	/// destination's native token, taken from this chain's sovereign account there.
	pub const ForwardExecutionFee: u128 = 10_000;
	/// The weight of the costliest delivery of a forwarding contract's program: the egress
	/// pallet's send of the largest one.
	pub MaxDeliveryWeight: Weight = XcmpEgress::send_weight(contracts::MAX_PROGRAM_LEN);
	/// The most one asset transfer of a refund takes: the native token's or a sibling token's.
	pub RefundTransferWeight: Weight =
		<() as pallet_balances::WeightInfo>::transfer_allow_death()
			.max(<() as pallet_assets::WeightInfo>::transfer());
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = ParachainBlockWeights;
	type AccountData = pallet_balances::AccountData<Balance>;
	type Version = Version;
	/// RocksDB's costs, as the pallets' `()` weights price storage accesses.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type AccountStore = System;
}

/// The siblings' native tokens, asset id the sibling's para id ([`crate::xcm_config`]), created
/// at genesis; nobody else creates assets.
#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Runtime {
	type Balance = Balance;
	type Currency = Balances;
	type CreateOrigin =
		frame_support::traits::AsEnsureOriginWithArg<frame_system::EnsureNever<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
}

parameter_types! {
	/// The chain itself, as `pallet-xcm` names root's origin.
	pub HereLocation: xcm::latest::Location = xcm::latest::Location::here();
}

/// `pallet-xcm` over the [`crate::xcm_config`] executor and router: its `send` and
/// `transfer_assets` (reserve transfers; no teleports) go to siblings over the XCMP channels.
/// Its weights are the pallet's test weights, not a benchmark of this runtime.
impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SendXcmOrigin = frame_support::traits::EitherOf<
		frame_system::EnsureRootWithSuccess<AccountId, HereLocation>,
		xcm_builder::EnsureXcmOrigin<RuntimeOrigin, crate::xcm_config::LocalOriginToLocation>,
	>;
	type XcmRouter = crate::xcm_config::XcmRouter;
	type ExecuteXcmOrigin =
		xcm_builder::EnsureXcmOrigin<RuntimeOrigin, crate::xcm_config::LocalOriginToLocation>;
	type XcmExecuteFilter = frame_support::traits::Nothing;
	type XcmExecutor = crate::xcm_config::XcmExecutor;
	type XcmTeleportFilter = frame_support::traits::Nothing;
	type XcmReserveTransferFilter = frame_support::traits::Everything;
	type Weigher = crate::xcm_config::Weigher;
	type UniversalLocation = crate::xcm_config::UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	type AdminOrigin = EnsureRoot<AccountId>;
	type TrustedLockers = ();
	type SovereignAccountOf = crate::xcm_config::LocationToAccountId;
	type Currency = Balances;
	type CurrencyMatcher = xcm_builder::IsConcrete<crate::xcm_config::NativeLocation>;
	type MaxLockers = ConstU32<8>;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	type WeightInfo = pallet_xcm::TestWeightInfo;
	type AuthorizedAliasConsideration = ();
}

/// The relay parent stored for the block being built.
pub struct StoredRelayParent;

impl RelayParentProvider for StoredRelayParent {
	fn relay_parent() -> RelayParent {
		CurrentRelayParent::get()
	}
}

impl pallet_xcmp_ingress::Config for Runtime {
	type SelfParaId = SelfParaId;
	type RelayParent = StoredRelayParent;
	type RelayPalletName = RelayPalletName;
	type MessageProcessor = crate::xcm_config::MessageProcessor;
	type SenderOrigin = crate::xcm_config::SiblingOrigin;
	type ControlOrigin = EnsureRoot<AccountId>;
	type PendingOutbound = XcmpEgress;
	type OutcomeSink = XcmpEgress;
	type MaxBatchesPerInherent = ConstU32<64>;
	type MaxInherentSize = ConstU32<{ 4 * 1024 * 1024 }>;
	/// As the mock relay's bound: a channel from every other parachain of a 100-parachain
	/// network (`xcmp-sim --parachains 100`).
	type MaxInboundChannels = ConstU32<128>;
	/// Every outbound channel, which the mock collator's relay view covers.
	type MaxRelayViewChannels = ConstU32<128>;
	/// Room for four senders' full shares.
	type MaxQueuedMessages = ConstU32<{ 4 * 16_384 }>;
	type MaxQueuedBytes = frame_support::traits::ConstU64<{ 16 * 1024 * 1024 }>;
	type MaxQueuedMessagesPerSender = MaxQueuedMessagesPerSender;
	type MaxQueuedBytesPerSender = MaxQueuedBytesPerSender;
	/// The heap size cumulus runtimes give `pallet-message-queue`'s pages.
	type MaxPageBytes = ConstU32<{ 103 * 1024 }>;
	type MaxParkedPerSender = ConstU32<8>;
	type MaxBlockedSenders = ConstU32<16>;
	type MaxWatermarkAdvance = ConstU32<64>;
	type ServiceWeight = ServiceWeight;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = StoredRelayParent;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_xcmp_ingress::BenchmarkHelper for StoredRelayParent {
	fn set_relay_parent(parent: RelayParent) {
		CurrentRelayParent::set(&parent);
	}
}

impl pallet_xcmp_egress::Config for Runtime {
	type SelfParaId = SelfParaId;
	type RelayView = XcmpIngress;
	type OnRejected = xcmp_xcm_router::RefundRejectedTransfers<
		crate::xcm_config::AssetTransactor,
		crate::xcm_config::UniversalLocation,
		xcmp_xcm_router::DepositBeneficiary,
		RefundTransferWeight,
	>;
	type OnOutcome = ();
	type SendOrigin = frame_system::EnsureSigned<AccountId>;
	type MaxMessageSize = ConstU32<{ 64 * 1024 }>;
	/// Every other parachain of a 100-parachain network in one block, as `xcmp-sim`'s all-to-all
	/// traffic sends.
	type MaxDestinationsPerBlock = ConstU32<128>;
	type MaxHeldPerChannel = ConstU32<1_024>;
	/// As the mock relay's bound.
	type MaxOutboundChannels = ConstU32<128>;
	type CommitWeight = EgressCommitWeight;
	type PruneWeight = EgressPruneWeight;
	type DeliveryTimeout = DeliveryTimeout;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NoBenchmarks;
}

/// The network's runtime is not benchmarked; the pallets are, in their own mocks.
#[cfg(feature = "runtime-benchmarks")]
pub struct NoBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_xcmp_egress::BenchmarkHelper for NoBenchmarks {
	fn set_relay_view(
		_: xcmp_primitives::RelayBlockNumber,
		_: Vec<(ParaId, xcmp_primitives::relay_state::OutboundChannelView)>,
	) {
	}
}

/// A contract's account: `CONTRACT_ACCOUNT_BASE + id`.
pub struct ContractAccount;

/// Where contract accounts start.
pub const CONTRACT_ACCOUNT_BASE: AccountId = 1 << 32;

impl Convert<contracts::ContractId, AccountId> for ContractAccount {
	fn convert(id: contracts::ContractId) -> AccountId {
		CONTRACT_ACCOUNT_BASE + AccountId::from(id)
	}
}

impl contracts::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type SelfParaId = SelfParaId;
	type XcmSender = crate::xcm_config::XcmRouter;
	type ExecutionFee = ForwardExecutionFee;
	type MaxDeliveryWeight = MaxDeliveryWeight;
	type ContractAccount = ContractAccount;
	type CallWeight = ContractCallWeight;
	type DeliveryFeeAccount = crate::xcm_config::DeliveryFeeAccount;
}

/// A message calling contract `target` with `input` on its receiver: an unpaid program
/// ([`contracts::unpaid_call_program`]) that makes the call as the sender's sovereign account,
/// encoded as its payload.
pub fn contract_call_message(target: contracts::ContractId, input: contracts::Input) -> Vec<u8> {
	use codec::Encode;
	let call = RuntimeCall::Contracts(contracts::Call::call { id: target, input });
	xcm::VersionedXcm::from(contracts::unpaid_call_program(&call)).encode()
}

/// The genesis state of parachain `id`, with `balances` endowed: every chain of `network` but
/// `id` is a sibling whose native token is an asset here, and programs go out in the latest XCM
/// version until `pallet-xcm` learns a destination's.
pub fn genesis(
	id: ParaId,
	network: &[ParaId],
	balances: Vec<(AccountId, Balance)>,
) -> sp_io::TestExternalities {
	let sibling_tokens = crate::xcm_config::sibling_token_assets(id, network);
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		assets: pallet_assets::GenesisConfig { assets: sibling_tokens, ..Default::default() },
		polkadot_xcm: pallet_xcm::GenesisConfig {
			safe_xcm_version: Some(xcm::latest::VERSION),
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.unwrap_or_default();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| SelfParaId::set(&id));
	ext
}

/// The mock parachain runtime's version.
pub const VERSION: sp_version::RuntimeVersion = sp_version::RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("xcmp-mock-parachain"),
	impl_name: alloc::borrow::Cow::Borrowed("xcmp-mock-parachain"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 1,
	apis: RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::traits::StorageVersion;

	#[test]
	fn the_xcmp_pallets_configurations_pass_their_checks() {
		genesis(ParaId::new(1), &[], Vec::new()).execute_with(|| {
			assert_eq!(pallet_xcmp_ingress::Pallet::<Runtime>::check_config(), Ok(()));
			assert_eq!(pallet_xcmp_egress::Pallet::<Runtime>::check_config(), Ok(()));
		});
	}

	#[test]
	fn genesis_stores_each_xcmp_pallet_s_storage_version() {
		genesis(ParaId::new(1), &[], Vec::new()).execute_with(|| {
			assert!(StorageVersion::exists::<XcmpEgress>());
			assert!(StorageVersion::exists::<XcmpIngress>());
			assert_eq!(StorageVersion::get::<XcmpEgress>(), pallet_xcmp_egress::STORAGE_VERSION);
			assert_eq!(StorageVersion::get::<XcmpIngress>(), pallet_xcmp_ingress::STORAGE_VERSION);
		});
		crate::relay::genesis().execute_with(|| {
			use crate::relay::XcmpRelay;
			assert!(StorageVersion::exists::<XcmpRelay>());
			assert_eq!(StorageVersion::get::<XcmpRelay>(), pallet_xcmp_relay::STORAGE_VERSION);
		});
	}
}
