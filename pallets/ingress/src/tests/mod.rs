//! The pallet against a real relay state: inherents built by an honest collator and every way
//! a dishonest one can go wrong, with the pallet's invariants checked after every test. One
//! module per job of the pallet.

mod block_list;
mod carried_proof;
mod inherent;
mod integrity;
mod queue;
mod relay_view;
mod watermark;
mod weight;

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_runtime::DispatchError;
use xcmp_primitives::{
	relay_state::{OutboundChannelView, OutboundRelayView, RelayParent},
	BlockListChange, ChannelCursor, IngressCursor, RoutedBatch, XcmpDigestItem,
};

/// `count` distinct payloads tagged `tag`.
pub(super) fn payloads(tag: u8, count: usize) -> Vec<Vec<u8>> {
	(0..count).map(|n| vec![tag, n as u8]).collect()
}

/// `payloads` as the processor records them from `sender`.
pub(super) fn from(sender: u32, payloads: Vec<Vec<u8>>) -> Vec<(ParaId, Vec<u8>)> {
	payloads.into_iter().map(|p| (para(sender), p)).collect()
}

pub(super) fn ingress_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::XcmpIngress(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub(super) fn cursor_of(sender: u32) -> ChannelCursor {
	InboundChannels::<Test>::get(para(sender)).unwrap_or_default().cursor
}

/// Starts the next block and expects `data` to be rejected with `error`, changing nothing.
pub(super) fn assert_rejected(data: IngressInherentData, error: Error<Test>) {
	let before = processed();
	start_block(System::block_number() + 1);
	assert_noop!(XcmpIngress::receive(RuntimeOrigin::none(), data), error);
	assert_eq!(processed(), before);
}
