//! Loading a program into a fresh address space: ELF segments (and the
//! dynamic loader named by PT_INTERP), `#!` scripts, and the initial stack.

use crate::elf::{self, ElfKind, LoadPlan};
use crate::errno::Errno;
use crate::host::{Prot, Regs};
use crate::mm::{page_down, page_up, Backing, Mm, VmaKind, PAGE, STACK_MAX, STACK_TOP};
use crate::vfs::NodeRef;
use alloc::sync::Arc;
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

pub struct Loaded {
    pub mm: Mm,
    pub regs: Regs,
    pub exe: String,
    pub comm: String,
    pub argv: Vec<String>,
}

impl Posix {
    /// An executable's node and enough of its start to plan the load: the
    /// ELF header and program headers (or a `#!` line).
    fn read_head(&self, cwd: &str, path: &str) -> Result<(NodeRef, Vec<u8>, u64), Errno> {
        let node = self.vfs.resolve(cwd, path, true)?;
        let st = node.stat();
        if st.mode & 0o170000 != 0o100000 {
            return Err(Errno::EACCES);
        }
        if st.mode & 0o111 == 0 {
            return Err(Errno::EACCES);
        }
        let mut head = vec![0u8; 4096];
        let n = read_fully(&node, 0, &mut head)?;
        head.truncate(n);
        // Program headers beyond the first page: read up to their end.
        if head.len() >= 64 && &head[..4] == b"\x7fELF" {
            let phoff = u64::from_le_bytes(head[32..40].try_into().unwrap_or([0; 8]));
            let phentsize = u16::from_le_bytes([head[54], head[55]]) as u64;
            let phnum = u16::from_le_bytes([head[56], head[57]]) as u64;
            let need = phoff.saturating_add(phentsize.saturating_mul(phnum)).min(1 << 20);
            if need > head.len() as u64 && need <= st.size {
                let mut more = vec![0u8; need as usize];
                let n = read_fully(&node, 0, &mut more)?;
                more.truncate(n);
                head = more;
            }
        }
        Ok((node, head, st.size))
    }

    /// Build the address space and registers for running `path`.
    pub fn load_program(&self, cwd: &str, path: &str, argv: Vec<Vec<u8>>, envp: Vec<Vec<u8>>) -> Result<Loaded, Errno> {
        let mut path = String::from(path);
        let mut argv = argv;
        let (mut node, mut image, mut size) = self.read_head(cwd, &path)?;
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
            (node, image, size) = self.read_head(cwd, &path)?;
        }
        let plan = elf::plan_head(&image, size)?;
        let space = self.host.new_space()?;
        let mut mm = Mm::new(space.clone());
        let bias = if plan.kind == ElfKind::Dyn { PIE_BASE } else { 0 };
        let end = map_segments(&mut mm, &plan, &node, bias)?;
        mm.brk_start = page_up(end).ok_or(Errno::ENOEXEC)?;
        mm.brk = mm.brk_start;

        let mut entry = plan.entry + bias;
        let mut interp_base = 0;
        if let Some(ip) = &plan.interp {
            let (inode, iimage, isize) = self.read_head(cwd, ip)?;
            let iplan = elf::plan_head(&iimage, isize)?;
            if iplan.kind != ElfKind::Dyn || iplan.interp.is_some() {
                return Err(Errno::ELIBBAD);
            }
            interp_base = INTERP_BASE;
            map_segments(&mut mm, &iplan, &inode, interp_base)?;
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
        // /proc/PID/exe names the file itself, symlinks resolved.
        let comm: String = path.rsplit('/').next().unwrap_or(&path).chars().take(15).collect();
        let exe = self.vfs.resolve_canonical(cwd, &path, true).map(|(_, p)| p).unwrap_or(path);
        Ok(Loaded { mm, regs, exe, comm, argv })
    }
}

/// Set up the PT_LOAD segments at `bias` as demand-loaded ranges: each page
/// is read from the file the first time it is touched, so starting a large
/// program costs only the pages it uses. Returns the highest end address.
fn map_segments(mm: &mut Mm, plan: &LoadPlan, node: &NodeRef, bias: u64) -> Result<u64, Errno> {
    let backing = Arc::new(Backing {
        node: node.clone(),
        pieces: plan.segments.iter().map(|s| (s.vaddr + bias, s.filesz, s.file_offset)).collect(),
        bias,
        file_mapping: false,
    });
    // Pages shared by two segments get the union of their rights.
    let mut pages: BTreeMap<u64, Prot> = BTreeMap::new();
    let mut end = 0;
    for s in &plan.segments {
        let start = page_down(s.vaddr + bias);
        let stop = page_up(s.vaddr + bias + s.memsz).ok_or(Errno::ENOEXEC)?;
        end = end.max(s.vaddr + bias + s.memsz);
        let mut p = start;
        while p < stop {
            *pages.entry(p).or_insert(Prot::empty()) |= s.prot;
            p += PAGE;
        }
    }
    // One VMA per run of pages with equal rights.
    let mut run: Option<(u64, u64, Prot)> = None;
    for (&p, &prot) in &pages {
        run = match run {
            Some((s, e, pr)) if e == p && pr == prot => Some((s, e + PAGE, pr)),
            Some((s, e, pr)) => {
                mm.insert_backed(s, e, pr, backing.clone());
                Some((p, p + PAGE, prot))
            }
            None => Some((p, p + PAGE, prot)),
        };
    }
    if let Some((s, e, pr)) = run {
        mm.insert_backed(s, e, pr, backing);
    }
    Ok(end)
}

fn read_fully(node: &NodeRef, off: u64, buf: &mut [u8]) -> Result<usize, Errno> {
    let mut got = 0;
    while got < buf.len() {
        let n = node.read_at(off + got as u64, &mut buf[got..])?;
        if n == 0 {
            break;
        }
        got += n;
    }
    Ok(got)
}
