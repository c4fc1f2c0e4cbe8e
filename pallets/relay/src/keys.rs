//! The storage keys of this pallet's records, computed without its `Config`: what a parachain
//! needs to read them from a relay-state proof checked against the relay parent's state root.
//!
//! Every map is `Twox64Concat`-keyed, so a key is
//! `twox128(pallet) ++ twox128(item) ++ (twox64(SCALE(k)) ++ SCALE(k))` for each key part `k`.
//! `pallet` is the name the relay runtime gives this pallet (`XcmpRelay` in the mocks).

use alloc::vec::Vec;
use codec::Encode;
use sp_io::hashing::{twox_128, twox_64};
use xcmp_primitives::{ParaId, RelayBlockNumber};

fn prefix(pallet: &str, item: &str) -> Vec<u8> {
	let mut key = twox_128(pallet.as_bytes()).to_vec();
	key.extend_from_slice(&twox_128(item.as_bytes()));
	key
}

fn twox64_concat(key: &mut Vec<u8>, part: &impl Encode) {
	let encoded = part.encode();
	key.extend_from_slice(&twox_64(&encoded));
	key.extend_from_slice(&encoded);
}

fn double_map(pallet: &str, item: &str, k1: &impl Encode, k2: &impl Encode) -> Vec<u8> {
	let mut key = prefix(pallet, item);
	twox64_concat(&mut key, k1);
	twox64_concat(&mut key, k2);
	key
}

/// Key of the channel `sender -> receiver` ([`crate::Channels`]).
pub fn channel(pallet: &str, sender: ParaId, receiver: ParaId) -> Vec<u8> {
	double_map(pallet, "Channels", &sender, &receiver)
}

/// Key saying whether `receiver` blocks `sender` ([`crate::Blocked`]).
pub fn blocked(pallet: &str, receiver: ParaId, sender: ParaId) -> Vec<u8> {
	double_map(pallet, "Blocked", &receiver, &sender)
}

/// Key of `sender`'s egress root recorded at `sent_at` ([`crate::EgressRoots`]).
pub fn egress_root(pallet: &str, sender: ParaId, sent_at: RelayBlockNumber) -> Vec<u8> {
	double_map(pallet, "EgressRoots", &sender, &sent_at)
}

/// Key of `receiver`'s digest entry at `sent_at` ([`crate::Digests`]).
pub fn digest(pallet: &str, receiver: ParaId, sent_at: RelayBlockNumber) -> Vec<u8> {
	double_map(pallet, "Digests", &receiver, &sent_at)
}

/// Key of `receiver`'s watermark ([`crate::Watermarks`]).
pub fn watermark(pallet: &str, receiver: ParaId) -> Vec<u8> {
	let mut key = prefix(pallet, "Watermarks");
	twox64_concat(&mut key, &receiver);
	key
}

/// Key of `sender`'s last egress relay parent ([`crate::LastEgressAt`]).
pub fn last_egress_at(pallet: &str, sender: ParaId) -> Vec<u8> {
	let mut key = prefix(pallet, "LastEgressAt");
	twox64_concat(&mut key, &sender);
	key
}
