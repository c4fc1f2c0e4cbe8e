//! A collator library for XCMP: what a parachain's collator does around any runtime that
//! includes the XCMP pallets, talking to it only through runtime APIs ([`RuntimeApi`]: a
//! method's name and its SCALE-encoded arguments, as a node calls a runtime, natively or in
//! wasm).
//!
//! - **Serve**: answer another collator's poll with this chain's held batches for one
//!   destination after a nonce, each whole with its entry proof ([`serve`], through
//!   `XcmpEgressApi::outbound_batches`).
//! - **Gather**: poll every sender with a channel to this chain for batches after this chain's
//!   cursor ([`cursors`], through `XcmpIngressApi::cursors`), keep those whose egress root the
//!   relay chain holds, and select whole batches across senders within the block's budget, each
//!   sender its fair share first and the rest after, and within the room the receiver's inbound
//!   queue has left, in all and in each sender's share ([`queue_room`], [`select`]): the
//!   inherent is all or nothing, so a batch that does not fit would cost the block.
//! - **Prove**: collect the relay-state keys the block reads: those the runtime asks for
//!   ([`relay_keys_to_prove`], through cumulus's `KeyToIncludeInRelayProof`, in a cumulus
//!   runtime) and those of the batches and digests picked
//!   ([`receiver_proof_keys`](xcmp_primitives::relay_state::receiver_proof_keys)), and prove
//!   them against the relay parent's state root: in parachain-system's relay-state proof in a
//!   cumulus runtime, in the ingress inherent's own compact proof otherwise
//!   (`docs/PROTOCOL.md`, "Relay view").
//! - **Build**: put it all in the ingress inherent ([`IngressInherentProvider`], an
//!   `sp_inherents::InherentDataProvider`) and build the block with the runtime's block
//!   builder; the block and the storage proof of the parent state it read are its proof of
//!   validity. Building is the runtime's and the node's: `xcmp-runtime-mock`'s
//!   `collator::build_block` does it for the mock runtime, `xcmp-parachain-runtime`'s tests for
//!   the cumulus runtime, both with the functions here.

use codec::{Decode, Encode};
use pallet_xcmp_ingress::{IngressInherentData, QueueFootprint, INHERENT_IDENTIFIER};
use sp_inherents::{InherentData, InherentDataProvider, InherentIdentifier};
use std::collections::BTreeMap;
pub use xcmp_primitives::receiver::ReceiverRecords;
use xcmp_primitives::{relay_state::RefusedRange, Nonce, ParaId, RelayBlockNumber, RoutedBatch};

/// A parachain runtime as its collator calls it: by a runtime API method's name
/// (`Trait_method`) with SCALE-encoded arguments, on the state of the chain's latest block, as
/// a node calls a runtime natively or in wasm.
pub trait RuntimeApi {
	/// The SCALE-encoded answer of `method` to `args`; `None` if the runtime has no such method
	/// or fails.
	fn call(&mut self, method: &str, args: &[u8]) -> Option<Vec<u8>>;
}

/// Calls runtime API method `method` of `runtime` with `args`. `None` if the runtime has no such
/// method, fails, or its answer does not decode as `R`.
pub fn call_api<R: Decode>(
	runtime: &mut impl RuntimeApi,
	method: &str,
	args: impl Encode,
) -> Option<R> {
	let output = runtime.call(method, &args.encode())?;
	R::decode(&mut &output[..]).ok()
}

/// The relay keys the chain in `receiver` asks its next block's relay-state proof to hold,
/// whatever batches its collator picks (`KeyToIncludeInRelayProof_keys_to_prove`, cumulus's
/// runtime API; top-level keys only, as the XCMP relay records are). `None` if the runtime
/// does not answer or asks for a child-trie key.
pub fn relay_keys_to_prove(receiver: &mut impl RuntimeApi) -> Option<Vec<Vec<u8>>> {
	use cumulus_primitives_core::{RelayProofRequest, RelayStorageKey};
	let request: RelayProofRequest =
		call_api(receiver, "KeyToIncludeInRelayProof_keys_to_prove", ())?;
	request
		.keys
		.into_iter()
		.map(|key| match key {
			RelayStorageKey::Top(key) => Some(key),
			RelayStorageKey::Child { .. } => None,
		})
		.collect()
}

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

/// This chain's held batches for `destination` whose first nonce is after `after_nonce`, at
/// most `max_batches`: a sender's collator answering a receiver's collator, through
/// `XcmpEgressApi_outbound_batches`; no answer is no batch.
pub fn serve(
	sender: &mut impl RuntimeApi,
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
pub fn pending_destinations(sender: &mut impl RuntimeApi) -> Option<Vec<ParaId>> {
	call_api(sender, "XcmpEgressApi_pending_destinations", ())
}

/// Each inbound channel's cursor on the chain in `receiver`, by sender
/// (`XcmpIngressApi_cursors`): the nonce after which to poll each sender, 0 for a sender not
/// listed. `None` if the runtime does not answer.
pub fn cursors(receiver: &mut impl RuntimeApi) -> Option<BTreeMap<ParaId, Nonce>> {
	let cursors: Vec<(ParaId, Nonce)> = call_api(receiver, "XcmpIngressApi_cursors", ())?;
	Some(cursors.into_iter().collect())
}

/// The relay block the watermark of the chain in `receiver` has reached
/// (`XcmpIngressApi_watermark`). `None` if the runtime does not answer.
pub fn watermark(receiver: &mut impl RuntimeApi) -> Option<RelayBlockNumber> {
	call_api(receiver, "XcmpIngressApi_watermark", ())
}

/// What decides which batches the next block of the chain in `receiver` refuses
/// (`XcmpIngressApi_refusals`): the senders it blocks and its recent refusals. `None` if the
/// runtime does not answer: a collator that cannot tell must not route batches.
pub fn refusals(receiver: &mut impl RuntimeApi) -> Option<ReceiverRecords> {
	let (blocks, recent): (Vec<ParaId>, Vec<(ParaId, Vec<RefusedRange>)>) =
		call_api(receiver, "XcmpIngressApi_refusals", ())?;
	Some(ReceiverRecords { blocks, recent_refusals: recent.into_iter().collect() })
}

/// The last nonce to `destination` whose outcome the chain in `sender` has reported
/// (`XcmpEgressApi_reported_outcomes`); 0 if the runtime does not answer.
pub fn reported_outcomes(sender: &mut impl RuntimeApi, destination: ParaId) -> Nonce {
	call_api(sender, "XcmpEgressApi_reported_outcomes", destination).unwrap_or_default()
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
pub fn queue_room(receiver: &mut impl RuntimeApi, senders: &[ParaId]) -> Option<QueueRoom> {
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

#[cfg(test)]
mod tests {
	use super::*;
	use xcmp_primitives::{EgressEntry, Message, TrieProof, H256};

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
