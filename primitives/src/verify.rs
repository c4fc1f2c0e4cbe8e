//! Building a batch's egress entry (sender side) and verifying a routed batch (receiver and
//! validator side).

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::{
	batch::batch_commitment, ChannelCursor, ChannelLimits, EgressEntry, Message, ParaId,
	RelayBlockNumber, RoutedBatch, VerificationError, H256,
};

/// Builds the egress entry of one batch: the messages one block queued for one destination, in
/// nonce order, continuing a channel whose MQC head was `previous_head`.
///
/// The entry has no deadline (`expires_at` is `None`); a sender that gives the batch one sets it.
///
/// Fails if the batch is empty or its messages do not share sender, destination and `sent_at`
/// with the first one, or if their nonces are not contiguous.
pub fn build_egress_entry(
	previous_head: H256,
	messages: &[Message],
) -> Result<EgressEntry, VerificationError> {
	let first = messages.first().ok_or(VerificationError::EmptyBatch)?;
	// A range that would run past the last nonce is malformed.
	let last_nonce = first
		.nonce
		.checked_add(messages.len() as u64 - 1)
		.ok_or(VerificationError::MalformedEntry { index: 0 })?;
	let mut total_bytes: u32 = 0;
	let mut payload_hashes = Vec::with_capacity(messages.len());
	for (index, (expected, message)) in (first.nonce..=last_nonce).zip(messages).enumerate() {
		let index = index as u32;
		check_message_shape(index, message, first.sender, first.destination, expected)?;
		if message.sent_at != first.sent_at {
			return Err(VerificationError::SentAtMismatch { index });
		}
		total_bytes = total_bytes.saturating_add(message.payload_len());
		payload_hashes.push(message.payload_hash());
	}
	let (batch_root, mqc_head) =
		batch_commitment(previous_head, first.sent_at, last_nonce, payload_hashes.into_iter());
	let entry = EgressEntry {
		first_nonce: first.nonce,
		last_nonce,
		sent_at: first.sent_at,
		batch_root,
		mqc_head,
		total_bytes,
		expires_at: None,
	};
	entry.message_count().ok_or(VerificationError::MalformedEntry { index: 0 })?;
	Ok(entry)
}

fn check_message_shape(
	index: u32,
	message: &Message,
	sender: ParaId,
	destination: ParaId,
	expected_nonce: u64,
) -> Result<(), VerificationError> {
	if message.sender != sender {
		return Err(VerificationError::WrongSender { index, sender: message.sender });
	}
	if message.destination != destination {
		return Err(VerificationError::WrongDestination {
			index,
			destination: message.destination,
		});
	}
	if message.nonce != expected_nonce {
		return Err(VerificationError::NonceOutOfOrder {
			index,
			expected: expected_nonce,
			found: message.nonce,
		});
	}
	Ok(())
}

/// Verifies one routed batch for `receiver`, whose cursor on the batch's channel is `cursor`,
/// against `egress_root`: the root the relay chain recorded for `(batch.sender,
/// batch.entry.sent_at)`. Returns the cursor after the batch.
///
/// Checks, cheapest first, each failure its own [`VerificationError`]:
/// 1. the entry's nonce range is well formed and starts right after the cursor (no replay, no
///    gap), and the batch carries exactly that many messages, within the channel's limits;
/// 2. each message is from the batch's sender, for `receiver`, at its nonce, with the entry's
///    `sent_at`, and within the channel's message size;
/// 3. the payload bytes add up to the entry's `total_bytes`, the messages hash to its batch root,
///    and that root extends the cursor's MQC head to its head;
/// 4. the entry is proven under key `receiver` in the trie with root `egress_root`.
///
/// A batch that is its sender's as committed but breaks the channel's limits fails here; a
/// receiver consumes it by refusal ([`consume_batch`]).
pub fn verify_batch(
	receiver: ParaId,
	egress_root: &H256,
	cursor: &ChannelCursor,
	limits: &ChannelLimits,
	batch: &RoutedBatch,
) -> Result<ChannelCursor, VerificationError> {
	check_batch(receiver, egress_root, cursor, Some(limits), batch)
}

/// How a receiver consumes a batch: into its queue, or by refusal.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum Consumption {
	/// Its messages go into the receiver's queue.
	Accepted,
	/// It is consumed by refusal: none of its messages is dispatched, the receiver's cursor
	/// moves past it all the same, and the relay keeps the refused range until the sender has
	/// seen it.
	Refused(RefusalReason),
}

impl Consumption {
	/// Whether the batch is consumed by refusal.
	pub fn is_refused(&self) -> bool {
		matches!(self, Self::Refused(_))
	}
}

/// Why a receiver refuses a batch (`docs/PROTOCOL.md`, "12. Block lists and refusals").
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum RefusalReason {
	/// The receiver blocks the sender (the relay's block list as of the relay parent).
	SenderBlocked,
	/// The batch expired before the receiver's relay parent ([`EgressEntry::expires_at`]): its
	/// sender may reclaim it, so it is never dispatched.
	Expired,
	/// The batch is the sender's, as committed, but breaks the channel's limits: only a
	/// misbehaving sender runtime commits it, and no receiver could ever accept it.
	BreaksLimits(LimitBreach),
}

/// How a batch breaks its channel's limits, read from the messages it carries.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum LimitBreach {
	/// More messages than the channel's `max_capacity`.
	OverCapacity {
		/// Messages in the batch.
		count: u64,
		/// The channel's `max_capacity`.
		max: u32,
	},
	/// A message larger than the channel's `max_message_size`.
	MessageTooLarge {
		/// The first such message's index in the batch.
		index: u32,
		/// Its payload length.
		size: u32,
		/// The channel's `max_message_size`.
		max: u32,
	},
	/// More payload bytes than the channel's `max_total_size`.
	OverSize {
		/// Payload bytes in the batch.
		bytes: u64,
		/// The channel's `max_total_size`.
		max: u32,
	},
	/// The messages' payload bytes differ from the `total_bytes` their entry committed, which
	/// the relay checked against the channel's limits.
	TotalBytesMismatch {
		/// The entry's `total_bytes`.
		committed: u32,
		/// The bytes the messages carry.
		carried: u64,
	},
}

impl LimitBreach {
	/// How the messages `batch` carries break `limits`, if they do: the first breach found,
	/// in the order of this type's variants. Reads only lengths; whether the messages are the
	/// ones committed is for [`consume_batch`] to check.
	pub fn of(batch: &RoutedBatch, limits: &ChannelLimits) -> Option<Self> {
		let count = batch.messages.len() as u64;
		if count > u64::from(limits.max_capacity) {
			return Some(Self::OverCapacity { count, max: limits.max_capacity });
		}
		let mut bytes: u64 = 0;
		for (index, message) in batch.messages.iter().enumerate() {
			let size = message.payload_len();
			if size > limits.max_message_size {
				let (index, max) = (index as u32, limits.max_message_size);
				return Some(Self::MessageTooLarge { index, size, max });
			}
			bytes += u64::from(size);
		}
		if bytes > u64::from(limits.max_total_size) {
			return Some(Self::OverSize { bytes, max: limits.max_total_size });
		}
		if bytes != u64::from(batch.entry.total_bytes) {
			return Some(Self::TotalBytesMismatch {
				committed: batch.entry.total_bytes,
				carried: bytes,
			});
		}
		None
	}
}

/// Consumes one routed batch for `receiver`: the one rule that the ingress pallet, the
/// validators' verifier, the collators and the protocol model all apply
/// (`docs/PROTOCOL.md`, "12. Block lists and refusals"). Returns the cursor after the batch and
/// how it is consumed:
///
/// - from a sender `receiver` blocks (`blocked`), by refusal, the batch carrying no message
///   ([`verify_refused_batch`]);
/// - else, if it is expired at the receiver's `relay_parent` ([`EgressEntry::expired_at`]), by
///   refusal, the batch carrying no message: its sender may reclaim it;
/// - else, if the messages it carries break `limits` ([`LimitBreach::of`]), by refusal, once
///   every check of [`verify_batch`] but the limits passes: the batch is the sender's as
///   committed, so only the sender broke the limits, and refusing it is the only way its
///   receiver can go on;
/// - else, accepted, if [`verify_batch`] passes.
///
/// Any other failure is the batch's [`VerificationError`]: the batch is not the sender's, and
/// whoever put it in the block cheated.
pub fn consume_batch(
	receiver: ParaId,
	egress_root: &H256,
	cursor: &ChannelCursor,
	limits: &ChannelLimits,
	blocked: bool,
	relay_parent: RelayBlockNumber,
	batch: &RoutedBatch,
) -> Result<(ChannelCursor, Consumption), VerificationError> {
	if let Some(reason) = refusal_without_messages(blocked, relay_parent, &batch.entry) {
		let next = verify_refused_batch(receiver, egress_root, cursor, batch)?;
		return Ok((next, Consumption::Refused(reason)));
	}
	// `LimitBreach::of` makes exactly the limit checks `verify_batch` makes: with none broken,
	// the checks without limits are `verify_batch`'s.
	let breach = LimitBreach::of(batch, limits);
	let next = check_batch(receiver, egress_root, cursor, None, batch)?;
	let consumption = breach.map_or(Consumption::Accepted, |breach| {
		Consumption::Refused(RefusalReason::BreaksLimits(breach))
	});
	Ok((next, consumption))
}

/// Why a receiver refuses a batch without its messages, if it does ([`consume_batch`]): its
/// sender is `blocked`, or the batch is expired at the receiver's `relay_parent`. A collator
/// routes such a batch as its entry and proof alone ([`RoutedBatch::refused`]).
pub fn refusal_without_messages(
	blocked: bool,
	relay_parent: RelayBlockNumber,
	entry: &EgressEntry,
) -> Option<RefusalReason> {
	if blocked {
		Some(RefusalReason::SenderBlocked)
	} else if entry.expired_at(relay_parent) {
		Some(RefusalReason::Expired)
	} else {
		None
	}
}

/// [`verify_batch`], or without the channel's limits (`None`) and the entry's `total_bytes`:
/// whether the batch is the sender's as committed, whatever its sizes.
fn check_batch(
	receiver: ParaId,
	egress_root: &H256,
	cursor: &ChannelCursor,
	limits: Option<&ChannelLimits>,
	batch: &RoutedBatch,
) -> Result<ChannelCursor, VerificationError> {
	let entry = &batch.entry;
	let expected_count = check_continuity(entry, cursor)?;
	if batch.messages.is_empty() {
		return Err(VerificationError::EmptyBatch);
	}
	let count = batch.messages.len() as u64;
	if count != expected_count {
		return Err(VerificationError::CountMismatch { expected: expected_count, found: count });
	}
	if let Some(limits) = limits {
		if count > u64::from(limits.max_capacity) {
			return Err(VerificationError::BatchOverCapacity { count, max: limits.max_capacity });
		}
	}

	let mut bytes: u64 = 0;
	let mut payload_hashes = Vec::with_capacity(batch.messages.len());
	// Exactly as many nonces as messages (checked above); an inclusive range ends at
	// `last_nonce` without stepping past it, even at `u64::MAX`.
	let nonces = entry.first_nonce..=entry.last_nonce;
	for (index, (expected, message)) in nonces.zip(&batch.messages).enumerate() {
		let index = index as u32;
		check_message_shape(index, message, batch.sender, receiver, expected)?;
		if message.sent_at != entry.sent_at {
			return Err(VerificationError::SentAtMismatch { index });
		}
		let size = message.payload_len();
		if let Some(limits) = limits {
			if size > limits.max_message_size {
				return Err(VerificationError::MessageTooLarge {
					index,
					size,
					max: limits.max_message_size,
				});
			}
		}
		bytes += u64::from(size);
		payload_hashes.push(message.payload_hash());
	}
	if let Some(limits) = limits {
		if bytes > u64::from(limits.max_total_size) {
			return Err(VerificationError::BatchOverSize { bytes, max: limits.max_total_size });
		}
		if bytes != u64::from(entry.total_bytes) {
			return Err(VerificationError::TotalBytesMismatch);
		}
	}
	let (batch_root, head) = batch_commitment(
		cursor.mqc_head,
		entry.sent_at,
		entry.last_nonce,
		payload_hashes.into_iter(),
	);
	if batch_root != entry.batch_root {
		return Err(VerificationError::BatchRootMismatch);
	}
	if head != entry.mqc_head {
		return Err(VerificationError::MqcHeadMismatch);
	}
	crate::verify_egress_entry(egress_root, &batch.entry_proof, receiver, Some(entry))?;
	Ok(entry.cursor_after())
}

/// Verifies a batch that `receiver` consumes by refusing it, because it blocks the sender.
///
/// A refused batch is not dispatched, so its messages are not needed, and it must carry none
/// (`RefusedBatchCarriesMessages`): a block carries no byte that nobody verifies. The entry,
/// proven under key `receiver` in `egress_root`, commits to the MQC head after the batch, and
/// the receiver adopts it. Checks that no message is carried, the entry's nonce range and that
/// it starts right after the cursor, then the proof. Returns the cursor after the batch.
pub fn verify_refused_batch(
	receiver: ParaId,
	egress_root: &H256,
	cursor: &ChannelCursor,
	batch: &RoutedBatch,
) -> Result<ChannelCursor, VerificationError> {
	if !batch.messages.is_empty() {
		let count = u32::try_from(batch.messages.len()).unwrap_or(u32::MAX);
		return Err(VerificationError::RefusedBatchCarriesMessages { count });
	}
	let entry = &batch.entry;
	check_continuity(entry, cursor)?;
	crate::verify_egress_entry(egress_root, &batch.entry_proof, receiver, Some(entry))?;
	Ok(entry.cursor_after())
}

/// The entry's nonce range is well formed and starts right after `cursor`. Returns its length.
fn check_continuity(entry: &EgressEntry, cursor: &ChannelCursor) -> Result<u64, VerificationError> {
	let count = entry.message_count().ok_or(VerificationError::MalformedEntry { index: 0 })?;
	// A channel whose cursor is at the last nonce can take no further message: any batch on it
	// replays one.
	let Some(next) = cursor.last_nonce.checked_add(1) else {
		return Err(VerificationError::Replay {
			cursor: cursor.last_nonce,
			first_nonce: entry.first_nonce,
		});
	};
	if entry.first_nonce < next {
		return Err(VerificationError::Replay {
			cursor: cursor.last_nonce,
			first_nonce: entry.first_nonce,
		});
	}
	if entry.first_nonce > next {
		return Err(VerificationError::Gap { expected: next, first_nonce: entry.first_nonce });
	}
	Ok(count)
}
