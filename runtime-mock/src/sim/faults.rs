//! Faults for soak runs, drawn at random every relay block ([`FaultInjector`], from
//! [`Faults`]), and the ways a collator cheats with its block ([`tamper`]), which both engines
//! play.
//!
//! The injector decides what goes wrong and keeps track of what it set going (silences, blocked
//! senders, closing channels); each engine makes it happen its own way, over the protocol's
//! records or through real runtimes, and counts the faults that took effect.

use std::collections::{BTreeMap, BTreeSet};

use rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};
use xcmp_primitives::{limits::MAX_WATERMARK_ADVANCE, RelayBlockNumber};
pub use xcmp_test_support::cheat::{flip_first_payload_byte, tamper};

use super::{Faults, Misbehaviour};

/// Added to the run's seed to seed the faults, so that the traffic's draws stay apart.
const FAULT_SEED: u64 = 0x5041_4b45_5f46_4c54;

/// A kind of fault, as the report counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
	/// A collator cheated with its block, and had something to cheat with.
	Cheat(Misbehaviour),
	/// A sender's collators served no batch for a relay block.
	Withheld,
	/// A parachain went silent (built no block) for a stretch of relay blocks.
	Silence,
	/// Of those, a silence longer than `MAX_WATERMARK_ADVANCE` relay blocks: more than the
	/// digests a receiver's block may pass could lie behind its watermark.
	LongSilence,
	/// A receiver's governance blocked a sender.
	SenderBlocked,
	/// A receiver's governance unblocked a sender.
	SenderUnblocked,
	/// The relay's governance started closing a channel.
	ChannelClosing,
	/// A closed channel was opened again.
	ChannelReopened,
	/// A sender's runtime committed a message over its channel's `max_message_size`.
	OverLimits,
}

impl Fault {
	/// What the fault is, for the text report.
	pub fn describe(&self) -> &'static str {
		match self {
			Self::Cheat(Misbehaviour::ForgeCandidate) => "collator forged a message",
			Self::Cheat(Misbehaviour::OmitBatch) => "collator omitted a batch",
			Self::Cheat(Misbehaviour::ReplayBatch) => "collator replayed a batch",
			Self::Cheat(Misbehaviour::ReorderBatches) => "collator reordered batches",
			Self::Cheat(Misbehaviour::ForgeInherent) => "collator forged its inherent",
			Self::Withheld => "collators withheld batches",
			Self::Silence => "parachain went silent",
			Self::LongSilence => "  of them for over 64 blocks",
			Self::SenderBlocked => "receiver blocked a sender",
			Self::SenderUnblocked => "receiver unblocked a sender",
			Self::ChannelClosing => "channel started closing",
			Self::ChannelReopened => "closed channel reopened",
			Self::OverLimits => "sender broke its limits",
		}
	}
}

/// What goes wrong in one relay block, by parachain index (the injector's silences apart).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockFaults {
	/// Parachains whose collator cheats with its block, and how.
	pub cheats: BTreeMap<usize, Misbehaviour>,
	/// Parachains whose collators serve no batch.
	pub withheld: BTreeSet<usize>,
	/// Block-list changes receivers' governance makes: `(receiver, sender, blocks)`, `blocks`
	/// false to unblock.
	pub block_list: Vec<(usize, usize, bool)>,
	/// Channels `(sender, receiver)` the relay's governance starts closing.
	pub close: Vec<(usize, usize)>,
	/// Closing channels `(sender, receiver)` due to be opened again, once closed.
	pub reopen: Vec<(usize, usize)>,
	/// Senders whose runtime commits a message over its channel's `max_message_size`.
	pub over_limits: Vec<usize>,
}

/// Draws each relay block's faults from [`Faults`], with a generator of its own, and keeps
/// what it set going: who is silent until when, who blocks whom, which channels close.
#[derive(Clone, Debug)]
pub struct FaultInjector {
	faults: Faults,
	cheats: &'static [Misbehaviour],
	rng: StdRng,
	parachains: usize,
	silent_until: Vec<RelayBlockNumber>,
	blocked: BTreeSet<(usize, usize)>,
	closing: BTreeMap<(usize, usize), RelayBlockNumber>,
	/// Faults that took effect, by kind.
	pub injected: BTreeMap<Fault, u64>,
	/// Parachain blocks not built because their parachain was silent.
	pub silent_blocks: u64,
}

impl FaultInjector {
	/// An injector for `parachains` parachains whose collators may cheat in the ways of
	/// `cheats`, seeded from the run's `seed`.
	pub fn new(
		faults: Faults,
		cheats: &'static [Misbehaviour],
		seed: u64,
		parachains: u32,
	) -> Self {
		let parachains = parachains as usize;
		Self {
			faults,
			cheats,
			rng: StdRng::seed_from_u64(seed.wrapping_add(FAULT_SEED)),
			parachains,
			silent_until: vec![0; parachains],
			blocked: BTreeSet::new(),
			closing: BTreeMap::new(),
			injected: BTreeMap::new(),
			silent_blocks: 0,
		}
	}

	/// The faults drawn from.
	pub fn faults(&self) -> &Faults {
		&self.faults
	}

	/// Whether the parachain at `index` builds no block in relay block `block`.
	pub fn is_silent(&self, index: usize, block: RelayBlockNumber) -> bool {
		self.silent_until.get(index).is_some_and(|until| block <= *until)
	}

	/// Counts a fault that took effect.
	pub fn count(&mut self, fault: Fault) {
		*self.injected.entry(fault).or_default() += 1;
	}

	/// Takes back a fault counted when drawn that did not take effect (a runtime refused it).
	pub fn discount(&mut self, fault: Fault) {
		if let Some(count) = self.injected.get_mut(&fault) {
			*count = count.saturating_sub(1);
		}
	}

	/// Records that the closing channel `(sender, receiver)` was opened again.
	pub fn reopened(&mut self, sender: usize, receiver: usize) {
		if self.closing.remove(&(sender, receiver)).is_some() {
			self.count(Fault::ChannelReopened);
		}
	}

	/// A random number in `0..n` from the faults' generator (for the engines' own choices, such
	/// as an over-limits message's destination and size).
	pub fn pick(&mut self, n: usize) -> usize {
		self.rng.gen_range(0..n.max(1))
	}

	/// Draws relay block `block`'s faults. Silences start here, and the parachains silent in
	/// `block` neither cheat, nor change their block lists, nor send.
	pub fn draw(&mut self, block: RelayBlockNumber) -> BlockFaults {
		let faults = self.faults;
		let mut drawn = BlockFaults::default();
		for index in 0..self.parachains {
			if !self.is_silent(index, block) && self.chance(faults.silence) {
				let length = self.rng.gen_range(1..=faults.max_silence.max(1));
				self.silent_until[index] = block + length - 1;
				self.count(Fault::Silence);
				if length > MAX_WATERMARK_ADVANCE {
					self.count(Fault::LongSilence);
				}
			}
			if self.chance(faults.withhold) {
				drawn.withheld.insert(index);
				self.count(Fault::Withheld);
			}
			if self.is_silent(index, block) {
				self.silent_blocks += 1;
				continue;
			}
			if self.chance(faults.cheat) {
				if let Some(how) = self.cheats.choose(&mut self.rng) {
					drawn.cheats.insert(index, *how);
				}
			}
			if self.chance(faults.block_list_change) {
				drawn.block_list.extend(self.change_block_list(index));
			}
			if self.chance(faults.close_channel) {
				let receiver = self.other_than(index);
				if let std::collections::btree_map::Entry::Vacant(entry) =
					self.closing.entry((index, receiver))
				{
					let closed_for = self.rng.gen_range(1..=faults.max_closed_for.max(1));
					entry.insert(block + closed_for);
					drawn.close.push((index, receiver));
					self.count(Fault::ChannelClosing);
				}
			}
			if self.chance(faults.over_limits) {
				drawn.over_limits.push(index);
			}
		}
		drawn.reopen = self
			.closing
			.iter()
			.filter(|(_, from)| **from <= block)
			.map(|(pair, _)| *pair)
			.collect();
		drawn
	}

	/// A block-list change of `receiver`: unblocks one of the senders it blocks, or blocks
	/// another, as likely, within `max_blocked`.
	fn change_block_list(&mut self, receiver: usize) -> Option<(usize, usize, bool)> {
		let blocked: Vec<usize> =
			self.blocked.iter().filter(|(r, _)| *r == receiver).map(|(_, s)| *s).collect();
		let unblock = !blocked.is_empty()
			&& (blocked.len() >= self.faults.max_blocked as usize || self.chance(0.5));
		if unblock {
			let sender = *blocked.choose(&mut self.rng)?;
			self.blocked.remove(&(receiver, sender));
			self.count(Fault::SenderUnblocked);
			return Some((receiver, sender, false));
		}
		if self.faults.max_blocked == 0 {
			return None;
		}
		let sender = self.other_than(receiver);
		if !self.blocked.insert((receiver, sender)) {
			return None;
		}
		self.count(Fault::SenderBlocked);
		Some((receiver, sender, true))
	}

	/// True with probability `p` (never for `p` of 0 or below, always for 1 or above).
	fn chance(&mut self, p: f64) -> bool {
		self.rng.gen::<f64>() < p
	}

	/// A parachain index other than `index`, at random.
	fn other_than(&mut self, index: usize) -> usize {
		let other = self.rng.gen_range(0..self.parachains.saturating_sub(1).max(1));
		if other >= index {
			other + 1
		} else {
			other
		}
	}
}
