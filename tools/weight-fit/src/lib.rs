//! # weight-fit
//!
//! Runs a pallet's FRAME v2 benchmarks natively, in the pallet's own mock runtime, and fits each
//! one's time to its components with frame-benchmarking's own least squares
//! ([`Analysis::min_squares_iqr`]). The benchmark CLI does the same against the Wasm runtime and
//! a real database; this measures the compute alone, which is what the pallets' `weights.rs`
//! take from it (storage accesses are counted there).
//!
//! A pallet calls [`print_fits`] (or [`fit`]) from an ignored test inside its `#[benchmarks]`
//! module, where the generated `SelectedBenchmark` is visible, and runs it with `--release`.

#![deny(missing_docs)]

use frame_benchmarking::{
	Analysis, BenchmarkResult, BenchmarkSelector, BenchmarkingSetup, Recording,
};
use std::time::Instant;

/// Times the benchmarked part, between the setup and the verification.
#[derive(Default)]
struct Timer {
	started: Option<Instant>,
	elapsed_nanos: u128,
}

impl Recording for Timer {
	fn start(&mut self) {
		self.started = Some(Instant::now());
	}

	fn stop(&mut self) {
		if let Some(started) = self.started.take() {
			self.elapsed_nanos = started.elapsed().as_nanos();
		}
	}
}

/// Steps each component's range is sampled in, as the benchmark CLI's `--steps`.
pub const STEPS: u32 = 10;
/// Runs of each sample, as the CLI's `--repeat`.
pub const REPEATS: u32 = 20;

/// Measures `benchmark` of runtime `T`, each run on fresh storage from `new_ext`, sampling each
/// component over its range with the others at their maximum (as the CLI does), and returns the
/// fit: base and slopes in picoseconds, the unit of `Weight`'s ref time.
///
/// Panics if the benchmark fails: a measurement of a failing benchmark means nothing.
pub fn fit<T, B: BenchmarkingSetup<T>>(
	benchmark: &B,
	new_ext: impl Fn() -> sp_io::TestExternalities,
) -> Analysis {
	let components = benchmark.components();
	let mut results = Vec::new();
	let samples: Vec<Vec<_>> = if components.is_empty() {
		vec![Vec::new()]
	} else {
		components
			.iter()
			.enumerate()
			.flat_map(|(varied, (_, low, high))| {
				let components = &components;
				(0..=STEPS).map(move |step| {
					let value = low + (high - low) * step / STEPS;
					components
						.iter()
						.enumerate()
						.map(|(i, (param, _, high))| {
							(*param, if i == varied { value } else { *high })
						})
						.collect()
				})
			})
			.collect()
	};
	for selected in samples {
		for _ in 0..REPEATS {
			new_ext().execute_with(|| {
				let mut timer = Timer::default();
				if let Err(error) = benchmark.instance(&mut timer, &selected, false) {
					panic!("benchmark failed at {selected:?}: {error:?}");
				}
				results.push(BenchmarkResult {
					components: selected.clone(),
					extrinsic_time: timer.elapsed_nanos,
					..Default::default()
				});
			});
		}
	}
	match Analysis::min_squares_iqr(&results, BenchmarkSelector::ExtrinsicTime) {
		Ok(analysis) => analysis,
		Err(error) => panic!("no fit: {error}"),
	}
}

/// One line for a benchmark's fit: base and slopes in microseconds, or in nanoseconds below one
/// microsecond.
pub fn describe(name: &str, analysis: &Analysis) -> String {
	let slopes: Vec<String> = analysis
		.names
		.iter()
		.zip(&analysis.slopes)
		.map(|(component, slope)| format!("{component}: {}", time(*slope)))
		.collect();
	format!("{name}: base {}; {}", time(analysis.base), slopes.join(", "))
}

/// `picoseconds` in microseconds, or in nanoseconds below one microsecond.
fn time(picoseconds: u128) -> String {
	if picoseconds >= 1_000_000 {
		format!("{:.3} µs", picoseconds as f64 / 1e6)
	} else {
		format!("{:.3} ns", picoseconds as f64 / 1e3)
	}
}

/// Fits each of the named `benchmarks` as [`fit`] does and prints its [`describe`] line: the
/// body of a pallet's `measure_weights` test. With `WEIGHT_FIT_ONLY` set, only the benchmarks
/// whose name contains its value are run.
pub fn print_fits<T, B: BenchmarkingSetup<T>>(
	benchmarks: &[(&str, B)],
	new_ext: impl Fn() -> sp_io::TestExternalities,
) {
	let only = std::env::var("WEIGHT_FIT_ONLY").unwrap_or_default();
	for (name, benchmark) in benchmarks.iter().filter(|(name, _)| name.contains(only.as_str())) {
		println!("{}", describe(name, &fit(benchmark, &new_ext)));
	}
}
