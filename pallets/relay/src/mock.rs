//! A relay runtime with this pallet and balances for its deposits: signed accounts act as the
//! parachain of the same number, root is governance and the inclusion machinery.

use crate as pallet_xcmp_relay;
use frame_support::{derive_impl, parameter_types, traits::EnsureOrigin};
use frame_system::{EnsureRoot, RawOrigin};
use sp_runtime::BuildStorage;
use xcmp_primitives::ParaId;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		XcmpRelay: pallet_xcmp_relay,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

parameter_types! {
	pub const MaxInboundChannels: u32 = 4;
	pub const MaxOutboundChannels: u32 = 64;
	pub const ChannelRequestDeposit: u64 = 100;
	pub const ChannelRequestTtl: u32 = 10;
}

/// What the sovereign accounts of the parachains the tests request channels from hold at
/// genesis: a few deposits' worth.
pub const FUNDS: u64 = 1_000;

/// The sovereign account of parachain `id`, which holds its requests' deposits.
pub fn para_account(id: u32) -> u64 {
	XcmpRelay::para_account(ParaId::from(id))
}

/// A signed origin of account `n` acts as parachain `n`.
pub struct EnsureParaAccount;

impl EnsureOrigin<RuntimeOrigin> for EnsureParaAccount {
	type Success = ParaId;

	fn try_origin(origin: RuntimeOrigin) -> Result<ParaId, RuntimeOrigin> {
		match origin.clone().into() {
			Ok(RawOrigin::Signed(account)) => Ok(ParaId::from(account as u32)),
			_ => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RawOrigin::Signed(1000).into())
	}
}

impl pallet_xcmp_relay::Config for Test {
	type ParaOrigin = EnsureParaAccount;
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

/// Fresh storage at block 1, with the sovereign accounts of parachains 1000, 2000 and 3000
/// holding [`FUNDS`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [1000, 2000, 3000].map(|id| (para_account(id), FUNDS)).to_vec(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on fresh storage at block 1, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		XcmpRelay::do_try_state().unwrap();
	});
}
