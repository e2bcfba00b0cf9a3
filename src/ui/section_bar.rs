//! The section bar: one button per part of the tool, stuck to the top of the screen, so
//! each is one move away however long the page (`jump-to-*`). Buttons, not `#fragment`
//! links: the fragment holds the share link.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A part of the page the bar jumps to.
struct Section {
    label: &'static str,
    /// The element jumped to.
    target: &'static str,
    testid: &'static str,
}

/// The planner, where a shared link's scenario is.
pub const PLANNER: &str = "[data-testid=scenario-panel]";

const SECTIONS: [Section; 4] = [
    Section {
        label: "Prompt",
        target: "[data-section=prompt]",
        testid: "jump-to-prompt",
    },
    Section {
        label: "Models",
        target: "[data-section=models]",
        testid: "jump-to-models",
    },
    Section {
        label: "Traffic mix",
        target: PLANNER,
        testid: "jump-to-planner",
    },
    Section {
        label: "Forecast",
        target: "[data-testid=forecast-panel]",
        testid: "jump-to-forecast",
    },
];

#[component]
pub fn SectionBar() -> impl IntoView {
    view! {
        <nav class="sections" aria-label="Sections" data-testid="section-bar">
            {SECTIONS
                .iter()
                .map(|section| {
                    let target = section.target;
                    view! {
                        <button
                            type="button"
                            class="jump"
                            data-testid=section.testid
                            on:click=move |_| jump_to(target)
                        >
                            {section.label}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Scrolls `selector`'s element to the top (below the bar, by its `scroll-margin-top`) and
/// moves the keyboard focus there, so Tab goes on from the section jumped to.
pub fn jump_to(selector: &str) {
    let Some(element) = find(selector) else {
        return;
    };
    element.scroll_into_view();
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        if !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}

/// Once the page has laid out, scrolls to the planner: a shared link opens on the scenario
/// it carries, not on the prompt above it.
pub fn open_on_planner() {
    request_animation_frame(|| {
        if let Some(element) = find(PLANNER) {
            element.scroll_into_view();
        }
    });
}

fn find(selector: &str) -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()
        .flatten()
}
