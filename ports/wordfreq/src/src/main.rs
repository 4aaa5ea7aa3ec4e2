//! `wordfreq [-n N] [FILE...]`: lines, words and bytes of each file (or of
//! standard input), a total, then the N most frequent words (default 10),
//! most frequent first, ties in alphabetical order. Words are runs of
//! letters and digits, compared case-insensitively.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::process::ExitCode;

#[derive(Default)]
struct Counts {
    lines: u64,
    words: u64,
    bytes: u64,
}

fn count(data: &[u8], freq: &mut HashMap<String, u64>) -> Counts {
    let mut c = Counts {
        bytes: data.len() as u64,
        ..Counts::default()
    };
    c.lines = data.iter().filter(|&&b| b == b'\n').count() as u64;
    let text = String::from_utf8_lossy(data);
    for word in text.split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty()) {
        c.words += 1;
        *freq.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    c
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut top = 10usize;
    if args.first().map(String::as_str) == Some("-n") {
        match args.get(1).and_then(|n| n.parse().ok()) {
            Some(n) => top = n,
            None => {
                eprintln!("wordfreq: -n needs a number");
                return ExitCode::from(2);
            }
        }
        args.drain(..2);
    }
    let mut freq = HashMap::new();
    let mut total = Counts::default();
    let mut failed = false;
    let out = io::stdout();
    let mut out = out.lock();
    let inputs: Vec<Option<String>> = if args.is_empty() {
        vec![None]
    } else {
        args.into_iter().map(Some).collect()
    };
    for input in &inputs {
        let mut data = Vec::new();
        let read = match input {
            None => io::stdin().read_to_end(&mut data).map(|_| ()),
            Some(path) => std::fs::read(path).map(|d| data = d),
        };
        if let Err(e) = read {
            eprintln!("wordfreq: {}: {}", input.as_deref().unwrap_or("-"), e);
            failed = true;
            continue;
        }
        let c = count(&data, &mut freq);
        let _ = writeln!(out, "{:7} {:7} {:7} {}", c.lines, c.words, c.bytes, input.as_deref().unwrap_or("-"));
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if inputs.len() > 1 {
        let _ = writeln!(out, "{:7} {:7} {:7} total", total.lines, total.words, total.bytes);
    }
    let mut words: Vec<(&String, &u64)> = freq.iter().collect();
    words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (word, n) in words.into_iter().take(top) {
        let _ = writeln!(out, "{n:7} {word}");
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
