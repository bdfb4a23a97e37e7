//! A failing step is a panic (cucumber raises a step's `Err` as one), and
//! the default panic hook would print each with a backtrace. The collector
//! reports failures itself, so while a suite runs on a thread, panics on
//! that thread are not printed; panics anywhere else still are.

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    static RUNNING: Cell<usize> = const { Cell::new(0) };
}

/// Silences panic output on this thread until the guard is dropped.
#[must_use]
pub(super) fn while_running() -> Guard {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if RUNNING.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
    RUNNING.with(|r| r.set(r.get() + 1));
    Guard(())
}

/// Restores panic output when dropped.
#[derive(Debug)]
pub(super) struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        RUNNING.with(|r| r.set(r.get().saturating_sub(1)));
    }
}
