//! The honest candidate changed as a cheating collator would (para, relay parent, watermark,
//! consumed batches, committed cursors, egress commitment): a changed candidate is accepted
//! only if it commits to exactly what the honest one does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use xcmp_fuzz::candidate::{check_candidate_mutations, CandidateMutation};

fuzz_target!(|mutations: Vec<CandidateMutation>| check_candidate_mutations(&mutations));
