//! Decoding of JVM bytecode into instructions (JVMS §6).
//!
//! [`decode`] turns a method's `code` array into a list of [`Instruction`]s, each
//! an [`Op`] at a byte offset. The enum is shaped for a converter rather than for
//! reproducing the bytes: the short and wide forms of an instruction become one
//! variant (`iload_2`, `iload 2` and `wide iload 2` are all
//! `Load(ValueKind::Int, 2)`; `iconst_3`, `bipush 3` and `sipush 3` are all
//! `IConst(3)`; `goto_w` is `Goto`), and typed families share a variant with the
//! type as a field (`iadd` .. `dadd` are `Arith(ArithOp::Add, NumKind::..)`).
//! Branch offsets are resolved to absolute byte offsets and checked to land inside
//! the code on the first byte of an instruction, so a converter can map offsets
//! to its own labels without checking again.
//!
//! Everything `javac` emits is covered: every opcode from `0x00` to `0xC9`.
//! `jsr`, `jsr_w` and `ret` (subroutines, which `javac` stopped emitting with
//! Java 6 and class-file version 51 forbids) are decoded but
//! [`Op::is_supported`] says no. `breakpoint`, `impdep1`, `impdep2` and the
//! unassigned opcodes are errors.
//!
//! [`check_method`] goes on with what needs the class: the constant-pool entries
//! the operands name are of the right kind, local-variable indices are below
//! `max_locals`, and the exception table points at instruction boundaries.
//! [`ClassFile::decode_method`](crate::ClassFile::decode_method) runs both.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::classfile::{ClassFile, Code};
use crate::constant_pool::ConstantPool;
use crate::descriptor::{BaseType, FieldType, MethodDescriptor, MAX_ARRAY_DIMENSIONS};
use crate::error::{Error, ErrorKind, Result};

/// The kind of a local variable or stack value, for loads, stores and returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    Int,
    Long,
    Float,
    Double,
    Reference,
}

impl ValueKind {
    /// Local-variable slots a value takes.
    pub fn slots(self) -> u8 {
        match self {
            ValueKind::Long | ValueKind::Double => 2,
            _ => 1,
        }
    }

    fn prefix(self) -> char {
        match self {
            ValueKind::Int => 'i',
            ValueKind::Long => 'l',
            ValueKind::Float => 'f',
            ValueKind::Double => 'd',
            ValueKind::Reference => 'a',
        }
    }

    /// The order of the typed load, store and return families: i, l, f, d, a.
    fn from_family(n: u8) -> Self {
        match n {
            0 => ValueKind::Int,
            1 => ValueKind::Long,
            2 => ValueKind::Float,
            3 => ValueKind::Double,
            _ => ValueKind::Reference,
        }
    }
}

/// The element kind of an array load or store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArrayKind {
    Int,
    Long,
    Float,
    Double,
    Reference,
    /// `baload`/`bastore` serve both `byte[]` and `boolean[]`.
    ByteOrBoolean,
    Char,
    Short,
}

impl ArrayKind {
    const ALL: [ArrayKind; 8] = [
        ArrayKind::Int,
        ArrayKind::Long,
        ArrayKind::Float,
        ArrayKind::Double,
        ArrayKind::Reference,
        ArrayKind::ByteOrBoolean,
        ArrayKind::Char,
        ArrayKind::Short,
    ];

    fn prefix(self) -> char {
        match self {
            ArrayKind::Int => 'i',
            ArrayKind::Long => 'l',
            ArrayKind::Float => 'f',
            ArrayKind::Double => 'd',
            ArrayKind::Reference => 'a',
            ArrayKind::ByteOrBoolean => 'b',
            ArrayKind::Char => 'c',
            ArrayKind::Short => 's',
        }
    }
}

/// The kind of a numeric operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumKind {
    Int,
    Long,
    Float,
    Double,
}

impl NumKind {
    const ALL: [NumKind; 4] = [NumKind::Int, NumKind::Long, NumKind::Float, NumKind::Double];

    fn prefix(self) -> char {
        match self {
            NumKind::Int => 'i',
            NumKind::Long => 'l',
            NumKind::Float => 'f',
            NumKind::Double => 'd',
        }
    }
}

/// The kind of a shift or bitwise operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntKind {
    Int,
    Long,
}

/// `add`, `sub`, `mul`, `div`, `rem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// `shl`, `shr`, `ushr`, `and`, `or`, `xor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BitOp {
    Shl,
    Shr,
    UShr,
    And,
    Or,
    Xor,
}

/// The condition of a conditional branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cond {
    Eq,
    Ne,
    Lt,
    Ge,
    Gt,
    Le,
}

impl Cond {
    const ALL: [Cond; 6] = [Cond::Eq, Cond::Ne, Cond::Lt, Cond::Ge, Cond::Gt, Cond::Le];

    fn suffix(self) -> &'static str {
        match self {
            Cond::Eq => "eq",
            Cond::Ne => "ne",
            Cond::Lt => "lt",
            Cond::Ge => "ge",
            Cond::Gt => "gt",
            Cond::Le => "le",
        }
    }
}

/// One decoded instruction. Branch targets are absolute byte offsets in the
/// code; constant-pool operands are pool indices (`u16`).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Nop,
    AConstNull,
    /// `iconst_m1` .. `iconst_5`, `bipush`, `sipush`.
    IConst(i32),
    /// `lconst_0`, `lconst_1`.
    LConst(i64),
    /// `fconst_0` .. `fconst_2`.
    FConst(f32),
    /// `dconst_0`, `dconst_1`.
    DConst(f64),
    /// `ldc`, `ldc_w`: a one-slot constant.
    Ldc(u16),
    /// `ldc2_w`: a long or double constant.
    Ldc2(u16),
    /// `iload` .. `aload`, their `_0`..`_3` and `wide` forms.
    Load(ValueKind, u16),
    /// `istore` .. `astore`, their `_0`..`_3` and `wide` forms.
    Store(ValueKind, u16),
    /// `iaload` .. `saload`.
    ArrayLoad(ArrayKind),
    /// `iastore` .. `sastore`.
    ArrayStore(ArrayKind),
    Pop,
    Pop2,
    Dup,
    DupX1,
    DupX2,
    Dup2,
    Dup2X1,
    Dup2X2,
    Swap,
    /// `iadd` .. `drem`.
    Arith(ArithOp, NumKind),
    /// `ineg` .. `dneg`.
    Neg(NumKind),
    /// `ishl` .. `lxor`.
    Bit(BitOp, IntKind),
    /// `iinc` and `wide iinc`.
    IInc {
        index: u16,
        delta: i16,
    },
    /// `i2l`, `i2f`, ... `d2f`: from the first kind to the second.
    Convert(NumKind, NumKind),
    IntToByte,
    IntToChar,
    IntToShort,
    LCmp,
    /// `fcmpl` (NaN gives -1).
    FCmpL,
    /// `fcmpg` (NaN gives 1).
    FCmpG,
    DCmpL,
    DCmpG,
    /// `ifeq` .. `ifle`: compare an int with zero.
    If(Cond, u32),
    /// `if_icmpeq` .. `if_icmple`.
    IfICmp(Cond, u32),
    IfACmpEq(u32),
    IfACmpNe(u32),
    IfNull(u32),
    IfNonNull(u32),
    /// `goto`, `goto_w`.
    Goto(u32),
    /// `jsr`, `jsr_w` (unsupported).
    Jsr(u32),
    /// `ret` and `wide ret` (unsupported).
    Ret(u16),
    /// Jumps to `targets[value - low]` if `low <= value <= low + len - 1`, else
    /// to `default`.
    TableSwitch {
        default: u32,
        low: i32,
        targets: Vec<u32>,
    },
    /// Jumps to the target paired with the value (keys strictly increasing), or
    /// to `default`.
    LookupSwitch {
        default: u32,
        pairs: Vec<(i32, u32)>,
    },
    /// `ireturn` .. `areturn`, and `return` (`None`).
    Return(Option<ValueKind>),
    GetStatic(u16),
    PutStatic(u16),
    GetField(u16),
    PutField(u16),
    InvokeVirtual(u16),
    InvokeSpecial(u16),
    InvokeStatic(u16),
    /// `count` is the argument slots including the receiver.
    InvokeInterface {
        index: u16,
        count: u8,
    },
    InvokeDynamic(u16),
    New(u16),
    NewArray(BaseType),
    ANewArray(u16),
    ArrayLength,
    AThrow,
    CheckCast(u16),
    InstanceOf(u16),
    MonitorEnter,
    MonitorExit,
    MultiANewArray {
        index: u16,
        dimensions: u8,
    },
}

impl Op {
    /// The byte offsets this instruction may jump to (not counting the next
    /// instruction).
    pub fn targets(&self) -> impl Iterator<Item = u32> + '_ {
        let (single, table, pairs): (Option<u32>, &[u32], &[(i32, u32)]) = match self {
            Op::If(_, t)
            | Op::IfICmp(_, t)
            | Op::IfACmpEq(t)
            | Op::IfACmpNe(t)
            | Op::IfNull(t)
            | Op::IfNonNull(t)
            | Op::Goto(t)
            | Op::Jsr(t) => (Some(*t), &[], &[]),
            Op::TableSwitch {
                default, targets, ..
            } => (Some(*default), targets, &[]),
            Op::LookupSwitch { default, pairs } => (Some(*default), &[], pairs),
            _ => (None, &[], &[]),
        };
        single
            .into_iter()
            .chain(table.iter().copied())
            .chain(pairs.iter().map(|&(_, t)| t))
    }

    /// Whether execution can go on with the next instruction.
    pub fn falls_through(&self) -> bool {
        !matches!(
            self,
            Op::Goto(_)
                | Op::Jsr(_)
                | Op::Ret(_)
                | Op::TableSwitch { .. }
                | Op::LookupSwitch { .. }
                | Op::Return(_)
                | Op::AThrow
        )
    }

    /// Whether the converter handles this instruction: everything but the
    /// subroutine instructions `jsr`, `jsr_w` and `ret`.
    pub fn is_supported(&self) -> bool {
        !matches!(self, Op::Jsr(_) | Op::Ret(_))
    }
}

/// Writes the instruction the way `javap -c` names it (with the normalised
/// forms: `iload 0` for `iload_0`, `iconst 100` for `bipush 100`).
impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Op::*;
        match self {
            Nop => f.write_str("nop"),
            AConstNull => f.write_str("aconst_null"),
            IConst(v) => write!(f, "iconst {v}"),
            LConst(v) => write!(f, "lconst {v}"),
            FConst(v) => write!(f, "fconst {v}"),
            DConst(v) => write!(f, "dconst {v}"),
            Ldc(i) => write!(f, "ldc #{i}"),
            Ldc2(i) => write!(f, "ldc2_w #{i}"),
            Load(k, i) => write!(f, "{}load {i}", k.prefix()),
            Store(k, i) => write!(f, "{}store {i}", k.prefix()),
            ArrayLoad(k) => write!(f, "{}aload", k.prefix()),
            ArrayStore(k) => write!(f, "{}astore", k.prefix()),
            Pop => f.write_str("pop"),
            Pop2 => f.write_str("pop2"),
            Dup => f.write_str("dup"),
            DupX1 => f.write_str("dup_x1"),
            DupX2 => f.write_str("dup_x2"),
            Dup2 => f.write_str("dup2"),
            Dup2X1 => f.write_str("dup2_x1"),
            Dup2X2 => f.write_str("dup2_x2"),
            Swap => f.write_str("swap"),
            Arith(op, k) => {
                let name = match op {
                    ArithOp::Add => "add",
                    ArithOp::Sub => "sub",
                    ArithOp::Mul => "mul",
                    ArithOp::Div => "div",
                    ArithOp::Rem => "rem",
                };
                write!(f, "{}{name}", k.prefix())
            }
            Neg(k) => write!(f, "{}neg", k.prefix()),
            Bit(op, k) => {
                let name = match op {
                    BitOp::Shl => "shl",
                    BitOp::Shr => "shr",
                    BitOp::UShr => "ushr",
                    BitOp::And => "and",
                    BitOp::Or => "or",
                    BitOp::Xor => "xor",
                };
                let prefix = if *k == IntKind::Int { 'i' } else { 'l' };
                write!(f, "{prefix}{name}")
            }
            IInc { index, delta } => write!(f, "iinc {index} {delta}"),
            Convert(from, to) => write!(f, "{}2{}", from.prefix(), to.prefix()),
            IntToByte => f.write_str("i2b"),
            IntToChar => f.write_str("i2c"),
            IntToShort => f.write_str("i2s"),
            LCmp => f.write_str("lcmp"),
            FCmpL => f.write_str("fcmpl"),
            FCmpG => f.write_str("fcmpg"),
            DCmpL => f.write_str("dcmpl"),
            DCmpG => f.write_str("dcmpg"),
            If(c, t) => write!(f, "if{} {t}", c.suffix()),
            IfICmp(c, t) => write!(f, "if_icmp{} {t}", c.suffix()),
            IfACmpEq(t) => write!(f, "if_acmpeq {t}"),
            IfACmpNe(t) => write!(f, "if_acmpne {t}"),
            IfNull(t) => write!(f, "ifnull {t}"),
            IfNonNull(t) => write!(f, "ifnonnull {t}"),
            Goto(t) => write!(f, "goto {t}"),
            Jsr(t) => write!(f, "jsr {t}"),
            Ret(i) => write!(f, "ret {i}"),
            TableSwitch {
                default,
                low,
                targets,
            } => {
                write!(f, "tableswitch {low}: {targets:?} default {default}")
            }
            LookupSwitch { default, pairs } => {
                write!(f, "lookupswitch {pairs:?} default {default}")
            }
            Return(None) => f.write_str("return"),
            Return(Some(k)) => write!(f, "{}return", k.prefix()),
            GetStatic(i) => write!(f, "getstatic #{i}"),
            PutStatic(i) => write!(f, "putstatic #{i}"),
            GetField(i) => write!(f, "getfield #{i}"),
            PutField(i) => write!(f, "putfield #{i}"),
            InvokeVirtual(i) => write!(f, "invokevirtual #{i}"),
            InvokeSpecial(i) => write!(f, "invokespecial #{i}"),
            InvokeStatic(i) => write!(f, "invokestatic #{i}"),
            InvokeInterface { index, count } => write!(f, "invokeinterface #{index} {count}"),
            InvokeDynamic(i) => write!(f, "invokedynamic #{i}"),
            New(i) => write!(f, "new #{i}"),
            NewArray(t) => write!(f, "newarray {t:?}"),
            ANewArray(i) => write!(f, "anewarray #{i}"),
            ArrayLength => f.write_str("arraylength"),
            AThrow => f.write_str("athrow"),
            CheckCast(i) => write!(f, "checkcast #{i}"),
            InstanceOf(i) => write!(f, "instanceof #{i}"),
            MonitorEnter => f.write_str("monitorenter"),
            MonitorExit => f.write_str("monitorexit"),
            MultiANewArray { index, dimensions } => {
                write!(f, "multianewarray #{index} {dimensions}")
            }
        }
    }
}

/// An instruction and the byte offset of its opcode in the code.
#[derive(Debug, Clone, PartialEq)]
pub struct Instruction {
    pub offset: u32,
    pub op: Op,
}

/// `12: iload 1`.
impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.offset, self.op)
    }
}

/// The largest code array a method may have (JVMS §4.7.3).
pub const MAX_CODE_LENGTH: usize = 65535;

/// Decodes a method's code. Errors carry the offset of the faulty instruction.
pub fn decode(code: &[u8]) -> Result<Vec<Instruction>> {
    if code.is_empty() || code.len() > MAX_CODE_LENGTH {
        return Err(Error::malformed(format!(
            "code length {} is not between 1 and {MAX_CODE_LENGTH}",
            code.len()
        )));
    }
    let mut instructions = Vec::with_capacity(code.len() / 2 + 1);
    let mut starts = vec![false; code.len()];
    let mut cursor = Cursor { code, pos: 0 };
    while cursor.pos < code.len() {
        let offset = cursor.pos;
        starts[offset] = true;
        let op = cursor
            .instruction()
            .map_err(|e| e.at_code_offset(offset as u32))?;
        instructions.push(Instruction {
            offset: offset as u32,
            op,
        });
    }
    for insn in &instructions {
        for target in insn.op.targets() {
            // In range: the cursor checked every target against the code length.
            if !starts[target as usize] {
                return Err(Error::new(ErrorKind::NotInstructionStart { target })
                    .at_code_offset(insn.offset));
            }
        }
    }
    Ok(instructions)
}

/// A read position in the code of one method.
struct Cursor<'a> {
    code: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N]> {
        let available = self.code.len() - self.pos;
        let bytes = self.code.get(self.pos..self.pos + N).ok_or_else(|| {
            Error::new(ErrorKind::Truncated {
                what: "instruction",
                needed: N,
                available,
            })
        })?;
        self.pos += N;
        let mut out = [0; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.bytes()?))
    }

    fn i16(&mut self) -> Result<i16> {
        Ok(i16::from_be_bytes(self.bytes()?))
    }

    fn i32(&mut self) -> Result<i32> {
        Ok(i32::from_be_bytes(self.bytes()?))
    }

    /// The absolute target of a branch by `delta` from the instruction at `from`.
    fn target(&self, from: usize, delta: i32) -> Result<u32> {
        // `from` < 65536, so this cannot overflow an i64.
        let target = from as i64 + i64::from(delta);
        if target < 0 || target >= self.code.len() as i64 {
            return Err(Error::new(ErrorKind::BranchOutside {
                target,
                code_length: self.code.len(),
            }));
        }
        Ok(target as u32)
    }

    fn branch16(&mut self, from: usize) -> Result<u32> {
        let delta = self.i16()?;
        self.target(from, i32::from(delta))
    }

    fn branch32(&mut self, from: usize) -> Result<u32> {
        let delta = self.i32()?;
        self.target(from, delta)
    }

    /// Decodes the instruction at `self.pos` and moves past it.
    fn instruction(&mut self) -> Result<Op> {
        use Op::*;
        let at = self.pos;
        let opcode = self.u8()?;
        Ok(match opcode {
            0x00 => Nop,
            0x01 => AConstNull,
            0x02..=0x08 => IConst(i32::from(opcode) - 3),
            0x09 | 0x0A => LConst(i64::from(opcode - 0x09)),
            0x0B..=0x0D => FConst(f32::from(opcode - 0x0B)),
            0x0E | 0x0F => DConst(f64::from(opcode - 0x0E)),
            0x10 => IConst(i32::from(self.u8()? as i8)),
            0x11 => IConst(i32::from(self.i16()?)),
            0x12 => Ldc(u16::from(self.u8()?)),
            0x13 => Ldc(self.u16()?),
            0x14 => Ldc2(self.u16()?),
            0x15..=0x19 => Load(ValueKind::from_family(opcode - 0x15), u16::from(self.u8()?)),
            0x1A..=0x2D => {
                let n = opcode - 0x1A;
                Load(ValueKind::from_family(n / 4), u16::from(n % 4))
            }
            0x2E..=0x35 => ArrayLoad(ArrayKind::ALL[usize::from(opcode - 0x2E)]),
            0x36..=0x3A => Store(ValueKind::from_family(opcode - 0x36), u16::from(self.u8()?)),
            0x3B..=0x4E => {
                let n = opcode - 0x3B;
                Store(ValueKind::from_family(n / 4), u16::from(n % 4))
            }
            0x4F..=0x56 => ArrayStore(ArrayKind::ALL[usize::from(opcode - 0x4F)]),
            0x57 => Pop,
            0x58 => Pop2,
            0x59 => Dup,
            0x5A => DupX1,
            0x5B => DupX2,
            0x5C => Dup2,
            0x5D => Dup2X1,
            0x5E => Dup2X2,
            0x5F => Swap,
            0x60..=0x73 => {
                let n = opcode - 0x60;
                let op = [
                    ArithOp::Add,
                    ArithOp::Sub,
                    ArithOp::Mul,
                    ArithOp::Div,
                    ArithOp::Rem,
                ][usize::from(n / 4)];
                Arith(op, NumKind::ALL[usize::from(n % 4)])
            }
            0x74..=0x77 => Neg(NumKind::ALL[usize::from(opcode - 0x74)]),
            0x78..=0x83 => {
                let n = opcode - 0x78;
                let op = [
                    BitOp::Shl,
                    BitOp::Shr,
                    BitOp::UShr,
                    BitOp::And,
                    BitOp::Or,
                    BitOp::Xor,
                ][usize::from(n / 2)];
                Bit(
                    op,
                    if n % 2 == 0 {
                        IntKind::Int
                    } else {
                        IntKind::Long
                    },
                )
            }
            0x84 => IInc {
                index: u16::from(self.u8()?),
                delta: i16::from(self.u8()? as i8),
            },
            0x85..=0x90 => {
                // i2l i2f i2d, l2i l2f l2d, f2i f2l f2d, d2i d2l d2f: each kind
                // to the three others, in order.
                let n = opcode - 0x85;
                let from = n / 3;
                let mut to = n % 3;
                if to >= from {
                    to += 1;
                }
                Convert(
                    NumKind::ALL[usize::from(from)],
                    NumKind::ALL[usize::from(to)],
                )
            }
            0x91 => IntToByte,
            0x92 => IntToChar,
            0x93 => IntToShort,
            0x94 => LCmp,
            0x95 => FCmpL,
            0x96 => FCmpG,
            0x97 => DCmpL,
            0x98 => DCmpG,
            0x99..=0x9E => If(Cond::ALL[usize::from(opcode - 0x99)], self.branch16(at)?),
            0x9F..=0xA4 => IfICmp(Cond::ALL[usize::from(opcode - 0x9F)], self.branch16(at)?),
            0xA5 => IfACmpEq(self.branch16(at)?),
            0xA6 => IfACmpNe(self.branch16(at)?),
            0xA7 => Goto(self.branch16(at)?),
            0xA8 => Jsr(self.branch16(at)?),
            0xA9 => Ret(u16::from(self.u8()?)),
            0xAA => self.table_switch(at)?,
            0xAB => self.lookup_switch(at)?,
            0xAC..=0xB0 => Return(Some(ValueKind::from_family(opcode - 0xAC))),
            0xB1 => Return(None),
            0xB2 => GetStatic(self.u16()?),
            0xB3 => PutStatic(self.u16()?),
            0xB4 => GetField(self.u16()?),
            0xB5 => PutField(self.u16()?),
            0xB6 => InvokeVirtual(self.u16()?),
            0xB7 => InvokeSpecial(self.u16()?),
            0xB8 => InvokeStatic(self.u16()?),
            0xB9 => {
                let index = self.u16()?;
                let [count, zero] = self.bytes()?;
                if count == 0 || zero != 0 {
                    return Err(bad_operand(format!(
                        "invokeinterface needs a non-zero count and a zero byte, has {count} and {zero}"
                    )));
                }
                InvokeInterface { index, count }
            }
            0xBA => {
                let index = self.u16()?;
                if self.u16()? != 0 {
                    return Err(bad_operand("invokedynamic's last two bytes must be zero"));
                }
                InvokeDynamic(index)
            }
            0xBB => New(self.u16()?),
            0xBC => {
                let code = self.u8()?;
                NewArray(
                    BaseType::from_newarray_code(code).ok_or_else(|| {
                        bad_operand(format!("newarray type {code} (valid: 4 to 11)"))
                    })?,
                )
            }
            0xBD => ANewArray(self.u16()?),
            0xBE => ArrayLength,
            0xBF => AThrow,
            0xC0 => CheckCast(self.u16()?),
            0xC1 => InstanceOf(self.u16()?),
            0xC2 => MonitorEnter,
            0xC3 => MonitorExit,
            0xC4 => self.wide()?,
            0xC5 => {
                let index = self.u16()?;
                let dimensions = self.u8()?;
                if dimensions == 0 {
                    return Err(bad_operand("multianewarray with 0 dimensions"));
                }
                MultiANewArray { index, dimensions }
            }
            0xC6 => IfNull(self.branch16(at)?),
            0xC7 => IfNonNull(self.branch16(at)?),
            0xC8 => Goto(self.branch32(at)?),
            0xC9 => Jsr(self.branch32(at)?),
            _ => return Err(Error::new(ErrorKind::UnknownOpcode(opcode))),
        })
    }

    /// The instruction after a `wide` prefix: a load, store or `ret` with a
    /// 16-bit index, or `iinc` with a 16-bit index and increment.
    fn wide(&mut self) -> Result<Op> {
        let opcode = self.u8()?;
        Ok(match opcode {
            0x15..=0x19 => Op::Load(ValueKind::from_family(opcode - 0x15), self.u16()?),
            0x36..=0x3A => Op::Store(ValueKind::from_family(opcode - 0x36), self.u16()?),
            0xA9 => Op::Ret(self.u16()?),
            0x84 => Op::IInc {
                index: self.u16()?,
                delta: self.i16()?,
            },
            _ => {
                return Err(bad_operand(format!(
                    "wide cannot modify opcode 0x{opcode:02X}"
                )))
            }
        })
    }

    /// Skips the 0 to 3 padding bytes that align a switch's operands to a
    /// multiple of four from the start of the code.
    fn align(&mut self) -> Result<()> {
        let padding = (4 - self.pos % 4) % 4;
        if self.code.len() - self.pos < padding {
            return Err(Error::new(ErrorKind::Truncated {
                what: "switch padding",
                needed: padding,
                available: self.code.len() - self.pos,
            }));
        }
        self.pos += padding;
        Ok(())
    }

    /// Fails unless `count` entries of `size` bytes fit in the rest of the code:
    /// checked before allocating for them.
    fn check_fits(&self, count: u64, size: u64) -> Result<()> {
        let needed = count.saturating_mul(size);
        let available = (self.code.len() - self.pos) as u64;
        if needed > available {
            return Err(Error::new(ErrorKind::Truncated {
                what: "switch table",
                needed: usize::try_from(needed).unwrap_or(usize::MAX),
                available: available as usize,
            }));
        }
        Ok(())
    }

    fn table_switch(&mut self, at: usize) -> Result<Op> {
        self.align()?;
        let default = self.branch32(at)?;
        let low = self.i32()?;
        let high = self.i32()?;
        if low > high {
            return Err(bad_operand(format!("tableswitch low {low} > high {high}")));
        }
        // At most 2^32 entries; the check below rejects all but tiny counts.
        let count = (i64::from(high) - i64::from(low) + 1) as u64;
        self.check_fits(count, 4)?;
        let mut targets = Vec::with_capacity(count as usize);
        for _ in 0..count {
            targets.push(self.branch32(at)?);
        }
        Ok(Op::TableSwitch {
            default,
            low,
            targets,
        })
    }

    fn lookup_switch(&mut self, at: usize) -> Result<Op> {
        self.align()?;
        let default = self.branch32(at)?;
        let npairs = self.i32()?;
        let count = u64::try_from(npairs)
            .map_err(|_| bad_operand(format!("lookupswitch with {npairs} pairs")))?;
        self.check_fits(count, 8)?;
        let mut pairs: Vec<(i32, u32)> = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let key = self.i32()?;
            if pairs.last().is_some_and(|&(previous, _)| previous >= key) {
                return Err(bad_operand(format!(
                    "lookupswitch keys are not strictly increasing at key {key}"
                )));
            }
            pairs.push((key, self.branch32(at)?));
        }
        Ok(Op::LookupSwitch { default, pairs })
    }
}

fn bad_operand(message: impl Into<alloc::string::String>) -> Error {
    Error::new(ErrorKind::BadOperand(message.into()))
}

/// Checks decoded `instructions` of `code` against the class: constant-pool
/// operands name entries of the right kind (and `invokeinterface`'s count
/// matches the descriptor), local-variable indices are below `max_locals`,
/// `jsr`/`ret` appear only before version 51 (where the JVM allows them), and
/// every exception handler covers and starts at instruction boundaries.
/// Errors carry the instruction's offset; the caller adds class and method.
pub fn check_method(class: &ClassFile, code: &Code, instructions: &[Instruction]) -> Result<()> {
    let pool = &class.constant_pool;
    for insn in instructions {
        if !insn.op.is_supported() && class.major_version >= 51 {
            return Err(bad_operand(format!(
                "{} is not allowed in class files of version 51 (Java 7) or later",
                insn.op
            ))
            .at_code_offset(insn.offset));
        }
        check_instruction(pool, code.max_locals, &insn.op)
            .map_err(|e| e.at_code_offset(insn.offset))?;
    }
    let is_start = |pc: u16| {
        instructions
            .binary_search_by_key(&u32::from(pc), |i| i.offset)
            .is_ok()
    };
    for (n, handler) in code.exception_table.iter().enumerate() {
        let end_ok = usize::from(handler.end_pc) == code.code.len() || is_start(handler.end_pc);
        for (what, pc, ok) in [
            ("start_pc", handler.start_pc, is_start(handler.start_pc)),
            ("end_pc", handler.end_pc, end_ok),
            (
                "handler_pc",
                handler.handler_pc,
                is_start(handler.handler_pc),
            ),
        ] {
            if !ok {
                return Err(Error::malformed(format!(
                    "exception-table entry {n}: {what} {pc} is not the start of an instruction"
                ))
                .at_code_offset(u32::from(pc)));
            }
        }
    }
    Ok(())
}

fn check_local(max_locals: u16, index: u16, slots: u8) -> Result<()> {
    let end = u32::from(index) + u32::from(slots);
    if end > u32::from(max_locals) {
        return Err(Error::new(ErrorKind::LocalOutOfRange {
            index: u32::from(index),
            max_locals,
        }));
    }
    Ok(())
}

fn check_instruction(pool: &ConstantPool, max_locals: u16, op: &Op) -> Result<()> {
    match op {
        Op::Load(kind, index) | Op::Store(kind, index) => {
            check_local(max_locals, *index, kind.slots())?
        }
        Op::IInc { index, .. } | Op::Ret(index) => check_local(max_locals, *index, 1)?,
        Op::Ldc(index) | Op::Ldc2(index) => {
            let value = pool.loadable(*index)?;
            let wide = matches!(op, Op::Ldc2(_));
            if (value.slots() == 2) != wide {
                let which = if wide { "ldc2_w" } else { "ldc" };
                return Err(bad_operand(format!(
                    "{which} cannot load constant {index} ({value:?})"
                )));
            }
        }
        Op::GetStatic(index) | Op::PutStatic(index) | Op::GetField(index) | Op::PutField(index) => {
            pool.field_ref(*index)?;
        }
        Op::InvokeVirtual(index) => no_initializer(pool.method_ref(*index)?.name, "invokevirtual")?,
        Op::InvokeStatic(index) => {
            no_initializer(pool.any_method_ref(*index)?.0.name, "invokestatic")?;
        }
        Op::InvokeSpecial(index) => {
            pool.any_method_ref(*index)?;
        }
        Op::InvokeInterface { index, count } => {
            let method = pool.interface_method_ref(*index)?;
            no_initializer(method.name, "invokeinterface")?;
            let slots = MethodDescriptor::parse(method.descriptor)?.arg_slots() + 1;
            if u16::from(*count) != slots {
                return Err(bad_operand(format!(
                    "invokeinterface count {count} does not match {}{} ({slots} slots)",
                    method.name, method.descriptor
                )));
            }
        }
        Op::InvokeDynamic(index) => {
            pool.invoke_dynamic(*index)?;
        }
        Op::New(index) => {
            let name = pool.class_name(*index)?;
            if name.starts_with('[') {
                return Err(bad_operand(format!("new cannot create array type {name}")));
            }
        }
        Op::ANewArray(index) => {
            let name = pool.class_name(*index)?;
            if name.starts_with('[')
                && FieldType::parse(name)?.array_dimensions() >= MAX_ARRAY_DIMENSIONS
            {
                return Err(bad_operand(
                    "anewarray would create more than 255 dimensions",
                ));
            }
        }
        Op::CheckCast(index) | Op::InstanceOf(index) => {
            pool.class_name(*index)?;
        }
        Op::MultiANewArray { index, dimensions } => {
            let name = pool.class_name(*index)?;
            let dims = if name.starts_with('[') {
                FieldType::parse(name)?.array_dimensions()
            } else {
                0
            };
            if dims < usize::from(*dimensions) {
                return Err(bad_operand(format!(
                    "multianewarray of {dimensions} dimensions on type {name}"
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

fn no_initializer(name: &str, instruction: &str) -> Result<()> {
    if name.starts_with('<') {
        return Err(bad_operand(format!("{instruction} cannot call {name}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn one(code: &[u8]) -> Op {
        let insns = decode(code).unwrap();
        insns[0].op.clone()
    }

    fn err(code: &[u8]) -> Error {
        decode(code).unwrap_err()
    }

    /// The operand bytes (all zero) that make `opcode` decode; `None` for the
    /// ones that need particular operands.
    fn zero_operands(opcode: u8) -> Option<usize> {
        Some(match opcode {
            0x10 | 0x12 | 0x15..=0x19 | 0x36..=0x3A | 0xA9 => 1,
            0x11 | 0x13 | 0x14 | 0x84 | 0x99..=0xA8 | 0xB2..=0xB8 | 0xBB | 0xBD | 0xC0 | 0xC1 => 2,
            0xC6 | 0xC7 => 2,
            0xBA | 0xC8 | 0xC9 => 4,
            0xB9 | 0xBC | 0xC4 | 0xC5 | 0xAA | 0xAB => return None,
            _ => 0,
        })
    }

    #[test]
    fn every_assigned_opcode_decodes_and_the_rest_do_not() {
        for opcode in 0x00..=0xC9u8 {
            let mut code = alloc::vec![opcode];
            match zero_operands(opcode) {
                Some(n) => code.resize(1 + n, 0),
                None => code.extend(match opcode {
                    0xB9 => &[0, 1, 1, 0][..],
                    0xBC => &[10],
                    0xC4 => &[0x15, 1, 0],
                    0xC5 => &[0, 1, 1],
                    0xAA => &[0; 19],
                    _ => &[0; 11],
                }),
            }
            let insns = decode(&code).unwrap_or_else(|e| panic!("opcode 0x{opcode:02X}: {e}"));
            assert_eq!(insns[0].offset, 0);
            assert_eq!(insns.len(), 1, "opcode 0x{opcode:02X}: {insns:?}");
        }
        for opcode in 0xCA..=0xFFu8 {
            let e = err(&[opcode, 0, 0, 0, 0]);
            assert_eq!(*e.kind(), ErrorKind::UnknownOpcode(opcode));
            assert_eq!(e.code_offset(), Some(0));
        }
    }

    #[test]
    fn simple_opcodes_have_javap_names() {
        let ranges: [(u8, &str); 5] = [
            (
                0x2E,
                "iaload laload faload daload aaload baload caload saload",
            ),
            (
                0x4F,
                "iastore lastore fastore dastore aastore bastore castore sastore \
                 pop pop2 dup dup_x1 dup_x2 dup2 dup2_x1 dup2_x2 swap \
                 iadd ladd fadd dadd isub lsub fsub dsub imul lmul fmul dmul \
                 idiv ldiv fdiv ddiv irem lrem frem drem ineg lneg fneg dneg \
                 ishl lshl ishr lshr iushr lushr iand land ior lor ixor lxor",
            ),
            (
                0x85,
                "i2l i2f i2d l2i l2f l2d f2i f2l f2d d2i d2l d2f i2b i2c i2s \
                 lcmp fcmpl fcmpg dcmpl dcmpg",
            ),
            (0xAC, "ireturn lreturn freturn dreturn areturn return"),
            (0xBE, "arraylength athrow"),
        ];
        for (first, names) in ranges {
            for (opcode, name) in (first..).zip(names.split_whitespace()) {
                assert_eq!(one(&[opcode]).to_string(), name, "opcode 0x{opcode:02X}");
            }
        }
        assert_eq!(one(&[0xC2]).to_string(), "monitorenter");
        assert_eq!(one(&[0xC3]).to_string(), "monitorexit");
    }

    #[test]
    fn short_and_long_forms_normalise() {
        assert_eq!(one(&[0x02]), Op::IConst(-1));
        assert_eq!(one(&[0x08]), Op::IConst(5));
        assert_eq!(one(&[0x10, 0x80]), Op::IConst(-128));
        assert_eq!(one(&[0x11, 0x80, 0x00]), Op::IConst(-32768));
        assert_eq!(one(&[0x0A]), Op::LConst(1));
        assert_eq!(one(&[0x0D]), Op::FConst(2.0));
        assert_eq!(one(&[0x0F]), Op::DConst(1.0));
        assert_eq!(one(&[0x12, 200]), Op::Ldc(200));
        assert_eq!(one(&[0x13, 1, 2]), Op::Ldc(0x102));
        assert_eq!(one(&[0x14, 0, 3]), Op::Ldc2(3));
        assert_eq!(one(&[0x1C]), Op::Load(ValueKind::Int, 2));
        assert_eq!(one(&[0x21]), Op::Load(ValueKind::Long, 3));
        assert_eq!(one(&[0x2A]), Op::Load(ValueKind::Reference, 0));
        assert_eq!(one(&[0x18, 7]), Op::Load(ValueKind::Double, 7));
        assert_eq!(one(&[0x3F]), Op::Store(ValueKind::Long, 0));
        assert_eq!(one(&[0x4E]), Op::Store(ValueKind::Reference, 3));
        assert_eq!(
            one(&[0x84, 4, 0xFF]),
            Op::IInc {
                index: 4,
                delta: -1
            }
        );
        assert_eq!(one(&[0xC4, 0x15, 1, 44]), Op::Load(ValueKind::Int, 300));
        assert_eq!(
            one(&[0xC4, 0x3A, 0xFF, 0xFF]),
            Op::Store(ValueKind::Reference, 65535)
        );
        assert_eq!(
            one(&[0xC4, 0x84, 1, 44, 0xFC, 0x18]),
            Op::IInc {
                index: 300,
                delta: -1000
            }
        );
        assert_eq!(one(&[0xBC, 4]), Op::NewArray(BaseType::Boolean));
        assert_eq!(one(&[0xBC, 11]), Op::NewArray(BaseType::Long));
        assert_eq!(
            one(&[0xB9, 0, 9, 3, 0]),
            Op::InvokeInterface { index: 9, count: 3 }
        );
        assert_eq!(one(&[0xBA, 0, 7, 0, 0]), Op::InvokeDynamic(7));
        assert_eq!(
            one(&[0xC5, 0, 5, 2]),
            Op::MultiANewArray {
                index: 5,
                dimensions: 2
            }
        );
    }

    #[test]
    fn branches_resolve_to_absolute_offsets() {
        // 0: nop; 1: goto 0 (back); 4: ifeq 1; 7: goto_w 12; 12: return
        let code = [
            0x00, 0xA7, 0xFF, 0xFF, 0x99, 0xFF, 0xFD, 0xC8, 0, 0, 0, 5, 0xB1,
        ];
        let insns = decode(&code).unwrap();
        let ops: Vec<_> = insns.iter().map(|i| (i.offset, i.op.clone())).collect();
        assert_eq!(
            ops,
            [
                (0, Op::Nop),
                (1, Op::Goto(0)),
                (4, Op::If(Cond::Eq, 1)),
                (7, Op::Goto(12)),
                (12, Op::Return(None)),
            ]
        );
        assert!(!insns[1].op.falls_through() && insns[2].op.falls_through());
        assert_eq!(insns[2].op.targets().collect::<Vec<_>>(), [1]);
        assert_eq!(insns[2].to_string(), "4: ifeq 1");
    }

    #[test]
    fn bad_branches_say_where() {
        // goto -5 from offset 1.
        let e = err(&[0x00, 0xA7, 0xFF, 0xFB]);
        assert_eq!(
            *e.kind(),
            ErrorKind::BranchOutside {
                target: -4,
                code_length: 4
            }
        );
        assert_eq!(e.code_offset(), Some(1));
        // goto 3: past the end of a 3-byte code.
        assert!(matches!(
            err(&[0xA7, 0, 3]).kind(),
            ErrorKind::BranchOutside { target: 3, .. }
        ));
        // 0: goto 4 (into the middle of 3: sipush); 3: sipush; 6: return
        let e = err(&[0xA7, 0, 4, 0x11, 0, 0, 0xB1]);
        assert_eq!(*e.kind(), ErrorKind::NotInstructionStart { target: 4 });
        assert_eq!(e.code_offset(), Some(0));
        assert_eq!(
            e.to_string(),
            "bytecode offset 0: offset 4 is not the start of an instruction"
        );
    }

    #[test]
    fn tableswitch_padding_is_relative_to_the_code_start() {
        // At offset 1 the operands start at 4: two padding bytes.
        let mut code = alloc::vec![0x00, 0xAA, 0xEE, 0xEE];
        code.extend([0, 0, 0, 27]); // default -> 28
        code.extend([0xFF, 0xFF, 0xFF, 0xFF]); // low -1
        code.extend([0, 0, 0, 1]); // high 1
        code.extend([0, 0, 0, 27, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 27]); // 28, 0, 28
        code.push(0xB1); // 28: return
        let insns = decode(&code).unwrap();
        assert_eq!(
            insns[1].op,
            Op::TableSwitch {
                default: 28,
                low: -1,
                targets: alloc::vec![28, 0, 28]
            }
        );
        assert_eq!(insns[2].offset, 28);
        assert!(!insns[1].op.falls_through());
        assert_eq!(insns[1].op.targets().collect::<Vec<_>>(), [28, 28, 0, 28]);

        // At offset 3 there is no padding.
        let mut code = alloc::vec![0x00, 0x00, 0x00, 0xAB];
        code.extend([0, 0, 0, 17]); // default -> 20
        code.extend([0, 0, 0, 1]); // one pair
        code.extend([0x80, 0, 0, 0, 0, 0, 0, 17]); // i32::MIN -> 20
        code.push(0xB1); // 20: return
        assert_eq!(
            decode(&code).unwrap()[3].op,
            Op::LookupSwitch {
                default: 20,
                pairs: alloc::vec![(i32::MIN, 20)]
            }
        );
    }

    #[test]
    fn bad_switches_are_errors_without_big_allocations() {
        /// A switch at offset 0 (three padding bytes) with these operand words.
        fn switch(opcode: u8, words: &[i32]) -> Vec<u8> {
            let mut code = alloc::vec![opcode, 0, 0, 0];
            for w in words {
                code.extend(w.to_be_bytes());
            }
            code
        }
        // tableswitch 0..i32::MAX: two billion entries announced, none present.
        let e = err(&switch(0xAA, &[0, 0, i32::MAX]));
        assert!(
            matches!(e.kind(), ErrorKind::Truncated { available: 0, .. }),
            "{e}"
        );
        let e = err(&switch(0xAA, &[0, i32::MIN, i32::MAX]));
        assert!(matches!(e.kind(), ErrorKind::Truncated { .. }), "{e}");
        // low > high.
        let e = err(&switch(0xAA, &[0, 1, 0]));
        assert!(matches!(e.kind(), ErrorKind::BadOperand(_)), "{e}");
        // lookupswitch with -1 pairs, and with i32::MAX pairs.
        let e = err(&switch(0xAB, &[0, -1]));
        assert!(matches!(e.kind(), ErrorKind::BadOperand(_)), "{e}");
        let e = err(&switch(0xAB, &[0, i32::MAX]));
        assert!(matches!(e.kind(), ErrorKind::Truncated { .. }), "{e}");
        // Keys out of order, and repeated.
        let e = err(&switch(0xAB, &[0, 2, 5, 0, 4, 0]));
        assert!(e.to_string().contains("strictly increasing"), "{e}");
        let e = err(&switch(0xAB, &[0, 2, 5, 0, 5, 0]));
        assert!(e.to_string().contains("strictly increasing"), "{e}");
        // A target outside the code.
        let e = err(&switch(0xAB, &[0, 1, 5, 100]));
        assert!(
            matches!(e.kind(), ErrorKind::BranchOutside { target: 100, .. }),
            "{e}"
        );
        // Cut off inside the padding.
        assert!(matches!(
            err(&[0x00, 0xAA, 0]).kind(),
            ErrorKind::Truncated { .. }
        ));
    }

    #[test]
    fn bad_operands_are_errors() {
        for code in [
            &[0xB9, 0, 1, 0, 0][..], // invokeinterface count 0
            &[0xB9, 0, 1, 1, 1],     // invokeinterface non-zero 4th byte
            &[0xBA, 0, 1, 0, 1],     // invokedynamic non-zero bytes
            &[0xBC, 3],              // newarray type 3
            &[0xBC, 12],
            &[0xC5, 0, 1, 0],    // multianewarray of 0 dimensions
            &[0xC4, 0x60],       // wide iadd
            &[0xC4, 0xC4, 0, 0], // wide wide
        ] {
            let e = err(code);
            assert!(
                matches!(e.kind(), ErrorKind::BadOperand(_)),
                "{code:02X?}: {e}"
            );
        }
        // Truncated operands carry the instruction's offset.
        let e = err(&[0x00, 0x00, 0xB6, 0]);
        assert!(matches!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 2,
                available: 1,
                ..
            }
        ));
        assert_eq!(e.code_offset(), Some(2));
        assert!(err(&[0xC4]).code_offset() == Some(0));
        assert!(decode(&[]).is_err());
        assert!(decode(&alloc::vec![0; 65536]).is_err());
        assert_eq!(decode(&alloc::vec![0; 65535]).unwrap().len(), 65535);
    }

    #[test]
    fn subroutines_decode_but_are_unsupported() {
        // 0: jsr 5; 3: jsr_w... use wide ret and ret.
        let insns = decode(&[
            0xA8, 0, 5, 0xA9, 1, 0xC4, 0xA9, 1, 0, 0xC9, 0xFF, 0xFF, 0xFF, 0xF7,
        ])
        .unwrap();
        let ops: Vec<_> = insns.iter().map(|i| i.op.clone()).collect();
        assert_eq!(ops, [Op::Jsr(5), Op::Ret(1), Op::Ret(256), Op::Jsr(0)]);
        assert!(ops.iter().all(|op| !op.is_supported()));
        assert!(Op::Nop.is_supported());
    }
}
