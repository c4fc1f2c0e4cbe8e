//! # XCMP test support
//!
//! What the XCMP crates' tests, mocks and benches share around a relay runtime, written once:
//!
//! - [`cheat`]: the ways a collator cheats with its block's batches, which validation must
//!   refuse;
//! - [`relay`]: the mock relay runtime, frame-system, balances and `pallet-xcmp-relay`, with
//!   root as governance and as the inclusion machinery;
//! - [`RelayNetwork`]: that relay chain with the senders around a receiver. Senders commit their
//!   blocks with `xcmp_primitives::Outbox`, the relay includes their candidates, collators route
//!   their batches, and a receiver's collator proves the relay's real state for its block (the
//!   keys of [`xcmp_primitives::relay_state::receiver_proof_keys`], proven by [`prove`]);
//! - [`delivery`]: one channel's traffic through the relay, included by `pallet-xcmp-relay`, and
//!   what HRMP's relay storage does for the same traffic;
//! - [`Snapshot`]: a state every iteration of a bench starts from.
//!
//! It serves the ingress pallet's mock and benchmark tests (a dev-dependency), the relay
//! runtime of `xcmp-runtime-mock`, and the pallet benches of the root crate.
//!
//! ## Where the rest is, and why
//!
//! This crate depends on `pallet-xcmp-relay`, `xcmp-verifier` and `xcmp-primitives`, so none of
//! those may take it as a dev-dependency: their tests would link a second copy of the crate
//! under test. What their tests share with the others sits in them instead:
//!
//! - the runtime-free harness, each sender's outbox and the candidates of honest blocks
//!   against any `xcmp_verifier::RelayView` (`xcmp_verifier::Outboxes`,
//!   `xcmp_verifier::receiving_candidate`), is in the verifier's reference model next to
//!   `xcmp_verifier::InMemoryRelay`: the verifier's tests, the relay pallet's unit tests (over
//!   the pallet's own storage), the fuzz targets and [`RelayNetwork`] use it;
//! - the list of relay keys a receiver's collator proves is a protocol rule, in
//!   `xcmp_primitives::relay_state`.
//!
//! The relay pallet's unit tests keep their own runtime, in which signed accounts act as
//! parachains and the bounds are the small ones those tests reach.
//!
//! Std only: its `std` feature, on by default, is there because `construct_runtime!` puts the
//! runtime's std parts under it; `runtime-benchmarks` and `try-runtime` only pass on to its
//! dependencies. No feature gates any of its own code, so Cargo's feature unification across the
//! workspace cannot make it differ between the crates that use it.

#![deny(missing_docs)]

pub mod cheat;
pub mod delivery;
mod network;
pub mod relay;
mod snapshot;

pub use network::{offered, prove, prove_compact, routed_to, ReceiverRecords, RelayNetwork};
pub use snapshot::{state_root, storage_keys_under, storage_under, Snapshot};
