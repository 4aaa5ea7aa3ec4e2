//! The instruction set: a register machine over 64-bit slots.
//!
//! Every frame has `nregs` registers; the arguments arrive in `r0..nargs`.
//! A register holds one of three kinds, tracked statically by the verifier:
//! an integer ([`Kind::Int`], 64 bits; Java's `int`, `short`, `char`, `byte`
//! and `boolean` are kept sign- or zero-extended so 32-bit operations only
//! need to re-extend their result), a float ([`Kind::Float`], an `f64`;
//! Java's `float` is an `f64` that every `F*` operation rounds to `f32`), or a
//! reference ([`Kind::Ref`], a heap word index, 0 for null).
//!
//! Why registers: an interpreter's cost is dominated by dispatch, and a
//! register instruction does the work of two to four stack instructions
//! (`a = b + c` is one `Bin` instead of load, load, add, store). Operands are
//! named explicitly, which also makes the verifier a plain data-flow pass over
//! register kinds, and the converter from JVM stack code maps stack slot `i`
//! at depth `d` to a fixed register, as the stack depth at every JVM
//! instruction is known statically.
//!
//! Branch targets are instruction indices within the method. Constants,
//! classes, fields and methods are indices into the module's tables
//! ([`crate::module`]), resolved when the module is linked.
//!
//! State is capturable at every instruction boundary: a frame is its method,
//! its `pc` and its registers, nothing else.

use alloc::vec::Vec;

/// A register number within a frame.
pub type Reg = u16;

/// "No register": the destination of a call whose result is dropped.
pub const NO_REG: Reg = u16::MAX;

/// What a register, field or array element holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Int,
    Float,
    Ref,
}

/// Element types of primitive arrays and how they are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Elem {
    /// `boolean[]` and `byte[]`: signed 8-bit.
    I8,
    /// `char[]`: unsigned 16-bit.
    U16,
    /// `short[]`: signed 16-bit.
    I16,
    I32,
    I64,
    F32,
    F64,
    /// References (the array's element class is in the array object).
    Ref,
}

impl Elem {
    pub fn kind(self) -> Kind {
        match self {
            Elem::F32 | Elem::F64 => Kind::Float,
            Elem::Ref => Kind::Ref,
            _ => Kind::Int,
        }
    }
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            Elem::I8 => 1,
            Elem::U16 | Elem::I16 => 2,
            Elem::I32 | Elem::F32 => 4,
            Elem::I64 | Elem::F64 | Elem::Ref => 8,
        }
    }
    pub const ALL: [Elem; 8] = [
        Elem::I8,
        Elem::U16,
        Elem::I16,
        Elem::I32,
        Elem::I64,
        Elem::F32,
        Elem::F64,
        Elem::Ref,
    ];
    pub fn code(self) -> u8 {
        self as u8
    }
    pub fn from_code(c: u8) -> Option<Elem> {
        Elem::ALL.get(c as usize).copied()
    }
    pub fn name(self) -> &'static str {
        ["i8", "u16", "i16", "i32", "i64", "f32", "f64", "ref"][self as usize]
    }
}

/// Two-operand arithmetic. `I*` work on 32-bit integers (result sign-extended),
/// `L*` on 64-bit integers, `F*` on `f32`, `D*` on `f64`. Integer division and
/// remainder by zero throw `ArithmeticException`; `MIN / -1` wraps (Java).
/// Shift counts are masked (5 bits for `I*`, 6 for `L*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    IAdd,
    ISub,
    IMul,
    IDiv,
    IRem,
    IAnd,
    IOr,
    IXor,
    IShl,
    IShr,
    IUshr,
    LAdd,
    LSub,
    LMul,
    LDiv,
    LRem,
    LAnd,
    LOr,
    LXor,
    LShl,
    LShr,
    LUshr,
    FAdd,
    FSub,
    FMul,
    FDiv,
    FRem,
    DAdd,
    DSub,
    DMul,
    DDiv,
    DRem,
}

impl BinOp {
    pub const ALL: [BinOp; 32] = [
        BinOp::IAdd,
        BinOp::ISub,
        BinOp::IMul,
        BinOp::IDiv,
        BinOp::IRem,
        BinOp::IAnd,
        BinOp::IOr,
        BinOp::IXor,
        BinOp::IShl,
        BinOp::IShr,
        BinOp::IUshr,
        BinOp::LAdd,
        BinOp::LSub,
        BinOp::LMul,
        BinOp::LDiv,
        BinOp::LRem,
        BinOp::LAnd,
        BinOp::LOr,
        BinOp::LXor,
        BinOp::LShl,
        BinOp::LShr,
        BinOp::LUshr,
        BinOp::FAdd,
        BinOp::FSub,
        BinOp::FMul,
        BinOp::FDiv,
        BinOp::FRem,
        BinOp::DAdd,
        BinOp::DSub,
        BinOp::DMul,
        BinOp::DDiv,
        BinOp::DRem,
    ];
    /// Kind of both operands and of the result.
    pub fn kind(self) -> Kind {
        if (self as u8) < BinOp::FAdd as u8 {
            Kind::Int
        } else {
            Kind::Float
        }
    }
    /// Whether the operation can throw (integer division by zero).
    pub fn can_throw(self) -> bool {
        matches!(self, BinOp::IDiv | BinOp::IRem | BinOp::LDiv | BinOp::LRem)
    }
    pub fn name(self) -> &'static str {
        [
            "iadd", "isub", "imul", "idiv", "irem", "iand", "ior", "ixor", "ishl", "ishr",
            "iushr", "ladd", "lsub", "lmul", "ldiv", "lrem", "land", "lor", "lxor", "lshl",
            "lshr", "lushr", "fadd", "fsub", "fmul", "fdiv", "frem", "dadd", "dsub", "dmul",
            "ddiv", "drem",
        ][self as usize]
    }
    pub fn from_code(c: u8) -> Option<BinOp> {
        BinOp::ALL.get(c as usize).copied()
    }
}

/// One-operand operations: negation and conversions (Java's `x2y` rules:
/// float to int saturates and NaN gives 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    INeg,
    LNeg,
    FNeg,
    DNeg,
    /// long to int (truncate, sign-extend).
    L2I,
    I2F,
    I2D,
    L2F,
    L2D,
    F2I,
    F2L,
    D2I,
    D2L,
    F2D,
    D2F,
    I2B,
    I2C,
    I2S,
}

impl UnOp {
    pub const ALL: [UnOp; 18] = [
        UnOp::INeg,
        UnOp::LNeg,
        UnOp::FNeg,
        UnOp::DNeg,
        UnOp::L2I,
        UnOp::I2F,
        UnOp::I2D,
        UnOp::L2F,
        UnOp::L2D,
        UnOp::F2I,
        UnOp::F2L,
        UnOp::D2I,
        UnOp::D2L,
        UnOp::F2D,
        UnOp::D2F,
        UnOp::I2B,
        UnOp::I2C,
        UnOp::I2S,
    ];
    /// (operand kind, result kind)
    pub fn kinds(self) -> (Kind, Kind) {
        use Kind::*;
        use UnOp::*;
        match self {
            INeg | LNeg | L2I | I2B | I2C | I2S => (Int, Int),
            FNeg | DNeg | F2D | D2F => (Float, Float),
            I2F | I2D | L2F | L2D => (Int, Float),
            F2I | F2L | D2I | D2L => (Float, Int),
        }
    }
    pub fn name(self) -> &'static str {
        [
            "ineg", "lneg", "fneg", "dneg", "l2i", "i2f", "i2d", "l2f", "l2d", "f2i", "f2l",
            "d2i", "d2l", "f2d", "d2f", "i2b", "i2c", "i2s",
        ][self as usize]
    }
    pub fn from_code(c: u8) -> Option<UnOp> {
        UnOp::ALL.get(c as usize).copied()
    }
}

/// Three-way comparisons giving -1, 0 or 1 (`*L` gives -1 on NaN, `*G` 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    LCmp,
    FCmpL,
    FCmpG,
    DCmpL,
    DCmpG,
}

impl CmpOp {
    pub const ALL: [CmpOp; 5] = [CmpOp::LCmp, CmpOp::FCmpL, CmpOp::FCmpG, CmpOp::DCmpL, CmpOp::DCmpG];
    pub fn operand_kind(self) -> Kind {
        if self == CmpOp::LCmp {
            Kind::Int
        } else {
            Kind::Float
        }
    }
    pub fn name(self) -> &'static str {
        ["lcmp", "fcmpl", "fcmpg", "dcmpl", "dcmpg"][self as usize]
    }
    pub fn from_code(c: u8) -> Option<CmpOp> {
        CmpOp::ALL.get(c as usize).copied()
    }
}

/// Integer comparison conditions for branches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cond {
    Eq,
    Ne,
    Lt,
    Ge,
    Gt,
    Le,
}

impl Cond {
    pub const ALL: [Cond; 6] = [Cond::Eq, Cond::Ne, Cond::Lt, Cond::Ge, Cond::Gt, Cond::Le];
    pub fn test(self, a: i64, b: i64) -> bool {
        match self {
            Cond::Eq => a == b,
            Cond::Ne => a != b,
            Cond::Lt => a < b,
            Cond::Ge => a >= b,
            Cond::Gt => a > b,
            Cond::Le => a <= b,
        }
    }
    pub fn name(self) -> &'static str {
        ["eq", "ne", "lt", "ge", "gt", "le"][self as usize]
    }
    pub fn from_code(c: u8) -> Option<Cond> {
        Cond::ALL.get(c as usize).copied()
    }
}

/// One instruction. `d` is a destination register, `a`, `b`, `s`, `o` are
/// sources; `t` is a branch target (instruction index). Class, field,
/// method and string operands index the module's reference tables.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Insn {
    Nop,
    /// `d = v` (Int).
    ConstI { d: Reg, v: i64 },
    /// `d = v` (Float).
    ConstF { d: Reg, v: f64 },
    /// `d =` the interned string constant `s` of the module (Ref).
    ConstS { d: Reg, s: u32 },
    /// `d = null`.
    Null { d: Reg },
    /// `d = s` (any kind; `d` takes the kind of `s`).
    Mov { d: Reg, s: Reg },
    /// `d = a op b`.
    Bin { op: BinOp, d: Reg, a: Reg, b: Reg },
    /// `d = a op imm` for the integer operations (not the dividing ones).
    BinI { op: BinOp, d: Reg, a: Reg, imm: i32 },
    /// `d = op s`.
    Un { op: UnOp, d: Reg, s: Reg },
    /// `d = compare(a, b)` as -1/0/1 (Int).
    Cmp { op: CmpOp, d: Reg, a: Reg, b: Reg },
    /// Unconditional branch.
    Jmp { t: u32 },
    /// Branch when the integers compare.
    If { c: Cond, a: Reg, b: Reg, t: u32 },
    /// Branch when the integer compares with zero.
    IfZ { c: Cond, a: Reg, t: u32 },
    /// Branch when two references are (`eq`) or are not the same object.
    IfRef { eq: bool, a: Reg, b: Reg, t: u32 },
    /// Branch when a reference is (`null`) or is not null.
    IfNull { null: bool, a: Reg, t: u32 },
    /// Jump through switch table `table` of the method on integer `s`.
    Switch { s: Reg, table: u32 },
    /// `d =` a new instance of class `class` (fields zero/null).
    New { d: Reg, class: u32 },
    /// `d = o.field`.
    GetField { d: Reg, o: Reg, field: u32 },
    /// `o.field = s`.
    PutField { o: Reg, field: u32, s: Reg },
    /// `d =` static `field` (runs the class initialiser first if needed).
    GetStatic { d: Reg, field: u32 },
    /// static `field = s`.
    PutStatic { field: u32, s: Reg },
    /// `d =` a new primitive array of `len` elements.
    NewArray { d: Reg, elem: Elem, len: Reg },
    /// `d =` a new array of references to `class` (its element class).
    NewRefArray { d: Reg, class: u32, len: Reg },
    /// `d = a.length`.
    ArrayLen { d: Reg, a: Reg },
    /// `d = a[i]`.
    ALoad { elem: Elem, d: Reg, a: Reg, i: Reg },
    /// `a[i] = s`.
    AStore { elem: Elem, a: Reg, i: Reg, s: Reg },
    /// `d = s instanceof class` (Int 0/1).
    InstanceOf { d: Reg, s: Reg, class: u32 },
    /// Throws `ClassCastException` unless `s` is null or an instance of `class`.
    CheckCast { s: Reg, class: u32 },
    /// Calls `method` directly (static, constructor, private or super) with
    /// the `n` arguments in `args..args+n`; the result goes to `d` unless
    /// `d` is [`NO_REG`].
    Call { d: Reg, method: u32, args: Reg, n: u16 },
    /// Calls `method` by dispatch on the class of the receiver in `args`
    /// (virtual and interface calls; throws on a null receiver).
    CallVirt { d: Reg, method: u32, args: Reg, n: u16 },
    /// Returns `s`.
    Ret { s: Reg },
    /// Returns from a `V` method.
    RetVoid,
    /// Throws the exception object in `s` (null throws `NullPointerException`).
    Throw { s: Reg },
    /// First instruction of an exception handler: `d =` the caught exception.
    Catch { d: Reg },
    MonEnter { s: Reg },
    MonExit { s: Reg },
}

/// A switch table: `keys[i]` jumps to `targets[i]`, anything else to `default`.
/// Keys are sorted and distinct (the verifier checks), so dense and sparse
/// switches share one form and the interpreter indexes or bisects.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SwitchTable {
    pub keys: Vec<i32>,
    pub targets: Vec<u32>,
    pub default: u32,
}

impl Insn {
    /// Whether this instruction can continue at the next one.
    pub fn falls_through(&self) -> bool {
        !matches!(
            self,
            Insn::Jmp { .. } | Insn::Switch { .. } | Insn::Ret { .. } | Insn::RetVoid | Insn::Throw { .. }
        )
    }

    /// The instruction's branch target, if it has one (switches excluded).
    pub fn target(&self) -> Option<u32> {
        match *self {
            Insn::Jmp { t }
            | Insn::If { t, .. }
            | Insn::IfZ { t, .. }
            | Insn::IfRef { t, .. }
            | Insn::IfNull { t, .. } => Some(t),
            _ => None,
        }
    }

    /// Whether the interpreter may stop the thread here (for a thread switch, a
    /// snapshot or a collection): calls, allocations and backward branches.
    /// Every loop and every call chain passes a safepoint, so a thread always
    /// reaches one in bounded time.
    pub fn is_safepoint(&self, pc: u32) -> bool {
        match self {
            Insn::Call { .. }
            | Insn::CallVirt { .. }
            | Insn::New { .. }
            | Insn::NewArray { .. }
            | Insn::NewRefArray { .. }
            | Insn::ConstS { .. }
            | Insn::MonEnter { .. } => true,
            Insn::Switch { .. } => true,
            other => other.target().is_some_and(|t| t <= pc),
        }
    }
}
