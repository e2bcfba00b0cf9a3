//! A stable fuzz harness (cargo-fuzz needs a nightly toolchain): every parser a user can
//! feed gets inputs made from a seed, raw bytes and structured ones alike, each run under
//! `catch_unwind` with a time bound. `cargo test` runs a few thousand inputs per target;
//! `scripts/fuzz [INPUTS]` runs millions in release mode, one process per target (see the
//! README, "Hostile input").
//!
//! ```text
//! fuzz [--inputs N] [--target NAME]... [--seed S] [--bound-ms MS] [--max-len BYTES]
//! fuzz --replay FILE --target NAME      runs one saved input again, panics shown
//! ```
//! Unknown arguments (those `cargo test` passes, such as `--nocapture`) are ignored.

mod engine;
mod mutate;
mod targets;

use std::process::ExitCode;
use std::time::Duration;

use engine::{Options, Target, TABLE_HEADER};
use targets::TARGETS;

/// Inputs per target when `cargo test` runs the harness: a short run that catches a
/// regression in seconds, as CI runs on every push.
const CI_INPUTS: u64 = 3_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| -> Vec<String> {
        args.windows(2)
            .filter(|pair| pair[0] == flag)
            .map(|pair| pair[1].clone())
            .collect()
    };
    let number = |flag: &str, default: u64| -> u64 {
        value(flag)
            .last()
            .and_then(|v| v.replace('_', "").parse().ok())
            .unwrap_or(default)
    };
    let names = value("--target");
    let chosen: Vec<&Target> = TARGETS
        .iter()
        .filter(|t| names.is_empty() || names.iter().any(|n| n == t.name))
        .collect();
    if chosen.is_empty() {
        let known: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
        eprintln!("fuzz: no target named {names:?}; the targets are {known:?}");
        return ExitCode::from(2);
    }
    if let Some(file) = value("--replay").last() {
        return replay(chosen[0], file);
    }
    let options = Options {
        inputs: number("--inputs", CI_INPUTS),
        seed: number("--seed", 0x5EED_F022),
        bound: Duration::from_millis(number("--bound-ms", 1000)),
        max_len: number("--max-len", 64 * 1024) as usize,
        out_dir: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings"),
    };
    if !args.iter().any(|a| a == "--no-header") {
        println!("{TABLE_HEADER}");
    }
    let mut clean = true;
    for target in chosen {
        let report = engine::run(target, &options);
        println!("{}", report.row());
        eprintln!("fuzz: {}", report.outcome_line());
        clean &= report.is_clean();
    }
    if clean {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "fuzz: inputs that panicked or ran over the bound are saved in target/fuzz-findings/"
        );
        ExitCode::FAILURE
    }
}

/// Runs one saved input with the default panic hook, so its message and place show.
fn replay(target: &Target, file: &str) -> ExitCode {
    let input = match std::fs::read(file) {
        Ok(input) => input,
        Err(error) => {
            eprintln!("fuzz: {file}: {error}");
            return ExitCode::from(2);
        }
    };
    println!("{}: {}", target.name, (target.describe)(&input));
    targets::VERBOSE.store(true, std::sync::atomic::Ordering::Relaxed);
    let start = std::time::Instant::now();
    let reached = (target.run)(&input);
    println!(
        "{reached} in {:.2} ms without a panic",
        start.elapsed().as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
