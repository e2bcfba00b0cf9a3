//! The `llm-cost` binary as scripts use it: stdin to stdout, one line per line.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_llm-cost"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("llm-cost runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The first vector lines of genai-prices' own results, priced by the binary.
#[test]
fn price_answers_each_line_in_order_with_genai_prices_figures() {
    let vectors: Vec<Value> = include_str!("vectors/prices.jsonl")
        .lines()
        .take(60)
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let input: String = vectors
        .iter()
        .map(|case| format!("{}\n", case["input"]))
        .collect();
    let (code, stdout, _) = run(&["price"], &input);
    assert_eq!(code, 0);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), vectors.len());
    for (case, ours) in vectors.iter().zip(&lines) {
        let expected = &case["expected"];
        if expected.get("error").is_some() {
            assert!(
                ours["error"].is_string(),
                "{}: expected an error line, got {ours}",
                case["case"]
            );
            continue;
        }
        for key in ["total_usd", "input_usd", "output_usd"] {
            let ours: rust_decimal::Decimal = ours[key].as_str().unwrap().parse().unwrap();
            let theirs: rust_decimal::Decimal = expected[key].as_str().unwrap().parse().unwrap();
            assert_eq!(ours, theirs, "{}: {key}", case["case"]);
        }
        assert_eq!(ours["provider"], expected["provider"]);
        assert_eq!(ours["model"], expected["model"]);
    }
}

#[test]
fn a_bad_line_gets_an_error_line_and_the_rest_are_still_priced() {
    let input = concat!(
        r#"{"provider":"openai","model":"no-such-model","input_tokens":10,"output_tokens":1}"#,
        "\n",
        "this is not json\n",
        r#"{"provider":"openai","model":"gpt-5","input_tokens":-3,"output_tokens":1}"#,
        "\n",
        r#"{"provider":"openai","model":"gpt-5","input_tokens":1.5,"output_tokens":1}"#,
        "\n",
        r#"{"provider":"openai","model":"gpt-5","input_tokens":100,"output_tokens":10,"cache_read_tokens":500}"#,
        "\n",
        r#"{"provider":"openai","model":"gpt-5","input_tokens":1000000,"output_tokens":0,"timestamp":"2026-11-22T12:00:00Z"}"#,
        "\n",
    );
    let (code, stdout, _) = run(&["price"], input);
    assert_eq!(code, 0);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    for (index, line) in lines[..5].iter().enumerate() {
        let message = line["error"]
            .as_str()
            .unwrap_or_else(|| panic!("line {index} is an error: {line}"));
        assert!(!message.is_empty());
    }
    assert!(lines[0]["error"]
        .as_str()
        .unwrap()
        .contains("no-such-model"));
    assert_eq!(lines[5]["provider"], "openai");
    assert_eq!(lines[5]["model"], "gpt-5");
    assert!(lines[5]["total_usd"]
        .as_str()
        .unwrap()
        .parse::<rust_decimal::Decimal>()
        .is_ok());
}

#[test]
fn tokens_prints_file_tab_count_with_crlf_counted_as_lf() {
    let dir = std::env::temp_dir().join(format!("llm-cost-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lf = dir.join("lf.txt");
    let crlf = dir.join("crlf.txt");
    std::fs::write(&lf, "one\ntwo\nthree <|endoftext|>\n").unwrap();
    std::fs::write(&crlf, "one\r\ntwo\rthree <|endoftext|>\r\n").unwrap();
    let (code, stdout, _) = run(
        &[
            "tokens",
            "--encoding",
            "o200k_base",
            lf.to_str().unwrap(),
            crlf.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0);
    let rows: Vec<(&str, u64)> = stdout
        .lines()
        .map(|line| {
            let (file, count) = line.split_once('\t').unwrap();
            (file, count.parse().unwrap())
        })
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, lf.to_str().unwrap());
    assert_eq!(rows[0].1, rows[1].1, "CRLF and CR count as LF");
    assert!(
        rows[0].1 > 6,
        "<|endoftext|> is ordinary text, several tokens"
    );
}

#[test]
fn an_unknown_encoding_is_refused_with_the_known_ones_listed() {
    let (code, _, stderr) = run(&["tokens", "--encoding", "p40k_base", "x"], "");
    assert_ne!(code, 0);
    assert!(stderr.contains("o200k_base") && stderr.contains("llama3"));
}

#[test]
fn open_weight_encodings_count_from_the_sites_vocabulary_files() {
    // Llama 3 counts "Hello world" as two tokens (the package's own tokenizer agrees:
    // tests/counter.rs checks the whole corpus).
    let dir = std::env::temp_dir().join("llm-cost-cli-vocab");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hello.txt");
    std::fs::write(&file, "Hello world").unwrap();
    let (code, stdout, stderr) = run(
        &["tokens", "--encoding", "llama3", file.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.trim_end().ends_with("\t2"), "{stdout}");
}

fn scenario_vectors() -> Vec<Value> {
    serde_json::from_str(include_str!("vectors/scenario_cases.json")).unwrap()
}

/// The presets' figures as genai-prices computes them (tests/oracle/scenario_cases.py), at the
/// vectors' fixed moment.
#[test]
fn scenario_prints_the_presets_figures_as_genai_prices_computes_them() {
    let presets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core/plan/presets");
    let vectors = scenario_vectors();
    for id in ["support-migration", "writing-assistant", "faq-bot"] {
        let file = presets.join(format!("{id}.json"));
        let scenario: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let case = vectors
            .iter()
            .find(|case| case["scenario"] == scenario)
            .unwrap_or_else(|| panic!("no vector for preset {id}"));
        let (status, stdout, stderr) = run(
            &[
                "scenario",
                file.to_str().unwrap(),
                "--at",
                "2026-11-22T12:00:00Z",
            ],
            "",
        );
        assert_eq!(status, 0, "{stderr}");
        let figures: Value = serde_json::from_str(&stdout).unwrap();
        let expected = &case["expected"];
        for key in ["mix_cost_per_query", "baseline_cost_per_query"] {
            assert_eq!(figures[key], expected[key], "{id}: {key}");
        }
        let savings = |v: &Value| v.as_str().unwrap().parse::<f64>().unwrap();
        assert!(
            (savings(&figures["savings_pct"]) - savings(&expected["savings_pct"])).abs() < 1e-9,
            "{id}: savings_pct"
        );
        assert_eq!(
            figures["query_types"].as_array().unwrap().len(),
            scenario["query_types"].as_array().unwrap().len()
        );
        assert_eq!(figures["levers"].as_array().unwrap().len(), 5);
    }
}

#[test]
fn scenario_refuses_a_bad_file_with_its_problems_as_json() {
    let dir = std::env::temp_dir().join(format!("llm-cost-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("broken.json", "{\"query_types\": [", "not valid"),
        (
            "future.json",
            "{\"version\": 3, \"query_types\": []}",
            "newer",
        ),
        (
            "shares.json",
            r#"{"query_types": [{"share_pct": "90", "model": "openai/gpt-5.4-mini"}]}"#,
            "add up to 90%",
        ),
        (
            "prompt.json",
            r#"{"query_types": [{"share_pct": "100", "model": "openai/gpt-5.4-mini", "input_tokens": "prompt"}]}"#,
            "pasted prompt",
        ),
        // 10 MB of white space around a valid scenario: refused for its size, unread.
        (
            "huge.json",
            &format!("{}{{\"query_types\": []}}", " ".repeat(10_000_000)),
            "far larger than a scenario file (at most 1.0 MB)",
        ),
    ];
    for (name, text, says) in &cases {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let (status, stdout, stderr) = run(&["scenario", file.to_str().unwrap()], "");
        let says = *says;
        assert_eq!(status, 1, "{name}");
        let refusal: Value = serde_json::from_str(&stdout).unwrap();
        let messages = refusal["issues"].to_string();
        assert!(messages.contains(says), "{name}: {messages}");
        assert!(stderr.contains(says), "{name}: {stderr}");
    }
    let (status, _, stderr) = run(&["scenario", "/no/such/file.json"], "");
    assert_eq!(status, 1);
    assert!(stderr.contains("/no/such/file.json"));
}

fn preset_path(id: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/core/plan/presets")
        .join(format!("{id}.json"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn scenario_forecast_adds_the_months_and_csv_prints_them() {
    let file = preset_path("faq-bot");
    let (status, stdout, stderr) = run(&["scenario", &file, "--forecast"], "");
    assert_eq!(status, 0, "{stderr}");
    let figures: Value = serde_json::from_str(&stdout).unwrap();
    let months = figures["forecast"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 36, "the default horizon");
    assert_eq!(months[0]["users"], "50000");
    // 50,000 users × 30 queries × the mix's cost per query, in the first month.
    let per_query: f64 = figures["mix_cost_per_query"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let first: f64 = months[0]["mix_usd"].as_str().unwrap().parse().unwrap();
    assert!((first - 1_500_000.0 * per_query).abs() < 1e-9);

    let (status, csv, _) = run(&["scenario", &file, "--csv"], "");
    assert_eq!(status, 0);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 37, "a header and 36 months");
    assert!(lines[0].starts_with("month,calendar_month,users,queries,"));
    assert!(lines[0].ends_with("total_usd,baseline_usd"));
    assert!(lines[1].starts_with("1,January,50000,1500000,"));
}

#[test]
fn scenario_budget_exits_non_zero_when_a_month_exceeds_it() {
    let file = preset_path("faq-bot");
    let (status, _, stderr) = run(&["scenario", &file, "--budget", "100000"], "");
    assert_eq!(status, 0, "{stderr}");
    let (status, _, stderr) = run(&["scenario", &file, "--budget", "500"], "");
    assert_eq!(status, 3);
    assert!(stderr.contains("over the monthly budget"), "{stderr}");
    let (status, _, stderr) = run(&["scenario", &file, "--budget", "lots"], "");
    assert_eq!(status, 2);
    assert!(stderr.contains("not an amount"), "{stderr}");
}

#[test]
fn the_usage_names_every_encoding() {
    let (code, stdout, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    for name in [
        "o200k_base",
        "o200k_harmony",
        "cl100k_base",
        "p50k_base",
        "r50k_base",
        "llama3",
        "llama4",
        "tekken",
        "deepseek_v3",
        "qwen2",
        "qwen3_5",
        "gemma3",
    ] {
        assert!(stdout.contains(name), "{name} in {stdout}");
    }
}
