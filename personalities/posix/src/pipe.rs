//! Pipes: a bounded byte ring shared by read ends and write ends.
//!
//! `pipe(2)` makes a [`Pipe`] and two [`PipeEnd`] nodes with [`new_pair`];
//! a fifo in tmpfs holds a `Pipe` and hands out ends as it is opened. An end
//! counts itself as a reader or writer of its pipe while it exists, so
//! closing the last descriptor of an end (dropping the last `Arc`) is what
//! tells the other side: readers then see EOF, writers `EPIPE`.
//!
//! Nothing blocks here. A read of an empty pipe that still has writers, or a
//! write that does not fit, returns `EAGAIN`; the syscall layer waits until
//! [`PipeEnd`]'s `poll` reports the end ready and retries (or returns
//! `EAGAIN` to the user for `O_NONBLOCK`). Whenever a call returned `EAGAIN`,
//! the readiness `poll` will later report guarantees that the retry makes
//! progress. `EPIPE` is returned as a value; raising `SIGPIPE` is the
//! caller's job.
//!
//! # Usage
//!
//! ```
//! use phantom_posix::pipe;
//! let (r, w) = pipe::new_pair();
//! assert_eq!(w.write_at(0, b"hi").unwrap(), 2);
//! let mut buf = [0; 8];
//! assert_eq!(r.read_at(0, &mut buf).unwrap(), 2);
//! drop(w);
//! assert_eq!(r.read_at(0, &mut buf).unwrap(), 0); // EOF: no writer left
//! ```

use crate::errno::Errno;
use crate::vfs::consts::{PIPE_BUF, S_IFIFO};
use crate::vfs::{anon_dev, new_anon_ino, Node, NodeRef, PollMask, Stat};
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use core::any::Any;
use spin::Mutex;

/// Bytes a pipe holds before writers get `EAGAIN` (Linux's default).
pub const PIPE_CAPACITY: usize = 65536;

/// The shared part of a pipe.
pub struct Pipe {
    ino: u64,
    state: Mutex<State>,
}

struct State {
    buf: VecDeque<u8>,
    readers: usize,
    writers: usize,
    /// How many write ends were ever opened: a blocking fifo open for
    /// reading waits until this changes (see [`Pipe::writer_opens`]).
    writer_opens: u64,
    reader_opens: u64,
    /// Bumped by every write that added data (new input edges for epoll).
    events: u64,
}

impl Pipe {
    /// A pipe with no ends yet.
    pub fn new() -> Arc<Pipe> {
        Arc::new(Pipe {
            ino: new_anon_ino(),
            state: Mutex::new(State {
                buf: VecDeque::new(),
                readers: 0,
                writers: 0,
                writer_opens: 0,
                reader_opens: 0,
                events: 0,
            }),
        })
    }

    /// A new end that reads and/or writes, counted until it is dropped.
    pub fn open_end(self: &Arc<Self>, reads: bool, writes: bool) -> PipeEnd {
        let mut s = self.state.lock();
        if reads {
            s.readers += 1;
            s.reader_opens += 1;
        }
        if writes {
            s.writers += 1;
            s.writer_opens += 1;
        }
        PipeEnd {
            pipe: self.clone(),
            reads,
            writes,
        }
    }

    /// Take up to `buf.len()` bytes. `Ok(0)` is EOF (empty, no writer
    /// left) or an empty `buf`; `EAGAIN` means empty with writers left.
    pub fn read(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        let mut s = self.state.lock();
        if buf.is_empty() {
            return Ok(0);
        }
        if s.buf.is_empty() {
            return if s.writers == 0 {
                Ok(0)
            } else {
                Err(Errno::EAGAIN)
            };
        }
        let n = buf.len().min(s.buf.len());
        for (dst, src) in buf.iter_mut().zip(s.buf.drain(..n)) {
            *dst = src;
        }
        if s.buf.is_empty() && s.buf.capacity() > 4 * PIPE_BUF {
            // Give an idle pipe's memory back.
            s.buf = VecDeque::new();
        }
        Ok(n)
    }

    /// Append `buf`. `EPIPE` without readers. Up to `PIPE_BUF` bytes go in
    /// whole or not at all (`EAGAIN`); a longer write takes what fits and
    /// returns `EAGAIN` only when nothing fits.
    pub fn write(&self, buf: &[u8]) -> Result<usize, Errno> {
        let mut s = self.state.lock();
        if s.readers == 0 {
            return Err(Errno::EPIPE);
        }
        if buf.is_empty() {
            return Ok(0);
        }
        let free = PIPE_CAPACITY - s.buf.len();
        let n = if buf.len() <= PIPE_BUF {
            if free < buf.len() {
                return Err(Errno::EAGAIN);
            }
            buf.len()
        } else {
            if free == 0 {
                return Err(Errno::EAGAIN);
            }
            buf.len().min(free)
        };
        s.buf.extend(&buf[..n]);
        s.events += 1;
        Ok(n)
    }

    /// Bytes waiting to be read (`FIONREAD`).
    /// How many writes have added data (see `Node::events`).
    pub fn events(&self) -> u64 {
        self.state.lock().events
    }

    pub fn len(&self) -> usize {
        self.state.lock().buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn readers(&self) -> usize {
        self.state.lock().readers
    }

    pub fn writers(&self) -> usize {
        self.state.lock().writers
    }

    /// Write ends opened so far. A blocking `open` of a fifo for reading
    /// waits (in the syscall layer) until this differs from its value at
    /// open time; likewise [`Pipe::reader_opens`] for opening to write.
    pub fn writer_opens(&self) -> u64 {
        self.state.lock().writer_opens
    }

    pub fn reader_opens(&self) -> u64 {
        self.state.lock().reader_opens
    }

    /// Readiness of a read end: `IN` with data, `HUP` with no writer left.
    pub fn poll_read(&self) -> PollMask {
        let s = self.state.lock();
        let mut mask = PollMask::empty();
        if !s.buf.is_empty() {
            mask |= PollMask::IN | PollMask::RDNORM;
        }
        if s.writers == 0 {
            mask |= PollMask::HUP;
        }
        mask
    }

    /// Readiness of a write end: `OUT` with room for an atomic write
    /// (`PIPE_BUF` bytes), `ERR` with no reader left.
    pub fn poll_write(&self) -> PollMask {
        let s = self.state.lock();
        let mut mask = PollMask::empty();
        if PIPE_CAPACITY - s.buf.len() >= PIPE_BUF {
            mask |= PollMask::OUT | PollMask::WRNORM;
        }
        if s.readers == 0 {
            mask |= PollMask::ERR;
        }
        mask
    }
}

/// One end of a pipe, as a node. It counts as a reader and/or writer of its
/// pipe until dropped.
pub struct PipeEnd {
    pipe: Arc<Pipe>,
    reads: bool,
    writes: bool,
}

impl PipeEnd {
    pub fn pipe(&self) -> &Arc<Pipe> {
        &self.pipe
    }

    pub fn is_reader(&self) -> bool {
        self.reads
    }

    pub fn is_writer(&self) -> bool {
        self.writes
    }
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        let mut s = self.pipe.state.lock();
        if self.reads {
            s.readers -= 1;
        }
        if self.writes {
            s.writers -= 1;
        }
    }
}

impl Node for PipeEnd {
    fn ino(&self) -> u64 {
        self.pipe.ino
    }

    fn stat(&self) -> Stat {
        Stat {
            dev: anon_dev(),
            ino: self.pipe.ino,
            mode: S_IFIFO | 0o600,
            nlink: 1,
            blksize: PIPE_BUF as u64,
            ..Stat::default()
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn events(&self) -> u64 {
        self.pipe.events()
    }

    fn read_at(&self, _offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        if !self.reads {
            return Err(Errno::EBADF);
        }
        self.pipe.read(buf)
    }

    fn write_at(&self, _offset: u64, buf: &[u8]) -> Result<usize, Errno> {
        if !self.writes {
            return Err(Errno::EBADF);
        }
        self.pipe.write(buf)
    }

    fn poll(&self) -> PollMask {
        let mut mask = PollMask::empty();
        if self.reads {
            mask |= self.pipe.poll_read();
        }
        if self.writes {
            mask |= self.pipe.poll_write();
        }
        mask
    }

    fn is_seekable(&self) -> bool {
        false
    }
}

/// A new pipe's read end and write end, for `pipe(2)`.
pub fn new_pair() -> (NodeRef, NodeRef) {
    let pipe = Pipe::new();
    let read_end = Arc::new(pipe.open_end(true, false));
    let write_end = Arc::new(pipe.open_end(false, true));
    (read_end, write_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn data_flows_then_eof_after_last_writer() {
        let (r, w) = new_pair();
        let mut buf = [0u8; 16];
        assert_eq!(r.read_at(0, &mut buf), Err(Errno::EAGAIN));
        assert_eq!(w.write_at(0, b"hello"), Ok(5));
        assert_eq!(r.read_at(0, &mut buf[..3]), Ok(3));
        assert_eq!(&buf[..3], b"hel");
        assert_eq!(r.read_at(0, &mut buf), Ok(2));
        assert_eq!(&buf[..2], b"lo");
        let w2 = w.clone();
        drop(w);
        assert_eq!(
            r.read_at(0, &mut buf),
            Err(Errno::EAGAIN),
            "a writer remains"
        );
        drop(w2);
        assert_eq!(r.read_at(0, &mut buf), Ok(0));
        assert!(r.poll().contains(PollMask::HUP));
        assert!(!r.poll().contains(PollMask::IN));
    }

    #[test]
    fn data_written_before_close_is_still_read() {
        let (r, w) = new_pair();
        w.write_at(0, b"tail").unwrap();
        drop(w);
        let mut buf = [0u8; 16];
        assert_eq!(r.read_at(0, &mut buf), Ok(4));
        assert_eq!(r.read_at(0, &mut buf), Ok(0));
    }

    #[test]
    fn write_without_reader_is_epipe() {
        let (r, w) = new_pair();
        assert!(!w.poll().contains(PollMask::ERR));
        drop(r);
        assert_eq!(w.write_at(0, b"x"), Err(Errno::EPIPE));
        assert!(w.poll().contains(PollMask::ERR));
    }

    #[test]
    fn wrong_direction_is_ebadf() {
        let (r, w) = new_pair();
        assert_eq!(r.write_at(0, b"x"), Err(Errno::EBADF));
        assert_eq!(w.read_at(0, &mut [0u8; 1]), Err(Errno::EBADF));
        assert!(!r.is_seekable());
        assert_eq!(r.stat().mode & crate::vfs::consts::S_IFMT, S_IFIFO);
        assert_eq!(r.ino(), w.ino());
    }

    #[test]
    fn small_writes_are_atomic_large_ones_partial() {
        let (r, w) = new_pair();
        let big = vec![7u8; PIPE_CAPACITY - 100];
        assert_eq!(w.write_at(0, &big), Ok(PIPE_CAPACITY - 100));
        // 100 bytes free: a 200-byte write is atomic, so it must not split.
        assert_eq!(w.write_at(0, &[1u8; 200]), Err(Errno::EAGAIN));
        assert_eq!(w.write_at(0, &[1u8; 100]), Ok(100));
        assert_eq!(w.write_at(0, &[1u8; 1]), Err(Errno::EAGAIN));
        assert!(!w.poll().contains(PollMask::OUT));
        assert!(r.poll().contains(PollMask::IN));

        // Drain 5000 bytes: a write above PIPE_BUF takes what fits.
        let mut sink = vec![0u8; 5000];
        assert_eq!(r.read_at(0, &mut sink), Ok(5000));
        assert!(w.poll().contains(PollMask::OUT));
        assert_eq!(w.write_at(0, &[2u8; 8000]), Ok(5000));
        assert_eq!(w.write_at(0, &[2u8; 8000]), Err(Errno::EAGAIN));
    }

    #[test]
    fn ring_keeps_byte_order_across_wraparound() {
        let (r, w) = new_pair();
        let mut next = 0u8;
        let mut expect = 0u8;
        let mut buf = [0u8; 3000];
        for _ in 0..100 {
            let chunk: alloc::vec::Vec<u8> = (0..4000)
                .map(|_| {
                    next = next.wrapping_add(1);
                    next
                })
                .collect();
            assert_eq!(w.write_at(0, &chunk), Ok(4000));
            let mut got = 0;
            while got < 4000 {
                let n = r.read_at(0, &mut buf).unwrap();
                for &b in &buf[..n] {
                    expect = expect.wrapping_add(1);
                    assert_eq!(b, expect);
                }
                got += n;
            }
        }
    }

    #[test]
    fn fifo_style_counts() {
        let pipe = Pipe::new();
        assert_eq!((pipe.readers(), pipe.writers()), (0, 0));
        let both = pipe.open_end(true, true);
        assert_eq!((pipe.readers(), pipe.writers()), (1, 1));
        assert_eq!(pipe.writer_opens(), 1);
        assert_eq!(both.write_at(0, b"ab"), Ok(2));
        assert_eq!(pipe.len(), 2);
        let mut buf = [0u8; 4];
        assert_eq!(both.read_at(0, &mut buf), Ok(2));
        drop(both);
        assert_eq!((pipe.readers(), pipe.writers()), (0, 0));
        assert_eq!(pipe.writer_opens(), 1);
    }
}
