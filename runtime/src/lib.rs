//! A cumulus parachain runtime with the XCMP pallets, built to a wasm blob.
//!
//! A minimal parachain runtime around the XCMP pallets: `cumulus-pallet-parachain-system` (the
//! validation-data inherent, and `validate_block`, which validators run on the blob with the
//! candidate's proof of validity), `staging-parachain-info`, `pallet-balances`, `pallet-sudo`,
//! and beside them the XCMP ingress and egress pallets, with received messages executed as XCM
//! ([`xcm_config`]). Messages between parachains travel over the XCMP channels, not HRMP:
//! parachain-system's own HRMP queues are left empty. It is what validators execute, not yet a
//! chain a node authors: it has no block authoring (Aura), no transaction fees and no node-side
//! runtime APIs but genesis presets (no transaction pool, no metadata).
//!
//! - **Raw messages are root's.** A message the egress pallet sends acts as this chain on its
//!   receiver (its origin there is the sibling itself), so `XcmpEgress::send` takes root only
//!   (here the sudo key, as on a young parachain); users' programs go through an XCM sender that
//!   prefixes their origin (`pallet-xcm` over [`xcm_config::XcmRouter`]).
//!
//! - **Relay parent.** The ingress pallet takes the block's relay parent (number and storage
//!   root) from parachain-system's validation data ([`ParachainSystemRelayParent`]), which
//!   `validate_block` checks against the validation parameters the relay chain gives, and reads
//!   its relay records from parachain-system's relay-state proof, checked against that root:
//!   one relay-state proof per block, holding the keys the runtime asks for through
//!   `KeyToIncludeInRelayProof` besides parachain-system's own and those of the collator's
//!   batches.
//! - **Blob.** With `std`, the build script builds the blob (`WASM_BINARY`) with
//!   `substrate-wasm-builder`, on the toolchain its documentation names; `None` without one.
//! - **Parents are included.** Each block builds on a parent the relay chain included, whose
//!   head the relay-state proof must hold (`RequireParentIncluded`): no unincluded segment.
//! - **Downward messages** from the relay chain are not handled by this runtime: the relay of
//!   this project sends none, and `DmpQueue` drops them (`docs/PROTOCOL.md`, Known
//!   limitations).

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` and `impl_runtime_apis!` recurse deeply.
#![recursion_limit = "256"]

extern crate alloc;

/// The runtime's wasm blob, as the build script left it: `WASM_BINARY` compressed as a chain
/// stores its code, `WASM_BINARY_BLOATY` as compiled; both `None` when it was not built.
#[cfg(feature = "std")]
#[allow(missing_docs, dead_code)]
mod blob {
	include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
}
#[cfg(feature = "std")]
pub use blob::{WASM_BINARY, WASM_BINARY_BLOATY};

pub mod xcm_config;

use alloc::vec::Vec;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::{limits::BlockWeights, EnsureRoot};
use sp_runtime::{
	generic,
	traits::{BlakeTwo256, Block as BlockT, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;
use xcmp_primitives::{
	relay_state::{RelayParent, RelayParentProvider, DEFAULT_RELAY_PALLET_NAME},
	ParaId,
};

/// A transaction's signature.
pub type Signature = MultiSignature;
/// An account: the public key of its signer.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balances of the native token.
pub type Balance = u128;
/// A parachain block's number.
pub type BlockNumber = u32;
/// How an extrinsic names its signer.
pub type Address = MultiAddress<AccountId, ()>;
/// A parachain block's header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// What a signed extrinsic is checked for: a non-zero sender, this runtime and chain, its era,
/// its nonce and the block's weight.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
);
/// An extrinsic as the block carries it.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// What a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
/// A parachain block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Executes blocks: `on_initialize`, inherents, extrinsics, `on_finalize`.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// The runtime's version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("xcmp-parachain"),
	impl_name: alloc::borrow::Cow::Borrowed("xcmp-parachain"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 1,
	apis: RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The runtime's pallets; what `construct_runtime!` generates is documented by its pallets.
#[allow(missing_docs)]
mod construct {
	use super::*;

	frame_support::construct_runtime!(
		pub enum Runtime {
			System: frame_system,
			// Before the ingress pallet: its inherent sets the validation data the ingress
			// pallet's relay parent comes from.
			ParachainSystem: cumulus_pallet_parachain_system,
			ParachainInfo: parachain_info,
			Balances: pallet_balances,
			Sudo: pallet_sudo,
			XcmpIngress: pallet_xcmp_ingress,
			XcmpEgress: pallet_xcmp_egress,
		}
	);

	// The pallets whose FRAME benchmarks the `Benchmark` runtime API runs, in the blob: how
	// their weights are measured in wasm (`BENCHMARKS.md`, "FRAME weights").
	#[cfg(feature = "runtime-benchmarks")]
	frame_benchmarking::define_benchmarks!(
		[pallet_xcmp_egress, XcmpEgress]
		[pallet_xcmp_ingress, XcmpIngress]
	);

	// The runtime APIs: `Core` and `BlockBuilder`, with which a node builds and executes blocks;
	// `GenesisBuilder`, with which a node or a benchmark runner builds the genesis state;
	// cumulus's `CollectCollationInfo`, with which a collator makes a candidate; the egress and
	// ingress pallets', with which collators serve and gather batches; and, with
	// `runtime-benchmarks`, frame-benchmarking's `Benchmark`.
	sp_api::impl_runtime_apis! {
		impl sp_api::Core<Block> for Runtime {
			fn version() -> RuntimeVersion {
				VERSION
			}

			fn execute_block(block: <Block as BlockT>::LazyBlock) {
				Executive::execute_block(block)
			}

			fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
				Executive::initialize_block(header)
			}
		}

		impl sp_block_builder::BlockBuilder<Block> for Runtime {
			fn apply_extrinsic(
				extrinsic: <Block as BlockT>::Extrinsic,
			) -> sp_runtime::ApplyExtrinsicResult {
				Executive::apply_extrinsic(extrinsic)
			}

			fn finalize_block() -> <Block as BlockT>::Header {
				Executive::finalize_block()
			}

			fn inherent_extrinsics(
				data: sp_inherents::InherentData,
			) -> Vec<<Block as BlockT>::Extrinsic> {
				data.create_extrinsics()
			}

			fn check_inherents(
				block: <Block as BlockT>::LazyBlock,
				data: sp_inherents::InherentData,
			) -> sp_inherents::CheckInherentsResult {
				data.check_extrinsics(&block)
			}
		}

		impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
			fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
				frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(config)
			}

			fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
				frame_support::genesis_builder_helper::get_preset::<RuntimeGenesisConfig>(
					id,
					genesis_preset,
				)
			}

			fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
				alloc::vec![sp_genesis_builder::PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET)]
			}
		}

		#[cfg(feature = "runtime-benchmarks")]
		impl frame_benchmarking::Benchmark<Block> for Runtime {
			fn benchmark_metadata(
				extra: bool,
			) -> (Vec<frame_benchmarking::BenchmarkList>, Vec<frame_support::traits::StorageInfo>) {
				use frame_support::traits::StorageInfoTrait;
				let mut list = Vec::<frame_benchmarking::BenchmarkList>::new();
				list_benchmarks!(list, extra);
				(list, AllPalletsWithSystem::storage_info())
			}

			fn dispatch_benchmark(
				config: frame_benchmarking::BenchmarkConfig,
			) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
				use frame_support::traits::{PalletInfoAccess, WhitelistedStorageKeys};
				let mut whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
				// Parachain-system reads the parachain's id in every block's validation-data
				// inherent, the block's first: every later read finds it in the block already.
				let para_id = frame_support::storage::storage_prefix(
					ParachainInfo::name().as_bytes(),
					b"ParachainId",
				);
				whitelist.push(para_id.to_vec().into());
				let mut batches = Vec::<frame_benchmarking::BenchmarkBatch>::new();
				let params = (&config, &whitelist);
				add_benchmarks!(params, batches);
				Ok(batches)
			}
		}

		impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
			fn collect_collation_info(
				header: &<Block as BlockT>::Header,
			) -> cumulus_primitives_core::CollationInfo {
				ParachainSystem::collect_collation_info(header)
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

		impl cumulus_primitives_core::KeyToIncludeInRelayProof<Block> for Runtime {
			fn keys_to_prove() -> cumulus_primitives_core::RelayProofRequest {
				let keys = XcmpIngress::relay_keys_to_prove();
				cumulus_primitives_core::RelayProofRequest {
					keys: keys.into_iter().map(cumulus_primitives_core::RelayStorageKey::Top).collect(),
				}
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

/// The genesis presets [`sp_genesis_builder::GenesisBuilder::get_preset`] knows, by name:
/// `development` ([`sp_genesis_builder::DEV_RUNTIME_PRESET`]), the default genesis (parachain
/// 100, no sudo key, no balances), on which the benchmark runner measures the pallets.
fn genesis_preset(id: &sp_genesis_builder::PresetId) -> Option<Vec<u8>> {
	if id.as_str() != sp_genesis_builder::DEV_RUNTIME_PRESET {
		return None;
	}
	// The helper's answer for no name: the default genesis, as JSON.
	frame_support::genesis_builder_helper::get_preset::<RuntimeGenesisConfig>(&None, |_| None)
}

parameter_types! {
	/// A parachain block: 2 s of execution and the relay chain's largest proof of validity.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::simple_max(Weight::from_parts(
		2 * WEIGHT_REF_TIME_PER_SECOND,
		cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
	));
	/// The runtime's version, for frame-system.
	pub const Version: RuntimeVersion = VERSION;
	/// The name of `pallet-xcmp-relay` in the relay runtime.
	pub const RelayPalletName: &'static str = DEFAULT_RELAY_PALLET_NAME;
	/// Weight each block spends at most servicing the inbound queue: a tenth of the block.
	pub ServiceWeight: Weight = Weight::from_parts(
		WEIGHT_REF_TIME_PER_SECOND / 5,
		cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64 / 10,
	);
	/// Weight the egress pallet keeps for committing a block's batches: enough to commit (or
	/// reject) a channel's whole window of messages with one more to each other destination,
	/// every payload read from the state (its worst case, when the relay parent did not advance
	/// and they waited), at RocksDB's costs.
	pub EgressCommitWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 4, 4 * 1024 * 1024);
	/// Weight the egress pallet may spend each block pruning delivered batches.
	pub EgressPruneWeight: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 20, 128 * 1024);
	/// Relay blocks after which a batch not delivered expires (about a day at 6 s).
	pub const DeliveryTimeout: u32 = 14_400;
}

#[derive_impl(frame_system::config_preludes::ParaChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	/// RocksDB's read and write costs, with which the pallets' measured storage accesses are
	/// priced (`SubstrateWeight<Runtime>`).
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
	type MaxConsumers = ConstU32<16>;
	/// A block without the ingress inherent is invalid, in `validate_block` too.
	type PostInherents = pallet_xcmp_ingress::EnsureInherentApplied<Runtime>;
}

impl cumulus_pallet_parachain_system::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = parachain_info::Pallet<Runtime>;
	// Messages between parachains go over the XCMP channels: nothing leaves, and nothing is
	// handled, over HRMP.
	type OutboundXcmpMessageSource = ();
	type DmpQueue = frame_support::traits::EnqueueWithOrigin<(), sp_core::ConstU8<0>>;
	type ReservedDmpWeight = ();
	type XcmpMessageHandler = ();
	type ReservedXcmpWeight = ();
	// One block per relay parent: the egress pallet commits once per relay parent.
	type CheckAssociatedRelayNumber = cumulus_pallet_parachain_system::RelayNumberStrictlyIncreases;
	type WeightInfo = ();
	// Each block builds on a parent the relay chain included, its head proven from the relay
	// state: no unincluded segment.
	type ConsensusHook = cumulus_pallet_parachain_system::consensus_hook::RequireParentIncluded;
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}

impl parachain_info::Config for Runtime {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<1_000>;
	type AccountStore = System;
}

/// The block's relay parent, from parachain-system's validation data: the relay parent the
/// block's validation-data inherent names, which `validate_block` checks against the relay
/// chain's. Parachain-system clears it as a block starts: before the block's validation-data
/// inherent, the default, a zero root against which no relay-state proof checks, so that an
/// ingress inherent placed first fails the block.
pub struct ParachainSystemRelayParent;

impl RelayParentProvider for ParachainSystemRelayParent {
	fn relay_parent() -> RelayParent {
		cumulus_pallet_parachain_system::ValidationData::<Runtime>::get()
			.map(|data| RelayParent {
				number: data.relay_parent_number,
				state_root: data.relay_parent_storage_root,
			})
			.unwrap_or_default()
	}

	/// Parachain-system's relay-state proof, once this block's validation-data inherent
	/// checked it and stored it: the ingress inherent carries none of its own. It holds the
	/// keys [`XcmpIngress::relay_keys_to_prove`] names, through `KeyToIncludeInRelayProof`,
	/// and those the collator adds for its batches.
	fn carried_relay_state_proof() -> Option<sp_trie::StorageProof> {
		// Parachain-system keeps its last proof past its block; its validation data too, but
		// clears it in `on_initialize`, so that it exists only once this block's
		// validation-data inherent set it, with this block's proof.
		if !cumulus_pallet_parachain_system::ValidationData::<Runtime>::exists() {
			return None;
		}
		cumulus_pallet_parachain_system::RelayStateProof::<Runtime>::get()
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_xcmp_ingress::BenchmarkHelper for ParachainSystemRelayParent {
	fn set_relay_parent(parent: RelayParent) {
		// Spelled out: the type has `Default` only with `std`, and the benchmarks run in wasm.
		let data = cumulus_primitives_core::PersistedValidationData {
			parent_head: Vec::new().into(),
			relay_parent_number: parent.number,
			relay_parent_storage_root: parent.state_root,
			max_pov_size: cumulus_primitives_core::relay_chain::MAX_POV_SIZE,
		};
		cumulus_pallet_parachain_system::ValidationData::<Runtime>::put(data);
	}

	/// An XCM program a sibling may send unpaid, of at most `len` bytes (at least its own
	/// few): `UnpaidExecution`, then an `ExpectPallet` whose name pads it, which fails. The
	/// executor decodes and runs it, and the outcome reports its error: processed, not parked.
	fn processable_message(len: usize) -> Vec<u8> {
		use codec::Encode;
		use xcm::latest::prelude::*;
		let program = |pad: usize| {
			xcm::VersionedXcm::<()>::from(Xcm::<()>(alloc::vec![
				UnpaidExecution { weight_limit: Unlimited, check_origin: None },
				ExpectPallet {
					index: 0,
					name: alloc::vec![0u8; pad],
					module_name: Vec::new(),
					crate_major: 0,
					min_crate_minor: 0,
				},
			]))
			.encode()
		};
		let mut pad = len.saturating_sub(program(0).len());
		let mut encoded = program(pad);
		// The name's length prefix grows with it: shorten the name by what it added.
		while encoded.len() > len && pad > 0 {
			pad = pad.saturating_sub(encoded.len() - len);
			encoded = program(pad);
		}
		encoded
	}
}

/// The ingress pallet's relay view, which the egress pallet's benchmarks set as the ingress
/// inherent would.
#[cfg(feature = "runtime-benchmarks")]
pub struct IngressRelayView;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_xcmp_egress::BenchmarkHelper for IngressRelayView {
	fn set_relay_view(
		relay_parent: xcmp_primitives::RelayBlockNumber,
		channels: Vec<(ParaId, xcmp_primitives::relay_state::OutboundChannelView)>,
	) {
		// The benchmarks' views fit `MaxRelayViewChannels`; one that did not would leave the
		// view empty, and the benchmark fail on its own checks.
		let _ = XcmpIngress::set_relay_view_for_benchmarks(relay_parent, channels);
	}
}

parameter_types! {
	/// Most messages of one sender the inbound queue holds.
	pub const MaxQueuedMessagesPerSender: u32 = 16_384;
	/// Most payload bytes of one sender the inbound queue holds: what one inherent may carry.
	pub const MaxQueuedBytesPerSender: u64 = 4 * 1024 * 1024;
}

impl pallet_xcmp_ingress::Config for Runtime {
	type SelfParaId = parachain_info::Pallet<Runtime>;
	type RelayParent = ParachainSystemRelayParent;
	type RelayPalletName = RelayPalletName;
	type MessageProcessor = xcm_config::MessageProcessor;
	type SenderOrigin = xcm_config::SiblingOrigin;
	type ControlOrigin = EnsureRoot<AccountId>;
	type PendingOutbound = XcmpEgress;
	type OutcomeSink = XcmpEgress;
	type MaxBatchesPerInherent = ConstU32<64>;
	type MaxInherentSize = ConstU32<{ 4 * 1024 * 1024 }>;
	type MaxInboundChannels = ConstU32<64>;
	type MaxRelayViewChannels = ConstU32<64>;
	/// Room for four senders' full shares.
	type MaxQueuedMessages = ConstU32<{ 4 * 16_384 }>;
	type MaxQueuedBytes = ConstU64<{ 16 * 1024 * 1024 }>;
	type MaxQueuedMessagesPerSender = MaxQueuedMessagesPerSender;
	type MaxQueuedBytesPerSender = MaxQueuedBytesPerSender;
	/// The heap size cumulus runtimes give `pallet-message-queue`'s pages.
	type MaxPageBytes = ConstU32<{ 103 * 1024 }>;
	type MaxParkedPerSender = ConstU32<8>;
	type MaxBlockedSenders = ConstU32<16>;
	type MaxWatermarkAdvance = ConstU32<64>;
	type ServiceWeight = ServiceWeight;
	type WeightInfo = pallet_xcmp_ingress::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ParachainSystemRelayParent;
}

/// Governance's calls, made by the sudo key's holder.
impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

impl pallet_xcmp_egress::Config for Runtime {
	type SelfParaId = parachain_info::Pallet<Runtime>;
	type RelayView = XcmpIngress;
	type OnRejected = ();
	type OnOutcome = ();
	/// A raw message acts as this chain on its receiver: root's alone.
	type SendOrigin = EnsureRoot<AccountId>;
	type MaxMessageSize = ConstU32<{ 64 * 1024 }>;
	type MaxDestinationsPerBlock = ConstU32<64>;
	type MaxHeldPerChannel = ConstU32<1_024>;
	type MaxOutboundChannels = ConstU32<64>;
	type CommitWeight = EgressCommitWeight;
	type PruneWeight = EgressPruneWeight;
	type DeliveryTimeout = DeliveryTimeout;
	type WeightInfo = pallet_xcmp_egress::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = IngressRelayView;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = Executive,
}
