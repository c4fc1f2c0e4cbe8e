//! A runtime's whole state, taken once, which every iteration of a bench starts from; and reads
//! of the state in scope (its root, its pairs under a prefix).

use sp_core::{storage::StateVersion, H256};

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

/// Every storage key under `prefix`, in key order: the state in scope walked with `next_key`.
pub fn storage_keys_under(prefix: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
	let next =
		move |key: &Vec<u8>| sp_io::storage::next_key(key).filter(|next| next.starts_with(prefix));
	core::iter::successors(next(&prefix.to_vec()), move |key| next(key))
}

/// Every storage pair under `prefix`, keys and values, in key order.
pub fn storage_under(prefix: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
	storage_keys_under(prefix)
		.map(|key| {
			let value = sp_io::storage::get(&key).map(|value| value.to_vec()).unwrap_or_default();
			(key, value)
		})
		.collect()
}
