//! A line diff of two outputs in the unified format (`---`/`+++`, `@@`
//! hunks, three lines of context), for test reports.
//!
//! Lines are compared with their line ends, so `a` and `a\n` differ, and are
//! shown with control characters escaped (`\r`, `\x1b`), so that a report
//! never hides the difference it is about.

/// One step from the old text to the new one, by line index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// Above this many cells the middle part is not aligned, only replaced.
const MAX_TABLE: usize = 16 << 20;

/// The unified diff from `old` to `new`, at most `max_lines` lines long
/// (then a note of how many were left out); empty when they are equal.
pub fn unified(old: &[u8], new: &[u8], old_name: &str, new_name: &str, max_lines: usize) -> String {
    let old_lines = split_lines(old);
    let new_lines = split_lines(new);
    let steps = align(&old_lines, &new_lines);
    if steps.iter().all(|step| matches!(step, Step::Same(..))) {
        return String::new();
    }
    let mut out = vec![format!("--- {old_name}"), format!("+++ {new_name}")];
    for hunk in hunks(&steps) {
        let (old_start, old_count, new_start, new_count) = hunk_range(&steps[hunk.clone()]);
        out.push(format!(
            "@@ -{old_start},{old_count} +{new_start},{new_count} @@"
        ));
        for step in &steps[hunk] {
            out.push(match *step {
                Step::Same(i, _) => format!(" {}", show(old_lines[i])),
                Step::Removed(i) => format!("-{}", show(old_lines[i])),
                Step::Added(j) => format!("+{}", show(new_lines[j])),
            });
        }
    }
    if out.len() > max_lines {
        let left_out = out.len() - max_lines;
        out.truncate(max_lines);
        out.push(format!("... ({left_out} more lines of diff)"));
    }
    out.join("\n")
}

/// Lines with their `\n`; a last line without one is kept as it is.
fn split_lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

/// A line for a human: without its `\n`, control characters escaped, and a
/// note when it has no line end.
fn show(line: &[u8]) -> String {
    let (body, ended) = match line.strip_suffix(b"\n") {
        Some(body) => (body, true),
        None => (line, false),
    };
    let mut shown = String::new();
    for chunk in String::from_utf8_lossy(body).chars() {
        match chunk {
            '\t' => shown.push('\t'),
            '\r' => shown.push_str("\\r"),
            c if c.is_control() => shown.push_str(&format!("\\x{:02x}", c as u32)),
            c => shown.push(c),
        }
    }
    if !ended {
        shown.push_str("  (no newline at end)");
    }
    shown
}

/// The steps of a longest-common-subsequence alignment; the common start
/// and end are matched first, so only the middle needs the table.
fn align(old: &[&[u8]], new: &[&[u8]]) -> Vec<Step> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old[prefix..old.len() - suffix];
    let new_mid = &new[prefix..new.len() - suffix];

    let mut steps: Vec<Step> = (0..prefix).map(|i| Step::Same(i, i)).collect();
    let (n, m) = (old_mid.len(), new_mid.len());
    if (n + 1).saturating_mul(m + 1) > MAX_TABLE {
        steps.extend((0..n).map(|i| Step::Removed(prefix + i)));
        steps.extend((0..m).map(|j| Step::Added(prefix + j)));
    } else {
        // lcs[i][j]: the longest common subsequence of old_mid[i..], new_mid[j..].
        let width = m + 1;
        let mut lcs = vec![0u32; (n + 1) * width];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * width + j] = if old_mid[i] == new_mid[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && old_mid[i] == new_mid[j] {
                steps.push(Step::Same(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if j == m || (i < n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                steps.push(Step::Removed(prefix + i));
                i += 1;
            } else {
                steps.push(Step::Added(prefix + j));
                j += 1;
            }
        }
    }
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    steps.extend((0..suffix).map(|k| Step::Same(old_end + k, new_end + k)));
    steps
}

/// The index ranges of `steps` to show: each change with its context,
/// overlapping ranges merged.
fn hunks(steps: &[Step]) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (at, step) in steps.iter().enumerate() {
        if matches!(step, Step::Same(..)) {
            continue;
        }
        let start = at.saturating_sub(CONTEXT);
        let end = (at + 1 + CONTEXT).min(steps.len());
        match ranges.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => ranges.push(start..end),
        }
    }
    ranges
}

/// `@@` numbers for a hunk: 1-based first line and count on each side.
fn hunk_range(steps: &[Step]) -> (usize, usize, usize, usize) {
    let old: Vec<usize> = steps
        .iter()
        .filter_map(|step| match *step {
            Step::Same(i, _) | Step::Removed(i) => Some(i),
            Step::Added(_) => None,
        })
        .collect();
    let new: Vec<usize> = steps
        .iter()
        .filter_map(|step| match *step {
            Step::Same(_, j) | Step::Added(j) => Some(j),
            Step::Removed(_) => None,
        })
        .collect();
    // A side with no lines in the hunk is empty altogether (context lines
    // would be there otherwise); diff(1) writes it as `0,0`.
    let first = |lines: &[usize]| lines.first().map_or(0, |line| line + 1);
    (first(&old), old.len(), first(&new), new.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified(b"a\nb\n", b"a\nb\n", "x", "y", 100), "");
        assert_eq!(unified(b"", b"", "x", "y", 100), "");
    }

    #[test]
    fn a_changed_line_has_context() {
        let old = b"1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = b"1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified(old, new, "host", "guest", 100),
            "--- host\n+++ guest\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8"
        );
    }

    #[test]
    fn far_apart_changes_make_two_hunks() {
        let old: Vec<u8> = (0..20)
            .flat_map(|i| format!("{i}\n").into_bytes())
            .collect();
        let new = String::from_utf8(old.clone())
            .unwrap()
            .replace("2\n", "two\n")
            .replace("17\n", "");
        let diff = unified(&old, new.as_bytes(), "a", "b", 100);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("-2\n+two"));
        assert!(diff.contains("\n-17\n"));
    }

    #[test]
    fn missing_output_and_line_ends_show() {
        let diff = unified(b"hello\n", b"", "host", "guest", 100);
        assert_eq!(diff, "--- host\n+++ guest\n@@ -1,1 +0,0 @@\n-hello");
        let diff = unified(b"a\n", b"a", "host", "guest", 100);
        assert!(diff.contains("-a\n+a  (no newline at end)"), "{diff}");
        let diff = unified(b"a\n", b"a\r\n", "host", "guest", 100);
        assert!(diff.contains("+a\\r"), "{diff}");
        let diff = unified(b"", b"x\n", "host", "guest", 100);
        assert_eq!(diff, "--- host\n+++ guest\n@@ -0,0 +1,1 @@\n+x");
    }

    #[test]
    fn long_diffs_are_cut() {
        let new: Vec<u8> = (0..50)
            .flat_map(|i| format!("{i}\n").into_bytes())
            .collect();
        let diff = unified(b"", &new, "a", "b", 10);
        assert_eq!(diff.lines().count(), 11);
        assert!(diff.ends_with("... (43 more lines of diff)"));
    }
}
