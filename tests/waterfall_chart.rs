//! The cost waterfall renders as SVG natively, through the same code the page uses.

use std::str::FromStr;

use llm_cost_planner::chart::waterfall::{to_svg, Waterfall, WaterfallStep};
use rust_decimal::Decimal;

const TOTAL_FILL: &str = r##"fill="#4B6584""##;
const SAVING_FILL: &str = r##"fill="#2E7D32""##;
const INCREASE_FILL: &str = r##"fill="#C62828""##;
const ZERO_STROKE: &str = r##"stroke="#8E8E8E" stroke-width="2""##;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn step(label: &str, change: &str) -> WaterfallStep {
    WaterfallStep {
        label: label.to_string(),
        change: d(change),
    }
}

fn waterfall(start: Decimal, steps: Vec<WaterfallStep>) -> Waterfall {
    Waterfall {
        start_label: "Baseline".to_string(),
        start,
        steps,
        end_label: "Mix".to_string(),
    }
}

fn typical() -> Waterfall {
    waterfall(
        d("0.0105"),
        vec![
            step("Routing", "-0.006"),
            step("Prompt caching", "-0.0012"),
            step("Response caching", "-0.0008"),
            step("Batch & tier", "0"),
            step("Negotiated", "-0.0003"),
        ],
    )
}

fn render(chart: &Waterfall) -> String {
    to_svg(chart, 800, 420).unwrap()
}

/// The bar rectangles drawn with `fill` (plotters writes `<rect ... fill="#RRGGBB" ...>`).
fn rects_filled(svg: &str, fill: &str) -> usize {
    svg.split('<')
        .filter(|element| element.starts_with("rect ") && element.contains(fill))
        .count()
}

/// The `<text>` contents, whichever element and line they were drawn in.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|element| {
            let start = element.find('>')? + 1;
            let end = element.find("</text>")?;
            Some(element[start..end].trim().to_string())
        })
        .collect()
}

#[test]
fn a_typical_waterfall_renders_as_an_svg_document() {
    let svg = render(&typical());
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    assert!(svg.trim_end().ends_with("</svg>"));
}

/// `cargo test --test waterfall_chart -- --ignored` writes samples to look at:
/// `waterfall-sample.svg` (the typical chart) and a few edge cases, in the temp directory.
#[test]
#[ignore = "writes sample SVGs for eyeballing"]
fn write_sample_svgs_for_eyeballing() {
    let dir = std::env::temp_dir();
    let write = |name: &str, chart: &Waterfall, width: u32, height: u32| {
        let svg = to_svg(chart, width, height).unwrap();
        std::fs::write(dir.join(name), svg).unwrap();
    };
    write("waterfall-sample.svg", &typical(), 800, 420);
    write("waterfall-narrow.svg", &typical(), 420, 300);
    let mixed = waterfall(
        d("0.0105"),
        vec![
            step("Routing", "-0.006"),
            step("Prompt caching", "0.0012"),
            step("Response caching", "-0.009"),
        ],
    );
    write("waterfall-below-zero.svg", &mixed, 800, 420);
    let zeros = waterfall(Decimal::ZERO, vec![step("Routing", "0")]);
    write("waterfall-zeros.svg", &zeros, 800, 420);
    let big = waterfall(d("1234.5"), vec![step("Routing", "-234.5")]);
    write("waterfall-dollars.svg", &big, 800, 420);
    let huge = waterfall(Decimal::MAX, vec![step("Down", &Decimal::MIN.to_string())]);
    write("waterfall-huge.svg", &huge, 800, 420);
}

#[test]
fn the_start_and_end_bars_are_drawn_in_the_neutral_colour() {
    assert_eq!(rects_filled(&render(&typical()), TOTAL_FILL), 2);
}

#[test]
fn a_saving_step_is_drawn_green() {
    let svg = render(&typical());
    assert_eq!(rects_filled(&svg, SAVING_FILL), 4);
    assert_eq!(rects_filled(&svg, INCREASE_FILL), 0);
}

#[test]
fn an_increase_step_is_drawn_red() {
    let chart = waterfall(
        d("0.0105"),
        vec![step("Routing", "-0.006"), step("Negotiated", "0.002")],
    );
    let svg = render(&chart);
    assert_eq!(rects_filled(&svg, INCREASE_FILL), 1);
    assert_eq!(rects_filled(&svg, SAVING_FILL), 1);
    assert!(texts(&svg).contains(&"+$0.002".to_string()));
}

#[test]
fn a_step_that_changes_nothing_is_a_thin_grey_line_not_a_bar() {
    let svg = render(&typical());
    let zero_lines = svg
        .split('<')
        .filter(|element| element.starts_with("polyline ") && element.contains(ZERO_STROKE))
        .count();
    assert_eq!(zero_lines, 1);
    // Seven bars, six of them rectangles: 2 totals + 4 savings.
    let bar_rects = svg
        .split('<')
        .filter(|element| element.starts_with("rect "))
        .count();
    assert_eq!(bar_rects, 6);
}

#[test]
fn every_bar_is_labelled_on_the_x_axis() {
    // Long labels wrap onto two lines, one <text> each, so read them joined.
    let joined = texts(&render(&typical())).join(" ");
    for label in [
        "Baseline",
        "Routing",
        "Prompt caching",
        "Response caching",
        // The SVG escapes the ampersand.
        "Batch &amp; tier",
        "Negotiated",
        "Mix",
    ] {
        assert!(joined.contains(label), "{label} missing from {joined}");
    }
}

#[test]
fn each_bar_shows_its_amount() {
    let texts = texts(&render(&typical()));
    // usd rounds below a dollar to two significant digits: 0.0105 shows as $0.011.
    for amount in [
        "$0.011", "-$0.006", "-$0.0012", "-$0.0008", "$0", "-$0.0003", "$0.0022",
    ] {
        assert!(
            texts.contains(&amount.to_string()),
            "{amount} missing from {texts:?}"
        );
    }
}

#[test]
fn the_y_axis_ticks_read_as_dollars_per_query() {
    let texts = texts(&render(&typical()));
    assert!(texts.contains(&"USD per query".to_string()));
    for tick in ["$0.002", "$0.004", "$0.006", "$0.008", "$0.01"] {
        assert!(
            texts.contains(&tick.to_string()),
            "{tick} missing from {texts:?}"
        );
    }
}

#[test]
fn the_svg_scales_with_css_and_is_labelled_for_screen_readers() {
    let svg = render(&typical());
    let root = &svg[..svg.find('>').unwrap()];
    assert!(root.contains(r#"viewBox="0 0 800 420""#), "{root}");
    assert!(root.contains(r#"role="img""#), "{root}");
    assert!(
        root.contains(r#"aria-label="Cost per query from $0.011 (Baseline) to $0.0022 (Mix)""#),
        "{root}"
    );
    assert!(svg.contains("<title>Cost per query from $0.011 (Baseline) to $0.0022 (Mix)</title>"));
}

#[test]
fn labels_are_escaped_in_the_text_and_the_summary() {
    let mut chart = typical();
    chart.start_label = r#"<b>"Base" & 'line'</b>"#.to_string();
    let svg = render(&chart);
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;b&gt;&quot;Base&quot; &amp; &apos;line&apos;&lt;/b&gt;"));
}

#[test]
fn the_end_is_the_start_plus_every_change() {
    assert_eq!(typical().end(), d("0.0022"));
    assert_eq!(waterfall(d("0.5"), vec![]).end(), d("0.5"));
}

#[test]
fn the_end_saturates_instead_of_overflowing() {
    let chart = waterfall(
        Decimal::MAX,
        vec![
            step("More", "1"),
            step("Much more", &Decimal::MAX.to_string()),
        ],
    );
    assert_eq!(chart.end(), Decimal::MAX);
}

#[test]
fn a_zero_start_renders() {
    let chart = waterfall(
        Decimal::ZERO,
        vec![step("Routing", "0.001"), step("Prompt caching", "-0.0004")],
    );
    let svg = to_svg(&chart, 800, 420).unwrap();
    assert!(svg.starts_with("<svg"));
    assert_eq!(rects_filled(&svg, INCREASE_FILL), 1);
}

#[test]
fn all_zero_steps_render() {
    let steps = vec![step("Routing", "0"), step("Prompt caching", "0")];
    let svg = to_svg(&waterfall(d("0.0105"), steps.clone()), 800, 420).unwrap();
    assert!(svg.starts_with("<svg"));
    // Nothing at all, not even a start: the empty y range is padded.
    let svg = to_svg(&waterfall(Decimal::ZERO, steps), 800, 420).unwrap();
    assert!(svg.starts_with("<svg"));
}

#[test]
fn savings_larger_than_the_start_render_below_zero() {
    let chart = waterfall(
        d("0.001"),
        vec![step("Routing", "-0.005"), step("Negotiated", "-0.0005")],
    );
    let svg = to_svg(&chart, 800, 420).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(texts(&svg).contains(&"-$0.0045".to_string()));
}

#[test]
fn the_largest_amounts_render() {
    let chart = waterfall(
        Decimal::MAX,
        vec![
            step("Up", &Decimal::MAX.to_string()),
            step("Down", &Decimal::MIN.to_string()),
            step("Down again", &Decimal::MIN.to_string()),
        ],
    );
    let svg = to_svg(&chart, 800, 420).unwrap();
    assert!(svg.starts_with("<svg"));
    let svg = to_svg(&waterfall(Decimal::MIN, vec![]), 800, 420).unwrap();
    assert!(svg.starts_with("<svg"));
}

#[test]
fn a_waterfall_without_steps_renders_start_and_end() {
    let svg = to_svg(&waterfall(d("0.0105"), vec![]), 800, 420).unwrap();
    assert!(svg.starts_with("<svg"));
    assert_eq!(rects_filled(&svg, TOTAL_FILL), 2);
}

#[test]
fn many_steps_and_tiny_canvases_render() {
    let steps = (0..40)
        .map(|i| step(&format!("Lever number {i}"), "-0.0001"))
        .collect();
    let chart = waterfall(d("0.0105"), steps);
    for (width, height) in [(800, 420), (320, 200), (10, 10), (1, 1), (0, 0)] {
        let svg = to_svg(&chart, width, height).unwrap();
        assert!(svg.starts_with("<svg"), "{width}x{height}");
    }
}

#[test]
fn the_waterfall_table_lists_each_lever_with_the_cost_per_query_after_it() {
    let data = typical().table();
    assert_eq!(
        data.columns,
        ["Step", "Change per query", "Cost per query after it"]
    );
    // 0.0105 − 0.006 = 0.0045; − 0.0012 = 0.0033; − 0.0008 = 0.0025; + 0 ; − 0.0003 = 0.0022.
    let expected = [
        ["Baseline", "", "$0.011"],
        ["Routing", "-$0.006", "$0.0045"],
        ["Prompt caching", "-$0.0012", "$0.0033"],
        ["Response caching", "-$0.0008", "$0.0025"],
        ["Batch & tier", "no change", "$0.0025"],
        ["Negotiated", "-$0.0003", "$0.0022"],
        ["Mix", "", "$0.0022"],
    ];
    assert_eq!(data.rows, expected);
    assert_eq!(
        data.caption,
        "Cost per query from $0.011 (Baseline) to $0.0022 (Mix)"
    );
}

#[test]
fn a_lever_that_costs_more_reads_with_a_plus_sign() {
    let data = waterfall(d("0.01"), vec![step("Routing", "0.002")]).table();
    assert_eq!(data.rows[1], ["Routing", "+$0.002", "$0.012"]);
}

#[test]
fn the_dark_page_draws_the_waterfall_in_the_dark_palette() {
    use llm_cost_planner::chart::svg::style::Palette;
    use llm_cost_planner::chart::waterfall::to_svg_with;
    let hex = |plotters::style::RGBColor(r, g, b)| format!("#{r:02X}{g:02X}{b:02X}");
    let chart = waterfall(
        d("0.0105"),
        vec![step("Routing", "-0.004"), step("Caching", "0.001")],
    );
    let svg = to_svg_with(&chart, 800, 420, &Palette::DARK).unwrap();
    let dark = Palette::DARK;
    for colour in [dark.total, dark.saving, dark.increase, dark.ink, dark.muted] {
        assert!(
            svg.contains(&format!("\"{}\"", hex(colour))),
            "no {} in the dark waterfall",
            hex(colour)
        );
    }
    for fill in [TOTAL_FILL, SAVING_FILL, INCREASE_FILL] {
        assert!(!svg.contains(fill), "light {fill} in the dark waterfall");
    }
}
