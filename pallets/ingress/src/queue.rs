//! The paged inbound queue: how accepted messages are stored, a page of one batch at a time.

use crate::{Config, Error, Footprint, InboundChannels, InboundQueue, Pallet};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	defensive, traits::Get, weights::Weight, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound,
	PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;
use xcmp_primitives::{
	limits::MAX_MESSAGE_SIZE, ChannelCursor, Message, Nonce, ParaId, Payload, RelayBlockNumber,
};

/// This pallet's state for the channel from one sender.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct InboundChannel {
	/// Last nonce consumed (dispatched, queued or refused) and the MQC head after it.
	pub cursor: ChannelCursor,
	/// Position of the oldest queue page, holding the next message to dispatch.
	pub queue_head: u64,
	/// Position the next queue page takes; `queue_head == queue_tail` when nothing is queued.
	pub queue_tail: u64,
	/// This sender's messages in [`ParkedMessages`](crate::ParkedMessages), at most
	/// [`Config::MaxParkedPerSender`].
	pub parked: u32,
	/// The bytes of the head queue page, when the service found it unreadable (larger than a
	/// page of [`Config::MaxPageBytes`] may be, or corrupt); `None` while it reads. The page is
	/// kept, with its messages, and the service skips this sender until it reads again. It is
	/// read again only once a page of that many bytes fits the bound (after a runtime upgrade
	/// that raised it back, say), so that trying costs at most a page's load.
	pub unreadable_head: Option<u32>,
	/// This sender's messages in the inbound queue and their payload bytes, at most
	/// [`Config::MaxQueuedMessagesPerSender`] and [`Config::MaxQueuedBytesPerSender`]: its
	/// share of the queue's [`Footprint`](crate::Footprint).
	pub queued: QueueFootprint,
}

impl InboundChannel {
	/// Number of queue pages held.
	pub fn queued_pages(&self) -> u64 {
		self.queue_tail.saturating_sub(self.queue_head)
	}
}

/// Fewest bytes a queue page may hold ([`Config::MaxPageBytes`]): a message of the protocol's
/// largest size with its length prefix.
pub const MIN_PAGE_BYTES: u32 = MAX_MESSAGE_SIZE + 4;

/// A page of the inbound queue: consecutive messages of one accepted batch, in nonce order,
/// packed in a heap as SCALE-encoded byte vectors (compact length, then bytes). Serviced messages
/// stay in the heap before `offset`; the page is removed when its last message is serviced.
///
/// Paging, as `pallet-message-queue` does, makes a batch cost one storage write per page
/// rather than one per message, and lets the service read a sender's messages a page at a time.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxBytes))]
#[codec(mel_bound())]
pub struct QueuePage<MaxBytes: Get<u32>> {
	/// Nonce of the next message to service.
	pub next_nonce: Nonce,
	/// Messages not yet serviced.
	pub remaining: u32,
	/// Offset in `heap` of the next message to service.
	pub offset: u32,
	/// The messages, each SCALE-encoded.
	pub heap: BoundedVec<u8, MaxBytes>,
}

impl<MaxBytes: Get<u32>> QueuePage<MaxBytes> {
	/// An empty page whose first message will have nonce `first_nonce`.
	pub fn new(first_nonce: Nonce) -> Self {
		Self { next_nonce: first_nonce, remaining: 0, offset: 0, heap: BoundedVec::new() }
	}

	/// Whether a payload of `len` bytes fits what is left of the page.
	pub fn fits(&self, len: usize) -> bool {
		self.heap.len().saturating_add(encoded_payload_len(len)) <= MaxBytes::get() as usize
	}

	/// Appends `payload` as the page's next message; `false` (and nothing appended) when it does
	/// not fit.
	pub fn try_push(&mut self, payload: &[u8]) -> bool {
		if !self.fits(payload.len()) {
			return false;
		}
		let mut heap = core::mem::take(&mut self.heap).into_inner();
		payload.encode_to(&mut heap);
		self.heap = BoundedVec::truncate_from(heap);
		self.remaining = self.remaining.saturating_add(1);
		true
	}

	/// The next message to service and its encoded length in the heap; `None` when the page is
	/// serviced, or its heap is malformed (which this pallet never writes).
	pub fn peek(&self) -> Option<(&[u8], u32)> {
		if self.remaining == 0 {
			return None;
		}
		payload_at(&self.heap, self.offset)
	}

	/// Moves past the next message, whose encoded length `peek` returned.
	pub fn advance(&mut self, encoded_len: u32) {
		self.offset = self.offset.saturating_add(encoded_len);
		self.next_nonce = self.next_nonce.saturating_add(1);
		self.remaining = self.remaining.saturating_sub(1);
	}
}

/// The payload encoded at `offset` in a page's `heap`, and its encoded length.
fn payload_at(heap: &[u8], offset: u32) -> Option<(&[u8], u32)> {
	let mut input = heap.get(offset as usize..)?;
	let before = input.len();
	let len = codec::Compact::<u32>::decode(&mut input).ok()?.0 as usize;
	let payload = input.get(..len)?;
	let prefix = before.saturating_sub(input.len());
	Some((payload, u32::try_from(prefix.saturating_add(len)).ok()?))
}

/// Bytes a payload of `len` bytes takes in a queue page.
pub fn encoded_payload_len(len: usize) -> usize {
	use codec::CompactLen;
	codec::Compact::<u32>::compact_len(&u32::try_from(len).unwrap_or(u32::MAX)).saturating_add(len)
}

/// Pages the messages of a batch, with payloads of `lens` bytes, take in a queue whose pages
/// hold `max_bytes` bytes.
pub fn pages_needed(lens: impl IntoIterator<Item = usize>, max_bytes: u32) -> u32 {
	let (mut pages, mut used) = (0u32, 0usize);
	for len in lens {
		let len = encoded_payload_len(len);
		if pages == 0 || used.saturating_add(len) > max_bytes as usize {
			pages = pages.saturating_add(1);
			used = 0;
		}
		used = used.saturating_add(len);
	}
	pages
}

/// The inbound queue page type of a runtime.
pub type QueuePageOf<T> = QueuePage<<T as Config>::MaxPageBytes>;

/// Why a message was parked: it is permanently overweight, or the processor failed it with an
/// error of [`ProcessMessageError`](frame_support::traits::ProcessMessageError) other than a
/// yield or a lack of weight, which the service does not hand it over again for.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum ParkReason {
	/// It needs more weight than a block's service can ever give it
	/// ([`Pallet::message_budget`]).
	Overweight {
		/// The weight the processor said it needs.
		required: Weight,
	},
	/// The processor failed it as of an unknown format (`BadFormat`).
	BadFormat,
	/// The processor failed it as malformed (`Corrupt`).
	Corrupt,
	/// The processor failed it as of an unsupported format (`Unsupported`).
	Unsupported,
	/// The processor reached the stack depth limit on it (`StackLimitReached`).
	StackLimitReached,
}

/// A message the service took out of its sender's queue without processing it, kept for
/// [`Pallet::execute_parked`] or [`Pallet::discard_parked`]. It is stored under its sender and
/// nonce.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct ParkedMessage {
	/// Why it was parked.
	pub reason: ParkReason,
	/// The message itself.
	pub payload: Payload,
}

/// How much the inbound queue, or one sender's share of it, holds or can still take.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct QueueFootprint {
	/// Messages queued.
	pub messages: u32,
	/// Their payload bytes.
	pub bytes: u64,
}

impl QueueFootprint {
	/// This footprint with `messages` more messages of `bytes` payload bytes in all.
	pub fn plus(self, messages: u32, bytes: u64) -> Self {
		Self {
			messages: self.messages.saturating_add(messages),
			bytes: self.bytes.saturating_add(bytes),
		}
	}

	/// This footprint without `other`.
	pub fn minus(self, other: Self) -> Self {
		Self {
			messages: self.messages.saturating_sub(other.messages),
			bytes: self.bytes.saturating_sub(other.bytes),
		}
	}

	/// Whether this footprint is within `max_messages` and `max_bytes`.
	pub fn within(&self, max_messages: u32, max_bytes: u64) -> bool {
		self.messages <= max_messages && self.bytes <= max_bytes
	}
}

impl<T: Config> Pallet<T> {
	/// What the inbound queue can still take, all senders together: [`Config::MaxQueuedMessages`]
	/// and [`Config::MaxQueuedBytes`] less its [`Footprint`](crate::Footprint). A collator takes
	/// only batches whose messages fit this and their sender's room
	/// ([`Pallet::sender_queue_room`]), a refused batch (which carries no message) taking none:
	/// an inherent with more fails, and with it the block.
	pub fn queue_room() -> QueueFootprint {
		let max = QueueFootprint {
			messages: T::MaxQueuedMessages::get(),
			bytes: T::MaxQueuedBytes::get(),
		};
		max.minus(Footprint::<T>::get())
	}

	/// What `sender`'s share of the inbound queue can still take:
	/// [`Config::MaxQueuedMessagesPerSender`] and [`Config::MaxQueuedBytesPerSender`] less what
	/// it has queued. Its batches must fit this and the whole queue's room
	/// ([`Pallet::queue_room`]).
	pub fn sender_queue_room(sender: ParaId) -> QueueFootprint {
		let max = QueueFootprint {
			messages: T::MaxQueuedMessagesPerSender::get(),
			bytes: T::MaxQueuedBytesPerSender::get(),
		};
		let queued = InboundChannels::<T>::get(sender).map(|channel| channel.queued);
		max.minus(queued.unwrap_or_default())
	}

	/// Each inbound channel's cursor, by sender: the last nonce this chain consumed of it, after
	/// which its collator polls the sender's. At most [`Config::MaxInboundChannels`] entries.
	pub fn cursors() -> Vec<(ParaId, Nonce)> {
		InboundChannels::<T>::iter()
			.map(|(sender, channel)| (sender, channel.cursor.last_nonce))
			.collect()
	}

	/// The relay block the watermark has reached: every digest up to it is passed.
	pub fn watermark() -> RelayBlockNumber {
		crate::Watermark::<T>::get()
	}

	/// Packs a verified batch's messages into queue pages after `channel`'s last one, counting
	/// them in its share of the queue. Returns the number of pages written.
	pub(crate) fn enqueue(
		sender: ParaId,
		channel: &mut InboundChannel,
		messages: Vec<Message>,
	) -> Result<u32, DispatchError> {
		let Some(first_nonce) = messages.first().map(|message| message.nonce) else {
			return Ok(0);
		};
		let mut pages = 0u32;
		let mut page = QueuePageOf::<T>::new(first_nonce);
		for message in messages {
			channel.queued = channel.queued.plus(1, message.payload.len() as u64);
			if page.try_push(&message.payload) {
				continue;
			}
			let full = core::mem::replace(&mut page, QueuePage::new(message.nonce));
			InboundQueue::<T>::insert(sender, channel.queue_tail, full);
			channel.queue_tail = channel.queue_tail.saturating_add(1);
			pages = pages.saturating_add(1);
			if !page.try_push(&message.payload) {
				defensive!("`integrity_test` keeps `MaxPageBytes >= MIN_PAGE_BYTES`");
				return Err(Error::<T>::MessageTooLarge.into());
			}
		}
		InboundQueue::<T>::insert(sender, channel.queue_tail, page);
		channel.queue_tail = channel.queue_tail.saturating_add(1);
		Ok(pages.saturating_add(1))
	}
}
