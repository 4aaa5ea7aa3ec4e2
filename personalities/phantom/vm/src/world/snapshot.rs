//! Snapshots of the world: the freeze (the only pause) and the thread
//! records it writes, and reading them back at a restart.

use super::*;

impl<M: Memory> World<M> {
    // ------------------------------------------------------------ snapshots

    /// The stop-the-world part of a snapshot: writes the frames of every
    /// thread whose record is out of date into its record and the clock into
    /// the superblock, then freezes the heap. Costs O(running threads' stack
    /// depth), not O(heap): a thread that parked (sleep, join, wait, a
    /// monitor, a snapshot) wrote its record when it parked. Returns false if
    /// the previous snapshot is still being written or the heap is full.
    pub fn freeze(&mut self) -> bool {
        if self.heap.freezing() {
            return false;
        }
        for t in 0..self.threads.len() {
            if self.save_if_stale(t).is_err() {
                return false;
            }
        }
        self.heap.set(SB_CLOCK, self.last_now.get());
        let generation = self.heap.get(heap::SB_GENERATION);
        self.heap.set(heap::SB_GENERATION, generation + 1);
        let frozen = self.heap.freeze();
        if frozen {
            self.freezes += 1;
        }
        frozen
    }

    // Thread record layout ([J): id, state tag, a, b, c, channel, nframes, nregs,
    // obj, group, then (method, pc, base, lock) per frame, then the registers.
    const REC_HEAD: usize = 10;

    /// Writes thread `t`'s record unless it already holds the thread's state.
    pub(super) fn save_if_stale(&mut self, t: usize) -> Result<(), Error> {
        let state = self.threads[t].state;
        if self.threads[t].saved != Some(state) {
            self.save_thread(t)?;
            self.threads[t].saved = Some(state);
        }
        Ok(())
    }

    pub(super) fn save_thread(&mut self, t: usize) -> Result<(), Error> {
        let records = self.world_slot(W_THREADS);
        let slot = records as usize + object::DATA + 1 + t;
        let th = &self.threads[t];
        if let State::Done(_) = th.state {
            if self.heap.get(slot) != 0 {
                self.heap.set(slot, 0);
            }
            return Ok(());
        }
        let top = th
            .frames
            .last()
            .map_or(0, |f| f.base as usize + self.prog.methods[f.method as usize].nregs as usize);
        let need = Self::REC_HEAD + th.frames.len() * 4 + top;
        let mut rec = self.heap.get(slot);
        if rec == 0 || object::len(&self.heap, rec) < need {
            let la = self.prog.wk.long_array;
            rec = err_heap(object::new_array(&mut self.heap, la, Elem::I64, need + need / 2 + 8))?;
            self.heap.set(slot, rec);
        }
        let th = &self.threads[t];
        let (tag, a, b, c) = match th.state {
            State::Runnable => (0, 0, 0, 0),
            State::Blocked(Wait::Until(at)) => (1, at, 0, 0),
            State::Blocked(Wait::Snapshot) => (2, 0, 0, 0),
            State::Blocked(Wait::Yield) => (3, 0, 0, 0),
            State::Blocked(Wait::Join(o)) => (4, o as u64, 0, 0),
            State::Monitor(obj) => (5, obj, 0, 0),
            State::ObjWait { obj, count, .. } | State::Reacquire { obj, count } => {
                (6, obj, count as u64, 0)
            }
            State::Done(_) => unreachable!(),
        };
        // Written in place, with no allocation: this is inside the pause.
        let head = [
            th.id as u64,
            tag,
            a,
            b,
            c,
            th.channel as u64,
            th.frames.len() as u64,
            top as u64,
            th.obj,
            th.group as u64,
        ];
        let frames = th.frames.iter().flat_map(|f| [f.method as u64, f.pc as u64, f.base as u64, f.lock]);
        let words = head.into_iter().chain(frames).chain(th.regs[..top].iter().copied());
        let at = rec as usize + object::DATA;
        let heap = &mut self.heap;
        for (i, w) in words.enumerate() {
            if heap.get(at + i) != w {
                heap.set(at + i, w);
            }
        }
        Ok(())
    }

    pub(super) fn decode_thread(&self, id: u32, rec: Ref) -> Result<Thread, Error> {
        let bad = Error::Corrupt("thread record");
        if rec as usize >= self.heap.bump() {
            return Err(bad);
        }
        let n = object::len(&self.heap, rec);
        let at = rec as usize + object::DATA;
        if n < Self::REC_HEAD || at + n > self.heap.capacity() {
            return Err(bad);
        }
        let w = self.heap.words(at, n);
        let nframes = w[6] as usize;
        let top = w[7] as usize;
        if Self::REC_HEAD + nframes.saturating_mul(4).saturating_add(top) > n || nframes == 0 {
            return Err(bad);
        }
        let mut frames = Vec::new();
        for f in 0..nframes {
            let i = Self::REC_HEAD + f * 4;
            let method = w[i] as u32;
            let m = self.prog.methods.get(method as usize).ok_or(Error::Corrupt("frame method"))?;
            let (pc, base) = (w[i + 1] as u32, w[i + 2] as u32);
            if pc as usize >= m.code.len() || base as usize + m.nregs as usize > top {
                return Err(Error::Corrupt("frame out of range"));
            }
            frames.push(Frame {
                method,
                pc,
                base,
                lock: w[i + 3],
            });
        }
        let regs_at = Self::REC_HEAD + nframes * 4;
        let mut regs = w[regs_at..regs_at + top].to_vec();
        regs.resize(top.max(16), 0);
        let state = match w[1] {
            0 => State::Runnable,
            // A sleeping thread sleeps again: its call is made again.
            1 | 3 => State::Runnable,
            2 => State::Blocked(Wait::Snapshot),
            4 => State::Runnable,
            5 => State::Monitor(w[2]),
            // Woken spuriously from wait(): takes the monitor back (Java allows this).
            6 => State::Reacquire {
                obj: w[2],
                count: w[3] as u32,
            },
            _ => return Err(bad),
        };
        Ok(Thread {
            id,
            regs,
            frames,
            state,
            woke: false,
            pending: 0,
            obj: w[8],
            group: w[9] as u32,
            // The terminal a program was attached to is gone after a
            // restart: its output goes to the console from now on.
            channel: 0,
            uncaught: None,
            saved: Some(state),
        })
    }

}
