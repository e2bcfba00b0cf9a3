//! The charts' colours against the sheet they sit on, by the WCAG 2 contrast ratio
//! (relative luminance of sRGB, https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): text at
//! 4.5:1 on both sheets, and on the dark sheet every mark (bars, lines, axes) at 3:1. The
//! light palette's tier colours are Tableau 10's, kept as they were (and in exports).

use llm_cost_planner::chart::svg::style::Palette;
use plotters::style::RGBColor;

/// WCAG 2.x relative luminance of an sRGB colour.
fn luminance(RGBColor(r, g, b): RGBColor) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn hex(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

#[test]
fn the_contrast_formula_gives_wcags_known_ratios() {
    let (black, white) = (RGBColor(0, 0, 0), RGBColor(255, 255, 255));
    assert!((contrast(black, white) - 21.0).abs() < 1e-9);
    // #767676 on white is the classic lightest grey that passes 4.5:1 (4.54:1).
    let ratio = contrast(RGBColor(0x76, 0x76, 0x76), white);
    assert!((4.5..4.6).contains(&ratio), "{ratio}");
}

#[test]
fn chart_text_reads_at_four_and_a_half_to_one_on_both_sheets() {
    for (name, palette) in [("light", Palette::LIGHT), ("dark", Palette::DARK)] {
        for (what, colour) in [
            ("ink", palette.ink),
            ("muted", palette.muted),
            ("budget label", palette.budget),
        ] {
            let ratio = contrast(colour, palette.background);
            assert!(
                ratio >= 4.5,
                "{name}: {what} {} on {} is {ratio:.2}:1",
                hex(colour),
                hex(palette.background)
            );
        }
    }
}

#[test]
fn every_mark_on_the_dark_sheet_stands_out_at_three_to_one() {
    let dark = Palette::DARK;
    let marks = dark.tiers.iter().map(|&tier| ("a tier", tier)).chain([
        ("axis", dark.axis),
        ("baseline", dark.baseline),
        ("budget", dark.budget),
        ("total", dark.total),
        ("saving", dark.saving),
        ("increase", dark.increase),
        ("unchanged", dark.unchanged),
    ]);
    for (what, colour) in marks {
        let ratio = contrast(colour, dark.background);
        assert!(ratio >= 3.0, "{what} {} is {ratio:.2}:1", hex(colour));
    }
}

#[test]
fn the_dark_palette_matches_the_dark_sheets_card() {
    let sheet = include_str!("../public/styles.css");
    let card = hex(Palette::DARK.background).to_lowercase();
    assert!(
        sheet.contains(&format!("--card: {card};")),
        "public/styles.css has no dark --card: {card}"
    );
    let light = hex(Palette::LIGHT.background).to_lowercase();
    assert!(sheet.contains(&format!("--card: {light};")));
}
