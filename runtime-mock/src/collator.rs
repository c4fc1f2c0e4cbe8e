//! The collator's side of XCMP around the mock parachain runtime: [`xcmp_collator`] (serving,
//! gathering, fair selection, relay keys, the ingress inherent, all through runtime APIs) over
//! the mock runtime's native runtime API ([`MockRuntime`]), and what is the mock runtime's own:
//! building its block with `frame_executive` ([`build_block`]): `initialize_block`, the
//! ingress inherent, the queued extrinsics, `finalize_block`; the candidate is read from the
//! block's state, and the storage proof of the parent state the block read is recorded with
//! it: the block's proof of validity, on which validators re-execute it
//! ([`validation`](crate::validation)). Its relay-state proof is compact, in the ingress
//! inherent ([`prove`]), the mock runtime having no parachain-system.

use codec::Encode;
use frame_support::inherent::ProvideInherent;
use sp_inherents::InherentDataProvider;
use sp_io::TestExternalities;
use sp_runtime::{generic::Header as GenericHeader, traits::BlakeTwo256, ApplyExtrinsicResult};
use sp_runtime::{testing::TestSignature, traits::Header as _, TransactionOutcome};
use xcmp_primitives::{
	outcome::{prove_outcomes, OutcomeReport, ProvenOutcomes, SenderOutcomes, MAX_OUTCOME_HEADERS},
	relay_state::RelayParent,
	Nonce, ParaId, RelayBlockNumber, H256,
};
use xcmp_verifier::{
	pov::{self, ProofOfValidity},
	Candidate,
};

use crate::parachain::{self, CurrentRelayParent, Executive, Extrinsic, Runtime};
use pallet_xcmp_ingress::IngressInherentData;

/// A parachain block's header.
pub type Header = GenericHeader<u64, BlakeTwo256>;

pub use xcmp_collator::{
	call_api, cursors, pending_destinations, queue_room, refusals, relay_keys_to_prove,
	reported_outcomes, select, serve, watermark, IngressBudget, IngressInherentProvider, QueueRoom,
	ReceiverRecords, RuntimeApi,
};

/// The chain in a mock parachain runtime's state, as its collator calls it: the runtime's
/// native runtime API, by a method's name (`Trait_method`) with SCALE-encoded arguments.
pub struct MockRuntime<'a>(pub &'a mut TestExternalities);

impl RuntimeApi for MockRuntime<'_> {
	fn call(&mut self, method: &str, args: &[u8]) -> Option<Vec<u8>> {
		self.0.execute_with(|| parachain::api::dispatch(method, args))
	}
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
	use pallet_xcmp_ingress::QueueFootprint;
	use std::collections::BTreeMap;

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
		assert_eq!(cursors(&mut MockRuntime(&mut state)), Some(BTreeMap::from([(sender, 7)])));
		let room = queue_room(&mut MockRuntime(&mut state), &[sender, other]).unwrap_or_default();
		let (whole, sender_room, other_room) = state.execute_with(|| {
			let room = Ingress::sender_queue_room;
			(Ingress::queue_room(), room(sender), room(other))
		});
		assert_eq!(room.queue, whole);
		assert_eq!(room.senders, BTreeMap::from([(sender, sender_room), (other, other_room)]));
		assert_eq!(sender_room.messages + queued.messages, other_room.messages);
		// The next block refuses `other`'s batches.
		let records = refusals(&mut MockRuntime(&mut state)).unwrap_or_default();
		assert_eq!(records.blocks, vec![other]);
		assert!(records.recent_refusals.is_empty());
		assert_eq!(watermark(&mut MockRuntime(&mut state)), Some(11));
		assert_eq!(pending_destinations(&mut MockRuntime(&mut state)), Some(Vec::new()));
		// A method the runtime does not have is no answer.
		assert_eq!(
			call_api::<Vec<ParaId>>(&mut MockRuntime(&mut state), "XcmpIngressApi_nothing", ()),
			None
		);
	}
}
