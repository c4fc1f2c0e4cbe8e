//! A network of real runtimes: a relay chain running `pallet-xcmp-relay` and parachains running
//! the mock parachain runtime (frame-system, balances, the XCMP pallets, contracts), each with its
//! own state. Each step, every parachain's collator gathers its ingress from the other
//! collators, proves the relay state it needs and builds a block with `frame_executive`,
//! recording its proof of validity; validators re-execute each block from its proof of validity
//! alone ([`validation::validate_block`](crate::validation::validate_block)), on the relay
//! parent they take from the relay chain; the relay chain includes the validated commitments
//! through `include_candidate`, never a message; a chain keeps its block only if it was
//! included.

use codec::Encode;
use frame_support::traits::{Get, UnfilteredDispatchable};
use polkadot_parachain_primitives::primitives::HrmpChannelId;
use sp_io::TestExternalities;
use std::collections::BTreeSet;
use xcmp_primitives::{
	outcome::{
		MessageOutcome, OutcomeReport, SenderOutcomes, MAX_OUTCOMES_PER_INHERENT,
		MAX_OUTCOME_HEADERS,
	},
	receiver::walk_digests,
	relay_state::{keys, receiver_proof_keys, DEFAULT_RELAY_PALLET_NAME},
	ChannelLimits, Nonce, ParaId, RelayBlockNumber,
};
use xcmp_verifier::{CandidateCommitments, CandidateError};

use crate::{
	collator::{self, BuildError, BuiltBlock, Header, IngressBudget, MockRuntime},
	parachain::{self, AccountId, Balance, Extrinsic, Runtime},
	relay::{self, Relay},
	validation::{self, ValidationError},
};
use pallet_xcmp_ingress::IngressInherentData;

/// One parachain: its runtime's state, its last block, the extrinsics its users submitted for
/// the next one, and where its collator's round robin over senders resumes.
pub struct ParachainNode {
	/// The parachain's id.
	pub id: ParaId,
	/// The runtime's state after its last included block.
	pub state: TestExternalities,
	/// The header of its last included block.
	pub head: Header,
	/// Signed extrinsics waiting for the next block.
	pub pending: Vec<Extrinsic>,
	/// The sender the next block's ingress starts with.
	pub next_sender: usize,
	/// The ingress budget of its blocks.
	pub budget: IngressBudget,
	/// Its last included blocks, oldest first, at most `MAX_OUTCOME_HEADERS`: each header
	/// with the outcomes the block committed, which its collator proves to their senders.
	pub recent: Vec<(Header, Vec<(ParaId, SenderOutcomes)>)>,
	/// What proving its receivers' heads added to the relay-state proof of the inherent its
	/// collator built last, counted with its outcome reports.
	pub heads_proof_bytes: usize,
}

impl ParachainNode {
	/// Runs `f` against the chain's current state.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.state.execute_with(f)
	}

	/// The events of the chain's last block (and of governance's calls since).
	pub fn events(&mut self) -> Vec<parachain::RuntimeEvent> {
		collator::latest_events::<Runtime>(&mut self.state)
	}

	/// The outcomes of its messages to `destination` that the chain's last block reported
	/// (`OutcomeReported`), by nonce.
	pub fn outcomes_reported(&mut self, destination: ParaId) -> Vec<(Nonce, MessageOutcome)> {
		self.events()
			.into_iter()
			.filter_map(|event| match event {
				parachain::RuntimeEvent::XcmpEgress(
					pallet_xcmp_egress::Event::OutcomeReported { destination: to, nonce, outcome },
				) if to == destination => Some((nonce, outcome)),
				_ => None,
			})
			.collect()
	}
}

/// What happened to one parachain's block in a step.
#[derive(Debug)]
pub enum BlockOutcome {
	/// Built and included: the chain moved on.
	Included(Box<BuiltBlock>),
	/// Built, but the validators found its proof of validity invalid: the block was dropped,
	/// and the relay never saw it.
	Invalid(Box<BuiltBlock>, ValidationError),
	/// Built and valid, but the relay's inclusion rejected its commitments: the block was
	/// dropped.
	Rejected(Box<BuiltBlock>, CandidateError),
	/// The collator could not build a block.
	NotBuilt(BuildError),
}

/// A relay chain and its parachains.
pub struct RuntimeNetwork {
	/// The relay chain's state.
	pub relay: TestExternalities,
	/// The parachains, in id order.
	pub paras: Vec<ParachainNode>,
}

impl RuntimeNetwork {
	/// A network of parachains `ids`, every ordered pair connected by a channel with `limits`
	/// (opened by relay governance), each chain's accounts endowed with `balances`.
	pub fn new(ids: &[u32], limits: ChannelLimits, balances: Vec<(AccountId, Balance)>) -> Self {
		Self::starting_at(1, ids, limits, balances)
	}

	/// As [`RuntimeNetwork::new`], on a relay chain at block `relay_block`, in which the channels
	/// open: the parachains start on a relay chain that has run that long.
	pub fn starting_at(
		relay_block: RelayBlockNumber,
		ids: &[u32],
		limits: ChannelLimits,
		balances: Vec<(AccountId, Balance)>,
	) -> Self {
		let mut relay = relay::genesis();
		relay.execute_with(|| {
			relay::System::set_block_number(u64::from(relay_block));
			for sender in ids {
				for receiver in ids.iter().filter(|r| *r != sender) {
					let channel = HrmpChannelId {
						sender: ParaId::from(*sender),
						recipient: ParaId::from(*receiver),
					};
					let call =
						pallet_xcmp_relay::Call::<Relay>::force_open_channel { channel, limits };
					if let Err(error) = call.dispatch_bypass_filter(relay::RuntimeOrigin::root()) {
						panic!("channel {sender} -> {receiver} did not open: {error:?}");
					}
				}
			}
		});
		let _ = relay.commit_all();
		let network: Vec<ParaId> = ids.iter().map(|id| ParaId::from(*id)).collect();
		let paras = ids
			.iter()
			.map(|id| {
				let id = ParaId::from(*id);
				let mut state = parachain::genesis(id, &network, balances.clone());
				let head = collator::genesis_header(&mut state);
				ParachainNode {
					id,
					state,
					head,
					pending: Vec::new(),
					next_sender: 0,
					budget: IngressBudget::default(),
					recent: Vec::new(),
					heads_proof_bytes: 0,
				}
			})
			.collect();
		Self { relay, paras }
	}

	/// The relay chain's latest block number: the relay parent of the next parachain blocks.
	pub fn relay_number(&mut self) -> RelayBlockNumber {
		self.relay.execute_with(relay::System::block_number) as RelayBlockNumber
	}

	/// The index of parachain `id`.
	pub fn index(&self, id: u32) -> usize {
		self.paras.iter().position(|p| p.id == ParaId::from(id)).unwrap_or(usize::MAX)
	}

	/// The parachain `id`.
	pub fn para(&mut self, id: u32) -> &mut ParachainNode {
		let index = self.index(id);
		&mut self.paras[index]
	}

	/// Queues `who`'s signed `call` for parachain `id`'s next block.
	pub fn submit(&mut self, id: u32, who: AccountId, call: parachain::RuntimeCall) {
		self.para(id).pending.push(collator::signed(who, call));
	}

	/// What the collator of the parachain at `index` gathers for its next block: the batches
	/// other collators serve it, those the relay holds roots for, selected within its budget and
	/// the room its inbound queue has left.
	pub fn gather(&mut self, index: usize) -> Vec<xcmp_primitives::RoutedBatch> {
		let me = self.paras[index].id;
		let budget = self.paras[index].budget;
		// The receiver's own block list decides which batches it refuses (the relay's follows
		// it once the receiver's last block is included), and its recent refusals count toward
		// the refused ranges the relay will hold.
		// A runtime that does not tell its cursors and refusals gets no batch.
		let mut receiver = MockRuntime(&mut self.paras[index].state);
		let (Some(own), Some(cursors)) =
			(collator::refusals(&mut receiver), collator::cursors(&mut receiver))
		else {
			return Vec::new();
		};
		let mut offered = Vec::new();
		let relay_parent = self.relay_number();
		for j in 0..self.paras.len() {
			if j == index {
				continue;
			}
			let sender = self.paras[j].id;
			let after = cursors.get(&sender).copied().unwrap_or_default();
			let batches =
				collator::serve(&mut MockRuntime(&mut self.paras[j].state), me, after, 64);
			// A batch from a sender this chain blocks carries its entry and proof alone.
			offered.push((
				sender,
				xcmp_test_support::offered(&mut self.relay, relay_parent, me, &own, batches),
			));
		}
		// The inherent is all or nothing: the collator takes only what the receiver's queue, and
		// each sender's share of it, can still take.
		let senders: Vec<ParaId> = offered.iter().map(|(sender, _)| *sender).collect();
		let Some(room) =
			collator::queue_room(&mut MockRuntime(&mut self.paras[index].state), &senders)
		else {
			return Vec::new();
		};
		let (selected, next) =
			collator::select(&offered, self.paras[index].next_sender, budget, &room);
		self.paras[index].next_sender = next;
		selected
	}

	/// The ingress inherent the collator of the parachain at `index` builds from `batches`, with
	/// the outcome reports its receivers' collators prove ([`Self::outcome_reports`]).
	pub fn inherent(
		&mut self,
		index: usize,
		batches: Vec<xcmp_primitives::RoutedBatch>,
	) -> (xcmp_primitives::relay_state::RelayParent, IngressInherentData) {
		let outcomes = self.outcome_reports(index);
		self.inherent_with(index, batches, outcomes)
	}

	/// The outcomes of the messages of the parachain at `index` that its receivers' collators
	/// prove, from the heads the relay holds: per receiver with a channel from it, what the
	/// sender's runtime has not reported yet ([`collator::outcome_report`]).
	pub fn outcome_reports(&mut self, index: usize) -> Vec<OutcomeReport> {
		let me = self.paras[index].id;
		let mut outcomes = Vec::new();
		let mut room = MAX_OUTCOMES_PER_INHERENT as usize;
		for j in 0..self.paras.len() {
			let receiver = self.paras[j].id;
			let relay = &mut self.relay;
			let channel = relay
				.execute_with(|| pallet_xcmp_relay::Channels::<Relay>::contains_key(me, receiver));
			if j == index || !channel {
				continue;
			}
			let reported = collator::reported_outcomes(
				&mut MockRuntime(&mut self.paras[index].state),
				receiver,
			);
			if let Some(report) =
				collator::outcome_report(receiver, &self.paras[j].recent, me, reported, &mut room)
			{
				outcomes.push(report);
			}
		}
		outcomes
	}

	/// [`Self::inherent`] with the outcome reports `outcomes`, whose receivers' heads its
	/// relay-state proof proves.
	pub fn inherent_with(
		&mut self,
		index: usize,
		batches: Vec<xcmp_primitives::RoutedBatch>,
		outcomes: Vec<OutcomeReport>,
	) -> (xcmp_primitives::relay_state::RelayParent, IngressInherentData) {
		let me = self.paras[index].id;
		// Without the pending destinations the view may miss one, and the block fails to build.
		let pending =
			collator::pending_destinations(&mut MockRuntime(&mut self.paras[index].state))
				.unwrap_or_default();
		// The relay view covers every channel out of this chain, pending or not.
		let relay = &mut self.relay;
		let outbound: BTreeSet<ParaId> = self
			.paras
			.iter()
			.map(|p| p.id)
			.filter(|d| *d != me)
			.filter(|d| {
				relay.execute_with(|| pallet_xcmp_relay::Channels::<Relay>::contains_key(me, d))
			})
			.chain(pending)
			.collect();
		// The digests the block's watermark passes: those whose every batch its cursors reach
		// once it consumed `batches`. The first it cannot pass stops the watermark proven or
		// not, so it is left out.
		let mut reached =
			collator::cursors(&mut MockRuntime(&mut self.paras[index].state)).unwrap_or_default();
		for batch in &batches {
			reached.insert(batch.sender, batch.entry.last_nonce);
		}
		let max_digests = <Runtime as pallet_xcmp_ingress::Config>::MaxWatermarkAdvance::get();
		// The digests the block's watermark passes, by the walk its runtime makes: proving them
		// and not the one it stops at stops it there.
		let relay = &mut self.relay;
		let digests = relay.execute_with(|| {
			let mut read = Vec::new();
			let walk = walk_digests(
				pallet_xcmp_relay::DigestSpans::<Relay>::get(me).map(|span| span.oldest),
				RelayBlockNumber::MAX,
				max_digests,
				|at| {
					read.push(at);
					Ok::<_, std::convert::Infallible>(pallet_xcmp_relay::Digests::<Relay>::get(
						me, at,
					))
				},
				|sender| reached.get(&sender).copied().unwrap_or_default(),
			);
			let Ok(walk) = walk;
			read.truncate(walk.passed as usize);
			read
		});
		let mut wanted = receiver_proof_keys(
			DEFAULT_RELAY_PALLET_NAME,
			me,
			&batches,
			outbound.iter().copied(),
			&digests,
		);
		// What proving the receivers' heads adds to the proof is the reports' too: the proof
		// without them, measured only when there are reports.
		let without_heads = (!outcomes.is_empty())
			.then(|| collator::prove(&mut self.relay, &wanted).1.encoded_size());
		wanted.extend(
			outcomes.iter().map(|report| keys::head(DEFAULT_RELAY_PALLET_NAME, report.receiver)),
		);
		wanted.sort();
		wanted.dedup();
		let (parent, relay_state_proof) = collator::prove(&mut self.relay, &wanted);
		self.paras[index].heads_proof_bytes = without_heads
			.map_or(0, |without| relay_state_proof.encoded_size().saturating_sub(without));
		let data = IngressInherentData {
			relay_state_proof,
			outbound_destinations: outbound.into_iter().collect(),
			batches,
			outcomes,
		};
		(parent, data)
	}

	/// Builds the next block of the parachain at `index` from `data`, with its pending
	/// extrinsics. The block stays in the chain's overlay until [`Self::settle`].
	pub fn build(
		&mut self,
		index: usize,
		relay_parent: xcmp_primitives::relay_state::RelayParent,
		data: IngressInherentData,
	) -> Result<BuiltBlock, BuildError> {
		let node = &mut self.paras[index];
		let extrinsics = node.pending.clone();
		let built =
			collator::build_block(&mut node.state, &node.head, relay_parent, data, extrinsics);
		if built.is_err() {
			node.state.reset_overlay();
		}
		built.map(|mut block| {
			block.outcome_report_bytes += core::mem::take(&mut node.heads_proof_bytes);
			block
		})
	}

	/// The relay parent validators take from the relay chain for the next parachain blocks: its
	/// latest block's number and state root, as cumulus's validation parameters give them.
	pub fn relay_parent(&mut self) -> xcmp_primitives::relay_state::RelayParent {
		let number = self.relay_number();
		let _ = self.relay.commit_all();
		let state_root = *self.relay.backend.root();
		xcmp_primitives::relay_state::RelayParent { number, state_root }
	}

	/// Validates the block just built on the parachain at `index` as the validators do: from
	/// its proof of validity alone, on the chain's last included head and the relay parent the
	/// relay chain gives, and checks that the validated head's digest commits to the commitments
	/// execution left. Returns the commitments the relay includes.
	pub fn validate(
		&mut self,
		index: usize,
		built: &BuiltBlock,
	) -> Result<CandidateCommitments, ValidationError> {
		let relay_parent = self.relay_parent();
		let parent = &self.paras[index].head;
		let validated = validation::validate_block(parent, relay_parent, &built.pov)?;
		let header = validated.header.clone();
		let candidate = validated.into_candidate(self.paras[index].id, relay_parent.number);
		let commitments = candidate.commitments(parent.hash(), header.hash());
		// What a relay would take beside the head `validate_block` returns in wasm.
		commitments
			.check_head_digest(&header.digest)
			.map_err(xcmp_verifier::pov::PovError::HeadCommitments)?;
		Ok(commitments)
	}

	/// One relay block including the validated `candidates` through the relay pallet's
	/// inclusion. Returns each one's outcome, in order.
	pub fn include(
		&mut self,
		candidates: &[CandidateCommitments],
	) -> Vec<Result<(), CandidateError>> {
		let outcomes = self.relay.execute_with(|| {
			let number = relay::System::block_number() + 1;
			relay::System::reset_events();
			relay::System::set_block_number(number);
			candidates
				.iter()
				.map(pallet_xcmp_relay::Pallet::<Relay>::do_include_candidate)
				.collect()
		});
		let _ = self.relay.commit_all();
		outcomes
	}

	/// Keeps the block just built on the parachain at `index` if `included`, else drops it.
	pub fn settle(&mut self, index: usize, built: &BuiltBlock, included: bool) {
		let node = &mut self.paras[index];
		if included {
			let _ = node.state.commit_all();
			node.head = built.header.clone();
			node.pending.clear();
			node.recent.push((built.header.clone(), built.outcomes.clone()));
			let excess = node.recent.len().saturating_sub(MAX_OUTCOME_HEADERS as usize);
			node.recent.drain(..excess);
		} else {
			node.state.reset_overlay();
		}
	}

	/// One step: every parachain builds a block on the current relay state, the relay includes
	/// them in one block, each chain keeps its block if included.
	pub fn step(&mut self) -> Vec<BlockOutcome> {
		self.step_with(|_, _| {}, |_, _| {})
	}

	/// [`Self::step`] with misbehaving collators: `tamper_batches` may change the batches a
	/// collator puts in its chain's ingress inherent (the runtime must refuse what is wrong), and
	/// `tamper_block` the batches of the block it hands to validators, after building it with
	/// others (the block must not validate).
	pub fn step_with(
		&mut self,
		tamper_batches: impl FnMut(ParaId, &mut Vec<xcmp_primitives::RoutedBatch>),
		tamper_block: impl FnMut(ParaId, &mut Vec<xcmp_primitives::RoutedBatch>),
	) -> Vec<BlockOutcome> {
		self.step_producing(|_| true, tamper_batches, tamper_block).into_iter().flatten().collect()
	}

	/// [`Self::step_with`] in which only the parachains `produces` names build a block; the
	/// others are silent (`None`): their users' extrinsics wait, and their collators still serve
	/// the batches their chains committed. The relay chain moves on a block all the same.
	pub fn step_producing(
		&mut self,
		mut produces: impl FnMut(ParaId) -> bool,
		mut tamper_batches: impl FnMut(ParaId, &mut Vec<xcmp_primitives::RoutedBatch>),
		mut tamper_block: impl FnMut(ParaId, &mut Vec<xcmp_primitives::RoutedBatch>),
	) -> Vec<Option<BlockOutcome>> {
		let mut built = Vec::new();
		for index in 0..self.paras.len() {
			let id = self.paras[index].id;
			if !produces(id) {
				built.push(None);
				continue;
			}
			let mut batches = self.gather(index);
			tamper_batches(id, &mut batches);
			let (relay_parent, data) = self.inherent(index, batches);
			built.push(Some(self.build(index, relay_parent, data).map(|mut block| {
				if let Some(batches) = validation::inherent_batches_mut(&mut block.pov.block) {
					tamper_block(id, batches);
				}
				block
			})));
		}
		// Validators check every block from its proof of validity; the relay includes the
		// commitments of those that are valid (a valid block keeps them).
		let mut invalid: Vec<Option<ValidationError>> = vec![None; built.len()];
		for (index, block) in built.iter_mut().enumerate() {
			if let Some(Ok(block)) = block {
				match self.validate(index, block) {
					Ok(commitments) => block.commitments = Some(commitments),
					Err(error) => invalid[index] = Some(error),
				}
			}
		}
		let valid: Vec<CandidateCommitments> = built
			.iter()
			.flatten()
			.filter_map(|block| block.as_ref().ok()?.commitments.clone())
			.collect();
		let mut verdicts = self.include(&valid).into_iter();
		built
			.into_iter()
			.zip(invalid)
			.enumerate()
			.map(|(index, (block, invalid))| {
				Some(match (block?, invalid) {
					(Ok(block), None) => {
						let verdict = verdicts.next().unwrap_or(Ok(()));
						self.settle(index, &block, verdict.is_ok());
						match verdict {
							Ok(()) => BlockOutcome::Included(Box::new(block)),
							Err(error) => BlockOutcome::Rejected(Box::new(block), error),
						}
					}
					(Ok(block), Some(error)) => {
						self.settle(index, &block, false);
						BlockOutcome::Invalid(Box::new(block), error)
					}
					(Err(error), _) => BlockOutcome::NotBuilt(error),
				})
			})
			.collect()
	}

	/// Every key under `prefix` in the relay chain's state, with its value, in key order.
	pub fn relay_storage(&mut self, prefix: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
		self.relay.execute_with(|| xcmp_test_support::storage_under(prefix))
	}

	/// Checks every pallet's invariants (`do_try_state`) on every parachain and on the relay.
	#[cfg(feature = "try-runtime")]
	pub fn try_state(&mut self) -> Result<(), String> {
		for node in &mut self.paras {
			let id = u32::from(node.id);
			node.execute_with(|| {
				pallet_xcmp_egress::Pallet::<Runtime>::do_try_state()
					.map_err(|e| format!("egress of {id}: {e:?}"))?;
				pallet_xcmp_ingress::Pallet::<Runtime>::do_try_state()
					.map_err(|e| format!("ingress of {id}: {e:?}"))
			})?;
		}
		self.relay.execute_with(|| {
			pallet_xcmp_relay::Pallet::<Relay>::do_try_state().map_err(|e| format!("relay: {e:?}"))
		})
	}

	/// Dispatches `call` on parachain `id` as its governance (root), between blocks, and keeps
	/// the change ([`Self::set_head`]).
	pub fn govern(
		&mut self,
		id: u32,
		call: parachain::RuntimeCall,
	) -> frame_support::dispatch::DispatchResultWithPostInfo {
		let node = self.para(id);
		let result = node.execute_with(|| {
			use frame_support::traits::UnfilteredDispatchable;
			call.dispatch_bypass_filter(parachain::RuntimeOrigin::root())
		});
		self.set_head(id);
		result
	}

	/// Keeps the changes made to parachain `id`'s state outside a block, and makes them its
	/// head's: the head takes the new state root, and the relay records the new head, as
	/// Polkadot's relay governance does with `paras::force_set_current_head`. The chain's next
	/// block is validated on that state.
	pub fn set_head(&mut self, id: u32) {
		let node = self.para(id);
		let _ = node.state.commit_all();
		node.head.state_root = *node.state.backend.root();
		// The chain goes on from the new head: it takes the last block's place, outcomes and all.
		let head = node.head.clone();
		match node.recent.last_mut() {
			Some((last, _)) => *last = head,
			None => node.recent.push((head, Vec::new())),
		}
		let (para, head) = (node.id, node.head.hash());
		self.relay.execute_with(|| pallet_xcmp_relay::Heads::<Relay>::insert(para, head));
		let _ = self.relay.commit_all();
	}
}
