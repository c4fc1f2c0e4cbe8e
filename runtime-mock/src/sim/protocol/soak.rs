//! The protocol model's soak: faults drawn every relay block ([`FaultInjector`]) and the
//! protocol's invariants checked after every block. A broken invariant is a violation in the
//! report ([`SimReport::violations`]), never a panic, so that a run shows all it found.
//!
//! After every relay block:
//!
//! - **every message is accounted for**: sent = delivered + rejected + pending at the senders;
//! - **each sender is told exactly what happened**: every message a sender prunes as delivered
//!   was accepted by its receiver, every one it prunes as rejected was refused (or never
//!   committed), each once and in nonce order (a ledger of what receivers consumed, per
//!   channel); a message over its channel's `max_message_size` is never delivered;
//! - **every cheat is refused and nothing honest is**: a candidate a collator tampered with is
//!   invalid at validation, an honest one included, and an honest collator never meets a
//!   batch it cannot consume;
//! - **relay state stays within its bound** ([`relay_state_bound`]), which grows with the
//!   number of channels and their capacities, never with messages, watermarks' lag or time;
//! - **no relay record holds a message**: every `body_check_every` blocks, no 16-byte window
//!   of the relay's encoded records equals the start of a payload any chain holds.

use std::{
	collections::{BTreeMap, HashSet, VecDeque},
	time::Duration,
};

use xcmp_primitives::{
	limits::{MAX_MESSAGE_SIZE, MAX_REFUSED_RANGES},
	Message, Nonce, ParaId, Payload, RelayBlockNumber,
};
use xcmp_verifier::{Candidate, CandidateError, InMemoryRelay, RelayUpdate, RelayView};

use super::{Collation, Parachain};
use crate::sim::{
	faults::{BlockFaults, Fault, FaultInjector},
	report::{refusal_reason, FaultReport},
	Faults, Misbehaviour, SimConfig, SimReport,
};

/// The ways the protocol model's collators cheat: it has no ingress inherent to forge.
const CHEATS: &[Misbehaviour] = &[
	Misbehaviour::ForgeCandidate,
	Misbehaviour::OmitBatch,
	Misbehaviour::ReplayBatch,
	Misbehaviour::ReorderBatches,
];

/// Violations kept word for word; past them, only counted.
const VIOLATIONS_KEPT: usize = 100;

/// Bytes of a payload's start looked for in the relay's records.
const BODY_WINDOW: usize = 16;

/// The most bytes [`InMemoryRelay`] holds for `paras` parachains, every two connected both ways
/// by channels of capacity `capacity`, whatever the time and however far watermarks lag.
///
/// Per channel, whatever happens: its limits (20 bytes with the key), its last committed nonce
/// (16), the receiver's cursor (48), whether the receiver blocks the sender and since when (12),
/// since when it closes (4), and at most `MAX_REFUSED_RANGES` refused ranges (20 each, behind
/// their key and length: 329). Per parachain: its last egress's relay parent and its watermark
/// (8 each), and the ends of its digests (13). Each map's length: at most 5 bytes.
///
/// Per channel, its batches pending: at most `capacity`, each carrying a message at least. Each
/// keeps its share of an egress record, at most 46 bytes (key, `sent_at`, root, the list's
/// length) and 20 for its listing, and at most one digest: its key and links (20) and one entry
/// (12). A consumed batch drops its listing and its digest entry, whatever the watermark.
///
/// So relay state grows with the channels and their capacities, never with messages, their
/// size, how far watermarks lag, or time.
pub fn relay_state_bound(capacity: u32, paras: u64) -> u64 {
	let senders = paras.saturating_sub(1);
	let channels = paras * senders;
	let refused = 8 + 1 + u64::from(MAX_REFUSED_RANGES) * 20;
	let per_channel = 20 + 16 + 48 + 12 + 4 + refused;
	let per_pending_batch = 46 + 20 + 20 + 12;
	let per_para = 8 + 8 + 13;
	let maps = 10 * 5;
	maps + channels * (per_channel + u64::from(capacity) * per_pending_batch) + paras * per_para
}

/// Per channel, what its receiver consumed that its sender has not pruned yet.
#[derive(Clone, Debug)]
struct ChannelLedger {
	/// Consumed nonce ranges, oldest first, each accepted (`false`) or refused (`true`).
	consumed: VecDeque<(Nonce, Nonce, bool)>,
	/// The next nonce the sender must prune.
	next_pruned: Nonce,
}

impl Default for ChannelLedger {
	fn default() -> Self {
		Self { consumed: VecDeque::new(), next_pruned: 1 }
	}
}

/// The soak's faults and checks over one protocol-model run.
pub(super) struct Soak {
	injector: FaultInjector,
	report: FaultReport,
	capacity: u32,
	blocks: RelayBlockNumber,
	ids: usize,
	ledger: BTreeMap<(ParaId, ParaId), ChannelLedger>,
	violations: Vec<String>,
	violation_count: u64,
	order_violations_seen: u64,
	peak: u64,
	block: RelayBlockNumber,
}

impl Soak {
	pub(super) fn new(faults: Faults, config: &SimConfig) -> Self {
		Self {
			injector: FaultInjector::new(faults, CHEATS, config.seed, config.parachains),
			report: FaultReport::default(),
			capacity: config.limits.max_capacity,
			blocks: config.blocks,
			ids: config.parachains as usize,
			ledger: BTreeMap::new(),
			violations: Vec::new(),
			violation_count: 0,
			order_violations_seen: 0,
			peak: 0,
			block: 0,
		}
	}

	fn violation(&mut self, what: String) {
		self.violation_count += 1;
		if self.violations.len() < VIOLATIONS_KEPT {
			self.violations.push(format!("relay block {}: {what}", self.block));
		}
	}

	/// Draws relay block `block`'s faults and makes governance's happen: channels start
	/// closing or open again on the relay, receivers' block-list changes wait for their next
	/// block. Returns the rest of the block's faults, and which chains are silent in it.
	pub(super) fn begin_block(
		&mut self,
		block: RelayBlockNumber,
		ids: &[ParaId],
		relay: &mut InMemoryRelay,
		chains: &mut [Parachain],
	) -> (BlockFaults, Vec<bool>) {
		self.block = block;
		let faults = self.injector.draw(block);
		for &(sender, receiver) in &faults.close {
			relay.close_channel(ids[sender], ids[receiver], block);
		}
		for &(sender, receiver) in &faults.reopen {
			let (s, r) = (ids[sender], ids[receiver]);
			if let Some(limits) = relay.limits(s, r) {
				if relay.reopen_channel(s, r, limits) {
					self.injector.reopened(sender, receiver);
				}
			}
		}
		for &(receiver, sender, blocks) in &faults.block_list {
			let change = if blocks {
				xcmp_primitives::BlockListChange::Blocked(ids[sender])
			} else {
				xcmp_primitives::BlockListChange::Unblocked(ids[sender])
			};
			chains[receiver].block_list_changes.push(change);
		}
		let silent = (0..chains.len()).map(|i| self.injector.is_silent(i, block)).collect();
		(faults, silent)
	}

	/// `chain`'s runtime misbehaves: it queues, to a destination picked at random that takes
	/// its messages, one over the channel's `max_message_size` (and within the channel's other
	/// limits, so that the relay records its batch). The batch's receiver must refuse it.
	pub(super) fn send_over_limits(
		&mut self,
		chain: &mut Parachain,
		ids: &[ParaId],
		relay: &InMemoryRelay,
		report: &mut SimReport,
	) {
		let destination = ids[self.injector.pick(ids.len())];
		let Some(limits) = relay.limits(chain.id, destination) else { return };
		if destination == chain.id
			|| relay.is_closing(chain.id, destination)
			|| relay.blocks(destination, chain.id)
			|| limits.max_message_size >= MAX_MESSAGE_SIZE
		{
			return;
		}
		let over = 1 + self.injector.pick(limits.max_message_size as usize) as u32;
		let size = limits.max_message_size.saturating_add(over).min(MAX_MESSAGE_SIZE);
		let (count, bytes) = chain.pending_to(destination);
		if count + 1 > u64::from(limits.max_capacity)
			|| bytes + u64::from(size) > u64::from(limits.max_total_size)
		{
			return;
		}
		let bytes: Vec<u8> = (0..size).map(|_| self.injector.pick(256) as u8).collect();
		let Ok(payload) = Payload::try_from(bytes) else { return };
		chain.queued.entry(destination).or_default().push(payload);
		report.sent += 1;
		report.message_bytes += u64::from(size);
		self.injector.count(Fault::OverLimits);
	}

	/// Counts a fault that took effect.
	pub(super) fn count(&mut self, fault: Fault) {
		self.injector.count(fault);
	}

	/// The verifier's verdict on `candidate`, which a collator `tampered` with or not: a cheat
	/// must be rejected, an honest candidate accepted.
	pub(super) fn candidate_checked(
		&mut self,
		block: RelayBlockNumber,
		candidate: &Candidate,
		tampered: Option<Misbehaviour>,
		verdict: &Result<RelayUpdate, CandidateError>,
	) {
		let para = candidate.para;
		match (tampered, verdict) {
			(Some(how), Ok(_)) => {
				self.violation(format!("para {para}'s candidate, cheating ({how:?}), was accepted"))
			}
			(None, Err(error)) => self.violation(format!(
				"para {para}'s honest candidate at relay parent {block} was rejected: {error:?}"
			)),
			(Some(_), Err(_)) => {}
			(None, Ok(_)) => {
				for batch in &candidate.consumed {
					let refused = candidate
						.ingress
						.cursors
						.iter()
						.any(|cursor| cursor.sender == batch.sender && cursor.rejected);
					let (first, last) = (batch.entry.first_nonce, batch.entry.last_nonce);
					let ledger = self.ledger.entry((batch.sender, para)).or_default();
					ledger.consumed.push_back((first, last, refused));
				}
			}
		}
	}

	/// What an included block did besides consuming: rejected messages before they committed,
	/// and refused batches for their reasons.
	pub(super) fn collation_included(&mut self, collation: &Collation) {
		self.report.rejected_before_commit += collation.rejected_before_commit;
		for reason in &collation.refusals {
			*self.report.batches_refused.entry(refusal_reason(reason)).or_default() += 1;
		}
	}

	/// Checks a message its sender pruned, as `rejected` or delivered, against what its
	/// receiver consumed.
	pub(super) fn pruned(&mut self, message: &Message, rejected: bool, max_message_size: u32) {
		let channel = (message.sender, message.destination);
		let ledger = self.ledger.entry(channel).or_default();
		let nonce = message.nonce;
		let expected = ledger.next_pruned;
		let consumed = ledger.consumed.front().copied();
		ledger.next_pruned = nonce.saturating_add(1);
		if let Some((_, last, _)) = consumed {
			if nonce >= last {
				ledger.consumed.pop_front();
			}
		}
		let (sender, receiver) = channel;
		if nonce != expected {
			return self.violation(format!(
				"{sender} pruned message {nonce} to {receiver} where {expected} was next"
			));
		}
		match consumed {
			Some((first, last, refused)) if (first..=last).contains(&nonce) => {
				if refused != rejected {
					let (told, was) =
						if rejected { ("rejected", "accepted") } else { ("delivered", "refused") };
					self.violation(format!(
						"{sender} was told its message {nonce} to {receiver} was {told}; it was \
						 {was}"
					));
				}
			}
			_ => self.violation(format!(
				"{sender} pruned message {nonce} to {receiver}, which {receiver} never consumed"
			)),
		}
		if !rejected && message.payload.len() as u64 > u64::from(max_message_size) {
			self.violation(format!(
				"message {nonce} from {sender} to {receiver}, over the channel's \
				 max_message_size, was delivered"
			));
		}
	}

	/// The invariants after relay block `block`, whose records `relay` holds at `block + 1`.
	pub(super) fn end_block(
		&mut self,
		block: RelayBlockNumber,
		ids: &[ParaId],
		relay: &InMemoryRelay,
		chains: &[Parachain],
		report: &SimReport,
	) {
		self.report.blocks_checked += 1;
		let pending: u64 = chains.iter().map(Parachain::pending).sum();
		if report.sent != report.delivered + report.rejected + pending {
			self.violation(format!(
				"{} sent, {} delivered, {} rejected and {pending} pending: messages lost or \
				 duplicated",
				report.sent, report.delivered, report.rejected
			));
		}
		if report.order_violations > self.order_violations_seen {
			self.order_violations_seen = report.order_violations;
			self.violation("a batch was consumed out of order, twice or with a gap".into());
		}
		// The relay holds an egress record exactly while a batch of it is pending, and a
		// receiver's digests only above its watermark.
		let records: usize = chains.iter().map(Parachain::committed_blocks_held).sum();
		if relay.egress_roots_held() != records {
			self.violation(format!(
				"the relay holds {} egress records; senders hold {records} blocks with a batch \
				 pending",
				relay.egress_roots_held()
			));
		}
		for receiver in ids {
			let watermark = relay.watermark(*receiver);
			if let Some(span) = relay.digest_span(*receiver).filter(|s| s.oldest <= watermark) {
				self.violation(format!(
					"the relay keeps {receiver}'s digest at {}, at or below its watermark \
					 {watermark}",
					span.oldest
				));
			}
		}
		let now = u64::from(block) + 1;
		let lags: Vec<u64> =
			ids.iter().map(|id| now.saturating_sub(u64::from(relay.watermark(*id)))).collect();
		let lag = lags.iter().copied().max().unwrap_or_default();
		self.report.watermark_lag_max = self.report.watermark_lag_max.max(lag);
		let held = relay.encoded_size() as u64;
		let bound = relay_state_bound(self.capacity, ids.len() as u64);
		if held > bound {
			self.violation(format!("relay state of {held} bytes past its bound of {bound}"));
		}
		let half = if block <= self.blocks / 2 {
			&mut self.report.relay_state_peak_halves.0
		} else {
			&mut self.report.relay_state_peak_halves.1
		};
		*half = (*half).max(held);
		if held > self.peak {
			self.peak = held;
			self.report.relay_state_bound_at_peak = bound;
		}
		let every = self.injector.faults().body_check_every.max(1);
		if block.is_multiple_of(every) || block == self.blocks {
			self.check_no_body(relay, chains);
		}
	}

	/// No 16-byte window of the relay's records equals the start of a payload any chain holds.
	fn check_no_body(&mut self, relay: &InMemoryRelay, chains: &[Parachain]) {
		self.report.body_checks += 1;
		let records = relay.encoded();
		if records.len() != relay.encoded_size() {
			self.violation(format!(
				"the relay's records encode to {} bytes, not the {} counted",
				records.len(),
				relay.encoded_size()
			));
		}
		let starts: HashSet<&[u8]> = chains
			.iter()
			.flat_map(Parachain::held_payloads)
			.filter_map(|payload| payload.get(..BODY_WINDOW))
			.collect();
		if let Some(at) = records.windows(BODY_WINDOW).position(|window| starts.contains(window)) {
			self.violation(format!("the relay's records hold a message's bytes at {at}"));
		}
	}

	/// Puts what the soak saw in `report`.
	pub(super) fn finish(mut self, report: &mut SimReport, run_time: Duration) {
		self.report.injected = std::mem::take(&mut self.injector.injected);
		self.report.silent_blocks = self.injector.silent_blocks;
		self.report.relay_state_bound = relay_state_bound(self.capacity, self.ids as u64);
		self.report.run_time = run_time;
		report.violations.append(&mut self.violations);
		let unkept = self.violation_count.saturating_sub(VIOLATIONS_KEPT as u64);
		if unkept > 0 {
			report.violations.push(format!("and {unkept} more"));
		}
		report.faults = Some(self.report);
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use xcmp_primitives::ChannelLimits;

	fn soak() -> Soak {
		let config = SimConfig {
			ingress_budget: 8,
			limits: ChannelLimits { max_capacity: 4, max_total_size: 32, max_message_size: 8 },
			seed: 1,
			..SimConfig::fault_free(3, 10, 8)
		};
		Soak::new(Faults::soak(), &config)
	}

	fn message(nonce: Nonce, size: usize) -> Message {
		Message {
			sender: ParaId::from(1),
			destination: ParaId::from(2),
			nonce,
			sent_at: 1,
			payload: Payload::truncate_from(vec![7; size]),
		}
	}

	#[test]
	fn a_sender_told_anything_but_what_its_receiver_did_is_a_violation() {
		let mut soak = soak();
		let channel = (ParaId::from(1), ParaId::from(2));
		soak.ledger.entry(channel).or_default().consumed.extend([(1, 2, false), (3, 3, true)]);
		soak.pruned(&message(1, 8), false, 8);
		assert_eq!(soak.violation_count, 0, "{:?}", soak.violations);
		// Told rejected, though accepted.
		soak.pruned(&message(2, 8), true, 8);
		// Told delivered, though refused; and over the channel's message size.
		soak.pruned(&message(3, 9), false, 8);
		// Never consumed.
		soak.pruned(&message(4, 8), false, 8);
		// Skipped a nonce.
		soak.pruned(&message(6, 8), false, 8);
		assert_eq!(soak.violation_count, 5, "{:#?}", soak.violations);
	}

	#[test]
	fn the_bound_covers_a_quiet_relay_and_grows_with_the_capacity_only() {
		let ids: Vec<ParaId> = (0..10).map(ParaId::from).collect();
		let limits = ChannelLimits { max_capacity: 4, max_total_size: 32, max_message_size: 8 };
		let relay = InMemoryRelay::fully_connected(&ids, limits);
		assert!(relay.encoded_size() as u64 <= relay_state_bound(4, 10));
		// One more pending batch a channel allows adds its record share and digest, per channel.
		assert_eq!(relay_state_bound(5, 10) - relay_state_bound(4, 10), 90 * (46 + 20 + 20 + 12));
	}
}
