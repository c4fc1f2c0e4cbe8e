//! What to simulate, the same for both engines: the network, the traffic, the budgets and limits,
//! and who cheats when.

use rand::{rngs::StdRng, Rng};
use xcmp_primitives::{ChannelLimits, ParaId, RelayBlockNumber};
pub use xcmp_test_support::cheat::Misbehaviour;

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
	/// Number of relay blocks; every parachain produces one candidate per relay block.
	pub blocks: u32,
	/// Messages each parachain tries to send per block, spread over its destinations.
	pub messages_per_block: u32,
	/// Payload size of every message, in bytes.
	pub payload_size: u32,
	/// The traffic pattern.
	pub traffic: Traffic,
	/// Most messages a receiver's block processes; batches that do not fit wait.
	pub ingress_budget: u32,
	/// Limits of every channel (all pairs are connected).
	pub limits: ChannelLimits,
	/// Relay block at which a collator misbehaves.
	pub forge_at: Option<RelayBlockNumber>,
	/// How it misbehaves (the protocol model only forges a payload in its candidate).
	pub misbehaviour: Misbehaviour,
	/// Which parachain's collator misbehaves: its index, from 0.
	pub misbehaving: u32,
	/// Relay blocks at which the second parachain blocks, then unblocks, the first one.
	pub block_between: Option<(RelayBlockNumber, RelayBlockNumber)>,
	/// Deadline every sender's runtime gives its batches, in relay blocks after their relay
	/// parent (the egress pallet's `DeliveryTimeout`); the runtime model only.
	pub delivery_timeout: Option<RelayBlockNumber>,
	/// Relay blocks from which, and until which (excluded), the last parachain (if there are
	/// more than two) builds no block, so that batches to it time out; the runtime model only.
	pub silent_between: Option<(RelayBlockNumber, RelayBlockNumber)>,
	/// Seed of the traffic generator (and, apart from it, of the faults).
	pub seed: u64,
	/// Faults drawn at random every relay block, for a soak run; `None` for none.
	pub faults: Option<Faults>,
}

impl SimConfig {
	/// A run of `parachains` parachains for `relay_blocks` relay blocks with no fault: each sends
	/// one message of `payload_size` bytes a block, all to all, over channels of 32 such messages;
	/// a receiver's block takes up to 64 messages; seed 0. Runs and tests override what they
	/// need (`SimConfig { forge_at: Some(3), ..SimConfig::fault_free(4, 10, 64) }`).
	pub fn fault_free(parachains: u32, relay_blocks: u32, payload_size: u32) -> Self {
		Self {
			parachains,
			blocks: relay_blocks,
			messages_per_block: 1,
			payload_size,
			traffic: Traffic::AllToAll,
			ingress_budget: 64,
			limits: ChannelLimits {
				max_capacity: 32,
				max_total_size: payload_size.saturating_mul(32),
				max_message_size: payload_size,
			},
			forge_at: None,
			misbehaviour: Misbehaviour::default(),
			misbehaving: 0,
			block_between: None,
			delivery_timeout: None,
			silent_between: None,
			seed: 0,
			faults: None,
		}
	}

	/// Whether the parachain of index `index` builds no block in relay block `block` because of
	/// [`Self::silent_between`]: the last one, if there are more than two (the first two play the
	/// seed example).
	pub fn falls_silent(&self, index: u32, block: RelayBlockNumber) -> bool {
		let last = self.parachains.saturating_sub(1);
		index == last
			&& last >= 2
			&& self.silent_between.is_some_and(|(from, to)| (from..to).contains(&block))
	}
}

/// Faults a soak run draws every relay block, each with its chance per parachain and block.
/// Every one is either a cheat validation (or the runtime) must refuse, or an honest
/// mishap the protocol must ride out without losing, duplicating or misreporting a message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Faults {
	/// Its collator cheats with its candidate, in one of the ways its engine can play
	/// ([`Misbehaviour`]), each as likely.
	pub cheat: f64,
	/// Its collators serve no batch to any receiver in this block.
	pub withhold: f64,
	/// It goes silent, building no block, for 1 to `max_silence` relay blocks (its collators
	/// still serve what it committed).
	pub silence: f64,
	/// Longest silence, in relay blocks.
	pub max_silence: u32,
	/// Its governance blocks a sender, or unblocks one it blocks.
	pub block_list_change: f64,
	/// Most senders one receiver blocks at once.
	pub max_blocked: u32,
	/// The relay's governance starts closing one of its outbound channels; the channel is
	/// opened again once closed and 1 to `max_closed_for` relay blocks have passed.
	pub close_channel: f64,
	/// Longest wait before a closed channel is opened again, in relay blocks.
	pub max_closed_for: u32,
	/// Its runtime misbehaves and commits a message over its channel's `max_message_size` (the
	/// protocol model only: a real egress pallet refuses to).
	pub over_limits: f64,
	/// Relay blocks between two checks that no relay record holds a message (1: every block;
	/// the protocol model only).
	pub body_check_every: u32,
}

impl Faults {
	/// The soak of `xcmp-sim --soak`: with 100 parachains, about one cheat and one withheld
	/// serving per relay block, a silence starting every 10 relay blocks, a block-list change
	/// every 2, a channel closing every 10 and an over-limits batch every 5.
	pub fn soak() -> Self {
		Self {
			cheat: 0.01,
			withhold: 0.01,
			silence: 0.001,
			max_silence: 200,
			block_list_change: 0.005,
			max_blocked: 3,
			close_channel: 0.001,
			max_closed_for: 100,
			over_limits: 0.002,
			body_check_every: 10,
		}
	}
}

/// The destination of the `i`-th message `me` sends this block, as `traffic` has it.
pub fn pick_destination(
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
