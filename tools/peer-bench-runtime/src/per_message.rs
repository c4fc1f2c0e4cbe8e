//! The weight the peer charges for one message at each stage, composed from its benchmarks
//! measured in this runtime's blob ([`crate::weights`]) the way its own code composes them, each
//! storage access priced at RocksDB's costs (the runtime's database weight, as
//! `xcmp-parachain-runtime`'s).
//!
//! Each term is a message's marginal cost in a block that moves many: what one more message
//! adds, not a block's fixed part. Where the peer's cost depends on more than the message, the
//! function takes the peer at its cheapest, so that a comparison with it errs in its favour:
//! - a send appends to a page of `page_kib` KiB, which the XCMP queue decodes and writes back
//!   whole (0 is its cheapest; a channel's page holds up to 103 KiB);
//! - taking the page at the block's end and enqueueing an inbound message are charged for a
//!   64-byte message whatever its size, and without the share of a new queue page.
//!
//! The message's execution is not in these terms: the same XCM program costs the same on either
//! transport, and both charge it apart, from what their processor reports. (The XCMP ingress
//! pallet's `service_page` benchmark runs the runtime's XCM executor on a two-instruction
//! program, so its term a message holds that run too, and errs high.)

use crate::{
	weights::{
		cumulus_pallet_xcmp_queue::{SubstrateWeight as XcmpQueue, WeightInfo as _},
		pallet_message_queue::{SubstrateWeight as MessageQueue, WeightInfo as _},
		peer_bench::{SubstrateWeight as PeerBench, WeightInfo as _},
	},
	Runtime,
};
use frame_support::weights::Weight;

/// What `x` of its one component adds to benchmark `f`: `f(x) - f(0)`.
fn added(f: fn(u32) -> Weight, x: u32) -> Weight {
	f(x).saturating_sub(f(0))
}

/// What one more unit of its one component adds to benchmark `f` from `x`: `f(x + 1) - f(x)`.
fn slope(f: fn(u32) -> Weight, x: u32) -> Weight {
	f(x.saturating_add(1)).saturating_sub(f(x))
}

/// Sending one program of `len` encoded bytes: the XCMP queue's `SendXcm` (`validate` and
/// `deliver`) appending it to a page already holding `page_kib` KiB, and parachain-system taking
/// it with its page at the end of the block (`take_outbound_messages`).
pub fn send(len: u32, page_kib: u32) -> Weight {
	PeerBench::<Runtime>::send_xcm(len)
		.saturating_add(added(PeerBench::<Runtime>::send_xcm_onto_page, page_kib))
		.saturating_add(slope(PeerBench::<Runtime>::take_outbound_messages, 1))
}

/// Receiving one message of `len` bytes: parachain-system extending its channel's
/// message-queue chain with it, and the XCMP queue splitting it from its page
/// (`take_first_concatenated_xcm`, charged at the message's byte length as the queue charges it)
/// and enqueueing it into the message queue (`WeightInfoExt::enqueue_xcmp_messages`' terms a
/// message and a byte).
pub fn receive(len: u32) -> Weight {
	let channel_check = slope(PeerBench::<Runtime>::hrmp_channel_check, 1)
		.saturating_add(added(PeerBench::<Runtime>::hrmp_channel_check_bytes, len));
	let split = XcmpQueue::<Runtime>::take_first_concatenated_xcm(len);
	let enqueue = slope(XcmpQueue::<Runtime>::enqueue_n_empty_xcmp_messages, 0)
		.saturating_add(added(XcmpQueue::<Runtime>::enqueue_n_bytes_xcmp_message, len));
	channel_check.saturating_add(split).saturating_add(enqueue)
}

/// Servicing one message from a loaded page, without its processor: the message queue's
/// `service_page_item`, which it charges every message whatever its size.
pub fn service(_len: u32) -> Weight {
	MessageQueue::<Runtime>::service_page_item()
}
