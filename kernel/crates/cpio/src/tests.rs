extern crate std;

use super::*;
use alloc::vec::Vec;
use std::format;
use std::string::String;

fn sample_archive() -> Vec<u8> {
    let mut w = Writer::new();
    w.add_dir(".", 0o755);
    w.add_dir("bin", 0o755);
    w.add_file("bin/init", 0o755, b"\x7fELF init binary");
    w.add_file("etc/motd", 0o644, b"hello\n");
    w.add_file("empty", 0o600, b"");
    w.add_symlink("bin/sh", "init");
    w.finish()
}

#[test]
fn hand_built_header_byte_for_byte() {
    let mut w = Writer::new();
    w.add_file("a", 0o644, b"xy");
    let archive = w.finish();
    let mut expected = Vec::new();
    expected.extend_from_slice(
        b"070701\
          00000001\
          000081a4\
          00000000\
          00000000\
          00000001\
          00000000\
          00000002\
          00000000\
          00000000\
          00000000\
          00000000\
          00000002\
          00000000",
    );
    expected.extend_from_slice(b"a\0"); // 110 + 2 = 112, already aligned
    expected.extend_from_slice(b"xy\0\0");
    expected.extend_from_slice(
        b"070701\
          00000000\
          00000000\
          00000000\
          00000000\
          00000001\
          00000000\
          00000000\
          00000000\
          00000000\
          00000000\
          00000000\
          0000000b\
          00000000",
    );
    expected.extend_from_slice(b"TRAILER!!!\0\0\0\0"); // NUL + 3 pad: 110 + 11 -> 124
    assert_eq!(archive.len() % 4, 0);
    assert_eq!(
        String::from_utf8_lossy(&archive),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(archive, expected);
}

#[test]
fn writer_reader_round_trip() {
    let archive = sample_archive();
    let all: Vec<Entry<'_>> = entries(&archive).collect::<Result<_, _>>().unwrap();
    let names: Vec<&str> = all.iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        [".", "bin", "bin/init", "etc/motd", "empty", "bin/sh"]
    );

    let inos: Vec<u32> = all.iter().map(|e| e.ino).collect();
    assert_eq!(inos, [1, 2, 3, 4, 5, 6]);

    let bin = all[1];
    assert!(bin.is_dir() && !bin.is_file() && !bin.is_symlink());
    assert_eq!(bin.mode, 0o040755);
    assert_eq!(bin.nlink, 2);
    assert!(bin.data.is_empty());

    let init = all[2];
    assert!(init.is_file());
    assert_eq!(init.mode, 0o100755);
    assert_eq!(init.permissions(), 0o755);
    assert_eq!(init.data, b"\x7fELF init binary");
    assert_eq!((init.uid, init.gid, init.nlink, init.mtime), (0, 0, 1, 0));

    assert_eq!(all[4].data, b"");
    let sh = all[5];
    assert!(sh.is_symlink());
    assert_eq!(sh.mode, 0o120777);
    assert_eq!(sh.data, b"init");
}

#[test]
fn every_data_length_round_trips() {
    // Lengths 0..=9 exercise every padding case for names and data.
    let mut w = Writer::new();
    for n in 0..10usize {
        let name = "n".repeat(n + 1);
        let data: Vec<u8> = (0..n as u8).collect();
        w.add_file(&name, 0o644, &data);
    }
    let archive = w.finish();
    let all: Vec<Entry<'_>> = entries(&archive).collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), 10);
    for (n, e) in all.iter().enumerate() {
        assert_eq!(e.name.len(), n + 1);
        assert_eq!(e.data, (0..n as u8).collect::<Vec<u8>>());
    }
}

#[test]
fn find_ignores_leading_slash_and_dot() {
    let archive = sample_archive();
    for path in ["bin/init", "/bin/init", "./bin/init", "//./bin/init"] {
        let e = find(&archive, path).unwrap_or_else(|| panic!("{path}"));
        assert_eq!(e.data, b"\x7fELF init binary");
    }
    assert_eq!(find(&archive, "/").map(|e| e.name), Some("."));
    assert_eq!(find(&archive, ".").map(|e| e.name), Some("."));
    assert!(find(&archive, "bin/ini").is_none());
    assert!(find(&archive, "TRAILER!!!").is_none());
    assert!(find(&[], "bin").is_none());

    let mut w = Writer::new();
    w.add_file("./abs/x", 0o644, b"1");
    w.add_file("/abs/y", 0o644, b"2");
    let archive = w.finish();
    assert_eq!(find(&archive, "abs/x").unwrap().data, b"1");
    assert_eq!(find(&archive, "/abs/y").unwrap().data, b"2");
    assert_eq!(find(&archive, "./abs/y").unwrap().name, "/abs/y");
}

#[test]
fn accepts_the_crc_magic_and_upper_case_hex() {
    let mut archive = sample_archive();
    archive[5] = b'2';
    // Upper-case the mode field of the first header ("000041ed").
    for b in &mut archive[14..22] {
        b.make_ascii_uppercase();
    }
    let first = entries(&archive).next().unwrap().unwrap();
    assert_eq!(first.mode, 0o040755);
}

#[test]
fn ends_at_end_of_data_without_trailer() {
    let archive = sample_archive();
    // Cut the archive right before the trailer header.
    let trailer_at = archive.len() - 124;
    assert_eq!(&archive[trailer_at..trailer_at + 6], b"070701");
    let cut = &archive[..trailer_at];
    assert_eq!(entries(cut).count(), 6);
    assert!(entries(cut).all(|e| e.is_ok()));
    assert_eq!(entries(&[]).count(), 0);
}

#[test]
fn stops_at_trailer_and_ignores_what_follows() {
    let mut archive = sample_archive();
    archive.extend_from_slice(b"garbage after the trailer");
    assert_eq!(entries(&archive).count(), 6);
}

#[test]
fn missing_final_padding_is_tolerated() {
    let mut w = Writer::new();
    w.add_file("f", 0o644, b"abc");
    let archive = w.finish();
    // Header 110 + "f\0" = 112, data 3 bytes: drop its 1 byte of padding and the trailer.
    let cut = &archive[..115];
    let all: Vec<_> = entries(cut).collect();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].unwrap().data, b"abc");
}

#[test]
fn errors_name_the_offset() {
    let archive = sample_archive();
    let second = 112; // "." entry: 110 + 2 = 112, no data
    assert_eq!(&archive[second..second + 6], b"070701");

    let mut bad = archive.clone();
    bad[second] = b'1';
    let results: Vec<_> = entries(&bad).collect();
    assert_eq!(results.len(), 2, "one entry, one error, then None");
    assert!(results[0].is_ok());
    assert_eq!(results[1].unwrap_err(), Error::BadMagic(second));

    let mut bad = archive.clone();
    bad[second + 6 + 8 + 3] = b'g'; // inside the mode field
    assert_eq!(
        entries(&bad).nth(1).unwrap().unwrap_err(),
        Error::BadHex(second + 14)
    );

    let mut bad = archive.clone();
    bad[second + 6 + 8 * 12 + 7] = b' '; // the check field is validated too
    assert_eq!(
        entries(&bad).nth(1).unwrap().unwrap_err(),
        Error::BadHex(second + 102)
    );

    assert_eq!(
        entries(&archive[..50]).next(),
        Some(Err(Error::Truncated(0)))
    );
    assert_eq!(
        entries(&archive[..111]).next(),
        Some(Err(Error::Truncated(0)))
    );
}

/// A header for a single entry with the given name bytes and sizes.
fn raw_entry(name: &[u8], namesize: u32, filesize: u32) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"070701");
    for v in [1, 0o100644, 0, 0, 1, 0, filesize, 0, 0, 0, 0, namesize, 0] {
        out.extend_from_slice(format!("{v:08x}").as_bytes());
    }
    out.extend_from_slice(name);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
    out
}

#[test]
fn bad_names_are_rejected() {
    // Not UTF-8.
    let bad = raw_entry(b"\xff\xfe\0", 3, 0);
    assert_eq!(entries(&bad).next(), Some(Err(Error::BadName(0))));
    // No terminating NUL.
    let bad = raw_entry(b"abc", 3, 0);
    assert_eq!(entries(&bad).next(), Some(Err(Error::BadName(0))));
    // Empty name (namesize 0 and 1).
    let bad = raw_entry(b"", 0, 0);
    assert_eq!(entries(&bad).next(), Some(Err(Error::BadName(0))));
    let bad = raw_entry(b"\0", 1, 0);
    assert_eq!(entries(&bad).next(), Some(Err(Error::BadName(0))));
    // NUL inside the name.
    let bad = raw_entry(b"a\0b\0", 4, 0);
    assert_eq!(entries(&bad).next(), Some(Err(Error::BadName(0))));
    // A good one, for contrast.
    let good = raw_entry(b"ok\0", 3, 0);
    assert_eq!(entries(&good).next().unwrap().unwrap().name, "ok");
}

#[test]
fn huge_sizes_are_truncation_not_overflow() {
    let bad = raw_entry(b"a\0", 2, u32::MAX);
    assert_eq!(entries(&bad).next(), Some(Err(Error::Truncated(0))));
    let bad = raw_entry(b"a\0", u32::MAX, 0);
    assert_eq!(entries(&bad).next(), Some(Err(Error::Truncated(0))));
}

#[test]
fn every_prefix_parses_without_panic() {
    let archive = sample_archive();
    for len in 0..=archive.len() {
        let prefix = &archive[..len];
        let mut count = 0;
        for result in entries(prefix) {
            count += 1;
            assert!(count <= 7, "iterator must end");
            if let Ok(e) = result {
                assert!(!e.name.is_empty());
            }
        }
        let _ = find(prefix, "bin/sh");
    }
}

#[test]
fn byte_flips_parse_without_panic() {
    let archive = sample_archive();
    let mut x = 0x1234_5678_9abc_def1u64;
    let mut rand = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    // Every position with a few replacement bytes, then random multi-byte damage.
    for pos in 0..archive.len() {
        for value in [0u8, b'0', b'f', b'F', b'g', 0xff, archive[pos] ^ 1] {
            let mut bad = archive.clone();
            bad[pos] = value;
            assert!(entries(&bad).count() <= 7);
            let _ = find(&bad, "etc/motd");
        }
    }
    for _ in 0..2000 {
        let mut bad = archive.clone();
        for _ in 0..(rand() % 8 + 1) {
            let pos = (rand() as usize) % bad.len();
            bad[pos] = rand() as u8;
        }
        let cut = (rand() as usize) % (bad.len() + 1);
        assert!(entries(&bad[..cut]).count() <= 7);
    }
}

#[test]
fn writer_edge_cases() {
    // A NUL in a path ends the stored name instead of corrupting the archive.
    let mut w = Writer::new();
    w.add_file("a\0hidden", 0o644, b"1");
    let archive = w.finish();
    assert_eq!(entries(&archive).next().unwrap().unwrap().name, "a");
    // An empty archive is just the trailer.
    let archive = Writer::default().finish();
    assert_eq!(archive.len(), 124);
    assert_eq!(entries(&archive).count(), 0);
    // Non-ASCII names survive.
    let mut w = Writer::new();
    w.add_file("données/ß", 0o644, b"");
    let archive = w.finish();
    assert!(find(&archive, "/données/ß").is_some());
}

mod host_cpio {
    //! Interoperability with the host's GNU cpio, when installed.

    extern crate std;

    use super::*;
    use std::fs;
    use std::io::Write as _;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};

    /// Run the host's cpio in `dir` with `input` on stdin; `None` if cpio
    /// is not installed (the test is then skipped).
    fn run_cpio(dir: &Path, args: &[&str], input: &[u8]) -> Option<Vec<u8>> {
        let mut child = Command::new("cpio")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "cpio {args:?} failed");
        Some(out.stdout)
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("phantom-cpio-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn host_cpio_extracts_our_archive() {
        let dir = temp_dir("extract");
        let args = ["-i", "--quiet", "-d", "--no-absolute-filenames"];
        if run_cpio(&dir, &args, &sample_archive()).is_none() {
            std::eprintln!("cpio not installed; skipping");
            let _ = fs::remove_dir_all(&dir);
            return;
        }
        assert_eq!(
            fs::read(dir.join("bin/init")).unwrap(),
            b"\x7fELF init binary"
        );
        assert_eq!(fs::read(dir.join("etc/motd")).unwrap(), b"hello\n");
        assert_eq!(
            fs::read_link(dir.join("bin/sh")).unwrap(),
            PathBuf::from("init")
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn we_read_host_cpio_output() {
        let dir = temp_dir("create");
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("sub/file.txt"), b"contents\n").unwrap();
        fs::write(dir.join("odd"), b"12345").unwrap();
        let args = ["-o", "--quiet", "-H", "newc"];
        let Some(archive) = run_cpio(&dir, &args, b".\nsub\nsub/file.txt\nodd\n") else {
            std::eprintln!("cpio not installed; skipping");
            let _ = fs::remove_dir_all(&dir);
            return;
        };
        let all: Vec<Entry<'_>> = entries(&archive).collect::<Result<_, _>>().unwrap();
        assert_eq!(all.len(), 4);
        assert!(find(&archive, "/").unwrap().is_dir());
        assert!(find(&archive, "sub").unwrap().is_dir());
        assert_eq!(find(&archive, "/sub/file.txt").unwrap().data, b"contents\n");
        assert_eq!(find(&archive, "odd").unwrap().data, b"12345");
        fs::remove_dir_all(&dir).unwrap();
    }
}
