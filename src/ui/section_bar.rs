//! The section bar: one button per part of the tool, always on screen (styles.css: a rail
//! beside the content on wide screens, a bar along the bottom edge on narrow ones, never over
//! the content), so each is one move away however long the page (`jump-to-*`). Buttons, not
//! `#fragment` links: the fragment holds the share link.

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

/// How many frames a jump waits for its section to be drawn (the planner may be drawn after
/// the first paint): about two seconds.
const WAIT_FRAMES: u32 = 120;

/// Scrolls `selector`'s element to the top of the screen and
/// moves the keyboard focus there, so Tab goes on from the section jumped to.
pub fn jump_to(selector: &'static str) {
    when_drawn(selector, WAIT_FRAMES, |element| {
        element.scroll_into_view();
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            if !element.has_attribute("tabindex") {
                let _ = element.set_attribute("tabindex", "-1");
            }
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = element.focus_with_options(&options);
        }
    });
}

/// Once the page has laid out, scrolls to the planner: a shared link opens on the scenario
/// it carries, not on the prompt above it.
pub fn open_on_planner() {
    request_animation_frame(|| when_drawn(PLANNER, WAIT_FRAMES, |e| e.scroll_into_view()));
}

/// Runs `then` on `selector`'s element as soon as it is in the page, looking once a frame
/// for at most `frames` frames.
fn when_drawn(selector: &'static str, frames: u32, then: impl FnOnce(web_sys::Element) + 'static) {
    match find(selector) {
        Some(element) => then(element),
        None if frames > 0 => {
            request_animation_frame(move || when_drawn(selector, frames - 1, then));
        }
        None => {}
    }
}

fn find(selector: &str) -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()
        .flatten()
}
