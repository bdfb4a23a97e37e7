use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use super::{Interrupt, each_on_own_thread};

/// How long a test waits for what cannot come when the targets share a
/// thread: a deadlock turned into a failure, not a speed goal.
const DEADLOCK: Duration = Duration::from_mins(1);

#[test]
fn a_target_holding_its_thread_does_not_hold_back_another() {
    let (tell, told): (Sender<()>, Receiver<()>) = channel();
    let (tell, told) = (Mutex::new(tell), Mutex::new(told));
    let ran = each_on_own_thread(
        &[0, 1],
        |&item| async move { (item, ()) },
        |_: Vec<()>| true,
        |_, item, _interrupt| {
            let (tell, told) = (&tell, &told);
            async move {
                if item == 0 {
                    // Holds its thread, as a target's scenarios busy with
                    // answers do, until the other target has been answered.
                    told.lock().expect("lock").recv_timeout(DEADLOCK).is_ok()
                } else {
                    // Needs its runtime's timer: on a shared thread held by
                    // the first target it would never fire.
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    tell.lock().expect("lock").send(()).is_ok()
                }
            }
        },
        std::future::pending(),
    );
    assert_eq!(ran, Ok(Some(vec![true, true])));
}

#[test]
fn meet_hears_every_target_in_their_order_whatever_order_they_connect_in() {
    let (tell, told) = channel();
    let (tell, told) = (Mutex::new(tell), Mutex::new(told));
    let mut heard = Vec::new();
    let ran = each_on_own_thread(
        &["first", "second"],
        |&name| {
            let (tell, told) = (&tell, &told);
            async move {
                if name == "first" {
                    // Connects only after the second has.
                    let _ = told.lock().expect("lock").recv_timeout(DEADLOCK);
                } else {
                    let _ = tell.lock().expect("lock").send(());
                }
                ((), name)
            }
        },
        |summaries| {
            heard = summaries;
            true
        },
        |&name, (), _| async move { name },
        std::future::pending(),
    );
    assert_eq!(ran, Ok(Some(vec!["first", "second"])));
    assert_eq!(heard, ["first", "second"]);
}

#[test]
fn when_meet_says_stop_no_target_runs() {
    let ran: Result<Option<Vec<()>>, String> = each_on_own_thread(
        &[0, 1],
        |&item| async move { ((), item) },
        |summaries| summaries != [0, 1],
        |_, (), _| async { panic!("a target ran after meet said no") },
        std::future::pending(),
    );
    assert_eq!(ran, Ok(None));
}

#[test]
fn stop_interrupts_every_target_that_is_still_running() {
    let (started, starts) = channel();
    let started = Mutex::new(started);
    let both_started = async move {
        for _ in 0..2 {
            let _ = starts.recv_timeout(DEADLOCK);
        }
    };
    let ran = each_on_own_thread(
        &[0, 1],
        |&item| async move { ((), item) },
        |_| true,
        |_, (), interrupt: Interrupt| {
            let started = &started;
            async move {
                let _ = started.lock().expect("lock").send(());
                interrupt.requested().await;
                "interrupted"
            }
        },
        both_started,
    );
    assert_eq!(ran, Ok(Some(vec!["interrupted", "interrupted"])));
}
