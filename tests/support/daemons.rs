//! A program from the machine (a proxy) run by a test in the foreground
//! on a free loopback port, its files in a folder of its own, stopped
//! (SIGTERM, then waited for) when dropped.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free loopback address (bound, then freed for the program to take).
pub(crate) fn free_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
}

/// A running program; stopped when dropped.
pub(crate) struct Daemon {
    name: &'static str,
    child: Child,
    /// Its folder: configuration, logs, pid file.
    pub(crate) dir: PathBuf,
    /// Where it writes what it prints.
    log: PathBuf,
}

impl Daemon {
    /// Starts `command` (its output to `output.log` in `dir`) and waits
    /// until it listens on `listen`.
    pub(crate) fn start(
        name: &'static str,
        mut command: Command,
        dir: &Path,
        listen: SocketAddr,
    ) -> Self {
        let log = dir.join("output.log");
        let out = std::fs::File::create(&log).expect("a log file");
        let child = command
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("the log file"))
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("{name} starts: {e}"));
        let mut daemon = Self {
            name,
            child,
            dir: dir.to_owned(),
            log,
        };
        daemon.wait_for(listen);
        daemon
    }

    /// What it printed so far.
    pub(crate) fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_for(&mut self, listen: SocketAddr) {
        let started = Instant::now();
        while TcpStream::connect_timeout(&listen, Duration::from_millis(100)).is_err() {
            assert!(
                self.child.try_wait().expect("its status").is_none(),
                "{} exited: {}",
                self.name,
                self.output()
            );
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{} does not listen on {listen}: {}",
                self.name,
                self.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}
