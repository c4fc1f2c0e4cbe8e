//! The peer: frame-system, `cumulus-pallet-xcmp-queue` and the `pallet-message-queue` it enqueues
//! inbound messages into, with the page sizes of cumulus parachain runtimes, no delivery fees,
//! and every HRMP channel open and with room (in place of parachain-system's relay-state view);
//! a receiving block also runs parachain-system's check of the HRMP channel chains.

use super::{state_root, NoopProcessor, Snapshot, BLOCK};
use codec::Encode;
use cumulus_primitives_core::{
	ChannelInfo, ChannelStatus, GetChannelInfo, InboundHrmpMessage, XcmpMessageFormat,
	XcmpMessageHandler, XcmpMessageSource,
};
use cumulus_primitives_parachain_inherent::MessageQueueChain;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ServiceQueues},
	weights::Weight,
};
use frame_system::EnsureRoot;
use polkadot_runtime_common::xcm_sender::NoPriceForMessageDelivery;
use sp_runtime::BuildStorage;
use std::{collections::BTreeMap, hint::black_box};
use xcm::latest::prelude::*;
use xcmp::primitives::{ParaId, RelayBlockNumber};

type Block = frame_system::mocking::MockBlock<Runtime>;

frame_support::construct_runtime!(
	pub enum Runtime {
		System: frame_system,
		MessageQueue: pallet_message_queue,
		XcmpQueue: cumulus_pallet_xcmp_queue,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
}

/// Largest HRMP message (page), as Polkadot configures HRMP channels.
pub const MAX_MESSAGE_SIZE: u32 = 100 * 1024;
/// Page size of both queues, as cumulus runtimes set it.
const PAGE_SIZE: u32 = 103 * 1024;

impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MessageProcessor = NoopProcessor;
	type Size = u32;
	type QueueChangeHandler = XcmpQueue;
	type QueuePausedQuery = XcmpQueue;
	type HeapSize = ConstU32<PAGE_SIZE>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = ();
	type IdleMaxServiceWeight = ();
}

/// Every channel open, empty, with room for any benched message.
pub struct OpenChannels;

impl GetChannelInfo for OpenChannels {
	fn get_channel_status(_: ParaId) -> ChannelStatus {
		ChannelStatus::Ready(MAX_MESSAGE_SIZE as usize, MAX_MESSAGE_SIZE as usize)
	}

	fn get_channel_info(_: ParaId) -> Option<ChannelInfo> {
		Some(ChannelInfo {
			max_capacity: u32::MAX,
			max_total_size: u32::MAX,
			max_message_size: MAX_MESSAGE_SIZE,
			msg_count: 0,
			total_size: 0,
		})
	}
}

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = OpenChannels;
	type VersionWrapper = ();
	type XcmpQueue = MessageQueue;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	type MaxPageSize = ConstU32<PAGE_SIZE>;
	type ControllerOrigin = EnsureRoot<u64>;
	type ControllerOriginConverter = ();
	type WeightInfo = ();
	type PriceForSiblingDelivery = NoPriceForMessageDelivery<ParaId>;
}

/// The relay block every benched HRMP page was sent at.
const SENT_AT: RelayBlockNumber = 1;
/// Queue thresholds (in pages) high enough that no benched case suspends a channel or drops a
/// message: the defaults (suspend at 32 pages, drop at 48) would cut 100 messages of 64 KiB.
const THRESHOLD: u32 = 1 << 20;

/// The peer's state at the start of the benched block: queue thresholds above any benched case,
/// and each of `siblings` known to take the opaque (double-encoded) XCM format, so that
/// messages travel as opaque blobs as between upgraded cumulus chains.
pub fn genesis(siblings: &[ParaId]) -> Snapshot {
	let storage = frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.expect("the default genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(BLOCK);
		let root = RuntimeOrigin::root();
		XcmpQueue::update_drop_threshold(root.clone(), THRESHOLD).expect("valid thresholds");
		XcmpQueue::update_suspend_threshold(root, THRESHOLD).expect("valid thresholds");
		let notice = XcmpMessageFormat::ConcatenatedOpaqueVersionedXcm.encode();
		XcmpQueue::handle_xcmp_messages(
			siblings.iter().map(|sibling| (*sibling, SENT_AT, notice.as_slice())),
			Weight::MAX,
		);
	});
	Snapshot::take(ext)
}

/// An XCM carrying `payload` as its only opaque content: one `Transact` whose call is the bytes,
/// addressed to the sibling `destination`.
pub fn message(destination: ParaId, payload: &[u8]) -> (Location, Xcm<()>) {
	let transact = Transact {
		origin_kind: OriginKind::SovereignAccount,
		fallback_max_weight: None,
		call: payload.to_vec().into(),
	};
	(Location::new(1, [Parachain(destination.into())]), Xcm(vec![transact]))
}

/// The sending block: sends each message through the queue's `SendXcm` (validate: versioning and
/// a decodability check; deliver: appended to the channel's current page), then takes the pages
/// as parachain-system does, `take_outbound_messages`, one page per channel per call (per block),
/// until none is left, and computes the state root. Returns the pages, as HRMP carries them.
pub fn send_block(messages: Vec<(Location, Xcm<()>)>) -> Vec<(ParaId, Vec<u8>)> {
	for (destination, xcm) in messages {
		send_xcm::<XcmpQueue>(destination, xcm).expect("an open channel with room");
	}
	let mut pages = Vec::new();
	loop {
		let taken = XcmpQueue::take_outbound_messages(usize::MAX, &[]);
		if taken.is_empty() {
			break;
		}
		pages.extend(taken);
	}
	state_root();
	pages
}

/// The HRMP messages a receiver's inherent carries for `pages`, each a page its sender sent in
/// one block at [`SENT_AT`], as parachain-system receives them.
pub fn inbound(pages: Vec<(ParaId, Vec<u8>)>) -> Vec<(ParaId, InboundHrmpMessage)> {
	pages
		.into_iter()
		.map(|(sender, data)| (sender, InboundHrmpMessage { sent_at: SENT_AT, data }))
		.collect()
}

/// The receiving block: parachain-system's check of the HRMP channel chains (each HRMP message, a
/// page, hashed into its sender's message queue chain, as `enqueue_inbound_horizontal_messages`
/// does before comparing the heads with the relay's), `handle_xcmp_messages` of the pages (split
/// into messages, enqueued into the message queue's pages) and the state root.
pub fn receive_block(messages: &[(ParaId, InboundHrmpMessage)]) {
	let mut heads = BTreeMap::<ParaId, MessageQueueChain>::new();
	for (sender, message) in messages {
		heads.entry(*sender).or_default().extend_hrmp(message);
	}
	black_box(heads);
	let pages = messages
		.iter()
		.map(|(sender, message)| (*sender, message.sent_at, message.data.as_slice()));
	XcmpQueue::handle_xcmp_messages(pages, Weight::MAX);
	state_root();
}

/// Services the message queue with the no-op processor, then computes the state root.
pub fn service_block() {
	MessageQueue::service_queues(Weight::MAX);
	state_root();
}
