//! Builds the runtime's wasm blob with the workspace's `xcmp-wasm-build`, only with
//! `runtime-benchmarks`: the blob exists for the peer's per-message weights
//! (`tools/weights/measure.sh`), and nothing else executes it.

fn main() {
	#[cfg(all(feature = "std", feature = "runtime-benchmarks"))]
	xcmp_wasm_build::build_blob();
	#[cfg(not(all(feature = "std", feature = "runtime-benchmarks")))]
	println!("cargo::rustc-check-cfg=cfg(xcmp_wasm_blob)");
}
