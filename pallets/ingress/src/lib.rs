//! # XCMP ingress pallet
//!
//! The receiver side of XCMP: verifies and processes the batches that this parachain's collator
//! routed to it from other parachains' collators (`../../shared/DESIGN.md`, "Flow" steps 4 to 6;
//! `docs/PROTOCOL.md` in this repository).
//!
//! Each block takes an inherent with whole batches from a subset of senders, each with a compact
//! proof of its egress entry against the sender's egress root that the relay chain recorded.
//! Every batch is checked with [`xcmp_primitives::verify_batch`] before anything is dispatched;
//! messages are then handed in nonce order to the runtime's message processor, cursors and the
//! watermark advance, and the block's [`xcmp_primitives::IngressCommitment`] is published.
//!
//! This crate is filled in by the ingress work item; it builds, without `std` too, so that
//! runtimes and the workspace can depend on it from the start.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use xcmp_primitives as primitives;
