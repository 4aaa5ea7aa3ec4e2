//! The kernel's symbol table, for readable backtraces.
//!
//! The kernel ELF's function symbols, demangled without their hash, go into
//! `target/phantom/kernel.sym` in the text format of `phantom_ksyms`; the
//! initramfs carries that file as `boot/kernel.sym`, and the kernel's panic and
//! exception reports look return addresses up in it.

use std::path::Path;

use anyhow::{Context, Result};
use goblin::elf::{sym::STT_FUNC, Elf};

/// One function: start address, size in bytes, demangled name.
pub type Symbol = (u64, u64, String);

/// Reads the function symbols of the ELF file at `path`.
pub fn read_functions(path: &Path) -> Result<Vec<Symbol>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    functions(&bytes).with_context(|| format!("cannot read the symbols of {}", path.display()))
}

/// The function symbols (STT_FUNC with a nonzero address) of an ELF image.
pub fn functions(elf_bytes: &[u8]) -> Result<Vec<Symbol>> {
    let elf = Elf::parse(elf_bytes).context("not an ELF file")?;
    if elf.syms.is_empty() {
        anyhow::bail!("the ELF file has no symbol table (was it stripped?)");
    }
    let mut symbols = Vec::new();
    for sym in elf.syms.iter() {
        if sym.st_type() != STT_FUNC || sym.st_value == 0 {
            continue;
        }
        let Some(name) = elf.strtab.get_at(sym.st_name) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        symbols.push((sym.st_value, sym.st_size, demangle(name)));
    }
    Ok(symbols)
}

/// Rust and C names alike: `{:#}` leaves out the `::h0123...` hash.
pub fn demangle(name: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(name))
}

/// Builds the text of `kernel.sym` from the kernel ELF.
pub fn table_for(kernel_elf: &Path) -> Result<String> {
    let mut symbols = read_functions(kernel_elf)?;
    if symbols.is_empty() {
        anyhow::bail!("{} has no function symbols", kernel_elf.display());
    }
    Ok(phantom_ksyms::write_table(&mut symbols))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demangling_drops_the_hash() {
        assert_eq!(
            demangle("_ZN14phantom_kernel5panic12report_fault17h0123456789abcdefE"),
            "phantom_kernel::panic::report_fault"
        );
        assert_eq!(demangle("memcpy"), "memcpy");
    }

    /// This test binary is an ELF with a symbol table: its own functions must
    /// show up, demangled.
    #[test]
    fn reads_functions_of_a_real_elf() {
        let exe = std::env::current_exe().unwrap();
        let symbols = read_functions(&exe).unwrap();
        assert!(symbols
            .iter()
            .all(|(addr, _, name)| *addr != 0 && !name.is_empty()));
        assert!(
            symbols
                .iter()
                .any(|(_, _, name)| name.starts_with("xtask::symbols::")),
            "no xtask::symbols:: function among {} symbols",
            symbols.len()
        );
        assert!(symbols
            .iter()
            .all(|(_, _, name)| !name.contains("::h") || !name.ends_with('E')));
    }

    #[test]
    fn rejects_what_is_not_elf() {
        assert!(functions(b"definitely not an ELF file").is_err());
    }
}
