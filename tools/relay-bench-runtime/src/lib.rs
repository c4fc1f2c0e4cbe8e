//! # xcmp-relay-bench-runtime
//!
//! A minimal relay-chain runtime around `pallet-xcmp-relay`, built to a wasm blob so that the
//! relay pallet's weights are measured as a relay chain executes it: frame-omni-bencher runs
//! the pallet's FRAME benchmarks through the blob's `Benchmark` runtime API
//! (`tools/weights/measure.sh`), as it runs the other pallets' through
//! `xcmp-parachain-runtime`'s.
//!
//! It holds frame-system, `pallet-balances` (channel requests hold a deposit) and the relay
//! pallet under its default name, with the relay's block number (`u32`) and account type, and
//! RocksDB's database weights; root stands for governance, for parachains (as parachain
//! `0`) and for the inclusion machinery. It is not a relay chain a node runs (no consensus, no
//! parachain host), and the blob is built only with `runtime-benchmarks`.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` and `impl_runtime_apis!` recurse deeply.
#![recursion_limit = "256"]

extern crate alloc;

use alloc::vec::Vec;
use frame_support::{
	derive_impl, parameter_types,
	weights::{constants::RocksDbWeight, RuntimeDbWeight},
};
use frame_system::{EnsureRoot, EnsureRootWithSuccess};
use sp_runtime::{generic, traits::BlakeTwo256, AccountId32, MultiAddress, MultiSignature};
use sp_version::RuntimeVersion;
use xcmp_primitives::ParaId;

/// An account: a 32-byte public key, as on Polkadot's relay chains.
pub type AccountId = AccountId32;
/// Balances of the relay chain's token.
pub type Balance = u128;
/// A relay block's header: block numbers are `u32`, as the protocol's relay block numbers.
pub type Header = generic::Header<u32, BlakeTwo256>;
/// An extrinsic as the block carries it: signed by an account, with no extension.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<MultiAddress<AccountId, ()>, RuntimeCall, MultiSignature, ()>;
/// A relay block.
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
	spec_name: alloc::borrow::Cow::Borrowed("xcmp-relay-bench"),
	impl_name: alloc::borrow::Cow::Borrowed("xcmp-relay-bench"),
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
			Balances: pallet_balances,
			XcmpRelay: pallet_xcmp_relay,
		}
	);

	// The pallet whose FRAME benchmarks the `Benchmark` runtime API runs, in the blob.
	#[cfg(feature = "runtime-benchmarks")]
	frame_benchmarking::define_benchmarks!([pallet_xcmp_relay, XcmpRelay]);

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
				use frame_support::traits::WhitelistedStorageKeys;
				let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
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
/// `development` ([`sp_genesis_builder::DEV_RUNTIME_PRESET`]), the default genesis, on which the
/// benchmark runner measures the relay pallet.
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
	/// RocksDB's read and write costs, as Polkadot's relay chains price them.
	pub const DbWeight: RuntimeDbWeight = RocksDbWeight::get();
	/// Most channels into one parachain.
	pub const MaxInboundChannels: u32 = 128;
	/// Most channels out of one parachain.
	pub const MaxOutboundChannels: u32 = 128;
	/// The parachain a root origin acts as, for the calls of parachains.
	pub const GovernancePara: ParaId = ParaId::new(0);
	/// What a channel request holds from its sender's sovereign account: one token of 10
	/// decimals.
	pub const ChannelRequestDeposit: Balance = 10_000_000_000;
	/// Relay blocks a channel request stays acceptable (an hour at 6 s).
	pub const ChannelRequestTtl: u32 = 600;
}

#[derive_impl(frame_system::config_preludes::RelayChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type Version = Version;
	type DbWeight = DbWeight;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<1_000_000>;
	type AccountStore = System;
}

impl pallet_xcmp_relay::Config for Runtime {
	type ParaOrigin = EnsureRootWithSuccess<AccountId, GovernancePara>;
	type ChannelManager = EnsureRoot<AccountId>;
	type InclusionOrigin = EnsureRoot<AccountId>;
	type MaxInboundChannels = MaxInboundChannels;
	type MaxOutboundChannels = MaxOutboundChannels;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ChannelRequestDeposit = ChannelRequestDeposit;
	type ChannelRequestTtl = ChannelRequestTtl;
	type WeightInfo = pallet_xcmp_relay::weights::SubstrateWeight<Runtime>;
}
