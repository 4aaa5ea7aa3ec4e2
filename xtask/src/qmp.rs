//! A small client for QEMU's machine protocol (QMP) over a Unix socket: what
//! the tests need to type on the guest's keyboard, take a screenshot and quit.
//!
//! QMP speaks one JSON object per line. The messages sent here are fixed
//! shapes, and the replies only need telling apart (`"return"`, `"error"`,
//! or an asynchronous `"event"` to skip), so there is no JSON library.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

pub struct Qmp {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
}

impl Qmp {
    /// Connects (retrying until `patience` runs out, as QEMU may not have
    /// created the socket yet), reads the greeting and leaves capabilities
    /// negotiation mode.
    pub fn connect(socket: &Path, patience: Duration) -> Result<Qmp> {
        let give_up = Instant::now() + patience;
        let stream = loop {
            match UnixStream::connect(socket) {
                Ok(stream) => break stream,
                Err(err) if Instant::now() >= give_up => {
                    return Err(err)
                        .with_context(|| format!("cannot connect to QMP at {}", socket.display()))
                }
                Err(_) => thread::sleep(Duration::from_millis(50)),
            }
        };
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let writer = stream.try_clone()?;
        let mut qmp = Qmp {
            reader: BufReader::new(stream),
            writer,
        };
        let greeting = qmp.read_line()?;
        if !greeting.contains("\"QMP\"") {
            bail!("unexpected QMP greeting: {greeting}");
        }
        qmp.execute(r#"{"execute":"qmp_capabilities"}"#)?;
        Ok(qmp)
    }

    /// Sends one command and waits for its reply; events in between are
    /// skipped. Returns the reply line.
    pub fn execute(&mut self, command: &str) -> Result<String> {
        self.writer.write_all(command.as_bytes())?;
        self.writer.write_all(b"\n")?;
        self.writer.flush()?;
        loop {
            let line = self.read_line()?;
            match classify(&line) {
                Reply::Return => return Ok(line),
                Reply::Error => bail!("QMP refused {command}: {line}"),
                Reply::Event => continue,
            }
        }
    }

    /// Presses and releases one key (with modifiers) per QMP `send-key`.
    pub fn send_key(&mut self, keys: &[&str]) -> Result<()> {
        let list: Vec<String> = keys
            .iter()
            .map(|key| format!(r#"{{"type":"qcode","data":"{key}"}}"#))
            .collect();
        self.execute(&format!(
            r#"{{"execute":"send-key","arguments":{{"keys":[{}]}}}}"#,
            list.join(",")
        ))?;
        Ok(())
    }

    /// Types `text` on the PS/2 keyboard, one key at a time with a pause so
    /// the guest sees separate presses.
    pub fn type_text(&mut self, text: &str, pause: Duration) -> Result<()> {
        for c in text.chars() {
            let keys = keys_for(c).with_context(|| format!("cannot type {c:?}"))?;
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            self.send_key(&keys)?;
            thread::sleep(pause);
        }
        Ok(())
    }

    /// Saves the guest's screen as a PPM file (QEMU writes it; the path must
    /// be absolute).
    pub fn screendump(&mut self, file: &Path) -> Result<()> {
        let path = json_string(&file.to_string_lossy());
        self.execute(&format!(
            r#"{{"execute":"screendump","arguments":{{"filename":{path}}}}}"#
        ))?;
        Ok(())
    }

    /// Asks QEMU to exit (status 0). The connection may close before a reply.
    pub fn quit(&mut self) -> Result<()> {
        self.writer.write_all(b"{\"execute\":\"quit\"}\n")?;
        self.writer.flush()?;
        Ok(())
    }

    fn read_line(&mut self) -> Result<String> {
        let mut line = String::new();
        let count = self
            .reader
            .read_line(&mut line)
            .context("no answer from QMP")?;
        if count == 0 {
            bail!("QMP closed the connection");
        }
        Ok(line.trim_end().to_string())
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Reply {
    Return,
    Error,
    Event,
}

/// Tells a reply line apart by its top-level key, which QEMU writes first.
fn classify(line: &str) -> Reply {
    let body = line.trim_start().trim_start_matches('{').trim_start();
    if body.starts_with("\"return\"") {
        Reply::Return
    } else if body.starts_with("\"error\"") {
        Reply::Error
    } else {
        Reply::Event
    }
}

/// The QEMU key codes ("qcodes") that type `c` on a US keyboard.
pub fn keys_for(c: char) -> Option<Vec<String>> {
    let key = |name: &str| Some(vec![name.to_string()]);
    let shifted = |name: &str| Some(vec!["shift".to_string(), name.to_string()]);
    match c {
        'a'..='z' | '0'..='9' => key(&c.to_string()),
        'A'..='Z' => shifted(&c.to_ascii_lowercase().to_string()),
        '\n' => key("ret"),
        ' ' => key("spc"),
        '\t' => key("tab"),
        '-' => key("minus"),
        '_' => shifted("minus"),
        '=' => key("equal"),
        '+' => shifted("equal"),
        '.' => key("dot"),
        ',' => key("comma"),
        '/' => key("slash"),
        ';' => key("semicolon"),
        ':' => shifted("semicolon"),
        '\'' => key("apostrophe"),
        '"' => shifted("apostrophe"),
        '|' => shifted("backslash"),
        '\\' => key("backslash"),
        _ => None,
    }
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    #[test]
    fn replies_are_told_apart() {
        assert_eq!(classify(r#"{"return": {}}"#), Reply::Return);
        assert_eq!(
            classify(r#"{"error": {"class": "GenericError", "desc": "x"}}"#),
            Reply::Error
        );
        assert_eq!(
            classify(
                r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "RESET", "data": {"return": 1}}"#
            ),
            Reply::Event
        );
    }

    #[test]
    fn keys_for_text() {
        assert_eq!(keys_for('u'), Some(vec!["u".to_string()]));
        assert_eq!(keys_for('7'), Some(vec!["7".to_string()]));
        assert_eq!(keys_for('\n'), Some(vec!["ret".to_string()]));
        assert_eq!(
            keys_for('P'),
            Some(vec!["shift".to_string(), "p".to_string()])
        );
        assert_eq!(keys_for('é'), None);
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string(r#"/tmp/a"b\c"#), r#""/tmp/a\"b\\c""#);
        assert_eq!(json_string("\n"), r#""\u000a""#);
    }

    /// Talks to a fake QEMU on a socket: greeting, capabilities, an event
    /// before a reply, an error reply.
    #[test]
    fn conversation_with_a_fake_qemu() {
        let socket = std::env::temp_dir().join(format!("xtask-qmp-{}.sock", std::process::id()));
        let _ = std::fs::remove_file(&socket);
        let listener = UnixListener::bind(&socket).unwrap();
        let server = thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut writer = stream;
            let mut received = Vec::new();
            writeln!(
                writer,
                r#"{{"QMP": {{"version": {{}}, "capabilities": []}}}}"#
            )
            .unwrap();
            let replies = [
                r#"{"return": {}}"#.to_string(),
                format!(
                    "{}\n{}",
                    r#"{"event": "X", "timestamp": {}}"#, r#"{"return": {}}"#
                ),
                r#"{"error": {"class": "GenericError", "desc": "no"}}"#.to_string(),
            ];
            for reply in replies {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                received.push(line.trim_end().to_string());
                writeln!(writer, "{reply}").unwrap();
            }
            received
        });
        let mut qmp = Qmp::connect(&socket, Duration::from_secs(5)).unwrap();
        qmp.send_key(&["shift", "a"]).unwrap();
        assert!(qmp.screendump(Path::new("/tmp/s.ppm")).is_err());
        let received = server.join().unwrap();
        std::fs::remove_file(&socket).unwrap();
        assert_eq!(received[0], r#"{"execute":"qmp_capabilities"}"#);
        assert_eq!(
            received[1],
            r#"{"execute":"send-key","arguments":{"keys":[{"type":"qcode","data":"shift"},{"type":"qcode","data":"a"}]}}"#
        );
        assert_eq!(
            received[2],
            r#"{"execute":"screendump","arguments":{"filename":"/tmp/s.ppm"}}"#
        );
    }
}
