//! # xcmp-wasm-build
//!
//! Builds a runtime's wasm blob with `substrate-wasm-builder`, from the runtime's build script,
//! on a toolchain that may have no prebuilt wasm standard library: the workspace's runtimes share
//! it (`xcmp-parachain-runtime`, and `xcmp-relay-bench-runtime` for the relay pallet's weights).
//!
//! The blob needs a compiler that targets wasm: `rustc` (1.85 or later) and `cargo` with the
//! standard library's sources, which Debian's `rustc-web`, `cargo-web` and `rust-web-src`
//! packages install in `/usr/bin` (`.ci/run` installs them), and a wasm linker, `wasm-ld`
//! (Debian's `lld-19`). The toolchain is taken from `XCMP_WASM_TOOLCHAIN` (a directory holding
//! `bin/cargo` and `bin/rustc`; `/usr` by default), the linker from `XCMP_WASM_LINKER` (by
//! default the first of `wasm-ld`, `wasm-ld-19`, `rust-lld` found). Without them the blob is not
//! built: the runtime's `WASM_BINARY` is `None` and the tests that execute it are ignored, saying
//! why. With `XCMP_REQUIRE_WASM=1` (as CI sets) a missing toolchain fails the build instead.
//! Whatever decided it, the runtime crate gets `cfg(xcmp_wasm_blob)` exactly when the builder
//! wrote a blob, so that its tests run exactly then.

#![deny(missing_docs)]

use std::{env, path::PathBuf, process::Command};

/// The wasm toolchain's root, its compiler's minor version (1.x) and the linker to give it, or
/// why there is none.
fn wasm_toolchain() -> Result<(PathBuf, u32, String), String> {
	let root = PathBuf::from(env::var("XCMP_WASM_TOOLCHAIN").unwrap_or_else(|_| "/usr".into()));
	let cargo = root.join("bin/cargo");
	let rustc = root.join("bin/rustc");
	let sources = root.join("lib/rustlib/src/rust/library");
	// A toolchain installed later builds the blob at the next build.
	for path in [&cargo, &rustc, &sources] {
		println!("cargo::rerun-if-changed={}", path.display());
	}
	if !cargo.exists() || !rustc.exists() {
		return Err(format!("no wasm toolchain in {} (bin/cargo, bin/rustc)", root.display()));
	}
	if !sources.exists() {
		return Err(format!("no standard library sources in {}", sources.display()));
	}
	let version = Command::new(&rustc)
		.arg("--version")
		.output()
		.map_err(|error| format!("{} does not run: {error}", rustc.display()))?;
	let version = String::from_utf8_lossy(&version.stdout).into_owned();
	// `rustc 1.85.0 (...)`: the minor version.
	let minor = version
		.split_whitespace()
		.nth(1)
		.and_then(|number| number.split('.').nth(1))
		.and_then(|minor| minor.parse::<u32>().ok())
		.ok_or_else(|| format!("{} gives no version: {version}", rustc.display()))?;
	if minor < 85 {
		return Err(format!("{} is {}, older than 1.85", rustc.display(), version.trim()));
	}
	println!("cargo::rerun-if-env-changed=PATH");
	let linker = match env::var("XCMP_WASM_LINKER") {
		Ok(linker) => linker,
		Err(_) => ["wasm-ld", "wasm-ld-19", "rust-lld"]
			.into_iter()
			.find(|linker| Command::new(linker).arg("--version").output().is_ok())
			.ok_or("no wasm linker (wasm-ld, wasm-ld-19 or rust-lld) on the PATH")?
			.to_string(),
	};
	Ok((root, minor, linker))
}

/// Builds the blob of the runtime whose build script calls it, as the [crate](self) documentation
/// says, and sets `cfg(xcmp_wasm_blob)` on the runtime crate when a blob was written.
pub fn build_blob() {
	println!("cargo::rustc-check-cfg=cfg(xcmp_wasm_blob)");
	println!("cargo::rerun-if-env-changed=XCMP_WASM_TOOLCHAIN");
	println!("cargo::rerun-if-env-changed=XCMP_WASM_LINKER");
	println!("cargo::rerun-if-env-changed=XCMP_REQUIRE_WASM");
	let required = env::var("XCMP_REQUIRE_WASM").is_ok_and(|required| required == "1");
	match wasm_toolchain() {
		Ok((root, minor, linker)) => {
			// substrate-wasm-builder runs the `cargo` named by `CARGO` and, having removed
			// `RUSTC`, the `rustc` first on the `PATH`: both the wasm toolchain's. Its `rustc` has
			// no prebuilt wasm standard library, so the builder builds core and alloc from their
			// sources (`-Zbuild-std`).
			let bin = root.join("bin");
			let path = env::var_os("PATH").unwrap_or_default();
			let path = env::join_paths(std::iter::once(bin).chain(env::split_paths(&path)))
				.expect("the PATH joins again");
			env::set_var("PATH", path);
			env::set_var("CARGO", root.join("bin/cargo"));
			env::set_var("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", &linker);
			env::set_var("CARGO_TARGET_WASM32V1_NONE_LINKER", &linker);
			// sp-core's substrate-bip39 calls `usize::is_multiple_of`, stable from Rust 1.87:
			// older compilers (Debian's 1.85) need the library feature.
			if minor < 87 {
				let mut rustflags = env::var("WASM_BUILD_RUSTFLAGS").unwrap_or_default();
				rustflags.push_str(" -Zcrate-attr=feature(unsigned_is_multiple_of)");
				env::set_var("WASM_BUILD_RUSTFLAGS", rustflags);
			}
			env::set_var("RUSTC_BOOTSTRAP", "1");
			// Before building, the builder checks the toolchain by building a `no_std` library
			// without `-Zbuild-std`, which fails without a prebuilt wasm standard library: through
			// cargo's configuration, every build the builder runs takes it.
			env::set_var("CARGO_UNSTABLE_BUILD_STD", "core alloc");
		}
		Err(why) => {
			if required {
				panic!("XCMP_REQUIRE_WASM=1 but the runtime's wasm blob cannot be built: {why}");
			}
			println!("cargo::warning=the runtime's wasm blob is not built: {why}");
			// The builder writes `WASM_BINARY = None` when told to skip.
			env::set_var("SKIP_WASM_BUILD", "1");
		}
	}
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
	// Whether the builder wrote a blob, whatever decided it (its own `SKIP_WASM_BUILD` and
	// per-crate variables included): the tests that execute it run exactly then.
	let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
	let binary = std::fs::read_to_string(out_dir.join("wasm_binary.rs")).unwrap_or_default();
	let built = binary.contains("WASM_BINARY: Option<&[u8]> = Some(");
	if built {
		println!("cargo::rustc-cfg=xcmp_wasm_blob");
	} else if required {
		panic!("XCMP_REQUIRE_WASM=1 but the runtime's wasm blob was not built (skipped)");
	}
}
