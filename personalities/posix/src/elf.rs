//! ELF executables: *what* to load, never *how*.
//!
//! [`plan`] reads an ELF64 x86-64 image (with `goblin`'s header and program-header
//! parsers) and returns a [`LoadPlan`]: the `PT_LOAD` segments with their
//! protections, the entry point, where the program headers sit in memory (for
//! `AT_PHDR`), the `PT_INTERP` path, `PT_TLS` and `PT_GNU_STACK`. Every address in
//! the plan is *unbiased*, exactly as written in the file; for an `ET_DYN` image
//! (a PIE, a static PIE or the dynamic loader itself) the caller picks a load bias
//! and adds it to every address. Mapping, copying and zeroing stay with the caller
//! (`exec.rs`), which can trust the plan: all offsets are inside the image and all
//! address arithmetic has been checked for overflow.
//!
//! Anything malformed or foreign is `ENOEXEC`, as Linux's `binfmt_elf` answers, and
//! no input can panic this module (see the fuzz-style tests at the bottom).
//!
//! [`is_script`] recognises `#!` lines the way Linux's `binfmt_script` does.

use crate::errno::Errno;
pub use crate::host::Prot;
use alloc::string::String;
use alloc::vec::Vec;
use goblin::container::{Container, Ctx, Endian};
use goblin::elf::header::{self, Header};
use goblin::elf::program_header::{self as ph, ProgramHeader};

/// The page size the segment layout is checked against.
pub const PAGE_SIZE: u64 = 4096;
/// One past the highest user address a segment may reach: Linux x86-64's
/// `TASK_SIZE` with 4-level paging, (1 << 47) minus a guard page.
pub const USER_TOP: u64 = 0x0000_7fff_ffff_f000;
/// The lowest address an `ET_EXEC` segment may use: Linux's default
/// `vm.mmap_min_addr`, which keeps the NULL page range unmapped.
pub const MIN_EXEC_VADDR: u64 = 0x1_0000;
/// Size of one ELF64 program header.
const PHDR_SIZE: usize = 56;
/// Linux refuses more program headers than fit in 64 KiB (`load_elf_phdrs`).
pub const MAX_PHNUM: usize = 65536 / PHDR_SIZE;
/// Longest `PT_INTERP` contents, NUL included (Linux: `PATH_MAX`).
pub const MAX_INTERP: usize = 4096;
/// Linux reads this much of a file to recognise its format (`BINPRM_BUF_SIZE`);
/// a `#!` line must fit in it.
pub const BINPRM_BUF_SIZE: usize = 256;

/// The ELF file type, which decides whether the image needs a load bias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElfKind {
    /// `ET_EXEC`: loaded at the addresses in the file.
    Exec,
    /// `ET_DYN`: a PIE, a static PIE or a dynamic loader; loaded at a bias.
    Dyn,
}

/// One `PT_LOAD` segment: map `[vaddr, vaddr + memsz)` with `prot`, fill the first
/// `filesz` bytes from `image[file_offset..]`, zero the rest.
///
/// Two segments never overlap, but they may share a page at their boundary (the end
/// of text and the start of data, in older link layouts); the loader gives such a
/// page the union of both protections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Unbiased start address (not page aligned in general).
    pub vaddr: u64,
    /// Bytes in memory; at least `filesz`, never zero.
    pub memsz: u64,
    /// Where the initialised bytes start in the image.
    pub file_offset: u64,
    /// Initialised bytes; `file_offset + filesz` is inside the image.
    pub filesz: u64,
    /// From `p_flags` (`PF_R`, `PF_W`, `PF_X`).
    pub prot: Prot,
}

/// Everything the loader needs to know about one ELF image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadPlan {
    pub kind: ElfKind,
    /// Unbiased entry point (`e_entry`), inside the loaded span.
    pub entry: u64,
    /// The non-empty `PT_LOAD` segments, sorted by address.
    pub segments: Vec<Segment>,
    /// Unbiased address of the program headers in memory, for `AT_PHDR`: the
    /// `PT_PHDR` entry if there is one, else computed from the `PT_LOAD` whose file
    /// range contains the header table (as Linux does since 5.18). `None` if the
    /// headers are not loaded at all.
    pub phdr_vaddr: Option<u64>,
    /// `e_phnum`, for `AT_PHNUM`.
    pub phnum: u16,
    /// `e_phentsize` (always 56), for `AT_PHENT`.
    pub phent: u16,
    /// The `PT_INTERP` path (the dynamic loader), without its NUL.
    pub interp: Option<String>,
    /// `PT_TLS` as `(unbiased vaddr, memsz)`, for whoever sets up the first thread's
    /// TLS (libc does it itself from `AT_PHDR`).
    pub tls: Option<(u64, u64)>,
    /// `PT_GNU_STACK` asks for an executable stack. Without `PT_GNU_STACK` the
    /// stack is not executable (x86-64 Linux's default for 64-bit programs).
    pub stack_exec: bool,
    /// Lowest segment address, rounded down to a page.
    pub min_vaddr: u64,
    /// Highest segment end, rounded up to a page.
    pub max_vaddr: u64,
}

impl LoadPlan {
    /// Whether the image must be placed at a caller-chosen bias (`ET_DYN`).
    pub fn needs_bias(&self) -> bool {
        self.kind == ElfKind::Dyn
    }

    /// Bytes of address space the image occupies (`max_vaddr - min_vaddr`).
    pub fn span(&self) -> u64 {
        self.max_vaddr - self.min_vaddr
    }
}

fn page_down(v: u64) -> u64 {
    v & !(PAGE_SIZE - 1)
}

/// Rounds up; callers only pass values at most [`USER_TOP`], so it cannot overflow.
fn page_up(v: u64) -> u64 {
    page_down(v.saturating_add(PAGE_SIZE - 1))
}

fn prot_of(p_flags: u32) -> Prot {
    let mut prot = Prot::empty();
    if p_flags & ph::PF_R != 0 {
        prot |= Prot::READ;
    }
    if p_flags & ph::PF_W != 0 {
        prot |= Prot::WRITE;
    }
    if p_flags & ph::PF_X != 0 {
        prot |= Prot::EXEC;
    }
    prot
}

/// `image[offset..offset + len]`, or `ENOEXEC` if that is not inside the image.
fn file_range(image: &[u8], offset: u64, len: u64) -> Result<&[u8], Errno> {
    let start = usize::try_from(offset).map_err(|_| Errno::ENOEXEC)?;
    let len = usize::try_from(len).map_err(|_| Errno::ENOEXEC)?;
    let end = start.checked_add(len).ok_or(Errno::ENOEXEC)?;
    image.get(start..end).ok_or(Errno::ENOEXEC)
}

/// Checks the ELF header: magic, ELF64, little endian, x86-64, `ET_EXEC`/`ET_DYN`,
/// 56-byte program headers, a sane count.
fn check_header(image: &[u8]) -> Result<(Header, ElfKind), Errno> {
    let h = goblin::elf::Elf::parse_header(image).map_err(|_| Errno::ENOEXEC)?;
    let ident_ok = h.e_ident[..4] == *b"\x7fELF"
        && h.e_ident[header::EI_CLASS] == header::ELFCLASS64
        && h.e_ident[header::EI_DATA] == header::ELFDATA2LSB
        && h.e_ident[header::EI_VERSION] == header::EV_CURRENT;
    if !ident_ok || h.e_machine != header::EM_X86_64 {
        return Err(Errno::ENOEXEC);
    }
    let kind = match h.e_type {
        header::ET_EXEC => ElfKind::Exec,
        header::ET_DYN => ElfKind::Dyn,
        _ => return Err(Errno::ENOEXEC),
    };
    let phnum = usize::from(h.e_phnum);
    if usize::from(h.e_phentsize) != PHDR_SIZE || phnum == 0 || phnum > MAX_PHNUM {
        return Err(Errno::ENOEXEC);
    }
    file_range(image, h.e_phoff, (phnum * PHDR_SIZE) as u64)?;
    Ok((h, kind))
}

/// Checks one `PT_LOAD` and turns it into a [`Segment`] (`None` if it is empty).
fn load_segment(file_size: u64, p: &ProgramHeader) -> Result<Option<Segment>, Errno> {
    if p.p_filesz > p.p_memsz {
        return Err(Errno::ENOEXEC);
    }
    match p.p_offset.checked_add(p.p_filesz) {
        Some(end) if end <= file_size => {}
        _ => return Err(Errno::ENOEXEC),
    }
    let end = p.p_vaddr.checked_add(p.p_memsz).ok_or(Errno::ENOEXEC)?;
    if end > USER_TOP {
        return Err(Errno::ENOEXEC);
    }
    // The file page and the memory page must line up, or the segment could not
    // be mapped from the file (Linux's mmap would fail with EINVAL).
    if p.p_filesz > 0 && p.p_offset % PAGE_SIZE != p.p_vaddr % PAGE_SIZE {
        return Err(Errno::ENOEXEC);
    }
    if p.p_memsz == 0 {
        return Ok(None);
    }
    Ok(Some(Segment {
        vaddr: p.p_vaddr,
        memsz: p.p_memsz,
        file_offset: p.p_offset,
        filesz: p.p_filesz,
        prot: prot_of(p.p_flags),
    }))
}

/// The `PT_INTERP` path: NUL-terminated, at most [`MAX_INTERP`] bytes, UTF-8,
/// not empty. Like a C string it ends at the first NUL.
fn interp_path(image: &[u8], p: &ProgramHeader) -> Result<String, Errno> {
    if p.p_filesz < 2 || p.p_filesz > MAX_INTERP as u64 {
        return Err(Errno::ENOEXEC);
    }
    let raw = file_range(image, p.p_offset, p.p_filesz)?;
    if raw.last() != Some(&0) {
        return Err(Errno::ENOEXEC);
    }
    let len = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
    if len == 0 {
        return Err(Errno::ENOEXEC);
    }
    let path = core::str::from_utf8(&raw[..len]).map_err(|_| Errno::ENOEXEC)?;
    Ok(String::from(path))
}

/// Reads an ELF64 x86-64 executable and says what to load where.
///
/// `ENOEXEC` for anything that is not a well-formed `ET_EXEC` or `ET_DYN` image for
/// this machine: see the module documentation and the tests for the full list.
pub fn plan(image: &[u8]) -> Result<LoadPlan, Errno> {
    plan_head(image, image.len() as u64)
}

/// [`plan`] from the start of a file of `file_size` bytes: `head` must hold the
/// ELF header, the program headers and the PT_INTERP path (the segments' data
/// need not be there; they are checked against `file_size`).
pub fn plan_head(image: &[u8], file_size: u64) -> Result<LoadPlan, Errno> {
    if (image.len() as u64) > file_size {
        return Err(Errno::ENOEXEC);
    }
    let (h, kind) = check_header(image)?;
    let phnum = usize::from(h.e_phnum);
    let ctx = Ctx::new(Container::Big, Endian::Little);
    let phoff = usize::try_from(h.e_phoff).map_err(|_| Errno::ENOEXEC)?;
    let phdrs = ProgramHeader::parse(image, phoff, phnum, ctx).map_err(|_| Errno::ENOEXEC)?;

    let mut segments = Vec::new();
    let mut interp = None;
    let mut tls = None;
    let mut stack_exec = false;
    let mut pt_phdr = None;
    let mut saw_load = false;
    for p in &phdrs {
        match p.p_type {
            ph::PT_LOAD => {
                saw_load = true;
                if let Some(s) = load_segment(file_size, p)? {
                    segments.push(s);
                }
            }
            // Linux uses the first PT_INTERP and ignores any later one.
            ph::PT_INTERP if interp.is_none() => interp = Some(interp_path(image, p)?),
            ph::PT_TLS if tls.is_none() => tls = Some((p.p_vaddr, p.p_memsz)),
            ph::PT_GNU_STACK => stack_exec = p.p_flags & ph::PF_X != 0,
            ph::PT_PHDR if pt_phdr.is_none() => pt_phdr = Some(p.p_vaddr),
            _ => {}
        }
    }
    if !saw_load || segments.is_empty() {
        return Err(Errno::ENOEXEC);
    }

    segments.sort_by_key(|s| s.vaddr);
    for pair in segments.windows(2) {
        // Cannot overflow: load_segment checked vaddr + memsz <= USER_TOP.
        if pair[1].vaddr < pair[0].vaddr + pair[0].memsz {
            return Err(Errno::ENOEXEC);
        }
    }
    let min_vaddr = page_down(segments[0].vaddr);
    let max_vaddr = segments
        .iter()
        .map(|s| page_up(s.vaddr + s.memsz))
        .max()
        .unwrap_or(0);
    if kind == ElfKind::Exec && min_vaddr < MIN_EXEC_VADDR {
        return Err(Errno::ENOEXEC);
    }
    if h.e_entry < min_vaddr || h.e_entry >= max_vaddr {
        return Err(Errno::ENOEXEC);
    }

    // Where the program headers land in memory: PT_PHDR, else the PT_LOAD whose
    // file bytes include the whole header table.
    let table_len = (phnum * PHDR_SIZE) as u64;
    let phdr_vaddr = pt_phdr.or_else(|| {
        segments.iter().find_map(|s| {
            let inside = h.e_phoff >= s.file_offset
                && h.e_phoff.checked_add(table_len)? <= s.file_offset + s.filesz;
            inside.then(|| s.vaddr + (h.e_phoff - s.file_offset))
        })
    });

    Ok(LoadPlan {
        kind,
        entry: h.e_entry,
        segments,
        phdr_vaddr,
        phnum: h.e_phnum,
        phent: h.e_phentsize,
        interp,
        tls,
        stack_exec,
        min_vaddr,
        max_vaddr,
    })
}

/// A `#!` script line: `Some((interpreter, optional argument))`, or `None` if the
/// image is not a script (or its `#!` line is unusable, which `execve` then reports
/// as `ENOEXEC`).
///
/// As Linux's `binfmt_script`: only the first [`BINPRM_BUF_SIZE`]` - 1` (255) bytes
/// are looked at; the line ends at `\n`; spaces and tabs around the interpreter are
/// trimmed; everything after the interpreter and its following blanks, up to the
/// end of the line less trailing blanks, is *one* argument (inner spaces kept). A
/// line with no newline in the first 255 bytes is accepted only if the interpreter
/// name itself ends before that (otherwise it may be cut short); a file shorter than
/// that needs no newline at all. A NUL ends a field,
/// as it would in C.
pub fn is_script(image: &[u8]) -> Option<(String, Option<String>)> {
    if !image.starts_with(b"#!") {
        return None;
    }
    let buf = &image[..image.len().min(BINPRM_BUF_SIZE - 1)];
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let line_end = match buf.iter().position(|&b| b == b'\n') {
        Some(i) => i,
        // A file shorter than the buffer ends in (Linux's) zero padding, which
        // terminates the interpreter name.
        None if image.len() < BINPRM_BUF_SIZE - 1 => buf.len(),
        None => {
            // Possibly truncated: the interpreter must end (at a blank or NUL)
            // inside what we can see.
            let rest = &buf[2..];
            let start = rest.iter().position(|b| !is_blank(b))?;
            rest[start..]
                .iter()
                .position(|&b| b == b' ' || b == b'\t' || b == 0)?;
            buf.len()
        }
    };
    let mut line = &buf[2..line_end];
    if let Some(nul) = line.iter().position(|&b| b == 0) {
        line = &line[..nul];
    }
    while let Some((last, rest)) = line.split_last() {
        if !is_blank(last) {
            break;
        }
        line = rest;
    }
    let start = line.iter().position(|b| !is_blank(b))?;
    let line = &line[start..];
    let name_len = line.iter().position(is_blank).unwrap_or(line.len());
    let interp = core::str::from_utf8(&line[..name_len]).ok()?;
    let after = &line[name_len..];
    let arg = match after.iter().position(|b| !is_blank(b)) {
        Some(a) => Some(String::from(core::str::from_utf8(&after[a..]).ok()?)),
        None => None,
    };
    Some((String::from(interp), arg))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use alloc::vec;

    /// A program header for the test images.
    #[derive(Clone, Copy)]
    struct Ph {
        p_type: u32,
        flags: u32,
        offset: u64,
        vaddr: u64,
        filesz: u64,
        memsz: u64,
    }

    fn load(flags: u32, offset: u64, vaddr: u64, filesz: u64, memsz: u64) -> Ph {
        Ph {
            p_type: ph::PT_LOAD,
            flags,
            offset,
            vaddr,
            filesz,
            memsz,
        }
    }

    const R: u32 = ph::PF_R;
    const RW: u32 = ph::PF_R | ph::PF_W;
    const RX: u32 = ph::PF_R | ph::PF_X;

    /// Builds an ELF64 little-endian x86-64 image by hand: header at 0, program
    /// headers at 64, then `extra` bytes at `extra_at`, padded to `len`.
    fn image(
        e_type: u16,
        entry: u64,
        phdrs: &[Ph],
        len: usize,
        extra_at: usize,
        extra: &[u8],
    ) -> Vec<u8> {
        let mut v = vec![0u8; len];
        v[..4].copy_from_slice(b"\x7fELF");
        v[4] = 2; // ELFCLASS64
        v[5] = 1; // ELFDATA2LSB
        v[6] = 1; // EV_CURRENT
        v[16..18].copy_from_slice(&e_type.to_le_bytes());
        v[18..20].copy_from_slice(&62u16.to_le_bytes());
        v[20..24].copy_from_slice(&1u32.to_le_bytes());
        v[24..32].copy_from_slice(&entry.to_le_bytes());
        v[32..40].copy_from_slice(&64u64.to_le_bytes());
        v[52..54].copy_from_slice(&64u16.to_le_bytes());
        v[54..56].copy_from_slice(&56u16.to_le_bytes());
        v[56..58].copy_from_slice(&(phdrs.len() as u16).to_le_bytes());
        v[58..60].copy_from_slice(&64u16.to_le_bytes());
        for (i, p) in phdrs.iter().enumerate() {
            let o = 64 + i * 56;
            v[o..o + 4].copy_from_slice(&p.p_type.to_le_bytes());
            v[o + 4..o + 8].copy_from_slice(&p.flags.to_le_bytes());
            v[o + 8..o + 16].copy_from_slice(&p.offset.to_le_bytes());
            v[o + 16..o + 24].copy_from_slice(&p.vaddr.to_le_bytes());
            v[o + 24..o + 32].copy_from_slice(&p.vaddr.to_le_bytes());
            v[o + 32..o + 40].copy_from_slice(&p.filesz.to_le_bytes());
            v[o + 40..o + 48].copy_from_slice(&p.memsz.to_le_bytes());
            v[o + 48..o + 56].copy_from_slice(&PAGE_SIZE.to_le_bytes());
        }
        v[extra_at..extra_at + extra.len()].copy_from_slice(extra);
        v
    }

    fn gnu_stack(flags: u32) -> Ph {
        Ph {
            p_type: ph::PT_GNU_STACK,
            flags,
            offset: 0,
            vaddr: 0,
            filesz: 0,
            memsz: 0,
        }
    }

    /// A static executable: text at 0x400000 (headers included), data + bss after.
    fn static_exec() -> Vec<u8> {
        let phdrs = [
            load(RX, 0, 0x40_0000, 0x300, 0x300),
            load(RW, 0x300, 0x40_1300, 0x100, 0x2000),
            gnu_stack(RW),
        ];
        image(2, 0x40_0200, &phdrs, 0x400, 0x200, &[0xf4])
    }

    const LOADER: &[u8] = b"/lib/ld-musl-x86_64.so.1\0";

    /// A PIE with PT_PHDR, PT_INTERP (at 0x200) and PT_TLS.
    fn pie() -> Vec<u8> {
        let phdrs = [
            Ph {
                p_type: ph::PT_PHDR,
                flags: R,
                offset: 64,
                vaddr: 64,
                filesz: 5 * 56,
                memsz: 5 * 56,
            },
            Ph {
                p_type: ph::PT_INTERP,
                flags: R,
                offset: 0x200,
                vaddr: 0x200,
                filesz: LOADER.len() as u64,
                memsz: LOADER.len() as u64,
            },
            load(RX, 0, 0, 0x800, 0x800),
            load(RW, 0x800, 0x1800, 0x100, 0x200),
            Ph {
                p_type: ph::PT_TLS,
                flags: R,
                offset: 0x800,
                vaddr: 0x1800,
                filesz: 0x10,
                memsz: 0x40,
            },
        ];
        image(3, 0x400, &phdrs, 0x900, 0x200, LOADER)
    }

    #[test]
    fn static_executable() {
        let p = plan(&static_exec()).unwrap();
        assert_eq!(p.kind, ElfKind::Exec);
        assert!(!p.needs_bias());
        assert_eq!(p.entry, 0x40_0200);
        assert_eq!(p.segments.len(), 2);
        assert_eq!(
            p.segments[0],
            Segment {
                vaddr: 0x40_0000,
                memsz: 0x300,
                file_offset: 0,
                filesz: 0x300,
                prot: Prot::READ | Prot::EXEC
            }
        );
        assert_eq!(
            p.segments[1],
            Segment {
                vaddr: 0x40_1300,
                memsz: 0x2000,
                file_offset: 0x300,
                filesz: 0x100,
                prot: Prot::READ | Prot::WRITE
            }
        );
        assert_eq!(p.phdr_vaddr, Some(0x40_0040));
        assert_eq!((p.phnum, p.phent), (3, 56));
        assert_eq!(p.interp, None);
        assert_eq!(p.tls, None);
        assert!(!p.stack_exec);
        assert_eq!((p.min_vaddr, p.max_vaddr), (0x40_0000, 0x40_4000));
        assert_eq!(p.span(), 0x4000);
    }

    #[test]
    fn pie_with_interpreter() {
        let p = plan(&pie()).unwrap();
        assert_eq!(p.kind, ElfKind::Dyn);
        assert!(p.needs_bias());
        assert_eq!(p.entry, 0x400);
        assert_eq!(p.interp.as_deref(), Some("/lib/ld-musl-x86_64.so.1"));
        assert_eq!(p.phdr_vaddr, Some(64));
        assert_eq!(p.tls, Some((0x1800, 0x40)));
        assert_eq!((p.min_vaddr, p.max_vaddr), (0, 0x2000));
        assert!(!p.stack_exec);
    }

    #[test]
    fn executable_stack() {
        let phdrs = [
            load(RX, 0, 0x40_0000, 0x300, 0x300),
            gnu_stack(RW | ph::PF_X),
        ];
        assert!(
            plan(&image(2, 0x40_0000, &phdrs, 0x300, 0, &[]))
                .unwrap()
                .stack_exec
        );
    }

    /// Builds the static image with one program header replaced.
    fn with(i: usize, p: Ph) -> Vec<u8> {
        let mut phdrs = [
            load(RX, 0, 0x40_0000, 0x300, 0x300),
            load(RW, 0x300, 0x40_1300, 0x100, 0x2000),
            gnu_stack(RW),
        ];
        phdrs[i] = p;
        image(2, 0x40_0200, &phdrs, 0x400, 0, &[])
    }

    fn enoexec(img: &[u8]) {
        assert_eq!(plan(img), Err(Errno::ENOEXEC));
    }

    #[test]
    fn foreign_headers() {
        let good = static_exec();
        for (at, val) in [
            (0, 0x7e),
            (4, 1),
            (5, 2),
            (6, 0),
            (16, 1),
            (16, 4),
            (18, 3),
            (54, 32),
            (56, 0),
            (57, 0xff),
        ] {
            let mut img = good.clone();
            img[at] = val;
            enoexec(&img);
        }
        let mut img = good.clone();
        img[32..40].copy_from_slice(&0x380u64.to_le_bytes()); // table past the end
        enoexec(&img);
        enoexec(&[]);
        enoexec(b"\x7fELF");
        enoexec(b"#!/bin/sh\n");
    }

    #[test]
    fn bad_segments() {
        enoexec(&with(1, load(RW, 0x300, 0x40_1300, 0x200, 0x100))); // filesz > memsz
        enoexec(&with(1, load(RW, 0x300, 0x40_1300, 0x101, 0x2000))); // past the file
        enoexec(&with(1, load(RW, u64::MAX, 0x40_1fff, 1, 1))); // offset overflow
        enoexec(&with(1, load(RW, 0x300, 0x40_0200, 0x100, 0x200))); // overlaps text
        enoexec(&with(1, load(RW, 0x300, 0x40_1400, 0x100, 0x200))); // offset % page != vaddr % page
        enoexec(&with(1, load(RW, 0x300, u64::MAX - 0xcff, 0x100, 0x1000))); // vaddr + memsz overflows
        enoexec(&with(1, load(RW, 0x300, USER_TOP - 0xd00, 0x100, 0x1000))); // above user space
        enoexec(&with(0, load(RX, 0, 0, 0x300, 0x300))); // ET_EXEC at the NULL page
                                                         // No PT_LOAD at all, or only empty ones.
        let phdrs = [gnu_stack(RW)];
        enoexec(&image(2, 0x40_0000, &phdrs, 0x100, 0, &[]));
        let phdrs = [load(RX, 0, 0x40_0000, 0, 0)];
        enoexec(&image(2, 0x40_0000, &phdrs, 0x100, 0, &[]));
        // Entry point outside every segment.
        let phdrs = [load(RX, 0, 0x40_0000, 0x300, 0x300)];
        enoexec(&image(2, 0x50_0000, &phdrs, 0x300, 0, &[]));
        // Too many program headers.
        let mut img = static_exec();
        img[56..58].copy_from_slice(&(MAX_PHNUM as u16 + 1).to_le_bytes());
        img.resize(64 + 56 * (MAX_PHNUM + 1), 0);
        enoexec(&img);
    }

    #[test]
    fn bad_interpreter() {
        let interp = |len: u64| Ph {
            p_type: ph::PT_INTERP,
            flags: R,
            offset: 0x200,
            vaddr: 0x40_0200,
            filesz: len,
            memsz: len,
        };
        let mut img = with(2, interp(4));
        img[0x200..0x204].copy_from_slice(b"/ab\0");
        assert_eq!(plan(&img).unwrap().interp.as_deref(), Some("/ab"));
        img[0x203] = b'c'; // not NUL-terminated
        enoexec(&img);
        img[0x200] = 0; // empty
        img[0x203] = 0;
        enoexec(&img);
        enoexec(&with(2, interp(1)));
        enoexec(&with(2, interp(MAX_INTERP as u64 + 1)));
        enoexec(&with(2, interp(0x201))); // past the file
        let mut img = with(2, interp(3));
        img[0x200..0x203].copy_from_slice(b"\xff\xfe\0"); // not UTF-8
        enoexec(&img);
    }

    #[test]
    fn phdr_outside_any_load() {
        // Text starts after the header table, so AT_PHDR cannot be derived.
        let phdrs = [load(RX, 0x1000, 0x40_1000, 0x10, 0x10)];
        let p = plan(&image(2, 0x40_1000, &phdrs, 0x1010, 0, &[])).unwrap();
        assert_eq!(p.phdr_vaddr, None);
    }

    #[test]
    fn host_busybox_static() {
        let Ok(img) = std::fs::read("/bin/busybox") else {
            return;
        };
        let p = plan(&img).unwrap();
        assert_eq!(p.interp, None);
        assert!(p.phdr_vaddr.is_some());
        assert!(p.segments.iter().any(|s| s.prot.contains(Prot::EXEC)));
        assert!(p.entry >= p.min_vaddr && p.entry < p.max_vaddr);
    }

    #[test]
    fn host_dynamic_pie() {
        let Ok(img) = std::fs::read("/bin/ls") else {
            return;
        };
        let p = plan(&img).unwrap();
        if p.kind == ElfKind::Dyn {
            assert_eq!(p.min_vaddr, 0);
        }
        assert!(p
            .interp
            .as_deref()
            .is_some_and(|i| i.starts_with('/') && i.contains("ld")));
        assert!(p.phdr_vaddr.is_some());
        assert!(!p.stack_exec);
    }

    /// Everything `plan` promises about an `Ok` result.
    fn check_invariants(img: &[u8], p: &LoadPlan) {
        for s in &p.segments {
            assert!(s.filesz <= s.memsz && s.memsz > 0);
            assert!((s.file_offset + s.filesz) as usize <= img.len());
            assert!(
                s.vaddr >= p.min_vaddr
                    && s.vaddr + s.memsz <= p.max_vaddr
                    && p.max_vaddr <= USER_TOP
            );
        }
        assert!(p.entry >= p.min_vaddr && p.entry < p.max_vaddr);
    }

    /// Every prefix, and many randomly corrupted copies, of valid images give
    /// either a plan or ENOEXEC, never a panic.
    #[test]
    fn fuzz_prefixes_and_flips() {
        let mut seeds = vec![static_exec(), pie()];
        if let Ok(mut ls) = std::fs::read("/bin/ls") {
            ls.truncate(8192);
            seeds.push(ls);
        }
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for seed in &seeds {
            for n in 0..seed.len().min(1024) {
                match plan(&seed[..n]) {
                    Ok(p) => check_invariants(&seed[..n], &p),
                    Err(e) => assert_eq!(e, Errno::ENOEXEC),
                }
            }
            let hot = seed.len().min(64 + 56 * 13); // header + program headers
            for _ in 0..20_000 {
                let mut img = seed.clone();
                for _ in 0..1 + next() % 4 {
                    let r = next();
                    let at = if r & 1 == 0 {
                        (r >> 8) as usize % hot
                    } else {
                        (r >> 8) as usize % img.len()
                    };
                    img[at] = (r >> 40) as u8;
                }
                match plan(&img) {
                    Ok(p) => check_invariants(&img, &p),
                    Err(e) => assert_eq!(e, Errno::ENOEXEC),
                }
            }
        }
    }

    fn script(s: &[u8]) -> Option<(String, Option<String>)> {
        is_script(s)
    }

    fn some(i: &str, a: Option<&str>) -> Option<(String, Option<String>)> {
        Some((String::from(i), a.map(String::from)))
    }

    #[test]
    fn scripts() {
        assert_eq!(script(b"#!/bin/sh\necho hi\n"), some("/bin/sh", None));
        assert_eq!(script(b"#! /bin/sh  \n"), some("/bin/sh", None));
        assert_eq!(
            script(b"#!/usr/bin/env  python3 -u \t\nx"),
            some("/usr/bin/env", Some("python3 -u"))
        );
        assert_eq!(script(b"#!\t/bin/awk\t-f\n"), some("/bin/awk", Some("-f")));
        assert_eq!(
            script(b"#!/bin/sh"),
            some("/bin/sh", None),
            "a short file needs no newline"
        );
        assert_eq!(script(b"#!/bin/sh -e"), some("/bin/sh", Some("-e")));
        assert_eq!(script(b"#!\n"), None);
        assert_eq!(script(b"#!   \n"), None);
        assert_eq!(script(b"#"), None);
        assert_eq!(script(b"\x7fELF"), None);
        assert_eq!(script(b"#!/bin/sh\0-x\n"), some("/bin/sh", None));
        // A 300-byte line: the interpreter fits, the argument is cut at 255 bytes.
        let mut long = b"#!/bin/sh ".to_vec();
        long.resize(long.len() + 290, b'a');
        let (i, a) = script(&long).unwrap();
        assert_eq!(i, "/bin/sh");
        assert_eq!(a.unwrap().len(), 255 - 10);
        // An interpreter name longer than the buffer is refused, with or without
        // a newline after it.
        let mut long = b"#!/".to_vec();
        long.resize(long.len() + 300, b'x');
        assert_eq!(script(&long), None);
        let mut long = b"#!/".to_vec();
        long.resize(long.len() + 300, b'x');
        long.push(b'\n');
        assert_eq!(script(&long), None);
    }
}
