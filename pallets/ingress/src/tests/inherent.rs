//! The ingress inherent: a valid one applied, and each bad one rejected whole with its own
//! error, changing nothing.

use super::*;

#[test]
fn a_valid_inherent_dispatches_messages_in_order() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let batch = net.route(A, sent_at);
		run_block(net.inherent(vec![batch.clone()]));
		assert_eq!(processed(), from(A, payloads(1, 3)));
		assert_eq!(cursor_of(A), batch.entry.cursor_after());
		assert_eq!(Footprint::<Test>::get(), QueueFootprint::default());
		let events = ingress_events();
		assert_eq!(
			events.first(),
			Some(&Event::BatchAccepted { sender: para(A), first_nonce: 1, last_nonce: 3, sent_at })
		);
		let nonces: Vec<_> = events
			.iter()
			.filter_map(|e| match e {
				Event::Processed { sender, nonce, success: true, .. } if *sender == para(A) => {
					Some(*nonce)
				}
				_ => None,
			})
			.collect();
		assert_eq!(nonces, vec![1, 2, 3]);
		// The relay validators accept the block's commitment for the batches it consumed.
		net.include_b(vec![batch]);
	});
}

#[test]
fn several_batches_of_one_sender_chain_their_cursors() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let first = net.send(&[(A, payloads(1, 2))]);
		let second = net.send(&[(A, payloads(2, 3))]);
		let batches = vec![net.route(A, first), net.route(A, second)];
		run_block(net.inherent(batches.clone()));
		let mut expected = from(A, payloads(1, 2));
		expected.extend(from(A, payloads(2, 3)));
		assert_eq!(processed(), expected);
		assert_eq!(cursor_of(A), batches[1].entry.cursor_after());
		net.include_b(batches);
		// Out of order, the second batch is a gap from the stored cursor.
		let third = net.send(&[(A, payloads(3, 1))]);
		let fourth = net.send(&[(A, payloads(4, 1))]);
		let swapped = vec![net.route(A, fourth), net.route(A, third)];
		assert_rejected(net.inherent(swapped), Error::<Test>::Gap);
	});
}

#[test]
fn a_forged_payload_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let mut batch = net.route(A, sent_at);
		batch.messages[1].payload = vec![9, 9].try_into().unwrap();
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::BatchRootMismatch);
	});
}

#[test]
fn one_bad_batch_rejects_the_whole_inherent() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2)), (C, payloads(2, 2))]);
		let mut forged = net.route(C, sent_at);
		forged.messages[0].payload = vec![9, 9].try_into().unwrap();
		// A's valid batch comes first: it is neither queued, dispatched nor does it move A's
		// cursor.
		let data = net.inherent(vec![net.route(A, sent_at), forged]);
		assert_rejected(data, Error::<Test>::BatchRootMismatch);
		assert_eq!(cursor_of(A), ChannelCursor::default());
	});
}

#[test]
fn each_malformed_batch_is_rejected_with_its_own_error() {
	type Tamper = fn(&mut RoutedBatch);
	let cases: [(Tamper, Error<Test>); 6] = [
		(|b| b.messages.clear(), Error::<Test>::EmptyBatch),
		(|b| b.entry.first_nonce = 0, Error::<Test>::MalformedEntry),
		(
			|b| {
				b.messages.pop();
			},
			Error::<Test>::CountMismatch,
		),
		(|b| b.messages[0].sender = para(C), Error::<Test>::WrongSender),
		(|b| b.messages[1].sent_at += 1, Error::<Test>::SentAtMismatch),
		(|b| b.messages[2].nonce = 2, Error::<Test>::NonceOutOfOrder),
	];
	for (tamper, error) in cases {
		build_and_execute(|| {
			let mut net = ReceiverNetwork::new();
			let sent_at = net.send(&[(A, payloads(1, 3))]);
			let mut batch = net.route(A, sent_at);
			tamper(&mut batch);
			assert_rejected(net.inherent(vec![batch]), error);
		});
	}
}

#[test]
fn an_undecodable_relay_record_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 1))]);
		let name = xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME;
		let key = xcmp_primitives::relay_state::keys::channel(name, para(A), para(B));
		net.relay.execute_with(|| sp_io::storage::set(&key, b"not a channel"));
		let batch = net.route(A, sent_at);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::RelayRecordUndecodable);
	});
}

#[test]
fn new_senders_are_bounded() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		set_max_inbound_channels(1);
		let sent_at = net.send(&[(A, payloads(1, 1)), (C, payloads(2, 1))]);
		let (from_a, from_c) = (net.route(A, sent_at), net.route(C, sent_at));
		assert_rejected(
			net.inherent(vec![from_a.clone(), from_c.clone()]),
			Error::<Test>::TooManyInboundChannels,
		);
		end_block();
		run_block(net.inherent(vec![from_a]));
		assert_rejected(net.inherent(vec![from_c]), Error::<Test>::TooManyInboundChannels);
	});
}

#[test]
fn a_payload_of_another_length_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let mut batch = net.route(A, sent_at);
		batch.messages[1].payload = vec![9, 9, 9].try_into().unwrap();
		// Its bytes no longer add up to the entry's, but they are not the sender's either: a
		// forgery, not a batch to refuse.
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::BatchRootMismatch);
	});
}

#[test]
fn a_batch_that_does_not_extend_the_channel_chain_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// A sender that continues from a head other than the receiver's.
		let mut outbox = xcmp_primitives::Outbox::new(para(A));
		outbox.set_channel(para(B), ChannelCursor { last_nonce: 0, mqc_head: hash(7) });
		net.outboxes.insert(para(A), outbox);
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::MqcHeadMismatch);
	});
}

#[test]
fn an_entry_proof_for_another_root_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		// A proof from a block that sent to B alone, for an entry of a block that sent to B and
		// C: it proves the entry under another root than the one recorded.
		let first = net.send_each(&[(A, B, payloads(1, 2)), (A, C, payloads(3, 1))]);
		let second = net.send(&[(A, payloads(2, 2))]);
		let mut batch = net.route(A, first);
		batch.entry_proof = net.route(A, second).entry_proof;
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::InvalidEntryProof);
	});
}

#[test]
fn a_relay_proof_against_another_state_root_is_malformed() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let data = net.inherent(vec![net.route(A, sent_at)]);
		let parent = RelayParent { number: net.relay_block, state_root: hash(1) };
		set_relay_parent(parent);
		assert_rejected(data, Error::<Test>::MalformedRelayStateProof);
	});
}

#[test]
fn a_relay_proof_that_is_not_the_compact_trie_of_the_relay_parent_is_refused() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let honest = net.inherent(vec![net.route(A, sent_at)]);
		let nodes = honest.relay_state_proof.encoded_nodes.clone();
		let with_nodes = |nodes: Vec<Vec<u8>>| {
			let mut data = honest.clone();
			data.relay_state_proof = sp_trie::CompactProof { encoded_nodes: nodes };
			data
		};
		// A node beyond the trie: a compact proof links every node it holds, so one padded with
		// a node does not decode.
		let mut padded = nodes.clone();
		padded.push(vec![0; 4]);
		assert_rejected(with_nodes(padded), Error::<Test>::MalformedRelayStateProof);
		// A node's byte changed: it rebuilds another root, or does not decode.
		let mut tampered = nodes.clone();
		let last = tampered.last_mut().expect("a proof has nodes");
		let end = last.len() - 1;
		last[end] ^= 1;
		assert_rejected(with_nodes(tampered), Error::<Test>::MalformedRelayStateProof);
		// A node left out, and no node at all.
		assert_rejected(with_nodes(nodes[1..].to_vec()), Error::<Test>::MalformedRelayStateProof);
		assert_rejected(with_nodes(vec![]), Error::<Test>::MalformedRelayStateProof);
		run_block(honest);
	});
}

#[test]
fn a_relay_record_the_proof_does_not_prove_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		let name = xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME;
		let omitted = xcmp_primitives::relay_state::keys::egress_root(name, para(A), sent_at);
		let keys: Vec<_> = net
			.keys_for(core::slice::from_ref(&batch), &[])
			.into_iter()
			.filter(|k| *k != omitted)
			.collect();
		let relay_state_proof = net.prove(&keys);
		let data = IngressInherentData {
			relay_state_proof,
			outbound_destinations: vec![],
			batches: vec![batch],
			outcomes: vec![],
		};
		assert_rejected(data, Error::<Test>::RelayRecordNotProven);
	});
}

#[test]
fn a_batch_at_a_sent_at_without_a_recorded_root_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let mut batch = net.route(A, sent_at);
		batch.entry.sent_at = sent_at + 1;
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::UnknownEgressRoot);
	});
}

#[test]
fn gaps_and_replays_are_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let first = net.send(&[(A, payloads(1, 2))]);
		let second = net.send(&[(A, payloads(2, 2))]);
		assert_rejected(net.inherent(vec![net.route(A, second)]), Error::<Test>::Gap);
		end_block();
		let batch = net.route(A, first);
		run_block(net.inherent(vec![batch.clone()]));
		// The relay has not included that block yet, so it still holds the root.
		let before = processed();
		start_block(System::block_number() + 1);
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![batch])),
			Error::<Test>::Replay
		);
		assert_eq!(processed(), before);
	});
}

#[test]
fn messages_reordered_within_a_batch_are_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let mut batch = net.route(A, sent_at);
		batch.messages.swap(0, 1);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::NonceOutOfOrder);
	});
}

#[test]
fn a_batch_for_another_parachain_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send_to(C, &[(A, payloads(1, 2))]);
		let batch = net.route_to(A, sent_at, C);
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::WrongDestination);
	});
}

#[test]
fn batches_from_self_or_without_a_channel_are_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send_to(A, &[(B, payloads(1, 1))]);
		let own = net.route_to(B, sent_at, A);
		assert_rejected(net.inherent(vec![own]), Error::<Test>::BatchFromSelf);
		end_block();
		// D has no channel to B: the relay would not record its root, the proof shows no channel.
		let mut outbox = xcmp_primitives::Outbox::new(para(D));
		let queued = [(para(B), vec![vec![1u8].try_into().unwrap()])].into();
		outbox.commit(net.relay_block, queued).unwrap();
		let batch = outbox.route(net.relay_block, para(B)).unwrap();
		assert_rejected(net.inherent(vec![batch]), Error::<Test>::NoChannel);
	});
}

#[test]
fn an_inherent_over_the_proof_size_budget_is_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let data = net.inherent(vec![net.route(A, sent_at)]);
		set_max_inherent_size(data.encoded_size() as u32 - 1);
		assert_rejected(data.clone(), Error::<Test>::InherentTooLarge);
		set_max_inherent_size(data.encoded_size() as u32);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), data));
	});
}

#[test]
fn more_batches_than_allowed_are_rejected() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 1))]);
		let batch = net.route(A, sent_at);
		let batches = vec![batch; MaxBatchesPerInherent::get() as usize + 1];
		assert_rejected(net.inherent(batches), Error::<Test>::TooManyBatches);
	});
}

#[test]
fn a_full_queue_takes_no_more_batches() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		set_service_messages(1);
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let batch = net.route(A, sent_at);
		set_max_queued_messages(2);
		assert_rejected(net.inherent(vec![batch.clone()]), Error::<Test>::QueueFull);
		set_max_queued_messages(3);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![batch])));
		// One was served; two wait.
		assert_eq!(Footprint::<Test>::get().messages, 2);
	});
}

#[test]
fn the_inherent_is_taken_once_per_block_and_only_as_an_inherent() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		start_block(1);
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::signed(1), net.inherent(vec![])),
			DispatchError::BadOrigin
		);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])));
		assert_noop!(
			XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![])),
			Error::<Test>::InherentAlreadyApplied
		);
	});
}

#[test]
fn the_inherent_is_required_created_from_its_data_and_checked() {
	use frame_support::inherent::{InherentData, ProvideInherent};
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let empty = InherentData::new();
		assert_eq!(XcmpIngress::is_inherent_required(&empty), Ok(Some(InherentError::Missing)));
		assert_eq!(XcmpIngress::create_inherent(&empty), None);

		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let data = net.inherent(vec![net.route(A, sent_at)]);
		let mut inherent_data = InherentData::new();
		inherent_data.put_data(INHERENT_IDENTIFIER, &data).unwrap();
		let call = XcmpIngress::create_inherent(&inherent_data).unwrap();
		assert!(XcmpIngress::is_inherent(&call));
		assert_eq!(call, Call::receive { data: data.clone() });
		assert_eq!(XcmpIngress::check_inherent(&call, &inherent_data), Ok(()));
		assert!(!XcmpIngress::is_inherent(&Call::block_sender { sender: para(A) }));

		set_max_inherent_size(data.encoded_size() as u32 - 1);
		assert_eq!(XcmpIngress::check_inherent(&call, &empty), Err(InherentError::TooLarge));
		let too_many = IngressInherentData {
			batches: vec![data.batches[0].clone(); MaxBatchesPerInherent::get() as usize + 1],
			..data
		};
		assert_eq!(
			XcmpIngress::check_inherent(&Call::receive { data: too_many }, &empty),
			Err(InherentError::TooManyBatches)
		);
	});
}

#[test]
#[should_panic(expected = "the XCMP ingress inherent must be applied in every block")]
fn a_block_without_the_inherent_fails_once_its_inherents_are_applied() {
	build_and_execute(|| {
		start_block(System::block_number() + 1);
		<EnsureInherentApplied<Test> as frame_support::traits::PostInherents>::post_inherents();
	});
}

#[test]
fn a_block_with_the_inherent_passes_the_inherents_check() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 1))]);
		let batch = net.route(A, sent_at);
		start_block(System::block_number() + 1);
		assert_ok!(XcmpIngress::receive(RuntimeOrigin::none(), net.inherent(vec![batch])));
		<EnsureInherentApplied<Test> as frame_support::traits::PostInherents>::post_inherents();
		end_block();
	});
}
