//! Our channel chain is Polkadot's: same heads as cumulus's `MessageQueueChain` on any input.

#![allow(clippy::unwrap_used)]

use cumulus_primitives_parachain_inherent::MessageQueueChain as CumulusChain;
use hex_literal::hex;
use proptest::prelude::*;
use xcmp_primitives::{Message, MessageQueueChain, ParaId, H256};

fn our_head(messages: &[(u32, Vec<u8>)]) -> H256 {
	let mut chain = MessageQueueChain::default();
	for (nonce, (sent_at, data)) in messages.iter().enumerate() {
		chain.extend(&Message {
			sender: ParaId::from(1),
			destination: ParaId::from(2),
			nonce: nonce as u64 + 1,
			sent_at: *sent_at,
			payload: data.clone().try_into().unwrap(),
		});
	}
	chain.head()
}

fn cumulus_head(messages: &[(u32, Vec<u8>)]) -> H256 {
	let mut chain = CumulusChain::default();
	for (sent_at, data) in messages {
		chain.extend_hrmp(&cumulus_primitives_core::InboundHrmpMessage {
			sent_at: *sent_at,
			data: data.clone(),
		});
	}
	chain.head()
}

#[test]
fn empty_channel_head_is_zero() {
	assert_eq!(MessageQueueChain::default().head(), H256::zero());
	assert_eq!(our_head(&[]), cumulus_head(&[]));
}

#[test]
fn known_answer_from_parachain_system() {
	let messages = [(2, vec![1, 2, 3]), (3, vec![4, 5, 6])];
	let expected = H256(hex!("88dc00db8cc9d22aa62b87807705831f164387dfa49f80a8600ed1cbe1704b6b"));
	assert_eq!(our_head(&messages), expected);
	assert_eq!(cumulus_head(&messages), expected);
}

#[test]
fn extend_with_hash_equals_extend() {
	let mut by_message = MessageQueueChain::new(H256::repeat_byte(7));
	let mut by_hash = by_message;
	let payload = vec![9u8; 40];
	by_message.extend(&Message {
		sender: ParaId::from(1),
		destination: ParaId::from(2),
		nonce: 1,
		sent_at: 11,
		payload: payload.clone().try_into().unwrap(),
	});
	by_hash.extend_with_hash(11, MessageQueueChain::payload_hash(&payload));
	assert_eq!(by_message, by_hash);
}

proptest! {
	#[test]
	fn heads_match_cumulus_on_any_messages(
		messages in prop::collection::vec((any::<u32>(), prop::collection::vec(any::<u8>(), 0..300)), 0..20)
	) {
		prop_assert_eq!(our_head(&messages), cumulus_head(&messages));
	}
}
