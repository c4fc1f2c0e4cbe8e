//! The mock relay runtime: frame-system, balances (for channel requests' deposits) and
//! `pallet-xcmp-relay`, named
//! [`DEFAULT_RELAY_PALLET_NAME`](xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME). Root
//! is governance and the inclusion machinery, which passes each validated candidate's
//! commitments to the pallet's `include_candidate`.

use frame_support::{derive_impl, parameter_types};
use frame_system::{EnsureRoot, EnsureRootWithSuccess};
use sp_runtime::BuildStorage;
use xcmp_primitives::ParaId;

/// The relay's block type.
pub type Block = frame_system::mocking::MockBlock<Relay>;
/// Executes relay blocks.
pub type Executive = frame_executive::Executive<
	Relay,
	Block,
	frame_system::ChainContext<Relay>,
	Relay,
	AllPalletsWithSystem,
>;

/// The runtime's pallets; what `construct_runtime!` generates is documented by its pallets.
#[allow(missing_docs)]
mod construct {

	frame_support::construct_runtime!(
		pub enum Relay {
			System: frame_system,
			Balances: pallet_balances,
			XcmpRelay: pallet_xcmp_relay,
		}
	);
}
pub use construct::*;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Relay {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Relay {
	type AccountStore = System;
}

parameter_types! {
	/// Most channels into one parachain: room for the benches' hundred senders to one receiver.
	pub const MaxInboundChannels: u32 = 128;
	/// Most channels out of one parachain.
	pub const MaxOutboundChannels: u32 = 128;
	/// The para a root origin acts as, for the para-origin calls (unused by the mocks, which
	/// open channels by force).
	pub const GovernancePara: ParaId = ParaId::new(0);
	/// What a channel request holds from its sender's sovereign account (forced channels take
	/// none).
	pub const ChannelRequestDeposit: u64 = 1_000;
	/// Relay blocks a channel request stays acceptable.
	pub const ChannelRequestTtl: u32 = 600;
}

impl pallet_xcmp_relay::Config for Relay {
	type ParaOrigin = EnsureRootWithSuccess<u64, GovernancePara>;
	type ChannelManager = EnsureRoot<u64>;
	type InclusionOrigin = EnsureRoot<u64>;
	type MaxInboundChannels = MaxInboundChannels;
	type MaxOutboundChannels = MaxOutboundChannels;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ChannelRequestDeposit = ChannelRequestDeposit;
	type ChannelRequestTtl = ChannelRequestTtl;
	type WeightInfo = ();
}

/// The relay chain's genesis state.
pub fn genesis() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap_or_default();
	sp_io::TestExternalities::new(storage)
}
