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
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::svg::style::{AXIS, FONT, GRID, INK, MUTED, TEXT_SIZE};
use super::svg::{escape_xml, label_root, render};
use crate::core::format::group_thousands;
use crate::core::plan::forecast::{GrowthForecast, MonthForecast};
use crate::core::pricing::money::usd;

/// What to draw: a forecast, and the monthly budget to draw across it (if any).
#[derive(Debug, Clone, Copy)]
pub struct ForecastChart<'a> {
    pub forecast: &'a GrowthForecast,
    pub budget_usd: Option<Decimal>,
}

/// One colour per tier, cycling after eight: distinguishable from each other, from the dark
/// grey baseline and from the red budget line.
pub const TIER_PALETTE: [RGBColor; 8] = [
    RGBColor(0x4E, 0x79, 0xA7), // blue
    RGBColor(0xF2, 0x8E, 0x2B), // orange
    RGBColor(0x59, 0xA1, 0x4F), // green
    RGBColor(0xB0, 0x7A, 0xA1), // purple
    RGBColor(0x76, 0xB7, 0xB2), // teal
    RGBColor(0xED, 0xC9, 0x48), // yellow
    RGBColor(0x9C, 0x75, 0x5F), // brown
    RGBColor(0xFF, 0x9D, 0xA7), // pink
];
/// The baseline's line and markers.
const BASELINE: RGBColor = RGBColor(0x3A, 0x3F, 0x47);
/// The budget's dashed line and label.
const BUDGET: RGBColor = RGBColor(0xC6, 0x28, 0x28);

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

/// A Decimal amount as a pixel-space number (0 if it somehow has no finite f64 form).
fn to_f64(value: Decimal) -> f64 {
    value.to_f64().filter(|v| v.is_finite()).unwrap_or(0.0)
}

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

/// The width of `text` in pixels, as the backend measures it (a DOM measurement in the
/// browser, an estimate natively), or a rough estimate if it cannot.
fn text_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, size: f64) -> i32 {
    let style = TextStyle::from((FONT, size).into_font());
    match area.estimate_text_size(text, &style) {
        Ok((width, _)) => i32::try_from(width).unwrap_or(i32::MAX),
        Err(_) => (text.chars().count() as f64 * size * 0.45) as i32,
    }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Swatch {
    Tier(RGBColor),
    Baseline,
    Budget,
}

struct LegendEntry {
    swatch: Swatch,
    label: String,
}

/// Legend entries laid out in rows no wider than `width` (an entry wider than that gets a
/// row of its own): each entry with its x offset within the row.
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
    width: i32,
    size: f64,
) -> Vec<Vec<(i32, LegendEntry)>> {
    let mut entries: Vec<(Swatch, String)> = chart
        .forecast
        .tiers
        .iter()
        .enumerate()
        .map(|(index, name)| (Swatch::Tier(tier_colour(index)), truncate(name)))
        .collect();
    entries.push((Swatch::Baseline, "Baseline".to_string()));
    if chart.budget_usd.is_some() {
        entries.push((Swatch::Budget, "Budget".to_string()));
    }
    let mut rows: Vec<Vec<(i32, LegendEntry)>> = Vec::new();
    let mut x: i32 = 0;
    for (swatch, label) in entries {
        let entry_width = layout::SWATCH + layout::SWATCH_GAP + text_width(area, &label, size);
        let entry = LegendEntry { swatch, label };
        match rows.last_mut() {
            Some(row) if !row.is_empty() && x.saturating_add(entry_width) <= width => {
                row.push((x, entry));
            }
            _ => {
                x = 0;
                rows.push(vec![(0, entry)]);
            }
        }
        x = x
            .saturating_add(entry_width)
            .saturating_add(layout::ENTRY_GAP);
    }
    rows
}

fn tier_colour(index: usize) -> RGBColor {
    TIER_PALETTE[index % TIER_PALETTE.len()]
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

/// Where the drawing put each month, in pixels relative to the area: what the hit boxes need.
struct Frame {
    /// Left and right edge of each month's slot, in month order.
    months: Vec<(i32, i32)>,
    top: i32,
    bottom: i32,
}

/// Draw the forecast chart onto `area`, filling it. Works on any plotters backend.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    draw_frame(area, chart).map(|_| ())
}

fn draw_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ForecastChart,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
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

    // Bottom up: the legend, the "Month" title, the month labels; the plot gets the rest.
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
    let plot_height = plot_height_with(legend_area).max(1);

    // Left to right: the y title, the tick labels, the plot.
    let axis = y_axis(highest(chart), plot_height);
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
        .margin_bottom(layout::MARGIN_BOTTOM + legend_area)
        .x_label_area_size(x_area)
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

    let text = |h: HPos, v: VPos, colour: &RGBColor| {
        (FONT, size).into_font().color(colour).pos(Pos::new(h, v))
    };

    // Grid and y ticks.
    for (value, label) in &axis.ticks {
        let (_, y) = at(0.0, *value);
        if *value > 0.0 {
            area.draw(&PathElement::new(
                vec![(left, y), (right, y)],
                GRID.stroke_width(1),
            ))?;
        }
        area.draw(&Text::new(
            label.clone(),
            (left.saturating_sub(layout::Y_TICK_GAP), y),
            text(HPos::Right, VPos::Center, &MUTED),
        ))?;
    }
    area.draw(&Text::new(
        "USD per month",
        (layout::MARGIN_LEFT, (top + bottom) / 2),
        text(HPos::Center, VPos::Top, &MUTED).transform(FontTransform::Rotate270),
    ))?;

    // Stacked bars, tier 0 at the bottom. Each segment starts where the one below it ended,
    // in pixels, so the stack has no seams.
    let half = layout::BAR_WIDTH / 2.0;
    let mut frame = Frame {
        months: Vec::with_capacity(months.len()),
        top,
        bottom,
    };
    for (index, month) in months.iter().enumerate() {
        let x = index as f64;
        let (slot_left, _) = at(x, 0.0);
        let (slot_right, _) = at(x + 1.0, 0.0);
        frame.months.push((slot_left, slot_right));
        let (bar_left, _) = at(x + 0.5 - half, 0.0);
        let (bar_right, _) = at(x + 0.5 + half, 0.0);
        let bar_right = bar_right.max(bar_left.saturating_add(1));
        let mut running = 0.0_f64;
        let mut below = bottom;
        for (tier, amount) in month.tier_usd.iter().enumerate() {
            if *amount <= Decimal::ZERO {
                continue;
            }
            running += to_f64(*amount);
            let (_, y) = at(x, running.min(axis.top));
            area.draw(&Rectangle::new(
                [(bar_left, y.min(below)), (bar_right, below)],
                tier_colour(tier).filled(),
            ))?;
            below = y.min(below);
        }
    }

    // Axes over the bars' feet.
    area.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        AXIS.stroke_width(1),
    ))?;
    area.draw(&PathElement::new(
        vec![(left, top), (left, bottom)],
        AXIS.stroke_width(1),
    ))?;

    // Month labels and the axis title.
    let label_width = text_width(area, &count.to_string(), size);
    for month in labelled_months(count, slot, label_width) {
        let (x, _) = at(f64::from(month) - 0.5, 0.0);
        area.draw(&PathElement::new(
            vec![(x, bottom), (x, bottom.saturating_add(3))],
            AXIS.stroke_width(1),
        ))?;
        area.draw(&Text::new(
            month.to_string(),
            (x, bottom.saturating_add(layout::X_TICK_GAP)),
            text(HPos::Center, VPos::Top, &MUTED),
        ))?;
    }
    area.draw(&Text::new(
        "Month",
        (
            (left + right) / 2,
            bottom.saturating_add(layout::X_TICK_GAP + line + layout::X_TITLE_GAP),
        ),
        text(HPos::Center, VPos::Top, &MUTED),
    ))?;

    // The baseline: a line through each month's centre, with a marker per month.
    let points: Vec<(i32, i32)> = months
        .iter()
        .enumerate()
        .map(|(index, month)| at(index as f64 + 0.5, to_f64(month.baseline_usd).min(axis.top)))
        .collect();
    if points.len() > 1 {
        area.draw(&PathElement::new(points.clone(), BASELINE.stroke_width(2)))?;
    }
    let radius = if slot >= 12.0 { 3 } else { 2 };
    for point in &points {
        area.draw(&Circle::new(*point, radius, BASELINE.filled()))?;
    }

    // The budget: a dashed red line across the plot, labelled at its right end.
    if let Some(budget) = chart.budget_usd {
        let (_, y) = at(0.0, to_f64(budget).clamp(0.0, axis.top));
        area.draw(&DashedPathElement::new(
            vec![(left, y), (right, y)],
            6,
            4,
            BUDGET.stroke_width(2),
        ))?;
        let plot_width = right.saturating_sub(left);
        let full = format!("Budget {}", usd(budget));
        let label = if text_width(area, &full, size) <= plot_width * 2 / 5 {
            full
        } else {
            format!("Budget {}", compact_usd(budget))
        };
        let label_width = text_width(area, &label, size);
        let text_height = line;
        // Above the line, unless that leaves the plot; then below it.
        let (label_top, v_pos, anchor_y) = if y.saturating_sub(text_height + 3) >= top {
            (
                y.saturating_sub(text_height + 3),
                VPos::Bottom,
                y.saturating_sub(4),
            )
        } else {
            (y.saturating_add(3), VPos::Top, y.saturating_add(5))
        };
        let label_right = right.saturating_sub(4);
        area.draw(&Rectangle::new(
            [
                (label_right.saturating_sub(label_width + 4), label_top),
                (
                    label_right.saturating_add(2),
                    label_top.saturating_add(text_height),
                ),
            ],
            WHITE.mix(0.85).filled(),
        ))?;
        area.draw(&Text::new(
            label,
            (label_right, anchor_y),
            text(HPos::Right, v_pos, &BUDGET),
        ))?;
    }

    // The legend, under the "Month" title, starting at the left margin.
    let legend_top = bottom
        .saturating_add(x_area)
        .saturating_add(layout::LEGEND_GAP);
    let row_height = scaled(layout::LEGEND_ROW, size);
    for (row_index, row) in legend.iter().enumerate() {
        let row_top = legend_top + row_height * i32::try_from(row_index).unwrap_or(0);
        let middle = row_top + row_height / 2;
        for (offset, entry) in row {
            let x = layout::MARGIN_LEFT + offset;
            match entry.swatch {
                Swatch::Tier(colour) => {
                    area.draw(&Rectangle::new(
                        [(x + 3, middle - 6), (x + layout::SWATCH - 3, middle + 6)],
                        colour.filled(),
                    ))?;
                }
                Swatch::Baseline => {
                    area.draw(&PathElement::new(
                        vec![(x, middle), (x + layout::SWATCH, middle)],
                        BASELINE.stroke_width(2),
                    ))?;
                    area.draw(&Circle::new(
                        (x + layout::SWATCH / 2, middle),
                        3,
                        BASELINE.filled(),
                    ))?;
                }
                Swatch::Budget => {
                    area.draw(&DashedPathElement::new(
                        vec![(x, middle), (x + layout::SWATCH, middle)],
                        6,
                        4,
                        BUDGET.stroke_width(2),
                    ))?;
                }
            }
            area.draw(&Text::new(
                entry.label.clone(),
                (x + layout::SWATCH + layout::SWATCH_GAP, middle),
                text(HPos::Left, VPos::Center, &INK),
            ))?;
        }
    }
    Ok(frame)
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

/// Render the chart as a standalone SVG document of `width` × `height` pixels.
///
/// The root keeps plotters' `width`, `height` and `viewBox` (so CSS `width: 100%;
/// height: auto` scales it) and gets `role="group"`, an `aria-label` and a `<title>`
/// summarising the forecast. After everything plotters drew come the month hit boxes: one
/// transparent, focusable `<rect class="month-hit" data-month="N">` per month over its slot,
/// the plot's full height, each with an `aria-label` and a `<title>` reading the month.
pub fn to_svg(chart: &ForecastChart, width: u32, height: u32) -> Result<String, String> {
    let (svg, frame) = render(width, height, |root| draw_frame(root, chart))?;
    let mut hits = String::new();
    let hit_height = frame.bottom.saturating_sub(frame.top).max(0);
    for (month, (left, right)) in chart.forecast.months.iter().zip(&frame.months) {
        let label = escape_xml(&month_label(month));
        hits.push_str(&format!(
            r#"<rect class="month-hit" data-month="{}" x="{}" y="{}" width="{}" height="{}" fill="transparent" tabindex="0" aria-label="{label}"><title>{label}</title></rect>
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
