//! The ingress inherent: what a block's collator puts in it, and how the pallet checks all of it
//! against the relay-state proof and its own state before anything is stored, then applies it.

use crate::{
	pages_needed, Config, ConsumedThisBlock, CurrentRelayParent, Error, Event, Footprint,
	InboundChannels, LastRelayParent, MovedThisBlock, Pallet, QueueFootprint, ReadySenders,
	RecentRefusals, Watermark, WeightModel,
};
use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	ensure,
	inherent::{InherentIdentifier, IsFatalError},
	traits::{ConstU32, Get},
	weights::Weight,
	BoundedVec,
};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;
use sp_trie::{CompactProof, StorageProof};
use xcmp_primitives::{
	consume_batch,
	limits::{MAX_REFUSED_RANGES, MAX_WATERMARK_ADVANCE},
	outcome::{
		verify_outcome_report, OutcomeReport, OutcomeReportError, OutcomeSink, SenderOutcomes,
		MAX_OUTCOMES_PER_INHERENT,
	},
	receiver::{check_sender_move, refusals_not_included, walk_digests, SenderMoveError},
	relay_state::{
		OutboundChannelView, RefusedRange, RelayParentProvider, RelayStateError, RelayStateProof,
	},
	ChannelCursor, ConsumedBatch, ConsumedBatches, Consumption, IngressCursor, MovedCursors, Nonce,
	ParaId, RefusalReason, RelayBlockNumber, RoutedBatch, VerificationError,
};

/// The identifier of the ingress inherent's data.
pub const INHERENT_IDENTIFIER: InherentIdentifier = *b"xcmpingr";

/// Makes the ingress inherent part of every valid block: set as `frame_system::Config`'s
/// `PostInherents`, it fails a block whose inherents did not include it. `validate_block` does
/// not check inherents as block import does (`ProvideInherent::is_inherent_required`), so
/// without it a collator could leave the inherent out, and with it the relay view and the
/// watermark, unseen by the relay's validators. The executive calls it once the inherents are
/// applied, when the block is built as when it is validated; failing is a panic, as cumulus's
/// parachain-system fails a block without its validation data.
pub struct EnsureInherentApplied<T>(core::marker::PhantomData<T>);

impl<T: Config> frame_support::traits::PostInherents for EnsureInherentApplied<T> {
	fn post_inherents() {
		assert!(
			CurrentRelayParent::<T>::exists(),
			"the XCMP ingress inherent must be applied in every block"
		);
	}
}

/// What the collator puts in a block's ingress inherent.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct IngressInherentData {
	/// Relay-state storage proof against the state root of the block's relay parent, compact
	/// (`sp_trie::CompactProof`, as cumulus encodes a PoV's proof): the records the batches, the
	/// watermark and the relay view need. Empty when the block carries them already in another
	/// inherent's proof ([`RelayParentProvider::carried_relay_state_proof`]).
	pub relay_state_proof: CompactProof,
	/// Outbound destinations whose channel records the egress pallet should see in this block,
	/// besides those it has messages pending to.
	pub outbound_destinations: Vec<ParaId>,
	/// The batches this block consumes, in the order it consumes them.
	pub batches: Vec<RoutedBatch>,
	/// Outcomes of this parachain's messages, proven from their receivers' heads at the relay
	/// parent: at most one report per receiver, strictly sorted by receiver.
	pub outcomes: Vec<OutcomeReport>,
}

impl IngressInherentData {
	/// Number of messages carried by all batches.
	pub fn message_count(&self) -> usize {
		self.batches.iter().map(RoutedBatch::message_count).sum()
	}

	/// Payload bytes carried by all batches.
	pub fn payload_bytes(&self) -> usize {
		self.batches
			.iter()
			.flat_map(|batch| batch.messages.iter().map(|message| message.payload.len()))
			.sum()
	}
}

/// Why the ingress inherent could not be created or checked outside the runtime's call.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, Debug)]
pub enum InherentError {
	/// The block has no ingress inherent, which every block must carry.
	Missing,
	/// The inherent carries more batches than [`Config::MaxBatchesPerInherent`].
	TooManyBatches,
	/// The inherent is larger than [`Config::MaxInherentSize`].
	TooLarge,
}

impl IsFatalError for InherentError {
	fn is_fatal_error(&self) -> bool {
		true
	}
}

/// What the watermark's advance walks in one block ([`WeightModel::receive_watermark`]): the
/// relay's digests for this parachain it reads from the relay-state proof, the digest entries it
/// checks and the inbound channels it reads for them.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct WatermarkWalk {
	/// Digests read (the one that stops the walk included): at most
	/// [`Config::MaxWatermarkAdvance`].
	pub blocks: u32,
	/// Digest entries checked against their sender's cursor.
	pub entries: u32,
	/// Inbound channels read for those entries, of senders the block moves no cursor of: at
	/// most one per sender.
	pub senders: u32,
}

impl WatermarkWalk {
	/// The longest walk any block's watermark makes: [`Config::MaxWatermarkAdvance`] digests (at
	/// most the protocol's [`MAX_WATERMARK_ADVANCE`]), each with an entry from each of
	/// [`Config::MaxInboundChannels`] senders, none of whom the block moves a cursor of. A digest
	/// holds one entry per sender with a channel to this parachain, and the relay's bound on
	/// those channels is at most this pallet's (`docs/PROTOCOL.md`, "Watermark").
	pub fn most<T: Config>() -> Self {
		let blocks = T::MaxWatermarkAdvance::get().min(MAX_WATERMARK_ADVANCE);
		let senders = T::MaxInboundChannels::get();
		Self { blocks, entries: blocks.saturating_mul(senders), senders }
	}
}

/// What [`Pallet::receive`]'s weight counts of its data, all known before dispatch.
#[derive(Clone, Copy, Default)]
pub(crate) struct InherentShape {
	/// Batches.
	pub batches: u32,
	/// Messages in all batches.
	pub messages: u32,
	/// Payload bytes in all batches.
	pub payload_bytes: u32,
	/// Encoded bytes of the relay-state proof.
	pub proof_bytes: u32,
	/// Nodes of the relay-state proof.
	pub proof_nodes: u32,
	/// Encoded bytes of the outcome reports.
	pub report_bytes: u32,
	/// Headers and proof nodes of the outcome reports.
	pub report_nodes: u32,
	/// Outcome reports.
	pub reports: u32,
	/// Outcomes in all reports.
	pub outcomes: u32,
}

impl InherentShape {
	/// The shape of `data`.
	pub fn of(data: &IngressInherentData) -> Self {
		let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
		Self {
			batches: count(data.batches.len()),
			messages: count(data.message_count()),
			payload_bytes: count(data.payload_bytes()),
			proof_bytes: count(data.relay_state_proof.encoded_size()),
			proof_nodes: count(data.relay_state_proof.encoded_nodes.len()),
			report_bytes: count(data.outcomes.encoded_size()),
			report_nodes: count(
				data.outcomes
					.iter()
					.map(|report| {
						let nodes: usize =
							report.blocks.iter().map(|block| block.proof.nodes.len()).sum();
						report.headers.len().saturating_add(nodes)
					})
					.sum(),
			),
			reports: count(data.outcomes.len()),
			outcomes: count(
				data.outcomes
					.iter()
					.flat_map(|report| report.blocks.iter().map(|block| block.outcomes.len()))
					.sum(),
			),
		}
	}

	/// This shape, with the relay records read from `carried`, the relay-state proof the block
	/// carries in another inherent, if any, in place of the inherent's own.
	pub fn reading(mut self, carried: Option<&StorageProof>) -> Self {
		if let Some(proof) = carried {
			let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
			self.proof_bytes = count(proof.encoded_size());
			self.proof_nodes = count(proof.len());
		}
		self
	}

	/// Taking an inherent of this shape that writes `pages` queue pages, keeps a relay view of
	/// `destinations` outbound channels and walks the watermark over `walk`; without the
	/// service.
	pub fn weight<T: Config>(&self, pages: u32, destinations: u32, walk: WatermarkWalk) -> Weight {
		let (b, m, s) = (self.batches, self.messages, self.payload_bytes);
		WeightModel::<T>::receive(b, m, pages, destinations, s)
			.saturating_add(WeightModel::<T>::receive_proof(self.proof_bytes, self.proof_nodes))
			.saturating_add(WeightModel::<T>::receive_watermark(
				walk.blocks,
				walk.entries,
				walk.senders,
			))
			.saturating_add(self.outcomes_weight::<T>())
	}

	/// Checking and taking the outcome reports: hashing their headers and proof nodes, priced
	/// as the relay-state proof's bytes and nodes are ([`WeightModel::receive_proof`]), and the
	/// egress side's intake of each report's outcomes
	/// ([`OutcomeSink::note_outcomes_weight`]), linear in the outcomes, with its fixed part once
	/// per report.
	fn outcomes_weight<T: Config>(&self) -> Weight {
		if self.reports == 0 {
			return Weight::zero();
		}
		WeightModel::<T>::receive_proof(self.report_bytes, self.report_nodes)
			.saturating_add(T::OutcomeSink::note_outcomes_weight(self.outcomes))
			.saturating_add(
				T::OutcomeSink::note_outcomes_weight(0).saturating_mul(u64::from(self.reports)),
			)
	}
}

/// What taking a verified inherent did that its weight counts, beyond its data.
pub(crate) struct TakenInherent {
	/// Queue pages written.
	pub pages: u32,
	/// Outbound channels in the block's relay view.
	pub destinations: u32,
	/// The watermark's walk.
	pub walk: WatermarkWalk,
}

/// What a verified inherent changes, computed before anything is written.
struct VerifiedInherent {
	relay_parent: RelayBlockNumber,
	/// Per sender, the cursor reached and whether its batches were refused.
	moved: BTreeMap<ParaId, (ChannelCursor, bool)>,
	/// The batches, each with how it is consumed.
	batches: Vec<(RoutedBatch, Consumption)>,
	/// Per sender this block refuses, its [`RecentRefusals`] with this block's.
	refusals: Vec<(ParaId, BoundedVec<RefusedRange, ConstU32<MAX_REFUSED_RANGES>>)>,
	/// The outbound relay view, sorted by destination.
	view: Vec<(ParaId, OutboundChannelView)>,
	watermark: RelayBlockNumber,
	/// What finding the watermark walked.
	walk: WatermarkWalk,
	footprint: QueueFootprint,
	/// Per receiver, the outcomes its report proved.
	outcomes: Vec<(ParaId, SenderOutcomes)>,
}

impl<T: Config> Pallet<T> {
	/// Weight declared for [`Pallet::receive`]: verification of `data` (its batches and its
	/// relay-state proof, by its bytes and nodes) with a relay view of the most outbound
	/// channels and the longest watermark walk ([`WatermarkWalk::most`]), plus the whole
	/// service budget. [`Pallet::do_receive`] returns what was used of it.
	pub fn receive_weight(data: &IngressInherentData) -> Weight {
		let pages = Self::pages_needed_by(data);
		let destinations = T::MaxRelayViewChannels::get();
		let carried = T::RelayParent::carried_relay_state_proof();
		InherentShape::of(data)
			.reading(carried.as_ref())
			.weight::<T>(pages, destinations, WatermarkWalk::most::<T>())
			.saturating_add(T::ServiceWeight::get())
	}

	/// Queue pages the batches of `data` take if all are accepted.
	pub fn pages_needed_by(data: &IngressInherentData) -> u32 {
		data.batches.iter().fold(0u32, |pages, batch| {
			let lens = batch.messages.iter().map(|message| message.payload.len());
			pages.saturating_add(pages_needed(lens, T::MaxPageBytes::get()))
		})
	}

	/// Verifies and applies the ingress inherent, then services the queue. Returns the weight
	/// used.
	pub fn do_receive(data: IngressInherentData) -> Result<Weight, DispatchError> {
		let carried = T::RelayParent::carried_relay_state_proof();
		let shape = InherentShape::of(&data).reading(carried.as_ref());
		let taken = Self::take_inherent_reading(data, carried)?;
		let service = Self::service_queue(T::ServiceWeight::get());
		Ok(shape.weight::<T>(taken.pages, taken.destinations, taken.walk).saturating_add(service))
	}

	/// Verifies the ingress inherent in full, then applies it: what [`WeightModel::receive`],
	/// [`WeightModel::receive_proof`] and [`WeightModel::receive_watermark`] account for.
	/// Returns what of it they count beyond the data.
	#[cfg(any(test, feature = "runtime-benchmarks"))]
	pub(crate) fn take_inherent(data: IngressInherentData) -> Result<TakenInherent, DispatchError> {
		Self::take_inherent_reading(data, T::RelayParent::carried_relay_state_proof())
	}

	/// [`Pallet::take_inherent`], the relay records read from `carried` if the block carries a
	/// relay-state proof in another inherent.
	fn take_inherent_reading(
		data: IngressInherentData,
		carried: Option<StorageProof>,
	) -> Result<TakenInherent, DispatchError> {
		ensure!(CurrentRelayParent::<T>::get().is_none(), Error::<T>::InherentAlreadyApplied);
		let verified = Self::verify_inherent(data, carried)?;
		let destinations = u32::try_from(verified.view.len()).unwrap_or(u32::MAX);
		let walk = verified.walk;
		let pages = Self::apply_inherent(verified)?;
		Ok(TakenInherent { pages, destinations, walk })
	}

	/// Checks the whole inherent against the relay-state proof (`carried`, the one the block
	/// carries in another inherent, or else the inherent's own) and this pallet's state, reading
	/// only.
	fn verify_inherent(
		data: IngressInherentData,
		carried: Option<StorageProof>,
	) -> Result<VerifiedInherent, DispatchError> {
		ensure!(
			data.encoded_size() <= T::MaxInherentSize::get() as usize,
			Error::<T>::InherentTooLarge
		);
		ensure!(
			data.batches.len() <= T::MaxBatchesPerInherent::get() as usize,
			Error::<T>::TooManyBatches
		);
		let self_id = T::SelfParaId::get();
		let parent = T::RelayParent::relay_parent();
		let IngressInherentData { relay_state_proof, mut outbound_destinations, batches, outcomes } =
			data;
		let proof = match carried {
			// One relay-state proof per block: a second one would only repeat its upper nodes.
			Some(carried) => {
				ensure!(
					relay_state_proof.encoded_nodes.is_empty(),
					Error::<T>::RelayStateProofNotExpected
				);
				RelayStateProof::new(T::RelayPalletName::get(), parent.state_root, carried)
			}
			None => RelayStateProof::from_compact(
				T::RelayPalletName::get(),
				parent.state_root,
				&relay_state_proof,
			)
			.map_err(Self::relay_error)?,
		};

		let mut moved: BTreeMap<ParaId, (ChannelCursor, bool)> = BTreeMap::new();
		let mut new_channels: u32 = 0;
		let mut footprint = Footprint::<T>::get();
		// What each sender of the inherent has queued, with its batches accepted so far.
		let mut shares: BTreeMap<ParaId, QueueFootprint> = BTreeMap::new();
		let mut checked = Vec::with_capacity(batches.len());
		let refused_senders = Self::refused_senders();
		// Per sender refused: its recent refusals not included at the relay parent, and the
		// first nonce this block refuses.
		let mut refusals: BTreeMap<ParaId, (Vec<RefusedRange>, Nonce)> = BTreeMap::new();
		for batch in batches {
			let sender = batch.sender;
			ensure!(sender != self_id, Error::<T>::BatchFromSelf);
			let channel = proof
				.channel(sender, self_id)
				.map_err(Self::relay_error)?
				.ok_or(Error::<T>::NoChannel)?;
			let root = proof
				.egress_root(sender, batch.entry.sent_at)
				.map_err(Self::relay_error)?
				.ok_or(Error::<T>::UnknownEgressRoot)?;
			// This chain's own block list as its parent left it, not the relay parent's: the
			// relay has all its changes once it includes this block's parent.
			let blocked = refused_senders.binary_search(&sender).is_ok();
			let cursor = match moved.get(&sender) {
				Some((cursor, _)) => *cursor,
				None => {
					let inbound = InboundChannels::<T>::get(sender);
					if inbound.is_none() {
						new_channels = new_channels.saturating_add(1);
					}
					let inbound = inbound.unwrap_or_default();
					shares.insert(sender, inbound.queued);
					inbound.cursor
				}
			};
			// Judged by the limits it was sent under, if they changed in place since.
			let limits = channel.limits_at(batch.entry.sent_at);
			let (next, consumption) =
				consume_batch(self_id, &root, &cursor, &limits, blocked, parent.number, &batch)
					.map_err(Self::verification_error)?;
			let refused = consumption.is_refused();
			let earlier = moved.get(&sender).map(|(_, refused)| *refused);
			// The ranges the relay will hold when it includes this block: its relay parent's,
			// then those this chain's blocks refused that it had not included yet.
			let mut recent = None;
			check_sender_move(earlier, refused, cursor.last_nonce, || {
				let stored = RecentRefusals::<T>::get(sender);
				let not_included = refusals_not_included(&stored, channel.cursor.last_nonce);
				let mut held = channel.refused.to_vec();
				held.extend(not_included.iter().copied());
				recent = Some(not_included);
				held
			})
			.map_err(|error| match error {
				SenderMoveError::MixedConsumption => Error::<T>::MixedConsumption,
				SenderMoveError::TooManyRefusedRanges => Error::<T>::TooManyRefusedRanges,
			})?;
			if let Some(recent) = recent {
				refusals.insert(sender, (recent, cursor.last_nonce.saturating_add(1)));
			}
			if !refused {
				let messages = u32::try_from(batch.messages.len()).unwrap_or(u32::MAX);
				let bytes = u64::from(batch.entry.total_bytes);
				footprint = footprint.plus(messages, bytes);
				// One sender's messages that cannot progress must not take the whole queue.
				let share = shares.entry(sender).or_default();
				*share = share.plus(messages, bytes);
				ensure!(
					share.within(
						T::MaxQueuedMessagesPerSender::get(),
						T::MaxQueuedBytesPerSender::get()
					),
					Error::<T>::SenderQueueFull
				);
			}
			moved.insert(sender, (next, refused));
			checked.push((batch, consumption));
		}
		ensure!(
			InboundChannels::<T>::count().saturating_add(new_channels)
				<= T::MaxInboundChannels::get(),
			Error::<T>::TooManyInboundChannels
		);
		ensure!(
			footprint.within(T::MaxQueuedMessages::get(), T::MaxQueuedBytes::get()),
			Error::<T>::QueueFull
		);

		let outcomes = Self::verify_outcomes(&proof, &outcomes)?;
		outbound_destinations.extend(outcomes.iter().map(|(receiver, _)| *receiver));
		let view = Self::prove_relay_view(&proof, outbound_destinations)?;
		let refusals = refusals
			.into_iter()
			.map(|(sender, (mut recent, first))| {
				let last = moved.get(&sender).map_or(first, |(cursor, _)| cursor.last_nonce);
				match recent.last_mut() {
					Some(range) if range.last.saturating_add(1) == first => range.last = last,
					_ => recent.push(RefusedRange { first, last, recorded_at: parent.number }),
				}
				let recent = BoundedVec::try_from(recent)
					.map_err(|_| DispatchError::from(Error::<T>::TooManyRefusedRanges))?;
				Ok((sender, recent))
			})
			.collect::<Result<Vec<_>, DispatchError>>()?;

		let (watermark, walk) = Self::next_watermark(&proof, parent.number, &moved)?;
		Ok(VerifiedInherent {
			relay_parent: parent.number,
			moved,
			batches: checked,
			refusals,
			view,
			watermark,
			walk,
			footprint,
			outcomes,
		})
	}

	/// Checks each outcome report against its receiver's head at the relay parent
	/// ([`verify_outcome_report`]), and its outcomes against the channel: past those reported
	/// already ([`OutcomeSink::reported_through`]: no outcome is reported twice) and within what
	/// the relay shows the receiver consumed. Returns each receiver's proven outcomes.
	fn verify_outcomes(
		proof: &RelayStateProof,
		reports: &[OutcomeReport],
	) -> Result<Vec<(ParaId, SenderOutcomes)>, DispatchError> {
		let self_id = T::SelfParaId::get();
		ensure!(
			reports.len() <= T::MaxRelayViewChannels::get() as usize,
			Error::<T>::TooManyRelayViewChannels
		);
		let mut proven = Vec::with_capacity(reports.len());
		let mut previous: Option<ParaId> = None;
		let mut count = 0usize;
		for report in reports {
			let receiver = report.receiver;
			ensure!(
				previous.is_none_or(|previous| previous < receiver),
				Error::<T>::OutcomeReportsUnsorted
			);
			previous = Some(receiver);
			ensure!(receiver != self_id, Error::<T>::OutboundToSelf);
			let head = proof
				.head(receiver)
				.map_err(Self::relay_error)?
				.ok_or(Error::<T>::OutcomeHeadMismatch)?;
			let outcomes = verify_outcome_report(report, head, self_id).map_err(|error| {
				use OutcomeReportError as E;
				match error {
					E::HeadMismatch => Error::<T>::OutcomeHeadMismatch,
					E::BrokenAncestry { .. } => Error::<T>::OutcomeAncestryBroken,
					E::InvalidProof { .. } | E::NoOutcomeRoot { .. } => {
						Error::<T>::InvalidOutcomeProof
					}
					E::HeaderCount | E::BlocksUnordered | E::NoncesUnordered => {
						Error::<T>::MalformedOutcomeReport
					}
				}
			})?;
			count = count.saturating_add(outcomes.len());
			ensure!(count <= MAX_OUTCOMES_PER_INHERENT as usize, Error::<T>::TooManyOutcomes);
			let (Some((first, _)), Some((last, _))) = (outcomes.first(), outcomes.last()) else {
				// A report of headers alone proves nothing and is left out.
				continue;
			};
			ensure!(
				*first > T::OutcomeSink::reported_through(receiver),
				Error::<T>::OutcomeReplayed
			);
			let consumed = proof
				.channel(self_id, receiver)
				.map_err(Self::relay_error)?
				.map_or(0, |channel| channel.cursor.last_nonce);
			ensure!(*last <= consumed, Error::<T>::OutcomeNotConsumed);
			proven.push((receiver, outcomes));
		}
		Ok(proven)
	}

	/// The largest watermark the consumed batches allow, up to the relay parent, and what finding
	/// it walked: [`walk_digests`] over the relay's digests for this parachain at the relay parent
	/// (those of its batches not consumed then, linked oldest first), each sender's cursor as this
	/// block leaves it, at most [`Config::MaxWatermarkAdvance`] digests. A digest the proof does
	/// not hold stops it there; without the list's ends proven, the watermark stays.
	fn next_watermark(
		proof: &RelayStateProof,
		relay_parent: RelayBlockNumber,
		moved: &BTreeMap<ParaId, (ChannelCursor, bool)>,
	) -> Result<(RelayBlockNumber, WatermarkWalk), DispatchError> {
		let self_id = T::SelfParaId::get();
		let stored = Watermark::<T>::get();
		let oldest = match proof.oldest_digest(self_id) {
			Ok(oldest) => oldest,
			Err(RelayStateError::NotProven) => return Ok((stored, WatermarkWalk::default())),
			Err(error) => return Err(Self::relay_error(error)),
		};
		// The nonce each sender reached that no batch of this block moved, its channel read once.
		let mut read: BTreeMap<ParaId, Nonce> = BTreeMap::new();
		let walk = walk_digests(
			oldest,
			relay_parent,
			T::MaxWatermarkAdvance::get(),
			|at| match proof.digest(self_id, at) {
				Ok(digest) => Ok(digest),
				Err(RelayStateError::NotProven) => Ok(None),
				Err(error) => Err(Self::relay_error(error)),
			},
			|sender| match moved.get(&sender) {
				Some((cursor, _)) => cursor.last_nonce,
				None => *read.entry(sender).or_insert_with(|| {
					InboundChannels::<T>::get(sender)
						.map(|channel| channel.cursor.last_nonce)
						.unwrap_or_default()
				}),
			},
		)?;
		let senders = u32::try_from(read.len()).unwrap_or(u32::MAX);
		let walked = WatermarkWalk { blocks: walk.read, entries: walk.entries, senders };
		Ok((walk.watermark(relay_parent, stored), walked))
	}

	/// Writes what a verified inherent changes. Returns the number of queue pages written.
	fn apply_inherent(verified: VerifiedInherent) -> Result<u32, DispatchError> {
		let VerifiedInherent {
			relay_parent,
			moved,
			batches,
			refusals,
			view,
			watermark,
			footprint,
			outcomes,
			..
		} = verified;
		for (sender, recent) in refusals {
			RecentRefusals::<T>::insert(sender, recent);
		}
		let mut ready = ReadySenders::<T>::get();
		let mut pages = 0u32;
		let mut consumed = ConsumedBatches::default();
		for (batch, consumption) in batches {
			consumed.try_push(ConsumedBatch::of(&batch)).map_err(|_| Error::<T>::TooManyBatches)?;
			let (sender, entry) = (batch.sender, batch.entry);
			let mut channel = InboundChannels::<T>::get(sender).unwrap_or_default();
			channel.cursor = entry.cursor_after();
			if let Consumption::Refused(reason) = consumption {
				if let RefusalReason::BreaksLimits(breach) = reason {
					Self::deposit_event(Event::SenderBrokeLimits {
						sender,
						first_nonce: entry.first_nonce,
						last_nonce: entry.last_nonce,
						breach,
					});
				}
				Self::deposit_event(Event::BatchRefused {
					sender,
					first_nonce: entry.first_nonce,
					last_nonce: entry.last_nonce,
					sent_at: entry.sent_at,
					reason,
				});
			} else {
				pages = pages.saturating_add(Self::enqueue(sender, &mut channel, batch.messages)?);
				if channel.queued_pages() > 0 {
					if let Err(position) = ready.binary_search(&sender) {
						ready
							.try_insert(position, sender)
							.map_err(|_| Error::<T>::TooManyInboundChannels)?;
					}
				}
				Self::deposit_event(Event::BatchAccepted {
					sender,
					first_nonce: entry.first_nonce,
					last_nonce: entry.last_nonce,
					sent_at: entry.sent_at,
				});
			}
			InboundChannels::<T>::insert(sender, channel);
		}
		ReadySenders::<T>::put(ready);
		Footprint::<T>::put(footprint);

		let cursors: Vec<_> = moved
			.into_iter()
			.map(|(sender, (cursor, rejected))| IngressCursor {
				sender,
				last_nonce: cursor.last_nonce,
				mqc_head: cursor.mqc_head,
				rejected,
			})
			.collect();
		let cursors = MovedCursors::try_from(cursors).map_err(|_| Error::<T>::TooManyBatches)?;
		MovedThisBlock::<T>::put(cursors);
		ConsumedThisBlock::<T>::put(consumed);

		Self::keep_relay_view(view)?;
		for (receiver, outcomes) in outcomes {
			T::OutcomeSink::note_outcomes(receiver, outcomes);
		}
		CurrentRelayParent::<T>::put(relay_parent);
		LastRelayParent::<T>::put(relay_parent);

		let old = Watermark::<T>::get();
		if watermark > old {
			Watermark::<T>::put(watermark);
			Self::deposit_event(Event::WatermarkAdvanced { from: old, to: watermark });
		}
		Ok(pages)
	}

	pub(crate) fn relay_error(error: RelayStateError) -> DispatchError {
		match error {
			RelayStateError::NotProven => Error::<T>::RelayRecordNotProven.into(),
			RelayStateError::Undecodable => Error::<T>::RelayRecordUndecodable.into(),
			RelayStateError::MalformedProof => Error::<T>::MalformedRelayStateProof.into(),
		}
	}

	fn verification_error(error: VerificationError) -> DispatchError {
		use VerificationError as V;
		let error = match error {
			V::EmptyBatch => Error::<T>::EmptyBatch,
			V::MalformedEntry { .. } => Error::<T>::MalformedEntry,
			V::Replay { .. } => Error::<T>::Replay,
			V::Gap { .. } => Error::<T>::Gap,
			V::CountMismatch { .. } => Error::<T>::CountMismatch,
			V::WrongSender { .. } => Error::<T>::WrongSender,
			V::WrongDestination { .. } => Error::<T>::WrongDestination,
			V::NonceOutOfOrder { .. } => Error::<T>::NonceOutOfOrder,
			V::SentAtMismatch { .. } => Error::<T>::SentAtMismatch,
			V::BatchRootMismatch => Error::<T>::BatchRootMismatch,
			V::MqcHeadMismatch => Error::<T>::MqcHeadMismatch,
			V::InvalidEntryProof(_) => Error::<T>::InvalidEntryProof,
			// A batch over its channel's limits is refused, not failed (`consume_batch`).
			V::BatchOverCapacity { .. }
			| V::BatchOverSize { .. }
			| V::MessageTooLarge { .. }
			| V::TotalBytesMismatch
			| V::InvalidMessageProof
			| V::NonceOutsideBatch { .. }
			| V::EntriesNotSorted { .. }
			| V::DuplicateDestination { .. }
			| V::CursorsNotSorted { .. }
			| V::DuplicateSender { .. }
			| V::TooManyEntries
			| V::EgressRootMismatch
			| V::IngressRootMismatch => Error::<T>::InvalidBatch,
			V::RefusedBatchCarriesMessages { .. } => Error::<T>::RefusedBatchCarriesMessages,
		};
		error.into()
	}
}
