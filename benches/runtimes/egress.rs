//! Our sender: frame-system and `pallet-xcmp-egress`, with the relay view of the block taken from
//! a thread-local, as in the pallet's own mock.

use super::{state_root, Snapshot, BLOCK};
use frame_support::{derive_impl, parameter_types, traits::Hooks, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use std::{cell::RefCell, collections::BTreeMap};
use xcmp::{
	egress as pallet_xcmp_egress,
	primitives::{
		limits::{MAX_CHANNEL_CAPACITY, MAX_MESSAGE_SIZE},
		relay_state::{ChannelState, OutboundChannelView, OutboundRelayView},
		ChannelLimits, ParaId, Payload, RelayBlockNumber,
	},
};

type Block = frame_system::mocking::MockBlock<Runtime>;

frame_support::construct_runtime!(
	pub enum Runtime {
		System: frame_system,
		XcmpEgress: pallet_xcmp_egress,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
}

/// The sending parachain.
pub const SENDER: u32 = 1000;
/// The relay parent of the benched block.
pub const RELAY_PARENT: RelayBlockNumber = 7;

parameter_types! {
	pub const SelfParaId: ParaId = ParaId::new(SENDER);
	pub const MaxMessageSize: u32 = MAX_MESSAGE_SIZE;
	pub const MaxDestinationsPerBlock: u32 = 128;
	pub const MaxHeldPerChannel: u32 = MAX_CHANNEL_CAPACITY;
	pub const MaxOutboundChannels: u32 = 128;
	/// No bound that the benched blocks reach.
	pub const CommitWeight: Weight = Weight::MAX;
	pub const PruneWeight: Weight = Weight::MAX;
}

/// The relay view of the benched block: its relay parent and the outbound channels it covers.
type RelayViewOfBlock = (RelayBlockNumber, BTreeMap<ParaId, OutboundChannelView>);

thread_local! {
	static RELAY_VIEW: RefCell<RelayViewOfBlock> = const { RefCell::new((RELAY_PARENT, BTreeMap::new())) };
}

/// The relay view as [`open_channels`] set it.
pub struct BenchRelayView;

impl OutboundRelayView for BenchRelayView {
	fn relay_parent_number() -> Option<RelayBlockNumber> {
		Some(RELAY_VIEW.with(|view| view.borrow().0))
	}

	fn outbound_channel(destination: ParaId) -> Option<OutboundChannelView> {
		RELAY_VIEW.with(|view| view.borrow().1.get(&destination).cloned())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_xcmp_egress::BenchmarkHelper for BenchRelayView {
	fn set_relay_view(
		relay_parent: RelayBlockNumber,
		channels: Vec<(ParaId, OutboundChannelView)>,
	) {
		RELAY_VIEW.with(|view| *view.borrow_mut() = (relay_parent, channels.into_iter().collect()));
	}
}

impl pallet_xcmp_egress::Config for Runtime {
	type SelfParaId = SelfParaId;
	type RelayView = BenchRelayView;
	type OnRejected = ();
	type OnOutcome = ();
	type SendOrigin = EnsureRoot<u64>;
	type MaxMessageSize = MaxMessageSize;
	type MaxDestinationsPerBlock = MaxDestinationsPerBlock;
	type MaxHeldPerChannel = MaxHeldPerChannel;
	type MaxOutboundChannels = MaxOutboundChannels;
	type CommitWeight = CommitWeight;
	type PruneWeight = PruneWeight;
	type DeliveryTimeout = ();
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchRelayView;
}

/// Channel limits with room for any benched batch.
pub const LIMITS: ChannelLimits = ChannelLimits {
	max_capacity: MAX_CHANNEL_CAPACITY,
	max_total_size: u32::MAX,
	max_message_size: MAX_MESSAGE_SIZE,
};

/// Makes the relay view show an open, empty channel to each of `destinations`, and no other.
pub fn open_channels(destinations: &[ParaId]) {
	let channels = destinations
		.iter()
		.map(|d| {
			(*d, OutboundChannelView { state: Some(ChannelState::new(LIMITS)), blocked: false })
		})
		.collect();
	RELAY_VIEW.with(|view| *view.borrow_mut() = (RELAY_PARENT, channels));
}

/// The sender's state at the start of the benched block: nothing sent yet.
pub fn genesis() -> Snapshot {
	let storage = frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.expect("the default genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(BLOCK));
	Snapshot::take(ext)
}

/// The sending block: queues each message (`do_send`, as the `send` call or another pallet does),
/// then `on_finalize` commits one batch per destination (batch roots, channel chains, the egress
/// trie, the header digest) and the state root is computed. Returns the number of batches.
pub fn send_block(messages: Vec<(ParaId, Payload)>) -> usize {
	for (destination, payload) in messages {
		XcmpEgress::do_send(destination, payload).expect("the relay view has room for it");
	}
	XcmpEgress::on_finalize(BLOCK);
	state_root();
	XcmpEgress::egress_commitment().entries.len()
}
