//! Our receiver: frame-system and `pallet-xcmp-ingress`, and the shared mock relay chain running
//! `pallet-xcmp-relay` whose real state the ingress inherent proves, as in the pallet's own mock.

use super::{state_root, NoopProcessor, Snapshot, BLOCK};
use frame_support::{derive_impl, parameter_types, traits::Hooks, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::{traits::Identity, BuildStorage};
use std::cell::RefCell;
use xcmp::{
	ingress::{self as pallet_xcmp_ingress, IngressInherentData},
	primitives::{
		limits::{MAX_CHANNEL_CAPACITY, MAX_MESSAGE_SIZE},
		relay_state::{RelayParent, RelayParentProvider, DEFAULT_RELAY_PALLET_NAME},
		ChannelLimits, ParaId, Payload, RelayBlockNumber,
	},
};
use xcmp_test_support::RelayNetwork;

type Block = frame_system::mocking::MockBlock<Runtime>;

frame_support::construct_runtime!(
	pub enum Runtime {
		System: frame_system,
		XcmpIngress: pallet_xcmp_ingress,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
}

/// The receiving parachain.
pub const RECEIVER: u32 = 2000;
/// Most bytes a benched inherent carries (100 messages of 64 KiB, or 10,000 of 1 KiB, and their
/// proofs).
const MAX_INHERENT_BYTES: u32 = 16 << 20;

parameter_types! {
	pub const SelfParaId: ParaId = ParaId::new(RECEIVER);
	pub const RelayPalletName: &'static str = DEFAULT_RELAY_PALLET_NAME;
	pub const MaxBatchesPerInherent: u32 = 128;
	pub const MaxInherentSize: u32 = MAX_INHERENT_BYTES;
	pub const MaxInboundChannels: u32 = 128;
	pub const MaxRelayViewChannels: u32 = 16;
	/// Room for one sender's full share and a batch of another.
	pub const MaxQueuedMessages: u32 = 2 * MAX_CHANNEL_CAPACITY;
	pub const MaxQueuedBytes: u64 = 2 * MAX_INHERENT_BYTES as u64;
	pub const MaxQueuedMessagesPerSender: u32 = MAX_CHANNEL_CAPACITY;
	pub const MaxQueuedBytesPerSender: u64 = MAX_INHERENT_BYTES as u64;
	/// The peer's message-queue page heap.
	pub const MaxPageBytes: u32 = 103 * 1024;
	pub const MaxParkedPerSender: u32 = 4;
	pub const MaxBlockedSenders: u32 = 4;
	pub const MaxWatermarkAdvance: u32 = 8;
	/// Nothing is serviced within `receive`: the benches service the queue on their own.
	pub const ServiceWeight: Weight = Weight::zero();
}

thread_local! {
	static RELAY_PARENT: RefCell<RelayParent> = RefCell::new(RelayParent::default());
}

/// The relay parent of the benched block, as [`set_relay_parent`] set it.
pub struct BenchRelayParent;

impl RelayParentProvider for BenchRelayParent {
	fn relay_parent() -> RelayParent {
		RELAY_PARENT.with(|parent| *parent.borrow())
	}
}

/// Makes `parent` the relay parent of the benched block.
pub fn set_relay_parent(parent: RelayParent) {
	RELAY_PARENT.with(|p| *p.borrow_mut() = parent);
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_xcmp_ingress::BenchmarkHelper for BenchRelayParent {
	fn set_relay_parent(parent: RelayParent) {
		set_relay_parent(parent);
	}
}

impl pallet_xcmp_ingress::Config for Runtime {
	type SelfParaId = SelfParaId;
	type RelayParent = BenchRelayParent;
	type RelayPalletName = RelayPalletName;
	type MessageProcessor = pallet_xcmp_ingress::WithoutFailureReasons<NoopProcessor>;
	type SenderOrigin = Identity;
	type ControlOrigin = EnsureRoot<u64>;
	type PendingOutbound = ();
	type OutcomeSink = ();
	type MaxBatchesPerInherent = MaxBatchesPerInherent;
	type MaxInherentSize = MaxInherentSize;
	type MaxInboundChannels = MaxInboundChannels;
	type MaxRelayViewChannels = MaxRelayViewChannels;
	type MaxQueuedMessages = MaxQueuedMessages;
	type MaxQueuedBytes = MaxQueuedBytes;
	type MaxQueuedMessagesPerSender = MaxQueuedMessagesPerSender;
	type MaxQueuedBytesPerSender = MaxQueuedBytesPerSender;
	type MaxPageBytes = MaxPageBytes;
	type MaxParkedPerSender = MaxParkedPerSender;
	type MaxBlockedSenders = MaxBlockedSenders;
	type MaxWatermarkAdvance = MaxWatermarkAdvance;
	type ServiceWeight = ServiceWeight;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchRelayParent;
}

/// Channel limits with room for any benched batch.
pub const LIMITS: ChannelLimits = ChannelLimits {
	max_capacity: MAX_CHANNEL_CAPACITY,
	max_total_size: u32::MAX,
	max_message_size: MAX_MESSAGE_SIZE,
};

/// The relay block the senders' blocks are built on.
const SENT_AT: RelayBlockNumber = 1;

/// The ingress inherent of a receiver block whose relay parent includes one block of each sender,
/// each with its batch of payloads to [`RECEIVER`] (the batches routed whole with their entry
/// proofs, and a storage proof of the relay's real records), and that relay parent.
pub fn inherent(batches: Vec<(ParaId, Vec<Payload>)>) -> (IngressInherentData, RelayParent) {
	let receiver = ParaId::from(RECEIVER);
	let channels: Vec<_> = batches.iter().map(|(sender, _)| (*sender, receiver)).collect();
	let mut net = RelayNetwork::opened_at(SENT_AT, &channels, LIMITS);
	let sends: Vec<_> =
		batches.into_iter().map(|(sender, payloads)| (sender, receiver, payloads)).collect();
	net.send(&sends);
	let routed: Vec<_> =
		sends.iter().map(|(sender, ..)| net.route(*sender, SENT_AT, receiver)).collect();
	let keys = net.receiver_keys(receiver, &routed, [], MaxWatermarkAdvance::get());
	let (relay_parent, relay_state_proof) = net.prove(&keys);
	let data = IngressInherentData {
		relay_state_proof,
		outbound_destinations: vec![],
		batches: routed,
		outcomes: vec![],
	};
	(data, relay_parent)
}

/// The receiver's state at the start of the benched block: nothing received yet.
pub fn genesis() -> Snapshot {
	let storage = frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.expect("the default genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(BLOCK));
	Snapshot::take(ext)
}

/// The receiving block: the ingress inherent (the relay-state proof, every batch verified, the
/// messages queued, cursors and watermark moved), `on_finalize` (the ingress commitment) and
/// the state root. Returns the number of messages queued.
pub fn receive_block(data: IngressInherentData) -> u32 {
	XcmpIngress::receive(RuntimeOrigin::none(), data).expect("a valid inherent");
	XcmpIngress::on_finalize(BLOCK);
	state_root();
	pallet_xcmp_ingress::Footprint::<Runtime>::get().messages
}

/// Services the whole queue with the no-op processor, in as many blocks as the protocol's
/// bound on the outcomes a block commits (`MAX_OUTCOMES_PER_BLOCK`, 4,096) takes: each block
/// services, then computes the state root; the next starts with a fresh digest and events.
pub fn service_block() {
	let mut block = BLOCK;
	loop {
		XcmpIngress::service_queue(Weight::MAX);
		state_root();
		if pallet_xcmp_ingress::Footprint::<Runtime>::get().messages == 0 {
			break;
		}
		block += 1;
		assert!(block < BLOCK + 16, "every block services up to its outcome bound");
		System::initialize(&block, &Default::default(), &Default::default());
	}
}
