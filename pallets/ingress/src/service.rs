//! The queue's service: queued messages handed to the message processor within a weight budget,
//! round robin over senders, and the store of parked messages.

use crate::{
	Config, Error, Event, Footprint, InboundChannel, InboundChannels, InboundQueue, NextToService,
	Pallet, ParkReason, ParkedMessage, ParkedMessages, ProcessMessageWithOutcome, QueueFootprint,
	QueuePageOf, ReadySenders, WeightInfo, WeightModel, LOG_TARGET,
};
use alloc::{
	collections::{btree_map, BTreeMap, BTreeSet},
	vec,
	vec::Vec,
};
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	defensive, ensure,
	storage::{self, TransactionOutcome},
	traits::{Get, ProcessMessageError},
	weights::{Weight, WeightMeter},
};
use sp_runtime::{
	traits::{Convert, Hash},
	DispatchError,
};
use xcmp_primitives::{
	limits::MAX_MESSAGE_SIZE,
	outcome::{outcome_root, MessageOutcome, OutcomeError, SenderOutcomes, MAX_OUTCOMES_PER_BLOCK},
	Hashing, Nonce, ParaId, Payload, XcmpDigestItem, H256,
};

/// The outcome of a message the processor ran.
fn outcome_of(processed: Result<(), OutcomeError>) -> MessageOutcome {
	processed.map_or_else(MessageOutcome::Failed, |()| MessageOutcome::Executed)
}

/// What reading a queue page found.
enum PageRead<T: Config> {
	/// The page, decoded.
	Page(QueuePageOf<T>),
	/// A value of `len` bytes that does not decode as a page within [`Config::MaxPageBytes`].
	Unreadable { len: u32 },
	/// Nothing.
	Missing,
}

/// The most bytes an encoded queue page may take.
fn max_page_len<T: Config>() -> u32 {
	u32::try_from(QueuePageOf::<T>::max_encoded_len()).unwrap_or(u32::MAX)
}

/// Outcome of servicing one queued message.
enum ServiceOutcome {
	/// The message left the queue (processed or parked); `drained` when it was the sender's
	/// last.
	Progressed { drained: bool },
	/// The sender cannot progress in this run: its head page is unreadable, the processor
	/// yielded, or its message needs parking and the sender has
	/// [`Config::MaxParkedPerSender`] parked already.
	Skipped,
	/// The message needs more weight than remains in this block: stop servicing.
	OutOfWeight,
}

/// A sender's channel and head page, as one run of the service holds them.
struct LoadedSender<T: Config> {
	channel: InboundChannel,
	/// The head page, once loaded; `None` again when it was serviced to its end and removed.
	page: Option<QueuePageOf<T>>,
	/// Whether the channel or the page changed since they were read.
	changed: bool,
}

/// What one run of the service has read and changed, written back once at its end.
struct ServiceRun<T: Config> {
	senders: BTreeMap<ParaId, LoadedSender<T>>,
	/// Messages and bytes that left the queue.
	serviced: QueueFootprint,
	/// The outcome of each message processed or parked, in order.
	outcomes: Vec<(ParaId, Nonce, MessageOutcome)>,
}

impl<T: Config> Default for ServiceRun<T> {
	fn default() -> Self {
		Self { senders: BTreeMap::new(), serviced: QueueFootprint::default(), outcomes: Vec::new() }
	}
}

impl<T: Config> ServiceRun<T> {
	/// Writes back the channels and pages that changed, and the queue's footprint.
	fn write_back(self) {
		for (sender, loaded) in self.senders {
			if !loaded.changed {
				continue;
			}
			if let Some(page) = loaded.page {
				InboundQueue::<T>::insert(sender, loaded.channel.queue_head, page);
			}
			InboundChannels::<T>::insert(sender, loaded.channel);
		}
		if self.serviced != QueueFootprint::default() {
			Footprint::<T>::mutate(|footprint| *footprint = footprint.minus(self.serviced));
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Services the inbound queue within `limit`. Returns the weight used.
	pub fn service_queue(limit: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(limit);
		let mut ready = ReadySenders::<T>::get();
		if ready.is_empty() || meter.try_consume(WeightModel::<T>::service_queue_base()).is_err() {
			return meter.consumed();
		}
		let mut position = NextToService::<T>::get()
			.map(|next| ready.partition_point(|sender| *sender < next))
			.unwrap_or(0);
		let mut run = ServiceRun::<T>::default();
		// Senders that cannot progress in this run: their head page is unreadable, the
		// processor yielded, or their message needs parking and they have as many parked as
		// they may.
		let mut skipped = BTreeSet::new();
		while skipped.len() < ready.len() {
			if position >= ready.len() {
				position = 0;
			}
			let Some(sender) = ready.get(position).copied() else { break };
			if skipped.contains(&sender) {
				position = position.saturating_add(1);
				continue;
			}
			match Self::service_message(sender, &mut meter, &mut run) {
				ServiceOutcome::Progressed { drained: true } => {
					// `position` then points at the sender after it.
					ready.retain(|ready_sender| *ready_sender != sender);
				}
				ServiceOutcome::Progressed { drained: false } => {
					position = position.saturating_add(1);
				}
				ServiceOutcome::Skipped => {
					skipped.insert(sender);
					position = position.saturating_add(1);
				}
				ServiceOutcome::OutOfWeight => break,
			}
		}
		let outcomes = core::mem::take(&mut run.outcomes);
		run.write_back();
		Self::commit_outcomes(outcomes);
		if position >= ready.len() {
			position = 0;
		}
		match ready.get(position) {
			Some(next) => NextToService::<T>::put(next),
			None => NextToService::<T>::kill(),
		}
		ReadySenders::<T>::put(ready);
		meter.consumed()
	}

	/// Hands `sender`'s oldest queued message to the processor, loading its head page into
	/// `run` first if it is not there yet.
	fn service_message(
		sender: ParaId,
		meter: &mut WeightMeter,
		run: &mut ServiceRun<T>,
	) -> ServiceOutcome {
		if run.outcomes.len() >= MAX_OUTCOMES_PER_BLOCK as usize {
			return ServiceOutcome::OutOfWeight;
		}
		// A message may need parking, which the meter must still afford after it, and its
		// outcome is committed either way.
		let commit_outcome = Self::outcome_weight();
		let park = WeightModel::<T>::park_message().saturating_add(commit_outcome);
		let smallest = WeightModel::<T>::service_message(0).saturating_add(park);
		let load = WeightModel::<T>::service_page(T::MaxPageBytes::get());
		let loaded = match run.senders.entry(sender) {
			btree_map::Entry::Occupied(entry) => entry.into_mut(),
			btree_map::Entry::Vacant(entry) => {
				if !meter.can_consume(load.saturating_add(smallest)) {
					return ServiceOutcome::OutOfWeight;
				}
				let Some(channel) = InboundChannels::<T>::get(sender) else {
					return ServiceOutcome::Progressed { drained: true };
				};
				entry.insert(LoadedSender { channel, page: None, changed: false })
			}
		};
		if loaded.page.is_none() {
			if loaded.channel.queued_pages() == 0 {
				return ServiceOutcome::Progressed { drained: true };
			}
			if !meter.can_consume(load.saturating_add(smallest)) {
				return ServiceOutcome::OutOfWeight;
			}
			if loaded.channel.unreadable_head.is_some_and(|len| len > max_page_len::<T>()) {
				// Found unreadable before and still larger than a page may be: not read again
				// until a runtime raises the bound. Charged as its channel's read.
				meter.consume(WeightModel::<T>::service_page(0));
				return ServiceOutcome::Skipped;
			}
			let position = loaded.channel.queue_head;
			match Self::read_page(sender, position) {
				PageRead::Page(page) => {
					meter.consume(WeightModel::<T>::service_page(page.heap.len() as u32));
					loaded.page = Some(page);
				}
				PageRead::Unreadable { len } => {
					// Charged by its length, which the proof holds whole: within the bound
					// checked above, but for a page longer than a page may be, found so once
					// (it is not read again until it can fit); the meter then takes what it
					// has left.
					let cost = WeightModel::<T>::service_page(len);
					meter.consume(cost.min(meter.remaining()));
					Self::note_unreadable(sender, loaded, len);
					return ServiceOutcome::Skipped;
				}
				PageRead::Missing => {
					// Nothing is there to keep, so the channel goes on with its next page.
					defensive!("a queue position between head and tail is never empty", sender);
					meter.consume(WeightModel::<T>::service_page(0));
					loaded.channel.queue_head = position.saturating_add(1);
					loaded.channel.unreadable_head = None;
					loaded.changed = true;
					if loaded.channel.queued_pages() == 0 {
						// What the lost page held left the queue with it: nothing of the
						// sender's is queued any more.
						let lost = core::mem::take(&mut loaded.channel.queued);
						run.serviced = run.serviced.plus(lost.messages, lost.bytes);
					}
					return ServiceOutcome::Progressed {
						drained: loaded.channel.queued_pages() == 0,
					};
				}
			}
		}
		let Some(page) = loaded.page.as_mut() else {
			return ServiceOutcome::Progressed { drained: true };
		};
		let nonce = page.next_nonce;
		let Some((payload, encoded_len)) = page.peek() else {
			// The page decodes but its messages do not (corrupt storage): it is kept, with
			// what this run served from it, and read again in the next blocks.
			let len = u32::try_from(page.encoded_size()).unwrap_or(u32::MAX);
			Self::note_unreadable(sender, loaded, len);
			return ServiceOutcome::Skipped;
		};
		if loaded.channel.unreadable_head.take().is_some() {
			loaded.changed = true;
			let page = loaded.channel.queue_head;
			Self::deposit_event(Event::ChannelResumed { sender, page });
		}
		let service = WeightModel::<T>::service_message(payload.len() as u32);
		if !meter.can_consume(service.saturating_add(park)) {
			return ServiceOutcome::OutOfWeight;
		}
		meter.consume(service);
		let mut id = Hashing::hash(payload).to_fixed_bytes();
		// The processor gets what is left but the room for parking the message after it.
		let mut processing = WeightMeter::with_limit(meter.remaining().saturating_sub(park));
		let result = match Self::process(payload, sender, &mut processing, &mut id) {
			Ok(result) => result,
			Err(error) => {
				log::error!(target: LOG_TARGET, "no storage layer to process a message: {error:?}");
				return ServiceOutcome::Skipped;
			}
		};
		meter.consume(processing.consumed());
		let reason = match result {
			Ok(processed) => {
				Self::deposit_event(Event::Processed {
					sender,
					nonce,
					id: H256(id),
					success: processed.is_ok(),
					weight_used: processing.consumed(),
				});
				run.outcomes.push((sender, nonce, outcome_of(processed)));
				meter.consume(commit_outcome);
				None
			}
			Err(ProcessMessageError::Yield) => return ServiceOutcome::Skipped,
			Err(ProcessMessageError::Overweight(required)) => {
				if !required.any_gt(Self::message_budget()) {
					return ServiceOutcome::OutOfWeight;
				}
				Some(ParkReason::Overweight { required })
			}
			Err(ProcessMessageError::BadFormat) => Some(ParkReason::BadFormat),
			Err(ProcessMessageError::Corrupt) => Some(ParkReason::Corrupt),
			Err(ProcessMessageError::Unsupported) => Some(ParkReason::Unsupported),
			Err(ProcessMessageError::StackLimitReached) => Some(ParkReason::StackLimitReached),
		};
		if let Some(reason) = reason {
			if loaded.channel.parked >= T::MaxParkedPerSender::get() {
				// It stays at the head of its queue: the processor's attempt was rolled back.
				return ServiceOutcome::Skipped;
			}
			meter.consume(park);
			// Never truncates: queued payloads passed their channel's size check.
			let payload = Payload::truncate_from(payload.to_vec());
			let parked_outcome = match reason {
				ParkReason::Overweight { required } => MessageOutcome::Overweight { required },
				_ => MessageOutcome::Unprocessable,
			};
			run.outcomes.push((sender, nonce, parked_outcome));
			let parked = ParkedMessage { reason: reason.clone(), payload };
			ParkedMessages::<T>::insert(sender, nonce, parked);
			loaded.channel.parked = loaded.channel.parked.saturating_add(1);
			Self::deposit_event(Event::MessageParked { sender, nonce, id: H256(id), reason });
		}
		let payload_len = payload.len() as u64;
		page.advance(encoded_len);
		run.serviced = run.serviced.plus(1, payload_len);
		loaded.channel.queued =
			loaded.channel.queued.minus(QueueFootprint { messages: 1, bytes: payload_len });
		loaded.changed = true;
		if page.remaining == 0 {
			InboundQueue::<T>::remove(sender, loaded.channel.queue_head);
			loaded.channel.queue_head = loaded.channel.queue_head.saturating_add(1);
			loaded.page = None;
		}
		ServiceOutcome::Progressed {
			drained: loaded.page.is_none() && loaded.channel.queued_pages() == 0,
		}
	}

	/// Hands `payload` from `sender` to the message processor within `meter`, in a storage
	/// layer of its own that is rolled back when the processor returns an error (as
	/// `pallet-message-queue` does): a message that is tried again leaves nothing of a failed
	/// attempt behind. Fails, without calling the processor, only when no storage layer can be
	/// opened.
	fn process(
		payload: &[u8],
		sender: ParaId,
		meter: &mut WeightMeter,
		id: &mut [u8; 32],
	) -> Result<Result<Result<(), OutcomeError>, ProcessMessageError>, DispatchError> {
		storage::with_transaction(|| {
			let origin = T::SenderOrigin::convert(sender);
			let result =
				T::MessageProcessor::process_message_with_outcome(payload, origin, meter, id);
			match result {
				Ok(_) => TransactionOutcome::Commit(Ok(result)),
				Err(_) => TransactionOutcome::Rollback(Ok(result)),
			}
		})
	}

	/// What committing one message's outcome costs the service: its share of the outcome trie
	/// and of the [`Event::OutcomesCommitted`] that lists it, at most one outcome's largest
	/// encoding each, priced per byte and node as the inherent's proofs are
	/// ([`WeightModel::receive_proof`]).
	pub fn outcome_weight() -> Weight {
		let bytes = (ParaId::max_encoded_len()
			+ Nonce::max_encoded_len()
			+ MessageOutcome::max_encoded_len()) as u32;
		WeightModel::<T>::receive_proof(bytes.saturating_mul(2), 1)
	}

	/// Commits the run's outcomes, if it has any: their root in the header digest
	/// ([`XcmpDigestItem::OutcomeRoot`]), their list in [`Event::OutcomesCommitted`] for the
	/// collator (an event, not storage: the block's proof of validity holds no trie node for
	/// it).
	fn commit_outcomes(outcomes: Vec<(ParaId, Nonce, MessageOutcome)>) {
		if outcomes.is_empty() {
			return;
		}
		let mut by_sender: BTreeMap<ParaId, SenderOutcomes> = BTreeMap::new();
		for (sender, nonce, outcome) in outcomes {
			by_sender.entry(sender).or_default().push((nonce, outcome));
		}
		let outcomes: Vec<(ParaId, SenderOutcomes)> = by_sender.into_iter().collect();
		let root = outcome_root(&outcomes);
		frame_system::Pallet::<T>::deposit_log(XcmpDigestItem::OutcomeRoot(root).to_digest_item());
		Self::deposit_event(Event::OutcomesCommitted { root, outcomes });
	}

	/// Reads `sender`'s queue page at `position`: its length first, then, if a page may be that
	/// long, its bytes. A page longer than that (stored under a larger
	/// [`Config::MaxPageBytes`], or corrupt) is never copied into the runtime's memory.
	fn read_page(sender: ParaId, position: u64) -> PageRead<T> {
		let key = InboundQueue::<T>::hashed_key_for(sender, position);
		let Some(len) = sp_io::storage::read(&key, &mut [], 0) else {
			return PageRead::Missing;
		};
		if len > max_page_len::<T>() {
			return PageRead::Unreadable { len };
		}
		let mut bytes = vec![0u8; len as usize];
		if sp_io::storage::read(&key, &mut bytes, 0) != Some(len) {
			return PageRead::Unreadable { len };
		}
		match QueuePageOf::<T>::decode(&mut &bytes[..]) {
			Ok(page) => PageRead::Page(page),
			Err(_) => PageRead::Unreadable { len },
		}
	}

	/// Records that `sender`'s head page, of `len` bytes, is unreadable: it stays where it is,
	/// with its messages, and its sender is skipped until it reads again. Reported once, when
	/// the channel stalls ([`Event::ChannelStalled`]), not in every block that tries it.
	fn note_unreadable(sender: ParaId, loaded: &mut LoadedSender<T>, len: u32) {
		let page = loaded.channel.queue_head;
		if loaded.channel.unreadable_head.is_none() {
			log::error!(
				target: LOG_TARGET,
				"queue page {page} of {sender:?} ({len} bytes) unreadable: its channel waits"
			);
			Self::deposit_event(Event::ChannelStalled { sender, page, len });
		}
		if loaded.channel.unreadable_head != Some(len) {
			loaded.channel.unreadable_head = Some(len);
			loaded.changed = true;
		}
	}

	/// The most weight a message's processing can ever get: a whole service budget but for
	/// loading its page, servicing it, the room kept for parking it and committing its outcome.
	pub fn message_budget() -> Weight {
		T::ServiceWeight::get()
			.saturating_sub(WeightModel::<T>::service_queue_base())
			.saturating_sub(WeightModel::<T>::service_page(T::MaxPageBytes::get()))
			.saturating_sub(WeightModel::<T>::service_message(MAX_MESSAGE_SIZE))
			.saturating_sub(WeightModel::<T>::park_message())
			.saturating_sub(Self::outcome_weight())
	}

	/// Hands the message `sender` parked with `nonce` to the processor again within
	/// `weight_limit`, and unparks it once processed. Returns the weight used: the call's
	/// ([`WeightInfo::execute_parked`]) and the processor's.
	pub fn do_execute_parked(
		sender: ParaId,
		nonce: Nonce,
		weight_limit: Weight,
	) -> Result<Weight, DispatchError> {
		let message =
			ParkedMessages::<T>::get(sender, nonce).ok_or(Error::<T>::NoSuchParkedMessage)?;
		let mut id = Hashing::hash(&message.payload).to_fixed_bytes();
		let mut meter = WeightMeter::with_limit(weight_limit);
		match Self::process(&message.payload, sender, &mut meter, &mut id)? {
			Ok(processed) => Self::deposit_event(Event::Processed {
				sender,
				nonce,
				id: H256(id),
				success: processed.is_ok(),
				weight_used: meter.consumed(),
			}),
			Err(ProcessMessageError::Overweight(_)) => {
				return Err(Error::<T>::InsufficientWeight.into())
			}
			Err(ProcessMessageError::Yield) => return Err(Error::<T>::ProcessorYielded.into()),
			Err(error) => {
				log::info!(
					target: LOG_TARGET,
					"parked message {nonce} of {sender:?} failed again: {error:?}"
				);
				return Err(Error::<T>::ProcessingFailed.into());
			}
		}
		Self::unpark(sender, nonce);
		let call = T::WeightInfo::execute_parked(message.payload.len() as u32);
		Ok(call.saturating_add(meter.consumed()))
	}

	/// Discards the message `sender` parked with `nonce`, unprocessed.
	pub fn do_discard_parked(sender: ParaId, nonce: Nonce) -> Result<(), DispatchError> {
		ensure!(ParkedMessages::<T>::contains_key(sender, nonce), Error::<T>::NoSuchParkedMessage);
		Self::unpark(sender, nonce);
		Self::deposit_event(Event::ParkedMessageDiscarded { sender, nonce });
		Ok(())
	}

	/// Removes a parked message and counts it out of its sender's channel.
	fn unpark(sender: ParaId, nonce: Nonce) {
		ParkedMessages::<T>::remove(sender, nonce);
		InboundChannels::<T>::mutate(sender, |channel| {
			if let Some(channel) = channel {
				channel.parked = channel.parked.saturating_sub(1);
			}
		});
	}
}
