//! A parachain runtime with only this pallet. The relay view is whatever the test sets for the
//! current block; rejections are recorded for the test to read.

use crate::{self as pallet_xcmp_egress, MessageId, OnMessageRejected, RejectionReason};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::Hooks, weights::Weight};
use frame_system::{limits::BlockWeights, EnsureSigned};
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;
use xcmp_primitives::{
	relay_state::{OutboundChannelView, OutboundRelayView},
	ParaId, RelayBlockNumber,
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

parameter_types! {
	pub const SelfParaId: ParaId = ParaId::new(SELF);
	pub const MaxMessageSize: u32 = 1024;
	pub static MaxDestinationsPerBlock: u32 = 3;
	pub const MaxHeldPerChannel: u32 = 40;
	pub const MaxOutboundChannels: u32 = 4;
	/// A small block (50 ms, 5 MiB), so that the worst case the bounds allow spans blocks.
	pub MockBlockWeights: BlockWeights =
		BlockWeights::simple_max(Weight::from_parts(50_000_000_000, 5 * 1024 * 1024));
	/// Room for what the tests leave waiting to commit: four messages rejected at 2 ms each, and
	/// committing them.
	pub static CommitWeight: Weight = Weight::from_parts(20_000_000_000, 1024 * 1024);
	/// Room for about 20 one-message batches a block.
	pub static PruneWeight: Weight = Weight::from_parts(12_000_000_000, 1024 * 1024);
	/// No deadline unless a test gives one.
	pub static DeliveryTimeout: Option<RelayBlockNumber> = None;
	/// What [`RecordRejections`] declares per rejection: 50 µs, and 1 ns per payload byte.
	pub static RejectionWeight: (Weight, u64) = (Weight::from_parts(50_000_000, 1_024), 1_000);
}

/// The current block's relay view: its relay parent and the outbound channels it covers.
pub type RelayViewOfBlock = (RelayBlockNumber, BTreeMap<ParaId, OutboundChannelView>);

thread_local! {
	static RELAY_VIEW: RefCell<Option<RelayViewOfBlock>> = const { RefCell::new(None) };
	static REJECTED: RefCell<Vec<(MessageId, Vec<u8>, RejectionReason)>> =
		const { RefCell::new(Vec::new()) };
}

/// Sets (or, with `None`, clears) the current block's relay view.
pub fn set_relay_view(view: Option<RelayViewOfBlock>) {
	RELAY_VIEW.with(|v| *v.borrow_mut() = view);
}

/// The rejections reported so far, oldest first, and forgets them.
pub fn take_rejected() -> Vec<(MessageId, Vec<u8>, RejectionReason)> {
	REJECTED.with(|r| core::mem::take(&mut *r.borrow_mut()))
}

/// The relay view as the test set it.
pub struct MockRelayView;

impl OutboundRelayView for MockRelayView {
	fn relay_parent_number() -> Option<RelayBlockNumber> {
		RELAY_VIEW.with(|v| v.borrow().as_ref().map(|(number, _)| *number))
	}

	fn outbound_channel(destination: ParaId) -> Option<OutboundChannelView> {
		RELAY_VIEW
			.with(|v| v.borrow().as_ref().and_then(|(_, view)| view.get(&destination).cloned()))
	}
}

/// Records every rejection.
pub struct RecordRejections;

impl OnMessageRejected for RecordRejections {
	fn on_message_rejected(id: MessageId, payload: &[u8], reason: RejectionReason) {
		REJECTED.with(|r| r.borrow_mut().push((id, payload.to_vec(), reason)));
	}

	fn on_message_rejected_weight(payload_len: u32) -> Weight {
		let (base, per_byte) = RejectionWeight::get();
		base.saturating_add(Weight::from_parts(per_byte * u64::from(payload_len), 0))
	}
}

impl pallet_xcmp_egress::Config for Test {
	type SelfParaId = SelfParaId;
	type RelayView = MockRelayView;
	type OnRejected = RecordRejections;
	type OnOutcome = ();
	type SendOrigin = EnsureSigned<u64>;
	type MaxMessageSize = MaxMessageSize;
	type MaxDestinationsPerBlock = MaxDestinationsPerBlock;
	type MaxHeldPerChannel = MaxHeldPerChannel;
	type MaxOutboundChannels = MaxOutboundChannels;
	type CommitWeight = CommitWeight;
	type PruneWeight = PruneWeight;
	type DeliveryTimeout = DeliveryTimeout;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRelayView;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockRelayView {
	fn set_relay_view(
		relay_parent: RelayBlockNumber,
		channels: Vec<(ParaId, OutboundChannelView)>,
	) {
		set_relay_view(Some((relay_parent, channels.into_iter().collect())));
	}
}

/// Fresh storage at block 1, no relay view, no rejections.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_relay_view(None);
	take_rejected();
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on fresh storage, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		XcmpEgress::do_try_state().unwrap();
	});
}

thread_local! {
	static CHARGED: RefCell<Weight> = const { RefCell::new(Weight::zero()) };
}

/// Starts the next block: a new block number, `on_initialize`, no relay view yet.
pub fn start_block() {
	let number = System::block_number() + 1;
	System::reset_events();
	System::initialize(&number, &Default::default(), &Default::default());
	set_relay_view(None);
	let charged = XcmpEgress::on_initialize(number);
	CHARGED.with(|c| *c.borrow_mut() = charged);
}

/// What `on_initialize` charged for the current block.
pub fn charged_on_initialize() -> Weight {
	CHARGED.with(|c| *c.borrow())
}

/// Ends the current block: `on_finalize`, then the invariants.
pub fn finish_block() {
	XcmpEgress::on_finalize(System::block_number());
	XcmpEgress::do_try_state().unwrap();
}
