//! Minimal runtimes for the pallet benches, ours and the peer's, and what they share: a no-op
//! message processor and state snapshots that each iteration starts from.

pub mod egress;
pub mod ingress;
pub mod peer;

use frame_support::{
	traits::{ProcessMessage, ProcessMessageError},
	weights::WeightMeter,
};
use sp_core::{storage::StateVersion, H256};
use std::cell::Cell;
use xcmp::primitives::ParaId;

/// The block number every benched block has (events are not recorded at genesis).
pub const BLOCK: u64 = 1;

thread_local! {
	static PROCESSED: Cell<u64> = const { Cell::new(0) };
}

/// Accepts every message and only counts it: servicing a queue costs what the queue does, not
/// what executing its messages would.
pub struct NoopProcessor;

impl ProcessMessage for NoopProcessor {
	type Origin = ParaId;

	fn process_message(
		_message: &[u8],
		_origin: ParaId,
		_meter: &mut WeightMeter,
		_id: &mut [u8; 32],
	) -> Result<bool, ProcessMessageError> {
		PROCESSED.with(|processed| processed.set(processed.get() + 1));
		Ok(true)
	}
}

/// The number of messages [`NoopProcessor`] processed since the last call.
pub fn take_processed() -> u64 {
	PROCESSED.with(|processed| processed.replace(0))
}

/// Trie nodes as `TestExternalities` snapshots them: prefixed key, then node and reference count.
type TrieNodes = Vec<(Vec<u8>, (Vec<u8>, i32))>;

/// A runtime's whole state, committed to its trie, which an iteration can start from without
/// rebuilding the trie.
pub struct Snapshot {
	nodes: TrieNodes,
	root: H256,
}

impl Snapshot {
	/// Commits `ext`'s pending changes and takes its state.
	pub fn take(mut ext: sp_io::TestExternalities) -> Self {
		ext.commit_all().expect("no storage transaction is open");
		let (nodes, root) = ext.into_raw_snapshot();
		Self { nodes, root }
	}

	/// Fresh externalities over a copy of the state.
	pub fn ext(&self) -> sp_io::TestExternalities {
		sp_io::TestExternalities::from_raw_snapshot(self.nodes.clone(), self.root, StateVersion::V1)
	}
}

/// The state root over everything the block wrote, as the end of every block computes it.
pub fn state_root() -> Vec<u8> {
	sp_io::storage::root(StateVersion::V1)
}
