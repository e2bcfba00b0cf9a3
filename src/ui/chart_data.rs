//! A chart's text alternative: the values it plots, as a table behind a disclosure under
//! the chart (what a screen reader reads instead of bars, and what anyone can copy).

use leptos::prelude::*;

use crate::chart::table::ChartTable;

#[component]
pub fn ChartData(table: ChartTable, testid: &'static str) -> impl IntoView {
    let ChartTable {
        caption,
        columns,
        rows,
    } = table;
    view! {
        <details class="chart-data" data-testid=testid>
            <summary>"The chart's values as a table"</summary>
            <div class="table-scroll">
                <table class="mix-table">
                    <caption>{caption}</caption>
                    <thead>
                        <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let mut cells = row.into_iter();
                            let head = cells.next().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{head}</th>
                                    {cells.map(|cell| view! { <td class="num">{cell}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
