//! The collator's side of XCMP: what a parachain's collator does around its runtime.
//!
//! - **Serve**: answer another collator's poll with this chain's held batches for one
//!   destination after a nonce, each whole with its entry proof ([`serve`], through the runtime
//!   API `XcmpEgressApi::outbound_batches`).
//! - **Gather**: poll every sender with a channel to this chain for batches after this chain's
//!   cursor ([`cursors`], through the runtime API `XcmpIngressApi::cursors`; the collator reads
//!   the chain only through runtime APIs, [`call_api`]) (the seed document's "ping all other
//!   collators, filtering by destination"), keep
//!   those whose egress root the relay chain holds, and select whole batches across senders
//!   within the block's budget, each sender its fair share of it first and the rest after, and
//!   within the room the receiver's inbound queue has left, in all and in each sender's share
//!   ([`queue_room`], [`select`]): the inherent is all or nothing, so a batch that does not fit
//!   would cost the block.
//! - **Prove**: collect the relay-state keys the block needs
//!   ([`receiver_proof_keys`](xcmp_primitives::relay_state::receiver_proof_keys)) and prove them
//!   against the relay parent's state root ([`prove`]).
//! - **Build**: put it all in the ingress inherent ([`IngressInherentProvider`], an
//!   `sp_inherents::InherentDataProvider`) and build the block with `frame_executive`
//!   ([`build_block`]): `initialize_block`, the inherent, the queued extrinsics,
//!   `finalize_block`; the candidate is read from the block's state, and the storage proof of
//!   the parent state the block read is recorded with it: the block's proof of validity, on
//!   which validators re-execute it ([`validation`](crate::validation)).

use codec::{Decode, Encode};
use frame_support::inherent::ProvideInherent;
use sp_inherents::{InherentData, InherentDataProvider, InherentIdentifier};
use sp_io::TestExternalities;
use sp_runtime::{generic::Header as GenericHeader, traits::BlakeTwo256, ApplyExtrinsicResult};
use sp_runtime::{testing::TestSignature, traits::Header as _, TransactionOutcome};
use std::collections::BTreeMap;
use xcmp_primitives::{
	outcome::{prove_outcomes, OutcomeReport, ProvenOutcomes, SenderOutcomes, MAX_OUTCOME_HEADERS},
	relay_state::{RefusedRange, RelayParent},
	Nonce, ParaId, RelayBlockNumber, RoutedBatch, H256,
};
use xcmp_verifier::{
	pov::{self, ProofOfValidity},
	Candidate,
};

use crate::parachain::{self, CurrentRelayParent, Executive, Extrinsic, Runtime};
use pallet_xcmp_ingress::{IngressInherentData, QueueFootprint, INHERENT_IDENTIFIER};

/// A parachain block's header.
pub type Header = GenericHeader<u64, BlakeTwo256>;

/// How much ingress one block takes: whole batches only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IngressBudget {
	/// Most batches in one inherent (the runtime allows at most its `MaxBatchesPerInherent`).
	pub max_batches: usize,
	/// Most messages in one inherent.
	pub max_messages: usize,
	/// Most encoded bytes of batches in one inherent (proof-of-validity budget).
	pub max_bytes: usize,
}

impl Default for IngressBudget {
	fn default() -> Self {
		Self { max_batches: 64, max_messages: 1_024, max_bytes: 1024 * 1024 }
	}
}

/// Calls runtime API method `method` of the mock parachain runtime in `state` with `args`, as a
/// node calls a runtime: by the method's name (`Trait_method`), with SCALE-encoded arguments.
/// `None` if the runtime has no such method or its answer does not decode.
pub fn call_api<R: Decode>(
	state: &mut TestExternalities,
	method: &str,
	args: impl Encode,
) -> Option<R> {
	state.execute_with(|| {
		parachain::api::dispatch(method, &args.encode())
			.and_then(|output| R::decode(&mut &output[..]).ok())
	})
}

/// This chain's held batches for `destination` whose first nonce is after `after_nonce`, at
/// most `max_batches`: a sender's collator answering a receiver's collator, through
/// `XcmpEgressApi_outbound_batches`; no answer is no batch.
pub fn serve(
	sender: &mut TestExternalities,
	destination: ParaId,
	after_nonce: Nonce,
	max_batches: u32,
) -> Vec<RoutedBatch> {
	let args = (destination, after_nonce, max_batches);
	call_api(sender, "XcmpEgressApi_outbound_batches", args).unwrap_or_default()
}

/// The destinations with messages held on the chain in `sender`
/// (`XcmpEgressApi_pending_destinations`): the relay records its next block's relay-state proof
/// must cover. `None` if the runtime does not answer.
pub fn pending_destinations(sender: &mut TestExternalities) -> Option<Vec<ParaId>> {
	call_api(sender, "XcmpEgressApi_pending_destinations", ())
}

/// Each inbound channel's cursor on the chain in `receiver`, by sender
/// (`XcmpIngressApi_cursors`): the nonce after which to poll each sender, 0 for a sender not
/// listed. `None` if the runtime does not answer.
pub fn cursors(receiver: &mut TestExternalities) -> Option<BTreeMap<ParaId, Nonce>> {
	let cursors: Vec<(ParaId, Nonce)> = call_api(receiver, "XcmpIngressApi_cursors", ())?;
	Some(cursors.into_iter().collect())
}

/// The relay block the watermark of the chain in `receiver` has reached
/// (`XcmpIngressApi_watermark`). `None` if the runtime does not answer.
pub fn watermark(receiver: &mut TestExternalities) -> Option<RelayBlockNumber> {
	call_api(receiver, "XcmpIngressApi_watermark", ())
}

/// What decides which batches the next block of the chain in `receiver` refuses
/// (`XcmpIngressApi_refusals`): the senders it blocks and its recent refusals. `None` if the
/// runtime does not answer: a collator that cannot tell must not route batches.
pub fn refusals(receiver: &mut TestExternalities) -> Option<xcmp_test_support::ReceiverRecords> {
	let (blocks, recent): (Vec<ParaId>, Vec<(ParaId, Vec<RefusedRange>)>) =
		call_api(receiver, "XcmpIngressApi_refusals", ())?;
	Some(xcmp_test_support::ReceiverRecords {
		blocks,
		recent_refusals: recent.into_iter().collect(),
	})
}

/// What a receiver's inbound queue can still take, as its collator reads it before selecting
/// batches: the whole queue's room and each sender's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueRoom {
	/// What the whole queue can still take (`Pallet::queue_room`).
	pub queue: QueueFootprint,
	/// What each sender's share can still take (`Pallet::sender_queue_room`); a sender not
	/// listed has none.
	pub senders: BTreeMap<ParaId, QueueFootprint>,
}

impl QueueRoom {
	/// Room for everything: a collator that does not care (tests of the budget alone).
	pub fn unlimited(senders: impl IntoIterator<Item = ParaId>) -> Self {
		let all = QueueFootprint { messages: u32::MAX, bytes: u64::MAX };
		Self { queue: all, senders: senders.into_iter().map(|sender| (sender, all)).collect() }
	}
}

/// What `receiver`'s inbound queue can still take, in all and from each of `senders`
/// (`XcmpIngressApi_queue_room`). `None` if the runtime does not answer.
pub fn queue_room(receiver: &mut TestExternalities, senders: &[ParaId]) -> Option<QueueRoom> {
	let (queue, senders): (QueueFootprint, Vec<(ParaId, QueueFootprint)>) =
		call_api(receiver, "XcmpIngressApi_queue_room", senders.to_vec())?;
	Some(QueueRoom { queue, senders: senders.into_iter().collect() })
}

/// The messages and payload bytes `batch` adds to the receiver's queue if consumed: none for a
/// refused batch, which carries no message.
fn queue_footprint(batch: &RoutedBatch) -> Option<QueueFootprint> {
	if batch.messages.is_empty() {
		return None;
	}
	let messages = u32::try_from(batch.messages.len()).unwrap_or(u32::MAX);
	Some(QueueFootprint { messages, bytes: u64::from(batch.entry.total_bytes) })
}

/// What a block's selected batches use of an [`IngressBudget`].
#[derive(Clone, Copy, Default)]
struct BudgetUse {
	batches: usize,
	messages: usize,
	bytes: usize,
}

impl BudgetUse {
	fn plus(self, batch: &RoutedBatch) -> Self {
		Self {
			batches: self.batches.saturating_add(1),
			messages: self.messages.saturating_add(batch.message_count()),
			bytes: self.bytes.saturating_add(batch.encoded_size()),
		}
	}

	fn within(&self, budget: &IngressBudget) -> bool {
		self.batches <= budget.max_batches
			&& self.messages <= budget.max_messages
			&& self.bytes <= budget.max_bytes
	}
}

/// Selects, from each sender's offered batches (in nonce order), whole batches for one block,
/// each sender contributing a prefix of its batches, in two passes over the senders in turn from
/// `start`:
///
/// 1. each sender's fair share: its prefix grows while it stays within the budget divided
///    equally among the senders that offered batches;
/// 2. what is left of the budget: each sender's prefix grows on while the whole stays within it.
///
/// So a sender with more than its share waiting takes the rest only after every sender had its
/// share, and no sender, however much it offers, starves the others. A sender's prefix also
/// ends at its first batch whose messages do not fit what is left of `room` (the whole queue's,
/// or the sender's share; a refused batch takes none), the other senders going on: the runtime
/// would refuse the whole inherent for it.
///
/// Returns the batches, grouped by sender in turn order, and where the next block should start:
/// the first sender the budget cut short in the second pass, which then has the first pick of
/// what the shares leave; `start` if none.
pub fn select(
	offered: &[(ParaId, Vec<RoutedBatch>)],
	start: usize,
	budget: IngressBudget,
	room: &QueueRoom,
) -> (Vec<RoutedBatch>, usize) {
	let count = offered.len().max(1);
	let order: Vec<usize> = (0..offered.len()).map(|turn| (start + turn) % count).collect();
	let offering = offered.iter().filter(|(_, batches)| !batches.is_empty()).count().max(1);
	let fair = IngressBudget {
		max_batches: budget.max_batches / offering,
		max_messages: budget.max_messages / offering,
		max_bytes: budget.max_bytes / offering,
	};
	let mut queue = room.queue;
	let mut total = BudgetUse::default();
	// Per sender: its share of the queue's room left, what its prefix uses, the prefix's length,
	// and whether the room stopped it.
	let mut senders: Vec<(QueueFootprint, BudgetUse, usize, bool)> = offered
		.iter()
		.map(|(sender, _)| {
			let share = room.senders.get(sender).copied().unwrap_or_default();
			(share, BudgetUse::default(), 0, false)
		})
		.collect();
	let mut cut_short = None;
	for sharing in [true, false] {
		for &index in &order {
			let (Some((_, batches)), Some(sender)) = (offered.get(index), senders.get_mut(index))
			else {
				continue;
			};
			let (share, used, taken, stalled) = sender;
			while let (Some(batch), false) = (batches.get(*taken), *stalled) {
				let footprint = queue_footprint(batch);
				if let Some(footprint) = footprint {
					let fits = |room: QueueFootprint| footprint.within(room.messages, room.bytes);
					if !fits(queue) || !fits(*share) {
						// It and the sender's later batches wait for room.
						*stalled = true;
						break;
					}
				}
				if !total.plus(batch).within(&budget) {
					if !sharing {
						cut_short.get_or_insert(index);
					}
					break;
				}
				if sharing && !used.plus(batch).within(&fair) {
					break;
				}
				total = total.plus(batch);
				*used = used.plus(batch);
				*taken += 1;
				if let Some(footprint) = footprint {
					queue = queue.minus(footprint);
					*share = share.minus(footprint);
				}
			}
		}
	}
	let selected = order
		.iter()
		.filter_map(|index| Some((offered.get(*index)?, senders.get(*index)?.2)))
		.flat_map(|((_, batches), taken)| batches.iter().take(taken).cloned())
		.collect();
	(selected, cut_short.unwrap_or(start % count))
}

/// Proves `wanted` in the relay chain's current state, in compact form: the relay parent of the
/// next blocks and the ingress inherent's relay-state proof.
pub fn prove(
	relay: &mut TestExternalities,
	wanted: &[Vec<u8>],
) -> (RelayParent, sp_trie::CompactProof) {
	let number = relay.execute_with(crate::relay::System::block_number) as RelayBlockNumber;
	let (state_root, proof) = xcmp_test_support::prove_compact(relay, wanted);
	(RelayParent { number, state_root }, proof)
}

/// Provides the ingress inherent's data to block building: the node side of the ingress
/// pallet's `ProvideInherent`.
pub struct IngressInherentProvider(pub IngressInherentData);

#[async_trait::async_trait]
impl InherentDataProvider for IngressInherentProvider {
	async fn provide_inherent_data(
		&self,
		inherent_data: &mut InherentData,
	) -> Result<(), sp_inherents::Error> {
		inherent_data.put_data(INHERENT_IDENTIFIER, &self.0)
	}

	async fn try_handle_error(
		&self,
		identifier: &InherentIdentifier,
		error: &[u8],
	) -> Option<Result<(), sp_inherents::Error>> {
		(*identifier == INHERENT_IDENTIFIER).then(|| {
			Err(sp_inherents::Error::Application(Box::from(format!(
				"ingress inherent rejected: {error:?}"
			))))
		})
	}
}

/// A block a collator built, with its XCMP candidate and its proof of validity.
#[derive(Debug)]
pub struct BuiltBlock {
	/// The block's header.
	pub header: Header,
	/// The relay parent the block was built on.
	pub relay_parent: RelayParent,
	/// The block (header, ingress inherent and the extrinsics applied, in order) and the
	/// storage proof of the parent state its execution reads: what validators re-execute.
	pub pov: ProofOfValidity<parachain::Block>,
	/// Encoded bytes of the proof of validity.
	pub pov_bytes: usize,
	/// The block's XCMP part as the collator read it from the state it built: the reference
	/// model's candidate, with the batches consumed.
	pub candidate: Candidate,
	/// The commitments validators read when they re-executed the block from its proof of
	/// validity, which the relay includes; `None` until it is validated.
	pub commitments: Option<xcmp_verifier::CandidateCommitments>,
	/// The outcome of each queued extrinsic, in order.
	pub extrinsics: Vec<ApplyExtrinsicResult>,
	/// Encoded bytes of the ingress inherent (batches and relay-state proof).
	pub inherent_bytes: usize,
	/// Bytes of the relay-state proof.
	pub relay_proof_bytes: usize,
	/// Encoded bytes of the inherent's outcome reports (their list's length prefix included),
	/// and, built by [`RuntimeNetwork`](crate::runtime_network::RuntimeNetwork), what proving
	/// the receivers' heads added to its relay-state proof.
	pub outcome_report_bytes: usize,
	/// Weight the block used, all classes.
	pub weight: frame_support::weights::Weight,
	/// The outcomes the block committed, by sender (its ingress pallet's `OutcomesCommitted`
	/// event): what its collator proves to each sender once the block is included.
	pub outcomes: Vec<(ParaId, SenderOutcomes)>,
}

/// Why a collator could not build a block.
#[derive(Debug, PartialEq, Eq)]
pub enum BuildError {
	/// The inherent data provider failed.
	InherentData(String),
	/// The runtime made no inherent of the data.
	NoInherent,
	/// The runtime refused the ingress inherent: a block cannot be built with it.
	InherentRejected(String),
	/// The chain's state held changes no block made: the block's proof of validity would not
	/// prove its parent state.
	UncommittedState,
}

/// Builds the next block of the chain in `state` on `relay_parent`, with `data` as its ingress
/// inherent and `extrinsics` after it, recording the storage proof of what it reads. The block's
/// changes stay in the state's overlay: the caller commits them once the relay includes the
/// candidate, or drops them; `state` must hold no other uncommitted change.
///
/// An extrinsic the runtime refuses (`Err` in [`BuiltBlock::extrinsics`]) is left out of the
/// block and whatever it wrote rolled back, as a node's block builder does.
pub fn build_block(
	state: &mut TestExternalities,
	parent: &Header,
	relay_parent: RelayParent,
	data: IngressInherentData,
	extrinsics: Vec<Extrinsic>,
) -> Result<BuiltBlock, BuildError> {
	let inherent_bytes = data.encoded_size();
	let relay_proof_bytes = data.relay_state_proof.encoded_size();
	let outcome_report_bytes = data.outcomes.encoded_size();
	let consumed = data.batches.clone();
	let provider = IngressInherentProvider(data);
	let inherent_data = futures::executor::block_on(provider.create_inherent_data())
		.map_err(|e| BuildError::InherentData(e.to_string()))?;
	let (built, storage_proof) = pov::prove_block(state, || {
		CurrentRelayParent::set(&relay_parent);
		let header = Header::new(
			parent.number + 1,
			Default::default(),
			Default::default(),
			parent_hash(parent),
			Default::default(),
		);
		Executive::initialize_block(&header);
		let call = pallet_xcmp_ingress::Pallet::<Runtime>::create_inherent(&inherent_data)
			.ok_or(BuildError::NoInherent)?;
		let inherent = Extrinsic::new_bare(parachain::RuntimeCall::XcmpIngress(call.clone()));
		let mut applied = vec![inherent.clone()];
		match Executive::apply_extrinsic(inherent) {
			Ok(Ok(())) => {}
			outcome => {
				// The executive reports a failed mandatory inherent as `BadMandatory`; the node
				// learns why by running the call again and rolling it back.
				let why = frame_support::storage::with_transaction(|| {
					let pallet_xcmp_ingress::Call::receive { data } = call else {
						return TransactionOutcome::Rollback(Ok(format!("{outcome:?}")));
					};
					let error = pallet_xcmp_ingress::Pallet::<Runtime>::do_receive(data)
						.err()
						.map_or_else(|| format!("{outcome:?}"), |e| format!("{e:?}"));
					TransactionOutcome::Rollback(Ok::<_, sp_runtime::DispatchError>(error))
				});
				return Err(BuildError::InherentRejected(why.unwrap_or_else(|e| format!("{e:?}"))));
			}
		}
		Executive::inherents_applied();
		let results = apply_extrinsics(extrinsics, &mut applied, Executive::apply_extrinsic);
		let weight = parachain::System::block_weight().total();
		let header = Executive::finalize_block();
		let (egress, ingress) = crate::validation::read_commitments();
		let candidate = Candidate {
			para: parachain::SelfParaId::get(),
			relay_parent: relay_parent.number,
			egress,
			ingress,
			consumed,
		};
		Ok((parachain::Block { header, extrinsics: applied }, candidate, results, weight))
	})
	.map_err(|_| BuildError::UncommittedState)?;
	let (block, candidate, extrinsics, weight) = built?;
	let outcomes = latest_events::<Runtime>(state)
		.into_iter()
		.find_map(|event| match event {
			parachain::RuntimeEvent::XcmpIngress(
				pallet_xcmp_ingress::Event::OutcomesCommitted { outcomes, .. },
			) => Some(outcomes),
			_ => None,
		})
		.unwrap_or_default();
	let pov = ProofOfValidity { block, storage_proof };
	Ok(BuiltBlock {
		header: pov.block.header.clone(),
		relay_parent,
		pov_bytes: pov.encoded_size(),
		pov,
		candidate,
		commitments: None,
		extrinsics,
		inherent_bytes,
		relay_proof_bytes,
		outcome_report_bytes,
		weight,
		outcomes,
	})
}

/// The last nonce to `destination` whose outcome the chain in `sender` has reported
/// (`XcmpEgressApi_reported_outcomes`); 0 if the runtime does not answer.
pub fn reported_outcomes(sender: &mut TestExternalities, destination: ParaId) -> Nonce {
	call_api(sender, "XcmpEgressApi_reported_outcomes", destination).unwrap_or_default()
}

/// The outcome report for `sender` of `receiver`'s recent included blocks `recent` (oldest
/// first, its head last), as the receiver's collator proves it: the headers from the head back
/// to the oldest block with outcomes for `sender` past `reported`, at most
/// [`MAX_OUTCOME_HEADERS`], and each such block's outcomes for `sender` with their proof, the
/// oldest first, as many as `room` outcomes take (what is left of it is written back). A
/// block's outcomes for a sender are reported together, so the walk stops at the first block
/// reported already. `None` when there is nothing new to report.
pub fn outcome_report(
	receiver: ParaId,
	recent: &[(Header, Vec<(ParaId, SenderOutcomes)>)],
	sender: ParaId,
	reported: Nonce,
	room: &mut usize,
) -> Option<OutcomeReport> {
	let mut headers = Vec::new();
	let mut blocks: Vec<ProvenOutcomes> = Vec::new();
	for (index, (header, outcomes)) in
		recent.iter().rev().take(MAX_OUTCOME_HEADERS as usize).enumerate()
	{
		let mine = outcomes.iter().find(|(s, _)| *s == sender).map(|(_, o)| o);
		if mine.and_then(|o| o.last()).is_some_and(|(last, _)| *last <= reported) {
			break;
		}
		headers.push(header.clone());
		if let Some(mine) = mine.filter(|o| !o.is_empty()) {
			let proof = prove_outcomes(outcomes, sender).ok()?;
			let header_index = index as u32;
			blocks.push(ProvenOutcomes { header_index, outcomes: mine.clone(), proof });
		}
	}
	// Oldest first, while they fit the room (a later block taken before an earlier one would
	// leave the earlier unreportable); headers past the oldest block reported are not needed.
	blocks.reverse();
	let mut taken = 0usize;
	let fitting = blocks
		.iter()
		.take_while(|block| {
			taken += block.outcomes.len();
			taken <= *room
		})
		.count();
	blocks.truncate(fitting);
	let oldest = blocks.first()?.header_index as usize;
	headers.truncate(oldest + 1);
	*room -= blocks.iter().map(|block| block.outcomes.len()).sum::<usize>();
	Some(OutcomeReport { receiver, headers, blocks })
}

/// Applies each of `extrinsics` with `apply`, in order, as a node's block builder does: one the
/// runtime refuses (`Err`) is rolled back and left out, the others are appended to `applied`.
/// Returns each one's outcome.
pub fn apply_extrinsics<E: Clone>(
	extrinsics: Vec<E>,
	applied: &mut Vec<E>,
	apply: impl Fn(E) -> ApplyExtrinsicResult,
) -> Vec<ApplyExtrinsicResult> {
	let mut results = Vec::with_capacity(extrinsics.len());
	for extrinsic in extrinsics {
		sp_io::storage::start_transaction();
		let result = apply(extrinsic.clone());
		if result.is_ok() {
			sp_io::storage::commit_transaction();
			applied.push(extrinsic);
		} else {
			sp_io::storage::rollback_transaction();
		}
		results.push(result);
	}
	results
}

/// The header of the genesis block of the chain in `state`, whose genesis changes it commits:
/// block 0, over the genesis state's root.
pub fn genesis_header(state: &mut TestExternalities) -> Header {
	let _ = state.commit_all();
	Header::new(
		0,
		Default::default(),
		*state.backend.root(),
		Default::default(),
		Default::default(),
	)
}

/// The events of the latest block of the chain of runtime `T` in `state` (and of what ran on it
/// since).
pub fn latest_events<T: frame_system::Config>(
	state: &mut TestExternalities,
) -> Vec<T::RuntimeEvent> {
	state.execute_with(|| {
		frame_system::Pallet::<T>::events().into_iter().map(|record| record.event).collect()
	})
}

/// The hash of a header: what the next block names as its parent.
pub fn parent_hash(header: &Header) -> H256 {
	header.hash()
}

/// A signed extrinsic of `who` calling `call`, signed the way the mock runtimes check it
/// (`TestSignature`: the signer and the signed payload); `Call` is the runtime's call type.
pub fn signed<Call: Encode>(
	who: parachain::AccountId,
	call: Call,
) -> sp_runtime::generic::UncheckedExtrinsic<parachain::AccountId, Call, TestSignature, ()> {
	let payload = (&call, ()).encode();
	let payload =
		if payload.len() > 256 { sp_io::hashing::blake2_256(&payload).to_vec() } else { payload };
	sp_runtime::generic::UncheckedExtrinsic::new_signed(call, who, TestSignature(who, payload), ())
}

#[cfg(test)]
mod tests {
	use super::*;
	use xcmp_primitives::{EgressEntry, Message, TrieProof};

	/// A batch of `sender`'s with `count` messages of `len` payload bytes each, from `first`.
	fn batch(sender: u32, first: Nonce, count: u64, len: usize) -> RoutedBatch {
		let sender = ParaId::from(sender);
		let messages: Vec<Message> = (first..first + count)
			.map(|nonce| Message {
				sender,
				destination: ParaId::from(1),
				nonce,
				sent_at: 1,
				payload: vec![0; len].try_into().unwrap_or_default(),
			})
			.collect();
		let entry = EgressEntry {
			first_nonce: first,
			last_nonce: first + count - 1,
			sent_at: 1,
			batch_root: H256::zero(),
			mqc_head: H256::zero(),
			total_bytes: (count as usize * len) as u32,
			expires_at: None,
		};
		RoutedBatch { sender, entry, entry_proof: TrieProof::default(), messages }
	}

	fn room_of(queue: (u32, u64), senders: &[(u32, (u32, u64))]) -> QueueRoom {
		let footprint = |(messages, bytes)| QueueFootprint { messages, bytes };
		QueueRoom {
			queue: footprint(queue),
			senders: senders.iter().map(|(s, r)| (ParaId::from(*s), footprint(*r))).collect(),
		}
	}

	fn offer(batches: &[RoutedBatch]) -> Vec<(ParaId, Vec<RoutedBatch>)> {
		let mut offered: Vec<(ParaId, Vec<RoutedBatch>)> = Vec::new();
		for batch in batches {
			match offered.iter_mut().find(|(sender, _)| *sender == batch.sender) {
				Some((_, own)) => own.push(batch.clone()),
				None => offered.push((batch.sender, vec![batch.clone()])),
			}
		}
		offered
	}

	fn nonces(selected: &[RoutedBatch]) -> Vec<(u32, Nonce)> {
		selected.iter().map(|b| (u32::from(b.sender), b.entry.first_nonce)).collect()
	}

	#[test]
	fn the_collator_reads_the_receiver_through_the_ingress_runtime_api() {
		type Ingress = pallet_xcmp_ingress::Pallet<Runtime>;
		let (me, sender, other) = (ParaId::from(1), ParaId::from(2), ParaId::from(3));
		let mut state = parachain::genesis(me, &[me, sender, other], Vec::new());
		let queued = QueueFootprint { messages: 3, bytes: 30 };
		state.execute_with(|| {
			let cursor = xcmp_primitives::ChannelCursor { last_nonce: 7, mqc_head: H256::zero() };
			let channel =
				pallet_xcmp_ingress::InboundChannel { cursor, queued, ..Default::default() };
			pallet_xcmp_ingress::InboundChannels::<Runtime>::insert(sender, channel);
			pallet_xcmp_ingress::Footprint::<Runtime>::put(queued);
			pallet_xcmp_ingress::Watermark::<Runtime>::put(11);
			// A block before this one blocked `other`.
			let blocked = frame_support::BoundedVec::truncate_from(vec![other]);
			pallet_xcmp_ingress::BlockedSenders::<Runtime>::put(blocked);
		});
		assert_eq!(cursors(&mut state), Some(BTreeMap::from([(sender, 7)])));
		let room = queue_room(&mut state, &[sender, other]).unwrap_or_default();
		let (whole, sender_room, other_room) = state.execute_with(|| {
			let room = Ingress::sender_queue_room;
			(Ingress::queue_room(), room(sender), room(other))
		});
		assert_eq!(room.queue, whole);
		assert_eq!(room.senders, BTreeMap::from([(sender, sender_room), (other, other_room)]));
		assert_eq!(sender_room.messages + queued.messages, other_room.messages);
		// The next block refuses `other`'s batches.
		let records = refusals(&mut state).unwrap_or_default();
		assert_eq!(records.blocks, vec![other]);
		assert!(records.recent_refusals.is_empty());
		assert_eq!(watermark(&mut state), Some(11));
		assert_eq!(pending_destinations(&mut state), Some(Vec::new()));
		// A method the runtime does not have is no answer.
		assert_eq!(call_api::<Vec<ParaId>>(&mut state, "XcmpIngressApi_nothing", ()), None);
	}

	#[test]
	fn a_sender_s_batches_are_taken_while_they_fit_its_share_and_the_others_go_on() {
		let offered = offer(&[batch(10, 1, 4, 2), batch(10, 5, 4, 2), batch(20, 1, 4, 2)]);
		let budget = IngressBudget::default();
		// Sender 10's share fits one batch: its second waits, sender 20's is taken.
		let room = room_of((100, 1000), &[(10, (7, 1000)), (20, (100, 1000))]);
		let (selected, _) = select(&offered, 0, budget, &room);
		assert_eq!(nonces(&selected), [(10, 1), (20, 1)]);
		// In bytes too.
		let room = room_of((100, 1000), &[(10, (100, 15)), (20, (100, 1000))]);
		let (selected, _) = select(&offered, 0, budget, &room);
		assert_eq!(nonces(&selected), [(10, 1), (20, 1)]);
		// A full share takes nothing of its sender; a sender not listed has no room.
		let room = room_of((100, 1000), &[(10, (0, 0))]);
		assert!(select(&offered, 0, budget, &room).0.is_empty());
		// Everything fits.
		let all = QueueRoom::unlimited([ParaId::from(10), ParaId::from(20)]);
		let (selected, next) = select(&offered, 0, budget, &all);
		assert_eq!(nonces(&selected), [(10, 1), (10, 5), (20, 1)]);
		assert_eq!(next, 0);
	}

	#[test]
	fn a_sender_with_more_than_the_budget_waiting_starves_no_other() {
		// Sender 10 has ten one-message batches waiting, 20 and 30 one each; a block takes five.
		let mut batches: Vec<RoutedBatch> = (1..=10).map(|nonce| batch(10, nonce, 1, 2)).collect();
		batches.extend([batch(20, 1, 1, 2), batch(30, 1, 1, 2)]);
		let offered = offer(&batches);
		let budget = IngressBudget { max_batches: 5, ..IngressBudget::default() };
		let all = QueueRoom::unlimited([10, 20, 30].map(ParaId::from));
		// Each has its share (one batch) first; 10 takes what is left, and is cut short there,
		// so the next block starts with it.
		let (selected, next) = select(&offered, 0, budget, &all);
		assert_eq!(nonces(&selected), [(10, 1), (10, 2), (10, 3), (20, 1), (30, 1)]);
		assert_eq!(next, 0);
		// Started at another sender, 10 still has its share and the rest.
		let (selected, next) = select(&offered, 1, budget, &all);
		assert_eq!(nonces(&selected), [(20, 1), (30, 1), (10, 1), (10, 2), (10, 3)]);
		assert_eq!(next, 0);
		// A sender whose batches all fit has them all, whatever the others wait with.
		let offered = offer(&[batch(10, 1, 1, 2), batch(10, 2, 1, 2), batch(20, 1, 1, 2)]);
		let budget = IngressBudget { max_batches: 3, ..IngressBudget::default() };
		let (selected, next) = select(&offered, 1, budget, &all);
		assert_eq!(nonces(&selected), [(20, 1), (10, 1), (10, 2)]);
		assert_eq!(next, 1);
	}

	#[test]
	fn batches_are_taken_while_they_fit_the_queue_s_room_and_a_refused_one_takes_none() {
		let refused = batch(20, 1, 4, 2).refused();
		let offered = offer(&[batch(10, 1, 4, 2), batch(10, 5, 4, 2), refused, batch(30, 1, 2, 2)]);
		let budget = IngressBudget::default();
		let shares = [(10, (100, 1000)), (20, (0, 0)), (30, (100, 1000))];
		// Room in the queue for six messages: sender 10's first batch, the refusal (no room),
		// and sender 30's batch, which still fits after 10's second did not.
		let room = room_of((6, 1000), &shares);
		let (selected, next) = select(&offered, 0, budget, &room);
		assert_eq!(nonces(&selected), [(10, 1), (20, 1), (30, 1)]);
		// The budget, not the room, says where the next block starts.
		assert_eq!(next, 0);
		// From another start, the room goes to the senders in that order.
		let (selected, _) = select(&offered, 1, budget, &room);
		assert_eq!(nonces(&selected), [(20, 1), (30, 1), (10, 1)]);
		// A full queue still takes refusals.
		let room = room_of((0, 0), &shares);
		assert_eq!(nonces(&select(&offered, 0, budget, &room).0), [(20, 1)]);
	}
}
