//! The relay chain's cost of a channel's traffic does not grow with its messages: including a
//! sender's block and the receiver's block that consumes it charges the same weight and leaves the
//! same relay state whatever the number and size of the messages, where HRMP's relay stores every
//! message body until the receiver's watermark passes it. The byte figures are deterministic:
//! they are pinned, and BENCHMARKS.md ("Relay inclusion against HRMP's relay") reports them.

use frame_support::weights::Weight;
use polkadot_parachain_primitives::primitives::HrmpChannelId;
use xcmp_test_support::delivery::{self, hrmp, XcmpDelivery};

/// What the relay does for `count` messages of `size` bytes: the weight each inclusion charged,
/// and the relay pallet's state bytes once the sender's block is in and once the receiver's is.
fn xcmp_relay(count: u64, size: usize) -> ([Weight; 2], u64, u64) {
	let ours = XcmpDelivery::new(count, size);
	ours.before.ext().execute_with(|| {
		let sending = ours.include_sending();
		let sent = delivery::relay_pallet_bytes();
		let receiving = ours.include_receiving();
		([sending, receiving], sent, delivery::relay_pallet_bytes())
	})
}

/// HRMP's relay state bytes once `count` HRMP messages of `size` bytes are enacted, one per
/// candidate, and once the receiver's watermark passed them all.
fn hrmp_relay(count: u32, size: usize) -> (u64, u64) {
	let (sender, receiver) = (delivery::SENDER, delivery::RECEIVER);
	let mut state = sp_io::TestExternalities::default();
	state.execute_with(|| {
		hrmp::open(HrmpChannelId { sender, recipient: receiver });
		let pages = (0..count).map(|page| vec![page as u8; size]);
		let last = hrmp::queue_pages(sender, receiver, delivery::SENT_AT + 1, pages);
		let sent = hrmp::state_bytes();
		hrmp::prune(receiver, last);
		(sent, hrmp::state_bytes())
	})
}

#[test]
fn relay_inclusion_does_not_grow_with_messages() {
	let one_small = xcmp_relay(1, 64);
	let (weights, sent, received) = one_small;
	eprintln!("XCMP relay: charged {weights:?}; relay state {sent} B sent, {received} B received");
	for (count, size) in [(100, 64), (10_000, 64), (1_000, 1024), (100, 64 * 1024)] {
		assert_eq!(
			xcmp_relay(count, size),
			one_small,
			"{count} messages of {size} B: the same weights and relay state as one of 64 B"
		);
	}
	// The channel's records, the sender's egress root and its awaited batch, the receiver's
	// digest; the batch once consumed leaves its records. Deterministic: pinned.
	assert_eq!((sent, received), (PINNED_SENT, PINNED_RECEIVED));
}

/// The relay pallet's bytes once the sender's block is included, and once the receiver's is.
const PINNED_SENT: u64 = 714;
const PINNED_RECEIVED: u64 = 546;

#[test]
fn hrmp_relay_state_grows_with_every_message_until_pruned() {
	let (empty, _) = hrmp_relay(0, 0);
	for (count, size) in [(1u32, 64usize), (100, 64), (10, 64 * 1024)] {
		let (sent, pruned) = hrmp_relay(count, size);
		let bodies = u64::from(count) * size as u64;
		eprintln!("HRMP relay: {count} x {size} B: {sent} B held, {pruned} B once pruned");
		assert!(sent > empty + bodies, "every message body is in the relay's state");
		// What stays: the chain's head in the channel's record, the receiver's watermark and its
		// (now empty) digest list.
		assert!(pruned < empty + 128, "the receiver's watermark prunes them");
	}
}

#[test]
fn the_hrmp_replay_writes_where_parachains_read_hrmp() {
	use codec::Decode;
	use cumulus_primitives_core::{relay_chain::well_known_keys, AbridgedHrmpChannel};
	let channel = HrmpChannelId { sender: delivery::SENDER, recipient: delivery::RECEIVER };
	sp_io::TestExternalities::default().execute_with(|| {
		hrmp::open(channel.clone());
		hrmp::queue_outbound(delivery::SENDER, 2, [(delivery::RECEIVER, vec![7; 64])]);
		let record = hrmp::HrmpChannels::get(&channel).expect("open");
		// The relay key and encoding cumulus's parachain-system proves and decodes.
		let stored = sp_io::storage::get(&well_known_keys::hrmp_channels(channel))
			.expect("the channel's record under its well-known key");
		let abridged = AbridgedHrmpChannel::decode(&mut &stored[..]).expect("decodes");
		assert_eq!((abridged.msg_count, abridged.total_size), (1, 64));
		assert_eq!(abridged.mqc_head, record.mqc_head);
		// The head is the one parachain-system computes from the message.
		let message = cumulus_primitives_core::InboundHrmpMessage { sent_at: 2, data: vec![7; 64] };
		let head = cumulus_primitives_parachain_inherent::MessageQueueChain::default()
			.extend_hrmp(&message)
			.head();
		assert_eq!(abridged.mqc_head, Some(head));
	});
}
