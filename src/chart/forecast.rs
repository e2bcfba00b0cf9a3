//! The growth forecast's monthly spend: one stacked bar per month (the mix's spend split by
//! tier), the baseline's spend as a line with markers, and the monthly budget as a dashed red
//! line. The SVG adds one invisible, focusable hit box per month whose label reads that
//! month's users and spend, so hovering or tabbing through the chart reads it month by month.
//!
//! Money stays `Decimal` everywhere; it becomes `f64` only here, and only to place pixels.
//! Sums saturate at `Decimal::MAX` instead of overflowing, so any input renders.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;
use rust_decimal::{Decimal, RoundingStrategy};

use super::svg::style::{Palette, FONT, TEXT_SIZE};
use super::svg::{escape_xml, label_root, render, text_width, to_f64};
use super::table::ChartTable;
use crate::core::format::group_thousands;
use crate::core::plan::forecast::{GrowthForecast, MonthForecast};
use crate::core::pricing::money::usd;

/// What to draw: a forecast, and the monthly budget to draw across it (if any).
#[derive(Debug, Clone, Copy)]
pub struct ForecastChart<'a> {
    pub forecast: &'a GrowthForecast,
    pub budget_usd: Option<Decimal>,
}

/// One colour per tier on the light sheet (and in exports), cycling after eight.
pub const TIER_PALETTE: [RGBColor; 8] = Palette::LIGHT.tiers;

/// The text size on narrow canvases (~10.5px).
const SMALL_TEXT_SIZE: f64 = 13.0;
/// Below this width the chart uses `SMALL_TEXT_SIZE`.
const SMALL_WIDTH: u32 = 520;

/// Every layout number in one place, in pixels at `TEXT_SIZE` (text-bound ones scale with
/// the text size). The plot area they leave is handed to plotters, and the bars, the
/// baseline and the month hit boxes are all placed through plotters' mapping of it.
mod layout {
    pub const MARGIN_TOP: i32 = 12;
    pub const MARGIN_RIGHT: i32 = 16;
    pub const MARGIN_LEFT: i32 = 4;
    pub const MARGIN_BOTTOM: i32 = 4;
    /// Between the y tick labels and the plot.
    pub const Y_TICK_GAP: i32 = 8;
    /// Room for the rotated "USD per month" title, left of the tick labels.
    pub const Y_TITLE: i32 = 22;
    /// Between the plot's bottom edge and the top of the month labels.
    pub const X_TICK_GAP: i32 = 6;
    /// One line of text.
    pub const LINE_HEIGHT: i32 = 15;
    /// Between the month labels and the "Month" title.
    pub const X_TITLE_GAP: i32 = 4;
    /// Between the "Month" title and the legend.
    pub const LEGEND_GAP: i32 = 10;
    /// One row of the legend.
    pub const LEGEND_ROW: i32 = 20;
    /// A legend swatch, and the gap after it and after each entry.
    pub const SWATCH: i32 = 18;
    pub const SWATCH_GAP: i32 = 6;
    pub const ENTRY_GAP: i32 = 18;
    /// The plot keeps at least this height before the legend is dropped.
    pub const MIN_PLOT_WITH_LEGEND: i32 = 60;
    /// Aim for y ticks at least this far apart.
    pub const Y_TICK_SPACING: i32 = 40;
    pub const MAX_Y_TICKS: i32 = 6;
    /// Month labels keep at least this much space between them.
    pub const X_LABEL_PAD: i32 = 8;
    /// Share of a month's slot that its bar fills.
    pub const BAR_WIDTH: f64 = 0.7;
    /// Every month is labelled when there is room, else every 3rd, 6th, 12th…
    pub const X_LABEL_STEPS: [u32; 6] = [1, 3, 6, 12, 24, 60];
}

/// Legend names longer than this (in characters) are cut with an ellipsis.
const MAX_LEGEND_CHARS: usize = 34;

/// Compact money for axis ticks: $0, $950, $1.2k, $35k, $1.5M, $2B (and sub-dollar $0.05).
///
/// Below a dollar: two significant digits. From a dollar: the amount in its largest unit
/// (k, M, B, T) with one decimal below 10 of it and none from 10, trailing zeros dropped.
/// A thousand trillion or more is written with an exponent (`$1.2e20`).
pub fn compact_usd(value: Decimal) -> String {
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    let mut value = value.abs();
    if value.is_zero() {
        return "$0".to_string();
    }
    if value < Decimal::ONE {
        let rounded = value
            .round_sf_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .unwrap_or(value)
            .normalize();
        if rounded < Decimal::ONE {
            return format!("{sign}${rounded}");
        }
        value = Decimal::ONE;
    }
    const UNITS: [(u64, &str); 5] = [
        (1, ""),
        (1_000, "k"),
        (1_000_000, "M"),
        (1_000_000_000, "B"),
        (1_000_000_000_000, "T"),
    ];
    let mut unit = UNITS
        .iter()
        .rposition(|&(size, _)| value >= Decimal::from(size))
        .unwrap_or(0);
    loop {
        let (size, suffix) = UNITS[unit];
        let scaled = value / Decimal::from(size);
        let places = if scaled < Decimal::TEN { 1 } else { 0 };
        let rounded = scaled
            .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
            .normalize();
        if rounded < Decimal::ONE_THOUSAND {
            return format!("{sign}${rounded}{suffix}");
        }
        if unit + 1 < UNITS.len() {
            unit += 1;
        } else {
            return format!("{sign}${}", exponent_form(value));
        }
    }
}

/// `value` (at least 1) as two significant digits and a power of ten: `1.2e20`.
fn exponent_form(value: Decimal) -> String {
    let mut mantissa = value;
    let mut exponent = 0u32;
    while mantissa >= Decimal::TEN {
        mantissa /= Decimal::TEN;
        exponent += 1;
    }
    let mut mantissa = mantissa
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    if mantissa >= Decimal::TEN {
        mantissa = (mantissa / Decimal::TEN).normalize();
        exponent += 1;
    }
    format!("{mantissa}e{exponent}")
}

/// The smallest of 1, 2, 5 × 10ⁿ that is at least `raw` (1 when `raw` is not a positive number).
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw * (1.0 - 1e-9))
        .filter(|step| step.is_finite() && *step > 0.0)
        .unwrap_or(raw)
}

/// The y axis: ticks at multiples of a round step from 0 to `top` (a multiple of it).
struct YAxis {
    top: f64,
    /// (pixel-space value, label) from 0 up.
    ticks: Vec<(f64, String)>,
}

fn y_axis(max: Decimal, plot_height: i32) -> YAxis {
    let max = to_f64(max);
    // All zero (or nothing): a dollar of room, so the axis is never empty.
    let max = if max > 0.0 { max } else { 1.0 };
    let wanted = (plot_height / layout::Y_TICK_SPACING).clamp(1, layout::MAX_Y_TICKS);
    let step = nice_step(max / f64::from(wanted));
    let count = (max / step * (1.0 - 1e-9)).ceil().clamp(1.0, 100.0);
    let top = step * count;
    let exact_step = Decimal::from_f64_retain(step)
        .and_then(|step| step.round_sf(1))
        .map(|step| step.normalize());
    let ticks = (0..=count as u32)
        .map(|k| {
            let value = step * f64::from(k);
            let label = exact_step
                .and_then(|step| step.checked_mul(Decimal::from(k)))
                .map(compact_usd)
                .unwrap_or_else(|| format!("${value:e}"));
            (value, label)
        })
        .collect();
    YAxis { top, ticks }
}

/// A pixel length at `TEXT_SIZE` scaled to the chart's text size.
fn scaled(length: i32, size: f64) -> i32 {
    (f64::from(length) * size / TEXT_SIZE).round() as i32
}

/// `name`, cut to `MAX_LEGEND_CHARS` characters with an ellipsis.
fn truncate(name: &str) -> String {
    if name.chars().count() <= MAX_LEGEND_CHARS {
        return name.to_string();
    }
    let mut cut: String = name.chars().take(MAX_LEGEND_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// What a legend entry's swatch shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// A tier's colour (its index in the forecast's tiers).
    Tier(usize),
    Baseline,
    Budget,
}

/// Legend entries laid out in rows no wider than `width` (an entry wider than that gets a
/// row of its own): each entry with its x offset within the row.
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
    width: i32,
    size: f64,
) -> Vec<Vec<(i32, Swatch, String)>> {
    let mut entries: Vec<(Swatch, String)> = chart
        .forecast
        .tiers
        .iter()
        .enumerate()
        .map(|(index, name)| (Swatch::Tier(index), truncate(name)))
        .collect();
    entries.push((Swatch::Baseline, "Baseline".to_string()));
    if chart.budget_usd.is_some() {
        entries.push((Swatch::Budget, "Budget".to_string()));
    }
    let mut rows: Vec<Vec<(i32, Swatch, String)>> = Vec::new();
    let mut x: i32 = 0;
    for (swatch, label) in entries {
        let entry_width = layout::SWATCH + layout::SWATCH_GAP + text_width(area, &label, size);
        match rows.last_mut() {
            Some(row) if !row.is_empty() && x.saturating_add(entry_width) <= width => {
                row.push((x, swatch, label));
            }
            _ => {
                x = 0;
                rows.push(vec![(0, swatch, label)]);
            }
        }
        x = x
            .saturating_add(entry_width)
            .saturating_add(layout::ENTRY_GAP);
    }
    rows
}

/// The highest amount the chart shows: a month's stacked tiers, its mix, its baseline, or the
/// budget.
fn highest(chart: &ForecastChart) -> Decimal {
    chart
        .forecast
        .months
        .iter()
        .flat_map(|month| {
            let stacked = month.tier_usd.iter().fold(Decimal::ZERO, |sum, v| {
                sum.saturating_add(v.max(&Decimal::ZERO).to_owned())
            });
            [stacked, month.mix_usd, month.baseline_usd]
        })
        .chain(chart.budget_usd)
        .fold(Decimal::ZERO, Decimal::max)
}

/// Which months get an x label: every month when there is room, else every 3rd, 6th, 12th…
/// (the first step whose labels do not overlap), plus month 1 when the step is 6 or more and
/// it has room before the first of those, or when there is none.
fn labelled_months(count: u32, slot: f64, label_width: i32) -> Vec<u32> {
    let room = f64::from(label_width.saturating_add(layout::X_LABEL_PAD));
    let step = layout::X_LABEL_STEPS
        .iter()
        .copied()
        .find(|&step| f64::from(step) * slot >= room)
        .unwrap_or(layout::X_LABEL_STEPS[layout::X_LABEL_STEPS.len() - 1]);
    (1..=count)
        .filter(|&month| {
            month % step == 0
                || (month == 1
                    && ((step >= 6 && f64::from(step - 1) * slot >= room) || step > count))
        })
        .collect()
}

/// Where the chart puts everything, in pixels relative to its area (x to the right, y
/// down). [`layout`] works it out before anything is drawn, so tests can check it without
/// reading SVG; drawing only paints what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastLayout {
    /// The text size, in plotters' units (the SVG's `font-size` is this / 1.24).
    pub text_size: f64,
    /// One line of text.
    pub line_height: i32,
    /// The plot's edges: the y axis runs along `left`, the x axis along `bottom`.
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
    /// Room below the plot for the month labels and the "Month" title.
    pub x_label_area: i32,
    /// The y axis's ticks, from 0 up.
    pub y_ticks: Vec<YTick>,
    /// One per month, in month order.
    pub months: Vec<MonthLayout>,
    /// The months that get an x label, with the x of the label's centre.
    pub month_labels: Vec<(u32, i32)>,
    /// The radius of the baseline's markers.
    pub marker_radius: i32,
    /// The budget line, if the chart has a budget.
    pub budget: Option<BudgetLayout>,
    /// The legend's entries in reading order (none when the canvas is too short for it).
    pub legend: Vec<LegendItem>,
}

/// One y tick: its pixel height, the amount it stands for and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct YTick {
    pub y: i32,
    pub value: f64,
    pub label: String,
}

/// One month's slot, bar and baseline point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthLayout {
    /// Left and right edge of the month's slot (and of its hit box).
    pub slot: (i32, i32),
    /// Left and right edge of its bar.
    pub bar: (i32, i32),
    /// The bar's segments, bottom up; a tier that spends nothing has none.
    pub segments: Vec<Segment>,
    /// The baseline's point at the slot's centre.
    pub baseline: (i32, i32),
}

/// One tier's part of a month's bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// The tier's index in the forecast's tiers.
    pub tier: usize,
    pub top: i32,
    pub bottom: i32,
}

/// The dashed budget line and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLayout {
    /// The line's height (clamped to the plot).
    pub y: i32,
    /// "Budget $1,234.00", or compact when that is too wide.
    pub label: String,
    /// The white box behind the label: upper left and lower right corners.
    pub label_box: ((i32, i32), (i32, i32)),
    /// The label's anchor: its right edge, and its bottom (`above`) or top.
    pub anchor: (i32, i32),
    /// Whether the label sits above the line (below it when that would leave the plot).
    pub above: bool,
}

/// One legend entry: its swatch, its label, the swatch's left edge and the row's middle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
    pub row: usize,
    pub x: i32,
    pub middle: i32,
}

/// The layout of the chart on a `width` × `height` canvas (the one [`to_svg`] draws).
pub fn layout(chart: &ForecastChart, width: u32, height: u32) -> Result<ForecastLayout, String> {
    render(width, height, |root| plan(root, chart)).map(|(_, layout)| layout)
}

/// The legend's rows and the plot's height: the legend goes only if the plot keeps
/// `MIN_PLOT_WITH_LEGEND` pixels beside it.
struct Vertical {
    legend: Vec<Vec<(i32, Swatch, String)>>,
    /// The legend's height, gap included (0 without one).
    legend_area: i32,
    /// Below the plot: the month labels and the "Month" title.
    x_area: i32,
    plot_height: i32,
}

/// Bottom up: the legend, the "Month" title, the month labels; the plot gets the rest.
fn vertical<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
    (width, height): (i32, i32),
    size: f64,
) -> Vertical {
    let line = scaled(layout::LINE_HEIGHT, size);
    let x_area = layout::X_TICK_GAP + line + layout::X_TITLE_GAP + line;
    let legend_width = width - layout::MARGIN_LEFT - layout::MARGIN_RIGHT;
    let mut legend = legend_rows(area, chart, legend_width, size);
    let legend_height = |rows: usize| {
        if rows == 0 {
            0
        } else {
            layout::LEGEND_GAP
                + scaled(layout::LEGEND_ROW, size) * i32::try_from(rows).unwrap_or(i32::MAX)
        }
    };
    let plot_height_with = |legend: i32| {
        height
            .saturating_sub(layout::MARGIN_TOP + layout::MARGIN_BOTTOM + x_area)
            .saturating_sub(legend)
    };
    if plot_height_with(legend_height(legend.len())) < layout::MIN_PLOT_WITH_LEGEND {
        legend.clear();
    }
    let legend_area = legend_height(legend.len());
    Vertical {
        legend,
        legend_area,
        x_area,
        plot_height: plot_height_with(legend_area).max(1),
    }
}

/// Each month's slot, bar segments (tier 0 at the bottom, each starting where the one below
/// it ended, in pixels, so the stack has no seams) and baseline point.
fn month_layouts(
    months: &[MonthForecast],
    at: &impl Fn(f64, f64) -> (i32, i32),
    y_top: f64,
    bottom: i32,
) -> Vec<MonthLayout> {
    let half = layout::BAR_WIDTH / 2.0;
    months
        .iter()
        .enumerate()
        .map(|(index, month)| {
            let x = index as f64;
            let (slot_left, _) = at(x, 0.0);
            let (slot_right, _) = at(x + 1.0, 0.0);
            let (bar_left, _) = at(x + 0.5 - half, 0.0);
            let (bar_right, _) = at(x + 0.5 + half, 0.0);
            let bar_right = bar_right.max(bar_left.saturating_add(1));
            let mut running = 0.0_f64;
            let mut below = bottom;
            let mut segments = Vec::new();
            for (tier, amount) in month.tier_usd.iter().enumerate() {
                if *amount <= Decimal::ZERO {
                    continue;
                }
                running += to_f64(*amount);
                let (_, y) = at(x, running.min(y_top));
                segments.push(Segment {
                    tier,
                    top: y.min(below),
                    bottom: below,
                });
                below = y.min(below);
            }
            MonthLayout {
                slot: (slot_left, slot_right),
                bar: (bar_left, bar_right),
                segments,
                baseline: at(x + 0.5, to_f64(month.baseline_usd).min(y_top)),
            }
        })
        .collect()
}

/// The budget's line across the plot and its label at the right end: the full amount when
/// it takes at most two fifths of the plot's width, else compact; above the line, unless
/// that leaves the plot.
fn budget_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    budget: Decimal,
    y: i32,
    (left, right, top): (i32, i32, i32),
    size: f64,
    text_height: i32,
) -> BudgetLayout {
    let plot_width = right.saturating_sub(left);
    let full = format!("Budget {}", usd(budget));
    let label = if text_width(area, &full, size) <= plot_width * 2 / 5 {
        full
    } else {
        format!("Budget {}", compact_usd(budget))
    };
    let label_width = text_width(area, &label, size);
    let above = y.saturating_sub(text_height + 3) >= top;
    let (label_top, anchor_y) = if above {
        (y.saturating_sub(text_height + 3), y.saturating_sub(4))
    } else {
        (y.saturating_add(3), y.saturating_add(5))
    };
    let label_right = right.saturating_sub(4);
    BudgetLayout {
        y,
        label_box: (
            (label_right.saturating_sub(label_width + 4), label_top),
            (
                label_right.saturating_add(2),
                label_top.saturating_add(text_height),
            ),
        ),
        anchor: (label_right, anchor_y),
        above,
        label,
    }
}

/// The legend's entries placed under the "Month" title, from the left margin.
fn legend_items(
    rows: Vec<Vec<(i32, Swatch, String)>>,
    legend_top: i32,
    row_height: i32,
) -> Vec<LegendItem> {
    rows.into_iter()
        .enumerate()
        .flat_map(|(row, entries)| {
            let row_top = legend_top + row_height * i32::try_from(row).unwrap_or(0);
            let middle = row_top + row_height / 2;
            entries
                .into_iter()
                .map(move |(offset, swatch, label)| LegendItem {
                    swatch,
                    label,
                    row,
                    x: layout::MARGIN_LEFT + offset,
                    middle,
                })
        })
        .collect()
}

/// Works out the whole layout on `area`: the areas around the plot, then plotters' mapping
/// of the plot (which draws nothing), then every position through that mapping.
fn plan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
) -> Result<ForecastLayout, DrawingAreaErrorKind<DB::ErrorType>> {
    let months = &chart.forecast.months;
    let count = u32::try_from(months.len()).unwrap_or(u32::MAX).max(1);
    let (width_px, height_px) = area.dim_in_pixel();
    let size = if width_px < SMALL_WIDTH {
        SMALL_TEXT_SIZE
    } else {
        TEXT_SIZE
    };
    let (width, height) = (
        i32::try_from(width_px).unwrap_or(i32::MAX),
        i32::try_from(height_px).unwrap_or(i32::MAX),
    );
    let line = scaled(layout::LINE_HEIGHT, size);
    let vertical = vertical(area, chart, (width, height), size);

    // Left to right: the y title, the tick labels, the plot.
    let axis = y_axis(highest(chart), vertical.plot_height);
    let widest_tick = axis
        .ticks
        .iter()
        .map(|(_, label)| text_width(area, label, size))
        .max()
        .unwrap_or(0);
    let y_area = widest_tick
        .saturating_add(layout::Y_TICK_GAP + layout::Y_TITLE)
        .clamp(0, (width / 3).max(0));

    let cartesian = ChartBuilder::on(area)
        .margin_top(layout::MARGIN_TOP)
        .margin_right(layout::MARGIN_RIGHT)
        .margin_left(layout::MARGIN_LEFT)
        .margin_bottom(layout::MARGIN_BOTTOM + vertical.legend_area)
        .x_label_area_size(vertical.x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0.0..f64::from(count), 0.0..axis.top)?;

    // From here on everything is placed in pixels, relative to `area`.
    let base = area.get_base_pixel();
    let at = |x: f64, y: f64| {
        let (px, py) = cartesian.backend_coord(&(x, y));
        (px.saturating_sub(base.0), py.saturating_sub(base.1))
    };
    let (left, bottom) = at(0.0, 0.0);
    let (right, top) = at(f64::from(count), axis.top);
    let slot = f64::from(right.saturating_sub(left)) / f64::from(count);

    let y_ticks = axis
        .ticks
        .iter()
        .map(|(value, label)| YTick {
            y: at(0.0, *value).1,
            value: *value,
            label: label.clone(),
        })
        .collect();
    let label_width = text_width(area, &count.to_string(), size);
    let month_labels = labelled_months(count, slot, label_width)
        .into_iter()
        .map(|month| (month, at(f64::from(month) - 0.5, 0.0).0))
        .collect();
    let budget = chart.budget_usd.map(|budget| {
        let (_, y) = at(0.0, to_f64(budget).clamp(0.0, axis.top));
        budget_layout(area, budget, y, (left, right, top), size, line)
    });
    let legend_top = bottom
        .saturating_add(vertical.x_area)
        .saturating_add(layout::LEGEND_GAP);
    Ok(ForecastLayout {
        text_size: size,
        line_height: line,
        left,
        right,
        top,
        bottom,
        x_label_area: vertical.x_area,
        y_ticks,
        months: month_layouts(months, &at, axis.top, bottom),
        month_labels,
        marker_radius: if slot >= 12.0 { 3 } else { 2 },
        budget,
        legend: legend_items(
            vertical.legend,
            legend_top,
            scaled(layout::LEGEND_ROW, size),
        ),
    })
}

/// Draw the forecast chart onto `area`, filling it. Works on any plotters backend.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
    palette: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    draw_frame(area, chart, palette).map(|_| ())
}

type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Plans the layout, then paints it back to front, and returns it (for the hit boxes).
fn draw_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
    palette: &Palette,
) -> Result<ForecastLayout, DrawingAreaErrorKind<DB::ErrorType>> {
    let frame = plan(area, chart)?;
    draw_y_axis(area, &frame, palette)?;
    draw_bars(area, &frame, palette)?;
    draw_axes(area, &frame, palette)?;
    draw_x_axis(area, &frame, palette)?;
    draw_baseline(area, &frame, palette)?;
    if let Some(budget) = &frame.budget {
        draw_budget(area, &frame, budget, palette)?;
    }
    draw_legend(area, &frame, palette)?;
    Ok(frame)
}

/// Text at `size` in `colour`, anchored at `h`, `v`.
fn text_style(size: f64, h: HPos, v: VPos, colour: &RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(colour).pos(Pos::new(h, v))
}

/// The grid, the y ticks' labels and the rotated axis title.
fn draw_y_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ForecastLayout,
    palette: &Palette,
) -> Drawn<DB> {
    let (left, right) = (frame.left, frame.right);
    for tick in &frame.y_ticks {
        if tick.value > 0.0 {
            area.draw(&PathElement::new(
                vec![(left, tick.y), (right, tick.y)],
                palette.grid.stroke_width(1),
            ))?;
        }
        area.draw(&Text::new(
            tick.label.clone(),
            (left.saturating_sub(layout::Y_TICK_GAP), tick.y),
            text_style(frame.text_size, HPos::Right, VPos::Center, &palette.muted),
        ))?;
    }
    area.draw(&Text::new(
        "USD per month",
        (layout::MARGIN_LEFT, (frame.top + frame.bottom) / 2),
        text_style(frame.text_size, HPos::Center, VPos::Top, &palette.muted)
            .transform(FontTransform::Rotate270),
    ))
}

/// The stacked bars.
fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ForecastLayout,
    palette: &Palette,
) -> Drawn<DB> {
    for month in &frame.months {
        let (bar_left, bar_right) = month.bar;
        for segment in &month.segments {
            area.draw(&Rectangle::new(
                [(bar_left, segment.top), (bar_right, segment.bottom)],
                palette.tier(segment.tier).filled(),
            ))?;
        }
    }
    Ok(())
}

/// The axes, over the bars' feet.
fn draw_axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ForecastLayout,
    palette: &Palette,
) -> Drawn<DB> {
    let (left, right, top, bottom) = (frame.left, frame.right, frame.top, frame.bottom);
    area.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        palette.axis.stroke_width(1),
    ))?;
    area.draw(&PathElement::new(
        vec![(left, top), (left, bottom)],
        palette.axis.stroke_width(1),
    ))
}

/// The month ticks and labels, and the axis title.
fn draw_x_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ForecastLayout,
    palette: &Palette,
) -> Drawn<DB> {
    let bottom = frame.bottom;
    for (month, x) in &frame.month_labels {
        area.draw(&PathElement::new(
            vec![(*x, bottom), (*x, bottom.saturating_add(3))],
            palette.axis.stroke_width(1),
        ))?;
        area.draw(&Text::new(
            month.to_string(),
            (*x, bottom.saturating_add(layout::X_TICK_GAP)),
            text_style(frame.text_size, HPos::Center, VPos::Top, &palette.muted),
        ))?;
    }
    area.draw(&Text::new(
        "Month",
        (
            (frame.left + frame.right) / 2,
            bottom.saturating_add(layout::X_TICK_GAP + frame.line_height + layout::X_TITLE_GAP),
        ),
        text_style(frame.text_size, HPos::Center, VPos::Top, &palette.muted),
    ))
}

/// The baseline: a line through each month's centre, with a marker per month.
fn draw_baseline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ForecastLayout,
    palette: &Palette,
) -> Drawn<DB> {
    let points: Vec<(i32, i32)> = frame.months.iter().map(|month| month.baseline).collect();
    if points.len() > 1 {
        area.draw(&PathElement::new(
            points.clone(),
            palette.baseline.stroke_width(2),
        ))?;
    }
    for point in &points {
        area.draw(&Circle::new(
            *point,
            frame.marker_radius,
            palette.baseline.filled(),
        ))?;
    }
    Ok(())
}

/// The budget: a dashed red line across the plot, labelled at its right end.
fn draw_budget<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ForecastLayout,
    budget: &BudgetLayout,
    palette: &Palette,
) -> Drawn<DB> {
    area.draw(&DashedPathElement::new(
        vec![(frame.left, budget.y), (frame.right, budget.y)],
        6,
        4,
        palette.budget.stroke_width(2),
    ))?;
    let (upper_left, lower_right) = budget.label_box;
    area.draw(&Rectangle::new(
        [upper_left, lower_right],
        palette.background.mix(0.85).filled(),
    ))?;
    let v_pos = if budget.above {
        VPos::Bottom
    } else {
        VPos::Top
    };
    area.draw(&Text::new(
        budget.label.clone(),
        budget.anchor,
        text_style(frame.text_size, HPos::Right, v_pos, &palette.budget),
    ))
}

/// The legend: each entry's swatch and label.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ForecastLayout,
    palette: &Palette,
) -> Drawn<DB> {
    for item in &frame.legend {
        let (x, middle) = (item.x, item.middle);
        match item.swatch {
            Swatch::Tier(tier) => {
                area.draw(&Rectangle::new(
                    [(x + 3, middle - 6), (x + layout::SWATCH - 3, middle + 6)],
                    palette.tier(tier).filled(),
                ))?;
            }
            Swatch::Baseline => {
                area.draw(&PathElement::new(
                    vec![(x, middle), (x + layout::SWATCH, middle)],
                    palette.baseline.stroke_width(2),
                ))?;
                area.draw(&Circle::new(
                    (x + layout::SWATCH / 2, middle),
                    3,
                    palette.baseline.filled(),
                ))?;
            }
            Swatch::Budget => {
                area.draw(&DashedPathElement::new(
                    vec![(x, middle), (x + layout::SWATCH, middle)],
                    6,
                    4,
                    palette.budget.stroke_width(2),
                ))?;
            }
        }
        area.draw(&Text::new(
            item.label.clone(),
            (x + layout::SWATCH + layout::SWATCH_GAP, middle),
            text_style(frame.text_size, HPos::Left, VPos::Center, &palette.ink),
        ))?;
    }
    Ok(())
}

/// A whole number of users, grouped: `12,345`.
fn users(value: Decimal) -> String {
    let whole = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    u64::try_from(whole)
        .map(group_thousands)
        .unwrap_or_else(|_| whole.normalize().to_string())
}

/// What a month's hit box reads: "Month 7: 12,345 users, mix $1,234.56, baseline $3,456.78".
fn month_label(month: &MonthForecast) -> String {
    format!(
        "Month {}: {} users, mix {}, baseline {}",
        month.month,
        users(month.users),
        usd(month.mix_usd),
        usd(month.baseline_usd)
    )
}

/// A one-sentence summary for screen readers.
fn summary(chart: &ForecastChart) -> String {
    let months = &chart.forecast.months;
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return "Monthly spend forecast: no months".to_string();
    };
    let mut text = format!(
        "Monthly spend over {} month{}: mix {} in month {} to {} in month {}, baseline {} to {}",
        months.len(),
        if months.len() == 1 { "" } else { "s" },
        usd(first.mix_usd),
        first.month,
        usd(last.mix_usd),
        last.month,
        usd(first.baseline_usd),
        usd(last.baseline_usd),
    );
    if let Some(budget) = chart.budget_usd {
        text.push_str(&format!("; budget {}", usd(budget)));
        match months.iter().find(|month| month.mix_usd > budget) {
            Some(month) => text.push_str(&format!(", exceeded from month {}", month.month)),
            None => text.push_str(", never exceeded"),
        }
    }
    text
}

/// The plotted values: per month, its users, each tier's spend (the stacked bars), the
/// mix's total and the baseline (the line); the caption is the chart's summary, budget
/// included.
pub fn table(chart: &ForecastChart) -> ChartTable {
    let forecast = chart.forecast;
    let mut columns = vec!["Month".to_string(), "Users".to_string()];
    columns.extend(forecast.tiers.iter().cloned());
    columns.extend(["Mix".to_string(), "Baseline".to_string()]);
    let rows = forecast
        .months
        .iter()
        .map(|month| {
            let mut row = vec![format!("Month {}", month.month), users(month.users)];
            row.extend(month.tier_usd.iter().map(|amount| usd(*amount)));
            row.extend([usd(month.mix_usd), usd(month.baseline_usd)]);
            row
        })
        .collect();
    ChartTable {
        caption: summary(chart),
        columns,
        rows,
    }
}

/// Which month's hit box (0-based, of `count`) a key moves focus to from month `current`:
/// the arrows step one month, Home and End go to the first and last; other keys, and
/// steps past either end, move nothing.
pub fn month_after_key(key: &str, current: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let next = match key {
        "ArrowRight" | "ArrowDown" => current.checked_add(1).filter(|&n| n <= last)?,
        "ArrowLeft" | "ArrowUp" => current.checked_sub(1)?,
        "Home" => 0,
        "End" => last,
        _ => return None,
    };
    (next != current).then_some(next)
}

/// Render the chart as a standalone SVG document of `width` × `height` pixels.
///
/// The root keeps plotters' `width`, `height` and `viewBox` (so CSS `width: 100%;
/// height: auto` scales it) and gets `role="group"`, an `aria-label` and a `<title>`
/// summarising the forecast. After everything plotters drew come the month hit boxes: one
/// transparent `<rect class="month-hit" data-month="N">` per month over its slot, the plot's
/// full height, each with an `aria-label` and a `<title>` reading the month. They take focus
/// as one stop of the Tab order (the first month has `tabindex="0"`, the others `-1`; the
/// page moves between them with the arrow keys), so 60 months are not 60 Tab presses.
pub fn to_svg(chart: &ForecastChart, width: u32, height: u32) -> Result<String, String> {
    to_svg_with(chart, width, height, &Palette::LIGHT)
}

/// [`to_svg`] in the colours of `palette` (the page's dark sheet, say).
pub fn to_svg_with(
    chart: &ForecastChart,
    width: u32,
    height: u32,
    palette: &Palette,
) -> Result<String, String> {
    let (svg, frame) = render(width, height, |root| draw_frame(root, chart, palette))?;
    let mut hits = String::new();
    let hit_height = frame.bottom.saturating_sub(frame.top).max(0);
    for (
        month,
        MonthLayout {
            slot: (left, right),
            ..
        },
    ) in chart.forecast.months.iter().zip(&frame.months)
    {
        let label = escape_xml(&month_label(month));
        let tabindex = if hits.is_empty() { 0 } else { -1 };
        hits.push_str(&format!(
            r#"<rect class="month-hit" data-month="{}" x="{}" y="{}" width="{}" height="{}" fill="transparent" tabindex="{tabindex}" aria-label="{label}"><title>{label}</title></rect>
"#,
            month.month,
            left,
            frame.top,
            right.saturating_sub(*left).max(0),
            hit_height,
        ));
    }

    label_root(&svg, "group", &summary(chart), &hits)
}
