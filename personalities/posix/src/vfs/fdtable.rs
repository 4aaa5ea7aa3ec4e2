//! A process's file descriptor table: small integers naming open files,
//! each with its close-on-exec flag. Not locked itself; the process holds
//! it in a mutex.

use super::consts::OPEN_MAX;
use super::file::File;
use crate::errno::Errno;
use alloc::sync::Arc;
use alloc::vec::Vec;

#[derive(Clone)]
struct Slot {
    file: Arc<File>,
    cloexec: bool,
}

/// Descriptor → open file description. New descriptors are the lowest free
/// number, below a limit (`RLIMIT_NOFILE`, default 1024).
#[derive(Clone)]
pub struct FdTable {
    slots: Vec<Option<Slot>>,
    limit: usize,
}

impl Default for FdTable {
    fn default() -> Self {
        FdTable::new()
    }
}

impl FdTable {
    pub fn new() -> FdTable {
        FdTable {
            slots: Vec::new(),
            limit: OPEN_MAX,
        }
    }

    /// Descriptors must stay below this (`RLIMIT_NOFILE`).
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Change the limit; descriptors already above it stay open.
    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    fn slot(&self, fd: i32) -> Result<&Slot, Errno> {
        usize::try_from(fd)
            .ok()
            .and_then(|i| self.slots.get(i))
            .and_then(Option::as_ref)
            .ok_or(Errno::EBADF)
    }

    fn slot_mut(&mut self, fd: i32) -> Result<&mut Slot, Errno> {
        usize::try_from(fd)
            .ok()
            .and_then(|i| self.slots.get_mut(i))
            .and_then(Option::as_mut)
            .ok_or(Errno::EBADF)
    }

    /// Install `file` at the lowest free descriptor ≥ `min_fd`. `EINVAL` if
    /// `min_fd` is negative or not below the limit (as `F_DUPFD`), `EMFILE`
    /// if every descriptor from there up to the limit is taken.
    pub fn alloc(&mut self, file: Arc<File>, min_fd: i32, cloexec: bool) -> Result<i32, Errno> {
        let min = usize::try_from(min_fd).map_err(|_| Errno::EINVAL)?;
        if min >= self.limit {
            return Err(Errno::EINVAL);
        }
        let free = (min..self.limit)
            .find(|&i| self.slots.get(i).is_none_or(Option::is_none))
            .ok_or(Errno::EMFILE)?;
        if free >= self.slots.len() {
            self.slots.resize(free + 1, None);
        }
        self.slots[free] = Some(Slot { file, cloexec });
        Ok(free as i32)
    }

    /// The open file behind `fd` (`EBADF`).
    pub fn get(&self, fd: i32) -> Result<Arc<File>, Errno> {
        Ok(self.slot(fd)?.file.clone())
    }

    /// Close `fd`, handing back its file: the caller drops it (outside the
    /// table's lock, if dropping may do work such as waking pipe readers).
    pub fn close(&mut self, fd: i32) -> Result<Arc<File>, Errno> {
        self.slot(fd)?;
        let slot = self.slots[fd as usize].take().ok_or(Errno::EBADF)?;
        while let Some(None) = self.slots.last() {
            self.slots.pop();
        }
        Ok(slot.file)
    }

    /// `dup`/`F_DUPFD`: a new descriptor ≥ `min_fd` for the file of `fd`.
    pub fn dup(&mut self, fd: i32, min_fd: i32, cloexec: bool) -> Result<i32, Errno> {
        let file = self.get(fd)?;
        self.alloc(file, min_fd, cloexec)
    }

    /// `dup2`: make `new_fd` refer to the file of `old_fd`, closing what
    /// `new_fd` held; close-on-exec is cleared. Same descriptors: nothing
    /// happens if `old_fd` is open. `EBADF` for a bad `old_fd` or a
    /// `new_fd` outside `0..limit`.
    pub fn dup2(&mut self, old_fd: i32, new_fd: i32) -> Result<i32, Errno> {
        let file = self.get(old_fd)?;
        if old_fd == new_fd {
            return Ok(new_fd);
        }
        self.install(file, new_fd, false)?;
        Ok(new_fd)
    }

    /// `dup3`: as `dup2` with a close-on-exec choice; `EINVAL` if the two
    /// descriptors are equal.
    pub fn dup3(&mut self, old_fd: i32, new_fd: i32, cloexec: bool) -> Result<i32, Errno> {
        if old_fd == new_fd {
            return Err(Errno::EINVAL);
        }
        let file = self.get(old_fd)?;
        self.install(file, new_fd, cloexec)?;
        Ok(new_fd)
    }

    /// Put `file` at `fd`, returning what was there.
    fn install(
        &mut self,
        file: Arc<File>,
        fd: i32,
        cloexec: bool,
    ) -> Result<Option<Arc<File>>, Errno> {
        let index = usize::try_from(fd)
            .ok()
            .filter(|&i| i < self.limit)
            .ok_or(Errno::EBADF)?;
        if index >= self.slots.len() {
            self.slots.resize(index + 1, None);
        }
        let old = self.slots[index].replace(Slot { file, cloexec });
        Ok(old.map(|slot| slot.file))
    }

    /// The close-on-exec flag of `fd` (`F_GETFD`).
    pub fn cloexec(&self, fd: i32) -> Result<bool, Errno> {
        Ok(self.slot(fd)?.cloexec)
    }

    /// Set or clear close-on-exec (`F_SETFD`).
    pub fn set_cloexec(&mut self, fd: i32, cloexec: bool) -> Result<(), Errno> {
        self.slot_mut(fd)?.cloexec = cloexec;
        Ok(())
    }

    /// The table a forked child starts with: the same open files (shared
    /// offsets), the same flags.
    pub fn fork_copy(&self) -> FdTable {
        self.clone()
    }

    /// At `execve`: close every close-on-exec descriptor; returns the files
    /// for the caller to drop.
    pub fn close_on_exec(&mut self) -> Vec<Arc<File>> {
        let mut closed = Vec::new();
        for slot in &mut self.slots {
            if slot.as_ref().is_some_and(|s| s.cloexec) {
                if let Some(s) = slot.take() {
                    closed.push(s.file);
                }
            }
        }
        while let Some(None) = self.slots.last() {
            self.slots.pop();
        }
        closed
    }

    /// At exit: close everything; returns the files for the caller to drop.
    pub fn close_all(&mut self) -> Vec<Arc<File>> {
        let closed = self.slots.drain(..).flatten().map(|s| s.file).collect();
        closed
    }

    /// Open descriptors, ascending (for `/proc/self/fd`, `poll` checks...).
    pub fn fds(&self) -> Vec<i32> {
        self.iter().map(|(fd, _)| fd).collect()
    }

    /// `(descriptor, file)` of every open descriptor, ascending.
    pub fn iter(&self) -> impl Iterator<Item = (i32, &Arc<File>)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (i as i32, &s.file)))
    }

    /// How many descriptors are open.
    pub fn count(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }
}
