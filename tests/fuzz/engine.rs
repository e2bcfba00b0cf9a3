//! The loop that feeds one target its inputs: each input is bytes made from the run's seed
//! and the input's index (so any input can be made again from those two numbers), run
//! under `catch_unwind` and timed, while a watchdog thread ends the run if one input never
//! finishes.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One parser under test.
pub struct Target {
    pub name: &'static str,
    /// Feeds the parser one input; it may do anything but panic or hang. Returns how far
    /// the input got (`"refused"`, `"priced"`...), tallied to show the inputs go deep.
    pub run: fn(&[u8]) -> &'static str,
    /// A short description of an input, for the report's slowest input.
    pub describe: fn(&[u8]) -> String,
}

/// How a run goes.
#[derive(Clone, Debug)]
pub struct Options {
    pub inputs: u64,
    pub seed: u64,
    /// An input that takes longer than this (its thread's CPU time) counts as a hang.
    pub bound: Duration,
    /// The longest input made, in bytes.
    pub max_len: usize,
    /// Where failing inputs are written.
    pub out_dir: PathBuf,
}

/// What a run found.
pub struct Report {
    pub target: &'static str,
    pub inputs: u64,
    pub panics: u64,
    pub hangs: u64,
    pub slowest: Duration,
    pub slowest_about: String,
    pub elapsed: Duration,
    /// Peak resident memory of this process (VmHWM), in KiB, where Linux tells it.
    pub peak_kib: Option<u64>,
    /// How far the inputs got, and how many got there.
    pub outcomes: BTreeMap<&'static str, u64>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.panics == 0 && self.hangs == 0
    }

    /// How far the inputs got: `opened 12%, refused 88%`.
    pub fn outcome_line(&self) -> String {
        let total = self.inputs.max(1) as f64;
        let parts: Vec<String> = self
            .outcomes
            .iter()
            .map(|(what, n)| format!("{what} {:.1}%", *n as f64 * 100.0 / total))
            .collect();
        format!("{}: {}", self.target, parts.join(", "))
    }

    /// One row of the README's table.
    pub fn row(&self) -> String {
        let peak = self
            .peak_kib
            .map(|kib| format!("{:.1} MiB", kib as f64 / 1024.0))
            .unwrap_or_else(|| "?".to_string());
        format!(
            "| {} | {} | {} | {} | {:.2} ms ({}) | {} | {:.0} s |",
            self.target,
            self.inputs,
            self.panics,
            self.hangs,
            self.slowest.as_secs_f64() * 1000.0,
            self.slowest_about,
            peak,
            self.elapsed.as_secs_f64(),
        )
    }
}

pub const TABLE_HEADER: &str = "| target | inputs | panics | hangs | slowest input (CPU time) | peak memory (VmHWM) | wall time |\n|---|---|---|---|---|---|---|";

/// SplitMix64: tiny, fast and good enough to spread inputs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, index: u64) -> Rng {
        let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

/// The bytes of input `index`: mostly short, some long (up to `max_len`).
pub fn make_input(seed: u64, index: u64, max_len: usize, out: &mut Vec<u8>) {
    let mut rng = Rng::new(seed, index);
    let cap = match rng.below(100) {
        0..=69 => 256,
        70..=94 => 4096,
        _ => max_len,
    }
    .min(max_len);
    let len = rng.below(cap as u64 + 1) as usize;
    out.clear();
    while out.len() < len {
        let word = rng.next().to_le_bytes();
        let take = (len - out.len()).min(8);
        out.extend_from_slice(&word[..take]);
    }
}

/// The message of the last panic, kept by the hook installed in [`run`].
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(text) => text.to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "(no message)".to_string()),
        };
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{message}{place}");
        }
    }));
}

fn save(out_dir: &Path, target: &str, kind: &str, index: u64, input: &[u8]) -> PathBuf {
    let dir = out_dir.join(target);
    let path = dir.join(format!("{kind}-{index}.bin"));
    if std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, input))
        .is_err()
    {
        eprintln!("fuzz: could not write {}", path.display());
    }
    path
}

/// Runs `options.inputs` inputs through `target` and reports what happened.
pub fn run(target: &Target, options: &Options) -> Report {
    install_quiet_panic_hook();
    // The first call loads what the target reads once (the catalogue, its corpus): not an
    // input's own time.
    let _ = catch_unwind(|| (target.run)(&[]));
    let base = Instant::now();
    // Nanoseconds since `base` at which the running input started (0: none running).
    let started = Arc::new(AtomicU64::new(0));
    let running = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = spawn_watchdog(target, options, base, &started, &running, &done);

    let mut report = Report {
        target: target.name,
        inputs: 0,
        panics: 0,
        hangs: 0,
        slowest: Duration::ZERO,
        slowest_about: String::new(),
        elapsed: Duration::ZERO,
        peak_kib: None,
        outcomes: BTreeMap::new(),
    };
    let mut slowest_input = Vec::new();
    let mut input = Vec::with_capacity(options.max_len);
    let progress_every = (options.inputs / 10).max(1);
    for index in 0..options.inputs {
        make_input(options.seed, index, options.max_len, &mut input);
        running.store(index, Ordering::Relaxed);
        started.store(base.elapsed().as_nanos().max(1) as u64, Ordering::Release);
        let cpu_start = thread_cpu_time();
        let outcome = catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
        let took = thread_cpu_time().saturating_sub(cpu_start);
        started.store(0, Ordering::Release);
        report.inputs += 1;
        if let Ok(reached) = outcome {
            *report.outcomes.entry(reached).or_default() += 1;
        }
        if outcome.is_err() {
            report.panics += 1;
            let message = LAST_PANIC.lock().map(|m| m.clone()).unwrap_or_default();
            if report.panics <= 20 {
                let path = save(&options.out_dir, target.name, "panic", index, &input);
                eprintln!(
                    "fuzz: {}: input {index} panicked: {message}\n      ({}; saved as {})",
                    target.name,
                    (target.describe)(&input),
                    path.display()
                );
            }
        }
        if took > options.bound {
            report.hangs += 1;
            if report.hangs <= 20 {
                let path = save(&options.out_dir, target.name, "slow", index, &input);
                eprintln!(
                    "fuzz: {}: input {index} took {:.0} ms of CPU, over the bound of {} ms ({}; saved as {})",
                    target.name,
                    took.as_secs_f64() * 1000.0,
                    options.bound.as_millis(),
                    (target.describe)(&input),
                    path.display()
                );
            }
        }
        if took > report.slowest {
            report.slowest = took;
            slowest_input.clone_from(&input);
        }
        if (index + 1) % progress_every == 0 && options.inputs >= 100_000 {
            let elapsed = base.elapsed().as_secs_f64();
            eprintln!(
                "fuzz: {}: {} of {} inputs, {:.0} inputs/s",
                target.name,
                index + 1,
                options.inputs,
                (index + 1) as f64 / elapsed
            );
        }
    }
    done.store(true, Ordering::Release);
    let _ = watchdog.join();
    report.elapsed = base.elapsed();
    report.slowest_about = (target.describe)(&slowest_input);
    report.peak_kib = peak_memory_kib();
    report
}

/// Ends the process when one input runs past thirty times the bound (at least 30 s) of wall
/// time: it hangs, and the loop cannot go on. The input is saved first.
fn spawn_watchdog(
    target: &Target,
    options: &Options,
    base: Instant,
    started: &Arc<AtomicU64>,
    running: &Arc<AtomicU64>,
    done: &Arc<AtomicBool>,
) -> std::thread::JoinHandle<()> {
    let (started, running, done) = (started.clone(), running.clone(), done.clone());
    let limit = (options.bound * 30).max(Duration::from_secs(30));
    let options = options.clone();
    let (name, describe) = (target.name, target.describe);
    std::thread::spawn(move || {
        while !done.load(Ordering::Acquire) {
            std::thread::sleep(Duration::from_millis(50));
            let since = started.load(Ordering::Acquire);
            if since == 0 {
                continue;
            }
            let now = base.elapsed().as_nanos() as u64;
            if now.saturating_sub(since) > limit.as_nanos() as u64 {
                let index = running.load(Ordering::Relaxed);
                let mut input = Vec::new();
                make_input(options.seed, index, options.max_len, &mut input);
                let path = save(&options.out_dir, name, "hang", index, &input);
                println!(
                    "| {name} | hang: input {index} ran over {} s ({}; saved as {}) |",
                    limit.as_secs(),
                    describe(&input),
                    path.display()
                );
                std::process::exit(3);
            }
        }
    })
}

/// The CPU time this thread has used: an input's time, whatever else the machine runs (wall
/// time on a shared 2-core machine measures the neighbours).
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// VmHWM from /proc/self/status: the most memory this process ever had resident.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
