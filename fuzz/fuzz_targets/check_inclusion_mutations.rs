//! The honest candidate's validated commitments changed as a dishonest party handing them to the
//! relay would: included only if they name batches the relay awaits, in order from the recorded
//! cursors, and move each cursor exactly to the last one named.

#![no_main]

use libfuzzer_sys::fuzz_target;
use xcmp_fuzz::inclusion::{check_commitment_mutations, CommitmentMutation};

fuzz_target!(|mutations: Vec<CommitmentMutation>| check_commitment_mutations(&mutations));
