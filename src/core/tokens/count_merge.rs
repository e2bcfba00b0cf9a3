//! Merging the token workers' replies into one prompt's counts.
//!
//! The page shares the encodings among a few workers ([`Encoding::share_among`]) and sends
//! each the same text under a generation number; every edit starts a new generation. A
//! [`CountMerge`] takes the replies as they come and drops those of an older generation (a
//! count of text that has changed since is never shown as final).
//!
//! Counts are published per encoding, as they arrive, so the rows that need `o200k_base`
//! (and the estimates built on it) are priced without waiting for every other vocabulary:
//! until the new text's `o200k_base` count is in, the last text's counts stay in force
//! whole (the table never drops to nothing while someone types); from then on the counts
//! describe the new text only, each encoding joining as its count arrives
//! ([`CountMerge::is_ready`]), and an encoding not counted yet has no count (its rows are
//! estimated and say their vocabulary is loading).

use std::collections::{BTreeMap, BTreeSet};

use crate::core::tokens::encoding::Encoding;
use crate::core::tokens::estimates::ClassCounts;
use crate::core::tokens::prompt_counts::PromptCounts;

/// What a worker reports about one job (the worker protocol carries these as JavaScript
/// objects: `crate::worker::protocol`).
#[derive(Debug, Clone, PartialEq)]
pub enum CountReply {
    /// How far the worker has got, in bytes of work.
    Progress {
        generation: u64,
        done: f64,
        total: f64,
    },
    /// The exact count with one encoding, and the milliseconds it took.
    Count {
        generation: u64,
        encoding: Encoding,
        count: u64,
        ms: f64,
    },
    /// The `o200k_base` tokens of prose, code and CJK lines (sent before `o200k_base`'s
    /// count, so the estimates built on it are final with it).
    Classes {
        generation: u64,
        classes: ClassCounts,
    },
    /// A vocabulary could not be loaded, and why.
    Unavailable {
        generation: u64,
        encoding: Encoding,
        error: String,
    },
    /// The worker has finished the job; the text had this many characters.
    Done { generation: u64, characters: u64 },
}

impl CountReply {
    /// The generation of the text the reply is about.
    pub fn generation(&self) -> u64 {
        match self {
            CountReply::Progress { generation, .. }
            | CountReply::Count { generation, .. }
            | CountReply::Classes { generation, .. }
            | CountReply::Unavailable { generation, .. }
            | CountReply::Done { generation, .. } => *generation,
        }
    }
}

/// How far a job has got, in bytes of work.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CountProgress {
    pub done: f64,
    pub total: f64,
}

/// What a reply changed, for the page to show.
#[derive(Debug, Clone, PartialEq)]
pub enum CountChange {
    /// The workers' progress on the current text, summed.
    Progress(CountProgress),
    /// A vocabulary could not be loaded (its encoding is settled, with no count).
    Unavailable { encoding: Encoding, error: String },
    /// Some counts of the current text are final: [`CountMerge::counts`] and
    /// [`CountMerge::ready`] now include them (the others are still coming).
    Counted,
    /// Every worker has finished the current text: [`CountMerge::counts`] and the rest now
    /// describe it in full.
    Final,
}

/// The merge of several workers' replies about the newest text.
#[derive(Debug, Clone, Default)]
pub struct CountMerge {
    generation: u64,
    /// Per worker: whether it has finished the current text, and how far it has got.
    finished: Vec<bool>,
    progress: Vec<CountProgress>,
    incoming: PromptCounts,
    incoming_timings: BTreeMap<Encoding, f64>,
    /// Encodings of the current text that are counted or known to be unavailable.
    settled: BTreeSet<Encoding>,
    /// Whether `counts` describe the current text (its `o200k_base` is settled).
    current: bool,
    counts: PromptCounts,
    timings: BTreeMap<Encoding, f64>,
    characters: u64,
    counting: bool,
}

impl CountMerge {
    /// A merge of `workers` workers' replies, before any text is sent (generation 0).
    pub fn new(workers: usize) -> CountMerge {
        CountMerge {
            finished: vec![false; workers],
            progress: vec![CountProgress::default(); workers],
            ..CountMerge::default()
        }
    }

    /// A new text is to be counted: returns its generation, which the requests carry.
    /// Replies about older texts are ignored from now on; the last counts stay in force
    /// until the new text's `o200k_base` count arrives.
    pub fn start(&mut self) -> u64 {
        self.generation += 1;
        self.counting = true;
        self.current = false;
        self.incoming = PromptCounts::default();
        self.incoming_timings.clear();
        self.settled.clear();
        self.finished.iter_mut().for_each(|done| *done = false);
        self.progress
            .iter_mut()
            .for_each(|p| *p = CountProgress::default());
        self.generation
    }

    /// The generation of the newest text.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Takes worker `worker`'s reply; `None` when it changes nothing shown (an older
    /// generation's reply, an unknown worker, or a count held until `o200k_base`'s).
    pub fn apply(&mut self, worker: usize, reply: CountReply) -> Option<CountChange> {
        if reply.generation() != self.generation || worker >= self.finished.len() {
            return None;
        }
        match reply {
            CountReply::Progress { done, total, .. } => {
                self.progress[worker] = CountProgress { done, total };
                Some(CountChange::Progress(CountProgress {
                    done: self.progress.iter().map(|p| p.done).sum(),
                    total: self.progress.iter().map(|p| p.total).sum(),
                }))
            }
            CountReply::Count {
                encoding,
                count,
                ms,
                ..
            } => {
                self.incoming.exact.insert(encoding, count);
                self.incoming_timings.insert(encoding, ms);
                self.settle(encoding).then_some(CountChange::Counted)
            }
            CountReply::Classes { classes, .. } => {
                self.incoming.o200k_by_class = classes;
                if self.current {
                    self.counts.o200k_by_class = classes;
                    return Some(CountChange::Counted);
                }
                None
            }
            CountReply::Unavailable {
                encoding, error, ..
            } => {
                self.settle(encoding);
                Some(CountChange::Unavailable { encoding, error })
            }
            CountReply::Done { characters, .. } => {
                self.finished[worker] = true;
                if !self.finished.iter().all(|&done| done) {
                    return None;
                }
                self.counts = std::mem::take(&mut self.incoming);
                self.timings = std::mem::take(&mut self.incoming_timings);
                self.characters = characters;
                self.counting = false;
                self.current = true;
                Some(CountChange::Final)
            }
        }
    }

    /// Marks `encoding` settled for the current text; true when that changed the counts in
    /// force (from `o200k_base`'s on, each settled encoding joins them).
    fn settle(&mut self, encoding: Encoding) -> bool {
        self.settled.insert(encoding);
        if !self.current && encoding != Encoding::O200kBase {
            return false;
        }
        self.current = true;
        self.counts = self.incoming.clone();
        self.timings = self.incoming_timings.clone();
        true
    }

    /// The counts in force: the current text's settled ones once its `o200k_base` is in,
    /// until then the last text's.
    pub fn counts(&self) -> &PromptCounts {
        &self.counts
    }

    /// Milliseconds per encoding, for the counts in force.
    pub fn timings(&self) -> &BTreeMap<Encoding, f64> {
        &self.timings
    }

    /// Characters of the last text counted in full.
    pub fn characters(&self) -> u64 {
        self.characters
    }

    /// Whether `encoding`'s count (or its absence, for a vocabulary that could not load) is
    /// final for the current text.
    pub fn is_ready(&self, encoding: Encoding) -> bool {
        !self.counting || (self.current && self.settled.contains(&encoding.counted_as()))
    }

    /// The encodings whose counts are final for the current text ([`Self::is_ready`]).
    pub fn ready(&self) -> BTreeSet<Encoding> {
        Encoding::ALL
            .into_iter()
            .filter(|&encoding| self.is_ready(encoding))
            .collect()
    }

    /// True from [`start`](Self::start) until every worker has finished that text.
    pub fn is_counting(&self) -> bool {
        self.counting
    }

    /// Whether the counts describe the newest text in full.
    pub fn is_final(&self) -> bool {
        !self.counting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(generation: u64, encoding: Encoding, count: u64) -> CountReply {
        CountReply::Count {
            generation,
            encoding,
            count,
            ms: 1.5,
        }
    }

    fn done(generation: u64, characters: u64) -> CountReply {
        CountReply::Done {
            generation,
            characters,
        }
    }

    #[test]
    fn each_count_is_published_as_it_arrives_and_final_once_every_worker_has_finished() {
        // Issue 12 changed this: counts used to wait for every worker; now o200k_base's
        // rows are priced as soon as it is counted.
        let mut merge = CountMerge::new(2);
        let g = merge.start();
        assert_eq!(
            merge.apply(0, count(g, Encoding::O200kBase, 12)),
            Some(CountChange::Counted)
        );
        assert!(merge.is_ready(Encoding::O200kBase));
        assert!(merge.is_ready(Encoding::O200kHarmony));
        assert!(!merge.is_ready(Encoding::Cl100kBase));
        assert_eq!(merge.counts().get(Encoding::Cl100kBase), None);
        assert_eq!(
            merge.apply(1, count(g, Encoding::Cl100kBase, 13)),
            Some(CountChange::Counted)
        );
        assert!(merge.is_ready(Encoding::Cl100kBase));
        assert!(!merge.is_ready(Encoding::Gemma3));
        assert_eq!(merge.apply(0, done(g, 40)), None);
        assert!(merge.is_counting());
        assert_eq!(merge.apply(1, done(g, 40)), Some(CountChange::Final));
        assert!(merge.is_ready(Encoding::Gemma3));
        assert!(merge.is_final());
        assert_eq!(merge.counts().get(Encoding::O200kBase), Some(12));
        assert_eq!(merge.counts().get(Encoding::Cl100kBase), Some(13));
        assert_eq!(merge.timings().get(&Encoding::Cl100kBase), Some(&1.5));
        assert_eq!(merge.characters(), 40);
    }

    #[test]
    fn replies_about_an_older_text_are_ignored() {
        let mut merge = CountMerge::new(1);
        let old = merge.start();
        let new = merge.start();
        assert_ne!(old, new);
        assert_eq!(merge.apply(0, count(old, Encoding::O200kBase, 99)), None);
        assert_eq!(merge.apply(0, done(old, 7)), None);
        assert!(merge.is_counting());
        merge.apply(0, count(new, Encoding::O200kBase, 5));
        assert_eq!(merge.apply(0, done(new, 3)), Some(CountChange::Final));
        assert_eq!(merge.counts().get(Encoding::O200kBase), Some(5));
        assert_eq!(merge.characters(), 3);
    }

    #[test]
    fn an_edit_while_counting_keeps_the_last_final_counts_until_the_new_ones_arrive() {
        let mut merge = CountMerge::new(1);
        let first = merge.start();
        merge.apply(0, count(first, Encoding::O200kBase, 10));
        merge.apply(0, done(first, 30));
        let second = merge.start();
        // The edit is being counted: the first text's counts are still the ones in force,
        // and none is ready for the new text.
        assert!(merge.is_counting());
        assert!(!merge.is_ready(Encoding::O200kBase));
        assert_eq!(merge.counts().get(Encoding::O200kBase), Some(10));
        assert_eq!(merge.characters(), 30);
        merge.apply(0, count(second, Encoding::O200kBase, 20));
        assert_eq!(merge.counts().get(Encoding::O200kBase), Some(20));
        // A third edit before the second finishes: the second's late replies are dropped.
        let third = merge.start();
        merge.apply(0, done(second, 60));
        assert_eq!(merge.counts().get(Encoding::O200kBase), Some(20));
        assert!(merge.is_counting());
        merge.apply(0, count(third, Encoding::Cl100kBase, 8));
        assert_eq!(merge.apply(0, done(third, 25)), Some(CountChange::Final));
        assert_eq!(merge.counts().get(Encoding::O200kBase), None);
        assert_eq!(merge.counts().get(Encoding::Cl100kBase), Some(8));
    }

    #[test]
    fn progress_is_summed_over_the_workers() {
        let mut merge = CountMerge::new(2);
        let g = merge.start();
        let progress = |generation, done, total| CountReply::Progress {
            generation,
            done,
            total,
        };
        assert_eq!(
            merge.apply(0, progress(g, 10.0, 100.0)),
            Some(CountChange::Progress(CountProgress {
                done: 10.0,
                total: 100.0
            }))
        );
        assert_eq!(
            merge.apply(1, progress(g, 5.0, 50.0)),
            Some(CountChange::Progress(CountProgress {
                done: 15.0,
                total: 150.0
            }))
        );
        // A worker's newer report replaces its older one.
        assert_eq!(
            merge.apply(0, progress(g, 100.0, 100.0)),
            Some(CountChange::Progress(CountProgress {
                done: 105.0,
                total: 150.0
            }))
        );
        // A new text starts from nothing.
        let next = merge.start();
        assert_eq!(
            merge.apply(1, progress(next, 1.0, 50.0)),
            Some(CountChange::Progress(CountProgress {
                done: 1.0,
                total: 50.0
            }))
        );
    }

    #[test]
    fn an_unavailable_vocabulary_is_reported_and_its_encoding_has_no_count() {
        let mut merge = CountMerge::new(1);
        let g = merge.start();
        assert_eq!(
            merge.apply(
                0,
                CountReply::Unavailable {
                    generation: g,
                    encoding: Encoding::Cl100kBase,
                    error: "404".into(),
                }
            ),
            Some(CountChange::Unavailable {
                encoding: Encoding::Cl100kBase,
                error: "404".into()
            })
        );
        merge.apply(0, count(g, Encoding::O200kBase, 4));
        merge.apply(0, done(g, 9));
        assert_eq!(merge.counts().get(Encoding::Cl100kBase), None);
        assert_eq!(merge.counts().get(Encoding::O200kBase), Some(4));
    }

    #[test]
    fn the_classes_of_the_text_arrive_with_its_counts() {
        let mut merge = CountMerge::new(1);
        let g = merge.start();
        merge.apply(
            0,
            CountReply::Classes {
                generation: g,
                classes: [3, 2, 1],
            },
        );
        merge.apply(0, done(g, 9));
        assert_eq!(merge.counts().o200k_by_class, [3, 2, 1]);
    }

    #[test]
    fn counts_of_other_encodings_wait_for_o200k_base_and_then_join_it() {
        let mut merge = CountMerge::new(2);
        let first = merge.start();
        merge.apply(0, count(first, Encoding::O200kBase, 10));
        merge.apply(1, count(first, Encoding::Cl100kBase, 11));
        merge.apply(0, done(first, 30));
        merge.apply(1, done(first, 30));
        let second = merge.start();
        // The second worker is quicker: its count waits, the first text's stay in force.
        assert_eq!(
            merge.apply(1, count(second, Encoding::Cl100kBase, 21)),
            None
        );
        assert_eq!(merge.counts().get(Encoding::Cl100kBase), Some(11));
        assert!(!merge.is_ready(Encoding::Cl100kBase));
        merge.apply(
            0,
            CountReply::Classes {
                generation: second,
                classes: [5, 4, 3],
            },
        );
        assert_eq!(
            merge.apply(0, count(second, Encoding::O200kBase, 20)),
            Some(CountChange::Counted)
        );
        assert_eq!(merge.counts().get(Encoding::O200kBase), Some(20));
        assert_eq!(merge.counts().get(Encoding::Cl100kBase), Some(21));
        assert_eq!(merge.counts().o200k_by_class, [5, 4, 3]);
        assert!(merge.is_ready(Encoding::Cl100kBase));
    }

    #[test]
    fn an_unavailable_o200k_base_still_lets_the_other_counts_through() {
        let mut merge = CountMerge::new(1);
        let g = merge.start();
        merge.apply(
            0,
            CountReply::Unavailable {
                generation: g,
                encoding: Encoding::O200kBase,
                error: "404".into(),
            },
        );
        assert!(merge.is_ready(Encoding::O200kBase));
        assert_eq!(
            merge.apply(0, count(g, Encoding::Cl100kBase, 7)),
            Some(CountChange::Counted)
        );
        assert_eq!(merge.counts().get(Encoding::Cl100kBase), Some(7));
        assert_eq!(merge.counts().get(Encoding::O200kBase), None);
    }

    #[test]
    fn a_reply_from_a_worker_that_was_never_started_is_ignored() {
        let mut merge = CountMerge::new(1);
        let g = merge.start();
        assert_eq!(merge.apply(3, done(g, 9)), None);
        assert!(merge.is_counting());
    }
}
