//! Arbitrary bytes decoded as a `Candidate` and checked against a relay with a real history: no
//! input panics, and an accepted candidate consumes only batches their senders committed.

#![no_main]

use codec::DecodeLimit;
use libfuzzer_sys::fuzz_target;
use xcmp_fuzz::{candidate::assert_accepted_candidate_is_honest, MAX_DECODE_DEPTH};
use xcmp_verifier::Candidate;

fuzz_target!(|data: &[u8]| {
	if let Ok(candidate) = Candidate::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut &data[..])
	{
		assert_accepted_candidate_is_honest(&candidate);
	}
});
