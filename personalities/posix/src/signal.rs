//! Signals: actions, masks, default dispositions, and delivery to a user
//! handler through a Linux-layout `rt_sigframe` on the user stack.

use crate::errno::Errno;
use crate::host::{Host, Regs};

pub const NSIG: usize = 65;
pub type SigSet = u64;

pub const SIGHUP: u32 = 1;
pub const SIGINT: u32 = 2;
pub const SIGQUIT: u32 = 3;
pub const SIGILL: u32 = 4;
pub const SIGTRAP: u32 = 5;
pub const SIGABRT: u32 = 6;
pub const SIGBUS: u32 = 7;
pub const SIGFPE: u32 = 8;
pub const SIGKILL: u32 = 9;
pub const SIGUSR1: u32 = 10;
pub const SIGSEGV: u32 = 11;
pub const SIGUSR2: u32 = 12;
pub const SIGPIPE: u32 = 13;
pub const SIGALRM: u32 = 14;
pub const SIGTERM: u32 = 15;
pub const SIGCHLD: u32 = 17;
pub const SIGCONT: u32 = 18;
pub const SIGSTOP: u32 = 19;
pub const SIGTSTP: u32 = 20;
pub const SIGTTIN: u32 = 21;
pub const SIGTTOU: u32 = 22;
pub const SIGURG: u32 = 23;
pub const SIGWINCH: u32 = 28;

pub const SIG_DFL: u64 = 0;
pub const SIG_IGN: u64 = 1;

pub const SA_SIGINFO: u64 = 0x4;
pub const SA_ONSTACK: u64 = 0x0800_0000;
pub const SA_RESTART: u64 = 0x1000_0000;
pub const SA_NODEFER: u64 = 0x4000_0000;
pub const SA_RESETHAND: u64 = 0x8000_0000;
pub const SA_RESTORER: u64 = 0x0400_0000;

pub fn bit(sig: u32) -> u64 {
    1u64 << (sig - 1)
}

/// Signals that can be neither caught nor blocked.
pub const UNBLOCKABLE: u64 = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));

/// The kernel's `struct sigaction` (x86-64): handler, flags, restorer, mask.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigAction {
    pub handler: u64,
    pub flags: u64,
    pub restorer: u64,
    pub mask: u64,
}

impl SigAction {
    pub fn from_bytes(b: &[u8; 32]) -> SigAction {
        let w = |i: usize| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
        SigAction { handler: w(0), flags: w(1), restorer: w(2), mask: w(3) }
    }

    pub fn to_bytes(self) -> [u8; 32] {
        let mut b = [0u8; 32];
        for (i, v) in [self.handler, self.flags, self.restorer, self.mask].iter().enumerate() {
            b[i * 8..i * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }
        b
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Default {
    Terminate,
    Ignore,
    Stop,
    Continue,
}

pub fn default_action(sig: u32) -> Default {
    match sig {
        SIGCHLD | SIGURG | SIGWINCH => Default::Ignore,
        SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU => Default::Stop,
        SIGCONT => Default::Continue,
        _ => Default::Terminate,
    }
}

/// Lowest-numbered signal in `set`.
pub fn first(set: u64) -> Option<u32> {
    (set != 0).then(|| set.trailing_zeros() + 1)
}

/// Information for the handler's siginfo_t.
#[derive(Clone, Copy, Debug, Default)]
pub struct SigInfo {
    pub signo: u32,
    pub code: i32,
    pub pid: u32,
    pub uid: u32,
    pub status: i32,
    pub addr: u64,
}

pub const SI_USER: i32 = 0;
pub const SI_KERNEL: i32 = 0x80;
pub const CLD_EXITED: i32 = 1;
pub const CLD_KILLED: i32 = 2;
pub const SEGV_MAPERR: i32 = 1;

// rt_sigframe layout (arch/x86 ABI): pretcode (8) | ucontext (304) | siginfo (128).
const UC_OFF: u64 = 8;
const UC_MCONTEXT: u64 = 40; // uc_flags 8, uc_link 8, uc_stack 24
const UC_SIGMASK: u64 = UC_MCONTEXT + 256;
const INFO_OFF: u64 = UC_OFF + 304;
const FRAME_SIZE: u64 = INFO_OFF + 128;
/// The FPU/SSE state (FXSAVE layout) sits above the frame, 64-byte aligned.
const FPSTATE_SIZE: u64 = 512;
/// sigcontext's `fpstate` pointer, as a word index into uc_mcontext.
const MCONTEXT_FPSTATE: usize = 23;

fn mcontext(r: &Regs) -> [u64; 32] {
    let mut m = [0u64; 32];
    let gp = [
        r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15, r.rdi, r.rsi, r.rbp, r.rbx, r.rdx, r.rax, r.rcx,
        r.rsp, r.rip, r.rflags,
    ];
    m[..18].copy_from_slice(&gp);
    m[18] = 0x33 | (0x2b << 48); // cs, gs, fs, ss (informational)
    m
}

/// Push a signal frame for `sig` and point `regs` at the handler.
pub fn setup_frame(
    host: &dyn Host,
    regs: &mut Regs,
    sig: u32,
    act: &SigAction,
    info: &SigInfo,
    old_mask: u64,
    altstack: Option<u64>,
) -> Result<(), Errno> {
    let sp = match altstack {
        Some(top) => top,
        None => regs.rsp.wrapping_sub(128), // skip the red zone
    };
    let fpstate = (sp - FPSTATE_SIZE) & !63;
    host.copy_out(fpstate, &host.fpu_save())?;
    let frame = ((fpstate - FRAME_SIZE) & !15) - 8;
    let mut buf = [0u8; FRAME_SIZE as usize];
    buf[0..8].copy_from_slice(&act.restorer.to_le_bytes());
    let mut m = mcontext(regs);
    m[MCONTEXT_FPSTATE] = fpstate;
    for (i, v) in m.iter().enumerate() {
        let o = (UC_OFF + UC_MCONTEXT) as usize + i * 8;
        buf[o..o + 8].copy_from_slice(&v.to_le_bytes());
    }
    let o = (UC_OFF + UC_SIGMASK) as usize;
    buf[o..o + 8].copy_from_slice(&old_mask.to_le_bytes());
    let i = INFO_OFF as usize;
    buf[i..i + 4].copy_from_slice(&info.signo.to_le_bytes());
    buf[i + 8..i + 12].copy_from_slice(&info.code.to_le_bytes());
    if info.addr != 0 {
        buf[i + 16..i + 24].copy_from_slice(&info.addr.to_le_bytes());
    } else {
        buf[i + 16..i + 20].copy_from_slice(&info.pid.to_le_bytes());
        buf[i + 20..i + 24].copy_from_slice(&info.uid.to_le_bytes());
        buf[i + 24..i + 28].copy_from_slice(&info.status.to_le_bytes());
    }
    host.copy_out(frame, &buf)?;
    regs.rsp = frame;
    regs.rip = act.handler;
    regs.rdi = sig as u64;
    regs.rsi = frame + INFO_OFF;
    regs.rdx = frame + UC_OFF;
    regs.rax = 0;
    regs.rflags &= !(1 << 10); // DF clear, as the ABI wants on entry
    Ok(())
}

/// rt_sigreturn: restore registers and the mask saved by `setup_frame`.
/// At the syscall, rsp points just past the popped return address.
pub fn restore_frame(host: &dyn Host, regs: &mut Regs) -> Result<u64, Errno> {
    let frame = regs.rsp - 8;
    let mut buf = [0u8; (UC_SIGMASK + 8 - UC_MCONTEXT) as usize];
    host.copy_in(frame + UC_OFF + UC_MCONTEXT, &mut buf)?;
    let w = |i: usize| u64::from_le_bytes(buf[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
    let fpstate = w(MCONTEXT_FPSTATE);
    if fpstate != 0 {
        let mut fp = [0u8; FPSTATE_SIZE as usize];
        host.copy_in(fpstate, &mut fp)?;
        host.fpu_restore(&fp);
    }
    let user_flags = 0xCD5; // CF PF AF ZF SF DF OF
    *regs = Regs {
        r8: w(0),
        r9: w(1),
        r10: w(2),
        r11: w(3),
        r12: w(4),
        r13: w(5),
        r14: w(6),
        r15: w(7),
        rdi: w(8),
        rsi: w(9),
        rbp: w(10),
        rbx: w(11),
        rdx: w(12),
        rax: w(13),
        rcx: w(14),
        rsp: w(15),
        rip: w(16),
        rflags: (regs.rflags & !user_flags) | (w(17) & user_flags),
    };
    Ok(w(32)) // uc_sigmask
}
