//! A protocol-level XCMP network: parachains that queue, commit and serve messages, collators that
//! route whole batches with proofs, receivers that verify them, and a relay chain that records
//! only egress roots and cursors.
//!
//! Every commitment, proof and check is the real one from [`xcmp_primitives`]; what is simplified
//! is the chain around them (no runtime, no block import), so that the protocol's cost and
//! guarantees can be measured on many chains at once.

use std::collections::{BTreeMap, BTreeSet};

use codec::Encode;
use rand::{rngs::StdRng, Rng, SeedableRng};
use xcmp_primitives::{
	build_egress_entry, prove_egress_entries, verify_batch, ChannelCursor, ChannelLimits,
	EgressCommitment, IngressCommitment, IngressCursor, Message, Nonce, ParaId, RelayBlockNumber,
	RoutedBatch, VerificationError, H256,
};

/// Who sends to whom each block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Traffic {
	/// Every parachain sends to every other one.
	AllToAll,
	/// Every parachain sends to the first one.
	HotSpot,
	/// Every parachain sends to destinations picked at random.
	Random,
}

/// What to simulate.
#[derive(Clone, Debug)]
pub struct SimConfig {
	/// Number of parachains, ids 2000, 2001, ...
	pub parachains: u32,
	/// Number of relay blocks; every parachain produces one block per relay block.
	pub blocks: u32,
	/// Messages each parachain queues per block, spread over its destinations.
	pub messages_per_block: u32,
	/// Payload size of every message, in bytes.
	pub payload_size: u32,
	/// The traffic pattern.
	pub traffic: Traffic,
	/// Most messages a receiver's block processes; batches that do not fit wait.
	pub ingress_budget: u32,
	/// Limits of every channel (all pairs are connected).
	pub limits: ChannelLimits,
	/// Relay block at which one collator serves a forged batch, if any.
	pub forge_at: Option<RelayBlockNumber>,
	/// Seed of the traffic generator.
	pub seed: u64,
}

/// What happened, for the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimReport {
	/// Messages queued by senders.
	pub sent: u64,
	/// Messages that passed verification and were processed by their receiver.
	pub delivered: u64,
	/// Messages queued but not yet consumed when the run ended.
	pub pending: u64,
	/// `send` calls refused because the channel was full (back-pressure), not queued.
	pub refused_full: u64,
	/// Payload bytes of all sent messages.
	pub message_bytes: u64,
	/// Proof bytes routed with the delivered batches.
	pub proof_bytes: u64,
	/// Batches routed and verified.
	pub batches: u64,
	/// Batches a receiver refused, with the reason (forged by a misbehaving collator).
	pub refused_batches: Vec<(RelayBlockNumber, ParaId, ParaId, VerificationError)>,
	/// Largest relay-state size seen, in bytes (egress roots and cursors).
	pub relay_state_peak: u64,
	/// Relay-state size at the end, in bytes.
	pub relay_state_final: u64,
	/// Largest number of message bytes HRMP would have held in relay storage at once for the
	/// same traffic (every pending message body, as `InboundHrmpMessage`).
	pub hrmp_state_peak: u64,
	/// Messages delivered out of nonce order or twice (must be 0).
	pub order_violations: u64,
}

impl SimReport {
	/// Every message sent is delivered or still pending: none lost, none duplicated.
	pub fn all_accounted_for(&self) -> bool {
		self.sent == self.delivered + self.pending && self.order_violations == 0
	}
}

/// A block's committed batches, kept by the sender until every batch is consumed.
struct SentBlock {
	commitment: EgressCommitment,
	batches: BTreeMap<ParaId, Vec<Message>>,
}

/// One parachain: its outbound channels as a sender, its cursors as a receiver.
struct Parachain {
	id: ParaId,
	/// Per destination: last nonce assigned and the MQC head after the last committed batch.
	outbound: BTreeMap<ParaId, (Nonce, H256)>,
	/// Messages queued this block, not committed yet.
	queued: BTreeMap<ParaId, Vec<Vec<u8>>>,
	/// Committed blocks still holding unconsumed batches, by `sent_at`.
	committed: BTreeMap<RelayBlockNumber, SentBlock>,
	/// Per sender: the receiver's cursor.
	inbound: BTreeMap<ParaId, ChannelCursor>,
	/// Sender the next block's ingress starts with (round robin across blocks).
	next_sender: usize,
}

impl Parachain {
	fn new(id: ParaId) -> Self {
		Self {
			id,
			outbound: BTreeMap::new(),
			queued: BTreeMap::new(),
			committed: BTreeMap::new(),
			inbound: BTreeMap::new(),
			next_sender: 0,
		}
	}

	/// Messages to `destination` queued or committed and not consumed yet, and their bytes.
	fn pending_to(&self, destination: ParaId) -> (u64, u64) {
		let queued = self.queued.get(&destination).map_or(&[][..], |q| &q[..]);
		let mut count = queued.len() as u64;
		let mut bytes: u64 = queued.iter().map(|p| p.len() as u64).sum();
		for block in self.committed.values() {
			if let Some(batch) = block.batches.get(&destination) {
				count += batch.len() as u64;
				bytes += batch.iter().map(|m| m.payload.len() as u64).sum::<u64>();
			}
		}
		(count, bytes)
	}

	/// Commits the queued messages as one batch per destination at relay parent `sent_at`.
	fn commit(&mut self, sent_at: RelayBlockNumber) -> Option<EgressCommitment> {
		if self.queued.is_empty() {
			return None;
		}
		let mut entries = Vec::new();
		let mut batches = BTreeMap::new();
		for (destination, payloads) in std::mem::take(&mut self.queued) {
			let (last_nonce, head) = self.outbound.entry(destination).or_default();
			let messages: Vec<Message> = payloads
				.into_iter()
				.zip(*last_nonce + 1..)
				.map(|(payload, nonce)| Message {
					sender: self.id,
					destination,
					nonce,
					sent_at,
					payload: payload.try_into().expect("queued payloads are within the bound"),
				})
				.collect();
			let entry = build_egress_entry(*head, &messages).expect("honest batch is well formed");
			*last_nonce = entry.last_nonce;
			*head = entry.mqc_head;
			entries.push((destination, entry));
			batches.insert(destination, messages);
		}
		let commitment = EgressCommitment::new(entries).expect("at most one entry per destination");
		self.committed.insert(sent_at, SentBlock { commitment: commitment.clone(), batches });
		Some(commitment)
	}

	/// The collator's answer to a receiver's poll: every committed batch for `destination` after
	/// `after_nonce`, in order, each with its entry proof.
	fn serve(&self, destination: ParaId, after_nonce: Nonce) -> Vec<RoutedBatch> {
		self.committed
			.values()
			.filter_map(|block| {
				let messages = block.batches.get(&destination)?;
				let entry = *block.commitment.entry(destination)?;
				(entry.first_nonce > after_nonce).then(|| RoutedBatch {
					sender: self.id,
					entry,
					entry_proof: prove_egress_entries(&block.commitment.entries, &[destination])
						.expect("tries built in memory are consistent"),
					messages: messages.clone(),
				})
			})
			.collect()
	}

	/// Drops the batches the relay shows consumed, and blocks left empty.
	fn prune(&mut self, relay: &Relay) {
		let sender = self.id;
		self.committed.retain(|_, block| {
			block.batches.retain(|destination, messages| {
				let consumed = relay.cursor(sender, *destination).last_nonce;
				messages.last().is_some_and(|m| m.nonce > consumed)
			});
			!block.batches.is_empty()
		});
	}
}

/// A recorded egress root and, per destination it names, the last nonce its receiver must reach
/// before the root may be pruned.
type RecordedEgress = (H256, Vec<(ParaId, Nonce)>);

/// What the relay chain stores: egress roots per `(sender, sent_at)`, kept until every receiver
/// named in that block's entries consumed its batch, and one cursor per channel. No message.
#[derive(Default)]
struct Relay {
	egress_roots: BTreeMap<(ParaId, RelayBlockNumber), RecordedEgress>,
	cursors: BTreeMap<(ParaId, ParaId), ChannelCursor>,
}

impl Relay {
	fn cursor(&self, sender: ParaId, receiver: ParaId) -> ChannelCursor {
		self.cursors.get(&(sender, receiver)).copied().unwrap_or_default()
	}

	/// Records a sender block's egress commitment, after checking it is well formed.
	fn record_egress(&mut self, sender: ParaId, at: RelayBlockNumber, c: &EgressCommitment) {
		c.check().expect("honest senders commit well-formed entries");
		let awaited = c.entries.iter().map(|(d, e)| (*d, e.last_nonce)).collect();
		self.egress_roots.insert((sender, at), (c.egress_root, awaited));
	}

	/// Records a receiver block's moved cursors and prunes egress roots nobody waits on.
	fn record_ingress(&mut self, receiver: ParaId, commitment: &IngressCommitment) {
		commitment.check().expect("honest receivers commit well-formed cursors");
		for cursor in commitment.cursors.iter() {
			self.cursors.insert((cursor.sender, receiver), cursor.cursor());
		}
		let cursors = &self.cursors;
		self.egress_roots.retain(|(sender, _), (_, awaited)| {
			awaited.iter().any(|(destination, last)| {
				cursors.get(&(*sender, *destination)).map_or(0, |c| c.last_nonce) < *last
			})
		});
	}

	/// Bytes of relay state: what a relay runtime would keep for XCMP.
	fn state_bytes(&self) -> u64 {
		let roots: usize = self
			.egress_roots
			.iter()
			.map(|(k, (root, awaited))| {
				k.encoded_size() + root.encoded_size() + awaited.encoded_size()
			})
			.sum();
		let cursors: usize =
			self.cursors.iter().map(|(k, c)| k.encoded_size() + c.encoded_size()).sum();
		(roots + cursors) as u64
	}
}

/// Runs the network and reports what happened.
pub fn run(config: &SimConfig) -> SimReport {
	let mut rng = StdRng::seed_from_u64(config.seed);
	let ids: Vec<ParaId> = (0..config.parachains).map(|i| ParaId::from(2000 + i)).collect();
	let mut chains: Vec<Parachain> = ids.iter().map(|id| Parachain::new(*id)).collect();
	let mut relay = Relay::default();
	let mut report = SimReport::default();
	let mut last_delivered: BTreeMap<(ParaId, ParaId), Nonce> = BTreeMap::new();

	for block in 1..=config.blocks {
		// 1. Senders queue traffic, refusing sends the channel has no room for.
		for chain in chains.iter_mut() {
			for i in 0..config.messages_per_block {
				let destination = pick_destination(config.traffic, &ids, chain.id, i, &mut rng);
				let (count, bytes) = chain.pending_to(destination);
				let size = u64::from(config.payload_size);
				if count + 1 > u64::from(config.limits.max_capacity)
					|| bytes + size > u64::from(config.limits.max_total_size)
				{
					report.refused_full += 1;
					continue;
				}
				let payload: Vec<u8> = (0..config.payload_size).map(|_| rng.gen()).collect();
				chain.queued.entry(destination).or_default().push(payload);
				report.sent += 1;
				report.message_bytes += size;
			}
		}
		// 2. Senders commit; the relay records their egress roots.
		for chain in chains.iter_mut() {
			if let Some(commitment) = chain.commit(block) {
				relay.record_egress(chain.id, block, &commitment);
			}
		}
		// In flight now: what HRMP would hold in relay storage, what XCMP holds instead.
		report.hrmp_state_peak = report.hrmp_state_peak.max(hrmp_state_bytes(&chains));
		report.relay_state_peak = report.relay_state_peak.max(relay.state_bytes());
		// 3. Receivers' collators poll every other collator; receivers verify and process.
		for r in 0..chains.len() {
			let receiver = chains[r].id;
			let senders: Vec<usize> = (0..chains.len()).filter(|s| *s != r).collect();
			let mut budget = u64::from(config.ingress_budget);
			let mut moved: BTreeMap<ParaId, ChannelCursor> = BTreeMap::new();
			let start = chains[r].next_sender % senders.len().max(1);
			let mut stopped_at = None;
			'senders: for k in 0..senders.len() {
				let s = senders[(start + k) % senders.len()];
				let sender = chains[s].id;
				let cursor = chains[r].inbound.get(&sender).copied().unwrap_or_default();
				for mut batch in chains[s].serve(receiver, cursor.last_nonce) {
					if batch.messages.len() as u64 > budget {
						stopped_at.get_or_insert(k);
						continue 'senders;
					}
					if config.forge_at == Some(block) && report.refused_batches.is_empty() {
						// A misbehaving collator flips a byte of a payload.
						if let Some(byte) = batch.messages[0].payload.as_mut().first_mut() {
							*byte ^= 0xff;
						}
					}
					let current = moved.get(&sender).copied().unwrap_or(cursor);
					let root = relay
						.egress_roots
						.get(&(sender, batch.entry.sent_at))
						.map(|(root, _)| *root)
						.unwrap_or_default();
					match verify_batch(receiver, &root, &current, &config.limits, &batch) {
						Ok(next) => {
							for m in &batch.messages {
								let last = last_delivered.entry((sender, receiver)).or_default();
								if m.nonce != *last + 1 {
									report.order_violations += 1;
								}
								*last = m.nonce;
							}
							budget -= batch.messages.len() as u64;
							report.delivered += batch.messages.len() as u64;
							report.proof_bytes += batch.proof_size() as u64;
							report.batches += 1;
							moved.insert(sender, next);
						}
						Err(e) => {
							// Refused: nothing from this sender this block; an honest collator
							// serves it again next block.
							report.refused_batches.push((block, sender, receiver, e));
							continue 'senders;
						}
					}
				}
			}
			// Next block starts with the sender the budget cut short, or the next one.
			chains[r].next_sender = start + stopped_at.unwrap_or(1);
			let cursors: Vec<IngressCursor> = moved
				.iter()
				.map(|(sender, c)| IngressCursor {
					sender: *sender,
					last_nonce: c.last_nonce,
					mqc_head: c.mqc_head,
					rejected: false,
				})
				.collect();
			chains[r].inbound.extend(moved);
			let commitment = IngressCommitment::new(cursors, block, Default::default())
				.expect("one cursor per sender");
			relay.record_ingress(receiver, &commitment);
		}
		// 4. Senders learn their receivers' cursors from the relay and prune.
		for chain in chains.iter_mut() {
			chain.prune(&relay);
		}
		report.relay_state_peak = report.relay_state_peak.max(relay.state_bytes());
	}
	report.relay_state_final = relay.state_bytes();
	let destinations: BTreeSet<ParaId> = ids.iter().copied().collect();
	report.pending =
		chains.iter().map(|c| destinations.iter().map(|d| c.pending_to(*d).0).sum::<u64>()).sum();
	report
}

/// Bytes HRMP would keep in relay storage for the messages in flight: each pending message as an
/// `InboundHrmpMessage { sent_at, data }`.
fn hrmp_state_bytes(chains: &[Parachain]) -> u64 {
	chains
		.iter()
		.flat_map(|c| c.committed.values())
		.flat_map(|b| b.batches.values().flatten())
		.map(|m| (m.sent_at, &m.payload[..]).encoded_size() as u64)
		.sum()
}

fn pick_destination(
	traffic: Traffic,
	ids: &[ParaId],
	me: ParaId,
	i: u32,
	rng: &mut StdRng,
) -> ParaId {
	let others: Vec<ParaId> = ids.iter().copied().filter(|id| *id != me).collect();
	match traffic {
		Traffic::AllToAll => others[i as usize % others.len()],
		Traffic::HotSpot if me != ids[0] => ids[0],
		Traffic::HotSpot | Traffic::Random => others[rng.gen_range(0..others.len())],
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn config() -> SimConfig {
		SimConfig {
			parachains: 5,
			blocks: 12,
			messages_per_block: 6,
			payload_size: 100,
			traffic: Traffic::AllToAll,
			ingress_budget: 1000,
			limits: ChannelLimits {
				max_capacity: 100,
				max_total_size: 100 * 1024,
				max_message_size: 1024,
			},
			forge_at: None,
			seed: 7,
		}
	}

	#[test]
	fn honest_network_delivers_everything_in_order() {
		let report = run(&config());
		assert_eq!(report.sent, 5 * 12 * 6);
		assert_eq!(report.delivered, report.sent);
		assert_eq!(report.pending, 0);
		assert!(report.all_accounted_for());
		assert!(report.refused_batches.is_empty());
		// Everything was consumed, so the relay pruned every egress root; only cursors remain.
		assert_eq!(report.relay_state_final, 5 * 4 * (8 + 8 + 32));
	}

	#[test]
	fn forged_batch_is_refused_and_delivered_later() {
		let report = run(&SimConfig { forge_at: Some(3), ..config() });
		assert_eq!(report.refused_batches.len(), 1);
		assert_eq!(report.refused_batches[0].3, VerificationError::BatchRootMismatch);
		assert_eq!(report.delivered, report.sent);
		assert!(report.all_accounted_for());
	}

	#[test]
	fn tight_budget_delays_but_loses_nothing() {
		let report =
			run(&SimConfig { ingress_budget: 5, traffic: Traffic::HotSpot, blocks: 8, ..config() });
		assert!(report.pending > 0, "the hot spot cannot keep up with a budget of 5");
		assert!(report.delivered >= 8 * 5, "every block processes up to its budget");
		assert!(report.all_accounted_for());
	}

	#[test]
	fn relay_state_does_not_grow_with_message_size() {
		let small = run(&SimConfig { payload_size: 10, ..config() });
		let large = run(&SimConfig { payload_size: 1000, ..config() });
		assert_eq!(small.relay_state_peak, large.relay_state_peak);
		assert!(large.hrmp_state_peak > 50 * small.hrmp_state_peak);
	}
}
