//! Embeds the committed price catalogue (`pricing/`) into the binary and the page, so a
//! price lookup needs no request at all. The list of provider files comes from
//! `pricing/catalogue.json`, which the converter writes.
//!
//! The committed files are indented, as the converter writes them (readable diffs); what is
//! embedded is the same JSON with the white space between tokens taken out (about a third
//! smaller in the page's wasm), written to `OUT_DIR`. Strings and numbers are copied
//! character for character, and each minified file is checked to parse to the same value.

use std::{env, fs, path::Path};

/// `json` without the white space between its tokens; strings (escapes included) and every
/// other character are kept as they are, so numbers keep their exact spelling.
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

/// Writes `source` minified to `OUT_DIR/name` and returns that path; stops the build if the
/// minified JSON does not parse to the same value as the committed file.
fn embed(source: &Path, out_dir: &Path, name: &str) -> String {
    println!("cargo:rerun-if-changed={}", source.display());
    let pretty = fs::read_to_string(source)
        .unwrap_or_else(|error| panic!("{} is readable: {error}", source.display()));
    let compact = minify(&pretty);
    let parsed = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .unwrap_or_else(|error| panic!("{} is JSON: {error}", source.display()))
    };
    assert!(
        parsed(&pretty) == parsed(&compact),
        "{} minified to different JSON",
        source.display()
    );
    let dest = out_dir.join(name);
    fs::write(&dest, compact).expect("OUT_DIR is writable");
    dest.display().to_string()
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let (pricing, out_dir) = (Path::new(&root).join("pricing"), Path::new(&out_dir));
    fs::create_dir_all(out_dir.join("providers")).expect("OUT_DIR is writable");

    let index_path = pricing.join("catalogue.json");
    embed(&index_path, out_dir, "catalogue.json");
    embed(&pricing.join("units.json"), out_dir, "units.json");

    let index = fs::read_to_string(&index_path).expect("pricing/catalogue.json is readable");
    let index: serde_json::Value =
        serde_json::from_str(&index).expect("pricing/catalogue.json is JSON");
    let ids = index["providers"]
        .as_array()
        .expect("catalogue.json lists providers");

    let mut out = String::from("/// Provider files, in the catalogue's order, minified.\npub const PROVIDER_FILES: &[(&str, &str)] = &[\n");
    for id in ids {
        let id = id.as_str().expect("provider ids are strings");
        let file = pricing.join("providers").join(format!("{id}.json"));
        let embedded = embed(&file, out_dir, &format!("providers/{id}.json"));
        out.push_str(&format!("    ({id:?}, include_str!({embedded:?})),\n"));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("provider_files.rs"), out).expect("OUT_DIR is writable");
}
