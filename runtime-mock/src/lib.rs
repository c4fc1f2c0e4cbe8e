//! # XCMP mock chains and network simulator
//!
//! The parts that make the protocol run end to end outside a real node: parachains that queue,
//! commit and serve messages, the collators' routing between them (poll every other collator for
//! batches to us after our cursor, filtered by destination, as the seed document describes) and
//! the candidates they build, and a relay chain that checks every candidate with the validators'
//! verifier and records only egress roots, cursors and digests.
//!
//! [`network`] simulates that at the protocol level with the real commitments, proofs and checks
//! of [`xcmp_primitives`] and [`xcmp_verifier`]; the `xcmp-sim` binary is its command-line front
//! end.

#![deny(missing_docs)]
// Simulator code, not runtime code: every index comes from the range it indexes.
#![allow(clippy::indexing_slicing)]

pub mod network;
