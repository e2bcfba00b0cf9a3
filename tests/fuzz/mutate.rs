//! Mutations driven by the input's bytes (through `arbitrary::Unstructured`), so the same
//! bytes always make the same mutated input: of raw bytes, and of JSON values.

use arbitrary::Unstructured;
use serde_json::{Map, Value};

/// Texts that have broken parsers before: edges of numbers, of `Decimal`, of JSON, of UTF-8.
pub const TRICKY_TEXT: &[&str] = &[
    "",
    "0",
    "-0",
    "-1",
    "1e400",
    "-1e400",
    "1e-400",
    "1.5",
    "NaN",
    "inf",
    "-inf",
    "null",
    "true",
    "prompt",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "7.9228162514264337593543950335",
    "99999999999999999999999999999999999999",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "4294967295",
    "4294967296",
    "100",
    "100.0000000000000000000000001",
    "99.99999999999999999999999999",
    "1_000",
    " 1",
    "1 ",
    "0x10",
    "+5",
    "\u{0}",
    "\u{feff}",
    "\u{2581}",
    "\u{fffd}",
    "e",
    "5m",
    "1h",
    "standard",
    "flex",
    "priority",
    "openai/gpt-5",
    "anthropic/claude-sonnet-4-5",
    "/",
    "a/",
    "/b",
    "2026-11-22T12:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "2026-02-30",
    "2026-11-22T25:00:00+99:00",
    "1970-01-01",
    "262145-01-01T00:00:00Z",
];

/// At least one and at most `max`, fewer more often (each more one is a coin toss): small
/// mutations keep most of an input valid, so it reaches the code past the parser.
pub fn few(u: &mut Unstructured, max: u32) -> u32 {
    let mut count = 1;
    while count < max && u.ratio(1u8, 2u8).unwrap_or(false) {
        count += 1;
    }
    count.min(max)
}

/// Numbers that have broken arithmetic before.
pub fn tricky_number(u: &mut Unstructured) -> Value {
    let options: [fn(&mut Unstructured) -> Value; 10] = [
        |_| Value::from(0),
        |_| Value::from(u64::MAX),
        |_| Value::from(i64::MIN),
        |_| Value::from(u32::MAX),
        |_| Value::from(1e300),
        |_| Value::from(-1.5),
        |_| Value::from(0.1),
        |u| Value::from(u.arbitrary::<u64>().unwrap_or(0)),
        |u| Value::from(u.arbitrary::<i64>().unwrap_or(0)),
        |u| Value::from(u.int_in_range(0..=200u64).unwrap_or(0)),
    ];
    let pick = u.choose_index(options.len()).unwrap_or(0);
    options[pick](u)
}

pub fn tricky_text(u: &mut Unstructured) -> String {
    match u.int_in_range(0..=9u8).unwrap_or(0) {
        0 => random_text(u, 64),
        1 => "x".repeat(u.int_in_range(0..=100_000usize).unwrap_or(0)),
        _ => u.choose(TRICKY_TEXT).copied().unwrap_or("").to_string(),
    }
}

/// Up to `max` characters of any kind, valid UTF-8.
pub fn random_text(u: &mut Unstructured, max: usize) -> String {
    let len = u.int_in_range(0..=max).unwrap_or(0);
    (0..len)
        .map(|_| match u.int_in_range(0..=3u8).unwrap_or(0) {
            0 => char::from(u.int_in_range(0x20..=0x7eu8).unwrap_or(b'a')),
            1 => u
                .choose(&[' ', '\n', '\t', '\r', '.', '1', '"', '\\'])
                .copied()
                .unwrap_or(' '),
            _ => u.arbitrary::<char>().unwrap_or('a'),
        })
        .collect()
}

/// A random JSON value, up to `depth` levels deep.
pub fn random_value(u: &mut Unstructured, depth: u32) -> Value {
    let top = if depth == 0 { 4 } else { 7 };
    match u.int_in_range(0..=top).unwrap_or(0) {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary().unwrap_or(false)),
        2 => tricky_number(u),
        3 | 4 => Value::String(tricky_text(u)),
        5 => Value::Array(
            (0..u.int_in_range(0..=4u8).unwrap_or(0))
                .map(|_| random_value(u, depth - 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..u.int_in_range(0..=4u8).unwrap_or(0) {
                map.insert(tricky_text(u), random_value(u, depth - 1));
            }
            Value::Object(map)
        }
    }
}

/// Applies up to `max` mutations to `value`: replaced, deleted, added or copied nodes, with
/// keys taken from `keys` (the field names the format has) most of the time.
///
/// Nodes less than `min_depth` deep are never replaced whole (a mutation of the root would
/// mostly test that the parser refuses a number where an object belongs, over and over).
pub fn mutate_value(
    u: &mut Unstructured,
    value: &mut Value,
    keys: &[&str],
    max: u32,
    min_depth: u32,
) {
    let count = few(u, max);
    for _ in 0..count {
        let donor = pick_node(u, value, 0).cloned();
        let Some(node) = pick_node_mut(u, value, 0, min_depth) else {
            return;
        };
        match u.int_in_range(0..=11u8).unwrap_or(0) {
            10 | 11 => same_kind(u, node),
            0..=2 => *node = random_value(u, 2),
            3 => *node = Value::String(tricky_text(u)),
            4 => *node = tricky_number(u),
            5 => remove_child(u, node),
            6 => add_child(u, node, keys),
            7 => {
                if let Some(donor) = donor {
                    *node = donor;
                }
            }
            8 => grow_array(u, node),
            _ => *node = deep_nesting(u),
        }
    }
}

fn pick_node<'a>(u: &mut Unstructured, value: &'a Value, depth: u32) -> Option<&'a Value> {
    let stop = u.ratio(1u8, 6u8).unwrap_or(true) || depth > 8;
    match value {
        Value::Array(items) if !items.is_empty() && !stop => {
            let at = u.choose_index(items.len()).ok()?;
            pick_node(u, &items[at], depth + 1)
        }
        Value::Object(map) if !map.is_empty() && !stop => {
            let at = u.choose_index(map.len()).ok()?;
            pick_node(u, map.values().nth(at)?, depth + 1)
        }
        _ => Some(value),
    }
}

fn pick_node_mut<'a>(
    u: &mut Unstructured,
    value: &'a mut Value,
    depth: u32,
    min_depth: u32,
) -> Option<&'a mut Value> {
    let stop = depth >= min_depth && (u.ratio(1u8, 5u8).unwrap_or(true) || depth > 8);
    let descend = match value {
        Value::Array(items) => !items.is_empty() && !stop,
        Value::Object(map) => !map.is_empty() && !stop,
        _ => false,
    };
    if !descend {
        return Some(value);
    }
    match value {
        Value::Array(items) => {
            let at = u.choose_index(items.len()).ok()?;
            pick_node_mut(u, &mut items[at], depth + 1, min_depth)
        }
        Value::Object(map) => {
            let at = u.choose_index(map.len()).ok()?;
            pick_node_mut(u, map.values_mut().nth(at)?, depth + 1, min_depth)
        }
        _ => Some(value),
    }
}

/// A string for a string, a number (or a decimal's string) for a number.
fn same_kind(u: &mut Unstructured, node: &mut Value) {
    *node = match node {
        Value::Number(_) => tricky_number(u),
        Value::String(_) => Value::String(tricky_text(u)),
        Value::Bool(b) => Value::Bool(!*b),
        _ => random_value(u, 1),
    };
}

fn remove_child(u: &mut Unstructured, node: &mut Value) {
    match node {
        Value::Array(items) if !items.is_empty() => {
            let at = u.choose_index(items.len()).unwrap_or(0);
            items.remove(at);
        }
        Value::Object(map) if !map.is_empty() => {
            let at = u.choose_index(map.len()).unwrap_or(0);
            if let Some(key) = map.keys().nth(at).cloned() {
                map.remove(&key);
            }
        }
        _ => *node = Value::Null,
    }
}

fn add_child(u: &mut Unstructured, node: &mut Value, keys: &[&str]) {
    let value = random_value(u, 2);
    match node {
        Value::Array(items) => items.push(value),
        Value::Object(map) => {
            let key = if u.ratio(3u8, 4u8).unwrap_or(true) {
                u.choose(keys).map(|k| k.to_string()).unwrap_or_default()
            } else {
                tricky_text(u)
            };
            map.insert(key, value);
        }
        _ => {}
    }
}

/// Copies of an array's items, up to a few hundred: more query types than allowed.
fn grow_array(u: &mut Unstructured, node: &mut Value) {
    if let Value::Array(items) = node {
        if let Some(first) = items.first().cloned() {
            let copies = u.int_in_range(1..=300usize).unwrap_or(1);
            items.extend(std::iter::repeat_n(first, copies));
        }
    }
}

fn deep_nesting(u: &mut Unstructured) -> Value {
    let depth = u.int_in_range(1..=200u32).unwrap_or(1);
    let mut value = Value::Null;
    for _ in 0..depth {
        value = if u.ratio(1u8, 2u8).unwrap_or(true) {
            Value::Array(vec![value])
        } else {
            let mut map = Map::new();
            map.insert("s".to_string(), value);
            Value::Object(map)
        };
    }
    value
}

/// Up to `max` byte edits: flips, tricky bytes, inserts, deletes, copies, a cut.
pub fn mutate_bytes(u: &mut Unstructured, bytes: &mut Vec<u8>, max: u32) {
    const TRICKY_BYTES: &[u8] = b"\0\xff\x80\xc3\"\\{}[],:\n\r\t =.-+e/#\x01";
    let count = few(u, max);
    for _ in 0..count {
        let at = u.int_in_range(0..=bytes.len()).unwrap_or(0);
        match u.int_in_range(0..=6u8).unwrap_or(0) {
            0 if at < bytes.len() => bytes[at] ^= 1 << u.int_in_range(0..=7u8).unwrap_or(0),
            1 if at < bytes.len() => bytes[at] = u.choose(TRICKY_BYTES).copied().unwrap_or(0),
            2 => {
                let byte = u.arbitrary::<u8>().unwrap_or(0);
                bytes.insert(at, byte);
            }
            3 if at < bytes.len() => {
                let len = u.int_in_range(1..=(bytes.len() - at).min(64)).unwrap_or(1);
                bytes.drain(at..at + len);
            }
            4 if at < bytes.len() => {
                let len = u.int_in_range(1..=(bytes.len() - at).min(256)).unwrap_or(1);
                let copy: Vec<u8> = bytes[at..at + len].to_vec();
                let to = u.int_in_range(0..=bytes.len()).unwrap_or(0);
                bytes.splice(to..to, copy);
            }
            5 => bytes.truncate(at),
            _ => {
                let text = u.choose(TRICKY_TEXT).copied().unwrap_or("");
                bytes.splice(at..at, text.bytes());
            }
        }
    }
}

/// The keys of every object in `value`, once each.
pub fn keys_of(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if !into.contains(key) {
                    into.push(key.clone());
                }
                keys_of(child, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| keys_of(item, into)),
        _ => {}
    }
}
