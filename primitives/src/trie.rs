//! The egress trie: its root, compact proofs of its entries and their verification.
//!
//! It is an `sp-trie` trie with [`Layout`] (`LayoutV1<BlakeTwo256>`). Proofs use `trie-db`'s
//! compact format ([`sp_trie::generate_trie_proof`]): the verifier supplies the keys and values
//! it checks, so the proof omits them and every hash it can recompute. Generation works without
//! `std`, so a runtime API can serve proofs.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_trie::{TrieConfiguration, TrieMut, VerifyError};

use crate::{EgressEntry, Hashing, Layout, ParaId, ProofFailure, VerificationError};

/// A compact trie proof: the trie nodes on the paths to the proven keys, with values and
/// recomputable child hashes left out.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct TrieProof {
	/// The encoded nodes, in the order `trie-db`'s compact proof format lays them out.
	pub nodes: Vec<Vec<u8>>,
}

/// Proof generation failed because the in-memory trie it built was inconsistent. Tries are built
/// fresh from the items given, so this signals a bug in `sp-trie`, never bad input.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProofGenerationError;

/// Trie root of `items`, independent of their order (later duplicates of a key win).
pub(crate) fn trie_root(items: impl IntoIterator<Item = (Vec<u8>, Vec<u8>)>) -> H256 {
	Layout::trie_root(items)
}

fn egress_items(
	entries: &[(ParaId, EgressEntry)],
) -> impl Iterator<Item = (Vec<u8>, Vec<u8>)> + '_ {
	entries.iter().map(|(destination, entry)| (destination.encode(), entry.encode()))
}

/// Trie root of a block's egress entries: `{ SCALE(destination) => SCALE(entry) }`.
pub fn egress_root(entries: &[(ParaId, EgressEntry)]) -> H256 {
	trie_root(egress_items(entries))
}

/// Builds the trie of `items` in memory and proves `keys` in it (present or absent).
pub(crate) fn prove(
	items: impl Iterator<Item = (Vec<u8>, Vec<u8>)>,
	keys: &[Vec<u8>],
) -> Result<TrieProof, ProofGenerationError> {
	// `MemoryDB::default()` exists only for memory-db's own `RandomState`, which is not the one
	// sp-trie uses without `std`; `new` with the same null node works on both.
	let mut db = sp_trie::MemoryDB::<Hashing>::new(&[0u8][..]);
	let mut root = H256::default();
	{
		let mut trie = sp_trie::TrieDBMutBuilder::<Layout>::new(&mut db, &mut root).build();
		for (key, value) in items {
			trie.insert(&key, &value).map_err(|_| ProofGenerationError)?;
		}
	}
	sp_trie::generate_trie_proof::<Layout, _, _, _>(&db, root, keys)
		.map(|nodes| TrieProof { nodes })
		.map_err(|_| ProofGenerationError)
}

/// Checks `proof` shows exactly `items` (a value, or absence for `None`) under `root`.
pub(crate) fn verify(
	root: &H256,
	proof: &TrieProof,
	items: &[(Vec<u8>, Option<Vec<u8>>)],
) -> Result<(), ProofFailure> {
	sp_trie::verify_trie_proof::<Layout, _, _, _>(root, &proof.nodes, items).map_err(|e| match e {
		VerifyError::RootMismatch(_) => ProofFailure::RootMismatch,
		VerifyError::ValueMismatch(_) => ProofFailure::ValueMismatch,
		VerifyError::IncompleteProof => ProofFailure::Incomplete,
		VerifyError::ExtraneousNode
		| VerifyError::ExtraneousValue(_)
		| VerifyError::ExtraneousHashReference(_) => ProofFailure::Extraneous,
		VerifyError::InvalidChildReference(_) | VerifyError::DecodeError(_) => {
			ProofFailure::Malformed
		}
		VerifyError::DuplicateKey(_) => ProofFailure::DuplicateKey,
	})
}

/// Proves, for each of `destinations`, the entry a block committed for it or that it committed
/// none (proof of absence), in one compact proof against [`egress_root`] of `entries`.
pub fn prove_egress_entries(
	entries: &[(ParaId, EgressEntry)],
	destinations: &[ParaId],
) -> Result<TrieProof, ProofGenerationError> {
	let keys: Vec<Vec<u8>> = destinations.iter().map(Encode::encode).collect();
	prove(egress_items(entries), &keys)
}

/// Checks that the egress trie with root `egress_root` holds `entry` under `destination`, or,
/// for `None`, that it holds nothing there (the sender sent nothing to `destination`).
pub fn verify_egress_entry(
	egress_root: &H256,
	proof: &TrieProof,
	destination: ParaId,
	entry: Option<&EgressEntry>,
) -> Result<(), VerificationError> {
	verify_egress_entries(egress_root, proof, &[(destination, entry.copied())])
}

/// Checks a proof made by [`prove_egress_entries`] for several destinations at once: for each,
/// the entry the trie holds, or `None` for nothing. A compact proof must be checked against all
/// the keys it was made for: checked against fewer, it may hold nodes they do not need, which
/// fails as [`ProofFailure::Extraneous`].
pub fn verify_egress_entries(
	egress_root: &H256,
	proof: &TrieProof,
	items: &[(ParaId, Option<EgressEntry>)],
) -> Result<(), VerificationError> {
	let items: Vec<_> = items.iter().map(|(d, e)| (d.encode(), e.map(|e| e.encode()))).collect();
	verify(egress_root, proof, &items).map_err(VerificationError::InvalidEntryProof)
}
