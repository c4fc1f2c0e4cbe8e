//! The relay's records: no message body, and the keys parachains prove them by.

use super::*;

#[test]
fn relay_storage_does_not_grow_with_message_size_or_count() {
	let run = |count: u64, size: usize| {
		let mut bytes = 0;
		build_and_execute(|| {
			open_all();
			let mut chains = Senders::default();
			include(chains.send(A, 1, &[(B, count), (C, count)], size), 2);
			include(chains.send(C, 1, &[(B, count)], size), 2);
			bytes = pallet_storage_bytes();
		});
		bytes
	};
	let small = run(1, 1);
	assert_eq!(small, run(1, 1000));
	assert_eq!(small, run(40, 1000));
}

#[test]
fn relay_state_keys_are_the_storage_keys() {
	build_and_execute(|| {
		let (a, b, at) = (para(A), para(B), 7u32);
		assert_eq!(keys::channel("XcmpRelay", a, b), Channels::<Test>::hashed_key_for(a, b));
		assert_eq!(keys::blocked("XcmpRelay", b, a), Blocked::<Test>::hashed_key_for(b, a));
		assert_eq!(
			keys::egress_root("XcmpRelay", a, at),
			EgressRoots::<Test>::hashed_key_for(a, at)
		);
		assert_eq!(keys::digest("XcmpRelay", b, at), Digests::<Test>::hashed_key_for(b, at));
		assert_eq!(keys::watermark("XcmpRelay", b), Watermarks::<Test>::hashed_key_for(b));
		assert_eq!(keys::digest_span("XcmpRelay", b), DigestSpans::<Test>::hashed_key_for(b));
		assert_eq!(keys::last_egress_at("XcmpRelay", a), LastEgressAt::<Test>::hashed_key_for(a));
		assert_eq!(keys::head("XcmpRelay", a), Heads::<Test>::hashed_key_for(a));
	});
}

#[test]
fn a_parachain_reads_the_records_from_a_relay_state_proof() {
	use sp_runtime::BuildStorage;
	use xcmp_primitives::relay_state::{RelayStateError, RelayStateProof};

	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	let mut chains = Senders::default();
	ext.execute_with(|| {
		System::set_block_number(1);
		open_all();
		include(chains.send(A, 1, &[(B, 3)], 10), 2);
		// Closing, but not drained: it stays, and B still needs its limits.
		assert_ok!(XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(A, B)));
	});
	ext.commit_all().unwrap();
	let root = *ext.backend.root();
	// The relay's collator proves the records B's block needs; B checks them against the root.
	let (expected, proof) = ext.execute_and_prove(|| {
		(
			Channels::<Test>::get(para(A), para(B)).unwrap(),
			EgressRoots::<Test>::get(para(A), 1).unwrap(),
			Digests::<Test>::get(para(B), 2),
			Blocked::<Test>::contains_key(para(B), para(C)),
			Watermarks::<Test>::get(para(B)),
			EgressRoots::<Test>::get(para(A), 2),
		)
	});
	let view = RelayStateProof::new("XcmpRelay", root, proof.clone());
	assert_eq!(view.channel(para(A), para(B)), Ok(Some(expected.0.clone())));
	assert_eq!(view.egress_root(para(A), 1), Ok(Some(expected.1)));
	let digest = expected.2.unwrap();
	assert_eq!(view.digest(para(B), 2).unwrap().unwrap().entries, digest.entries.into_inner());
	assert_eq!(view.digest(para(B), 2).unwrap().unwrap().entries.len(), 1, "A's batch, in 2");
	assert_eq!(view.blocks(para(B), para(C)), Ok(false));
	assert_eq!(view.watermark(para(B)), Ok(expected.4));
	assert!(view.channel(para(A), para(B)).unwrap().unwrap().is_closing());
	// A record the relay does not hold reads as absent, proven.
	assert_eq!(view.egress_root(para(A), 2), Ok(None));
	// The root the proof yields is the one B verifies A's batch against.
	let batch = chains.route(A, 1, B);
	let root_of_a = view.egress_root(para(A), 1).unwrap().unwrap();
	xcmp_primitives::verify_batch(para(B), &root_of_a, &ChannelCursor::default(), &LIMITS, &batch)
		.unwrap();
	// A key the proof was not made for, or another state root, proves nothing.
	assert_eq!(view.channel(para(C), para(B)), Err(RelayStateError::NotProven));
	let forged = RelayStateProof::new("XcmpRelay", H256::repeat_byte(1), proof.clone());
	assert_eq!(forged.channel(para(A), para(B)), Err(RelayStateError::NotProven));
	// The same proof in compact form, as the ingress inherent carries it, reads the same
	// records; against another root it does not decode at all.
	let compact = proof.into_compact_proof::<xcmp_primitives::Hashing>(root).unwrap();
	let view = RelayStateProof::from_compact("XcmpRelay", root, &compact).unwrap();
	assert_eq!(view.channel(para(A), para(B)), Ok(Some(expected.0)));
	assert_eq!(view.egress_root(para(A), 2), Ok(None));
	assert_eq!(view.channel(para(C), para(B)), Err(RelayStateError::NotProven));
	let forged = RelayStateProof::from_compact("XcmpRelay", H256::repeat_byte(1), &compact);
	assert_eq!(forged.err(), Some(RelayStateError::MalformedProof));
}
