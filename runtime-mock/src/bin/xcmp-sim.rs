//! `xcmp-sim`: runs an XCMP network of parachains and a relay chain, and reports what was sent,
//! delivered and refused, what the proofs cost and how little the relay chain stores.

use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use xcmp_primitives::{limits, ChannelLimits};
use xcmp_runtime_mock::sim::{self, Misbehaviour, SimConfig, SimReport, Traffic};

/// Simulate XCMP: messages stay off the relay chain, which records only roots and cursors.
///
/// Every parachain queues messages each block and commits them with one egress root; the relay
/// chain records the roots; every receiver's collator polls the other collators for batches to
/// it, with proofs; the receiver verifies each batch against the recorded root and processes it
/// within its budget; senders prune what the relay shows consumed.
///
/// By default every chain is a real runtime (frame-system, pallet-balances, the XCMP pallets, a
/// contracts pallet; the relay runs pallet-xcmp-relay and its verifier), and the first relay
/// block plays the seed document's example: Charlie's contract call on the first parachain pays
/// a recipient on the second. `--model protocol` runs the same protocol without runtimes, fast
/// enough for a thousand parachains.
#[derive(Parser, Debug)]
#[command(name = "xcmp-sim", version)]
struct Cli {
	/// What runs each chain.
	#[arg(long, value_enum, default_value_t = Model::Runtime)]
	model: Model,
	/// Print the report as JSON instead of text.
	#[arg(long)]
	json: bool,
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
	/// Relay block at which a collator misbehaves (0: never): the relay's verifier, or its own
	/// runtime, must refuse its block.
	#[arg(long, default_value_t = 5)]
	forge_at: u32,
	/// How the misbehaving collator cheats (the protocol model only forges its candidate).
	#[arg(long, value_enum, default_value_t = MisbehaviourArg::ForgeCandidate)]
	misbehaviour: MisbehaviourArg,
	/// Which parachain's collator misbehaves, by index from 0.
	#[arg(long, default_value_t = 0)]
	misbehaving: u32,
	/// Relay block at which the second parachain blocks the first (0: never).
	#[arg(long, default_value_t = 8)]
	block_at: u32,
	/// Relay block at which the second parachain unblocks the first (after --block-at).
	#[arg(long, default_value_t = 12)]
	unblock_at: u32,
	/// Seed of the traffic generator.
	#[arg(long, default_value_t = 42)]
	seed: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Model {
	/// Real runtimes, blocks built with frame-executive (up to 32 parachains).
	Runtime,
	/// The protocol's commitments, proofs and checks without runtimes (up to 1000 parachains).
	Protocol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum MisbehaviourArg {
	/// Flip a message byte in a batch its candidate claims.
	ForgeCandidate,
	/// Leave a consumed batch out of its candidate.
	OmitBatch,
	/// Claim a consumed batch twice.
	ReplayBatch,
	/// Claim two batches of one sender in the wrong order.
	ReorderBatches,
	/// Flip a message byte in its block's ingress inherent.
	ForgeInherent,
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
	if cli.block_at > 0 && cli.unblock_at <= cli.block_at {
		fail("--unblock-at must come after --block-at");
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
		misbehaviour: match cli.misbehaviour {
			MisbehaviourArg::ForgeCandidate => Misbehaviour::ForgeCandidate,
			MisbehaviourArg::OmitBatch => Misbehaviour::OmitBatch,
			MisbehaviourArg::ReplayBatch => Misbehaviour::ReplayBatch,
			MisbehaviourArg::ReorderBatches => Misbehaviour::ReorderBatches,
			MisbehaviourArg::ForgeInherent => Misbehaviour::ForgeInherent,
		},
		misbehaving: cli.misbehaving,
		block_between: (cli.block_at > 0).then_some((cli.block_at, cli.unblock_at)),
		seed: cli.seed,
	};
	if cli.misbehaving >= cli.parachains {
		fail("--misbehaving must name one of the parachains (an index below --parachains)");
	}
	if cli.model == Model::Protocol && cli.misbehaviour != MisbehaviourArg::ForgeCandidate {
		fail("--model protocol only forges candidates (--misbehaviour forge-candidate)");
	}
	if cli.model == Model::Runtime && cli.parachains > 32 {
		fail("--model runtime runs at most 32 parachains; use --model protocol for more");
	}
	if cli.model == Model::Runtime && cli.payload_size < 8 {
		fail("--model runtime sends contract calls, which take at least 8 bytes");
	}
	if cli.model == Model::Runtime && cli.payload_size > 16 * 1024 {
		fail("--model runtime sends payloads of at most 16384 bytes (its contracts' input bound)");
	}
	let progress = if cli.json || cli.blocks < 50 {
		ProgressBar::hidden()
	} else {
		let bar = ProgressBar::new(u64::from(cli.blocks));
		if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} relay blocks {eta}") {
			bar.set_style(style);
		}
		bar
	};
	let r = match cli.model {
		Model::Runtime => sim::runtime::run(&config, |_, _| progress.inc(1)),
		Model::Protocol => {
			let r = sim::protocol::run(&config);
			progress.inc(u64::from(cli.blocks));
			r
		}
	};
	progress.finish_and_clear();
	if cli.json {
		println!("{}", json_report(&cli, &config, &r));
	} else {
		print_report(&cli, &config, &r);
	}
	if !r.all_accounted_for() {
		std::process::exit(1);
	}
}

fn print_report(cli: &Cli, config: &SimConfig, r: &SimReport) {
	let per_message = |bytes: u64| bytes as f64 / r.delivered.max(1) as f64;
	println!(
		"XCMP network ({:?} model): {} parachains, {} relay blocks, {:?} traffic, {} B payloads, seed {}",
		cli.model, cli.parachains, cli.blocks, config.traffic, cli.payload_size, cli.seed
	);
	println!();
	if let Some(example) = &r.seed_example {
		println!("seed example");
		println!("  {example}");
		println!();
	}
	println!("messages");
	println!("  sent (queued)                {:>12}", r.sent);
	println!("  delivered                    {:>12}", r.delivered);
	println!("  rejected, sender told        {:>12}  (receiver blocked the sender)", r.rejected);
	println!("  pending at the end           {:>12}", r.pending);
	println!(
		"  accounted for                {:>12}",
		if r.all_accounted_for() { "all" } else { "NO: messages lost or duplicated" }
	);
	println!("  consumed out of order        {:>12}", r.order_violations);
	println!(
		"  sends refused, channel full  {:>12}  (back-pressure, never queued)",
		r.refused_full
	);
	println!("  sends refused, blocked       {:>12}  (never queued)", r.refused_blocked);
	if r.refused_other > 0 {
		println!("  sends refused, other         {:>12}  (never queued)", r.refused_other);
	}
	println!();
	println!("candidates");
	for (block, para, how) in &r.tampered {
		println!(
			"  a collator cheated           relay block {block}, para {}: {how:?}",
			u32::from(*para)
		);
	}
	println!("  accepted by the verifier     {:>12}", r.candidates_accepted);
	println!("  rejected by the verifier     {:>12}", r.candidates_rejected.len());
	for (block, para, error) in &r.candidates_rejected {
		println!("    relay block {block}, para {}: {error:?}", u32::from(*para));
	}
	println!("  blocks not built             {:>12}", r.blocks_not_built.len());
	for (block, para, error) in &r.blocks_not_built {
		println!("    relay block {block}, para {}: {error}", u32::from(*para));
	}
	println!("  batches routed and verified  {:>12}", r.batches);
	println!(
		"  proof bytes                  {:>12}  ({:.1} per message)",
		r.proof_bytes,
		per_message(r.proof_bytes)
	);
	println!("  most in one candidate        {:>12}  proof bytes", r.candidate_proof_bytes_max);
	if cli.model == Model::Protocol {
		let checked = r.candidates_accepted + r.candidates_rejected.len() as u64;
		println!(
			"  verifier time                {:>12.3}  ms in all, {:.1} µs a candidate, {:.1} µs the longest",
			r.verifier_time.as_secs_f64() * 1e3,
			r.verifier_time.as_secs_f64() * 1e6 / checked.max(1) as f64,
			r.verifier_time_max.as_secs_f64() * 1e6
		);
	}
	if cli.model == Model::Runtime {
		println!(
			"  largest ingress inherent     {:>12}  bytes (batches and relay-state proof)",
			r.inherent_bytes_max
		);
		println!(
			"  heaviest parachain block     {:>12.3}  ms of the 2000 ms budget",
			r.block_weight_max as f64 / 1e9
		);
	}
	println!();
	println!("relay chain storage");
	println!("  message bytes sent           {:>12}", r.message_bytes);
	println!(
		"  XCMP, peak                   {:>12}  (roots, cursors, digests: no message)",
		r.relay_state_peak
	);
	println!("  XCMP, at the end             {:>12}", r.relay_state_final);
	println!(
		"  HRMP for the same traffic    {:>12}  (peak: channel records and every pending message body)",
		r.hrmp_state_peak
	);
}

fn json_report(cli: &Cli, config: &SimConfig, r: &SimReport) -> serde_json::Value {
	let rejected: Vec<_> = r
		.candidates_rejected
		.iter()
		.map(|(block, para, error)| {
			serde_json::json!({ "relay_block": block, "para": u32::from(*para), "reason": format!("{error:?}") })
		})
		.collect();
	let not_built: Vec<_> = r
		.blocks_not_built
		.iter()
		.map(|(block, para, error)| {
			serde_json::json!({ "relay_block": block, "para": u32::from(*para), "reason": error })
		})
		.collect();
	serde_json::json!({
		"config": {
			"model": format!("{:?}", cli.model),
			"parachains": cli.parachains,
			"blocks": cli.blocks,
			"messages_per_block": cli.messages_per_block,
			"payload_size": cli.payload_size,
			"traffic": format!("{:?}", config.traffic),
			"ingress_budget": cli.ingress_budget,
			"channel_capacity": cli.channel_capacity,
			"seed": cli.seed,
		},
		"seed_example": r.seed_example,
		"messages": {
			"sent": r.sent,
			"delivered": r.delivered,
			"rejected": r.rejected,
			"pending": r.pending,
			"all_accounted_for": r.all_accounted_for(),
			"order_violations": r.order_violations,
			"refused_full": r.refused_full,
			"refused_blocked": r.refused_blocked,
			"refused_other": r.refused_other,
			"message_bytes": r.message_bytes,
		},
		"candidates": {
			"accepted": r.candidates_accepted,
			"rejected": rejected,
			"not_built": not_built,
			"tampered": r.tampered.iter().map(|(block, para, how)| {
				serde_json::json!({ "relay_block": block, "para": u32::from(*para), "how": format!("{how:?}") })
			}).collect::<Vec<_>>(),
			"batches": r.batches,
			"proof_bytes": r.proof_bytes,
			"candidate_proof_bytes_max": r.candidate_proof_bytes_max,
			"verifier_time_ns": r.verifier_time.as_nanos() as u64,
			"verifier_time_max_ns": r.verifier_time_max.as_nanos() as u64,
			"inherent_bytes_max": r.inherent_bytes_max,
			"block_weight_max_ps": r.block_weight_max,
		},
		"relay_state": {
			"xcmp_peak": r.relay_state_peak,
			"xcmp_final": r.relay_state_final,
			"hrmp_peak": r.hrmp_state_peak,
		},
	})
}

fn fail(message: &str) -> ! {
	eprintln!("xcmp-sim: {message}");
	std::process::exit(2);
}
