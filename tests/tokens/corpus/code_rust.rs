//! A tiny ring buffer, written for the token-count corpus.

use std::fmt;

/// Fixed-capacity queue that overwrites the oldest entry when full.
#[derive(Debug, Clone)]
pub struct Ring<T> {
    items: Vec<Option<T>>,
    head: usize,
    len: usize,
}

impl<T: Clone> Ring<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        assert!(capacity > 0, "a ring needs room for at least one item");
        Self { items: vec![None; capacity], head: 0, len: 0 }
    }

    pub fn push(&mut self, value: T) -> Option<T> {
        let cap = self.items.len();
        let tail = (self.head + self.len) % cap;
        let evicted = self.items[tail].replace(value);
        if self.len == cap {
            self.head = (self.head + 1) % cap;
        } else {
            self.len += 1;
        }
        evicted
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        (0..self.len).filter_map(move |i| self.items[(self.head + i) % self.items.len()].as_ref())
    }
}

impl<T: fmt::Display + Clone> fmt::Display for Ring<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.iter().map(|x| x.to_string()).collect();
        write!(f, "[{}]", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushing_past_capacity_evicts_the_oldest() {
        let mut ring = Ring::with_capacity(3);
        for n in 1..=5 {
            ring.push(n);
        }
        assert_eq!(ring.to_string(), "[3, 4, 5]");
        assert_eq!(ring.iter().copied().sum::<i32>(), 12);
    }
}
