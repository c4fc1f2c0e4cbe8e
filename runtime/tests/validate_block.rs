//! The runtime's wasm blob validates its blocks as the relay chain's validators do: a collator
//! builds a block natively and records its proof of validity; the blob's `validate_block`, run
//! by `sc-executor` (the executor of Polkadot's PVF host), re-executes it on that proof alone
//! and returns the head the relay chain would include, which must be the collator's header.
//!
//! The relay parent is a relay chain running `pallet-xcmp-relay` whose state also holds what
//! parachain-system's relay-state proof needs (host configuration, dispatch queue, HRMP
//! indexes): both relay-state proofs of a block, parachain-system's and the ingress pallet's,
//! are read from that one state and checked against its root, which the validation parameters
//! carry.

mod support;

use codec::{Decode, Encode};
use cumulus_primitives_core::ParachainBlockData;
use polkadot_parachain_primitives::primitives::HeadData;
use support::*;
use xcmp_parachain_runtime::{Header, Runtime, RuntimeCall};
use xcmp_test_support::relay::Relay;

/// The sender's first block, in which Alice sends the receiver a message: the sender after it,
/// its genesis header and the block's candidate.
fn first_block_sending_to_receiver() -> (Parachain, Header, Candidate) {
	let mut sender = Parachain::genesis(SENDER);
	let (mut relay, system_keys) = relay_chain(&[(sender.id, &sender.head)]);
	let genesis = sender.head.clone();
	let candidate = build_sending_block(&mut sender, &mut relay, &system_keys, 1);
	(sender, genesis, candidate)
}

#[test]
#[cfg_attr(
	not(xcmp_wasm_blob),
	ignore = "the runtime's wasm blob was not built: no wasm toolchain (see runtime/build.rs)"
)]
fn a_block_sending_over_xcmp_validates_in_wasm_to_the_collators_header() {
	let (mut sender, genesis, candidate) = first_block_sending_to_receiver();

	let result = validate_in_wasm(&genesis, &candidate).expect("the block validates");
	assert_eq!(
		result.head_data,
		HeadData(candidate.block.header.encode()),
		"the head is the collator's"
	);
	// Nothing goes over HRMP: the message is in the XCMP egress root the header commits to.
	assert!(result.horizontal_messages.is_empty());
	let committed =
		sender.state.execute_with(pallet_xcmp_egress::Pallet::<Runtime>::egress_commitment);
	assert_eq!(committed.entries.len(), 1, "one batch for the receiver");
	let head = Header::decode(&mut &result.head_data.0[..]).expect("the head is a header");
	assert_eq!(
		digest_roots(&head).0,
		Some(committed.egress_root),
		"the head commits to the egress root"
	);

	// Native execution agrees: same header (the PoV's, checked by the executive), same root.
	let native = validate_natively(&genesis, &candidate).expect("the block validates natively");
	assert_eq!(native, committed.egress_root);
}

#[test]
#[cfg_attr(
	not(xcmp_wasm_blob),
	ignore = "the runtime's wasm blob was not built: no wasm toolchain (see runtime/build.rs)"
)]
fn a_block_on_another_relay_parent_or_with_a_forged_extrinsic_does_not_validate_in_wasm() {
	let (_, genesis, candidate) = first_block_sending_to_receiver();
	let refused = |parent: &Header, candidate: &Candidate| {
		validate_in_wasm(parent, candidate).expect_err("the block must not validate")
	};

	// A relay parent the relay chain does not have, by its root or by its number: the block's
	// validation data no longer matches the validation parameters.
	let mut elsewhere = candidate.clone();
	elsewhere.relay_parent_storage_root = sp_core::H256::repeat_byte(7);
	let mut earlier = candidate.clone();
	earlier.relay_parent_number -= 1;

	// The send's payload changed after the block was built: the signature, the extrinsics root
	// and the state root no longer match.
	let mut forged = candidate.clone();
	let mut block = forged.block.clone();
	let Some(RuntimeCall::Sudo(pallet_sudo::Call::sudo { call })) =
		block.extrinsics.last_mut().map(|extrinsic| &mut extrinsic.function)
	else {
		panic!("the block's last extrinsic is root's send");
	};
	let RuntimeCall::XcmpEgress(pallet_xcmp_egress::Call::send { payload, .. }) = call.as_mut()
	else {
		panic!("root's call is a send");
	};
	*payload = b"another message".to_vec().try_into().expect("a small payload");
	let (_, proof) = candidate.pov.clone().into_inner();
	forged.pov = ParachainBlockData::new(vec![block.clone()], proof, None);
	forged.block = block;
	assert!(validate_natively(&genesis, &forged).is_err());

	// On another parent head.
	let mut orphan = genesis.clone();
	orphan.number = 7;

	// Each is refused where cumulus's `validate_block` checks it, as the trap's wasm backtrace
	// shows (the blob reports panics without their messages).
	// The validation data's check, the executive's (the block's extrinsics, roots and state), and
	// `validate_block`'s own check that the block builds on the parent head, before executing it.
	let refusals = [
		(refused(&genesis, &elsewhere), "validate_validation_data"),
		(refused(&genesis, &earlier), "validate_validation_data"),
		(refused(&genesis, &forged), "frame_executive::Executive"),
		(refused(&orphan, &candidate), "assert_failed"),
	];
	let unexpected: Vec<_> = refusals
		.iter()
		.filter(|(error, check)| !error.contains(check))
		.chain(refusals.last().filter(|(error, _)| error.contains("Executive")))
		.collect();
	assert!(unexpected.is_empty(), "refused elsewhere than expected: {unexpected:#?}");

	// The honest candidate validates.
	assert!(validate_in_wasm(&genesis, &candidate).is_ok());
}

#[test]
#[cfg_attr(
	not(xcmp_wasm_blob),
	ignore = "the runtime's wasm blob was not built: no wasm toolchain (see runtime/build.rs)"
)]
fn two_parachains_exchange_a_program_each_block_validated_in_wasm_and_included_on_the_relay() {
	// The sender's block sends the receiver a program; validators validate it in wasm, and the
	// relay includes its commitments: the egress root, never the message. The receiver's
	// collator fetches the batch from the sender's, and the receiver's next block, on the relay
	// block that recorded the root, consumes it.
	let Exchange { mut relay, mut receiver, sent: (_, sent), received: (parent, received), .. } =
		exchange(1);
	// What validators receive for each block, deterministic: the block (a signed send, or the
	// batch with its entry proof) with both relay-state proofs, and the compact proof of the
	// parent state the block reads.
	assert_eq!((sent.pov_size(), received.pov_size()), (2_881, 3_170), "PoV bytes of each block");
	let me = receiver.id;
	assert!(relay.execute_with(|| pallet_xcmp_relay::DigestSpans::<Relay>::get(me)).is_some());
	let head = validated_head(&parent, &received);
	let processed = receiver.state.execute_with(|| {
		frame_system::Pallet::<Runtime>::events().into_iter().any(|record| {
			matches!(
				record.event,
				xcmp_parachain_runtime::RuntimeEvent::XcmpIngress(
					pallet_xcmp_ingress::Event::Processed { success: true, .. }
				)
			)
		})
	});
	assert!(processed, "the receiver executed the program in the block validators checked");
	let commitments = candidate_commitments(&mut receiver, &parent, &received, &head);
	assert_eq!(commitments.consumed.len(), 1);
	include(&mut relay, &commitments, &head).expect("the relay includes the receiver's block");
	// The relay no longer awaits anything for the receiver: its digest went with its batch.
	assert!(relay.execute_with(|| pallet_xcmp_relay::DigestSpans::<Relay>::get(me)).is_none());
}
