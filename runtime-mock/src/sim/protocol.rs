//! The protocol-level engine: parachains that queue, commit and serve messages, collators that
//! route whole batches with proofs and build candidates, validators that check each candidate's
//! batches ([`xcmp_verifier::validate_candidate`]: the model has no runtime to re-execute), and a
//! relay chain that includes the commitments of valid ones ([`xcmp_verifier::check_inclusion`])
//! and records only roots and cursors ([`InMemoryRelay`]).
//!
//! Every commitment, proof and check is the real one from [`xcmp_primitives`] and
//! [`xcmp_verifier`]; what is simplified is the chain around them (no runtime, no block import),
//! so that the protocol's cost and guarantees can be measured on many chains at once.
//!
//! With [`Faults`](super::Faults) (`xcmp-sim --soak`), faults are drawn every relay block and
//! the run checks the protocol's invariants after every block ([`soak`]).

mod soak;

use std::{
	collections::{BTreeMap, BTreeSet},
	time::Instant,
};

use codec::Encode;
use rand::{rngs::StdRng, Rng, SeedableRng};
use xcmp_primitives::{
	consume_batch,
	limits::MAX_WATERMARK_ADVANCE,
	receiver::{check_sender_move, walk_digests},
	refusal_without_messages, BlockListChange, BlockListChanges, ChannelCursor, Consumption,
	EgressCommitment, IngressCommitment, IngressCursor, Message, Nonce, Outbox, ParaId, Payload,
	RefusalReason, RelayBlockNumber,
};
use xcmp_verifier::{check_inclusion, validate_candidate, Candidate, InMemoryRelay, RelayView};

use super::{
	faults::{tamper, BlockFaults, Fault},
	hrmp, pick_destination,
	report::{consumed_payloads, payload_bytes_in},
	SimConfig, SimReport,
};

/// One parachain's XCMP state: its outbox as a sender, its cursors as a receiver.
#[derive(Clone)]
struct Parachain {
	id: ParaId,
	/// Messages queued this block, not committed yet.
	queued: BTreeMap<ParaId, Vec<Payload>>,
	/// Committed batches, held until the relay shows them consumed.
	outbox: Outbox,
	/// Per sender: the cursor this chain reached as a receiver.
	inbound: BTreeMap<ParaId, ChannelCursor>,
	/// The watermark this chain reached as a receiver.
	watermark: RelayBlockNumber,
	/// Sender the next block's ingress starts with (round robin across blocks).
	next_sender: usize,
	/// Block-list changes this chain's next block makes.
	block_list_changes: Vec<BlockListChange>,
}

impl Parachain {
	fn new(id: ParaId) -> Self {
		Self {
			id,
			queued: BTreeMap::new(),
			outbox: Outbox::new(id),
			inbound: BTreeMap::new(),
			watermark: 0,
			next_sender: 0,
			block_list_changes: Vec::new(),
		}
	}

	/// Messages to `destination` queued or committed and not consumed yet, and their bytes.
	fn pending_to(&self, destination: ParaId) -> (u64, u64) {
		let queued = self.queued.get(&destination).map_or(&[][..], |q| &q[..]);
		let (held, held_bytes) = self.outbox.held_to(destination);
		let bytes: u64 = queued.iter().map(|p| p.len() as u64).sum();
		(held + queued.len() as u64, held_bytes + bytes)
	}

	/// Every message still held: queued or committed, not consumed.
	fn pending(&self) -> u64 {
		let queued: usize = self.queued.values().map(Vec::len).sum();
		queued as u64 + self.outbox.held_messages().count() as u64
	}

	/// Committed blocks with a batch still held: those whose egress record the relay keeps.
	fn committed_blocks_held(&self) -> usize {
		let mut blocks: Vec<RelayBlockNumber> =
			self.outbox.held_messages().map(|m| m.sent_at).collect();
		blocks.dedup();
		blocks.len()
	}

	/// Every payload still held: queued or committed, not consumed.
	fn held_payloads(&self) -> impl Iterator<Item = &Payload> {
		self.queued.values().flatten().chain(self.outbox.held_messages().map(|m| &m.payload))
	}

	/// Drops what the relay shows consumed and returns it, oldest first per destination, each
	/// message with whether the relay showed it refused (its sender is told it was rejected).
	///
	/// The model prunes every chain after every relay block, silent or not, which comes to the
	/// same as each chain pruning in its next block from its relay parent's view: only the
	/// chain's own accepted block drops the refusals it reads.
	fn prune(&mut self, relay: &InMemoryRelay) -> Vec<(Message, bool)> {
		let mut pruned = Vec::new();
		for destination in self.outbox.destinations() {
			let (consumed, refused) = relay.delivery(self.id, destination);
			for message in self.outbox.prune(destination, consumed) {
				let rejected =
					refused.iter().any(|(first, last)| (*first..=*last).contains(&message.nonce));
				pruned.push((message, rejected));
			}
		}
		pruned
	}

	/// Takes out the queued messages the relay view no longer lets commit, as the egress
	/// pallet's commit does: to a destination whose channel is closing or which blocks this
	/// chain (queued while the view let them, in a block the relay did not include). Returns how
	/// many there were: the chain rejects them.
	fn reject_uncommittable(&mut self, relay: &InMemoryRelay) -> u64 {
		let me = self.id;
		let mut rejected = 0;
		self.queued.retain(|destination, payloads| {
			let commits = relay.limits(me, *destination).is_some()
				&& !relay.is_closing(me, *destination)
				&& !relay.blocks(*destination, me);
			if !commits {
				rejected += payloads.len() as u64;
			}
			commits
		});
		rejected
	}
}

/// A candidate as an honest collator builds it, and what its block did besides.
struct Collation {
	candidate: Candidate,
	/// Messages the block rejected before they committed ([`Parachain::reject_uncommittable`]).
	rejected_before_commit: u64,
	/// Why each batch the block consumed by refusal was refused.
	refusals: Vec<RefusalReason>,
	/// What the collator met that the protocol says cannot happen.
	violations: Vec<String>,
}

/// Builds `chain`'s candidate at `relay_parent`, mutating `chain` as its block would, as an
/// honest collator does. It takes, round robin across senders and within `budget` messages,
/// the batches the other collators serve (none from those in `withheld`), each consumed as the
/// ingress pallet would ([`consume_batch`]): a sender's batches stop at the first one consumed
/// unlike its earlier ones in the block, or at a refusal that would open more refused ranges
/// than the relay holds; those wait for a later block.
fn build_candidate(
	chain: &mut Parachain,
	others: &[&Parachain],
	relay: &InMemoryRelay,
	relay_parent: RelayBlockNumber,
	budget: u32,
	withheld: &BTreeSet<ParaId>,
) -> Collation {
	let me = chain.id;
	let mut violations = Vec::new();
	let rejected_before_commit = chain.reject_uncommittable(relay);
	let egress = match chain.outbox.commit(relay_parent, std::mem::take(&mut chain.queued)) {
		Ok(egress) => egress,
		Err(error) => {
			violations.push(format!("para {me}: queued messages made no batch: {error:?}"));
			EgressCommitment::empty()
		}
	};
	let mut consumed = Vec::new();
	let mut refusals = Vec::new();
	let mut moved: BTreeMap<ParaId, IngressCursor> = BTreeMap::new();
	let mut budget = u64::from(budget);
	let start = chain.next_sender % others.len().max(1);
	let mut stopped_at = None;
	'senders: for k in 0..others.len() {
		let sender = others[(start + k) % others.len()];
		if relay.limits(sender.id, me).is_none() {
			continue;
		}
		if withheld.contains(&sender.id) {
			continue;
		}
		let blocked = relay.blocks(me, sender.id);
		let mut cursor = chain.inbound.get(&sender.id).copied().unwrap_or_default();
		let mut refusing = None;
		for batch in sender.outbox.serve(me, cursor.last_nonce) {
			let Some(root) = relay.egress_root(sender.id, batch.entry.sent_at) else {
				continue 'senders;
			};
			// Judged by the limits it was sent under.
			let Some(limits) = relay.channel(sender.id, me, batch.entry.sent_at) else {
				continue 'senders;
			};
			// A batch from a sender this chain blocks, or expired, is routed as its entry and
			// proof alone.
			let refused_whole = refusal_without_messages(blocked, relay_parent, &batch.entry);
			let batch = if refused_whole.is_some() { batch.refused() } else { batch };
			let (next, consumption) =
				match consume_batch(me, &root, &cursor, &limits, blocked, relay_parent, &batch) {
					Ok(consumed) => consumed,
					Err(error) => {
						let (first, last) = (batch.entry.first_nonce, batch.entry.last_nonce);
						violations.push(format!(
							"relay parent {relay_parent}: para {me} cannot consume the batch \
							 {first}..={last} its sender {} committed: {error:?}",
							sender.id
						));
						continue 'senders;
					}
				};
			let refused = consumption.is_refused();
			// A batch consumed unlike the sender's earlier ones here, or a refusal that would
			// open a refused range past the relay's bound, waits with the sender's later
			// batches. Blocks are included as they are built: the relay holds the ranges now.
			if check_sender_move(refusing, refused, cursor.last_nonce, || {
				relay.refused(sender.id, me)
			})
			.is_err()
			{
				continue 'senders;
			}
			let cost = batch.messages.len() as u64;
			if cost > budget {
				stopped_at.get_or_insert(k);
				continue 'senders;
			}
			budget -= cost;
			refusing = Some(refused);
			cursor = next;
			if let Consumption::Refused(reason) = consumption {
				refusals.push(reason);
			}
			moved.insert(
				sender.id,
				IngressCursor {
					sender: sender.id,
					last_nonce: next.last_nonce,
					mqc_head: next.mqc_head,
					rejected: refused,
				},
			);
			consumed.push(batch);
		}
	}
	chain.next_sender = start + stopped_at.unwrap_or(1);
	for cursor in moved.values() {
		chain.inbound.insert(cursor.sender, cursor.cursor());
	}
	// The watermark, as the ingress pallet moves it (`walk_digests`): past the relay's digests
	// for us, oldest first, whose every batch we consumed, at most the protocol's step of them,
	// up to the relay parent.
	let walk = walk_digests(
		relay.digest_span(me).map(|span| span.oldest),
		relay_parent,
		MAX_WATERMARK_ADVANCE,
		|at| Ok::<_, std::convert::Infallible>(relay.digest(me, at)),
		|sender| chain.inbound.get(&sender).map_or(0, |cursor| cursor.last_nonce),
	);
	let Ok(walk) = walk;
	chain.watermark = walk.watermark(relay_parent, chain.watermark);
	let changes = std::mem::take(&mut chain.block_list_changes);
	let changes = BlockListChanges::try_from(changes).unwrap_or_else(|changes| {
		violations.push(format!("para {me}: {} block-list changes in one block", changes.len()));
		BlockListChanges::default()
	});
	let ingress = IngressCommitment::new(moved.into_values().collect(), chain.watermark, changes)
		.unwrap_or_else(|error| {
			violations.push(format!("para {me}: no ingress commitment: {error:?}"));
			IngressCommitment::empty(chain.watermark)
		});
	Collation {
		candidate: Candidate { para: me, relay_parent, egress, ingress, consumed },
		rejected_before_commit,
		refusals,
		violations,
	}
}

/// Runs the network and reports what happened.
pub fn run(config: &SimConfig) -> SimReport {
	run_with(config, |_| {})
}

/// [`run`], calling `on_block` after each relay block.
pub fn run_with(config: &SimConfig, mut on_block: impl FnMut(RelayBlockNumber)) -> SimReport {
	let started = Instant::now();
	let mut rng = StdRng::seed_from_u64(config.seed);
	let ids: Vec<ParaId> = (0..config.parachains).map(|i| ParaId::from(2000 + i)).collect();
	let mut chains: Vec<Parachain> = ids.iter().map(|id| Parachain::new(*id)).collect();
	let mut relay = InMemoryRelay::fully_connected(&ids, config.limits);
	let mut report = SimReport::default();
	let mut last_consumed: BTreeMap<(ParaId, ParaId), Nonce> = BTreeMap::new();
	let mut soak = config.faults.map(|faults| soak::Soak::new(faults, config));

	for block in 1..=config.blocks {
		// 0. This block's faults: governance closes and reopens channels and changes block
		//    lists, parachains fall silent.
		let (faults, silent) = match soak.as_mut() {
			Some(soak) => soak.begin_block(block, &ids, &mut relay, &mut chains),
			None => (BlockFaults::default(), vec![false; chains.len()]),
		};
		// 1. Governance on the second chain blocks or unblocks the first.
		if let (Some((from, to)), Some(first)) = (config.block_between, ids.first()) {
			let change = match block {
				b if b == from => Some(BlockListChange::Blocked(*first)),
				b if b == to => Some(BlockListChange::Unblocked(*first)),
				_ => None,
			};
			if let Some(second) = chains.get_mut(1) {
				second.block_list_changes.extend(change);
			}
		}
		// 2. Senders queue traffic, refusing what the relay view says cannot go; a silent
		//    chain sends nothing.
		for (index, chain) in chains.iter_mut().enumerate() {
			if silent[index] {
				continue;
			}
			for i in 0..config.messages_per_block {
				let destination = pick_destination(config.traffic, &ids, chain.id, i, &mut rng);
				if relay.blocks(destination, chain.id) {
					report.refused_blocked += 1;
					continue;
				}
				if relay.is_closing(chain.id, destination) {
					report.refused_closing += 1;
					continue;
				}
				let (count, bytes) = chain.pending_to(destination);
				let size = u64::from(config.payload_size);
				if count + 1 > u64::from(config.limits.max_capacity)
					|| bytes + size > u64::from(config.limits.max_total_size)
				{
					report.refused_full += 1;
					continue;
				}
				let payload: Vec<u8> = (0..config.payload_size).map(|_| rng.gen()).collect();
				let payload =
					payload.try_into().expect("the payload size is checked by the caller");
				chain.queued.entry(destination).or_default().push(payload);
				report.sent += 1;
				report.message_bytes += size;
			}
		}
		if let Some(soak) = soak.as_mut() {
			for index in &faults.over_limits {
				soak.send_over_limits(&mut chains[*index], &ids, &relay, &mut report);
			}
		}
		// 3. Every collator builds a candidate; the relay checks each against its view at the
		//    relay parent, then applies the accepted ones. A rejected candidate's block is not
		//    included, so its chain state is not kept; a silent chain builds none.
		let snapshot = chains.clone();
		let withheld: BTreeSet<ParaId> = faults.withheld.iter().map(|i| ids[*i]).collect();
		let mut updates = Vec::new();
		for i in 0..chains.len() {
			if silent[i] {
				continue;
			}
			let others: Vec<&Parachain> =
				snapshot.iter().filter(|c| c.id != snapshot[i].id).collect();
			let mut chain = snapshot[i].clone();
			let mut collation = build_candidate(
				&mut chain,
				&others,
				&relay,
				block,
				config.ingress_budget,
				&withheld,
			);
			let candidate = &mut collation.candidate;
			let forge = (i == config.misbehaving as usize && config.forge_at == Some(block))
				.then_some(config.misbehaviour);
			let cheat = faults.cheats.get(&i).copied().or(forge);
			let tampered = cheat.filter(|how| tamper(&mut candidate.consumed, *how));
			if let Some(how) = tampered {
				report.tampered.push((block, candidate.para, how));
				if let (Some(soak), true) = (soak.as_mut(), faults.cheats.contains_key(&i)) {
					soak.count(Fault::Cheat(how));
				}
			}
			let candidate = &collation.candidate;
			let started = Instant::now();
			let validated = validate_candidate(&relay, candidate);
			let invalid = validated.is_err();
			let verified = validated
				.as_ref()
				.map_err(Clone::clone)
				.and_then(|commitments| check_inclusion(&relay, commitments));
			let took = started.elapsed();
			if let (Ok(commitments), Ok(update)) = (&validated, &verified) {
				// What the relay is handed (the commitments) and what it stores (everything it
				// writes comes from the update), against the payloads the candidate consumed.
				let handed = (commitments, update).encode();
				report.relay_chain_message_bytes +=
					payload_bytes_in(&handed, consumed_payloads(candidate));
			}
			report.verifier_time += took;
			report.verifier_time_max = report.verifier_time_max.max(took);
			report.violations.append(&mut collation.violations);
			if let Some(soak) = soak.as_mut() {
				soak.candidate_checked(block, candidate, tampered, &verified);
			}
			match verified {
				Ok(update) => {
					let proof_bytes: u64 =
						candidate.consumed.iter().map(|batch| batch.proof_size() as u64).sum();
					report.proof_bytes += proof_bytes;
					report.candidate_proof_bytes_max =
						report.candidate_proof_bytes_max.max(proof_bytes);
					for batch in &candidate.consumed {
						// Each channel is consumed exactly once, in order; a refused batch
						// carries no messages but consumes its nonces all the same.
						let last = last_consumed.entry((batch.sender, candidate.para)).or_default();
						let nonces = batch.messages.iter().map(|m| m.nonce);
						if batch.entry.first_nonce != *last + 1
							|| !nonces.eq((batch.entry.first_nonce..).take(batch.messages.len()))
						{
							report.order_violations += 1;
						}
						*last = batch.entry.last_nonce;
						report.batches += 1;
					}
					report.candidates_accepted += 1;
					report.rejected += collation.rejected_before_commit;
					if let Some(soak) = soak.as_mut() {
						soak.collation_included(&collation);
					}
					chains[i] = chain;
					updates.push(update);
				}
				// The block is not included: its chain keeps its state from before it, so the
				// messages its users queued and its governance's changes wait for the next one.
				Err(error) if invalid => {
					report.candidates_invalid.push((block, candidate.para, format!("{error:?}")))
				}
				Err(error) => report.candidates_rejected.push((block, candidate.para, error)),
			}
		}
		// In flight now: what HRMP would hold in relay storage, what XCMP holds instead.
		report.hrmp_state_peak = report.hrmp_state_peak.max(hrmp_state_bytes(&chains));
		for update in &updates {
			relay.apply(update, block + 1);
		}
		report.relay_state_peak = report.relay_state_peak.max(relay.encoded_size() as u64);
		// 4. Senders learn their receivers' cursors from the relay and prune.
		for chain in chains.iter_mut() {
			for (message, rejected) in chain.prune(&relay) {
				if rejected {
					report.rejected += 1;
				} else {
					report.delivered += 1;
				}
				if let Some(soak) = soak.as_mut() {
					let (sender, destination) = (message.sender, message.destination);
					let channel = relay.channel(sender, destination, message.sent_at);
					soak.pruned(
						&message,
						rejected,
						channel.map_or(u32::MAX, |l| l.max_message_size),
					);
				}
			}
		}
		// 5. The invariants, after every block.
		if let Some(soak) = soak.as_mut() {
			soak.end_block(block, &ids, &relay, &chains, &report);
		}
		on_block(block);
	}
	report.relay_state_final = relay.encoded_size() as u64;
	report.pending = chains.iter().map(Parachain::pending).sum();
	if let Some(soak) = soak {
		soak.finish(&mut report, started.elapsed());
	}
	report
}

/// What HRMP would keep in relay storage for the same chains: a channel between every two of them,
/// and every message committed and not yet consumed.
fn hrmp_state_bytes(chains: &[Parachain]) -> u64 {
	let channels = (chains.len() * chains.len().saturating_sub(1)) as u64;
	let messages = chains.iter().flat_map(|c| c.outbox.held_messages());
	hrmp::state_bytes(channels, messages.map(|m| m.payload.len()))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::sim::{Misbehaviour, Traffic};
	use xcmp_primitives::ChannelLimits;
	use xcmp_primitives::VerificationError;

	fn config() -> SimConfig {
		SimConfig {
			messages_per_block: 6,
			ingress_budget: 1000,
			limits: ChannelLimits {
				max_capacity: 100,
				max_total_size: 100 * 1024,
				max_message_size: 1024,
			},
			seed: 7,
			..SimConfig::fault_free(5, 12, 100)
		}
	}

	#[test]
	fn honest_network_delivers_everything_in_order() {
		let report = run(&config());
		assert_eq!(report.sent, 5 * 12 * 6);
		assert!(report.candidates_rejected.is_empty() && report.candidates_invalid.is_empty());
		assert_eq!(report.candidates_accepted, 5 * 12);
		// Nothing the relay was handed or stored held a payload (long enough to be looked for).
		assert!(config().payload_size as usize >= super::super::report::MATCHED_PAYLOAD_MIN);
		assert_eq!(report.relay_chain_message_bytes, 0);
		// What the last block sent is consumed in the next one, after the run.
		assert_eq!(report.pending, 5 * 6);
		assert_eq!(report.delivered, report.sent - report.pending);
		assert!(report.all_accounted_for());
		assert!(report.violations.is_empty() && report.faults.is_none());
	}

	#[test]
	fn forged_candidate_is_rejected_and_its_messages_delivered_later() {
		let report = run(&SimConfig { forge_at: Some(3), ..config() });
		assert!(report.candidates_rejected.is_empty(), "caught at validation, before the relay");
		assert_eq!(report.candidates_invalid.len(), 1);
		let (block, para, error) = &report.candidates_invalid[0];
		assert_eq!((*block, *para), (3, ParaId::from(2000)));
		let forged = format!("error: {:?}", VerificationError::BatchRootMismatch);
		assert!(error.starts_with("InvalidBatch") && error.contains(&forged), "{error}");
		assert_eq!(report.pending, 5 * 6);
		assert!(report.all_accounted_for());
	}

	#[test]
	fn each_way_of_cheating_is_rejected_and_nothing_honest_is() {
		for misbehaviour in [
			Misbehaviour::ForgeCandidate,
			Misbehaviour::OmitBatch,
			Misbehaviour::ReplayBatch,
			Misbehaviour::ReorderBatches,
		] {
			// Tight budget at a hot spot: the first chain consumes several batches of one
			// sender at once, which a reordering collator needs.
			let report = run(&SimConfig {
				forge_at: Some(6),
				misbehaviour,
				traffic: Traffic::HotSpot,
				ingress_budget: 12,
				..config()
			});
			assert_eq!(report.tampered.len(), 1, "{misbehaviour:?}: {report:?}");
			let refused = report.candidates_invalid.len() + report.candidates_rejected.len();
			assert_eq!(refused, 1, "{misbehaviour:?}");
			assert!(report.violations.is_empty() && report.all_accounted_for());
		}
	}

	#[test]
	fn blocked_sender_is_refused_and_told() {
		let report = run(&SimConfig { block_between: Some((3, 8)), ..config() });
		assert!(report.rejected > 0, "what was in flight when the block took effect");
		assert!(report.refused_blocked > 0, "sends while blocked are refused at once");
		assert!(report.candidates_rejected.is_empty());
		assert!(report.all_accounted_for());
	}

	#[test]
	fn tight_budget_delays_but_loses_nothing() {
		let report =
			run(&SimConfig { ingress_budget: 5, traffic: Traffic::HotSpot, blocks: 8, ..config() });
		assert!(report.pending > 5 * 6, "the hot spot cannot keep up with a budget of 5");
		assert!(report.candidates_rejected.is_empty());
		assert!(report.all_accounted_for());
	}

	#[test]
	fn relay_state_does_not_grow_with_message_size() {
		let small = run(&SimConfig { payload_size: 10, ..config() });
		let large = run(&SimConfig { payload_size: 1000, ..config() });
		assert_eq!(small.relay_state_peak, large.relay_state_peak);
		// HRMP holds every pending message: 990 more bytes each.
		assert!(large.hrmp_state_peak > small.hrmp_state_peak + 20 * 990);
	}
}
