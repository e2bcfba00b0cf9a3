//! The SVG backend the charts render with: plotters' own `SVGBackend`, except that text is
//! measured by a fixed estimate instead of the browser.
//!
//! On wasm32, plotters measures text by adding a `<span>` with an inline `style` attribute
//! to the page, which the page's Content-Security-Policy (`style-src 'self'`) refuses, and
//! which forces a layout per label. An SVG's text is laid out by whoever shows it anyway, so
//! an estimate (the one plotters itself uses natively) is as good, and it is the same in
//! native tests and in the page.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

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
