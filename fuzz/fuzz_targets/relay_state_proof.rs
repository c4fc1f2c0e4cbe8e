//! Arbitrary or tampered relay-state proofs read through `RelayStateProof` against a fixed
//! state root, with arbitrary keys: no input panics, and every read that succeeds yields what
//! the relay state holds.

#![no_main]

use libfuzzer_sys::fuzz_target;
use xcmp_fuzz::relay_state::{check_relay_state_reads, RelayStateInput};

fuzz_target!(|input: RelayStateInput| check_relay_state_reads(&input));
