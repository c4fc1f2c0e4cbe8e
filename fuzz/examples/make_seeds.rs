//! Writes the seed corpora under `seeds/<target>/`: honest encoded inputs for the targets that
//! decode bytes, and, for the targets that read a list of changes, one small input starting
//! with each kind of change (found by decoding pseudo-random bytes as the target does).
//!
//! Run from the fuzz crate: `cargo run --example make_seeds`.

use std::{collections::BTreeSet, fmt::Debug, fs, path::Path};

use arbitrary::{Arbitrary, Unstructured};
use codec::Encode;
use xcmp_fuzz::{
	batch::{batch_fixture, check_batch_mutations, BatchMutations},
	candidate::{candidate_fixture, check_candidate_mutations, CandidateMutation},
	inclusion::{check_commitment_mutations, CommitmentMutation},
	outcome::outcome_fixture,
	relay_state::{check_relay_state_reads, RelayStateInput},
};

fn write(target: &str, name: &str, bytes: &[u8]) {
	let dir = Path::new("seeds").join(target);
	fs::create_dir_all(&dir).expect("create the seed directory");
	fs::write(dir.join(name), bytes).expect("write a seed");
}

/// A deterministic xorshift stream, so that the seeds are the same on every run.
struct Bytes(u64);

impl Bytes {
	fn fill(&mut self, len: usize) -> Vec<u8> {
		(0..len)
			.map(|_| {
				self.0 ^= self.0 << 13;
				self.0 ^= self.0 >> 7;
				self.0 ^= self.0 << 17;
				self.0 as u8
			})
			.collect()
	}
}

/// One input per distinct `kind` of what the target decodes from it, checked with `check`.
fn seeds_by_kind<T: for<'a> Arbitrary<'a>>(
	target: &str,
	kind: impl Fn(&T) -> Option<String>,
	check: impl Fn(&T),
) {
	let mut bytes = Bytes(0x5eed_0fc0_ffee);
	let mut seen = BTreeSet::new();
	for _ in 0..20_000 {
		let data = bytes.fill(24);
		let Ok(input) = T::arbitrary_take_rest(Unstructured::new(&data)) else { continue };
		let Some(kind) = kind(&input) else { continue };
		if seen.insert(kind.clone()) {
			check(&input);
			write(target, &kind, &data);
		}
	}
}

/// The name of an enum value's variant, from its `Debug` form.
fn variant(value: &impl Debug) -> String {
	let debug = format!("{value:?}");
	debug.split([' ', '(', '{']).next().unwrap_or_default().to_owned()
}

fn main() {
	let batches = batch_fixture();
	write("decode_routed_batch", "honest", &batches.batch.encode());
	for (index, other) in batches.others.iter().enumerate() {
		write("decode_routed_batch", &format!("other-{index}"), &other.encode());
	}
	write("verify_candidate", "honest", &candidate_fixture().honest.encode());
	write("verify_outcome_report", "honest", &outcome_fixture().honest.encode());

	seeds_by_kind::<BatchMutations>(
		"verify_batch_mutations",
		|input| input.mutations.first().map(variant),
		check_batch_mutations,
	);
	seeds_by_kind::<Vec<CandidateMutation>>(
		"verify_candidate_mutations",
		|mutations| mutations.first().map(variant),
		|mutations| check_candidate_mutations(mutations),
	);
	seeds_by_kind::<Vec<CommitmentMutation>>(
		"check_inclusion_mutations",
		|mutations| mutations.first().map(variant),
		|mutations| check_commitment_mutations(mutations),
	);
	seeds_by_kind::<RelayStateInput>(
		"relay_state_proof",
		|input| Some(format!("{}-{}", variant(&input.source), variant(input.reads.first()?))),
		check_relay_state_reads,
	);
}
