//! The cost waterfall: the baseline's cost per query, one floating bar per lever (green when
//! it saves, red when it costs more, a thin grey line when it changes nothing), and the final
//! cost per query.
//!
//! Money stays `Decimal` everywhere; it becomes `f64` only here, and only to place pixels.
//! Running totals saturate at `Decimal::MAX`/`Decimal::MIN` instead of overflowing, so any
//! input renders.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;

use super::svg::style::{Palette, FONT, TEXT_SIZE};
use super::svg::{label_root, render, text_width, to_f64};
use super::table::ChartTable;
use crate::core::pricing::money::usd;

/// One bar of the waterfall: a lever's change to the cost per query (negative = saving).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaterfallStep {
    pub label: String,
    pub change: Decimal,
}

/// From the baseline's cost per query, through one step per lever, to the final cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waterfall {
    pub start_label: String,
    pub start: Decimal,
    pub steps: Vec<WaterfallStep>,
    pub end_label: String,
}

impl Waterfall {
    /// The final cost per query: the start plus every step's change (saturating at the
    /// largest representable amount rather than overflowing).
    pub fn end(&self) -> Decimal {
        self.steps
            .iter()
            .fold(self.start, |total, step| total.saturating_add(step.change))
    }

    /// The plotted values: the start, each lever's change with the cost per query after it,
    /// and the end, as the bars are labelled.
    pub fn table(&self) -> ChartTable {
        let mut total = self.start;
        let mut rows = vec![vec![
            self.start_label.clone(),
            String::new(),
            usd(self.start),
        ]];
        for step in &self.steps {
            total = total.saturating_add(step.change);
            rows.push(vec![
                step.label.clone(),
                signed_usd(step.change),
                usd(total),
            ]);
        }
        rows.push(vec![self.end_label.clone(), String::new(), usd(self.end())]);
        ChartTable {
            caption: self.summary(),
            columns: vec![
                "Step".into(),
                "Change per query".into(),
                "Cost per query after it".into(),
            ],
            rows,
        }
    }

    /// A one-sentence summary for screen readers, e.g.
    /// "Cost per query from $0.011 (Baseline) to $0.0022 (Mix)".
    fn summary(&self) -> String {
        format!(
            "Cost per query from {} ({}) to {} ({})",
            usd(self.start),
            self.start_label,
            usd(self.end()),
            self.end_label
        )
    }
}

/// `+$0.001`, `-$0.004`, or `no change`.
fn signed_usd(change: Decimal) -> String {
    if change.is_zero() {
        "no change".into()
    } else if change.is_sign_positive() {
        format!("+{}", usd(change))
    } else {
        usd(change)
    }
}

/// The smallest size labels and amounts shrink to when bars are narrow (~9px).
const MIN_TEXT_SIZE: f64 = 11.0;
/// Height of one line of an x-axis label at `TEXT_SIZE`, in pixels.
const LINE_HEIGHT: i32 = 15;
/// At most this many lines per x-axis label; the rest joins the last line.
const MAX_LABEL_LINES: usize = 3;
/// Share of a bar's slot that the bar fills.
const BAR_WIDTH: f64 = 0.62;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BarKind {
    Total,
    Saving,
    Increase,
    Unchanged,
}

/// One bar, ready to place: it spans `from`..`to` (a total spans zero..value).
struct Bar<'a> {
    label: &'a str,
    kind: BarKind,
    from: f64,
    to: f64,
    amount: String,
}

fn bars(chart: &Waterfall) -> Vec<Bar<'_>> {
    let mut bars = Vec::with_capacity(chart.steps.len() + 2);
    bars.push(Bar {
        label: &chart.start_label,
        kind: BarKind::Total,
        from: 0.0,
        to: to_f64(chart.start),
        amount: usd(chart.start),
    });
    let mut running = chart.start;
    for step in &chart.steps {
        let before = running;
        running = running.saturating_add(step.change);
        let (kind, amount) = if step.change.is_zero() {
            (BarKind::Unchanged, usd(Decimal::ZERO))
        } else if step.change.is_sign_negative() {
            (BarKind::Saving, usd(step.change))
        } else {
            (BarKind::Increase, format!("+{}", usd(step.change)))
        };
        bars.push(Bar {
            label: &step.label,
            kind,
            from: to_f64(before),
            to: to_f64(running),
            amount,
        });
    }
    bars.push(Bar {
        label: &chart.end_label,
        kind: BarKind::Total,
        from: 0.0,
        to: to_f64(running),
        amount: usd(running),
    });
    bars
}

/// The y range: always includes zero, never empty, with `headroom` (a share of the span)
/// above for the amounts and a little below when totals go negative.
fn y_range(bars: &[Bar<'_>], headroom: f64) -> (f64, f64) {
    let (lo, hi) = bars
        .iter()
        .flat_map(|bar| [bar.from, bar.to])
        .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = hi - lo;
    let span = if span.is_finite() && span > 0.0 {
        span
    } else {
        0.01
    };
    let hi = if hi > lo { hi } else { lo + span };
    let below = if lo < 0.0 { span * 0.04 } else { 0.0 };
    let (lo, hi) = (lo - below, hi + span * headroom);
    if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (0.0, 0.01)
    }
}

/// A y-axis tick as money. plotters' ticks are round in decimal but not in binary, so the
/// f64 is trimmed to 12 significant digits first; `usd` is used when it shows the tick
/// exactly, the plain amount otherwise (`$0.0125`, not a rounded `$0.013`).
fn tick_label(value: f64) -> String {
    let Some(exact) = Decimal::from_f64_retain(value) else {
        return format!("${value:.3e}");
    };
    let tick = exact.round_sf(12).unwrap_or(exact).normalize();
    let shown_by_usd = if tick.abs() >= Decimal::ONE {
        tick.round_dp(2)
    } else {
        tick.round_sf(2).unwrap_or(tick)
    };
    if shown_by_usd == tick {
        usd(tick)
    } else if tick.is_sign_negative() {
        format!("-${}", tick.abs())
    } else {
        format!("${tick}")
    }
}

/// The words of an x-axis label; a word without letters or digits (`&`, `+`) stays with
/// the word after it, so no line is a lone `&`.
fn label_words(label: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut pending = String::new();
    for word in label.split_whitespace() {
        if !pending.is_empty() {
            pending.push(' ');
        }
        pending.push_str(word);
        if word.chars().any(char::is_alphanumeric) {
            words.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        words.push(pending);
    }
    words
}

/// Greedy word wrap of an x-axis label into lines no wider than `width` pixels at `size`
/// (a single word longer than that stays whole), at most `MAX_LABEL_LINES` lines.
fn wrap_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    width: i32,
    size: f64,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label_words(label) {
        match lines.last_mut() {
            Some(line) if text_width(area, &format!("{line} {word}"), size) <= width => {
                line.push(' ');
                line.push_str(&word);
            }
            _ => lines.push(word),
        }
    }
    if lines.len() > MAX_LABEL_LINES {
        let rest = lines.split_off(MAX_LABEL_LINES - 1).join(" ");
        lines.push(rest);
    }
    lines
}

/// The text size at which the widest of `texts` fits in `width` pixels: `TEXT_SIZE` when
/// it already does, smaller (down to `MIN_TEXT_SIZE`) when bars are narrow.
fn fitting_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    texts: impl Iterator<Item = String>,
    width: i32,
) -> f64 {
    let widest = texts
        .map(|text| text_width(area, &text, TEXT_SIZE))
        .max()
        .unwrap_or(0);
    if widest <= width || widest <= 0 {
        TEXT_SIZE
    } else {
        (TEXT_SIZE * f64::from(width.max(1)) / f64::from(widest)).max(MIN_TEXT_SIZE)
    }
}

/// The margins around the chart: top, right, left, bottom.
const MARGINS: (i32, i32, i32, i32) = (10, 16, 4, 4);

/// The text and the areas around the plot, sized before the plot is built.
struct Sizing {
    /// The x labels' and the axis text's size: as large as fits the bars' slots.
    label_size: f64,
    /// Each bar's x label, wrapped to its slot.
    label_lines: Vec<Vec<String>>,
    line_height: i32,
    /// Room left of the plot (tick labels and the axis title) and below it (the x labels).
    y_area: i32,
    x_area: i32,
    /// Each bar's slot, in pixels.
    slot: i32,
}

/// The y labels are as wide as the widest amount the axis can show, plus the axis title;
/// the x labels as large as fits the bars' slots, wrapped to them. Axis text follows the
/// same size, so a narrow chart shrinks evenly.
fn sizing<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[Bar<'_>],
    width: i32,
) -> Sizing {
    let (_, margin_right, margin_left, _) = MARGINS;
    let count = bars.len().max(1);
    let extreme = bars
        .iter()
        .flat_map(|bar| [bar.from, bar.to])
        .fold(0.0_f64, |widest, v| widest.max(v.abs()));
    let widest_tick = [tick_label(extreme), tick_label(-extreme), "$0.0025".into()]
        .iter()
        .map(|text| text_width(area, text, TEXT_SIZE))
        .max()
        .unwrap_or(0);
    let y_area_for = |size: f64| {
        let ticks = (f64::from(widest_tick) * size / TEXT_SIZE).round() as i32;
        ticks.saturating_add(36).clamp(40, (width / 3).max(40))
    };
    let slot_for = |y_area: i32| {
        let plot_width = (width - y_area - margin_left - margin_right).max(1);
        plot_width / i32::try_from(count).unwrap_or(i32::MAX).max(1)
    };
    let label_size = fitting_size(
        area,
        bars.iter().flat_map(|bar| label_words(bar.label)),
        slot_for(y_area_for(TEXT_SIZE)) - 6,
    );
    let y_area = y_area_for(label_size);
    let slot = slot_for(y_area);
    let line_height = (f64::from(LINE_HEIGHT) * label_size / TEXT_SIZE).round() as i32;
    let label_lines: Vec<Vec<String>> = bars
        .iter()
        .map(|bar| wrap_label(area, bar.label, (slot - 6).max(1), label_size))
        .collect();
    let lines = label_lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    Sizing {
        label_size,
        x_area: 10 + line_height * i32::try_from(lines).unwrap_or(1),
        label_lines,
        line_height,
        y_area,
        slot,
    }
}

/// Draw the waterfall onto `area`, filling it. Works on any plotters backend.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Waterfall,
    palette: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let bars = bars(chart);
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (
        i32::try_from(width).unwrap_or(i32::MAX),
        i32::try_from(height).unwrap_or(i32::MAX),
    );
    let (margin_top, margin_right, margin_left, margin_bottom) = MARGINS;
    let count = bars.len().max(1);
    let sizing = sizing(area, &bars, width);

    // Room above the tallest bar for its amount.
    let plot_height = (height - margin_top - margin_bottom - sizing.x_area).max(1);
    let headroom = (24.0 / f64::from(plot_height)).clamp(0.08, 0.5);
    let (lo, hi) = y_range(&bars, headroom);

    let mut cartesian = ChartBuilder::on(area)
        .margin_top(margin_top)
        .margin_right(margin_right)
        .margin_left(margin_left)
        .margin_bottom(margin_bottom)
        .x_label_area_size(sizing.x_area)
        .y_label_area_size(sizing.y_area)
        .build_cartesian_2d(0.0..count as f64, lo..hi)?;
    draw_mesh(&mut cartesian, sizing.label_size, palette)?;

    // From here on everything is placed in pixels, relative to `area`.
    let base = area.get_base_pixel();
    let at = |x: f64, y: f64| {
        let (px, py) = cartesian.backend_coord(&(x, y));
        (px.saturating_sub(base.0), py.saturating_sub(base.1))
    };
    if lo < 0.0 {
        let (left, zero_y) = at(0.0, 0.0);
        let (right, _) = at(count as f64, 0.0);
        area.draw(&PathElement::new(
            vec![(left, zero_y), (right, zero_y)],
            palette.axis.stroke_width(1),
        ))?;
    }

    let amount_size = fitting_size(
        area,
        bars.iter().map(|bar| bar.amount.clone()),
        sizing.slot - 4,
    );
    let styles = BarStyles {
        amount: (FONT, amount_size)
            .into_font()
            .color(&palette.ink)
            .pos(Pos::new(HPos::Center, VPos::Bottom)),
        label: (FONT, sizing.label_size)
            .into_font()
            .color(&palette.muted)
            .pos(Pos::new(HPos::Center, VPos::Top)),
        line_height: sizing.line_height,
        palette,
    };
    for (index, (bar, lines)) in bars.iter().zip(&sizing.label_lines).enumerate() {
        let last = index + 1 == bars.len();
        draw_bar(area, &at, (index, bar, lines), last, lo, &styles)?;
    }
    Ok(())
}

/// The y axis's grid, ticks and title, and the x axis.
fn draw_mesh<DB: DrawingBackend>(
    cartesian: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    label_size: f64,
    palette: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let y_labels = |value: &f64| tick_label(*value);
    cartesian
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .max_light_lines(0)
        .y_label_formatter(&y_labels)
        .y_desc("USD per query")
        .label_style((FONT, label_size).into_font().color(&palette.muted))
        .axis_desc_style((FONT, label_size).into_font().color(&palette.muted))
        .bold_line_style(palette.grid.stroke_width(1))
        .axis_style(palette.axis.stroke_width(1))
        .draw()
}

/// How bars' amounts and x labels are written.
struct BarStyles<'a> {
    palette: &'a Palette,
    amount: TextStyle<'a>,
    label: TextStyle<'a>,
    line_height: i32,
}

/// One bar (a floating box, or a grey line when it changes nothing), the dashed connector
/// to the next bar unless it is the `last`, its amount above it and its x label below the
/// axis (at `lo`).
fn draw_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: &impl Fn(f64, f64) -> (i32, i32),
    (index, bar, lines): (usize, &Bar<'_>, &[String]),
    last: bool,
    lo: f64,
    styles: &BarStyles<'_>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let half = BAR_WIDTH / 2.0;
    let centre = index as f64 + 0.5;
    let (left, from_y) = at(centre - half, bar.from);
    let (right, to_y) = at(centre + half, bar.to);
    let (centre_x, _) = at(centre, 0.0);
    let top = from_y.min(to_y);

    match bar.kind {
        BarKind::Unchanged => {
            area.draw(&PathElement::new(
                vec![(left, to_y), (right, to_y)],
                styles.palette.unchanged.stroke_width(2),
            ))?;
        }
        kind => {
            let fill = match kind {
                BarKind::Saving => styles.palette.saving,
                BarKind::Increase => styles.palette.increase,
                _ => styles.palette.total,
            };
            // A change too small to see still gets a sliver of a bar.
            let bottom = from_y.max(to_y).max(top.saturating_add(1));
            area.draw(&Rectangle::new(
                [(left, top), (right, bottom)],
                fill.filled(),
            ))?;
        }
    }

    // The running total carries on to the next bar.
    if !last {
        let (next_left, _) = at(centre + 1.0 - half, bar.to);
        area.draw(&DashedPathElement::new(
            vec![(right, to_y), (next_left, to_y)],
            3,
            3,
            styles.palette.connector.stroke_width(1),
        ))?;
    }

    let amount_y = if bar.kind == BarKind::Unchanged {
        to_y
    } else {
        top
    };
    area.draw(&Text::new(
        bar.amount.clone(),
        (centre_x, amount_y.saturating_sub(4)),
        styles.amount.clone(),
    ))?;

    let (_, axis_y) = at(centre, lo);
    for (line_index, line) in lines.iter().enumerate() {
        let offset = 8 + styles.line_height * i32::try_from(line_index).unwrap_or(0);
        area.draw(&Text::new(
            line.clone(),
            (centre_x, axis_y.saturating_add(offset)),
            styles.label.clone(),
        ))?;
    }
    Ok(())
}

/// Render the waterfall as a standalone SVG document of `width` × `height` pixels.
///
/// The root carries a `viewBox` (so CSS `width: 100%; height: auto` scales it), and
/// `role="img"`, an `aria-label` and a `<title>` summarising the change in cost per query.
pub fn to_svg(chart: &Waterfall, width: u32, height: u32) -> Result<String, String> {
    to_svg_with(chart, width, height, &Palette::LIGHT)
}

/// [`to_svg`] in the colours of `palette` (the page's dark sheet, say).
pub fn to_svg_with(
    chart: &Waterfall,
    width: u32,
    height: u32,
    palette: &Palette,
) -> Result<String, String> {
    let (svg, ()) = render(width, height, |root| draw(root, chart, palette))?;
    label_root(&svg, "img", &chart.summary(), "")
}
