//! Fixtures and mutations shared by the fuzz targets.
//!
//! Each fixture is an honest history, built once with the same code the pallets and collators
//! use, through the verifier's reference model ([`xcmp_verifier::Outboxes`] over
//! [`xcmp_primitives::Outbox`], [`xcmp_verifier::InMemoryRelay`]). The mutations are the
//! ways a cheating collator or relay-state proof provider can alter what it hands over; the
//! targets assert that no altered input is accepted as something the honest parties committed.

pub mod batch;
pub mod candidate;
pub mod inclusion;
pub mod outcome;
pub mod relay_state;

use xcmp_primitives::{ParaId, Payload};

/// Nesting depth a runtime allows when decoding untrusted input (Substrate's
/// `MAX_EXTRINSIC_DEPTH`).
pub const MAX_DECODE_DEPTH: u32 = 256;

/// The parachain a fixture sends from.
pub const A: u32 = 1000;
/// The receiver every fixture checks batches for.
pub const B: u32 = 2000;
/// A third parachain, which the receiver blocks in the candidate fixture.
pub const C: u32 = 3000;

/// `id` as a parachain identifier.
pub fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

/// A payload of `len` bytes, distinct per `seed`.
pub fn payload(seed: u8, len: usize) -> Payload {
	let bytes: Vec<u8> = (0..len).map(|i| seed.wrapping_add(i as u8)).collect();
	Payload::try_from(bytes).expect("fixture payloads are far below the protocol bound")
}

/// The element of `items` that `selector` picks, wrapping around; `None` if there is none.
pub fn pick(items_len: usize, selector: u8) -> Option<usize> {
	(items_len > 0).then(|| usize::from(selector) % items_len)
}

/// A parachain identifier, biased towards those the fixtures know.
#[derive(arbitrary::Arbitrary, Clone, Copy, Debug)]
pub enum ParaChoice {
	/// [`A`].
	A,
	/// [`B`].
	B,
	/// [`C`].
	C,
	/// Any other identifier.
	Other(u32),
}

impl ParaChoice {
	/// The identifier chosen.
	pub fn id(self) -> ParaId {
		para(match self {
			Self::A => A,
			Self::B => B,
			Self::C => C,
			Self::Other(id) => id,
		})
	}
}
