//! ACPI: the interrupt controllers (MADT) and power-off (FADT + the `\_S5`
//! sleep type from the DSDT), through the `acpi` crate's table parsing.

use crate::arch::port;
use crate::mem::phys_to_virt;
use crate::sync::IrqLock;
use acpi::madt::{Madt, MadtEntry};
use acpi::{AcpiHandler, AcpiTables, PhysicalMapping};
use alloc::vec::Vec;
use core::ptr::NonNull;

/// Table memory is RAM (below 4 GiB on PCs), which the direct map covers.
#[derive(Clone, Copy)]
struct DirectMap;

impl AcpiHandler for DirectMap {
    unsafe fn map_physical_region<T>(&self, phys: usize, size: usize) -> PhysicalMapping<Self, T> {
        let virt = phys_to_virt(phys as u64) as *mut T;
        // SAFETY: the direct map covers all RAM and the low 4 GiB; the pointer
        // is non-null because PHYS_OFFSET is.
        unsafe { PhysicalMapping::new(phys, NonNull::new_unchecked(virt), size, size, *self) }
    }

    fn unmap_physical_region<T>(_region: &PhysicalMapping<Self, T>) {}
}

struct Override {
    isa: u8,
    gsi: u32,
    level: bool,
    active_low: bool,
}

struct Info {
    overrides: Vec<Override>,
    pm1a_control: Option<u16>,
    slp_typ_s5: u16,
}

static INFO: IrqLock<Option<Info>> = IrqLock::new(None);

pub struct Platform {
    pub local_apic: u64,
    pub io_apic: u64,
    pub cpus: usize,
}

/// Read the tables; `rsdp` comes from the boot loader, or the BIOS area is searched.
pub fn init(rsdp: Option<u64>) -> Result<Platform, &'static str> {
    // SAFETY: the RSDP address comes from the boot loader (or the BIOS scan
    // the crate performs over the standard areas), and DirectMap maps it.
    let tables = unsafe {
        match rsdp {
            Some(a) => AcpiTables::from_rsdp(DirectMap, a as usize),
            None => AcpiTables::search_for_rsdp_bios(DirectMap),
        }
    }
    .map_err(|_| "no valid ACPI tables")?;

    let madt = tables.find_table::<Madt>().map_err(|_| "no MADT")?;
    let mut platform = Platform { local_apic: madt.get().local_apic_address as u64, io_apic: 0xFEC0_0000, cpus: 0 };
    let mut overrides = Vec::new();
    let mut io_apic_found = false;
    for e in madt.get().entries() {
        match e {
            MadtEntry::LocalApic(l) if l.flags & 1 != 0 => platform.cpus += 1,
            MadtEntry::IoApic(io) if !io_apic_found => {
                platform.io_apic = io.io_apic_address as u64;
                io_apic_found = true;
            }
            MadtEntry::InterruptSourceOverride(o) => {
                let flags = o.flags;
                overrides.push(Override {
                    isa: o.irq,
                    gsi: o.global_system_interrupt,
                    active_low: flags & 0b11 == 0b11,
                    level: (flags >> 2) & 0b11 == 0b11,
                });
            }
            MadtEntry::LocalApicAddressOverride(a) => platform.local_apic = a.local_apic_address,
            _ => {}
        }
    }

    let fadt = tables.find_table::<acpi::fadt::Fadt>().ok();
    let pm1a_control = fadt
        .as_ref()
        .and_then(|f| f.get().pm1a_control_block().ok())
        .filter(|g| g.address_space == acpi::address::AddressSpace::SystemIo)
        .map(|g| g.address as u16);
    let slp_typ_s5 = tables.dsdt().ok().and_then(|d| {
        // SAFETY: the DSDT body lies in ACPI memory covered by the direct map.
        let aml = unsafe {
            core::slice::from_raw_parts(phys_to_virt(d.address as u64) as *const u8, d.length as usize)
        };
        s5_sleep_type(aml)
    });
    log::info!(
        "acpi: {} CPU(s), {} IRQ overrides, power-off via {}",
        platform.cpus,
        overrides.len(),
        match (pm1a_control, slp_typ_s5) {
            (Some(_), Some(_)) => "PM1a control (\\_S5 from DSDT)",
            (Some(_), None) => "PM1a control (\\_S5 not found, assuming 0)",
            _ => "nothing (no PM1a control block)",
        }
    );
    *INFO.lock() = Some(Info { overrides, pm1a_control, slp_typ_s5: slp_typ_s5.unwrap_or(0) });
    Ok(platform)
}

/// Find `Name(_S5, Package(){ a, b, ...})` in AML and return SLP_TYPa.
/// A full AML interpreter is not needed for this one constant; the encoding
/// is NameOp '_S5_' PackageOp PkgLength NumElements (BytePrefix? value).
fn s5_sleep_type(aml: &[u8]) -> Option<u16> {
    let pos = aml.windows(4).position(|w| w == b"_S5_")?;
    let rest = aml.get(pos + 4..)?;
    if *rest.first()? != 0x12 {
        return None; // not a PackageOp
    }
    let lead = *rest.get(1)?;
    let pkglen_bytes = 1 + (lead >> 6) as usize;
    let mut i = 1 + pkglen_bytes + 1; // PackageOp, PkgLength, NumElements
    let v = match *rest.get(i)? {
        0x0A => {
            i += 1;
            *rest.get(i)?
        }
        0x00 => 0,
        0x01 => 1,
        b if b <= 0x07 => b,
        _ => return None,
    };
    Some(v as u16)
}

/// The GSI, trigger mode (level?) and polarity (active low?) of an ISA IRQ.
pub fn isa_irq_to_gsi(irq: u8) -> (u32, bool, bool) {
    INFO.lock()
        .as_ref()
        .and_then(|i| i.overrides.iter().find(|o| o.isa == irq).map(|o| (o.gsi, o.level, o.active_low)))
        .unwrap_or((irq as u32, false, false))
}

/// Enter S5 (soft off). Returns only if the machine did not power off.
pub fn poweroff() {
    let (port_nr, typ) = INFO.lock().as_ref().map_or((None, 0), |i| (i.pm1a_control, i.slp_typ_s5));
    if let Some(p) = port_nr {
        port::outw(p, (typ << 10) | (1 << 13));
    }
    crate::time::spin_ns(100_000_000);
    log::error!("acpi: power-off did not take effect");
}

/// Reset through the keyboard controller (and a triple fault if that fails).
pub fn reboot() -> ! {
    port::outb(0x64, 0xFE);
    crate::time::spin_ns(100_000_000);
    crate::arch::cpu::halt_forever()
}
