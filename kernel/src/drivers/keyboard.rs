//! The PS/2 keyboard behind the i8042 controller: typed characters go to the
//! kernel console.
//!
//! The controller is set up to translate the keyboard's scan code set 2 into
//! set 1 and to raise ISA IRQ 1 for every byte. The handler reads the byte
//! from port 0x60 and feeds the `pc-keyboard` decoder, whose state (shift,
//! caps lock, half-read sequences) lives under an `IrqLock`.
//!
//! Usage: `keyboard::init()` once interrupts work; nothing else to call.

use crate::arch::port;
use crate::sync::IrqLock;
use pc_keyboard::{layouts, DecodedKey, HandleControl, Keyboard, ScancodeSet1};

const DATA: u16 = 0x60;
/// Reading gives the status register, writing sends a controller command.
const STATUS_COMMAND: u16 = 0x64;

const STATUS_OUTPUT_FULL: u8 = 1 << 0;
const STATUS_INPUT_FULL: u8 = 1 << 1;
/// The byte in the output buffer came from the second (mouse) port.
const STATUS_FROM_AUX: u8 = 1 << 5;

const CMD_READ_CONFIG: u8 = 0x20;
const CMD_WRITE_CONFIG: u8 = 0x60;
const CMD_DISABLE_PORT2: u8 = 0xA7;
const CMD_DISABLE_PORT1: u8 = 0xAD;
const CMD_ENABLE_PORT1: u8 = 0xAE;

const CONFIG_PORT1_IRQ: u8 = 1 << 0;
const CONFIG_PORT2_IRQ: u8 = 1 << 1;
const CONFIG_PORT1_CLOCK_OFF: u8 = 1 << 4;
const CONFIG_TRANSLATION: u8 = 1 << 6;

const KEYBOARD_ENABLE_SCANNING: u8 = 0xF4;
const KEYBOARD_ACK: u8 = 0xFA;

/// How long to wait for the controller before deciding it is absent.
const TIMEOUT_NS: u64 = 50_000_000;

type Decoder = Keyboard<layouts::Us104Key, ScancodeSet1>;

/// Letters with Ctrl become control characters (^U erases the console line).
static DECODER: IrqLock<Decoder> =
    IrqLock::new(Keyboard::new(ScancodeSet1::new(), layouts::Us104Key, HandleControl::MapLettersToUnicode));

fn wait_for(mask: u8, set: bool) -> Result<(), &'static str> {
    let deadline = crate::time::monotonic_ns() + TIMEOUT_NS;
    loop {
        let status = port::inb(STATUS_COMMAND);
        if (status & mask != 0) == set {
            return Ok(());
        }
        if crate::time::monotonic_ns() > deadline {
            return Err("the i8042 controller does not answer");
        }
        core::hint::spin_loop();
    }
}

fn command(cmd: u8) -> Result<(), &'static str> {
    wait_for(STATUS_INPUT_FULL, false)?;
    port::outb(STATUS_COMMAND, cmd);
    Ok(())
}

fn write_data(byte: u8) -> Result<(), &'static str> {
    wait_for(STATUS_INPUT_FULL, false)?;
    port::outb(DATA, byte);
    Ok(())
}

fn read_data() -> Result<u8, &'static str> {
    wait_for(STATUS_OUTPUT_FULL, true)?;
    Ok(port::inb(DATA))
}

/// Drop whatever the controller still holds (bounded: a broken controller
/// may claim to be full forever).
fn flush() {
    for _ in 0..64 {
        if port::inb(STATUS_COMMAND) & STATUS_OUTPUT_FULL == 0 {
            return;
        }
        port::inb(DATA);
    }
}

fn set_up_controller() -> Result<(), &'static str> {
    // A missing controller floats the bus: every bit of the status reads 1.
    if port::inb(STATUS_COMMAND) == 0xFF {
        return Err("no i8042 controller");
    }
    command(CMD_DISABLE_PORT1)?;
    command(CMD_DISABLE_PORT2)?;
    flush();

    command(CMD_READ_CONFIG)?;
    let mut config = read_data()?;
    // Interrupts off while the keyboard is configured by polling.
    config &= !(CONFIG_PORT1_IRQ | CONFIG_PORT2_IRQ | CONFIG_PORT1_CLOCK_OFF);
    config |= CONFIG_TRANSLATION;
    command(CMD_WRITE_CONFIG)?;
    write_data(config)?;
    command(CMD_ENABLE_PORT1)?;

    // Keyboards scan after reset already; asking again costs nothing and
    // covers firmware that left scanning off.
    write_data(KEYBOARD_ENABLE_SCANNING)?;
    match read_data() {
        Ok(KEYBOARD_ACK) => {}
        Ok(other) => log::warn!("keyboard: enable-scanning answered {:#04x}, not ACK", other),
        Err(_) => log::warn!("keyboard: no answer to enable-scanning"),
    }
    flush();

    command(CMD_WRITE_CONFIG)?;
    write_data(config | CONFIG_PORT1_IRQ)?;
    Ok(())
}

pub fn init() {
    if let Err(e) = set_up_controller() {
        log::warn!("keyboard: {}; PS/2 keyboard skipped", e);
        return;
    }
    crate::irq::register_isa(1, on_irq);
    flush(); // a key pressed during set-up would hold the line high forever
    log::info!("keyboard: PS/2 ready");
}

/// IRQ 1: one scan-code byte is waiting.
fn on_irq() {
    let status = port::inb(STATUS_COMMAND);
    if status & STATUS_OUTPUT_FULL == 0 {
        return;
    }
    let byte = port::inb(DATA);
    if status & STATUS_FROM_AUX != 0 {
        return; // mouse data; no mouse driver yet
    }
    let key = {
        let mut decoder = DECODER.lock();
        match decoder.add_byte(byte) {
            Ok(Some(event)) => decoder.process_keyevent(event),
            _ => None,
        }
    };
    if let Some(DecodedKey::Unicode(c)) = key {
        let c = if c == '\n' { '\r' } else { c };
        let mut utf8 = [0u8; 4];
        for &b in c.encode_utf8(&mut utf8).as_bytes() {
            crate::console::input_byte(b);
        }
    }
}
