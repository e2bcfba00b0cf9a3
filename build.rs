//! Embeds the committed price catalogue (`pricing/`) into the binary and the page, so a
//! price lookup needs no request at all. The list of provider files comes from
//! `pricing/catalogue.json`, which the converter writes.

use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let pricing = Path::new(&root).join("pricing");
    let index_path = pricing.join("catalogue.json");
    println!("cargo:rerun-if-changed={}", index_path.display());
    println!(
        "cargo:rerun-if-changed={}",
        pricing.join("units.json").display()
    );

    let index = fs::read_to_string(&index_path).expect("pricing/catalogue.json is readable");
    let index: serde_json::Value =
        serde_json::from_str(&index).expect("pricing/catalogue.json is JSON");
    let ids = index["providers"]
        .as_array()
        .expect("catalogue.json lists providers");

    let mut out = String::from("/// Provider files, in the catalogue's order.\npub const PROVIDER_FILES: &[(&str, &str)] = &[\n");
    for id in ids {
        let id = id.as_str().expect("provider ids are strings");
        let file = pricing.join("providers").join(format!("{id}.json"));
        println!("cargo:rerun-if-changed={}", file.display());
        out.push_str(&format!(
            "    ({id:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("provider_files.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
