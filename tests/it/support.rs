//! The test harness: fresh copies of fixture sites, running the binary, golden files.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A site in a fresh folder of its own.
pub struct Site {
    pub root: PathBuf,
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts that standard error says `what` (`"error["`, `"warning[translations]"`)
    /// exactly `times` times, and shows it all when not.
    #[track_caller]
    pub fn assert_says(&self, what: &str, times: usize) {
        let said = self.stderr.matches(what).count();
        assert_eq!(said, times, "how often it says `{what}`:\n{}", self.stderr);
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The repository's own folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder under cargo's temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{name}-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

impl Site {
    /// An empty site.
    pub fn empty(name: &str) -> Site {
        Site {
            root: temp_dir(name),
        }
    }

    /// A copy of `tests/fixtures/<path>`.
    pub fn fixture(path: &str) -> Site {
        let site = Site::empty(&path.replace('/', "-"));
        copy_dir(&repo().join("tests/fixtures").join(path), &site.root);
        site
    }

    /// A copy of the example site of the repository (`site.yaml` and `content/`).
    pub fn example() -> Site {
        let site = Site::empty("example");
        fs::copy(repo().join("site.yaml"), site.root.join("site.yaml")).unwrap();
        copy_dir(&repo().join("content"), &site.root.join("content"));
        site
    }

    /// Writes a file of the site.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> Site {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    /// Runs `leidraad ARGS` in the site's folder, without colours.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = command(env!("CARGO_BIN_EXE_leidraad"), &self.root, args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Builds into `public/` and expects success.
    #[track_caller]
    pub fn build_ok(&self, args: &[&str]) -> PathBuf {
        let mut all = vec!["build"];
        all.extend(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        self.root.join("public")
    }

    /// The text of an output file.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir`, as sorted paths relative to it.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push(
                entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    out
}

/// Compares `actual` with the golden file at `path`; `UPDATE_EXPECT=1` rewrites it instead.
/// Returns a description of the difference, if any.
pub fn golden(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return None;
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{} differs from line {} on (UPDATE_EXPECT=1 rewrites it)\n--- expected\n{}\n--- actual\n{}",
        path.display(),
        first + 1,
        expected.lines().skip(first).take(8).collect::<Vec<_>>().join("\n"),
        actual.lines().skip(first).take(8).collect::<Vec<_>>().join("\n"),
    ))
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html
        .find("</main>")
        .map_or(html.len(), |i| i + "</main>".len());
    &html[start..end]
}

/// Every value of an attribute in an HTML text (`href`, `src`, `id`).
pub fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// A running `leidraad serve`, killed when dropped (also when a test fails).
pub struct Serve {
    pub child: Child,
    pub port: u16,
    stderr: Arc<Mutex<String>>,
    /// What came on stdout after the `serving` line, once stdout closed.
    pub stdout: Option<thread::JoinHandle<String>>,
}

/// `BIN ARGS` in `dir`, without colours, with no input and its output piped.
pub fn command(bin: &str, dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(bin);
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// An HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Serve {
    /// Starts `leidraad serve --port 0 ARGS` in the site's folder and waits for its URL.
    pub fn start(site: &Site, args: &[&str]) -> Serve {
        let mut all = vec!["serve", "--port", "0"];
        all.extend(args);
        let mut child = command(env!("CARGO_BIN_EXE_leidraad"), &site.root, &all)
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let mut serve = Serve {
            child,
            port: 0,
            stderr,
            stdout: None,
        };
        let port = line
            .trim_end()
            .strip_prefix("serving http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|port| port.parse().ok());
        match port {
            Some(port) => serve.port = port,
            None => panic!(
                "no `serving` line but {line:?}; stderr:\n{}",
                serve.stderr()
            ),
        }
        serve.stdout = Some(thread::spawn(move || {
            let mut rest = String::new();
            let _ = stdout.read_to_string(&mut rest);
            rest
        }));
        serve
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream
    }

    /// Sends `bytes` as they are and reads the answer until the server closes.
    pub fn raw(&self, bytes: &[u8]) -> Vec<u8> {
        let mut stream = self.connect();
        stream.write_all(bytes).unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        out
    }

    pub fn request(&self, method: &str, target: &str) -> Reply {
        let out = self.raw(
            format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        parse_reply(&out)
    }

    pub fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    pub fn status(&self) -> Value {
        let reply = self.get("/__leidraad/status");
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        serde_json::from_slice(&reply.body).unwrap()
    }

    /// Polls `check` until it holds, for at most 10 seconds.
    #[track_caller]
    pub fn wait_for(&self, what: &str, check: impl FnMut(&Serve) -> bool) {
        self.wait_for_within(Duration::from_secs(10), what, check);
    }

    /// Polls `check` until it holds, for at most `time`.
    #[track_caller]
    pub fn wait_for_within(
        &self,
        time: Duration,
        what: &str,
        mut check: impl FnMut(&Serve) -> bool,
    ) {
        let deadline = Instant::now() + time;
        while !check(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the search index of `build` is made: for at most a minute, since the
    /// index runs at the lowest priority and, on a machine busy with other tests, waits.
    #[track_caller]
    pub fn wait_for_index(&self, build: u64) {
        let needle = format!("search index of build {build} in");
        self.wait_for_within(Duration::from_secs(60), &needle, |s| {
            s.stderr().contains(&needle)
        });
    }

    /// Waits until `needle` has come on stderr.
    #[track_caller]
    pub fn wait_for_stderr(&self, needle: &str) {
        self.wait_for(&format!("{needle:?} on stderr"), |s| {
            s.stderr().contains(needle)
        });
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits for the process to end by itself.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub fn parse_reply(out: &[u8]) -> Reply {
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(out)));
    let head = String::from_utf8(out[..split].to_vec()).unwrap();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    Reply {
        status,
        head,
        body: out[split + 4..].to_vec(),
    }
}
