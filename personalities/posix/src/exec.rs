//! Loading a program into a fresh address space: ELF segments (and the
//! dynamic loader named by PT_INTERP), `#!` scripts, and the initial stack.

use crate::elf::{self, ElfKind, LoadPlan};
use crate::errno::Errno;
use crate::host::{Prot, Regs, Space};
use crate::mm::{page_down, page_up, Mm, VmaKind, PAGE, STACK_MAX, STACK_TOP};
use crate::posix::Posix;
use crate::stack;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// Where a position-independent executable is placed (as Linux does).
const PIE_BASE: u64 = 0x5555_5555_4000;
/// Where the dynamic loader is placed.
const INTERP_BASE: u64 = 0x7FFF_F7FC_0000 - 0x1000_0000;
/// Largest program file we read whole.
const MAX_IMAGE: u64 = 256 * 1024 * 1024;

pub struct Loaded {
    pub mm: Mm,
    pub regs: Regs,
    pub exe: String,
    pub argv: Vec<String>,
}

impl Posix {
    /// Read a whole regular file, checking execute permission on the way.
    pub fn read_file(&self, cwd: &str, path: &str) -> Result<Vec<u8>, Errno> {
        let node = self.vfs.resolve(cwd, path, true)?;
        let st = node.stat();
        if st.mode & 0o170000 == 0o040000 {
            return Err(Errno::EACCES);
        }
        if st.mode & 0o170000 != 0o100000 {
            return Err(Errno::EACCES);
        }
        if st.size > MAX_IMAGE {
            return Err(Errno::ENOMEM);
        }
        let mut data = vec![0u8; st.size as usize];
        let mut off = 0;
        while off < data.len() {
            let n = node.read_at(off as u64, &mut data[off..])?;
            if n == 0 {
                break;
            }
            off += n;
        }
        data.truncate(off);
        Ok(data)
    }

    /// Build the address space and registers for running `path`.
    pub fn load_program(&self, cwd: &str, path: &str, argv: Vec<Vec<u8>>, envp: Vec<Vec<u8>>) -> Result<Loaded, Errno> {
        let mut path = String::from(path);
        let mut argv = argv;
        let mut image = self.read_file(cwd, &path)?;
        // `#!` scripts: the interpreter runs with the script as an argument
        // (nested scripts up to a few levels, as Linux allows).
        for _ in 0..4 {
            let Some((interp, arg)) = elf::is_script(&image) else { break };
            let mut new_argv: Vec<Vec<u8>> = vec![interp.clone().into_bytes()];
            if let Some(a) = arg {
                new_argv.push(a.into_bytes());
            }
            new_argv.push(path.clone().into_bytes());
            new_argv.extend(argv.into_iter().skip(1));
            argv = new_argv;
            path = interp;
            image = self.read_file(cwd, &path)?;
        }
        let plan = elf::plan(&image)?;
        let space = self.host.new_space()?;
        let mut mm = Mm::new(space.clone());
        let bias = if plan.kind == ElfKind::Dyn { PIE_BASE } else { 0 };
        let end = map_segments(&*space, &mut mm, &plan, &image, bias)?;
        mm.brk_start = page_up(end).ok_or(Errno::ENOEXEC)?;
        mm.brk = mm.brk_start;

        let mut entry = plan.entry + bias;
        let mut interp_base = 0;
        if let Some(ip) = &plan.interp {
            let iimage = self.read_file(cwd, ip)?;
            let iplan = elf::plan(&iimage)?;
            if iplan.kind != ElfKind::Dyn || iplan.interp.is_some() {
                return Err(Errno::ELIBBAD);
            }
            interp_base = INTERP_BASE;
            map_segments(&*space, &mut mm, &iplan, &iimage, interp_base)?;
            entry = iplan.entry + interp_base;
        }

        // The stack: a demand-paged VMA with the initial frame written at the top.
        mm.insert(STACK_TOP - STACK_MAX, STACK_TOP, Prot::READ | Prot::WRITE, VmaKind::Stack);
        let phdr = plan.phdr_vaddr.map(|p| p + bias).unwrap_or(0);
        let auxv = [
            (stack::AT_PHDR, phdr),
            (stack::AT_PHENT, plan.phent as u64),
            (stack::AT_PHNUM, plan.phnum as u64),
            (stack::AT_PAGESZ, PAGE),
            (stack::AT_BASE, interp_base),
            (stack::AT_FLAGS, 0),
            (stack::AT_ENTRY, plan.entry + bias),
            (stack::AT_UID, 0),
            (stack::AT_EUID, 0),
            (stack::AT_GID, 0),
            (stack::AT_EGID, 0),
            (stack::AT_SECURE, 0),
            (stack::AT_HWCAP, 0x178B_FBFF),
            (stack::AT_CLKTCK, 100),
        ];
        let mut random = [0u8; 16];
        self.host.random_bytes(&mut random);
        let argv_refs: Vec<&[u8]> = argv.iter().map(|a| a.as_slice()).collect();
        let envp_refs: Vec<&[u8]> = envp.iter().map(|a| a.as_slice()).collect();
        let (rsp, img) = stack::build(STACK_TOP, &argv_refs, &envp_refs, &auxv, random, path.as_bytes(), b"x86_64")?;
        let lo = page_down(rsp);
        space.map_zero(lo, STACK_TOP - lo, Prot::READ | Prot::WRITE)?;
        space.write(rsp, &img)?;

        let regs = Regs { rip: entry, rsp, rflags: 0x202, ..Regs::default() };
        let argv = argv.into_iter().map(|a| String::from_utf8_lossy(&a).into_owned()).collect();
        Ok(Loaded { mm, regs, exe: path, argv })
    }
}

/// Map and fill the PT_LOAD segments at `bias`; returns the highest end address.
fn map_segments(space: &dyn Space, mm: &mut Mm, plan: &LoadPlan, image: &[u8], bias: u64) -> Result<u64, Errno> {
    // Pages shared by two segments get the union of their rights, and are
    // mapped once so the second segment does not wipe the first.
    let mut pages: BTreeMap<u64, Prot> = BTreeMap::new();
    let mut end = 0;
    for s in &plan.segments {
        let start = page_down(s.vaddr + bias);
        let stop = page_up(s.vaddr + bias + s.memsz).ok_or(Errno::ENOEXEC)?;
        end = end.max(s.vaddr + bias + s.memsz);
        let mut p = start;
        while p < stop {
            let e = pages.entry(p).or_insert(Prot::empty());
            *e |= s.prot;
            p += PAGE;
        }
    }
    // Map runs of pages with equal rights.
    let mut run: Option<(u64, u64, Prot)> = None;
    for (&p, &prot) in &pages {
        run = match run {
            Some((s, e, pr)) if e == p && pr == prot => Some((s, e + PAGE, pr)),
            Some((s, e, pr)) => {
                space.map_zero(s, e - s, pr)?;
                mm.insert(s, e, pr, VmaKind::File);
                Some((p, p + PAGE, prot))
            }
            None => Some((p, p + PAGE, prot)),
        };
    }
    if let Some((s, e, pr)) = run {
        space.map_zero(s, e - s, pr)?;
        mm.insert(s, e, pr, VmaKind::File);
    }
    for s in &plan.segments {
        if s.filesz > 0 {
            let from = s.file_offset as usize;
            let data = image.get(from..from + s.filesz as usize).ok_or(Errno::ENOEXEC)?;
            space.write(s.vaddr + bias, data)?;
        }
    }
    Ok(end)
}
