//! The weight each stage charges one message, in this runtime against the peer's: the egress and
//! ingress pallets' weights, measured in this runtime's blob, against cumulus's XCMP queue, the
//! message queue and parachain-system's channel check, measured the same way in
//! `xcmp-peer-bench-runtime`'s (`tools/weights/measure.sh`; BENCHMARKS.md, "Per-message weight
//! in wasm"). Both are priced at RocksDB's costs. The weights are generated constants, so the
//! comparison is deterministic: it fails when a re-measured weight turns it.

use frame_support::weights::Weight;
use pallet_xcmp_egress::WeightInfoExt;
use pallet_xcmp_ingress::WeightModel;
use xcmp_parachain_runtime::Runtime;
use xcmp_peer_bench_runtime::per_message as peer;

/// The message sizes compared: an XCM program's usual size, a KiB and the largest.
const SIZES: [u32; 3] = [64, 1024, 65_536];

/// Sending a message of `len` bytes: the send with its share of committing the message in the
/// block that sent it, and pruning it once delivered.
fn send(len: u32) -> Weight {
	type EgressWeights = <Runtime as pallet_xcmp_egress::Config>::WeightInfo;
	pallet_xcmp_egress::Pallet::<Runtime>::send_weight_to(len, false)
		.saturating_add(EgressWeights::prune_message())
}

/// Receiving a message of `len` bytes in a batch: what one more message adds to the ingress
/// inherent.
fn receive(len: u32) -> Weight {
	WeightModel::<Runtime>::receive(1, 2, 1, 1, len)
		.saturating_sub(WeightModel::<Runtime>::receive(1, 1, 1, 1, 0))
}

/// Servicing a message of `len` bytes from a loaded page.
fn service(len: u32) -> Weight {
	WeightModel::<Runtime>::service_message(len)
}

/// `ours / theirs` in time and in proof size, to two decimals.
fn ratios(ours: Weight, theirs: Weight) -> (f64, f64) {
	let ratio =
		|a: u64, b: u64| if b == 0 { f64::from(u32::from(a != 0)) } else { a as f64 / b as f64 };
	(ratio(ours.ref_time(), theirs.ref_time()), ratio(ours.proof_size(), theirs.proof_size()))
}

/// Each stage's weight a message at each size, ours and the peer's, printed as a table.
fn stages() -> Vec<(&'static str, u32, Weight, Weight)> {
	let mut rows = Vec::new();
	for len in SIZES {
		rows.push(("send", len, send(len), peer::send(len, 0)));
		rows.push(("receive", len, receive(len), peer::receive(len)));
		rows.push(("service", len, service(len), peer::service(len)));
	}
	for (stage, len, ours, theirs) in &rows {
		let (time, proof) = ratios(*ours, *theirs);
		println!(
			"{stage:8} {len:6} B  ours {:>10} ps {:>7} B  peer {:>10} ps {:>7} B  time {time:.2}  proof {proof:.2}",
			ours.ref_time(),
			ours.proof_size(),
			theirs.ref_time(),
			theirs.proof_size(),
		);
	}
	rows
}

/// Each stage weighs less than the peer's at every size. A send is charged one read and two
/// writes, as the peer's `SendXcm` two reads and two writes: its relay view comes from the
/// block's overlay, written by the ingress inherent. A message of a batch costs its receiver its
/// payload hash, a share of the batch's Merkle root and a place in a queue page, where the peer
/// steps its channel chain, splits and enqueues each message, and charges servicing each as the
/// largest it could be (`service_page_item`).
#[test]
fn every_stage_weighs_less_than_the_peer() {
	for (stage, len, ours, theirs) in stages() {
		assert!(
			ours.ref_time() <= theirs.ref_time(),
			"{stage} of {len} B: {} ps against the peer's {}",
			ours.ref_time(),
			theirs.ref_time()
		);
		assert!(
			ours.proof_size() <= theirs.proof_size(),
			"{stage} of {len} B: {} proof bytes against the peer's {}",
			ours.proof_size(),
			theirs.proof_size()
		);
	}
}
