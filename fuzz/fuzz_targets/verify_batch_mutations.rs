//! The honest batch changed as a cheating collator would (payloads, nonces, senders, entry,
//! proof nodes, messages dropped, duplicated or swapped, proofs borrowed or forged), and the
//! receiver's cursor moved: only the batch the sender committed, from the recorded cursor, is
//! accepted.

#![no_main]

use libfuzzer_sys::fuzz_target;
use xcmp_fuzz::batch::{check_batch_mutations, BatchMutations};

fuzz_target!(|input: BatchMutations| check_batch_mutations(&input));
