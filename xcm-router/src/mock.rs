//! A parachain runtime with the egress pallet alone, and the router over it. The relay view is
//! whatever the test sets.

use crate::XcmpRouter;
use codec::Encode;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, weights::Weight};
use frame_system::{limits::BlockWeights, EnsureSigned};
use polkadot_runtime_common::xcm_sender::PriceForMessageDelivery;
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;
use xcm::{
	latest::{prelude::*, Xcm},
	VersionedXcm, WrapVersion,
};
use xcmp_primitives::{
	relay_state::{ChannelState, OutboundChannelView, OutboundRelayView},
	ChannelLimits, ParaId, RelayBlockNumber,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		XcmpEgress: pallet_xcmp_egress,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type BlockWeights = MockBlockWeights;
}

/// This parachain.
pub const SELF: u32 = 1000;
/// A sibling with an open channel from us.
pub const SIBLING: u32 = 2000;
/// The open channel's limits.
pub const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 3, max_total_size: 1_000, max_message_size: 400 };

parameter_types! {
	pub const SelfParaId: ParaId = ParaId::new(SELF);
	pub const MaxMessageSize: u32 = 1024;
	pub const MaxDestinationsPerBlock: u32 = 3;
	pub const MaxHeldPerChannel: u32 = 40;
	pub const MaxOutboundChannels: u32 = 4;
	pub MockBlockWeights: BlockWeights =
		BlockWeights::simple_max(Weight::from_parts(500_000_000_000, 5 * 1024 * 1024));
	pub const CommitWeight: Weight = Weight::from_parts(100_000_000_000, 1024 * 1024);
	pub const PruneWeight: Weight = Weight::from_parts(100_000_000_000, 1024 * 1024);
}

thread_local! {
	static RELAY_VIEW: RefCell<BTreeMap<ParaId, OutboundChannelView>> =
		const { RefCell::new(BTreeMap::new()) };
}

/// Sets the current block's view of the channel to `destination`.
pub fn set_channel(destination: u32, view: OutboundChannelView) {
	RELAY_VIEW.with(|v| v.borrow_mut().insert(ParaId::new(destination), view));
}

/// An open channel with [`LIMITS`], nothing pending, not blocked.
pub fn open_channel() -> OutboundChannelView {
	OutboundChannelView { state: Some(ChannelState::new(LIMITS)), blocked: false }
}

/// The relay view as the test set it, at relay parent 1.
pub struct MockRelayView;

impl OutboundRelayView for MockRelayView {
	fn relay_parent_number() -> Option<RelayBlockNumber> {
		Some(1)
	}

	fn outbound_channel(destination: ParaId) -> Option<OutboundChannelView> {
		RELAY_VIEW.with(|v| v.borrow().get(&destination).cloned())
	}
}

impl pallet_xcmp_egress::Config for Test {
	type SelfParaId = SelfParaId;
	type RelayView = MockRelayView;
	type OnRejected = ();
	type OnOutcome = ();
	type SendOrigin = EnsureSigned<u64>;
	type MaxMessageSize = MaxMessageSize;
	type MaxDestinationsPerBlock = MaxDestinationsPerBlock;
	type MaxHeldPerChannel = MaxHeldPerChannel;
	type MaxOutboundChannels = MaxOutboundChannels;
	type CommitWeight = CommitWeight;
	type PruneWeight = PruneWeight;
	type DeliveryTimeout = ();
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRelayView;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_xcmp_egress::BenchmarkHelper for MockRelayView {
	fn set_relay_view(_: RelayBlockNumber, channels: Vec<(ParaId, OutboundChannelView)>) {
		for (destination, view) in channels {
			set_channel(destination.into(), view);
		}
	}
}

/// A delivery price of 1,000 plus 10 a byte of the program's encoding, in the relay's token,
/// and a destination's id more for each sibling, so that a test sees which it was given.
pub struct BytePrice;

impl PriceForMessageDelivery for BytePrice {
	type Id = ParaId;

	fn price_for_delivery(id: ParaId, message: &Xcm<()>) -> Assets {
		let amount = 1_000 + 10 * message.encoded_size() as u128 + u128::from(u32::from(id));
		(Parent, amount).into()
	}
}

/// A version wrapper for a destination that speaks no version we can write.
pub struct SpeaksNothing;

impl WrapVersion for SpeaksNothing {
	fn wrap_version<RuntimeCall: codec::Decode + frame_support::dispatch::GetDispatchInfo>(
		_: &Location,
		_: impl Into<VersionedXcm<RuntimeCall>>,
	) -> Result<VersionedXcm<RuntimeCall>, ()> {
		Err(())
	}
}

/// The router under test: programs in the latest version.
pub type Router = XcmpRouter<Test, BytePrice, ()>;

/// Fresh storage at block 1, with an open channel to [`SIBLING`] in the relay view.
pub fn new_test_ext() -> sp_io::TestExternalities {
	RELAY_VIEW.with(|v| v.borrow_mut().clear());
	set_channel(SIBLING, open_channel());
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
