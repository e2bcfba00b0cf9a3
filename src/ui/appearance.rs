//! How the page looks on this device: its theme (light, dark, or the system's), remembered
//! in `localStorage` and never put in a share link, and whether the screen is phone-sized
//! (the charts draw for it).
//!
//! The sheet follows `prefers-color-scheme` by itself; a choice of light or dark is
//! `data-theme` on `<html>`, set as the app starts, before its first render, so the page
//! never shows in the other theme first. (Inline scripts, which could set it even earlier,
//! are kept out by the page's Content-Security-Policy.)

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::chart::svg::style::Palette;

/// Where the choice is kept on this device.
const STORAGE_KEY: &str = "llm-cost-planner.theme";

/// A theme the person picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    Light,
    Dark,
    /// Whatever the system asks for (`prefers-color-scheme`).
    #[default]
    System,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::System];

    /// The stored name, and `data-theme`'s value.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
            ThemeChoice::System => "system",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::System => "System",
        }
    }

    /// The choice stored as `name`; `None` for anything else (an old or edited value).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|choice| choice.as_str() == name)
    }
}

/// The page's look, provided as context (`use_appearance()`).
#[derive(Debug, Clone, Copy)]
pub struct Appearance {
    /// The theme picked on this device.
    pub theme: RwSignal<ThemeChoice>,
    /// Whether the page is dark now: the choice, or the system's when that is the choice.
    pub dark: Memo<bool>,
    /// A phone-sized screen (at most 600 px wide).
    pub narrow: ReadSignal<bool>,
}

impl Appearance {
    /// Reads the stored choice, applies it to `<html>` and provides the handle.
    pub fn provide() -> Self {
        let choice = stored_choice().unwrap_or_default();
        apply(choice);
        let theme = RwSignal::new(choice);
        let system_dark = media_query("(prefers-color-scheme: dark)");
        let dark = Memo::new(move |_| match theme.get() {
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
            ThemeChoice::System => system_dark.get(),
        });
        let appearance = Appearance {
            theme,
            dark,
            narrow: media_query("(max-width: 600px)"),
        };
        provide_context(appearance);
        appearance
    }

    /// Switches to `choice`, and remembers it on this device.
    pub fn choose(&self, choice: ThemeChoice) {
        apply(choice);
        store(choice);
        self.theme.set(choice);
    }

    /// The charts' colours for the sheet shown now (tracked).
    pub fn chart_palette(&self) -> &'static Palette {
        if self.dark.get() {
            &Palette::DARK
        } else {
            &Palette::LIGHT
        }
    }
}

/// The page's look, from context.
pub fn use_appearance() -> Appearance {
    expect_context::<Appearance>()
}

fn local_storage() -> Option<web_sys::Storage> {
    // Storage can be refused (a privacy mode, a sandboxed frame): then nothing is remembered.
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_choice() -> Option<ThemeChoice> {
    let name = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    ThemeChoice::from_name(&name)
}

fn store(choice: ThemeChoice) {
    if let Some(storage) = local_storage() {
        let _ = match choice {
            ThemeChoice::System => storage.remove_item(STORAGE_KEY),
            choice => storage.set_item(STORAGE_KEY, choice.as_str()),
        };
    }
}

/// `data-theme` on `<html>`: set for light or dark, absent to follow the system.
fn apply(choice: ThemeChoice) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match choice {
        ThemeChoice::System => root.remove_attribute("data-theme"),
        choice => root.set_attribute("data-theme", choice.as_str()),
    };
}

/// Whether `query` matches, kept up to date for the page's lifetime.
fn media_query(query: &str) -> ReadSignal<bool> {
    let (matches, set_matches) = signal(false);
    let Some(list) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else {
        return matches;
    };
    set_matches.set(list.matches());
    let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
        move |ev: web_sys::MediaQueryListEvent| {
            set_matches.set(ev.matches());
        },
    );
    list.set_onchange(Some(on_change.as_ref().unchecked_ref()));
    // Both live as long as the page: the list holds the listener, the page holds the list.
    on_change.forget();
    std::mem::forget(list);
    matches
}
