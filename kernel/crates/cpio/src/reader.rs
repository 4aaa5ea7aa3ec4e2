//! Reading an archive: an iterator of borrowed entries, no heap.

use crate::{
    align4, HEADER_LEN, MAGIC_CRC, MAGIC_NEWC, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, TRAILER,
};

/// One archive member. `name` and `data` borrow from the archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The name as stored (e.g. `bin/sh` or `./bin/sh`), without its NUL.
    pub name: &'a str,
    /// Full `st_mode`, including the file type bits.
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub nlink: u32,
    pub mtime: u32,
    pub ino: u32,
    /// File contents; for a symlink, the target path.
    pub data: &'a [u8],
}

impl Entry<'_> {
    pub fn is_dir(&self) -> bool {
        self.mode & S_IFMT == S_IFDIR
    }

    pub fn is_file(&self) -> bool {
        self.mode & S_IFMT == S_IFREG
    }

    /// A symbolic link; its target is `data`.
    pub fn is_symlink(&self) -> bool {
        self.mode & S_IFMT == S_IFLNK
    }

    /// Permission bits (and setuid/setgid/sticky), without the file type.
    pub fn permissions(&self) -> u32 {
        self.mode & !S_IFMT
    }
}

/// Why an archive could not be read. Each variant carries the byte offset,
/// into the archive, of the header (or header field) at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The header does not start with `070701` or `070702`.
    BadMagic(usize),
    /// A header field is not 8 hex digits (offset of the field).
    BadHex(usize),
    /// The archive ends inside a header, name or file data.
    Truncated(usize),
    /// The name is empty, lacks its NUL, holds a NUL, or is not UTF-8.
    BadName(usize),
}

/// Iterate over the entries of `archive`.
///
/// Iteration ends after the `TRAILER!!!` entry (which is not yielded) or
/// when the data runs out exactly at an entry boundary. A malformed entry
/// yields one `Err`, after which the iterator yields `None`.
pub fn entries(archive: &[u8]) -> Entries<'_> {
    Entries {
        archive,
        offset: 0,
        done: false,
    }
}

/// Find the entry named `path`. Leading `/` and `./` are ignored on both
/// sides, so `"/bin/sh"`, `"./bin/sh"` and `"bin/sh"` all match an entry
/// stored as any of them; `"/"` and `"."` match the root entry `.`. Stops at
/// the first malformed entry.
pub fn find<'a>(archive: &'a [u8], path: &str) -> Option<Entry<'a>> {
    let wanted = normalize(path);
    entries(archive)
        .map_while(Result::ok)
        .find(|e| normalize(e.name) == wanted)
}

fn normalize(mut path: &str) -> &str {
    loop {
        if let Some(rest) = path.strip_prefix("./").or_else(|| path.strip_prefix('/')) {
            path = rest;
        } else if path == "." {
            return "";
        } else {
            return path;
        }
    }
}

/// Iterator returned by [`entries`].
#[derive(Clone, Debug)]
pub struct Entries<'a> {
    archive: &'a [u8],
    offset: usize,
    done: bool,
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<Entry<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.offset >= self.archive.len() {
            return None;
        }
        match parse_entry(self.archive, self.offset) {
            Ok((entry, _)) if entry.name == TRAILER => {
                self.done = true;
                None
            }
            Ok((entry, next)) => {
                self.offset = next;
                Some(Ok(entry))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// The 13 header fields, in order.
struct Header {
    ino: u32,
    mode: u32,
    uid: u32,
    gid: u32,
    nlink: u32,
    mtime: u32,
    filesize: u32,
    namesize: u32,
}

/// Parse the entry at `at`; return it and the offset of the next header.
fn parse_entry(archive: &[u8], at: usize) -> Result<(Entry<'_>, usize), Error> {
    let header = archive
        .get(at..at.checked_add(HEADER_LEN).ok_or(Error::Truncated(at))?)
        .ok_or(Error::Truncated(at))?;
    let h = parse_header(header, at)?;

    let name_start = at + HEADER_LEN;
    let name_end = checked_end(name_start, h.namesize, at)?;
    let name_bytes = archive
        .get(name_start..name_end)
        .ok_or(Error::Truncated(at))?;
    let name = parse_name(name_bytes).ok_or(Error::BadName(at))?;

    let data_start = align4(name_end).ok_or(Error::Truncated(at))?;
    let data_end = checked_end(data_start, h.filesize, at)?;
    let data = archive
        .get(data_start..data_end)
        .ok_or(Error::Truncated(at))?;

    // The last entry's padding may be missing; that just ends the archive.
    let next = align4(data_end)
        .ok_or(Error::Truncated(at))?
        .min(archive.len());
    let entry = Entry {
        name,
        mode: h.mode,
        uid: h.uid,
        gid: h.gid,
        nlink: h.nlink,
        mtime: h.mtime,
        ino: h.ino,
        data,
    };
    Ok((entry, next))
}

fn parse_header(header: &[u8], at: usize) -> Result<Header, Error> {
    let magic = &header[..6];
    if magic != MAGIC_NEWC && magic != MAGIC_CRC {
        return Err(Error::BadMagic(at));
    }
    // Field i (0-based) sits at 6 + 8 * i.
    let field = |i: usize| {
        let start = 6 + 8 * i;
        parse_hex8(&header[start..start + 8]).ok_or(Error::BadHex(at + start))
    };
    let h = Header {
        ino: field(0)?,
        mode: field(1)?,
        uid: field(2)?,
        gid: field(3)?,
        nlink: field(4)?,
        mtime: field(5)?,
        filesize: field(6)?,
        namesize: field(11)?,
    };
    // Device numbers and the checksum are not used, but must still be hex.
    for i in [7, 8, 9, 10, 12] {
        field(i)?;
    }
    Ok(h)
}

fn checked_end(start: usize, len: u32, at: usize) -> Result<usize, Error> {
    usize::try_from(len)
        .ok()
        .and_then(|len| start.checked_add(len))
        .ok_or(Error::Truncated(at))
}

/// The name without its terminating NUL; `None` if it is not exactly
/// "non-empty UTF-8 text, then one NUL".
fn parse_name(bytes: &[u8]) -> Option<&str> {
    let (&nul, text) = bytes.split_last()?;
    if nul != 0 || text.is_empty() || text.contains(&0) {
        return None;
    }
    core::str::from_utf8(text).ok()
}

fn parse_hex8(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = (d as char).to_digit(16)?;
        Some(acc << 4 | v)
    })
}
