//! `llm-cost`: the page's core on the command line, for scripts and CI pipelines.
//!
//! ```text
//! llm-cost price                         JSON lines of usage on stdin, one price per line
//! llm-cost tokens --encoding NAME FILE…  exact token count of each file
//! llm-cost scenario FILE.json            a scenario's figures as JSON
//! ```

// As in lib.rs: nothing a user can influence may panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use llm_cost_planner::core::issue::FieldIssue;
use llm_cost_planner::core::plan::forecast::forecast;
use llm_cost_planner::core::plan::mix::evaluate;
use llm_cost_planner::core::plan::scenario::Scenario;
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::pricing::money::{plain, usd};
use llm_cost_planner::core::pricing::price_request::price_line;
use llm_cost_planner::core::tokens::counter::Counter;
use llm_cost_planner::core::tokens::encoding::Encoding;
use llm_cost_planner::core::tokens::prompt_counts::PromptCounts;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The usage text; the encodings are every one [`Encoding::ALL`] names.
fn usage() -> String {
    let encodings: Vec<&str> = Encoding::ALL.iter().map(|e| e.as_str()).collect();
    format!(
        "usage:
  llm-cost price                          read usage JSON lines on stdin, write one price line each
  llm-cost tokens --encoding NAME FILE…   print FILE<TAB>COUNT
                                          (NAME: {})
  llm-cost scenario FILE.json [--at TIME] [--forecast] [--csv] [--budget USD]
                                          print the scenario's blended, baseline and savings figures as JSON
                                          (TIME: RFC 3339; prices of that moment, default now);
                                          --forecast adds the monthly forecast, --csv prints it as CSV,
                                          --budget exits 3 when a month's spend exceeds USD",
        encodings.join(", ")
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("price") => price(),
        Some("tokens") => tokens(&args[1..]),
        Some("scenario") => scenario(&args[1..]),
        Some("--help" | "-h" | "help") => {
            println!("{}", usage());
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{}", usage());
            ExitCode::from(2)
        }
    }
}

/// One output line per input line, in order; a bad line gets an error line of its own.
fn price() -> ExitCode {
    let catalogue = match Catalogue::embedded() {
        Ok(catalogue) => catalogue,
        Err(error) => {
            eprintln!("llm-cost: {error}");
            return ExitCode::FAILURE;
        }
    };
    let now: DateTime<Utc> = SystemTime::now().into();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in io::stdin().lock().lines() {
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                eprintln!("llm-cost: cannot read standard input: {error}");
                return ExitCode::FAILURE;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let reply = match price_line(catalogue, &line, now) {
            Ok(response) => serde_json::to_string(&response),
            Err(error) => serde_json::to_string(&serde_json::json!({ "error": error.to_string() })),
        };
        let written = reply
            .map_err(io::Error::other)
            .and_then(|reply| writeln!(out, "{reply}"));
        if written.is_err() {
            // The reader went away (a closed pipe): nothing more to say.
            return ExitCode::SUCCESS;
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}

fn tokens(args: &[String]) -> ExitCode {
    let (encoding, files) = match args {
        [flag, name, files @ ..] if flag == "--encoding" => (name, files),
        _ => {
            eprintln!("{}", usage());
            return ExitCode::from(2);
        }
    };
    let Some(encoding) = Encoding::from_name(encoding) else {
        let known: Vec<_> = Encoding::ALL.iter().map(|e| e.as_str()).collect();
        eprintln!(
            "llm-cost: unknown encoding {encoding:?}; known: {}",
            known.join(", ")
        );
        return ExitCode::from(2);
    };
    // OpenAI's encodings ship inside tiktoken-rs; the others are read from the site's
    // vocabulary files (scripts/vocab/convert.py writes them).
    let counter = if encoding.is_openai() {
        None
    } else {
        let dir = std::env::var("LLM_COST_VOCAB_DIR").unwrap_or_else(|_| "public/vocab".into());
        let path = std::path::Path::new(&dir).join(encoding.vocabulary_file());
        let built = std::fs::read_to_string(&path)
            .map_err(|error| {
                format!(
                    "{}: {error} (run scripts/vocab/convert.py, or set LLM_COST_VOCAB_DIR)",
                    path.display()
                )
            })
            .and_then(|file| Counter::new(encoding, &file).map_err(|error| error.to_string()));
        match built {
            Ok(counter) => Some(counter),
            Err(error) => {
                eprintln!("llm-cost: {error}");
                return ExitCode::FAILURE;
            }
        }
    };
    let mut status = ExitCode::SUCCESS;
    for file in files {
        match std::fs::read(file) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let count = match &counter {
                    Some(counter) => counter.count(&text),
                    None => encoding.reference_count(&text).unwrap_or_default(),
                };
                println!("{file}\t{count}");
            }
            Err(error) => {
                eprintln!("llm-cost: {file}: {error}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

/// Prints the scenario's figures; a file that cannot be read or priced prints its problems
/// (one per field) as JSON and exits 1.
fn scenario(args: &[String]) -> ExitCode {
    let options = match ScenarioOptions::parse(args) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("llm-cost: {error}\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let file = &options.file;
    let catalogue = match Catalogue::embedded() {
        Ok(catalogue) => catalogue,
        Err(error) => {
            eprintln!("llm-cost: {error}");
            return ExitCode::FAILURE;
        }
    };
    let fail = |issues: Vec<serde_json::Value>| {
        for issue in &issues {
            eprintln!(
                "llm-cost: {file}: {}",
                issue["message"].as_str().unwrap_or("")
            );
        }
        println!(
            "{}",
            serde_json::json!({ "error": "the scenario was refused", "issues": issues })
        );
        ExitCode::FAILURE
    };
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if let Err(error) = Scenario::check_file_size(size) {
        return fail(vec![
            serde_json::json!({ "field": "file", "message": error.to_string() }),
        ]);
    }
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("llm-cost: {file}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let scenario = match Scenario::from_json(&text) {
        Ok(scenario) => scenario,
        Err(error) => {
            return fail(vec![
                serde_json::json!({ "field": "file", "message": error.to_string() }),
            ])
        }
    };
    if scenario.uses_prompt() {
        return fail(vec![serde_json::json!({
            "field": "query_types",
            "message": "this scenario takes token counts from the page's pasted prompt (\"prompt\"); \
                        the command line needs them as numbers",
        })]);
    }
    let mut scenario = scenario;
    if let Some(budget) = options.budget {
        scenario.forecast.budget_usd = Some(budget);
    }
    // Each problem with the field it is about; one that is no field's (an overflow) is
    // the scenario's or the forecast's as a whole.
    let as_issues = |issues: &[FieldIssue], whole: &str, error: String| -> Vec<serde_json::Value> {
        if issues.is_empty() {
            return vec![serde_json::json!({ "field": whole, "message": error })];
        }
        issues
            .iter()
            .map(|issue| serde_json::json!({ "field": issue.field, "message": issue.message }))
            .collect()
    };
    let report = match evaluate(&scenario, catalogue, &PromptCounts::default(), options.at) {
        Ok(report) => report,
        Err(error) => return fail(as_issues(error.issues(), "scenario", error.to_string())),
    };
    let mut figures = report.figures(&scenario);
    let needs_forecast = options.forecast || options.csv || options.budget.is_some();
    let growth = if needs_forecast {
        match forecast(&scenario.forecast, &report.query_costs()) {
            Ok(growth) => Some(growth),
            Err(error) => return fail(as_issues(error.issues(), "forecast", error.to_string())),
        }
    } else {
        None
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = match (&growth, options.csv) {
        (Some(growth), true) => write!(io::stdout(), "{}", growth.to_csv()),
        (Some(growth), false) if options.forecast => {
            figures["forecast"] = growth.figures();
            writeln!(io::stdout(), "{figures:#}")
        }
        _ => writeln!(io::stdout(), "{figures:#}"),
    };
    match (growth, options.budget) {
        (Some(growth), Some(budget)) => match growth.first_month_over_budget() {
            Some(over) => {
                eprintln!(
                    "llm-cost: month {} spends {} ({}), over the monthly budget of {}",
                    over.month,
                    usd(over.mix_usd),
                    plain(over.mix_usd),
                    usd(budget)
                );
                ExitCode::from(3)
            }
            None => ExitCode::SUCCESS,
        },
        _ => ExitCode::SUCCESS,
    }
}

/// `llm-cost scenario`'s arguments.
struct ScenarioOptions {
    file: String,
    at: DateTime<Utc>,
    forecast: bool,
    csv: bool,
    budget: Option<Decimal>,
}

impl ScenarioOptions {
    fn parse(args: &[String]) -> Result<ScenarioOptions, String> {
        let mut file = None;
        let mut options = ScenarioOptions {
            file: String::new(),
            at: SystemTime::now().into(),
            forecast: false,
            csv: false,
            budget: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--forecast" => options.forecast = true,
                "--csv" => options.csv = true,
                "--at" => {
                    let at = args.next().ok_or("--at needs a time")?;
                    options.at = DateTime::parse_from_rfc3339(at)
                        .map_err(|error| {
                            format!(
                                "--at {at}: {error} (expected RFC 3339, e.g. 2026-11-22T12:00:00Z)"
                            )
                        })?
                        .with_timezone(&Utc);
                }
                "--budget" => {
                    let budget = args.next().ok_or("--budget needs an amount in USD")?;
                    let amount = Decimal::from_str(budget.trim_start_matches('$'))
                        .ok()
                        .filter(|amount| !amount.is_sign_negative())
                        .ok_or(format!("--budget {budget}: not an amount in USD"))?;
                    options.budget = Some(amount);
                }
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
                path if file.is_none() => file = Some(path.to_string()),
                extra => return Err(format!("one scenario file at a time ({extra}?)")),
            }
        }
        options.file = file.ok_or("which scenario file?")?;
        Ok(options)
    }
}
