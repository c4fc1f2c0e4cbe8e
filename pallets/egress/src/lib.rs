//! # XCMP egress pallet
//!
//! The sender side of XCMP: queues the messages this parachain sends, commits to them at the end
//! of every block with one egress root (`docs/PROTOCOL.md`, sections 3 and 4), keeps them until
//! the relay view shows them consumed, and serves whole batches with their proofs to the
//! collators of the receivers.
//!
//! This crate is filled in by the egress work item; it builds, without `std` too, so that
//! runtimes and the workspace can depend on it from the start.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use xcmp_primitives as primitives;
