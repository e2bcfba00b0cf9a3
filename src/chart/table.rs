//! A chart's plotted values as a table: the text alternative a screen reader (or anyone who
//! would rather read numbers than bars) gets beside each chart. Cells are text, formatted as
//! the chart labels them.

/// A caption, column headings, and one row of cells per plotted item (the first cell heads
/// its row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}
