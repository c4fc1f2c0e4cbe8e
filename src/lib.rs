//! # XCMP for Substrate
//!
//! Cross-chain message passing between parachains in which messages stay off the relay chain:
//! the sender keeps its messages and commits to them with one 32-byte egress root per block, the
//! relay chain records only roots, cursors and small digests, and the receiver's collator fetches
//! whole batches with compact proofs that the receiver's runtime and the relay validators check.
//!
//! This crate re-exports the parts:
//!
//! - [`primitives`]: the protocol's types, hashes, tries, proofs and commitments;
//! - [`egress`]: the sender-side FRAME pallet;
//! - [`ingress`]: the receiver-side FRAME pallet;
//! - [`relay`]: the relay-chain FRAME pallet that records roots and cursors and includes
//!   candidates through the verifier;
//! - [`verifier`]: the relay validators' candidate check;
//! - [`xcm_router`]: XCM over XCMP, the `SendXcm` router to sibling parachains.
//!
//! The protocol, byte for byte, is in `docs/PROTOCOL.md`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use pallet_xcmp_egress as egress;
pub use pallet_xcmp_ingress as ingress;
pub use pallet_xcmp_relay as relay;
pub use xcmp_primitives as primitives;
pub use xcmp_verifier as verifier;
pub use xcmp_xcm_router as xcm_router;
