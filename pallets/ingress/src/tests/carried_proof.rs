//! A block that carries its relay-state proof in another inherent (parachain-system's
//! validation data, in a cumulus runtime): the ingress inherent carries none and the relay
//! records are read from that one.

use super::*;
use xcmp_primitives::relay_state::RelayParentProvider;

#[test]
fn the_relay_records_are_read_from_the_proof_the_block_carries() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 3))]);
		let batch = net.route(A, sent_at);
		let data = net.inherent_carried(vec![batch.clone()], &[]);
		assert!(data.relay_state_proof.encoded_nodes.is_empty());
		run_block(data);
		assert_eq!(processed(), from(A, payloads(1, 3)));
		assert_eq!(cursor_of(A), batch.entry.cursor_after());
		net.include_b(vec![batch]);
	});
}

#[test]
fn an_inherent_with_its_own_proof_is_refused_when_the_block_carries_one() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		let mut data = net.inherent_carried(vec![batch.clone()], &[]);
		let keys = net.keys_for(&data.batches, &[]);
		data.relay_state_proof = net.prove(&keys);
		assert_rejected(data, Error::<Test>::RelayStateProofNotExpected);
		assert_eq!(cursor_of(A), ChannelCursor::default());
		// The same batch, the proof carried once, is taken.
		run_block(net.inherent_carried(vec![batch], &[]));
		assert_eq!(processed(), from(A, payloads(1, 2)));
	});
}

#[test]
fn a_carried_proof_without_the_batches_records_is_refused() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		let data = net.inherent_carried(vec![batch.clone()], &[]);
		// The block carries a proof of the relay parent's state that leaves out the batch's
		// channel and egress root.
		let span = xcmp_primitives::relay_state::keys::digest_span(
			xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME,
			para(B),
		);
		net.carry(&[span]);
		assert_rejected(data, Error::<Test>::RelayRecordNotProven);
		assert_eq!(cursor_of(A), ChannelCursor::default());
	});
}

#[test]
fn a_carried_proof_of_an_earlier_relay_state_is_refused() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		let data = net.inherent_carried(vec![batch.clone()], &[]);
		let stale = MockRelayParent::carried_relay_state_proof();
		// The relay moves on; the block's relay parent is the newer state, its proof the older.
		net.send(&[(C, payloads(7, 1))]);
		let keys = net.keys_for(&data.batches, &[]);
		net.carry(&keys);
		set_carried_proof(stale);
		assert_rejected(data, Error::<Test>::RelayRecordNotProven);
		assert_eq!(cursor_of(A), ChannelCursor::default());
	});
}

#[test]
fn the_declared_weight_counts_the_carried_proof() {
	build_and_execute(|| {
		let mut net = ReceiverNetwork::new();
		let sent_at = net.send(&[(A, payloads(1, 2))]);
		let batch = net.route(A, sent_at);
		let data = net.inherent_carried(vec![batch], &[]);
		let with_proof = XcmpIngress::receive_weight(&data);
		set_carried_proof(Some(sp_trie::StorageProof::empty()));
		let without = XcmpIngress::receive_weight(&data);
		assert!(with_proof.ref_time() > without.ref_time(), "{with_proof:?} {without:?}");
	});
}
