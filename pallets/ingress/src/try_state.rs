//! The pallet's invariants, checked after every test and by `try-runtime`.

use crate::{
	BlockedSenders, Commitment, Config, ConsumedThisBlock, CurrentRelayParent, Footprint,
	InboundChannels, InboundQueue, LastRelayParent, MovedThisBlock, Pallet, ParkedMessages,
	QueueFootprint, QueuePage, ReadySenders, RecentRefusals, RelayViewChannels,
	RelayViewDestinations, Watermark,
};
use codec::Decode;
use frame_support::{
	ensure,
	traits::{ConstU32, Get},
};
use xcmp_primitives::Nonce;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut footprint = QueueFootprint::default();
		let mut pages = 0u64;
		let mut parked = 0u64;
		let ready = ReadySenders::<T>::get();
		ensure!(
			ready.windows(2).all(|pair| pair.first() < pair.get(1)),
			"ready senders not strictly sorted"
		);
		let mut channels = 0u32;
		for (sender, channel) in InboundChannels::<T>::iter() {
			channels = channels.saturating_add(1);
			ensure!(channel.queue_head <= channel.queue_tail, "queue head past its tail");
			ensure!(
				ready.binary_search(&sender).is_ok() == (channel.queued_pages() > 0),
				"a sender is ready without queued messages, or queued without being ready"
			);
			let mut queued = QueueFootprint::default();
			let mut previous: Option<Nonce> = None;
			let mut first_queued: Option<Nonce> = None;
			ensure!(
				channel.unreadable_head.is_none() || channel.queued_pages() > 0,
				"a channel without queued pages stalled on its head page"
			);
			for position in channel.queue_head..channel.queue_tail {
				// A page larger than the runtime's bound (stored under a larger one) is still
				// queued, and counted: read without the bound. One that does not decode even so
				// is corrupt.
				let key = InboundQueue::<T>::hashed_key_for(sender, position);
				let raw = frame_support::storage::unhashed::get_raw(&key)
					.ok_or("a queue position between head and tail is empty")?;
				let mut page = QueuePage::<ConstU32<{ u32::MAX }>>::decode(&mut &raw[..])
					.map_err(|_| "a queue page does not decode, even without its bound")?;
				ensure!(page.remaining > 0, "an empty queue page is kept");
				ensure!(
					previous.is_none_or(|previous| page.next_nonce > previous),
					"queued nonces not increasing"
				);
				while let Some((payload, encoded_len)) = page.peek() {
					queued = queued.plus(1, payload.len() as u64);
					previous = Some(page.next_nonce);
					first_queued.get_or_insert(page.next_nonce);
					page.advance(encoded_len);
				}
				ensure!(page.remaining == 0, "a queue page holds fewer messages than it says");
				ensure!(
					page.offset as usize == page.heap.len(),
					"a queue page holds more messages than it says"
				);
			}
			ensure!(
				previous.is_none_or(|last| last <= channel.cursor.last_nonce),
				"a queued message is past its channel's cursor"
			);
			ensure!(channel.queued == queued, "a sender's queued count is off");
			ensure!(
				queued.within(
					T::MaxQueuedMessagesPerSender::get(),
					T::MaxQueuedBytesPerSender::get()
				),
				"a sender over its share of the queue"
			);
			footprint = footprint.plus(queued.messages, queued.bytes);
			ensure!(
				channel.parked <= T::MaxParkedPerSender::get(),
				"a sender has more parked messages than it may"
			);
			let mut parked_here = 0u32;
			for nonce in ParkedMessages::<T>::iter_key_prefix(sender) {
				parked_here = parked_here.saturating_add(1);
				ensure!(nonce <= channel.cursor.last_nonce, "a parked message past its cursor");
				ensure!(
					first_queued.is_none_or(|first| nonce < first),
					"a parked message is also queued, or after a queued one"
				);
			}
			ensure!(parked_here == channel.parked, "a sender's parked count is off");
			parked = parked.saturating_add(u64::from(parked_here));
			pages = pages.saturating_add(channel.queued_pages());
		}
		ensure!(channels == InboundChannels::<T>::count(), "inbound channel count is off");
		ensure!(channels <= T::MaxInboundChannels::get(), "too many inbound channels");
		ensure!(
			InboundQueue::<T>::iter_keys().count() as u64 == pages,
			"pages queued outside their channel's positions"
		);
		ensure!(Footprint::<T>::get() == footprint, "queue footprint is off");
		ensure!(
			footprint.within(T::MaxQueuedMessages::get(), T::MaxQueuedBytes::get()),
			"queue over its bounds"
		);
		ensure!(
			ParkedMessages::<T>::iter_keys().count() as u64 == parked,
			"messages parked outside their channel's count"
		);
		for (sender, ranges) in RecentRefusals::<T>::iter() {
			let cursor = InboundChannels::<T>::get(sender).map(|channel| channel.cursor.last_nonce);
			ensure!(
				ranges.iter().all(|range| range.first <= range.last)
					&& ranges.windows(2).all(|pair| {
						pair.first()
							.zip(pair.get(1))
							.is_some_and(|(a, b)| a.last.saturating_add(1) < b.first)
					}),
				"recent refusals not separate ranges, oldest first"
			);
			ensure!(
				ranges.last().is_none_or(|range| cursor.is_some_and(|cursor| range.last <= cursor)),
				"a recent refusal past its channel's cursor"
			);
		}
		let watermark = Watermark::<T>::get();
		ensure!(
			watermark <= LastRelayParent::<T>::get().unwrap_or_default(),
			"watermark ahead of the last relay parent"
		);
		ensure!(
			Commitment::<T>::get().is_none_or(|commitment| commitment.watermark <= watermark),
			"watermark behind the last committed one"
		);
		let blocked = BlockedSenders::<T>::get();
		ensure!(
			blocked.windows(2).all(|pair| pair.first() < pair.get(1)),
			"blocked senders not strictly sorted"
		);
		ensure!(!blocked.contains(&T::SelfParaId::get()), "this parachain blocks itself");
		let destinations = RelayViewDestinations::<T>::get();
		ensure!(
			destinations.windows(2).all(|pair| pair.first() < pair.get(1)),
			"relay view destinations not strictly sorted"
		);
		ensure!(
			destinations.iter().all(RelayViewChannels::<T>::contains_key),
			"a relay view destination without its channel view"
		);
		ensure!(
			RelayViewChannels::<T>::iter_keys().count() == destinations.len(),
			"a channel view outside this block's relay view"
		);
		ensure!(
			CurrentRelayParent::<T>::get().is_some() || destinations.is_empty(),
			"a relay view without its block's relay parent"
		);
		let moved = MovedThisBlock::<T>::get();
		ensure!(
			moved.windows(2).all(|pair| match pair {
				[a, b] => a.sender < b.sender,
				_ => true,
			}),
			"moved cursors not strictly sorted"
		);
		for cursor in moved.iter() {
			let channel = InboundChannels::<T>::get(cursor.sender)
				.ok_or("a moved cursor without its channel")?;
			ensure!(channel.cursor == cursor.cursor(), "a moved cursor differs from its channel");
		}
		for batch in ConsumedThisBlock::<T>::get().iter() {
			let cursor = moved
				.iter()
				.find(|cursor| cursor.sender == batch.sender)
				.ok_or("a consumed batch whose sender's cursor did not move")?;
			ensure!(
				batch.last_nonce <= cursor.last_nonce,
				"a consumed batch past its sender's moved cursor"
			);
		}
		Ok(())
	}
}
