//! # XCMP verifier
//!
//! The module a relay-chain validator runs on every parachain candidate: a relay view and a
//! candidate's XCMP commitments go in; an accepted relay-state update or a rejection naming the
//! offending entry comes out (`docs/PROTOCOL.md`, "Acceptance"). Pure and `no_std`.
//!
//! Its checks are built on [`xcmp_primitives`]: [`xcmp_primitives::EgressCommitment::check`] for
//! a sender's entries, [`xcmp_primitives::verify_batch`] for each batch a receiver consumed, and
//! the watermark rule that every batch sent to the receiver up to its watermark was consumed.
//!
//! This crate is filled in by the verifier work item; it builds, without `std` too, so that the
//! relay runtime and the workspace can depend on it from the start.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use xcmp_primitives as primitives;
