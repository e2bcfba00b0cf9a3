//! The SVG backend the charts render with: plotters' own `SVGBackend`, except that text is
//! measured by a fixed estimate instead of the browser.
//!
//! On wasm32, plotters measures text by adding a `<span>` with an inline `style` attribute
//! to the page, which the page's Content-Security-Policy (`style-src 'self'`) refuses, and
//! which forces a layout per label. An SVG's text is laid out by whoever shows it anyway, so
//! an estimate (the one plotters itself uses natively) is as good, and it is the same in
//! native tests and in the page.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// `SVGBackend` with text measured by estimate.
pub struct EstimatedTextSvg<'a>(pub SVGBackend<'a>);

impl<'a> EstimatedTextSvg<'a> {
    /// Renders into `buffer`, `size` pixels wide and high.
    pub fn with_string(buffer: &'a mut String, size: (u32, u32)) -> Self {
        EstimatedTextSvg(SVGBackend::with_string(buffer, size))
    }
}

type Failure = DrawingErrorKind<std::io::Error>;

impl DrawingBackend for EstimatedTextSvg<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.0.fill_polygon(vertices, style)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), Failure> {
        self.0.draw_text(text, style, pos)
    }

    /// plotters' native estimate: 0.7 em per character, 1.24 em high, where the SVG font
    /// size is the style's size / 1.24.
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), Failure> {
        let em = style.size() / 1.24 / 1.24;
        let width = (em * 0.7 * text.chars().count() as f64).round();
        let height = (em * 1.24).round();
        Ok((width.max(0.0) as u32, height.max(0.0) as u32))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Failure> {
        self.0.blit_bitmap(pos, size, src)
    }
}

/// A Decimal amount as a pixel-space number (0 if it somehow has no finite f64 form).
pub fn to_f64(value: Decimal) -> f64 {
    value.to_f64().filter(|v| v.is_finite()).unwrap_or(0.0)
}

/// The width of `text` in pixels at `size`, as the backend measures it (an estimate here,
/// [`EstimatedTextSvg`]), or a rough estimate if it cannot.
pub fn text_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, size: f64) -> i32 {
    let style = TextStyle::from((style::FONT, size).into_font());
    match area.estimate_text_size(text, &style) {
        Ok((width, _)) => i32::try_from(width).unwrap_or(i32::MAX),
        Err(_) => (text.chars().count() as f64 * size * 0.45) as i32,
    }
}

/// Colours and text the charts share, matching the page's sheet.
pub mod style {
    use plotters::style::RGBColor;

    pub const GRID: RGBColor = Palette::LIGHT.grid;
    pub const AXIS: RGBColor = Palette::LIGHT.axis;
    pub const INK: RGBColor = Palette::LIGHT.ink;
    pub const MUTED: RGBColor = Palette::LIGHT.muted;
    pub const FONT: &str = "sans-serif";
    /// plotters' SVG backend writes `font-size` as this divided by 1.24: 16 gives ~13px.
    pub const TEXT_SIZE: f64 = 16.0;

    /// Every colour a chart paints with, for the page's light or dark sheet. The charts have
    /// no background of their own: they sit on `background` (the sheet's `--card`), and the
    /// dark palette keeps text at 4.5:1 and every mark at 3:1 against it. Exports use
    /// [`Palette::LIGHT`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Palette {
        /// What the chart sits on (the page's `--card`); also behind the budget's label.
        pub background: RGBColor,
        /// Legend text and amounts.
        pub ink: RGBColor,
        /// Tick labels and axis titles.
        pub muted: RGBColor,
        pub grid: RGBColor,
        pub axis: RGBColor,
        /// The forecast's tiers, cycling after eight: distinguishable from each other, from
        /// the baseline and from the budget line.
        pub tiers: [RGBColor; 8],
        /// The forecast's baseline line and markers.
        pub baseline: RGBColor,
        /// The forecast's dashed budget line and its label.
        pub budget: RGBColor,
        /// The waterfall's start and end bars.
        pub total: RGBColor,
        /// A waterfall lever that lowers the cost.
        pub saving: RGBColor,
        /// A waterfall lever that raises the cost.
        pub increase: RGBColor,
        /// A waterfall lever that changes nothing: a thin line at the running total.
        pub unchanged: RGBColor,
        /// The dashed line joining one waterfall bar's running total to the next bar.
        pub connector: RGBColor,
    }

    impl Palette {
        /// On the light sheet (`--card: #ffffff`), and in every export.
        pub const LIGHT: Palette = Palette {
            background: RGBColor(0xFF, 0xFF, 0xFF),
            ink: RGBColor(0x17, 0x20, 0x2E),
            muted: RGBColor(0x5B, 0x66, 0x78),
            grid: RGBColor(0xE6, 0xE9, 0xEF),
            axis: RGBColor(0x8A, 0x94, 0xA6),
            tiers: [
                RGBColor(0x4E, 0x79, 0xA7), // blue
                RGBColor(0xF2, 0x8E, 0x2B), // orange
                RGBColor(0x59, 0xA1, 0x4F), // green
                RGBColor(0xB0, 0x7A, 0xA1), // purple
                RGBColor(0x76, 0xB7, 0xB2), // teal
                RGBColor(0xED, 0xC9, 0x48), // yellow
                RGBColor(0x9C, 0x75, 0x5F), // brown
                RGBColor(0xFF, 0x9D, 0xA7), // pink
            ],
            baseline: RGBColor(0x3A, 0x3F, 0x47),
            budget: RGBColor(0xC6, 0x28, 0x28),
            total: RGBColor(0x4B, 0x65, 0x84),
            saving: RGBColor(0x2E, 0x7D, 0x32),
            increase: RGBColor(0xC6, 0x28, 0x28),
            unchanged: RGBColor(0x8E, 0x8E, 0x8E),
            connector: RGBColor(0xA9, 0xB3, 0xC2),
        };

        /// On the dark sheet (`--card: #161c25`): the same hues, lighter.
        pub const DARK: Palette = Palette {
            background: RGBColor(0x16, 0x1C, 0x25),
            ink: RGBColor(0xE4, 0xE8, 0xEF),
            muted: RGBColor(0xA5, 0xAF, 0xBF),
            grid: RGBColor(0x2B, 0x33, 0x40),
            axis: RGBColor(0x76, 0x80, 0x92),
            tiers: [
                RGBColor(0x6A, 0x9F, 0xE0), // blue
                RGBColor(0xF5, 0xA0, 0x4A), // orange
                RGBColor(0x72, 0xC2, 0x66), // green
                RGBColor(0xCB, 0x96, 0xBF), // purple
                RGBColor(0x7F, 0xCC, 0xC6), // teal
                RGBColor(0xED, 0xC9, 0x48), // yellow
                RGBColor(0xC4, 0x9A, 0x82), // brown
                RGBColor(0xFF, 0x9D, 0xA7), // pink
            ],
            baseline: RGBColor(0xD5, 0xDA, 0xE2),
            budget: RGBColor(0xFF, 0x7B, 0x72),
            total: RGBColor(0x83, 0xA0, 0xC4),
            saving: RGBColor(0x5F, 0xBF, 0x65),
            increase: RGBColor(0xF2, 0x6B, 0x63),
            unchanged: RGBColor(0x9A, 0xA3, 0xAF),
            connector: RGBColor(0x6B, 0x76, 0x88),
        };

        /// One colour per tier, cycling after eight.
        pub fn tier(&self, index: usize) -> RGBColor {
            self.tiers[index % self.tiers.len()]
        }
    }
}

/// Draws with `draw` on a `width` × `height` SVG and returns the document and what `draw`
/// returned.
pub fn render<T>(
    width: u32,
    height: u32,
    draw: impl FnOnce(
        &DrawingArea<EstimatedTextSvg<'_>, Shift>,
    ) -> Result<T, DrawingAreaErrorKind<std::io::Error>>,
) -> Result<(String, T), String> {
    let mut svg = String::new();
    let drawn = {
        let root = EstimatedTextSvg::with_string(&mut svg, (width, height)).into_drawing_area();
        let drawn = draw(&root).map_err(|error| error.to_string())?;
        root.present().map_err(|error| error.to_string())?;
        drawn
    };
    Ok((svg, drawn))
}

/// Labels an SVG document's root for assistive technology (`role`, an `aria-label` and a
/// `<title>` reading `summary`) and appends `extra` (already escaped markup) as its last
/// children. The root keeps plotters' `width`, `height` and `viewBox`.
pub fn label_root(svg: &str, role: &str, summary: &str, extra: &str) -> Result<String, String> {
    let summary = escape_xml(summary);
    let open = svg
        .find("<svg")
        .ok_or("the SVG backend wrote no <svg> element")?;
    let close = svg[open..]
        .find('>')
        .map(|end| open + end)
        .ok_or("the SVG backend wrote an unterminated <svg> tag")?;
    let self_closing = svg[..close].ends_with('/');
    let tag_end = if self_closing { close - 1 } else { close };
    let body_end = if self_closing {
        close + 1
    } else {
        svg.rfind("</svg>")
            .filter(|&end| end > close)
            .unwrap_or(svg.len())
    };
    let mut out = String::with_capacity(svg.len() + extra.len() + 2 * summary.len() + 64);
    out.push_str(&svg[..tag_end]);
    out.push_str(&format!(r#" role="{role}" aria-label="{summary}">"#));
    out.push_str(&format!("<title>{summary}</title>"));
    if !self_closing {
        out.push_str(&svg[close + 1..body_end]);
    }
    out.push_str(extra);
    out.push_str("</svg>");
    if !self_closing {
        out.push_str(&svg[(body_end + "</svg>".len()).min(svg.len())..]);
    }
    Ok(out)
}

/// Escapes text for an XML attribute or element.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c => escaped.push(c),
        }
    }
    escaped
}
