//! # XCMP mock chains and network simulator
//!
//! The parts that make the protocol run end to end outside a real node: parachains that queue,
//! commit and serve messages, the collators' routing between them (poll every other collator for
//! batches to us after our cursor, filtered by destination, as the seed document describes) and
//! the candidates they build, and a relay chain that checks every candidate with the validators'
//! verifier and records only egress roots, cursors and digests.
//!
//! Two levels:
//!
//! - [`runtime_network`] runs it with real runtimes: a relay runtime with `pallet-xcmp-relay`
//!   ([`relay`], the mock relay runtime of `xcmp-test-support`) and parachain runtimes ([`parachain`]) with frame-system, pallet-balances, the
//!   XCMP ingress and egress pallets and a small [`contracts`] pallet, blocks built with
//!   `frame_executive` by the collators of [`collator`];
//! - [`network`] simulates it at the protocol level with the same commitments, proofs and checks
//!   of [`xcmp_primitives`] and [`xcmp_verifier`], without runtimes, to measure many chains at
//!   once; the `xcmp-sim` binary is its command-line front end.

#![deny(missing_docs)]
// Simulator code, not runtime code: every index comes from the range it indexes.
#![allow(clippy::indexing_slicing)]

extern crate alloc;

pub mod collator;
pub mod contracts;
pub mod network;
pub mod parachain;
pub mod runtime_network;
pub mod runtime_sim;

pub use xcmp_test_support::relay;
