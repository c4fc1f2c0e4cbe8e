//! Builds the runtime's wasm blob with `substrate-wasm-builder`, for validators' `validate_block`.
//!
//! The blob needs a compiler that targets wasm: `rustc` and `cargo` with the standard library's
//! sources, which Debian's `rustc-web`, `cargo-web` and `rust-web-src` packages install in
//! `/usr/bin` (`.ci/run` installs them), and a wasm linker, `wasm-ld` (Debian's `lld-19`). The
//! toolchain is taken from `XCMP_WASM_TOOLCHAIN` (a directory holding `bin/cargo` and
//! `bin/rustc`; `/usr` by default), the linker from `XCMP_WASM_LINKER` (by default the first of
//! `wasm-ld`, `wasm-ld-19`, `rust-lld` found). Without them the blob is not built: the runtime's
//! `WASM_BINARY` is `None` and the tests that execute it are ignored, saying why. With
//! `XCMP_REQUIRE_WASM=1` (as CI sets) a missing toolchain fails the build instead.

use std::{env, path::PathBuf, process::Command};

fn main() {
	println!("cargo::rustc-check-cfg=cfg(xcmp_wasm_blob)");
	#[cfg(feature = "std")]
	build_blob();
}

/// The wasm toolchain's root, and the linker to give it, or why there is none.
#[cfg(feature = "std")]
fn wasm_toolchain() -> Result<(PathBuf, String), String> {
	let root = PathBuf::from(env::var("XCMP_WASM_TOOLCHAIN").unwrap_or_else(|_| "/usr".into()));
	let cargo = root.join("bin/cargo");
	let rustc = root.join("bin/rustc");
	if !cargo.exists() || !rustc.exists() {
		return Err(format!("no wasm toolchain in {} (bin/cargo, bin/rustc)", root.display()));
	}
	let sources = root.join("lib/rustlib/src/rust/library");
	if !sources.exists() {
		return Err(format!("no standard library sources in {}", sources.display()));
	}
	let linker = match env::var("XCMP_WASM_LINKER") {
		Ok(linker) => linker,
		Err(_) => ["wasm-ld", "wasm-ld-19", "rust-lld"]
			.into_iter()
			.find(|linker| Command::new(linker).arg("--version").output().is_ok())
			.ok_or("no wasm linker (wasm-ld, wasm-ld-19 or rust-lld) on the PATH")?
			.to_string(),
	};
	Ok((root, linker))
}

#[cfg(feature = "std")]
fn build_blob() {
	println!("cargo::rerun-if-env-changed=XCMP_WASM_TOOLCHAIN");
	println!("cargo::rerun-if-env-changed=XCMP_WASM_LINKER");
	println!("cargo::rerun-if-env-changed=XCMP_REQUIRE_WASM");
	let skipped = env::var("SKIP_WASM_BUILD").is_ok_and(|skip| !skip.is_empty());
	let required = env::var("XCMP_REQUIRE_WASM").is_ok_and(|required| required == "1");
	match wasm_toolchain() {
		Ok((root, linker)) if !skipped => {
			// substrate-wasm-builder runs the `cargo` named by `CARGO` and, having removed
			// `RUSTC`, the `rustc` first on the `PATH`: both the wasm toolchain's. Its `rustc` has
			// no prebuilt wasm standard library, so core and alloc are built from their sources
			// (`-Zbuild-std`, which the builder chooses itself for a toolchain without the target).
			let bin = root.join("bin");
			let path = env::var_os("PATH").unwrap_or_default();
			let path = env::join_paths(std::iter::once(bin).chain(env::split_paths(&path)))
				.expect("the PATH joins again");
			env::set_var("PATH", path);
			env::set_var("CARGO", root.join("bin/cargo"));
			env::set_var("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", &linker);
			env::set_var("CARGO_TARGET_WASM32V1_NONE_LINKER", &linker);
			// sp-core's substrate-bip39 calls `usize::is_multiple_of`, stable from Rust 1.87;
			// older compilers (Debian's 1.85) need the library feature.
			let mut rustflags = env::var("WASM_BUILD_RUSTFLAGS").unwrap_or_default();
			rustflags.push_str(" -Zcrate-attr=feature(unsigned_is_multiple_of)");
			env::set_var("WASM_BUILD_RUSTFLAGS", rustflags);
			env::set_var("RUSTC_BOOTSTRAP", "1");
			// The builder first checks the toolchain by building a `no_std` library, without
			// `-Zbuild-std`: through cargo's configuration, that build takes it too.
			env::set_var("CARGO_UNSTABLE_BUILD_STD", "core alloc");
			substrate_wasm_builder::WasmBuilder::build_using_defaults();
			println!("cargo::rustc-cfg=xcmp_wasm_blob");
		}
		result => {
			if let Err(why) = &result {
				if required {
					panic!(
						"XCMP_REQUIRE_WASM=1 but the runtime's wasm blob cannot be built: {why}"
					);
				}
				println!("cargo::warning=the runtime's wasm blob is not built: {why}");
			}
			// The builder writes `WASM_BINARY = None` when told to skip.
			env::set_var("SKIP_WASM_BUILD", "1");
			substrate_wasm_builder::WasmBuilder::build_using_defaults();
		}
	}
}
