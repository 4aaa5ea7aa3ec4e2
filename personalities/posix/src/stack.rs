//! The initial process stack, laid out byte for byte as Linux's `execve` does.
//!
//! A new program finds, from `rsp` upward: `argc`; the `argv` pointers and a NULL;
//! the `envp` pointers and a NULL; the auxiliary vector (`(type, value)` pairs
//! ending with `AT_NULL`); padding; the 16 `AT_RANDOM` bytes; the `AT_PLATFORM`
//! string; padding to 16 bytes; the argument strings; the environment strings; the
//! file name given to `execve` (`AT_EXECFN`); and 8 zero bytes just below the top.
//! `rsp` itself is 16-byte aligned, as the x86-64 psABI requires at process entry.
//! (Linux's `fs/exec.c` copies the strings, `create_elf_tables` in
//! `fs/binfmt_elf.c` writes the rest; Phantom leaves out the random stack offset.)
//!
//! [`build`] computes all of it on the host side and returns the bytes; the caller
//! copies them into the new address space at `rsp`.

use crate::errno::Errno;
use alloc::vec;
use alloc::vec::Vec;

/// End of the auxiliary vector.
pub const AT_NULL: u64 = 0;
/// Entry to be ignored.
pub const AT_IGNORE: u64 = 1;
/// File descriptor of the program (binfmt_misc).
pub const AT_EXECFD: u64 = 2;
/// Address of the program headers in memory.
pub const AT_PHDR: u64 = 3;
/// Size of one program header.
pub const AT_PHENT: u64 = 4;
/// Number of program headers.
pub const AT_PHNUM: u64 = 5;
/// Page size.
pub const AT_PAGESZ: u64 = 6;
/// Load address of the dynamic loader (0 without one).
pub const AT_BASE: u64 = 7;
/// Flags (always 0).
pub const AT_FLAGS: u64 = 8;
/// The program's entry point (the loader jumps there when done).
pub const AT_ENTRY: u64 = 9;
/// The program is not ELF.
pub const AT_NOTELF: u64 = 10;
/// Real user id.
pub const AT_UID: u64 = 11;
/// Effective user id.
pub const AT_EUID: u64 = 12;
/// Real group id.
pub const AT_GID: u64 = 13;
/// Effective group id.
pub const AT_EGID: u64 = 14;
/// Address of the platform string ("x86_64").
pub const AT_PLATFORM: u64 = 15;
/// CPU capabilities (CPUID leaf 1 EDX on x86).
pub const AT_HWCAP: u64 = 16;
/// Clock ticks per second (`times`).
pub const AT_CLKTCK: u64 = 17;
/// Non-zero for set-uid style programs (libc then ignores LD_* variables).
pub const AT_SECURE: u64 = 23;
/// Address of the base platform string.
pub const AT_BASE_PLATFORM: u64 = 24;
/// Address of 16 random bytes (stack protector and pointer guard seeds).
pub const AT_RANDOM: u64 = 25;
/// More CPU capabilities.
pub const AT_HWCAP2: u64 = 26;
/// rseq: size of the supported feature area.
pub const AT_RSEQ_FEATURE_SIZE: u64 = 27;
/// rseq: required alignment of the rseq area.
pub const AT_RSEQ_ALIGN: u64 = 28;
/// Address of the file name given to `execve`.
pub const AT_EXECFN: u64 = 31;
/// Address of the vDSO's ELF header.
pub const AT_SYSINFO_EHDR: u64 = 33;
/// Minimal signal stack size the kernel needs for a signal frame.
pub const AT_MINSIGSTKSZ: u64 = 51;

/// Linux's `MAX_ARG_STRLEN`: one argument or environment string, NUL included.
pub const MAX_ARG_STRLEN: usize = 32 * 4096;
/// The space for strings and their pointers together: a quarter of the default
/// 8 MiB stack limit, as Linux's `prepare_arg_pages` computes it.
pub const ARG_MAX: usize = 2 * 1024 * 1024;

/// The stack image for a new program.
///
/// - `stack_top`: one past the highest stack byte; must be 16-byte aligned.
/// - `argv`, `envp`, `execfn`, `platform`: strings without their NUL (a NUL inside
///   one is `EINVAL`). An empty `argv` gets one empty string as `argv[0]`, as Linux
///   does since 5.18. An empty `platform` leaves out `AT_PLATFORM`.
/// - `auxv`: the caller's entries (`AT_PHDR`, `AT_ENTRY`, ...). `AT_RANDOM`,
///   `AT_EXECFN` and `AT_PLATFORM` are filled in here with the addresses of the
///   bytes placed on the stack (caller entries with those types, or `AT_NULL`, are
///   dropped), and `AT_NULL` ends the vector.
///
/// Returns `(rsp, image)`: `image` goes at `rsp .. stack_top`, and `rsp` points at
/// `argc`. `E2BIG` when one string exceeds [`MAX_ARG_STRLEN`] or all strings and
/// pointers exceed [`ARG_MAX`].
pub fn build(
    stack_top: u64,
    argv: &[&[u8]],
    envp: &[&[u8]],
    auxv: &[(u64, u64)],
    random: [u8; 16],
    execfn: &[u8],
    platform: &[u8],
) -> Result<(u64, Vec<u8>), Errno> {
    const EMPTY: &[&[u8]] = &[b""];
    let argv = if argv.is_empty() { EMPTY } else { argv };
    if stack_top & 15 != 0 {
        return Err(Errno::EINVAL);
    }
    check_strings(argv, envp, execfn)?;
    if platform.contains(&0) {
        return Err(Errno::EINVAL);
    }

    // Strings, from the top down: 8 zero bytes, execfn, envp strings, argv strings
    // (so argv[0] is the lowest, as Linux's copy_strings leaves them).
    let sub = |p: u64, n: usize| p.checked_sub(n as u64).ok_or(Errno::E2BIG);
    let mut p = sub(stack_top, 8)?;
    p = sub(p, execfn.len() + 1)?;
    let execfn_at = p;
    p = sub(p, strings_len(envp))?;
    let envp_at = string_addresses(p, envp);
    p = sub(p, strings_len(argv))?;
    let argv_at = string_addresses(p, argv);
    let strings_at = p;

    // Then the platform string and the random bytes, below a 16-byte boundary.
    p &= !15;
    let platform_at = if platform.is_empty() {
        None
    } else {
        Some(sub(p, platform.len() + 1)?)
    };
    p = platform_at.unwrap_or(p);
    p = sub(p, 16)?;
    let random_at = p;

    // The auxiliary vector: the caller's entries, ours, AT_NULL.
    let mut aux: Vec<(u64, u64)> = auxv
        .iter()
        .copied()
        .filter(|&(k, _)| !matches!(k, AT_NULL | AT_RANDOM | AT_EXECFN | AT_PLATFORM))
        .collect();
    aux.push((AT_RANDOM, random_at));
    aux.push((AT_EXECFN, execfn_at));
    if let Some(at) = platform_at {
        aux.push((AT_PLATFORM, at));
    }
    aux.push((AT_NULL, 0));

    // argc, argv pointers + NULL, envp pointers + NULL directly below the auxv, with
    // rsp rounded down to 16 (the padding ends up between auxv and the random bytes).
    p = sub(p, aux.len() * 16)?;
    let items = 1 + argv.len() + 1 + envp.len() + 1;
    let rsp = sub(p, items * 8)? & !15;

    let mut img = Image {
        base: rsp,
        bytes: vec![0u8; (stack_top - rsp) as usize],
    };
    img.put(execfn_at, execfn);
    for (s, &at) in envp
        .iter()
        .chain(argv.iter())
        .zip(envp_at.iter().chain(argv_at.iter()))
    {
        img.put(at, s);
    }
    if let Some(at) = platform_at {
        img.put(at, platform);
    }
    img.put(random_at, &random);
    let mut w = rsp;
    let mut word = |img: &mut Image, v: u64| {
        img.put(w, &v.to_le_bytes());
        w += 8;
    };
    word(&mut img, argv.len() as u64);
    for &a in argv_at
        .iter()
        .chain([0].iter())
        .chain(envp_at.iter())
        .chain([0].iter())
    {
        word(&mut img, a);
    }
    for &(k, v) in &aux {
        word(&mut img, k);
        word(&mut img, v);
    }
    debug_assert!(w <= random_at && strings_at >= random_at);
    Ok((rsp, img.bytes))
}

/// The bytes between `base` and the stack top, written at absolute addresses.
struct Image {
    base: u64,
    bytes: Vec<u8>,
}

impl Image {
    fn put(&mut self, at: u64, data: &[u8]) {
        let i = (at - self.base) as usize;
        self.bytes[i..i + data.len()].copy_from_slice(data);
    }
}

/// Bytes taken by `strings` with their NULs.
fn strings_len(strings: &[&[u8]]) -> usize {
    strings.iter().map(|s| s.len() + 1).sum()
}

/// Addresses of `strings` placed one after another from `start`.
fn string_addresses(start: u64, strings: &[&[u8]]) -> Vec<u64> {
    let mut at = start;
    strings
        .iter()
        .map(|s| {
            let here = at;
            at += s.len() as u64 + 1;
            here
        })
        .collect()
}

/// The execve limits: no NUL inside a string, each string at most
/// `MAX_ARG_STRLEN`, strings plus pointers at most `ARG_MAX`.
fn check_strings(argv: &[&[u8]], envp: &[&[u8]], execfn: &[u8]) -> Result<(), Errno> {
    let mut total: usize = 0;
    for s in argv.iter().chain(envp.iter()).chain([execfn].iter()) {
        if s.len() + 1 > MAX_ARG_STRLEN {
            return Err(Errno::E2BIG);
        }
        if s.contains(&0) {
            return Err(Errno::EINVAL);
        }
        total = total.saturating_add(s.len() + 1);
    }
    let pointers = argv
        .len()
        .max(1)
        .saturating_add(envp.len())
        .saturating_mul(8);
    if pointers >= ARG_MAX || total > ARG_MAX - pointers {
        return Err(Errno::E2BIG);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    const TOP: u64 = 0x7fff_ffff_f000;

    /// What a program sees at entry, decoded from the image the way libc does.
    struct Decoded {
        argv: Vec<Vec<u8>>,
        envp: Vec<Vec<u8>>,
        auxv: Vec<(u64, u64)>,
    }

    fn word(img: &[u8], rsp: u64, at: u64) -> u64 {
        let i = (at - rsp) as usize;
        u64::from_le_bytes(img[i..i + 8].try_into().unwrap())
    }

    fn cstr(img: &[u8], rsp: u64, at: u64) -> Vec<u8> {
        let i = (at - rsp) as usize;
        let n = img[i..].iter().position(|&b| b == 0).unwrap();
        img[i..i + n].to_vec()
    }

    fn decode(rsp: u64, img: &[u8]) -> Decoded {
        assert_eq!(rsp % 16, 0, "rsp must be 16-byte aligned");
        assert_eq!(rsp + img.len() as u64, TOP);
        let argc = word(img, rsp, rsp);
        let mut at = rsp + 8;
        let mut argv = Vec::new();
        for _ in 0..argc {
            argv.push(cstr(img, rsp, word(img, rsp, at)));
            at += 8;
        }
        assert_eq!(word(img, rsp, at), 0, "argv ends with NULL");
        at += 8;
        let mut envp = Vec::new();
        while word(img, rsp, at) != 0 {
            envp.push(cstr(img, rsp, word(img, rsp, at)));
            at += 8;
        }
        at += 8;
        let mut auxv = Vec::new();
        loop {
            let (k, v) = (word(img, rsp, at), word(img, rsp, at + 8));
            at += 16;
            if k == AT_NULL {
                break;
            }
            auxv.push((k, v));
        }
        Decoded { argv, envp, auxv }
    }

    fn aux(d: &Decoded, key: u64) -> u64 {
        d.auxv.iter().find(|&&(k, _)| k == key).unwrap().1
    }

    #[test]
    fn layout_round_trip() {
        let random = *b"0123456789abcdef";
        let auxv = [
            (AT_PHDR, 0x40_0040),
            (AT_PHNUM, 9),
            (AT_PAGESZ, 4096),
            (AT_ENTRY, 0x40_1000),
            (AT_RANDOM, 1),
        ];
        let (rsp, img) = build(
            TOP,
            &[b"/bin/sh", b"-c", b"echo hi"],
            &[b"PATH=/bin", b"HOME=/"],
            &auxv,
            random,
            b"/bin/sh",
            b"x86_64",
        )
        .unwrap();
        let d = decode(rsp, &img);
        assert_eq!(d.argv, [&b"/bin/sh"[..], b"-c", b"echo hi"]);
        assert_eq!(d.envp, [&b"PATH=/bin"[..], b"HOME=/"]);
        assert_eq!(aux(&d, AT_PHDR), 0x40_0040);
        assert_eq!(aux(&d, AT_PHNUM), 9);
        assert_eq!(aux(&d, AT_PAGESZ), 4096);
        assert_eq!(aux(&d, AT_ENTRY), 0x40_1000);
        // Ours replace the caller's AT_RANDOM, and appear once.
        assert_eq!(d.auxv.iter().filter(|&&(k, _)| k == AT_RANDOM).count(), 1);
        let r = aux(&d, AT_RANDOM);
        assert_eq!(&img[(r - rsp) as usize..][..16], &random);
        assert_eq!(cstr(&img, rsp, aux(&d, AT_EXECFN)), b"/bin/sh");
        assert_eq!(cstr(&img, rsp, aux(&d, AT_PLATFORM)), b"x86_64");
        // Linux's order of the strings: argv, envp, execfn, 8 zero bytes at the top.
        let argv0 = word(&img, rsp, rsp + 8);
        assert!(argv0 < aux(&d, AT_EXECFN));
        assert_eq!(aux(&d, AT_EXECFN), TOP - 8 - 8);
        assert_eq!(&img[img.len() - 8..], &[0; 8]);
        assert!(r < aux(&d, AT_PLATFORM) && aux(&d, AT_PLATFORM) < argv0);
    }

    #[test]
    fn alignment_for_every_shape() {
        // Vary string lengths and counts so every parity of padding occurs.
        for extra in 0..33usize {
            let s = vec![b'x'; extra];
            let argv: Vec<&[u8]> = (0..1 + extra % 4).map(|_| &s[..]).collect();
            let envp: Vec<&[u8]> = (0..extra % 3).map(|_| &s[..]).collect();
            let auxv: Vec<(u64, u64)> = (0..extra % 5).map(|i| (AT_UID + i as u64, 7)).collect();
            let (rsp, img) = build(TOP, &argv, &envp, &auxv, [9; 16], b"/x", b"").unwrap();
            let d = decode(rsp, &img);
            assert_eq!(d.argv.len(), argv.len());
            assert_eq!(d.envp.len(), envp.len());
            assert!(d.auxv.iter().all(|&(k, _)| k != AT_PLATFORM));
            assert_eq!(d.auxv.len(), auxv.len() + 2);
        }
    }

    #[test]
    fn empty_argv_gets_empty_argv0() {
        let (rsp, img) = build(TOP, &[], &[], &[], [0; 16], b"/bin/true", b"x86_64").unwrap();
        let d = decode(rsp, &img);
        assert_eq!(d.argv, [Vec::<u8>::new()]);
        assert!(d.envp.is_empty());
    }

    #[test]
    fn limits() {
        let long = vec![b'a'; MAX_ARG_STRLEN];
        assert_eq!(
            build(TOP, &[&long[..]], &[], &[], [0; 16], b"x", b"").unwrap_err(),
            Errno::E2BIG
        );
        let ok = vec![b'a'; MAX_ARG_STRLEN - 1];
        assert!(build(TOP, &[&ok[..]], &[], &[], [0; 16], b"x", b"").is_ok());
        // 17 strings of 128 KiB pass 2 MiB.
        let many: Vec<&[u8]> = (0..17).map(|_| &ok[..]).collect();
        assert_eq!(
            build(TOP, &many, &[], &[], [0; 16], b"x", b"").unwrap_err(),
            Errno::E2BIG
        );
        assert_eq!(
            build(TOP, &[], &many, &[], [0; 16], b"x", b"").unwrap_err(),
            Errno::E2BIG
        );
        // Too many (empty) strings: the pointers alone exceed the limit.
        let empties: Vec<&[u8]> = (0..ARG_MAX / 8).map(|_| &b""[..]).collect();
        assert_eq!(
            build(TOP, &empties, &[], &[], [0; 16], b"x", b"").unwrap_err(),
            Errno::E2BIG
        );
        // Bad input from the caller.
        assert_eq!(
            build(TOP, &[b"a\0b"], &[], &[], [0; 16], b"x", b"").unwrap_err(),
            Errno::EINVAL
        );
        assert_eq!(
            build(TOP + 8, &[b"a"], &[], &[], [0; 16], b"x", b"").unwrap_err(),
            Errno::EINVAL
        );
        assert_eq!(
            build(64, &[b"a"], &[], &[], [0; 16], b"x", b"").unwrap_err(),
            Errno::E2BIG
        );
    }
}
