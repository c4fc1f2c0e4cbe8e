//! # XCMP mock chains and network simulator
//!
//! The parts that make the protocol run end to end outside a real node: parachains that queue,
//! commit and serve messages, the collators' routing between them (poll every other collator for
//! batches to us after our cursor, filtered by destination, as the seed document describes) and
//! the candidates they build, and a relay chain that checks every candidate with the validators'
//! verifier and records only egress roots, cursors and digests.
//!
//! - The chains: a relay runtime with `pallet-xcmp-relay` ([`relay`], the mock relay runtime of
//!   `xcmp-test-support`) and parachain runtimes ([`parachain`]) with frame-system,
//!   pallet-balances, the XCMP ingress and egress pallets and a small [`contracts`] pallet, every
//!   message an XCM program sent through `xcmp-xcm-router` and executed by `xcm-executor`
//!   ([`xcm_config`]), blocks built with `frame_executive` by the collators of [`collator`], each with its proof of
//!   validity, on which [`validation`] re-executes it as a validator does.
//! - [`runtime_network`]: a [`RuntimeNetwork`](runtime_network::RuntimeNetwork) of those
//!   runtimes, stepped together relay block by relay block; the end-to-end tests drive it, and so
//!   does the simulator's runtime engine.
//! - The peer, for side-by-side runs with the same XCM programs: [`hrmp_parachain`], a cumulus
//!   runtime (`cumulus-pallet-parachain-system`, `cumulus-pallet-xcmp-queue`,
//!   `pallet-message-queue`) with the same XCM configuration and `pallet-xcm`, carrying XCM over
//!   HRMP, and [`hrmp_network`], an [`HrmpNetwork`](hrmp_network::HrmpNetwork) of them;
//!   [`side_by_side`] runs the same `pallet-xcm` traffic through both stacks.
//! - [`sim`]: the simulator, the `xcmp-sim` binary's library, with one configuration, one report
//!   and one HRMP estimate for two engines: [`sim::runtime`] over a `RuntimeNetwork`, and
//!   [`sim::protocol`], the same commitments, proofs and checks of [`xcmp_primitives`] and
//!   [`xcmp_verifier`] without runtimes, to measure many chains at once; both also run soaks,
//!   faults drawn every relay block ([`sim::faults`]) and the invariants checked after each.

#![deny(missing_docs)]
// Simulator code, not runtime code: every index comes from the range it indexes.
#![allow(clippy::indexing_slicing)]

extern crate alloc;

pub mod collator;
pub mod contracts;
pub mod hrmp_network;
pub mod hrmp_parachain;
pub mod parachain;
pub mod runtime_network;
pub mod side_by_side;
pub mod sim;
pub mod validation;
pub mod xcm_config;

pub use xcmp_test_support::relay;
