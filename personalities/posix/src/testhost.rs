//! In-memory stand-ins for the kernel, for host unit tests.

use crate::errno::Errno;
use crate::host::{Prot, Space};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::any::Any;
use spin::Mutex;

/// An address space as a map of page address to page contents.
#[derive(Default)]
pub struct MemSpace {
    pages: Mutex<BTreeMap<u64, (Vec<u8>, Prot)>>,
}

impl Space for MemSpace {
    fn map_zero(&self, va: u64, len: u64, prot: Prot) -> Result<(), Errno> {
        let mut p = self.pages.lock();
        for a in (va..va + len).step_by(4096) {
            p.insert(a, (vec![0; 4096], prot));
        }
        Ok(())
    }

    fn map_cached(&self, va: u64, prot: Prot, _key: [u64; 4], fill: &mut dyn FnMut() -> Result<Vec<u8>, Errno>) -> Result<(), Errno> {
        let data = fill()?;
        self.pages.lock().insert(va, (data, prot));
        Ok(())
    }

    fn map_shared(&self, va: u64, prot: Prot, _object: u64, _page: u64) -> Result<(), Errno> {
        self.map_zero(va, 4096, prot)
    }

    fn unmap(&self, va: u64, len: u64) {
        let mut p = self.pages.lock();
        for a in (va..va + len).step_by(4096) {
            p.remove(&a);
        }
    }

    fn protect(&self, va: u64, len: u64, prot: Prot) {
        let mut p = self.pages.lock();
        for a in (va..va + len).step_by(4096) {
            if let Some(e) = p.get_mut(&a) {
                e.1 = prot;
            }
        }
    }

    fn write(&self, va: u64, data: &[u8]) -> Result<(), Errno> {
        let mut p = self.pages.lock();
        for (i, b) in data.iter().enumerate() {
            let a = va + i as u64;
            let page = p.get_mut(&(a & !4095)).ok_or(Errno::EFAULT)?;
            page.0[(a & 4095) as usize] = *b;
        }
        Ok(())
    }

    fn read(&self, va: u64, buf: &mut [u8]) -> Result<(), Errno> {
        let p = self.pages.lock();
        for (i, b) in buf.iter_mut().enumerate() {
            let a = va + i as u64;
            *b = p.get(&(a & !4095)).ok_or(Errno::EFAULT)?.0[(a & 4095) as usize];
        }
        Ok(())
    }

    fn fork(&self) -> Result<Arc<dyn Space>, Errno> {
        Ok(Arc::new(MemSpace { pages: Mutex::new(self.pages.lock().clone()) }))
    }

    fn resident_bytes(&self) -> u64 {
        self.pages.lock().len() as u64 * 4096
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
