//! One channel's traffic as the relay chain handles it, under XCMP and under HRMP: what each relay
//! does per candidate and per message, for the root crate's `relay_inclusion` bench and the
//! byte figures its tests pin.
//!
//! - [`XcmpDelivery`]: a sender's block of `count` messages of `size` bytes to one receiver and
//!   the receiver's block consuming them, their commitments included by `pallet-xcmp-relay`'s
//!   `include_candidate` in the mock [`relay`](crate::relay) runtime. No message is in the
//!   commitments: only roots, nonces and byte counts.
//! - [`hrmp`]: what polkadot-runtime-parachains' `hrmp` module writes in relay storage for the
//!   same traffic, every message body included.

use frame_support::weights::Weight;
use xcmp_primitives::{
	relay_state::DEFAULT_RELAY_PALLET_NAME, ChannelLimits, ParaId, RelayBlockNumber,
};
use xcmp_verifier::CandidateCommitments;

use crate::{
	relay::{self, Relay},
	RelayNetwork, Snapshot,
};

/// The sending parachain.
pub const SENDER: ParaId = ParaId::new(1000);
/// The receiving parachain.
pub const RECEIVER: ParaId = ParaId::new(2000);
/// The relay block the sender's block is built on; the relay includes it in the next, and the
/// receiver's block, built on that one, in the one after.
pub const SENT_AT: RelayBlockNumber = 1;
/// The channel's limits: room for 10,000 messages, 16 MiB, any message of the protocol.
pub const LIMITS: ChannelLimits = ChannelLimits {
	max_capacity: 16_384,
	max_total_size: 16 << 20,
	max_message_size: xcmp_primitives::limits::MAX_MESSAGE_SIZE,
};

/// A sender's block of messages to one receiver and the receiver's block that consumes them, as
/// the relay includes them.
pub struct XcmpDelivery {
	/// The relay's state before either block is included: the channel open, nothing sent.
	pub before: Snapshot,
	/// The sender's block's commitments, validated: included at relay block `SENT_AT + 1`.
	pub sending: CandidateCommitments,
	/// The receiver's block's commitments, validated: built on relay block `SENT_AT + 1`,
	/// included at the next.
	pub receiving: CandidateCommitments,
}

impl XcmpDelivery {
	/// `count` messages of `size` bytes (the `n`th filled with the byte `n`), sent by [`SENDER`]
	/// in one block and consumed by [`RECEIVER`] in one block; both candidates validated against
	/// the relay's records, and their inclusion checked once.
	pub fn new(count: u64, size: usize) -> Self {
		let RelayNetwork { relay: mut state, mut outboxes, .. } =
			RelayNetwork::opened_at(SENT_AT, &[(SENDER, RECEIVER)], LIMITS);
		let records = pallet_xcmp_relay::StorageRecords::<Relay>::default();
		let sent = state
			.execute_with(|| {
				outboxes.send_filled(&records, SENDER, SENT_AT, &[(RECEIVER, count)], size)
			})
			.expect("the sender commits its block");
		let before = Snapshot::take(state);

		let mut state = before.ext();
		let sending = state.execute_with(|| {
			relay::System::set_block_number(u64::from(SENT_AT + 1));
			let sending = xcmp_verifier::validate_candidate(&records, &sent)
				.expect("the sender's candidate is valid");
			Self::include_at(SENT_AT + 1, &sending);
			sending
		});
		let batch = outboxes.route(SENDER, SENT_AT, RECEIVER).expect("the sender's batch");
		let received = state
			.execute_with(|| {
				xcmp_verifier::receiving_candidate(
					&records,
					RECEIVER,
					SENT_AT + 1,
					vec![batch],
					SENT_AT + 1,
					Default::default(),
				)
			})
			.expect("the receiver's candidate");
		let receiving = state.execute_with(|| {
			relay::System::set_block_number(u64::from(SENT_AT + 2));
			let receiving = xcmp_verifier::validate_candidate(&records, &received)
				.expect("the receiver's candidate is valid");
			Self::include_at(SENT_AT + 2, &receiving);
			let included = relay::System::events()
				.into_iter()
				.filter(|record| {
					matches!(
						record.event,
						relay::RuntimeEvent::XcmpRelay(
							pallet_xcmp_relay::Event::CandidateIncluded { .. }
						)
					)
				})
				.count();
			assert_eq!(included, 2, "the relay includes both candidates");
			receiving
		});
		Self { before, sending, receiving }
	}

	/// Includes both candidates, in relay blocks `SENT_AT + 1` and `SENT_AT + 2`, through
	/// `include_candidate` as the inclusion machinery calls it, from the relay's state
	/// [`before`](Self::before); returns the weight each call charged. Run it in that state.
	pub fn include(&self) -> [Weight; 2] {
		[self.include_sending(), self.include_receiving()]
	}

	/// Includes the sender's candidate, in relay block `SENT_AT + 1`, from the relay's state
	/// [`before`](Self::before); returns the weight the call charged.
	pub fn include_sending(&self) -> Weight {
		Self::include_at(SENT_AT + 1, &self.sending)
	}

	/// Includes the receiver's candidate, in relay block `SENT_AT + 2`, once the sender's is
	/// included; returns the weight the call charged.
	pub fn include_receiving(&self) -> Weight {
		Self::include_at(SENT_AT + 2, &self.receiving)
	}

	/// `include_candidate` of `commitments` in relay block `block`, with the witness of the
	/// current records; the weight it charged.
	fn include_at(block: RelayBlockNumber, commitments: &CandidateCommitments) -> Weight {
		relay::System::set_block_number(u64::from(block));
		let witness = pallet_xcmp_relay::InclusionWitness::of::<Relay>(commitments);
		let charged = relay::XcmpRelay::include_candidate(
			relay::RuntimeOrigin::root(),
			Box::new(commitments.clone()),
			witness,
		)
		.expect("the inclusion machinery's call is dispatched");
		charged.actual_weight.expect("include_candidate returns the weight it charges")
	}
}

/// Bytes the relay pallet holds in storage, keys and values: the relay's whole XCMP state.
pub fn relay_pallet_bytes() -> u64 {
	storage_bytes_under(&sp_io::hashing::twox_128(DEFAULT_RELAY_PALLET_NAME.as_bytes()))
}

/// Bytes of storage, keys and values, under `prefix`.
pub fn storage_bytes_under(prefix: &[u8]) -> u64 {
	// A read into an empty buffer gives the value's length without copying it.
	crate::storage_keys_under(prefix)
		.map(|key| {
			let value_len = sp_io::storage::read(&key, &mut [], 0).unwrap_or_default();
			(key.len() + value_len as usize) as u64
		})
		.sum()
}

/// What polkadot-runtime-parachains' `hrmp` module (version 30, stable2609) keeps and does in
/// relay storage for a channel's messages, under its storage items' own keys (the module named
/// `Hrmp`, as Polkadot's relay runtimes name it) and encodings:
///
/// - when a sender's candidate is enacted, every HRMP message it sends (one per recipient per
///   candidate: cumulus sends a page of XCMs) updates the channel's record (count, size and the
///   message queue chain head), is appended to the channel's contents whole, and adds the sender
///   to the recipient's digest for the block (`queue_outbound_hrmp`);
/// - when the recipient's candidate moves its watermark, the channels of the senders in its
///   digests up to the watermark drop the messages sent up to it, and their records' counts
///   (`prune_hrmp`).
///
/// The module's `pub(crate)` functions cannot be called from outside the crate, and the pallet
/// needs a whole relay runtime (paras, configuration, the downward queue); this replays the
/// storage work of those two functions, which is what grows with messages. The inclusion
/// machinery's fixed cost per candidate is left out: a lower bound on HRMP's relay work.
pub mod hrmp {
	use codec::{Decode, Encode};
	use cumulus_primitives_core::InboundHrmpMessage;
	use frame_support::{storage_alias, Twox64Concat};
	use polkadot_parachain_primitives::primitives::HrmpChannelId;
	use sp_runtime::traits::{BlakeTwo256, Hash};
	use xcmp_primitives::{ParaId, RelayBlockNumber, H256};

	/// A channel's record, `HrmpChannel` of the `hrmp` module, field for field.
	#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
	pub struct HrmpChannel {
		/// Most messages the channel holds.
		pub max_capacity: u32,
		/// Most bytes the channel holds.
		pub max_total_size: u32,
		/// Largest message.
		pub max_message_size: u32,
		/// Messages the channel holds.
		pub msg_count: u32,
		/// Bytes the channel holds.
		pub total_size: u32,
		/// Head of the message queue chain over every message sent.
		pub mqc_head: Option<H256>,
		/// The sender's deposit.
		pub sender_deposit: u128,
		/// The recipient's deposit.
		pub recipient_deposit: u128,
	}

	pub use items::*;

	/// The module's storage items this replays, under their keys. What `storage_alias` generates
	/// for each is documented by the item.
	#[allow(missing_docs)]
	mod items {
		use super::*;

		/// `Hrmp::HrmpChannels`.
		#[storage_alias]
		pub type HrmpChannels = StorageMap<Hrmp, Twox64Concat, HrmpChannelId, HrmpChannel>;
		/// `Hrmp::HrmpChannelContents`: every message a channel holds.
		#[storage_alias]
		pub type HrmpChannelContents = StorageMap<
			Hrmp,
			Twox64Concat,
			HrmpChannelId,
			Vec<InboundHrmpMessage>,
			frame_support::storage::types::ValueQuery,
		>;
		/// `Hrmp::HrmpChannelDigests`: per recipient, the relay blocks in which senders sent to it.
		#[storage_alias]
		pub type HrmpChannelDigests = StorageMap<
			Hrmp,
			Twox64Concat,
			ParaId,
			Vec<(RelayBlockNumber, Vec<ParaId>)>,
			frame_support::storage::types::ValueQuery,
		>;
		/// `Hrmp::HrmpWatermarks`.
		#[storage_alias]
		pub type HrmpWatermarks = StorageMap<Hrmp, Twox64Concat, ParaId, RelayBlockNumber>;
	}

	/// Opens `channel` with room for any benched traffic.
	pub fn open(channel: HrmpChannelId) {
		let record = HrmpChannel {
			max_capacity: u32::MAX,
			max_total_size: u32::MAX,
			max_message_size: u32::MAX,
			..Default::default()
		};
		HrmpChannels::insert(&channel, record);
	}

	/// What enacting `sender`'s candidate at relay block `now` does with its HRMP messages
	/// (at most one per recipient): `queue_outbound_hrmp`.
	pub fn queue_outbound(
		sender: ParaId,
		now: RelayBlockNumber,
		messages: impl IntoIterator<Item = (ParaId, Vec<u8>)>,
	) {
		for (recipient, data) in messages {
			let channel_id = HrmpChannelId { sender, recipient };
			let Some(mut channel) = HrmpChannels::get(&channel_id) else { continue };
			let inbound = InboundHrmpMessage { sent_at: now, data };
			channel.msg_count = channel.msg_count.saturating_add(1);
			channel.total_size = channel.total_size.saturating_add(inbound.data.len() as u32);
			let head = channel.mqc_head.unwrap_or_default();
			channel.mqc_head = Some(BlakeTwo256::hash_of(&(
				head,
				inbound.sent_at,
				BlakeTwo256::hash_of(&inbound.data),
			)));
			HrmpChannels::insert(&channel_id, channel);
			HrmpChannelContents::append(&channel_id, inbound);
			let mut digest = HrmpChannelDigests::get(recipient);
			match digest.last_mut() {
				Some((block, senders)) if *block == now => senders.push(sender),
				_ => digest.push((now, vec![sender])),
			}
			HrmpChannelDigests::insert(recipient, digest);
		}
	}

	/// What enacting `recipient`'s candidate that moves its watermark to `watermark` does:
	/// `prune_hrmp`.
	pub fn prune(recipient: ParaId, watermark: RelayBlockNumber) {
		let mut senders = std::collections::BTreeSet::new();
		HrmpChannelDigests::mutate(recipient, |digest| {
			digest.retain(|(block, sent)| {
				let passed = *block <= watermark;
				if passed {
					senders.extend(sent.iter().copied());
				}
				!passed
			});
		});
		for sender in senders {
			let channel_id = HrmpChannelId { sender, recipient };
			let (kept, pruned): (Vec<_>, Vec<_>) = HrmpChannelContents::get(&channel_id)
				.into_iter()
				.partition(|message| message.sent_at > watermark);
			if kept.is_empty() {
				HrmpChannelContents::remove(&channel_id);
			} else {
				HrmpChannelContents::insert(&channel_id, kept);
			}
			HrmpChannels::mutate(&channel_id, |channel| {
				if let Some(channel) = channel {
					let bytes: usize = pruned.iter().map(|message| message.data.len()).sum();
					channel.msg_count = channel.msg_count.saturating_sub(pruned.len() as u32);
					channel.total_size = channel.total_size.saturating_sub(bytes as u32);
				}
			});
		}
		HrmpWatermarks::insert(recipient, watermark);
	}

	/// Bytes the `hrmp` module holds in storage, keys and values.
	pub fn state_bytes() -> u64 {
		super::storage_bytes_under(&sp_io::hashing::twox_128(b"Hrmp"))
	}

	/// What enacting `pages` does, each an HRMP message from `sender` to `recipient` in its own
	/// candidate (one per channel per candidate), in relay blocks `first`, `first + 1`, …
	/// Returns the relay block of the last (`first - 1` for no page).
	pub fn queue_pages(
		sender: ParaId,
		recipient: ParaId,
		first: RelayBlockNumber,
		pages: impl IntoIterator<Item = Vec<u8>>,
	) -> RelayBlockNumber {
		let mut now = first;
		for page in pages {
			queue_outbound(sender, now, [(recipient, page)]);
			now = now.saturating_add(1);
		}
		now.saturating_sub(1)
	}

	/// The relay's HRMP work for `pages` ([`queue_pages`]), then the recipient's candidate that
	/// consumes them all, at the last page's relay block.
	pub fn deliver(
		sender: ParaId,
		recipient: ParaId,
		first: RelayBlockNumber,
		pages: Vec<Vec<u8>>,
	) {
		let last = queue_pages(sender, recipient, first, pages);
		prune(recipient, last);
	}
}
