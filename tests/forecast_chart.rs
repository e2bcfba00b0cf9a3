//! The growth forecast's monthly spend chart renders as SVG natively, through the same code
//! the page uses. Forecasts are built by hand, so these tests do not depend on pricing.

use std::str::FromStr;

use llm_cost_planner::chart::forecast::{
    compact_usd, layout, month_after_key, table, to_svg, ForecastChart, ForecastLayout, Swatch,
};
use llm_cost_planner::core::plan::forecast::{GrowthForecast, MonthForecast};
use rust_decimal::Decimal;

/// The first three colours of the tier palette, as plotters writes them.
const TIER_FILLS: [&str; 3] = [
    r##"fill="#4E79A7""##,
    r##"fill="#F28E2B""##,
    r##"fill="#59A14F""##,
];
const BASELINE_STROKE: &str = r##"stroke="#3A3F47" stroke-width="2""##;
const BUDGET_STROKE: &str = r##"stroke="#C62828" stroke-width="2""##;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn forecast(tiers: &[&str], months: Vec<MonthForecast>) -> GrowthForecast {
    let total = |amount: fn(&MonthForecast) -> Decimal| {
        months
            .iter()
            .fold(Decimal::ZERO, |sum, m| sum.saturating_add(amount(m)))
    };
    let (total_usd, baseline_total_usd) = (total(|m| m.mix_usd), total(|m| m.baseline_usd));
    GrowthForecast {
        tiers: tiers.iter().map(|tier| tier.to_string()).collect(),
        months,
        total_usd,
        baseline_total_usd,
        cost_per_user_month: d("0.05"),
        baseline_cost_per_user_month: d("0.2"),
        milestones: Vec::new(),
        budget_usd: None,
        over_budget_month: None,
    }
}

/// Month `m` of the typical forecast: 10,000.5 users plus 1,000 a month; the three tiers
/// spend $100, $50.25 and $10.50 per month number, the baseline $400 per month number.
fn typical_month(m: u32) -> MonthForecast {
    let n = Decimal::from(m);
    let tier_usd = vec![n * d("100"), n * d("50.25"), n * d("10.5")];
    MonthForecast {
        month: m,
        calendar_month: (m - 1) % 12 + 1,
        users: d("10000.5") + Decimal::from(1_000 * (m - 1)),
        queries: Decimal::from(300_000 + 30_000 * (m - 1)),
        mix_usd: tier_usd.iter().sum(),
        tier_usd,
        baseline_usd: n * d("400"),
    }
}

const TIERS: [&str; 3] = [
    "openai/gpt-5.4-nano (answers)",
    "anthropic/claude-haiku (routing)",
    "google/gemini-2.5-flash (fallback)",
];

fn typical() -> GrowthForecast {
    forecast(&TIERS, (1..=12).map(typical_month).collect())
}

fn with_budget(forecast: &GrowthForecast) -> ForecastChart<'_> {
    ForecastChart {
        forecast,
        budget_usd: Some(d("1000")),
    }
}

/// A forecast of `count` months whose every tier and baseline spends `amount`.
fn flat(tiers: usize, count: u32, amount: Decimal) -> GrowthForecast {
    let names: Vec<String> = (1..=tiers).map(|t| format!("tier-{t} (answers)")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let months = (1..=count)
        .map(|m| MonthForecast {
            month: m,
            calendar_month: (m - 1) % 12 + 1,
            users: Decimal::from(1_000),
            queries: Decimal::from(30_000),
            tier_usd: vec![amount; tiers],
            mix_usd: amount.saturating_mul(Decimal::from(tiers)),
            baseline_usd: amount,
        })
        .collect();
    forecast(&names, months)
}

fn render(chart: &ForecastChart) -> String {
    to_svg(chart, 800, 420).unwrap()
}

/// The rectangles drawn with `fill` (plotters writes `<rect ... fill="#RRGGBB" ...>`).
fn rects_filled(svg: &str, fill: &str) -> Vec<String> {
    svg.split('<')
        .filter(|element| element.starts_with("rect ") && element.contains(fill))
        .map(str::to_string)
        .collect()
}

/// The value of attribute `name` in one element's text.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = element[start..].find('"')? + start;
    Some(&element[start..end])
}

fn number_attr(element: &str, name: &str) -> i32 {
    attr(element, name).unwrap().parse().unwrap()
}

/// The `<text>` contents with their x positions.
fn texts(svg: &str) -> Vec<(i32, String)> {
    svg.split("<text")
        .skip(1)
        .filter_map(|element| {
            let start = element.find('>')? + 1;
            let end = element.find("</text>")?;
            let x = attr(element, "x")?.parse().ok()?;
            Some((x, element[start..end].trim().to_string()))
        })
        .collect()
}

fn text_contents(svg: &str) -> Vec<String> {
    texts(svg).into_iter().map(|(_, text)| text).collect()
}

/// The month hit boxes, in document order.
fn month_hits(svg: &str) -> Vec<String> {
    svg.split("<rect ")
        .skip(1)
        .filter(|element| element.contains(r#"class="month-hit""#))
        .map(|element| element[..element.find("</rect>").unwrap()].to_string())
        .collect()
}

/// The month numbers written under the x axis, with their x positions, left to right.
fn month_labels(svg: &str) -> Vec<(i32, u32)> {
    texts(svg)
        .into_iter()
        .filter_map(|(x, text)| Some((x, text.parse().ok()?)))
        .collect()
}

#[test]
fn a_typical_forecast_renders_as_an_svg_document() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<svg").count(), 1);
    assert_eq!(svg.matches("</svg>").count(), 1);
}

#[test]
fn the_root_keeps_its_size_and_view_box_and_is_labelled() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let root = &svg[..svg.find('>').unwrap()];
    assert!(root.contains(r#"width="800""#), "{root}");
    assert!(root.contains(r#"height="420""#), "{root}");
    assert!(root.contains(r#"viewBox="0 0 800 420""#), "{root}");
    let summary = "Monthly spend over 12 months: mix $160.75 in month 1 to $1,929.00 in month 12, \
                   baseline $400.00 to $4,800.00; budget $1,000.00, exceeded from month 7";
    assert!(
        root.contains(&format!(r#"aria-label="{summary}""#)),
        "{root}"
    );
    assert!(svg.contains(&format!("<title>{summary}</title>")));
}

#[test]
fn each_tier_gets_one_stacked_rect_per_month() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    for fill in TIER_FILLS {
        // Twelve bars' segments plus the tier's legend swatch.
        assert_eq!(rects_filled(&svg, fill).len(), 12 + 1, "{fill}");
    }
}

#[test]
fn the_tiers_stack_from_the_bottom_without_gaps() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let [lowers, middles, uppers] = TIER_FILLS.map(|fill| rects_filled(&svg, fill));
    let months = lowers.iter().zip(&middles).zip(&uppers).take(12);
    assert_eq!(months.len(), 12);
    for ((lower, middle), upper) in months {
        assert_eq!(number_attr(middle, "x"), number_attr(lower, "x"));
        assert_eq!(
            number_attr(middle, "y") + number_attr(middle, "height"),
            number_attr(lower, "y")
        );
        assert_eq!(
            number_attr(upper, "y") + number_attr(upper, "height"),
            number_attr(middle, "y")
        );
    }
}

#[test]
fn later_months_have_taller_bars() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let heights: Vec<i32> = rects_filled(&svg, TIER_FILLS[0])
        .iter()
        .take(12)
        .map(|rect| number_attr(rect, "height"))
        .collect();
    assert!(
        heights.windows(2).all(|pair| pair[0] <= pair[1]),
        "{heights:?}"
    );
    assert!(heights[11] > heights[0] * 5, "{heights:?}");
}

#[test]
fn the_baseline_is_a_dark_grey_line_through_every_month_with_markers() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let line = svg
        .split('<')
        .find(|element| element.starts_with("polyline") && element.contains(BASELINE_STROKE))
        .expect("a baseline polyline");
    let points = attr(line, "points").unwrap();
    assert_eq!(points.split_whitespace().count(), 12, "{points}");
    let markers = svg
        .split('<')
        .filter(|element| element.starts_with("circle") && element.contains(r##"fill="#3A3F47""##))
        .count();
    // One per month, plus the legend's.
    assert_eq!(markers, 12 + 1);
}

#[test]
fn the_budget_is_a_dashed_red_line_labelled_at_its_right_end() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let dashes = svg
        .split('<')
        .filter(|element| element.starts_with("polyline") && element.contains(BUDGET_STROKE))
        .count();
    assert!(dashes > 10, "{dashes} dashes");
    let texts = text_contents(&svg);
    assert!(
        texts.iter().any(|text| text == "Budget $1,000.00"),
        "{texts:?}"
    );
}

#[test]
fn without_a_budget_there_is_no_budget_line_label_or_legend_entry() {
    let forecast = typical();
    let svg = render(&ForecastChart {
        forecast: &forecast,
        budget_usd: None,
    });
    assert!(!svg.contains(BUDGET_STROKE));
    let texts = text_contents(&svg);
    assert!(
        !texts.iter().any(|text| text.starts_with("Budget")),
        "{texts:?}"
    );
    assert!(!svg.contains("budget"));
}

#[test]
fn the_legend_names_every_tier_the_baseline_and_the_budget() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let texts = text_contents(&svg);
    for name in TIERS {
        assert!(texts.iter().any(|text| text == name), "{name} in {texts:?}");
    }
    assert!(texts.iter().any(|text| text == "Baseline"), "{texts:?}");
    assert!(texts.iter().any(|text| text == "Budget"), "{texts:?}");
    assert!(texts.iter().any(|text| text == "Month"), "{texts:?}");
    assert!(
        texts.iter().any(|text| text == "USD per month"),
        "{texts:?}"
    );
}

#[test]
fn long_tier_names_are_cut_with_an_ellipsis_and_escaped() {
    let mut forecast = typical();
    forecast.tiers[0] = "openai/gpt-5.4-nano-2026-01-01-preview (answers)".to_string();
    forecast.tiers[1] = "acme/<fast> & \"cheap\" (routing)".to_string();
    let svg = render(&with_budget(&forecast));
    let texts = text_contents(&svg);
    assert!(
        texts
            .iter()
            .any(|text| text == "openai/gpt-5.4-nano-2026-01-01-pr…"),
        "{texts:?}"
    );
    assert!(svg.contains("acme/&lt;fast&gt; &amp;"), "{texts:?}");
    assert!(!svg.contains("<fast>"));
}

#[test]
fn the_y_axis_starts_at_zero_with_compact_money_ticks() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let texts = text_contents(&svg);
    // The highest amount is the baseline's $4,800 in month 12.
    for tick in ["$0", "$1k", "$2k", "$3k", "$4k", "$5k"] {
        assert!(texts.iter().any(|text| text == tick), "{tick} in {texts:?}");
    }
    assert!(!texts.iter().any(|text| text == "$6k"), "{texts:?}");
}

#[test]
fn every_month_gets_one_hit_box_in_month_order_and_the_months_are_one_tab_stop() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let hits = month_hits(&svg);
    assert_eq!(hits.len(), 12);
    for (index, hit) in hits.iter().enumerate() {
        assert_eq!(
            attr(hit, "data-month"),
            Some((index + 1).to_string().as_str())
        );
        assert_eq!(attr(hit, "fill"), Some("transparent"));
        // Focusable, but only the first is in the Tab order: the arrow keys move on.
        let tabindex = if index == 0 { "0" } else { "-1" };
        assert_eq!(attr(hit, "tabindex"), Some(tabindex));
    }
    // Hit boxes come after everything plotters drew, so they are on top.
    let last_drawing = svg
        .rfind("<text")
        .unwrap()
        .max(svg.rfind("<polyline").unwrap());
    assert!(svg.find(r#"class="month-hit""#).unwrap() > last_drawing);
}

#[test]
fn a_month_hit_box_reads_the_months_users_and_spend() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let hits = month_hits(&svg);
    let expected = [
        (0, "Month 1: 10,001 users, mix $160.75, baseline $400.00"),
        (
            6,
            "Month 7: 16,001 users, mix $1,125.25, baseline $2,800.00",
        ),
        (
            11,
            "Month 12: 21,001 users, mix $1,929.00, baseline $4,800.00",
        ),
    ];
    for (index, label) in expected {
        assert_eq!(attr(&hits[index], "aria-label"), Some(label));
        assert!(
            hits[index].ends_with(&format!("<title>{label}</title>")),
            "{}",
            hits[index]
        );
    }
}

#[test]
fn month_hit_boxes_cover_their_bars_and_the_full_plot_height_without_overlapping() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let hits = month_hits(&svg);
    let bottoms = rects_filled(&svg, TIER_FILLS[0]);
    let tops = rects_filled(&svg, TIER_FILLS[2]);
    for (month, hit) in hits.iter().enumerate() {
        let (x, width) = (number_attr(hit, "x"), number_attr(hit, "width"));
        let (y, height) = (number_attr(hit, "y"), number_attr(hit, "height"));
        let bar = &bottoms[month];
        let (bar_x, bar_width) = (number_attr(bar, "x"), number_attr(bar, "width"));
        assert!(x < bar_x && bar_x + bar_width < x + width, "{hit} / {bar}");
        assert_eq!(
            y + height,
            number_attr(bar, "y") + number_attr(bar, "height")
        );
        assert!(y <= number_attr(&tops[month], "y"));
        if let Some(next) = hits.get(month + 1) {
            assert_eq!(x + width, number_attr(next, "x"));
        }
    }
    // The plot's full height: from the top tick to the x axis.
    let height = number_attr(&hits[0], "height");
    assert!(height > 250, "{height}");
}

#[test]
fn user_counts_in_hit_boxes_are_rounded_to_whole_users_and_grouped() {
    let mut forecast = typical();
    forecast.months[0].users = d("1234567.5");
    let svg = render(&with_budget(&forecast));
    let hits = month_hits(&svg);
    assert_eq!(
        attr(&hits[0], "aria-label"),
        Some("Month 1: 1,234,568 users, mix $160.75, baseline $400.00")
    );
}

#[test]
fn twelve_months_are_each_labelled_under_the_x_axis() {
    let forecast = typical();
    let svg = render(&with_budget(&forecast));
    let months: Vec<u32> = month_labels(&svg).into_iter().map(|(_, m)| m).collect();
    assert_eq!(months, (1..=12).collect::<Vec<_>>());
}

#[test]
fn sixty_months_render_with_spaced_out_month_labels() {
    let forecast = flat(3, 60, d("1234.5"));
    let chart = with_budget(&forecast);
    for (width, height) in [(800, 420), (480, 320), (1600, 500)] {
        let svg = to_svg(&chart, width, height).unwrap();
        assert_eq!(month_hits(&svg).len(), 60);
        let labels = month_labels(&svg);
        assert!(labels.len() >= 2, "{labels:?}");
        assert!(labels.iter().any(|&(_, month)| month == 60), "{labels:?}");
        for pair in labels.windows(2) {
            // "60" is 12 to 15px wide, depending on the chart's text size.
            assert!(pair[1].0 - pair[0].0 >= 20, "{width}: {labels:?}");
        }
    }
}

#[test]
fn a_single_month_renders() {
    let forecast = forecast(&TIERS, vec![typical_month(1)]);
    let svg = render(&with_budget(&forecast));
    assert_eq!(month_hits(&svg).len(), 1);
    assert_eq!(rects_filled(&svg, TIER_FILLS[0]).len(), 1 + 1);
    let months: Vec<u32> = month_labels(&svg).into_iter().map(|(_, m)| m).collect();
    assert_eq!(months, vec![1]);
}

#[test]
fn all_zero_spend_still_has_a_y_range() {
    let forecast = flat(2, 12, Decimal::ZERO);
    let svg = render(&ForecastChart {
        forecast: &forecast,
        budget_usd: Some(Decimal::ZERO),
    });
    assert_eq!(month_hits(&svg).len(), 12);
    let texts = text_contents(&svg);
    assert!(texts.iter().any(|text| text == "$0"), "{texts:?}");
    assert!(texts.iter().any(|text| text == "$1"), "{texts:?}");
    assert!(texts.iter().any(|text| text == "Budget $0"), "{texts:?}");
    // Nothing spent, nothing stacked.
    assert_eq!(rects_filled(&svg, TIER_FILLS[0]).len(), 1);
}

#[test]
fn a_forecast_without_tiers_draws_only_the_baseline() {
    let months = (1..=12)
        .map(|m| MonthForecast {
            tier_usd: Vec::new(),
            ..typical_month(m)
        })
        .collect();
    let forecast = forecast(&[], months);
    let svg = render(&with_budget(&forecast));
    assert_eq!(rects_filled(&svg, TIER_FILLS[0]).len(), 0);
    assert!(svg.contains(BASELINE_STROKE));
    assert_eq!(month_hits(&svg).len(), 12);
}

#[test]
fn a_forecast_without_months_renders_empty_axes() {
    let forecast = forecast(&TIERS, Vec::new());
    let svg = render(&with_budget(&forecast));
    assert!(svg.starts_with("<svg"));
    assert_eq!(month_hits(&svg).len(), 0);
    assert!(svg.contains("Monthly spend forecast: no months"));
}

#[test]
fn more_tiers_than_colours_cycle_through_the_palette() {
    let forecast = flat(10, 12, d("10"));
    let svg = render(&with_budget(&forecast));
    // Tiers 1 and 9 share the first colour: two segments a month plus two swatches.
    assert_eq!(rects_filled(&svg, TIER_FILLS[0]).len(), 2 * 12 + 2);
}

#[test]
fn huge_amounts_render_with_compact_ticks() {
    for amount in [d("1e20"), Decimal::MAX] {
        let forecast = flat(3, 60, amount);
        let chart = ForecastChart {
            forecast: &forecast,
            budget_usd: Some(amount),
        };
        let svg = to_svg(&chart, 800, 420).unwrap();
        assert_eq!(month_hits(&svg).len(), 60);
        let ticks: Vec<String> = text_contents(&svg)
            .into_iter()
            .filter(|text| text.starts_with('$'))
            .collect();
        assert!(ticks.len() >= 3, "{ticks:?}");
        assert!(ticks.iter().all(|tick| tick.len() <= 8), "{ticks:?}");
    }
}

#[test]
fn huge_amounts_keep_y_tick_labels_apart() {
    let forecast = flat(3, 12, d("1e20"));
    let svg = render(&with_budget(&forecast));
    let ticks: Vec<i32> = svg
        .split("<text")
        .skip(1)
        .filter(|element| element.contains("\n$") || element.contains(">$"))
        .filter(|element| element.contains(r#"text-anchor="end""#))
        .map(|element| number_attr(element, "y"))
        .collect();
    assert!(ticks.len() >= 3, "{ticks:?}");
    for pair in ticks.windows(2) {
        assert!(pair[0] - pair[1] >= 20, "{ticks:?}");
    }
}

#[test]
fn tiny_and_odd_canvases_render_without_panicking() {
    let forecast = typical();
    let chart = with_budget(&forecast);
    for (width, height) in [(10, 10), (1, 1), (60, 40), (2000, 30), (30, 2000)] {
        let svg = to_svg(&chart, width, height).unwrap();
        assert!(svg.starts_with("<svg"), "{width}x{height}");
        assert_eq!(month_hits(&svg).len(), 12, "{width}x{height}");
    }
    let _ = to_svg(&chart, 0, 0);
}

#[test]
fn compact_money_rounds_to_a_short_label() {
    let cases = [
        ("0", "$0"),
        ("0.05", "$0.05"),
        ("0.5", "$0.5"),
        ("0.0025", "$0.0025"),
        ("0.00125", "$0.0013"),
        ("0.996", "$1"),
        ("1", "$1"),
        ("1.5", "$1.5"),
        ("12.34", "$12"),
        ("950", "$950"),
        ("999.4", "$999"),
        ("999.5", "$1k"),
        ("1000", "$1k"),
        ("1234.56", "$1.2k"),
        ("1500", "$1.5k"),
        ("35000", "$35k"),
        ("250000", "$250k"),
        ("999999", "$1M"),
        ("1500000", "$1.5M"),
        ("12000000", "$12M"),
        ("2000000000", "$2B"),
        ("3400000000000", "$3.4T"),
        ("100000000000000000000", "$1e20"),
        ("123000000000000000000", "$1.2e20"),
        ("-1500", "-$1.5k"),
    ];
    for (value, expected) in cases {
        assert_eq!(compact_usd(d(value)), expected, "{value}");
    }
    assert_eq!(compact_usd(Decimal::MAX), "$7.9e28");
}

/// `cargo test --test forecast_chart -- --ignored` writes samples to look at in the temp
/// directory: `forecast-sample.svg` (12 months, three tiers, a budget), `forecast-60.svg`,
/// and a few edge cases.
#[test]
#[ignore = "writes sample SVGs for eyeballing"]
fn write_sample_svgs_for_eyeballing() {
    let dir = std::env::temp_dir();
    let write = |name: &str, chart: &ForecastChart, width: u32, height: u32| {
        let svg = to_svg(chart, width, height).unwrap();
        std::fs::write(dir.join(name), svg).unwrap();
    };
    let typical = typical();
    write("forecast-sample.svg", &with_budget(&typical), 900, 460);
    write("forecast-narrow.svg", &with_budget(&typical), 420, 320);
    let growing = forecast(
        &TIERS,
        (1..=60)
            .map(|m| {
                let growth = (1..m).fold(Decimal::ONE, |g, _| g * d("1.05"));
                let scale = |v: &str| (d(v) * growth).round_dp(2);
                let tier_usd = vec![scale("900"), scale("450"), scale("120")];
                MonthForecast {
                    month: m,
                    calendar_month: (m - 1) % 12 + 1,
                    users: (d("10000") * growth).round_dp(2),
                    queries: (d("300000") * growth).round_dp(0),
                    mix_usd: tier_usd.iter().sum(),
                    tier_usd,
                    baseline_usd: scale("2600"),
                }
            })
            .collect(),
    );
    write(
        "forecast-60.svg",
        &ForecastChart {
            forecast: &growing,
            budget_usd: Some(d("15000")),
        },
        900,
        460,
    );
    let zeros = flat(2, 12, Decimal::ZERO);
    write("forecast-zeros.svg", &with_budget(&zeros), 900, 460);
    let huge = flat(3, 60, d("1e20"));
    write("forecast-huge.svg", &with_budget(&huge), 900, 460);
    let many = flat(10, 24, d("10"));
    write("forecast-many-tiers.svg", &with_budget(&many), 900, 460);
}

// The layout step, checked as numbers: where the chart puts things, before anything is drawn.

fn typical_layout(width: u32, height: u32) -> ForecastLayout {
    layout(&with_budget(&typical()), width, height).unwrap()
}

#[test]
fn the_layout_tiles_the_plot_with_one_slot_per_month_each_holding_its_bar() {
    let frame = typical_layout(800, 420);
    assert_eq!(frame.months.len(), 12);
    assert_eq!(frame.months[0].slot.0, frame.left);
    assert_eq!(frame.months[11].slot.1, frame.right);
    for pair in frame.months.windows(2) {
        assert_eq!(pair[0].slot.1, pair[1].slot.0, "slots touch");
    }
    for month in &frame.months {
        let (slot, bar) = (month.slot, month.bar);
        assert!(
            slot.0 < bar.0 && bar.0 < bar.1 && bar.1 < slot.1,
            "{month:?}"
        );
        // The bar fills 70% of its slot, to a pixel.
        let (slot_width, bar_width) = (slot.1 - slot.0, bar.1 - bar.0);
        assert!((f64::from(bar_width) - 0.7 * f64::from(slot_width)).abs() <= 1.5);
    }
}

#[test]
fn each_months_tiers_stack_up_from_the_x_axis_without_gaps_in_proportion_to_their_spend() {
    let frame = typical_layout(800, 420);
    let top_value = frame.y_ticks.last().unwrap().value;
    let px_per_usd = f64::from(frame.bottom - frame.top) / top_value;
    for (index, month) in frame.months.iter().enumerate() {
        let tiers: Vec<usize> = month.segments.iter().map(|s| s.tier).collect();
        assert_eq!(tiers, vec![0, 1, 2]);
        assert_eq!(month.segments[0].bottom, frame.bottom);
        for pair in month.segments.windows(2) {
            assert_eq!(pair[1].bottom, pair[0].top, "no seam");
        }
        // Month m spends $100m, $50.25m and $10.50m on its three tiers.
        let m = (index + 1) as f64;
        for (segment, usd) in month.segments.iter().zip([100.0, 50.25, 10.5]) {
            let height = f64::from(segment.bottom - segment.top);
            assert!(
                (height - usd * m * px_per_usd).abs() <= 1.5,
                "month {m}: {segment:?}"
            );
        }
    }
}

#[test]
fn the_y_ticks_run_evenly_from_zero_on_the_x_axis_to_the_top_of_the_plot() {
    let frame = typical_layout(800, 420);
    let first = &frame.y_ticks[0];
    assert_eq!(
        (first.y, first.value, first.label.as_str()),
        (frame.bottom, 0.0, "$0")
    );
    assert_eq!(frame.y_ticks.last().unwrap().y, frame.top);
    let gaps: Vec<i32> = frame.y_ticks.windows(2).map(|p| p[0].y - p[1].y).collect();
    let (min, max) = (gaps.iter().min().unwrap(), gaps.iter().max().unwrap());
    assert!(max - min <= 1, "{gaps:?}");
    // The highest spend (month 12's baseline, $4,800) is under the top tick.
    assert!(frame.y_ticks.last().unwrap().value >= 4_800.0);
}

#[test]
fn the_baseline_points_sit_at_each_slots_centre_at_the_baselines_spend() {
    let frame = typical_layout(800, 420);
    let top_value = frame.y_ticks.last().unwrap().value;
    let px_per_usd = f64::from(frame.bottom - frame.top) / top_value;
    for (index, month) in frame.months.iter().enumerate() {
        let (x, y) = month.baseline;
        assert!((x - (month.slot.0 + month.slot.1) / 2).abs() <= 1);
        let expected = f64::from(frame.bottom) - 400.0 * (index + 1) as f64 * px_per_usd;
        assert!(
            (f64::from(y) - expected).abs() <= 1.0,
            "month {}",
            index + 1
        );
    }
}

#[test]
fn month_labels_are_centred_under_their_slots() {
    let frame = typical_layout(800, 420);
    let months: Vec<u32> = frame.month_labels.iter().map(|(m, _)| *m).collect();
    assert_eq!(months, (1..=12).collect::<Vec<_>>());
    for (month, x) in &frame.month_labels {
        let slot = frame.months[*month as usize - 1].slot;
        assert!((x - (slot.0 + slot.1) / 2).abs() <= 1, "month {month}");
    }
}

#[test]
fn the_legend_names_the_tiers_baseline_and_budget_below_the_month_title() {
    let frame = typical_layout(800, 420);
    let swatches: Vec<Swatch> = frame.legend.iter().map(|item| item.swatch).collect();
    assert_eq!(
        swatches,
        vec![
            Swatch::Tier(0),
            Swatch::Tier(1),
            Swatch::Tier(2),
            Swatch::Baseline,
            Swatch::Budget
        ]
    );
    for item in &frame.legend {
        assert!(item.middle > frame.bottom + frame.x_label_area, "{item:?}");
        assert!(item.middle < 420);
    }
    // Entries of one row do not overlap and read left to right.
    for pair in frame.legend.windows(2) {
        if pair[0].row == pair[1].row {
            assert!(pair[0].x < pair[1].x);
        } else {
            assert_eq!(pair[1].row, pair[0].row + 1);
            assert!(pair[1].middle > pair[0].middle);
        }
    }
}

#[test]
fn a_short_canvas_drops_the_legend_to_keep_the_plot() {
    let frame = typical_layout(800, 130);
    assert!(frame.legend.is_empty());
    assert!(frame.bottom - frame.top >= 40, "{frame:?}");
}

#[test]
fn a_narrow_canvas_uses_smaller_text() {
    let wide = typical_layout(800, 420);
    let narrow = typical_layout(400, 420);
    assert!(narrow.text_size < wide.text_size);
    assert!(narrow.line_height < wide.line_height);
}

#[test]
fn the_budget_label_sits_above_its_line_unless_that_would_leave_the_plot() {
    let frame = typical_layout(800, 420);
    let budget = frame.budget.as_ref().unwrap();
    assert!(budget.above);
    assert_eq!(budget.label, "Budget $1,000.00");
    let ((box_left, box_top), (box_right, box_bottom)) = budget.label_box;
    assert!(box_bottom <= budget.y && box_top >= frame.top);
    assert!(frame.left < box_left && box_right <= frame.right);

    // At the top of the axis there is no room above: the label goes below.
    let forecast = typical();
    let top = layout(
        &ForecastChart {
            forecast: &forecast,
            budget_usd: Some(d("4800")),
        },
        800,
        420,
    )
    .unwrap();
    let budget = top.budget.unwrap();
    assert!(!budget.above);
    assert!(budget.label_box.0 .1 > budget.y);

    let without = layout(
        &ForecastChart {
            forecast: &forecast,
            budget_usd: None,
        },
        800,
        420,
    )
    .unwrap();
    assert!(without.budget.is_none());
}

#[test]
fn the_forecast_table_lists_every_month_with_each_tiers_spend_the_mix_and_the_baseline() {
    let forecast = typical();
    let data = table(&with_budget(&forecast));
    let mut columns = vec!["Month", "Users"];
    columns.extend(TIERS);
    columns.extend(["Mix", "Baseline"]);
    assert_eq!(data.columns, columns);
    assert_eq!(data.rows.len(), 12);
    // Month 3: 12,000.5 users; tiers 3 × $100, 3 × $50.25, 3 × $10.50; mix $482.25; baseline $1,200.
    assert_eq!(
        data.rows[2],
        [
            "Month 3",
            "12,001",
            "$300.00",
            "$150.75",
            "$31.50",
            "$482.25",
            "$1,200.00"
        ]
    );
    // The mix first passes the $1,000 budget in month 7 (7 × $160.75 = $1,125.25).
    assert!(
        data.caption
            .contains("budget $1,000.00, exceeded from month 7"),
        "{}",
        data.caption
    );
}

#[test]
fn arrow_keys_step_between_months_and_stop_at_either_end() {
    assert_eq!(month_after_key("ArrowRight", 0, 12), Some(1));
    assert_eq!(month_after_key("ArrowDown", 4, 12), Some(5));
    assert_eq!(month_after_key("ArrowLeft", 4, 12), Some(3));
    assert_eq!(month_after_key("ArrowRight", 11, 12), None);
    assert_eq!(month_after_key("ArrowLeft", 0, 12), None);
    assert_eq!(month_after_key("Home", 7, 12), Some(0));
    assert_eq!(month_after_key("End", 7, 12), Some(11));
    assert_eq!(month_after_key("End", 11, 12), None);
    assert_eq!(month_after_key("Tab", 3, 12), None);
    assert_eq!(month_after_key("ArrowRight", 0, 0), None);
}

/// Every `#RRGGBB` colour an SVG paints with (fills and strokes).
fn painted_colours(svg: &str) -> std::collections::BTreeSet<String> {
    svg.match_indices("=\"#")
        .filter_map(|(at, _)| svg.get(at + 2..at + 9))
        .map(str::to_string)
        .collect()
}

fn hex(colour: plotters::style::RGBColor) -> String {
    let plotters::style::RGBColor(r, g, b) = colour;
    format!("#{r:02X}{g:02X}{b:02X}")
}

#[test]
fn the_dark_page_draws_the_forecast_in_the_dark_palette_only() {
    use llm_cost_planner::chart::forecast::to_svg_with;
    use llm_cost_planner::chart::svg::style::Palette;
    let typical = typical();
    let chart = with_budget(&typical);
    let light = painted_colours(&to_svg(&chart, 800, 420).unwrap());
    let dark = painted_colours(&to_svg_with(&chart, 800, 420, &Palette::DARK).unwrap());
    let (l, k) = (Palette::LIGHT, Palette::DARK);
    for (light_colour, dark_colour) in [
        (l.tiers[0], k.tiers[0]),
        (l.tiers[2], k.tiers[2]),
        (l.baseline, k.baseline),
        (l.budget, k.budget),
        (l.ink, k.ink),
        (l.muted, k.muted),
    ] {
        assert!(
            light.contains(&hex(light_colour)),
            "light lacks {}",
            hex(light_colour)
        );
        assert!(
            dark.contains(&hex(dark_colour)),
            "dark lacks {}",
            hex(dark_colour)
        );
    }
    let shared: Vec<_> = light.intersection(&dark).collect();
    // The budget label's backdrop is the sheet's card: white on light, the dark card on dark.
    assert!(shared.is_empty(), "painted in both palettes: {shared:?}");
    assert!(!dark.contains("#FFFFFF"), "a white box on the dark sheet");
}

#[test]
fn exports_keep_the_light_palette() {
    use llm_cost_planner::chart::forecast::to_svg_with;
    use llm_cost_planner::chart::svg::style::Palette;
    let typical = typical();
    let chart = with_budget(&typical);
    assert_eq!(
        to_svg(&chart, 1200, 600).unwrap(),
        to_svg_with(&chart, 1200, 600, &Palette::LIGHT).unwrap()
    );
}
