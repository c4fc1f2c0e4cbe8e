//! `xcmp-sim`: runs an XCMP network of parachains and a relay chain, and reports what was sent,
//! delivered and refused, what the proofs cost and how little the relay chain stores.

use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use xcmp_primitives::{limits, ChannelLimits};
use xcmp_runtime_mock::sim::{self, Engine, Faults, Misbehaviour, SimConfig, Traffic};

/// Simulate XCMP: messages stay off the relay chain, which records only roots and cursors.
///
/// Every parachain queues messages each block and commits them with one egress root; the relay
/// chain records the roots; every receiver's collator polls the other collators for batches to
/// it, with proofs; the receiver verifies each batch against the recorded root and processes it
/// within its budget; senders prune what the relay shows consumed.
///
/// By default every chain is a real runtime (frame-system, pallet-balances, the XCMP pallets, a
/// contracts pallet; validators re-execute every block from its proof of validity, and the
/// relay, running pallet-xcmp-relay, includes the commitments), and the first relay
/// block plays the seed document's example: Charlie's contract call on the first parachain pays
/// a recipient on the second. Senders give their batches a deadline, and the last parachain goes
/// silent from relay block 8: what it did not take in time comes back to its senders, reported
/// timed out. `--model protocol` runs the same protocol without runtimes, fast
/// enough for a thousand parachains.
///
/// `--soak` draws faults at random every relay block on top (cheating collators, collators
/// withholding batches, parachains silent for up to 200 relay blocks, receivers blocking and
/// unblocking senders, channels closing and reopening, and, in the protocol model, senders
/// committing messages over their channel's limits) and checks after every block that every
/// message is accounted for and its sender told exactly, that every cheat is refused and
/// nothing honest is, and that relay state stays within its bound and holds no message. It
/// exits non-zero if an invariant broke.
#[derive(Parser, Debug)]
#[command(name = "xcmp-sim", version)]
struct Cli {
	/// What runs each chain.
	#[arg(long, value_enum, default_value_t = EngineArg::Runtime)]
	model: EngineArg,
	/// What executes the parachains' runtimes. `wasm` runs the network on parachains of the
	/// cumulus runtime (`xcmp-parachain-runtime`): every block built and validated in its wasm
	/// blob under `sc-executor`, and natively on the same parent, which must agree; the report
	/// shows wasm time per block next to native. It plays the traffic (each message an XCM
	/// program of `--payload-size` bytes, at most 1024), the cheating collator (refused
	/// natively and in wasm), the block list and the silence; not the seed's contract call (no
	/// contracts pallet), `--delivery-timeout` (the runtime's deadline is its own constant) or
	/// `--soak`. It needs the simulator built with the `wasm` feature: `cargo run --release -p
	/// xcmp-runtime-mock --features wasm --bin xcmp-sim -- --executor wasm`.
	#[arg(long, value_enum, default_value_t = ExecutorArg::Native)]
	executor: ExecutorArg,
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
	/// Payload size of each message, in bytes (at most the protocol's 102400; with real runtimes,
	/// each an XCM program calling a contract, from 16 to 16384).
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
	/// Relay block at which a collator misbehaves (0: never): validation, or its own runtime,
	/// must refuse its block.
	#[arg(long, default_value_t = 5)]
	forge_at: u32,
	/// How the misbehaving collator cheats (the protocol model has no inherent to forge).
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
	/// Deadline every sender gives its batches, in relay blocks (0: none): a batch its receiver
	/// has not taken by then is refused, and its sender reclaims its messages, reported timed
	/// out (runtime model).
	#[arg(long, default_value_t = 6)]
	delivery_timeout: u32,
	/// Relay block from which the last parachain (of more than two) builds no block (0: never),
	/// so that batches to it time out (runtime model).
	#[arg(long, default_value_t = 8)]
	silent_from: u32,
	/// Relay block from which it builds blocks again (after --silent-from; past the default
	/// run's 20 blocks, so that it never comes back in it).
	#[arg(long, default_value_t = 21)]
	silent_until: u32,
	/// Seed of the traffic generator (and of the faults).
	#[arg(long, default_value_t = 42)]
	seed: u64,
	/// Draw faults at random every relay block and check the invariants after every block.
	/// Per parachain and relay block: a cheat 1%, withheld batches 1%, a silence of 1 to 200
	/// blocks 0.1%, a block-list change 0.5%, a channel closing 0.1% (reopened 1 to 100 blocks
	/// after it closed), a message over the channel's limits 0.2% (protocol model).
	#[arg(long)]
	soak: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EngineArg {
	/// Real runtimes, blocks built with frame-executive (up to 100 parachains natively, 32 in
	/// wasm).
	Runtime,
	/// The protocol's commitments, proofs and checks without runtimes (up to 1000 parachains).
	Protocol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExecutorArg {
	/// The runtimes compiled natively.
	Native,
	/// The cumulus runtime's wasm blob under sc-executor, next to native (runtime model).
	Wasm,
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
	if cli.silent_from > 0 && cli.silent_until <= cli.silent_from {
		fail("--silent-until must come after --silent-from");
	}
	if cli.delivery_timeout > 0 && cli.delivery_timeout < pallet_xcmp_egress::MIN_DELIVERY_TIMEOUT {
		fail(&format!(
			"--delivery-timeout must be 0 or at least {}",
			pallet_xcmp_egress::MIN_DELIVERY_TIMEOUT
		));
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
		delivery_timeout: (cli.delivery_timeout > 0).then_some(cli.delivery_timeout),
		silent_between: (cli.silent_from > 0).then_some((cli.silent_from, cli.silent_until)),
		seed: cli.seed,
		faults: cli.soak.then(Faults::soak),
	};
	if cli.misbehaving >= cli.parachains {
		fail("--misbehaving must name one of the parachains (an index below --parachains)");
	}
	if cli.model == EngineArg::Protocol && cli.misbehaviour == MisbehaviourArg::ForgeInherent {
		fail("--model protocol has no ingress inherent to forge (--misbehaviour forge-inherent)");
	}
	if cli.model == EngineArg::Runtime && cli.parachains > sim::runtime::MAX_PARACHAINS {
		fail(&format!(
			"--model runtime runs at most {} parachains; use --model protocol for more",
			sim::runtime::MAX_PARACHAINS
		));
	}
	if cli.executor == ExecutorArg::Wasm && cli.parachains > 32 {
		fail("--executor wasm runs at most 32 parachains");
	}
	let shortest = sim::runtime::SHORTEST_CONTRACT_CALL;
	if cli.model == EngineArg::Runtime && cli.payload_size < shortest {
		fail(&format!(
			"--model runtime sends XCM programs calling a contract, which take at least {shortest} bytes"
		));
	}
	if cli.model == EngineArg::Runtime && cli.payload_size > 16 * 1024 {
		fail("--model runtime sends payloads of at most 16384 bytes (its contracts' input bound)");
	}
	if cli.executor == ExecutorArg::Wasm {
		if cli.model != EngineArg::Runtime {
			fail("--executor wasm runs runtimes: it needs --model runtime");
		}
		if cli.soak {
			fail("--executor wasm plays no random faults: --soak is the mock runtime's");
		}
		run_in_wasm(&cli, &config);
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
	let engine = match cli.model {
		EngineArg::Runtime => Engine::Runtime,
		EngineArg::Protocol => Engine::Protocol,
	};
	let r = match engine {
		Engine::Runtime => sim::runtime::run(&config, |_, _| progress.inc(1)),
		Engine::Protocol => sim::protocol::run_with(&config, |_| progress.inc(1)),
	};
	progress.finish_and_clear();
	if cli.json {
		println!("{}", r.json(engine, &config));
	} else {
		print!("{}", r.text(engine, &config));
	}
	if !r.all_accounted_for() || !r.violations.is_empty() {
		std::process::exit(1);
	}
}

/// `--executor wasm`: the traffic on the cumulus runtime, in wasm and natively.
#[cfg(feature = "wasm")]
fn run_in_wasm(cli: &Cli, config: &SimConfig) -> ! {
	// More would fill a channel (`CHANNEL_LIMITS`) in one block; past it, sends are refused by
	// back-pressure and reported so.
	let limits = xcmp_parachain_network::CHANNEL_LIMITS;
	if cli.messages_per_block > limits.max_capacity {
		let most = limits.max_capacity;
		fail(&format!("--executor wasm sends at most {most} messages per block"));
	}
	if cli.payload_size > limits.max_message_size {
		let most = limits.max_message_size;
		fail(&format!(
			"--executor wasm sends programs of at most {most} bytes (its channels' limit)"
		));
	}
	let progress =
		if cli.json { ProgressBar::hidden() } else { ProgressBar::new(u64::from(cli.blocks)) };
	if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} relay blocks {eta}") {
		progress.set_style(style);
	}
	let report = sim::wasm::run(config, |_| progress.inc(1));
	progress.finish_and_clear();
	match report {
		Ok(report) if cli.json => println!("{}", report.json()),
		Ok(report) => print!("{}", report.text()),
		Err(error) => fail(&format!("{error}")),
	}
	std::process::exit(0)
}

/// `--executor wasm` without the `wasm` feature: says how to build it.
#[cfg(not(feature = "wasm"))]
fn run_in_wasm(_: &Cli, _: &SimConfig) -> ! {
	fail(
		"--executor wasm needs the simulator built with the wasm feature: cargo run --release \
		 -p xcmp-runtime-mock --features wasm --bin xcmp-sim -- --executor wasm",
	)
}

fn fail(message: &str) -> ! {
	eprintln!("xcmp-sim: {message}");
	std::process::exit(2);
}
