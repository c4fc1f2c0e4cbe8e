//! The peer's weights, measured in this runtime's blob by frame-omni-bencher with the workspace's
//! template (`tools/weights/measure.sh`, `PALLETS=peer`): only the benchmarks whose terms the
//! peer charges a message ([`crate::per_message`]). Generated: do not edit.

pub mod cumulus_pallet_xcmp_queue;
pub mod pallet_message_queue;
pub mod peer_bench;
