//! A channel's nonces end at `u64::MAX`: once its sender committed that nonce, no batch can
//! follow, and the next is refused rather than taking the last nonce a second time.

#![allow(clippy::unwrap_used)]

use xcmp_primitives::{
	build_egress_entry, ChannelCursor, ChannelLimits, EgressCommitment, IngressCommitment, Message,
	ParaId, Payload, H256,
};
use xcmp_verifier::{
	verify_candidate, Candidate, CandidateError, InMemoryRelay, RecordedEgress, RelayRecords,
};

const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 20, max_total_size: 10_000, max_message_size: 100 };

#[test]
fn a_batch_after_the_last_nonce_is_refused() {
	let (sender, receiver) = (ParaId::from(1000), ParaId::from(2000));
	let mut relay = InMemoryRelay::default();
	relay.open_channel(sender, receiver, LIMITS);
	// The sender committed nonce `u64::MAX` at relay parent 1 and the receiver consumed it.
	let recorded = RecordedEgress {
		sent_at: 1,
		egress_root: H256::repeat_byte(1),
		batches: vec![(receiver, u64::MAX, u64::MAX)],
	};
	relay.record_egress(sender, &recorded, &[], 2);
	relay.set_cursor(
		sender,
		receiver,
		ChannelCursor { last_nonce: u64::MAX, mqc_head: H256::zero() },
	);
	relay.remove_egress(sender, 1);

	// A sender whose nonce saturates commits `u64::MAX` again.
	let message = Message {
		sender,
		destination: receiver,
		nonce: u64::MAX,
		sent_at: 3,
		payload: Payload::try_from(b"again".to_vec()).unwrap(),
	};
	let entry = build_egress_entry(H256::zero(), &[message]).unwrap();
	let candidate = Candidate {
		para: sender,
		relay_parent: 3,
		egress: EgressCommitment::new(vec![(receiver, entry)]).unwrap(),
		ingress: IngressCommitment::new(vec![], 0, Default::default()).unwrap(),
		consumed: vec![],
	};
	assert_eq!(
		verify_candidate(&relay, &candidate),
		Err(CandidateError::ChannelNoncesExhausted { index: 0, destination: receiver })
	);
}
