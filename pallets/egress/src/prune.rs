//! Pruning: held messages removed once the relay view shows them consumed, each reported
//! delivered or rejected; within a budget per block, continued in the next blocks round robin.

use super::*;
use frame_support::{defensive, traits::Get, weights::WeightMeter, BoundedVec};
use xcmp_primitives::{batch_reclaimable, path_proof, relay_state::OutboundRelayView};

/// Most bytes of the compact length in front of a page (its count of payloads).
const PAGE_PREFIX: u64 = 5;
/// Most bytes of the compact length in front of a payload (at most the protocol's
/// `MAX_MESSAGE_SIZE`, below 2^30).
const PAYLOAD_PREFIX: u64 = 4;

/// The page of a held batch whose messages pruning goes through: read back once, when the
/// first of them is rejected, for the rejection hook; not read if none is.
struct HeldPage<T: Config> {
	destination: ParaId,
	first_nonce: Nonce,
	/// The batch, whose message count and bytes price reading the page back.
	batch: HeldBatch,
	page: Option<Page<T>>,
}

impl<T: Config> HeldPage<T> {
	/// The page of `batch` to `destination`, which starts at `first_nonce`, not read yet.
	fn of(destination: ParaId, first_nonce: Nonce, batch: HeldBatch) -> Self {
		Self { destination, first_nonce, batch, page: None }
	}

	/// The payload of message `nonce` of the batch, its page read first if it was not yet, if
	/// `meter` allows the read (`None` if not). The read is priced at the batch's message count
	/// and bytes.
	fn payload(&mut self, nonce: Nonce, meter: &mut WeightMeter) -> Option<&[u8]> {
		if self.page.is_none() {
			let bound = Pallet::<T>::page_bound(
				u64::from(self.batch.bytes),
				self.batch.messages(self.first_nonce),
			);
			meter.try_consume(Pallet::<T>::page_read_weight(bound)).ok()?;
			self.page =
				Some(BatchPages::<T>::get(self.destination, self.first_nonce).unwrap_or_default());
		}
		let index = usize::try_from(nonce.saturating_sub(self.first_nonce)).unwrap_or(usize::MAX);
		let payload = self.page.as_ref().and_then(|page| page.get(index));
		Some(payload.map_or(&[][..], |payload| &payload[..]))
	}
}

/// Whether pruning a channel reached what its receiver consumed, or stopped on the budget.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pruned {
	/// Everything consumed is pruned.
	All,
	/// The budget ran out inside the channel.
	Stopped,
}

/// The messages a channel's pruning went through, reported as ranges of one outcome each:
/// delivered (`None`) or rejected for one reason.
#[derive(Default)]
struct Run(Option<(Option<RejectionReason>, Nonce, Nonce)>);

impl Run {
	/// Adds `nonce`, with `rejected`, reporting the run before it if this one differs.
	fn add<T: Config>(
		&mut self,
		destination: ParaId,
		rejected: Option<RejectionReason>,
		nonce: Nonce,
	) {
		self.0 = match self.0 {
			Some((kind, first, last)) if kind == rejected && nonce == last.saturating_add(1) => {
				Some((kind, first, nonce))
			}
			done => {
				Self(done).report::<T>(destination);
				Some((rejected, nonce, nonce))
			}
		};
	}

	/// Reports the run, if there is one.
	fn report<T: Config>(self, destination: ParaId) {
		let Some((rejected, first_nonce, last_nonce)) = self.0 else { return };
		Pallet::<T>::deposit_event(match rejected {
			Some(reason) => {
				Event::MessagesRejected { destination, first_nonce, last_nonce, reason }
			}
			None => Event::MessagesDelivered { destination, first_nonce, last_nonce },
		});
	}
}

impl<T: Config> Pallet<T> {
	/// The most weight this block's pruning may take, as `on_initialize` reserves it:
	/// [`Config::PruneWeight`], or less when fewer committed messages are held (visiting every
	/// pending destination, opening a batch and pruning each of them, refused by a receiver
	/// whose rejection hook takes its most). Nothing when none is committed and held.
	///
	/// Stable through the block but for the destinations this block's sends add to
	/// [`PendingDestinations`], whose visits those sends pay ([`Pallet::send_weight_to`]).
	pub fn prune_allowance() -> Weight {
		let committed = HooksBacklog::<T>::get().committed_messages;
		if committed == 0 {
			return Weight::zero();
		}
		let destinations = PendingDestinations::<T>::get().len() as u32;
		let messages = u32::try_from(committed).unwrap_or(u32::MAX);
		let all = T::WeightInfo::prune(destinations, messages, messages)
			.saturating_add(
				Self::refusal_weight(T::MaxMessageSize::get()).saturating_mul(committed),
			)
			.saturating_add(Self::reclaim_setting_weight());
		Self::record_refusals_weight()
			.saturating_mul(u64::from(destinations))
			.saturating_add(all.min(T::PruneWeight::get()))
	}

	/// Reading [`Config::DeliveryTimeout`], once a block's pruning, to know whether it reclaims.
	fn reclaim_setting_weight() -> Weight {
		T::DbWeight::get().reads(1).saturating_add(Weight::from_parts(0, 64))
	}

	/// Keeping one destination's refusals from the block's relay view, which every block does
	/// for every pending destination, outside [`Config::PruneWeight`]: the relay shows a
	/// refusal to one block only. Its relay view and channel read, its refused ranges read and
	/// written.
	pub fn record_refusals_weight() -> Weight {
		let ranges = 16 * u64::from(T::MaxHeldPerChannel::get());
		T::DbWeight::get()
			.reads_writes(3, 1)
			.saturating_add(Weight::from_parts(1_000_000, 2_048 + ranges))
	}

	/// Keeps the refusals each pending destination's relay view shows above what was pruned,
	/// in [`RefusedNonces`].
	fn record_refusals(pending: &[ParaId]) {
		for destination in pending {
			let Some(relay) =
				T::RelayView::outbound_channel(*destination).and_then(|view| view.state)
			else {
				continue;
			};
			if relay.refused.is_empty() {
				continue;
			}
			let Some(channel) = OutboundChannels::<T>::get(destination) else { continue };
			let mut ranges = RefusedNonces::<T>::get(destination).into_inner();
			for range in &relay.refused {
				let first = range.first.max(channel.last_pruned.saturating_add(1));
				let last = range.last.min(channel.last_committed);
				if first <= last {
					ranges.push((first, last));
				}
			}
			ranges.sort();
			let mut merged: Vec<(Nonce, Nonce)> = Vec::with_capacity(ranges.len());
			for (first, last) in ranges {
				match merged.last_mut() {
					Some(previous) if first <= previous.1.saturating_add(1) => {
						previous.1 = previous.1.max(last);
					}
					_ => merged.push((first, last)),
				}
			}
			match BoundedVec::try_from(merged) {
				Ok(ranges) => RefusedNonces::<T>::insert(destination, ranges),
				Err(_) => {
					defensive!("disjoint ranges of held nonces fit MaxHeldPerChannel");
				}
			}
		}
	}

	/// The most a message of `len` bytes refused by its receiver adds to pruning a delivered
	/// one, as `on_initialize` reserves it: [`Config::OnRejected`], and its share of reading its
	/// batch's page back. A page is read once, for the first of its messages pruning rejects;
	/// a batch holds at least one message, so a read and a page's path and prefix for each
	/// message, with its payload, bound the pages read.
	pub fn refusal_weight(len: u32) -> Weight {
		Self::page_read_weight(Self::page_bound(u64::from(len), 1))
			.saturating_add(T::OnRejected::on_message_rejected_weight(len))
	}

	/// Reading back a page of `size` encoded bytes: one read, the page and its path in the
	/// proof.
	pub(crate) fn page_read_weight(size: u64) -> Weight {
		T::DbWeight::get()
			.reads(1)
			.saturating_add(Weight::from_parts(0, size.saturating_add(path_proof::MAP_ITEM)))
	}

	/// The most encoded bytes of a page of `messages` payloads of `payload_bytes` bytes in all:
	/// what a send checks against [`Self::max_page_size`], and pruning charges for reading a
	/// batch's page back.
	pub(crate) fn page_bound(payload_bytes: u64, messages: u64) -> u64 {
		payload_bytes
			.saturating_add(messages.saturating_mul(PAYLOAD_PREFIX))
			.saturating_add(PAGE_PREFIX)
	}

	/// The pruning step that rejects a refused message of the largest size, but for its page's
	/// bytes in the proof: pruning's base, a destination, a batch, the message, its hook and
	/// the page's read. [`Pallet::check_config`] requires [`Config::PruneWeight`] to fit it with
	/// a page of one such message, so that every refused batch can be pruned.
	pub fn refusal_step_weight() -> Weight {
		T::WeightInfo::prune_base()
			.saturating_add(T::WeightInfo::prune_destination())
			.saturating_add(T::WeightInfo::prune_batch())
			.saturating_add(T::WeightInfo::prune_message())
			.saturating_add(T::OnRejected::on_message_rejected_weight(T::MaxMessageSize::get()))
			.saturating_add(Self::page_read_weight(0))
	}

	/// The largest encoded page a batch may have: what [`Self::refusal_step_weight`] leaves of
	/// [`Config::PruneWeight`]'s proof size, so that one block's pruning can read back the page
	/// of any refused batch. A send that would take its batch's page past it fails with
	/// [`Error::BatchFull`].
	pub fn max_page_size() -> u64 {
		T::PruneWeight::get().proof_size().saturating_sub(Self::refusal_step_weight().proof_size())
	}

	/// Prunes, on the channels with held messages, what the relay view shows consumed, within
	/// `limit`: the destinations in order from where the last pruning stopped, so that each
	/// gets its turn; what the budget does not reach waits for the next block. Returns the
	/// weight used.
	pub(crate) fn prune_consumed(limit: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(limit);
		let mut backlog = HooksBacklog::<T>::get();
		if backlog.committed_messages == 0
			|| meter.try_consume(T::WeightInfo::prune_base()).is_err()
		{
			return meter.consumed();
		}
		let pending: Vec<ParaId> = PendingDestinations::<T>::get().into_iter().collect();
		Self::record_refusals(&pending);
		// Reclaiming runs while this chain gives deadlines, on its relay parent.
		let reclaim_at = if meter.try_consume(Self::reclaim_setting_weight()).is_ok() {
			T::DeliveryTimeout::get().and(T::RelayView::relay_parent_number())
		} else {
			None
		};
		let start = backlog
			.prune_from
			.map_or(0, |from| pending.partition_point(|destination| *destination < from));
		let (wrapped, from_start) = pending.split_at(start);
		let first = from_start.first().or(wrapped.first()).copied();
		let mut order = from_start.iter().chain(wrapped).copied().peekable();
		backlog.prune_from = None;
		while let Some(destination) = order.next() {
			if meter.try_consume(T::WeightInfo::prune_destination()).is_err() {
				backlog.prune_from = Some(destination);
				break;
			}
			let Some(view) = T::RelayView::outbound_channel(destination) else {
				defensive!(
					"the ingress inherent refuses a relay view without a pending destination"
				);
				continue;
			};
			let (pruned, outcome) = Self::prune_channel(destination, &view, reclaim_at, &mut meter);
			backlog.committed_messages = backlog.committed_messages.saturating_sub(pruned);
			if outcome == Pruned::Stopped {
				// The next block starts with the destination after this one: none waits
				// behind a channel with more to prune than a block's budget.
				backlog.prune_from = order.peek().copied().or(first);
				break;
			}
		}
		HooksBacklog::<T>::put(backlog);
		meter.consumed()
	}

	/// Prunes the committed messages to `destination` up to the receiver's cursor in `view`,
	/// as far as `meter` allows: each reported delivered or, where the relay says it was
	/// refused, rejected (a message already reclaimed is not reported again). Then, while this
	/// chain gives deadlines (`reclaim_at`, its relay parent), reclaims the held batches after
	/// the cursor that the relay view shows reclaimable ([`batch_reclaimable`]), oldest first
	/// ([`Self::reclaim_timed_out`]). Returns how many messages it pruned, and whether it did all
	/// there was to do.
	fn prune_channel(
		destination: ParaId,
		view: &OutboundChannelView,
		reclaim_at: Option<RelayBlockNumber>,
		meter: &mut WeightMeter,
	) -> (u64, Pruned) {
		let Some(relay) = &view.state else {
			// The relay keeps every channel's record once opened (closed ones too); keep the
			// messages if it ever does not.
			defensive!("the relay keeps the record of every channel with held messages");
			return (0, Pruned::All);
		};
		let Some(mut channel) = OutboundChannels::<T>::get(destination) else {
			return (0, Pruned::All);
		};
		let refusals = RefusedNonces::<T>::get(destination);
		let refused =
			|nonce: Nonce| refusals.iter().any(|(first, last)| *first <= nonce && nonce <= *last);
		let cursor = relay.cursor.last_nonce;
		let consumed = cursor.min(channel.last_committed);
		let first_pruned = channel.last_pruned;
		let first_reclaimed = channel.last_reclaimed;
		let mut outcome = Pruned::All;
		// Runs of delivered nonces (`None`) and of nonces rejected for one reason, reported as
		// ranges.
		let mut run = Run::default();
		'batches: while channel.last_pruned < consumed {
			let first_nonce = channel.oldest_batch();
			// A batch is opened only if its first message can be pruned too.
			let next = channel.last_pruned.saturating_add(1);
			let reported = |nonce| nonce > channel.last_reclaimed && refused(nonce);
			let opening =
				T::WeightInfo::prune_batch().saturating_add(Self::message_bound(reported(next)));
			if !meter.can_consume(opening) {
				outcome = Pruned::Stopped;
				break;
			}
			meter.consume(T::WeightInfo::prune_batch());
			let Some(batch) = HeldBatches::<T>::get(destination, first_nonce) else {
				defensive!("a held batch starts at the channel's oldest held nonce");
				break;
			};
			let mut page = HeldPage::of(destination, first_nonce, batch);
			for nonce in next..=batch.last_nonce.min(consumed) {
				// A reclaimed message was reported when it was reclaimed: the receiver refused
				// it since, as it must.
				let reclaimed = nonce <= channel.last_reclaimed;
				let refused = !reclaimed && refused(nonce);
				if !meter.can_consume(Self::message_bound(refused)) {
					channel.pruning_batch = Some(first_nonce);
					outcome = Pruned::Stopped;
					break 'batches;
				}
				if refused {
					if !Self::reject_held(&mut page, nonce, RejectionReason::Refused, meter) {
						channel.pruning_batch = Some(first_nonce);
						outcome = Pruned::Stopped;
						break 'batches;
					}
				} else {
					meter.consume(T::WeightInfo::prune_message());
				}
				channel.last_pruned = nonce;
				if !reclaimed {
					run.add::<T>(destination, refused.then_some(RejectionReason::Refused), nonce);
				}
			}
			if channel.last_pruned < batch.last_nonce {
				// Receivers consume whole batches, so the cursor ends one.
				defensive!("the receiver's cursor is at the end of a batch");
				channel.pruning_batch = Some(first_nonce);
				break;
			}
			channel.pruning_batch = None;
			channel.held_bytes = channel.held_bytes.saturating_sub(u64::from(batch.bytes));
			Self::drop_batch(destination, first_nonce, batch.sent_at);
		}
		if channel.last_pruned >= channel.last_reclaimed {
			channel.reclaiming_batch = None;
		}
		if let (Pruned::All, Some(relay_parent)) = (outcome, reclaim_at) {
			outcome = Self::reclaim_timed_out(
				destination,
				&mut channel,
				relay_parent,
				cursor,
				&mut run,
				meter,
			);
		}
		run.report::<T>(destination);
		let pruned = channel.last_pruned.saturating_sub(first_pruned);
		let reclaimed = channel.last_reclaimed.saturating_sub(first_reclaimed);
		if pruned > 0 || reclaimed > 0 || channel.pruning_batch.is_some() {
			Self::store_channel(destination, channel);
		}
		if refusals.first().is_some_and(|(_, last)| *last <= channel.last_pruned) {
			let left: Vec<_> =
				refusals.into_iter().filter(|(_, last)| *last > channel.last_pruned).collect();
			if left.is_empty() {
				RefusedNonces::<T>::remove(destination);
			} else if let Ok(left) = BoundedVec::try_from(left) {
				RefusedNonces::<T>::insert(destination, left);
			}
		}
		(pruned, outcome)
	}

	/// Reclaims, at `relay_parent`, where the receiver's cursor is at `cursor`, the held batches
	/// to `destination` after the cursor and after what was reclaimed, oldest first, while
	/// each is reclaimable ([`batch_reclaimable`]) and `meter` allows: each message is reported
	/// [`RejectionReason::TimedOut`] and given to [`Config::OnRejected`]. Its batch stays held
	/// until the receiver's cursor passes it, so that the receiver's collator can route it,
	/// as a refusal, with its entry's proof: the receiver must still consume it.
	fn reclaim_timed_out(
		destination: ParaId,
		channel: &mut OutboundChannel,
		relay_parent: RelayBlockNumber,
		cursor: Nonce,
		run: &mut Run,
		meter: &mut WeightMeter,
	) -> Pruned {
		let timed_out = RejectionReason::TimedOut;
		while channel.next_to_reclaim() <= channel.last_committed {
			let next = channel.next_to_reclaim();
			let first_nonce = channel.reclaiming_batch.unwrap_or(next);
			let opening = T::WeightInfo::prune_batch().saturating_add(Self::message_bound(true));
			if !meter.can_consume(opening) {
				return Pruned::Stopped;
			}
			// Read whatever it finds: a batch not reclaimable yet ends the channel's turn.
			meter.consume(T::WeightInfo::prune_batch());
			let Some(batch) = HeldBatches::<T>::get(destination, first_nonce) else {
				defensive!("a held batch starts where reclaiming goes on");
				return Pruned::All;
			};
			if !batch_reclaimable(batch.expires_at, first_nonce, relay_parent, cursor) {
				return Pruned::All;
			}
			let mut page = HeldPage::of(destination, first_nonce, batch);
			for nonce in next..=batch.last_nonce {
				if !meter.can_consume(Self::message_bound(true))
					|| !Self::reject_held(&mut page, nonce, timed_out, meter)
				{
					// Inside the batch only once part of it is reclaimed.
					if nonce > first_nonce {
						channel.reclaiming_batch = Some(first_nonce);
					}
					return Pruned::Stopped;
				}
				channel.last_reclaimed = nonce;
				run.add::<T>(destination, Some(timed_out), nonce);
			}
			channel.reclaiming_batch = None;
		}
		Pruned::All
	}

	/// Gives message `nonce` of `page`'s batch to [`Config::OnRejected`] as rejected for
	/// `reason`, reading the page back first if no message of the batch did yet, if `meter`
	/// allows; if it does not, what was read is charged (it fitted) and the message is left for
	/// a later block. Returns whether it was rejected.
	fn reject_held(
		page: &mut HeldPage<T>,
		nonce: Nonce,
		reason: RejectionReason,
		meter: &mut WeightMeter,
	) -> bool {
		let destination = page.destination;
		let Some(payload) = page.payload(nonce, meter) else { return false };
		let weight = T::WeightInfo::prune_message()
			.saturating_add(T::OnRejected::on_message_rejected_weight(payload.len() as u32));
		if meter.try_consume(weight).is_err() {
			return false;
		}
		T::OnRejected::on_message_rejected(MessageId { destination, nonce }, payload, reason);
		true
	}

	/// The least pruning a message may take, before its page is read if it is `refused`: the
	/// message, and a read.
	fn message_bound(refused: bool) -> Weight {
		let message = T::WeightInfo::prune_message();
		if refused {
			message.saturating_add(Self::page_read_weight(0))
		} else {
			message
		}
	}

	/// Drops the held batch to `destination` starting at `first_nonce`, all of whose messages
	/// are pruned, with its page, and its block's commitment if it was the block's last held
	/// batch.
	fn drop_batch(destination: ParaId, first_nonce: Nonce, sent_at: RelayBlockNumber) {
		HeldBatches::<T>::remove(destination, first_nonce);
		BatchPages::<T>::remove(destination, first_nonce);
		CommittedBlockBatches::<T>::mutate_exists(sent_at, |held| {
			if let Some(count) = held {
				*count = count.saturating_sub(1);
				if *count == 0 {
					*held = None;
					CommittedBlocks::<T>::remove(sent_at);
				}
			}
		});
	}

	/// Stores `channel`, and keeps [`PendingDestinations`] to the channels holding messages.
	pub(crate) fn store_channel(destination: ParaId, channel: OutboundChannel) {
		if channel.held() == 0 {
			PendingDestinations::<T>::mutate(|pending| pending.remove(&destination));
		}
		OutboundChannels::<T>::insert(destination, channel);
	}
}
