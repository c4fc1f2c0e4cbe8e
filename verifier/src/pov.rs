//! # Proof of validity: re-executing a candidate's block
//!
//! [`check_inclusion`](crate::check_inclusion) checks a candidate's commitments against what
//! the relay chain recorded; this module is where those commitments come from when a validator
//! checks a candidate as cumulus's `validate_block` does, off the relay runtime. The
//! collator hands validators a [`ProofOfValidity`]: the block, and a storage proof of every
//! trie node of the parent state the block's execution reads ([`prove_block`] records it while
//! the block is built). A validator:
//!
//! 1. checks that the block builds on the parent head it is validated on: it names the parent's
//!    hash, with the next number;
//! 2. builds a state holding nothing but the proof, whose root must be the parent's state root
//!    ([`execute_on_proof`]);
//! 3. re-executes the block on it (`frame_executive::Executive::execute_block`, which checks the
//!    state root, extrinsics root and digest the header claims against those it computes);
//! 4. reads the commitments from the state the block leaves: with the heads and the batches
//!    consumed, by name, they make the [`CandidateCommitments`](crate::CandidateCommitments)
//!    that the relay's inclusion takes.
//!
//! [`validate_block`] does 1 to 4 for any block type, the runtime's part coming in as closures.
//! A block that does not execute, or reads state the proof does not hold, is a [`PovError`],
//! never a panic. Native only (`std`); the same steps will run in wasm.

use codec::{Codec, Decode, DecodeWithMemTracking, Encode};
use core::fmt;
use sp_core::Hasher;
use sp_runtime::traits::{Block as BlockT, CheckedAdd, HashingFor, Header as HeaderT, One};
use sp_state_machine::{Ext, OverlayedChanges, TestExternalities};
use std::{
	cell::Cell,
	panic::{catch_unwind, AssertUnwindSafe},
	sync::Once,
};

pub use sp_trie::StorageProof;

/// What a collator hands validators for one parachain block, as cumulus's `ParachainBlockData`:
/// the block (`B`, a `sp_runtime::traits::Block`) and the storage proof its execution needs. Its
/// encoded size (`encoded_size`) is the proof of validity's size, which the relay chain bounds.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, Debug)]
pub struct ProofOfValidity<B> {
	/// The block, header and extrinsics, exactly as applied.
	pub block: B,
	/// Every trie node of the parent state the block's execution reads.
	pub storage_proof: StorageProof,
}

/// Why a proof of validity is not valid (or, for [`PovError::UncommittedChanges`], could not be
/// recorded).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum PovError {
	/// The state the block was to be built on held changes no block made: a proof recorded
	/// over them would not prove the parent state.
	UncommittedChanges,
	/// The proof does not hold the parent state root's node: it proves no part of that state.
	ProofRootMismatch,
	/// The block does not name the parent it is validated on as its parent.
	WrongParent,
	/// The block's number is not its parent's plus one.
	WrongNumber,
	/// Executing the block, or reading its commitments, panicked: a check of the executive's
	/// (state root, extrinsics root, digest, a failed inherent), a pallet's, or a read of state
	/// the proof lacks. With the panic's message.
	ExecutionFailed(String),
	/// The validated head's digest does not commit to the commitments the block's execution
	/// left ([`crate::CandidateCommitments::check_head_digest`]).
	HeadCommitments(crate::CandidateError),
}

impl fmt::Display for PovError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::UncommittedChanges => f.write_str("the state holds uncommitted changes"),
			Self::ProofRootMismatch => f.write_str("the proof does not hold the parent state root"),
			Self::WrongParent => f.write_str("the block does not build on the parent"),
			Self::WrongNumber => f.write_str("the block's number does not follow the parent's"),
			Self::ExecutionFailed(why) => write!(f, "the block does not execute: {why}"),
			Self::HeadCommitments(why) => {
				write!(f, "the head does not commit to the block's commitments: {why:?}")
			}
		}
	}
}

impl std::error::Error for PovError {}

/// Runs `build` on `state` (a collator's chain state) and records the storage proof of every
/// trie node of `state`'s committed backend that it reads, including those the block's state
/// root computation needs. Validators read the block's commitments after executing it, so
/// `build` reads them too, after the block, for the proof to hold them.
///
/// The changes `build` makes stay in `state`'s overlay, and reads of values already in the
/// overlay are not recorded: so that the proof proves the parent state, `state` must hold no
/// uncommitted change when `build` starts ([`PovError::UncommittedChanges`] otherwise).
pub fn prove_block<H, R>(
	state: &mut TestExternalities<H>,
	build: impl FnOnce() -> R,
) -> Result<(R, StorageProof), PovError>
where
	H: Hasher + 'static,
	H::Out: Codec + Ord + 'static,
{
	if !state.overlayed_changes().is_empty() {
		return Err(PovError::UncommittedChanges);
	}
	Ok(state.execute_and_prove(build))
}

/// Runs `run` with externalities over a state holding only `proof`, whose root must be
/// `parent_state_root`, and a fresh overlay for what `run` writes. A panic in `run` (a failed
/// check, a read of a trie node the proof lacks) is caught: [`PovError::ExecutionFailed`].
pub fn execute_on_proof<H, R>(
	parent_state_root: H::Out,
	proof: StorageProof,
	run: impl FnOnce() -> R,
) -> Result<R, PovError>
where
	H: Hasher + 'static,
	H::Out: Codec + Ord + 'static,
{
	let backend = sp_state_machine::create_proof_check_backend::<H>(parent_state_root, proof)
		.map_err(|_| PovError::ProofRootMismatch)?;
	let mut overlay = OverlayedChanges::<H>::default();
	let mut ext = Ext::new(&mut overlay, &backend, None);
	quiet_while_validating();
	VALIDATING.with(|validating| validating.set(true));
	let outcome = catch_unwind(AssertUnwindSafe(|| {
		sp_externalities::set_and_run_with_externalities(&mut ext, run)
	}));
	VALIDATING.with(|validating| validating.set(false));
	outcome.map_err(|payload| PovError::ExecutionFailed(panic_message(payload.as_ref())))
}

thread_local! {
	/// Whether this thread is executing a block from its proof of validity.
	static VALIDATING: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent for a panic of a block under validation (the
/// executive panics on every failed check; [`execute_on_proof`] reports it as a [`PovError`])
/// and hands every other panic to the hook that was there before.
fn quiet_while_validating() {
	static INSTALL: Once = Once::new();
	INSTALL.call_once(|| {
		let previous = std::panic::take_hook();
		std::panic::set_hook(Box::new(move |info| {
			if !VALIDATING.with(Cell::get) {
				previous(info)
			}
		}));
	});
}

/// Validates `pov` as the block after `parent`: checks that the block names `parent` as its
/// parent with the next number, then, on a state holding only the proof (rooted at `parent`'s
/// state root), runs `execute` on the block and `read` after it, and returns what `read`
/// returns: the block's commitments.
///
/// `execute` is the runtime's block execution, `Executive::execute_block` (with whatever the
/// validator sets before it), which checks the header's state root, extrinsics root and digest.
pub fn validate_block<B, C>(
	parent: &B::Header,
	pov: &ProofOfValidity<B>,
	execute: impl FnOnce(B::LazyBlock),
	read: impl FnOnce() -> C,
) -> Result<C, PovError>
where
	B: BlockT,
{
	let header = pov.block.header();
	if *header.parent_hash() != parent.hash() {
		return Err(PovError::WrongParent);
	}
	if Some(*header.number()) != parent.number().checked_add(&One::one()) {
		return Err(PovError::WrongNumber);
	}
	let block = pov.block.clone();
	execute_on_proof::<HashingFor<B>, _>(
		*parent.state_root(),
		pov.storage_proof.clone(),
		move || {
			execute(block.into());
			read()
		},
	)
}

/// The message a panic carried, if it carried text.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
	payload
		.downcast_ref::<&str>()
		.map(|message| (*message).to_owned())
		.or_else(|| payload.downcast_ref::<String>().cloned())
		.unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_externalities::with_externalities;
	use sp_runtime::traits::BlakeTwo256;

	/// The value of `key` in the externalities set.
	fn read(key: &[u8]) -> Option<Vec<u8>> {
		with_externalities(|ext| ext.storage(key)).flatten()
	}

	/// A committed state of keys `a` to `h`, each with a value too long to inline in its node.
	fn state() -> TestExternalities<BlakeTwo256> {
		let mut state = TestExternalities::<BlakeTwo256>::default();
		for key in b'a'..=b'h' {
			state.insert(vec![key], vec![key; 64]);
		}
		state
	}

	#[test]
	fn what_a_proof_proves_reads_as_recorded_and_nothing_else_does() {
		let mut state = state();
		let root = *state.backend.root();
		let (value, proof) = prove_block(&mut state, || read(b"c")).unwrap();
		assert_eq!(value, Some(vec![b'c'; 64]));
		let on_proof = |run: fn() -> Option<Vec<u8>>| {
			execute_on_proof::<BlakeTwo256, _>(root, proof.clone(), run)
		};
		assert_eq!(on_proof(|| read(b"c")), Ok(Some(vec![b'c'; 64])));
		// A key the proof does not prove is an error, not a panic.
		let Err(PovError::ExecutionFailed(why)) = on_proof(|| read(b"f")) else {
			panic!("read a key the proof does not hold")
		};
		assert!(why.contains("missing"), "{why}");
		// Nor is a panic of the block.
		assert_eq!(
			on_proof(|| panic!("a failed check")),
			Err(PovError::ExecutionFailed("a failed check".into()))
		);
		// Another root.
		let other = BlakeTwo256::hash(b"another state");
		assert_eq!(
			execute_on_proof::<BlakeTwo256, _>(other, proof, || read(b"c")),
			Err(PovError::ProofRootMismatch)
		);
	}

	#[test]
	fn a_state_with_uncommitted_changes_proves_no_block() {
		let mut state = state();
		state.execute_with(|| with_externalities(|ext| ext.set_storage(b"z".to_vec(), vec![1])));
		assert_eq!(prove_block(&mut state, || ()), Err(PovError::UncommittedChanges));
		state.commit_all().unwrap();
		assert!(prove_block(&mut state, || ()).is_ok());
	}
}
