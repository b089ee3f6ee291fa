//! How far an import has got, for a window that shows a large file being read: a sign-in
//! log can be a gigabyte and take a while, and a bar that moves says the app is working.

use std::io::Read;

use serde::Serialize;

/// What an import is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportStage {
    /// Reading and parsing the file; `done` of `total` bytes.
    Reading,
    /// Judging the rows against the shipped data.
    Analysing,
    /// Keeping the file as evidence and storing the findings.
    Storing,
}

/// One progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProgress {
    /// The stage.
    pub stage: ImportStage,
    /// Bytes read so far.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    /// The file's size.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
}

/// Reports are sent about every this many bytes, so a small file sends one or two and a
/// large one a few hundred.
const STEP: u64 = 4 << 20;

/// A reader that reports the bytes read through it.
pub(super) struct Counting<'a, R> {
    inner: R,
    done: u64,
    next: u64,
    total: u64,
    report: &'a dyn Fn(ImportProgress),
}

impl<'a, R> Counting<'a, R> {
    pub(super) fn new(inner: R, total: u64, report: &'a dyn Fn(ImportProgress)) -> Self {
        report(ImportProgress {
            stage: ImportStage::Reading,
            done: 0,
            total,
        });
        Counting {
            inner,
            done: 0,
            next: STEP,
            total,
            report,
        }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        if self.done >= self.next || (n == 0 && self.done > 0) {
            self.next = self.done + STEP;
            (self.report)(ImportProgress {
                stage: ImportStage::Reading,
                done: self.done,
                total: self.total,
            });
        }
        Ok(n)
    }
}

/// A report of a later stage, with the whole file read.
pub(super) fn stage(report: &dyn Fn(ImportProgress), stage: ImportStage, total: u64) {
    report(ImportProgress {
        stage,
        done: total,
        total,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn reading_reports_start_steps_and_end_and_never_goes_back() {
        let seen = RefCell::new(Vec::new());
        let report = |p: ImportProgress| seen.borrow_mut().push(p.done);
        let data = vec![7u8; (STEP * 2 + 10) as usize];
        let mut r = Counting::new(&data[..], data.len() as u64, &report);
        std::io::copy(&mut r, &mut std::io::sink()).unwrap();
        let seen = seen.into_inner();
        assert_eq!(seen.first(), Some(&0));
        assert_eq!(seen.last(), Some(&(data.len() as u64)));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert!(seen.len() <= 5, "{seen:?}");
    }
}
