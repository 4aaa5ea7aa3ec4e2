//! Small file helpers that keep rebuilds cheap: a file whose content did not
//! change keeps its modification time, so whatever is built from it is not
//! rebuilt.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::Hasher;
use std::io;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `data` to `path` unless it already holds exactly that; true if written.
pub fn write_if_changed(path: &Path, data: &[u8]) -> Result<bool> {
    match fs::read(path) {
        Ok(old) if old == data => return Ok(false),
        Ok(_) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
    if let Some(parent) = path.parent() {
        create_dir(parent)?;
    }
    fs::write(path, data).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

pub fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).with_context(|| format!("cannot create directory {}", path.display()))
}

/// Makes `path` an empty directory, removing whatever was there.
pub fn fresh_dir(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("cannot clear {}", path.display())),
    }
    create_dir(path)
}

/// A fingerprint of some byte strings, for "did the inputs change?" stamps.
///
/// Not stable across Rust releases; a changed fingerprint only costs a rebuild.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        hasher.write_usize(part.len());
        hasher.write(part);
    }
    format!("{:016x}", hasher.finish())
}

/// The last `count` lines of `text`.
pub fn tail_lines(text: &str, count: usize) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(count);
    lines[start..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_content_is_not_rewritten() {
        let dir = std::env::temp_dir().join(format!("xtask-fsutil-{}", std::process::id()));
        let file = dir.join("sub").join("f");
        assert!(write_if_changed(&file, b"one").unwrap());
        assert!(!write_if_changed(&file, b"one").unwrap());
        assert!(write_if_changed(&file, b"two").unwrap());
        assert_eq!(fs::read(&file).unwrap(), b"two");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_fresh_dir_is_empty() {
        let dir = std::env::temp_dir().join(format!("xtask-fresh-{}", std::process::id()));
        fresh_dir(&dir).unwrap();
        fs::write(dir.join("old"), b"x").unwrap();
        fresh_dir(&dir).unwrap();
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fingerprint_separates_parts() {
        let ab_c = fingerprint([b"ab".as_slice(), b"c".as_slice()]);
        let a_bc = fingerprint([b"a".as_slice(), b"bc".as_slice()]);
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, fingerprint([b"ab".as_slice(), b"c".as_slice()]));
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail_lines("a\nb\nc\n", 2), vec!["b", "c"]);
        assert_eq!(tail_lines("a", 5), vec!["a"]);
        assert!(tail_lines("", 3).is_empty());
    }
}
