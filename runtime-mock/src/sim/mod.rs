//! # The XCMP network simulator
//!
//! Runs a relay chain and parachains for a number of relay blocks with a traffic pattern, a
//! receiver that blocks a sender for a while and a collator that cheats once, and reports what
//! was sent, delivered, refused and left pending, what the proofs cost, and how little the relay
//! chain stores against what HRMP would for the same traffic. A soak run ([`Faults`]) draws
//! faults every relay block instead, and checks the protocol's invariants after every block.
//! The `xcmp-sim` binary is its command line.
//!
//! Two engines run the same [`SimConfig`] and fill in the same [`SimReport`]:
//!
//! - [`runtime`]: real runtimes, stepped together by a
//!   [`RuntimeNetwork`](crate::runtime_network::RuntimeNetwork); users send through the egress
//!   pallet, every count comes from the runtimes' events and storage;
//! - [`protocol`]: the protocol's own commitments, proofs and checks without runtimes, fast
//!   enough for a thousand parachains.
//!
//! What they share: the configuration and the choice of each message's destination
//! ([`config`]), the faults of a soak run and the ways a collator cheats ([`faults`]), the
//! report and how it is printed ([`report`]), and the estimate of what HRMP would keep in relay
//! storage ([`hrmp`]). Neither engine uses the other.
//!
//! With the `wasm` feature, `wasm` runs the traffic on parachains of the cumulus runtime
//! (`xcmp-parachain-runtime`) instead, every block built and validated in its wasm blob and
//! natively, timed side by side (`xcmp-sim --executor wasm`).

pub mod config;
pub mod faults;
pub mod hrmp;
pub mod protocol;
pub mod report;
pub mod runtime;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use config::{pick_destination, Faults, Misbehaviour, SimConfig, Traffic};
pub use report::{FaultReport, SimReport};

/// Which engine runs the chains (`--model` on the `xcmp-sim` command line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
	/// Real runtimes, blocks built with frame-executive: [`runtime::run`].
	Runtime,
	/// The protocol's commitments, proofs and checks without runtimes: [`protocol::run`].
	Protocol,
}
