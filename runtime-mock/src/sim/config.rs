//! What to simulate, the same for both engines: the network, the traffic, the budgets and limits,
//! and who cheats when.

use rand::{rngs::StdRng, Rng};
use xcmp_primitives::{ChannelLimits, ParaId, RelayBlockNumber};

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
	/// Seed of the traffic generator.
	pub seed: u64,
}

/// How a misbehaving collator cheats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Misbehaviour {
	/// Flips a byte of a message in a batch its candidate claims it consumed: the verifier must
	/// refuse the candidate.
	#[default]
	ForgeCandidate,
	/// Leaves a consumed batch out of its candidate: the verifier must refuse it.
	OmitBatch,
	/// Claims a consumed batch twice: the verifier must refuse it.
	ReplayBatch,
	/// Claims two batches of one sender in the wrong order: the verifier must refuse it.
	ReorderBatches,
	/// Flips a byte of a message in its block's ingress inherent: the runtime must refuse to
	/// build the block.
	ForgeInherent,
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
