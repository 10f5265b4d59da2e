//! Work spread over threads whose results are used in their order.
//!
//! `audit` evaluates releases, `gather` reads files and writes test cases this way: the output
//! must not depend on which thread finished first, and a long run must not hold every result
//! in memory before the first one is used.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex};

/// Run `work(i)` for every `i` in `0..count` on `jobs` threads (`1` runs them on one thread
/// beside the caller) and hand each result to `emit` in the order of `i`, as soon as it and
/// all before it are done. A thread takes item `i` only when `i` is less than `ahead` past the
/// next one to emit, so at most `ahead` results wait in memory.
pub fn in_order<T: Send>(
    count: usize,
    jobs: usize,
    ahead: usize,
    work: impl Fn(usize) -> T + Sync,
    mut emit: impl FnMut(T),
) {
    let jobs = jobs.clamp(1, count.max(1));
    let ahead = ahead.max(1);
    // The next item to take, and the next to emit.
    let state = Mutex::new((0_usize, 0_usize));
    let turn = Condvar::new();
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (state, turn, work) = (&state, &turn, &work);
            scope.spawn(move || {
                loop {
                    let index = {
                        let mut guard = state.lock().unwrap_or_else(|p| p.into_inner());
                        while guard.0 < count && guard.0 >= guard.1 + ahead {
                            guard = turn.wait(guard).unwrap_or_else(|p| p.into_inner());
                        }
                        if guard.0 >= count {
                            return;
                        }
                        guard.0 += 1;
                        guard.0 - 1
                    };
                    if sender.send((index, work(index))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        let mut next = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                emit(result);
                next += 1;
                state.lock().unwrap_or_else(|p| p.into_inner()).1 = next;
                turn.notify_all();
            }
        }
    });
}

/// How many threads to use for work that can take every core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Results arrive in order whatever the threads and however long each item takes, and no
    /// thread runs further ahead than allowed.
    #[test]
    fn results_come_in_order_and_no_further_ahead_than_allowed() {
        for jobs in [1, 2, 5] {
            let emitted = Mutex::new(0_usize);
            let mut seen = Vec::new();
            in_order(
                40,
                jobs,
                3,
                |i| {
                    let done = *emitted.lock().unwrap();
                    assert!(i < done + 3, "item {i} taken with only {done} emitted");
                    std::thread::sleep(std::time::Duration::from_micros(
                        ((i * 7) % 5) as u64 * 200,
                    ));
                    i * 10
                },
                |r| {
                    seen.push(r);
                    *emitted.lock().unwrap() += 1;
                },
            );
            assert_eq!(
                seen,
                (0..40).map(|i| i * 10).collect::<Vec<_>>(),
                "{jobs} jobs"
            );
        }
        let mut none = Vec::<usize>::new();
        in_order(0, 4, 2, |i| i, |r| none.push(r));
        assert!(none.is_empty());
    }
}
