//! Builds the runtime's wasm blob, for validators' `validate_block`, with the workspace's
//! `xcmp-wasm-build` (`tools/wasm-build`): on Debian's wasm toolchain by default, and without
//! one, no blob, the tests that execute it shown as ignored with the reason.

fn main() {
	#[cfg(feature = "std")]
	xcmp_wasm_build::build_blob();
	#[cfg(not(feature = "std"))]
	println!("cargo::rustc-check-cfg=cfg(xcmp_wasm_blob)");
}
