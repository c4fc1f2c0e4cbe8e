//! The same XCM programs over both stacks, in one run
//! ([`xcmp_runtime_mock::side_by_side`]): the receiver's and the sender's proof-of-validity bytes
//! a message over our XCMP channels and over cumulus's XCMP queue and HRMP. The byte counts are
//! deterministic: they are pinned, and BENCHMARKS.md reports them.

use xcmp_runtime_mock::{
	hrmp_network::HrmpNetwork,
	runtime_network::RuntimeNetwork,
	side_by_side::{rounds, Run, Stack, Traffic},
};

fn report(name: &str, traffic: &[Traffic], ours: &Run, theirs: &Run) {
	eprintln!(
		"{name}: {} messages; receiver's PoV bytes a message: XCMP {:.1}, HRMP {:.1} \
		 (ratio {:.2}); within a 5 MiB PoV: XCMP {}, HRMP {} a block; sender's: XCMP {:.1}, \
		 HRMP {:.1}",
		traffic.len(),
		ours.receiver_bytes_per_message(),
		theirs.receiver_bytes_per_message(),
		ours.receiver_bytes_per_message() / theirs.receiver_bytes_per_message(),
		ours.per_block_within_budget(),
		theirs.per_block_within_budget(),
		ours.sender_bytes_per_message(),
		theirs.sender_bytes_per_message(),
	);
	eprintln!("{name}: XCMP {ours:?}; HRMP {theirs:?}");
}

#[test]
fn one_round_of_xcm_programs_over_both_stacks() {
	let traffic = rounds(1);
	let (ours, theirs) = (RuntimeNetwork::run(&traffic), HrmpNetwork::run(&traffic));
	report("1 round", &traffic, &ours, &theirs);
	// Pinned: the bytes are deterministic. With one message of each kind, the version
	// discovery the first transfer starts weighs on both, and each stack's fixed cost a block
	// of receiving anything at all is shared by three messages.
	assert_eq!(
		ours,
		Run { receiver_pov: (25_199, 17_636), sender_pov: (26_911, 17_636), delivered: 3 }
	);
	assert_eq!(
		theirs,
		Run { receiver_pov: (37_083, 33_032), sender_pov: (38_093, 33_032), delivered: 3 }
	);
}

#[test]
fn twenty_rounds_of_xcm_programs_over_both_stacks() {
	let traffic = rounds(20);
	let (ours, theirs) = (RuntimeNetwork::run(&traffic), HrmpNetwork::run(&traffic));
	report("20 rounds", &traffic, &ours, &theirs);
	assert_eq!(
		ours,
		Run { receiver_pov: (40_724, 17_636), sender_pov: (67_813, 17_636), delivered: 60 }
	);
	assert_eq!(
		theirs,
		Run { receiver_pov: (57_889, 33_032), sender_pov: (75_794, 33_032), delivered: 60 }
	);
	// The receiver's bytes a message: 384.8 over XCMP, 414.3 over HRMP.
	assert!(ours.receiver_bytes_per_message() < theirs.receiver_bytes_per_message());
}
