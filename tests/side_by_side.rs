//! The same XCM programs over both stacks, in one run
//! ([`xcmp_runtime_mock::side_by_side`]): the receiver's and the sender's proof-of-validity bytes
//! a message over our XCMP channels and over cumulus's XCMP queue and HRMP. The byte counts are
//! deterministic: they are pinned, and BENCHMARKS.md reports them.

use xcmp_runtime_mock::{
	hrmp_network::HrmpNetwork,
	runtime_network::RuntimeNetwork,
	side_by_side::{rounds, Bytes, Run, Stack, Traffic},
};

fn report(name: &str, traffic: &[Traffic], ours: &Run, theirs: &Run) {
	let row = |what: &str, ours: f64, theirs: f64| {
		eprintln!("{name}, {what}: XCMP {ours:.1}, HRMP {theirs:.1} (ratio {:.2})", ours / theirs);
	};
	eprintln!("{name}: {} messages", traffic.len());
	row(
		"receiver's PoV bytes a message",
		ours.receiver_bytes_per_message(),
		theirs.receiver_bytes_per_message(),
	);
	row(
		"of which relay-state proof",
		ours.receiver_relay_proof_bytes_per_message(),
		theirs.receiver_relay_proof_bytes_per_message(),
	);
	row(
		"sender's PoV bytes a message",
		ours.sender_bytes_per_message(),
		theirs.sender_bytes_per_message(),
	);
	row(
		"both chains' PoV bytes a message",
		ours.total_bytes_per_message(),
		theirs.total_bytes_per_message(),
	);
	row(
		"messages within a block's PoV budget",
		ours.per_block_within_budget() as f64,
		theirs.per_block_within_budget() as f64,
	);
	eprintln!("{name}: XCMP {ours:?}; HRMP {theirs:?}");
}

/// A run's pinned figures: B's proofs of validity and the relay-state proofs in them, and A's
/// proofs, each with the traffic and without; the messages delivered.
fn pinned(
	receiver_pov: [u64; 2],
	receiver_relay_proof: [u64; 2],
	sender_pov: [u64; 2],
	delivered: u64,
) -> Run {
	let bytes = |[with_traffic, idle]: [u64; 2]| Bytes { with_traffic, idle };
	Run {
		receiver_pov: bytes(receiver_pov),
		receiver_relay_proof: bytes(receiver_relay_proof),
		sender_pov: bytes(sender_pov),
		delivered,
	}
}

#[test]
fn one_round_of_xcm_programs_over_both_stacks() {
	let traffic = rounds(1);
	let (ours, theirs) = (RuntimeNetwork::run(&traffic), HrmpNetwork::run(&traffic));
	report("1 round", &traffic, &ours, &theirs);
	// Pinned: the bytes are deterministic. With one message of each kind, the version
	// discovery the first transfer starts weighs on both, and each stack's fixed cost a block
	// of receiving anything at all is shared by three messages.
	assert_eq!(ours, pinned([10_126, 8_228], [1_844, 1_284], [11_733, 8_228], 3));
	assert_eq!(theirs, pinned([13_905, 12_758], [3_730, 3_600], [14_704, 12_758], 3));
}

#[test]
fn twenty_rounds_of_xcm_programs_over_both_stacks() {
	let traffic = rounds(20);
	let (ours, theirs) = (RuntimeNetwork::run(&traffic), HrmpNetwork::run(&traffic));
	report("20 rounds", &traffic, &ours, &theirs);
	assert_eq!(ours, pinned([16_738, 8_228], [1_844, 1_284], [26_420, 8_228], 60));
	assert_eq!(theirs, pinned([20_441, 12_758], [3_730, 3_600], [28_878, 12_758], 60));
}
