//! Arbitrary bytes decoded as a `RoutedBatch`, as a runtime decodes one from its ingress
//! inherent, then verified (and verified as refused) against the fixture's egress root and
//! cursor: no input panics, and none but the honest batch is accepted.

#![no_main]

use codec::DecodeLimit;
use libfuzzer_sys::fuzz_target;
use xcmp_fuzz::{batch, MAX_DECODE_DEPTH};
use xcmp_primitives::RoutedBatch;

fuzz_target!(|data: &[u8]| {
	let Ok(routed) = RoutedBatch::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut &data[..])
	else {
		return;
	};
	batch::check_batch_verdicts(&batch::batch_fixture().cursor, &routed);
});
