//! Keeps a panic in one document's extraction from taking the batch down: the work runs under
//! `catch_unwind`, and the panic's message and source location come back as an error that the
//! batch reports as a skipped document.
//!
//! A panic is a bug, and the error says where it is, so that it can be reported and fixed; but
//! a knowledge-graph builder reads what the web gives it, and one odd article must not cost
//! the others their place in the store.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// How many `contain` calls this thread is inside: their panics are reported by the caller,
    /// not printed by the hook.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Where the last contained panic on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// A panic caught at a document's boundary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("extraction failed (a bug: please report it) at {location}: {message}")]
pub struct Panicked {
    /// What the panic said.
    pub message: String,
    /// The source file, line and column of the panic.
    pub location: String,
}

/// Runs `work`, turning a panic into [`Panicked`]. The work may leave the values it borrowed
/// mutably half-changed, so callers hand it only what belongs to the one document.
pub fn contain<T>(work: impl FnOnce() -> T) -> Result<T, Panicked> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|payload| {
        let message = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic without a message".to_string()
        };
        let location = LOCATION.with(|l| l.borrow_mut().take()).unwrap_or_else(|| "an unknown place".into());
        Panicked { message, location }
    })
}

/// Wraps the process's panic hook once: inside `contain` it records where the panic happened
/// instead of printing it; everywhere else it defers to the hook that was there before.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if DEPTH.with(Cell::get) > 0 {
                let at = info.location().map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                LOCATION.with(|l| *l.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message_and_place() {
        let caught = contain(|| -> usize {
            let v: Vec<usize> = Vec::new();
            let i = v.len() + 3;
            v[i]
        })
        .expect_err("indexing past the end panics");
        assert!(caught.message.contains("index out of bounds"), "{caught:?}");
        assert!(caught.location.starts_with("src/contain.rs:"), "{caught:?}");
        assert!(caught.to_string().contains("src/contain.rs:"));
    }

    #[test]
    fn formatted_messages_and_nested_calls_are_kept() {
        let outer = contain(|| {
            let inner = contain(|| panic!("inner {}", 1));
            assert_eq!(inner.as_ref().map_err(|p| p.message.as_str()), Err("inner 1"));
            7
        });
        assert_eq!(outer, Ok(7));
    }

    #[test]
    fn work_that_does_not_panic_returns_its_value() {
        assert_eq!(contain(|| 2 + 2), Ok(4));
    }
}
