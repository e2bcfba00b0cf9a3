//! Charts drawn with plotters, generic over the backend: SVG in native tests and in the page.
//!
//! Each chart has a `draw` function that takes any plotters `DrawingArea`, and a `to_svg`
//! convenience that renders it into an SVG string (what the page inserts, and what the
//! native tests inspect). No font files are involved: the SVG backend writes `<text>`
//! elements and the browser lays them out.
//!
//! Each chart also has a `table` of the values it plots ([`table::ChartTable`]), which the
//! page offers beside it as the chart's text alternative.

pub mod forecast;
pub mod svg;
pub mod table;
pub mod waterfall;
