//! `xcmp-sim`: runs an XCMP network of parachains and a relay chain, and reports what was sent,
//! delivered and refused, what the proofs cost and how little the relay chain stores.

use clap::{Parser, ValueEnum};
use xcmp_primitives::{limits, ChannelLimits};
use xcmp_runtime_mock::network::{run, SimConfig, Traffic};

/// Simulate XCMP: messages stay off the relay chain, which records only roots and cursors.
///
/// Every parachain queues messages each block and commits them with one egress root; the relay
/// chain records the roots; every receiver's collator polls the other collators for batches to
/// it, with proofs; the receiver verifies each batch against the recorded root and processes it
/// within its budget; senders prune what the relay shows consumed.
#[derive(Parser, Debug)]
#[command(name = "xcmp-sim", version)]
struct Cli {
	/// Number of parachains (2 to 1000).
	#[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(2..=1000))]
	parachains: u32,
	/// Number of relay blocks to run (1 to 100000).
	#[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
	blocks: u32,
	/// Messages each parachain sends per block.
	#[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(0..=10_000))]
	messages_per_block: u32,
	/// Payload size of each message, in bytes (at most the protocol's 102400).
	#[arg(long, default_value_t = 256)]
	payload_size: u32,
	/// Traffic pattern.
	#[arg(long, value_enum, default_value_t = TrafficArg::AllToAll)]
	traffic: TrafficArg,
	/// Most messages a receiver's block processes; the rest wait for later blocks.
	#[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
	ingress_budget: u32,
	/// Capacity of every channel, in messages pending (1 to 16384).
	#[arg(long, default_value_t = 128)]
	channel_capacity: u32,
	/// Relay block at which one collator serves a forged batch (0: never).
	#[arg(long, default_value_t = 5)]
	forge_at: u32,
	/// Seed of the traffic generator.
	#[arg(long, default_value_t = 42)]
	seed: u64,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum TrafficArg {
	/// Every parachain sends to every other one.
	AllToAll,
	/// Every parachain sends to the first one.
	HotSpot,
	/// Destinations picked at random.
	Random,
}

fn main() {
	let cli = Cli::parse();
	let limits = ChannelLimits {
		max_capacity: cli.channel_capacity,
		max_total_size: cli.channel_capacity.saturating_mul(cli.payload_size.max(1)),
		max_message_size: cli.payload_size.max(1),
	};
	if cli.payload_size > limits::MAX_MESSAGE_SIZE {
		fail(&format!("--payload-size must be at most {} bytes", limits::MAX_MESSAGE_SIZE));
	}
	if let Err(e) = limits.validate() {
		fail(&format!("channel limits are out of range: {e:?} (see --channel-capacity)"));
	}
	let config = SimConfig {
		parachains: cli.parachains,
		blocks: cli.blocks,
		messages_per_block: cli.messages_per_block,
		payload_size: cli.payload_size,
		traffic: match cli.traffic {
			TrafficArg::AllToAll => Traffic::AllToAll,
			TrafficArg::HotSpot => Traffic::HotSpot,
			TrafficArg::Random => Traffic::Random,
		},
		ingress_budget: cli.ingress_budget,
		limits,
		forge_at: (cli.forge_at > 0).then_some(cli.forge_at),
		seed: cli.seed,
	};
	let r = run(&config);

	println!(
		"XCMP network: {} parachains, {} relay blocks, {:?} traffic, seed {}",
		cli.parachains, cli.blocks, config.traffic, cli.seed
	);
	println!();
	println!("messages");
	println!("  sent                      {:>12}", r.sent);
	println!("  delivered (verified)      {:>12}", r.delivered);
	println!("  pending at the end        {:>12}", r.pending);
	println!("  refused, channel full     {:>12}  (back-pressure: never queued)", r.refused_full);
	println!("  delivered out of order    {:>12}", r.order_violations);
	println!(
		"  accounted for             {:>12}",
		if r.all_accounted_for() { "all" } else { "NO: messages lost or duplicated" }
	);
	println!();
	println!("routing");
	println!("  batches verified          {:>12}", r.batches);
	println!("  proof bytes               {:>12}", r.proof_bytes);
	if r.delivered > 0 {
		println!("  proof bytes per message   {:>12.1}", r.proof_bytes as f64 / r.delivered as f64);
	}
	for (block, sender, receiver, error) in &r.refused_batches {
		println!(
			"  forged batch refused      block {block}: {} -> {}: {error:?}",
			u32::from(*sender),
			u32::from(*receiver)
		);
	}
	println!();
	println!("relay chain");
	println!("  message bytes sent        {:>12}", r.message_bytes);
	println!(
		"  XCMP relay state, peak    {:>12} bytes (egress roots and cursors only)",
		r.relay_state_peak
	);
	println!("  XCMP relay state, end     {:>12} bytes", r.relay_state_final);
	println!(
		"  HRMP relay state, peak    {:>12} bytes (every pending message body)",
		r.hrmp_state_peak
	);
	if !r.all_accounted_for() {
		std::process::exit(1);
	}
}

fn fail(message: &str) -> ! {
	eprintln!("xcmp-sim: {message}");
	std::process::exit(2);
}
