//! What HRMP, the relay-routed channels XCMP replaces, would keep in relay-chain storage for the
//! same network and traffic: the yardstick both engines measure XCMP's relay state against
//! ([`SimReport::hrmp_state_peak`](super::SimReport::hrmp_state_peak)).
//!
//! polkadot-runtime-parachains' `hrmp` pallet keeps, for each open channel, its `HrmpChannel`
//! record and the channel's entries in the sender's egress and the recipient's ingress index; and,
//! in `HrmpChannelContents`, every message sent and not yet consumed by its recipient as an
//! `InboundHrmpMessage { sent_at, data }`. Each channel's `HrmpChannelContents` key and vector
//! length, the indexes' keys and the recipients' `HrmpChannelDigests` are left out: the estimate
//! is a lower bound.

use codec::{Compact, CompactLen};

/// Bytes HRMP keeps in relay storage for each open channel, besides its messages: the
/// `HrmpChannel` record (five `u32`s, an optional 32-byte head and two `u128` deposits: 85 bytes)
/// under its 48-byte key, and the channel's entries in the sender's egress and the recipient's
/// ingress index (4 bytes each).
pub const CHANNEL_BYTES: u64 = 48 + 85 + 8;

/// Bytes HRMP keeps in relay storage for one pending message of `payload_len` bytes: its
/// `InboundHrmpMessage` SCALE-encoded, a `u32` `sent_at` then `data` behind its compact length
/// (1 byte below 64 bytes, 2 below 16 KiB, 4 from there).
pub fn message_bytes(payload_len: usize) -> u64 {
	let length_prefix = Compact::<u32>::compact_len(&(payload_len as u32));
	(4 + length_prefix + payload_len) as u64
}

/// Bytes HRMP would keep in relay storage for `channels` open channels and one pending message of
/// each of `payload_lens` bytes.
pub fn state_bytes(channels: u64, payload_lens: impl IntoIterator<Item = usize>) -> u64 {
	channels * CHANNEL_BYTES + payload_lens.into_iter().map(message_bytes).sum::<u64>()
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	/// polkadot-core-primitives' `InboundHrmpMessage`, field for field.
	#[derive(Encode)]
	struct InboundHrmpMessage {
		sent_at: u32,
		data: Vec<u8>,
	}

	/// polkadot-runtime-parachains' `HrmpChannel`, field for field.
	#[derive(Encode)]
	struct HrmpChannel {
		max_capacity: u32,
		max_total_size: u32,
		max_message_size: u32,
		msg_count: u32,
		total_size: u32,
		mqc_head: Option<[u8; 32]>,
		sender_deposit: u128,
		recipient_deposit: u128,
	}

	#[test]
	fn a_message_costs_its_encoded_inbound_hrmp_message() {
		// sent_at, the compact length (1 byte up to 63, 2 up to 16383, 4 beyond), the payload.
		let pinned = [
			(0, 5),
			(8, 13),
			(63, 68),
			(64, 70),
			(256, 262),
			(16_383, 16_389),
			(16_384, 16_392),
			(102_400, 102_408),
		];
		for (payload_len, bytes) in pinned {
			assert_eq!(message_bytes(payload_len), bytes, "payload of {payload_len} B");
			let message = InboundHrmpMessage { sent_at: 7, data: vec![0xab; payload_len] };
			assert_eq!(message.encoded_size() as u64, bytes, "payload of {payload_len} B");
		}
	}

	#[test]
	fn a_channel_costs_its_record_key_and_index_entries() {
		let record = HrmpChannel {
			max_capacity: 1,
			max_total_size: 2,
			max_message_size: 3,
			msg_count: 4,
			total_size: 5,
			mqc_head: Some([1; 32]),
			sender_deposit: 6,
			recipient_deposit: 7,
		};
		// Pallet and storage prefixes, then the `Twox64Concat` of a `HrmpChannelId` (two u32s).
		let key = 16 + 16 + 8 + (0u32, 0u32).encoded_size();
		let index_entries = 2 * 0u32.encoded_size();
		assert_eq!(CHANNEL_BYTES, (key + record.encoded_size() + index_entries) as u64);
		assert_eq!(CHANNEL_BYTES, 141);
	}

	#[test]
	fn the_state_adds_channels_and_messages() {
		assert_eq!(state_bytes(0, []), 0);
		assert_eq!(state_bytes(12, [8, 63, 64]), 12 * 141 + 13 + 68 + 70);
	}
}
