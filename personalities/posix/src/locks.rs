//! Advisory file locks as lists per file: the rules of `fcntl` record locks
//! (POSIX and open-file-description locks) and of `flock`, without the
//! system calls. Host-testable; `sys_locks.rs` binds it to descriptors,
//! processes and waiting.
//!
//! A [`LockTable`] maps a file (any key: the syscall layer uses the inode's
//! device and number) to its locks. Each lock has an [`Owner`], a [`Kind`]
//! and an inclusive byte range `start..=end`, where `end` = [`OFFSET_MAX`]
//! means "to the end of the file, however long it grows".
//!
//! The rules are Linux's:
//!
//! - Locks of different owners conflict when their ranges overlap and one
//!   of them is a write lock. An owner never conflicts with itself: its new
//!   lock replaces its own locks on the range (splitting them as needed),
//!   and its locks of one kind that overlap or touch are merged into one.
//! - A file's locks are kept in the order Linux keeps them: the owners in
//!   the order they first locked (since they last held nothing), each
//!   owner's locks sorted by start. The first conflicting lock in that
//!   order is the one `F_GETLK` reports and the one a waiter waits for.
//! - A process owner that would wait for a lock whose owner waits (through
//!   a chain of waiting processes) for the first one gets a deadlock error
//!   instead. Locks owned by open file descriptions take no part in that.
//!
//! Descriptions (OFD and `flock` owners) are whatever the caller uses to
//! name an open file description ([`Description`]); locks whose description
//! is gone are dropped the next time the table looks at their file, or by
//! [`LockTable::purge`].

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// The largest file offset: a lock that ends here runs to the end of the
/// file (`l_len` 0).
pub const OFFSET_MAX: u64 = i64::MAX as u64;

/// Deadlock detection follows at most this many waiting owners (as Linux).
const MAX_DEADLOCK_STEPS: usize = 10;

/// A shared (read) or exclusive (write) lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
}

/// An open file description as a lock owner: identity and liveness.
pub trait Description: Clone {
    /// The same open file description.
    fn same(&self, other: &Self) -> bool;
    /// Still open somewhere (its locks count).
    fn alive(&self) -> bool;
}

/// Who holds a lock.
#[derive(Clone, Debug)]
pub enum Owner<D> {
    /// A process, by pid: classic POSIX record locks.
    Process(u32),
    /// An open file description: OFD record locks, and `flock` locks.
    Description(D),
}

impl<D: Description> Owner<D> {
    pub fn same(&self, other: &Owner<D>) -> bool {
        match (self, other) {
            (Owner::Process(a), Owner::Process(b)) => a == b,
            (Owner::Description(a), Owner::Description(b)) => a.same(b),
            _ => false,
        }
    }

    fn alive(&self) -> bool {
        match self {
            Owner::Process(_) => true,
            Owner::Description(d) => d.alive(),
        }
    }

    /// The pid `F_GETLK` reports for this owner: -1 for a description.
    pub fn pid(&self) -> i32 {
        match self {
            Owner::Process(pid) => *pid as i32,
            Owner::Description(_) => -1,
        }
    }
}

/// One lock: an owner's claim on the bytes `start..=end`.
#[derive(Clone, Debug)]
pub struct Lock<D> {
    pub owner: Owner<D>,
    pub kind: Kind,
    pub start: u64,
    pub end: u64,
}

impl<D> Lock<D> {
    fn overlaps(&self, start: u64, end: u64) -> bool {
        self.start <= end && start <= self.end
    }

    /// `l_len` as `F_GETLK` reports it: 0 for a lock that runs to the end.
    pub fn l_len(&self) -> u64 {
        if self.end == OFFSET_MAX {
            0
        } else {
            self.end - self.start + 1
        }
    }
}

/// Why a lock was not granted.
#[derive(Clone, Debug)]
pub enum Refused<D> {
    /// Another owner holds a conflicting lock (the first one).
    Conflict(Lock<D>),
    /// Waiting would never end: the holder waits, directly or through
    /// other processes, for the one asking.
    Deadlock,
}

/// The byte range of a `struct flock`, as Linux computes it: `whence` is
/// `SEEK_SET` (0), `SEEK_CUR` (1, from `position`) or `SEEK_END` (2, from
/// `size`); `len` 0 runs to the end of the file, a negative `len` covers
/// the `-len` bytes before `start`. `Err(EINVAL)` for another `whence` or
/// a range that would start before 0, `Err(EOVERFLOW)` for one that ends
/// past [`OFFSET_MAX`].
pub fn flock_range(
    whence: i16,
    start: i64,
    len: i64,
    position: u64,
    size: u64,
) -> Result<(u64, u64), crate::errno::Errno> {
    use crate::errno::Errno;
    let base = match whence {
        0 => 0i64,
        1 => i64::try_from(position).map_err(|_| Errno::EOVERFLOW)?,
        2 => i64::try_from(size).map_err(|_| Errno::EOVERFLOW)?,
        _ => return Err(Errno::EINVAL),
    };
    if start > i64::MAX - base {
        return Err(Errno::EOVERFLOW);
    }
    let first = base + start;
    if first < 0 {
        return Err(Errno::EINVAL);
    }
    if len > 0 {
        if len - 1 > i64::MAX - first {
            return Err(Errno::EOVERFLOW);
        }
        Ok((first as u64, (first + (len - 1)) as u64))
    } else if len < 0 {
        // The -len bytes before `first` (neither sum can overflow: first
        // is at least 0 and len below 0).
        if first + len < 0 {
            return Err(Errno::EINVAL);
        }
        Ok(((first + len) as u64, (first - 1) as u64))
    } else {
        Ok((first as u64, OFFSET_MAX))
    }
}

/// A waiting request, for deadlock detection and for knowing whether a
/// release must wake anyone.
#[derive(Clone, Debug)]
struct Waiter<D> {
    /// The waiting thread (a caller's token).
    token: u64,
    owner: Owner<D>,
    /// The owner of the lock it waits for.
    blocker: Owner<D>,
}

/// Every file's locks, and who waits.
pub struct LockTable<K, D> {
    files: BTreeMap<K, Vec<Lock<D>>>,
    waiters: Vec<Waiter<D>>,
}

impl<K: Ord + Copy, D: Description> Default for LockTable<K, D> {
    fn default() -> Self {
        LockTable::new()
    }
}

impl<K: Ord + Copy, D: Description> LockTable<K, D> {
    pub const fn new() -> Self {
        LockTable {
            files: BTreeMap::new(),
            waiters: Vec::new(),
        }
    }

    /// No locks anywhere and nobody waiting.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.waiters.is_empty()
    }

    /// Someone waits for a lock: a release should wake the waiters.
    pub fn has_waiters(&self) -> bool {
        !self.waiters.is_empty()
    }

    /// The locks of `file`, in order (for tests and `/proc`-style listings).
    pub fn locks(&mut self, file: K) -> &[Lock<D>] {
        self.purge_file(file);
        self.files.get(&file).map_or(&[], Vec::as_slice)
    }

    /// `F_GETLK`: the first lock of another owner that would conflict with
    /// `kind` on `start..=end` for `owner`, if any. With `kind` `None` (an
    /// `F_UNLCK` test, as Linux allows for `F_OFD_GETLK`), the first lock of
    /// `owner` itself that overlaps the range.
    pub fn test(&mut self, file: K, owner: &Owner<D>, kind: Option<Kind>, start: u64, end: u64) -> Option<Lock<D>> {
        self.purge_file(file);
        let locks = self.files.get(&file)?;
        match kind {
            Some(kind) => first_conflict(locks, owner, kind, start, end).cloned(),
            None => locks.iter().find(|l| l.owner.same(owner) && l.overlaps(start, end)).cloned(),
        }
    }

    /// `F_SETLK`: give `owner` a lock of `kind` on `start..=end` (`None`:
    /// unlock the range), replacing, splitting and merging its own locks
    /// there. Refused if another owner holds a conflicting lock; nothing
    /// changes then. With `waiting` (a token naming the waiting thread, for
    /// `F_SETLKW`), a refusal also records that `owner` waits for the
    /// holder, and a process that would wait for its own waiters gets
    /// [`Refused::Deadlock`]; a grant or a deadlock clears the record (as
    /// does [`LockTable::stop_waiting`]).
    pub fn set(
        &mut self,
        file: K,
        owner: &Owner<D>,
        kind: Option<Kind>,
        start: u64,
        end: u64,
        waiting: Option<u64>,
    ) -> Result<(), Refused<D>> {
        debug_assert!(start <= end && end <= OFFSET_MAX);
        self.purge_file(file);
        let locks = self.files.entry(file).or_default();
        if let Some(kind) = kind {
            if let Some(conflict) = first_conflict(locks, owner, kind, start, end) {
                let conflict = conflict.clone();
                if locks.is_empty() {
                    self.files.remove(&file);
                }
                let Some(token) = waiting else {
                    return Err(Refused::Conflict(conflict));
                };
                self.waiters.retain(|w| w.token != token);
                if self.would_deadlock(owner, &conflict.owner) {
                    return Err(Refused::Deadlock);
                }
                self.waiters.push(Waiter {
                    token,
                    owner: owner.clone(),
                    blocker: conflict.owner.clone(),
                });
                return Err(Refused::Conflict(conflict));
            }
        }
        replace_range(locks, owner, kind, start, end);
        if locks.is_empty() {
            self.files.remove(&file);
        }
        if let Some(token) = waiting {
            self.waiters.retain(|w| w.token != token);
        }
        Ok(())
    }

    /// The thread `token` no longer waits (interrupted, or gave up).
    pub fn stop_waiting(&mut self, token: u64) {
        self.waiters.retain(|w| w.token != token);
    }

    /// Remove every lock of `owner` on `file` (a process closed a
    /// descriptor of it). True if there was one.
    pub fn release(&mut self, file: K, owner: &Owner<D>) -> bool {
        let Some(locks) = self.files.get_mut(&file) else { return false };
        let before = locks.len();
        locks.retain(|l| !l.owner.same(owner));
        let changed = locks.len() != before;
        if locks.is_empty() {
            self.files.remove(&file);
        }
        changed
    }

    /// Remove every lock of `owner` on every file (a process ended). True
    /// if there was one.
    pub fn release_everywhere(&mut self, owner: &Owner<D>) -> bool {
        let mut changed = false;
        self.files.retain(|_, locks| {
            let before = locks.len();
            locks.retain(|l| !l.owner.same(owner));
            changed |= locks.len() != before;
            !locks.is_empty()
        });
        self.waiters.retain(|w| !w.owner.same(owner));
        changed
    }

    /// Drop the locks of descriptions that are gone. True if there was one.
    pub fn purge(&mut self) -> bool {
        let mut changed = false;
        self.files.retain(|_, locks| {
            let before = locks.len();
            locks.retain(|l| l.owner.alive());
            changed |= locks.len() != before;
            !locks.is_empty()
        });
        changed
    }

    fn purge_file(&mut self, file: K) {
        if let Some(locks) = self.files.get_mut(&file) {
            locks.retain(|l| l.owner.alive());
            if locks.is_empty() {
                self.files.remove(&file);
            }
        }
    }

    /// Would `owner` waiting for `holder` close a cycle of waiting
    /// processes? Follows what `holder` waits for, and so on.
    fn would_deadlock(&self, owner: &Owner<D>, holder: &Owner<D>) -> bool {
        if !matches!(owner, Owner::Process(_)) {
            return false;
        }
        let mut next = holder;
        for _ in 0..MAX_DEADLOCK_STEPS {
            let Some(w) = self
                .waiters
                .iter()
                .find(|w| matches!(w.owner, Owner::Process(_)) && w.owner.same(next))
            else {
                return false;
            };
            if w.blocker.same(owner) {
                return true;
            }
            next = &w.blocker;
        }
        false
    }
}

/// The first lock in `locks` of another owner that conflicts with `kind`
/// on `start..=end`.
fn first_conflict<'a, D: Description>(
    locks: &'a [Lock<D>],
    owner: &Owner<D>,
    kind: Kind,
    start: u64,
    end: u64,
) -> Option<&'a Lock<D>> {
    locks.iter().find(|l| {
        !l.owner.same(owner)
            && l.overlaps(start, end)
            && (kind == Kind::Write || l.kind == Kind::Write)
    })
}

/// Set `owner`'s locks on `start..=end` to `kind` (none: unlocked), keeping
/// its locks sorted, merged where of one kind and touching, and where they
/// stood among the other owners' (at the end for an owner new to the file).
fn replace_range<D: Description>(locks: &mut Vec<Lock<D>>, owner: &Owner<D>, kind: Option<Kind>, start: u64, end: u64) {
    let at = locks.iter().position(|l| l.owner.same(owner));
    let mut own: Vec<Lock<D>> = Vec::new();
    locks.retain(|l| {
        if l.owner.same(owner) {
            own.push(l.clone());
            false
        } else {
            true
        }
    });
    let at = at.unwrap_or(locks.len());

    // Cut the range out of the owner's locks, keeping what lies outside.
    let mut kept: Vec<Lock<D>> = Vec::new();
    for l in own {
        if !l.overlaps(start, end) {
            kept.push(l);
            continue;
        }
        if l.start < start {
            kept.push(Lock { end: start - 1, ..l.clone() });
        }
        if l.end > end {
            kept.push(Lock { start: end + 1, ..l });
        }
    }
    if let Some(kind) = kind {
        kept.push(Lock {
            owner: owner.clone(),
            kind,
            start,
            end,
        });
    }
    kept.sort_by_key(|l| l.start);

    // Merge neighbours of one kind that overlap or touch.
    let mut merged: Vec<Lock<D>> = Vec::with_capacity(kept.len());
    for l in kept {
        if let Some(last) = merged.last_mut() {
            if last.kind == l.kind && last.end != OFFSET_MAX && last.end + 1 >= l.start {
                last.end = last.end.max(l.end);
                continue;
            }
        }
        merged.push(l);
    }
    let tail = locks.split_off(at);
    locks.extend(merged);
    locks.extend(tail);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errno::Errno;
    use alloc::rc::Rc;
    use alloc::vec;
    use core::cell::Cell;

    /// A description for tests: an id and a switch that closes it.
    #[derive(Clone, Debug)]
    struct Desc(u32, Rc<Cell<bool>>);

    impl Description for Desc {
        fn same(&self, other: &Self) -> bool {
            self.0 == other.0
        }
        fn alive(&self) -> bool {
            self.1.get()
        }
    }

    fn desc(id: u32) -> Desc {
        Desc(id, Rc::new(Cell::new(true)))
    }

    type Table = LockTable<u32, Desc>;
    const F: u32 = 1;
    const P1: Owner<Desc> = Owner::Process(1);
    const P2: Owner<Desc> = Owner::Process(2);
    const P3: Owner<Desc> = Owner::Process(3);
    const R: Option<Kind> = Some(Kind::Read);
    const W: Option<Kind> = Some(Kind::Write);
    const UN: Option<Kind> = None;
    const END: u64 = OFFSET_MAX;

    /// `(pid, kind, start, end)` of each lock of F, in order.
    fn list(t: &mut Table) -> Vec<(i32, char, u64, u64)> {
        t.locks(F)
            .iter()
            .map(|l| (l.owner.pid(), if l.kind == Kind::Read { 'r' } else { 'w' }, l.start, l.end))
            .collect()
    }

    fn conflict_pid(r: Result<(), Refused<Desc>>) -> i32 {
        match r {
            Err(Refused::Conflict(l)) => l.owner.pid(),
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn ranges_follow_whence_and_signed_lengths() {
        assert_eq!(flock_range(0, 10, 5, 0, 0), Ok((10, 14)));
        assert_eq!(flock_range(0, 10, 0, 0, 0), Ok((10, END)));
        assert_eq!(flock_range(1, -2, 4, 100, 0), Ok((98, 101)));
        assert_eq!(flock_range(2, 0, 0, 0, 50), Ok((50, END)));
        assert_eq!(flock_range(2, -10, 10, 0, 50), Ok((40, 49)));
        // Negative lengths cover the bytes before start.
        assert_eq!(flock_range(0, 10, -4, 0, 0), Ok((6, 9)));
        assert_eq!(flock_range(0, 10, -10, 0, 0), Ok((0, 9)));
        assert_eq!(flock_range(0, 10, -11, 0, 0), Err(Errno::EINVAL));
        assert_eq!(flock_range(0, -1, 5, 0, 0), Err(Errno::EINVAL));
        assert_eq!(flock_range(1, -101, 5, 100, 0), Err(Errno::EINVAL));
        assert_eq!(flock_range(3, 0, 0, 0, 0), Err(Errno::EINVAL));
        assert_eq!(flock_range(-1, 0, 0, 0, 0), Err(Errno::EINVAL));
        // Past the largest offset.
        assert_eq!(flock_range(0, i64::MAX, 1, 0, 0), Ok((END, END)));
        assert_eq!(flock_range(0, i64::MAX, 2, 0, 0), Err(Errno::EOVERFLOW));
        assert_eq!(flock_range(2, i64::MAX, 1, 0, 1), Err(Errno::EOVERFLOW));
    }

    #[test]
    fn read_locks_share_and_write_locks_exclude() {
        let mut t = Table::new();
        assert!(t.set(F, &P1, R, 0, 99, None).is_ok());
        assert!(t.set(F, &P2, R, 50, 149, None).is_ok());
        assert_eq!(conflict_pid(t.set(F, &P3, W, 90, 90, None)), 1);
        assert_eq!(conflict_pid(t.set(F, &P3, W, 120, 120, None)), 2);
        assert!(t.set(F, &P3, W, 150, END, None).is_ok());
        assert_eq!(conflict_pid(t.set(F, &P1, R, 200, 200, None)), 3);
        // Refusals change nothing.
        assert_eq!(list(&mut t), vec![(1, 'r', 0, 99), (2, 'r', 50, 149), (3, 'w', 150, END)]);
        // Other files are separate.
        assert!(t.set(2, &P1, W, 0, END, None).is_ok());
    }

    #[test]
    fn test_reports_the_first_conflict_or_none() {
        let mut t = Table::new();
        t.set(F, &P1, R, 0, 9, None).unwrap();
        t.set(F, &P2, W, 20, END, None).unwrap();
        assert!(t.test(F, &P3, R, 0, 19).is_none());
        let l = t.test(F, &P3, W, 5, 30).unwrap();
        assert_eq!((l.owner.pid(), l.kind, l.start, l.l_len()), (1, Kind::Read, 0, 10));
        let l = t.test(F, &P3, R, 5, 30).unwrap();
        assert_eq!((l.owner.pid(), l.kind, l.start, l.l_len()), (2, Kind::Write, 20, 0));
        // Never against one's own locks.
        assert!(t.test(F, &P2, W, 20, 40).is_none());
        // An F_UNLCK test finds the owner's own lock.
        assert_eq!(t.test(F, &P2, None, 0, END).unwrap().start, 20);
        assert!(t.test(F, &P3, None, 0, END).is_none());
    }

    #[test]
    fn own_locks_split_replace_and_merge() {
        let mut t = Table::new();
        t.set(F, &P1, W, 0, 99, None).unwrap();
        // A read lock in the middle splits the write lock in three.
        t.set(F, &P1, R, 40, 59, None).unwrap();
        assert_eq!(list(&mut t), vec![(1, 'w', 0, 39), (1, 'r', 40, 59), (1, 'w', 60, 99)]);
        // Unlocking across a boundary trims both sides.
        t.set(F, &P1, UN, 30, 44, None).unwrap();
        assert_eq!(list(&mut t), vec![(1, 'w', 0, 29), (1, 'r', 45, 59), (1, 'w', 60, 99)]);
        // A write lock over the hole and the read lock merges with both
        // write neighbours (touching counts).
        t.set(F, &P1, W, 30, 59, None).unwrap();
        assert_eq!(list(&mut t), vec![(1, 'w', 0, 99)]);
        // Adjacent locks of one kind merge; of different kinds they do not.
        t.set(F, &P1, W, 100, 109, None).unwrap();
        t.set(F, &P1, R, 110, 119, None).unwrap();
        assert_eq!(list(&mut t), vec![(1, 'w', 0, 109), (1, 'r', 110, 119)]);
        // Unlocking what is not locked is fine and changes nothing.
        t.set(F, &P1, UN, 500, 600, None).unwrap();
        assert_eq!(list(&mut t), vec![(1, 'w', 0, 109), (1, 'r', 110, 119)]);
        // A lock to the end swallows everything after its start.
        t.set(F, &P1, R, 50, END, None).unwrap();
        assert_eq!(list(&mut t), vec![(1, 'w', 0, 49), (1, 'r', 50, END)]);
        t.set(F, &P1, UN, 0, END, None).unwrap();
        assert!(list(&mut t).is_empty());
        assert!(t.is_empty());
    }

    #[test]
    fn owners_keep_their_place_in_the_list() {
        let mut t = Table::new();
        t.set(F, &P2, R, 100, 109, None).unwrap();
        t.set(F, &P1, R, 0, 9, None).unwrap();
        t.set(F, &P2, R, 0, 9, None).unwrap();
        // P2 came first: its locks (sorted) come first, then P1's.
        assert_eq!(list(&mut t), vec![(2, 'r', 0, 9), (2, 'r', 100, 109), (1, 'r', 0, 9)]);
        // So a writer over 0..9 is told about P2's lock.
        assert_eq!(t.test(F, &P3, W, 0, 9).unwrap().owner.pid(), 2);
        // An owner that lets go of everything goes to the back next time.
        t.set(F, &P2, UN, 0, END, None).unwrap();
        t.set(F, &P2, R, 0, 9, None).unwrap();
        assert_eq!(t.test(F, &P3, W, 0, 9).unwrap().owner.pid(), 1);
    }

    #[test]
    fn an_owner_upgrades_when_alone_and_is_refused_when_shared() {
        let mut t = Table::new();
        t.set(F, &P1, R, 0, 9, None).unwrap();
        t.set(F, &P1, W, 0, 9, None).unwrap();
        t.set(F, &P1, R, 0, 9, None).unwrap();
        t.set(F, &P2, R, 5, 5, None).unwrap();
        assert_eq!(conflict_pid(t.set(F, &P1, W, 0, 9, None)), 2);
        assert_eq!(list(&mut t), vec![(1, 'r', 0, 9), (2, 'r', 5, 5)]);
    }

    #[test]
    fn releases_by_file_and_everywhere() {
        let mut t = Table::new();
        t.set(F, &P1, W, 0, 9, None).unwrap();
        t.set(F, &P2, W, 10, 19, None).unwrap();
        t.set(2, &P1, W, 0, 9, None).unwrap();
        assert!(t.release(F, &P1));
        assert!(!t.release(F, &P1));
        assert_eq!(list(&mut t), vec![(2, 'w', 10, 19)]);
        assert_eq!(t.locks(2).len(), 1);
        assert!(t.release_everywhere(&P1));
        assert!(t.locks(2).is_empty());
        assert!(t.release_everywhere(&P2));
        assert!(t.is_empty());
    }

    #[test]
    fn descriptions_are_owners_of_their_own() {
        let mut t = Table::new();
        let (a, b) = (desc(10), desc(11));
        let (da, db) = (Owner::Description(a.clone()), Owner::Description(b.clone()));
        t.set(F, &da, W, 0, 9, None).unwrap();
        // Another description conflicts, even in the same process; so does
        // a process lock.
        assert!(t.set(F, &db, R, 0, 0, None).is_err());
        let l = t.test(F, &P1, R, 0, 0).unwrap();
        assert_eq!(l.owner.pid(), -1);
        // The same description (a copy of the handle) is the same owner.
        t.set(F, &Owner::Description(a.clone()), R, 5, 5, None).unwrap();
        assert_eq!(list(&mut t), vec![(-1, 'w', 0, 4), (-1, 'r', 5, 5), (-1, 'w', 6, 9)]);
        // Closing the description drops its locks.
        a.1.set(false);
        assert!(t.set(F, &db, W, 0, END, None).is_ok());
        assert_eq!(list(&mut t), vec![(-1, 'w', 0, END)]);
        b.1.set(false);
        assert!(t.purge());
        assert!(t.is_empty());
    }

    #[test]
    fn waiters_are_recorded_and_deadlocks_found() {
        let mut t = Table::new();
        t.set(F, &P1, W, 0, 0, None).unwrap();
        t.set(F, &P2, W, 1, 1, None).unwrap();
        t.set(F, &P3, W, 2, 2, None).unwrap();
        // P1 waits for P2 (thread 101).
        assert_eq!(conflict_pid(t.set(F, &P1, W, 1, 1, Some(101))), 2);
        assert!(t.has_waiters());
        // P2 waiting for P1 would close the cycle.
        assert!(matches!(t.set(F, &P2, W, 0, 0, Some(102)), Err(Refused::Deadlock)));
        // P3 waiting for P1 is fine; then P2 waiting for P3 is a cycle of
        // three (P2 -> P3 -> P1 -> P2).
        assert_eq!(conflict_pid(t.set(F, &P3, W, 0, 0, Some(103))), 1);
        assert!(matches!(t.set(F, &P2, W, 2, 2, Some(102)), Err(Refused::Deadlock)));
        // Without waiting there is no deadlock, only a conflict.
        assert_eq!(conflict_pid(t.set(F, &P2, W, 0, 0, None)), 1);
        // Once P1 stops waiting, P2 may wait for P1.
        t.stop_waiting(101);
        t.stop_waiting(103);
        assert!(!t.has_waiters());
        assert_eq!(conflict_pid(t.set(F, &P2, W, 0, 0, Some(102))), 1);
        // A grant ends the wait.
        t.release(F, &P1);
        assert!(t.set(F, &P2, W, 0, 0, Some(102)).is_ok());
        assert!(!t.has_waiters());
    }

    #[test]
    fn descriptions_take_no_part_in_deadlock_detection() {
        let mut t = Table::new();
        let d = Owner::Description(desc(7));
        t.set(F, &d, W, 0, 0, None).unwrap();
        t.set(F, &P1, W, 1, 1, None).unwrap();
        assert!(t.set(F, &d, W, 1, 1, Some(1)).is_err());
        assert!(matches!(t.set(F, &P1, W, 0, 0, Some(2)), Err(Refused::Conflict(_))));
    }

    #[test]
    fn an_ended_process_leaves_no_waiter_behind() {
        let mut t = Table::new();
        t.set(F, &P2, W, 0, 0, None).unwrap();
        assert!(t.set(F, &P1, W, 0, 0, Some(9)).is_err());
        t.release_everywhere(&P1);
        assert!(!t.has_waiters());
    }
}
