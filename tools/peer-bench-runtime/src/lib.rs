//! # xcmp-peer-bench-runtime
//!
//! The peer of the XCMP pallets, as a parachain runtime built to a wasm blob, so that its
//! per-message weights are measured the way ours are: frame-omni-bencher runs the FRAME
//! benchmarks through the blob's `Benchmark` runtime API under sc-executor
//! (`tools/weights/peer.sh`), as it runs the egress and ingress pallets' through
//! `xcmp-parachain-runtime`'s (`tools/weights/measure.sh`).
//!
//! It holds what carries a parachain's messages today: `cumulus-pallet-parachain-system` (the
//! HRMP channels and their message-queue chains), `cumulus-pallet-xcmp-queue` (sending into
//! outbound pages, receiving into the message queue) and `pallet-message-queue` (servicing),
//! configured as polkadot-sdk's system parachains configure them (103 KiB pages, the
//! sibling-narrowing queue handlers, RocksDB's database weights). The message queue's processor
//! is `NoopMessageProcessor`, as those runtimes set it for benchmarks: its benchmarks require
//! it, and what a message's execution costs is the same XCM on either transport.
//!
//! Three terms the peer charges nothing for, or measures nowhere, are benchmarked by this
//! crate's [`peer_bench`] pallet: a send through the XCMP queue's `SendXcm`, parachain-system
//! taking the outbound pages at the end of a block, and its check of the inbound messages
//! against their channels' message-queue chains. The measured weights are in [`weights`], and
//! [`per_message`] composes from them what the peer charges a message at each stage, which
//! `xcmp-parachain-runtime`'s tests set against ours. It is not a chain a node runs, and the blob
//! is built only with `runtime-benchmarks`.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` and `impl_runtime_apis!` recurse deeply.
#![recursion_limit = "256"]

extern crate alloc;

pub mod peer_bench;
pub mod per_message;
pub mod weights;

use alloc::vec::Vec;
use core::marker::PhantomData;
use cumulus_primitives_core::{AggregateMessageOrigin, ParaId};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, QueueFootprint, QueuePausedQuery, TransformOrigin},
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};
use frame_system::EnsureRoot;
use pallet_message_queue::OnQueueChanged;
use sp_runtime::{generic, traits::BlakeTwo256, MultiAddress, MultiSignature};
use sp_version::RuntimeVersion;

/// An account: a 32-byte public key.
pub type AccountId = sp_runtime::AccountId32;
/// A parachain block's header.
pub type Header = generic::Header<u32, BlakeTwo256>;
/// An extrinsic as the block carries it: signed by an account, with no extension.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<MultiAddress<AccountId, ()>, RuntimeCall, MultiSignature, ()>;
/// A parachain block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Executes blocks: `on_initialize`, extrinsics, `on_finalize`.
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
	spec_name: alloc::borrow::Cow::Borrowed("xcmp-peer-bench"),
	impl_name: alloc::borrow::Cow::Borrowed("xcmp-peer-bench"),
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
			ParachainSystem: cumulus_pallet_parachain_system,
			ParachainInfo: parachain_info,
			XcmpQueue: cumulus_pallet_xcmp_queue,
			MessageQueue: pallet_message_queue,
			PeerBench: peer_bench,
		}
	);

	// The pallets whose FRAME benchmarks the `Benchmark` runtime API runs, in the blob.
	#[cfg(feature = "runtime-benchmarks")]
	frame_benchmarking::define_benchmarks!(
		[cumulus_pallet_xcmp_queue, XcmpQueue]
		[pallet_message_queue, MessageQueue]
		[peer_bench, PeerBench]
	);

	// `Core`, which every runtime has; `GenesisBuilder`, with which the benchmark runner builds
	// the genesis state; and, with `runtime-benchmarks`, frame-benchmarking's `Benchmark`.
	sp_api::impl_runtime_apis! {
		impl sp_api::Core<Block> for Runtime {
			fn version() -> RuntimeVersion {
				VERSION
			}

			fn execute_block(block: <Block as sp_runtime::traits::Block>::LazyBlock) {
				Executive::execute_block(block)
			}

			fn initialize_block(header: &Header) -> sp_runtime::ExtrinsicInclusionMode {
				Executive::initialize_block(header)
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
	}
}
pub use construct::*;

/// The genesis presets [`sp_genesis_builder::GenesisBuilder::get_preset`] knows, by name:
/// `development` ([`sp_genesis_builder::DEV_RUNTIME_PRESET`]), the default genesis (parachain
/// 100), on which the benchmark runner measures the pallets.
fn genesis_preset(id: &sp_genesis_builder::PresetId) -> Option<Vec<u8>> {
	if id.as_str() != sp_genesis_builder::DEV_RUNTIME_PRESET {
		return None;
	}
	// The helper's answer for no name: the default genesis, as JSON.
	frame_support::genesis_builder_helper::get_preset::<RuntimeGenesisConfig>(&None, |_| None)
}

parameter_types! {
	/// The runtime's version, for frame-system.
	pub const Version: RuntimeVersion = VERSION;
	/// RocksDB's read and write costs, as `xcmp-parachain-runtime` prices its storage accesses.
	pub const DbWeight: RuntimeDbWeight = RocksDbWeight::get();
	/// A quarter of a 2 s block for inbound messages, as the parachain template reserves.
	pub ReservedMessagingWeight: Weight = Weight::from_parts(500_000_000_000, 1_250_000);
	/// What the message queue may use to service messages a block.
	pub MessageQueueServiceWeight: Option<Weight> = Some(ReservedMessagingWeight::get());
	/// Downward messages' origin.
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

#[derive_impl(frame_system::config_preludes::ParaChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type Version = Version;
	type DbWeight = DbWeight;
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
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
	type ConsensusHook = cumulus_pallet_parachain_system::consensus_hook::ExpectParentIncluded;
	type WeightInfo = ();
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}

impl parachain_info::Config for Runtime {}

/// A sibling's queue in the message queue: the origin the XCMP queue enqueues a sibling's
/// messages under.
pub struct SiblingOrigin;

impl sp_runtime::traits::Convert<ParaId, AggregateMessageOrigin> for SiblingOrigin {
	fn convert(para: ParaId) -> AggregateMessageOrigin {
		AggregateMessageOrigin::Sibling(para)
	}
}

/// Passes the message queue's notices about a sibling's queue to `Inner`, which knows siblings
/// by para id (the XCMP queue, which suspends a channel whose queue grows too long), and ignores
/// the other origins', as polkadot-sdk's `parachains-common` does (written here rather than
/// taking that crate and its collator and asset pallets for it).
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
	type MessageProcessor =
		pallet_message_queue::mock_helpers::NoopMessageProcessor<AggregateMessageOrigin>;
	type Size = u32;
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	/// The page size of polkadot-sdk's parachain runtimes.
	type HeapSize = ConstU32<{ 103 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	/// Programs go out in the latest XCM version.
	type VersionWrapper = ();
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, SiblingOrigin>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	/// The page size of polkadot-sdk's parachain runtimes.
	type MaxPageSize = ConstU32<{ 103 * 1024 }>;
	type ControllerOrigin = EnsureRoot<AccountId>;
	type ControllerOriginConverter = ();
	type WeightInfo = ();
	/// Delivery is free: a price is the same charge on either transport.
	type PriceForSiblingDelivery =
		polkadot_runtime_common::xcm_sender::NoPriceForMessageDelivery<ParaId>;
}

impl peer_bench::Config for Runtime {}

/// The default genesis, for the benchmarks' tests.
#[cfg(all(test, feature = "runtime-benchmarks"))]
fn new_test_ext() -> sp_io::TestExternalities {
	use sp_runtime::BuildStorage;
	let storage = RuntimeGenesisConfig::default().build_storage();
	storage.expect("the default genesis builds").into()
}
