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

use codec::{Compact, CompactLen, Encode};
use xcmp_primitives::{ChannelLimits, ParaId, H256};

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

/// Bytes HRMP's parachain inherent carries for one receiving block beyond the payloads, for the
/// messages of `senders` (each sender's payload lengths, in order): cumulus's
/// `ParachainInherentData::horizontal_messages`, a `BTreeMap<ParaId, Vec<InboundHrmpMessage>>`,
/// holds per sender its id and the vector's length, and per message its `u32` `sent_at` and the
/// payload's compact length. Senders without messages are left out (cumulus's collator lists
/// every inbound channel): a lower bound.
pub fn inherent_overhead<L: IntoIterator<Item = usize>>(
	senders: impl IntoIterator<Item = L>,
) -> u64 {
	let mut count = 0u32;
	let mut bytes = 0u64;
	for payload_lens in senders {
		count += 1;
		let (mut messages, mut framing) = (0u32, 0u64);
		for len in payload_lens {
			messages += 1;
			framing += message_bytes(len) - len as u64;
		}
		bytes += 4 + Compact::<u32>::compact_len(&messages) as u64 + framing;
	}
	Compact::<u32>::compact_len(&count) as u64 + bytes
}

/// Bytes of the relay-state proof HRMP's parachain-system needs in each block of every one of
/// `paras`, where every two of them have a channel each way with `limits`: the storage proof of
/// the para's ingress and egress channel indexes and of each of those channels'
/// `AbridgedHrmpChannel` record (what cumulus's collator proves for a block, its
/// `RelayStateSnapshot`'s channels), made from a relay state holding these records for the whole
/// network. The well-known keys every parachain block proves whatever its messaging (the host
/// configuration, the para's head, its slot) are left out here as from XCMP's figure.
pub fn relay_proof_bytes(paras: &[ParaId], limits: ChannelLimits) -> Vec<u64> {
	use cumulus_primitives_core::{relay_chain::well_known_keys, AbridgedHrmpChannel};
	use polkadot_parachain_primitives::primitives::HrmpChannelId;
	let record = AbridgedHrmpChannel {
		max_capacity: limits.max_capacity,
		max_total_size: limits.max_total_size,
		max_message_size: limits.max_message_size,
		msg_count: 1,
		total_size: limits.max_message_size,
		mqc_head: Some(H256::repeat_byte(1)),
	}
	.encode();
	let channel_key = |sender: ParaId, recipient: ParaId| {
		well_known_keys::hrmp_channels(HrmpChannelId { sender, recipient })
	};
	let mut storage = sp_core::storage::Storage::default();
	for &para in paras {
		let others: Vec<ParaId> = paras.iter().copied().filter(|p| *p != para).collect();
		storage.top.insert(well_known_keys::hrmp_ingress_channel_index(para), others.encode());
		storage.top.insert(well_known_keys::hrmp_egress_channel_index(para), others.encode());
		for &other in &others {
			storage.top.insert(channel_key(other, para), record.clone());
		}
	}
	let mut relay = sp_io::TestExternalities::new(storage);
	paras
		.iter()
		.map(|&para| {
			let mut keys = vec![
				well_known_keys::hrmp_ingress_channel_index(para),
				well_known_keys::hrmp_egress_channel_index(para),
			];
			for &other in paras.iter().filter(|p| **p != para) {
				keys.push(channel_key(other, para));
				keys.push(channel_key(para, other));
			}
			let (_, proof) = xcmp_test_support::prove(&mut relay, &keys);
			proof.encoded_size() as u64
		})
		.collect()
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

	#[test]
	fn the_inherent_overhead_is_cumulus_s_encoding_beyond_the_payloads() {
		use cumulus_primitives_core::relay_chain::InboundHrmpMessage as Real;
		use std::collections::BTreeMap;
		let senders: Vec<Vec<usize>> = vec![vec![8, 63, 64], vec![300], vec![20_000, 1]];
		let mut map: BTreeMap<ParaId, Vec<Real>> = BTreeMap::new();
		for (n, lens) in senders.iter().enumerate() {
			let messages = lens.iter().map(|len| Real { sent_at: 7, data: vec![0; *len] });
			map.insert(ParaId::from(2000 + n as u32), messages.collect());
		}
		let payloads: usize = senders.iter().flatten().sum();
		let overhead = inherent_overhead(senders.iter().map(|lens| lens.iter().copied()));
		assert_eq!(overhead, (map.encoded_size() - payloads) as u64);
		assert_eq!(inherent_overhead(Vec::<Vec<usize>>::new()), 1);
	}

	#[test]
	fn the_channel_proof_covers_every_channel_of_the_para() {
		let limits = ChannelLimits { max_capacity: 8, max_total_size: 800, max_message_size: 100 };
		let paras = |n: u32| (0..n).map(|i| ParaId::from(2000 + i)).collect::<Vec<_>>();
		let four = relay_proof_bytes(&paras(4), limits);
		// At least each of the para's channel records (a 53-byte value) and both indexes, and
		// growing with its channels.
		assert!(four.iter().all(|bytes| *bytes > 6 * 53 + 2 * 13), "{four:?}");
		let eight = relay_proof_bytes(&paras(8), limits);
		let (most_of_four, least_of_eight) = (four.iter().max(), eight.iter().min());
		assert!(least_of_eight > most_of_four, "{eight:?} {four:?}");
	}
}
