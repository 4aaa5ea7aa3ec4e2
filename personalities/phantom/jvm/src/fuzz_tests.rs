//! A small deterministic fuzz test: real class files (the hand-assembled sample
//! and, when `javac` is there, the classes of the `javac` tests) are mutated and
//! truncated many thousand times, and everything this crate offers is run on
//! each result: parse, decode and check every method, resolve every constant
//! and every instruction operand, format every error. The test passes if
//! nothing panics (an overflow in debug builds is a panic too). The generator
//! is a fixed-seed xorshift, so a failure reproduces exactly.

use std::string::ToString;
use std::vec::Vec;

use crate::javac_tests::class_files;
use crate::test_class::sample_class;
use crate::{insn, ClassFile, Constant, Op};

/// xorshift64 (Marsaglia).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Values that tend to hit boundaries when they land on a length or index.
const INTERESTING: [u8; 8] = [0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF, 0xCA];

/// One random edit of `input` (half the time), or up to four.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    let edits = if rng.below(2) == 0 {
        1
    } else {
        1 + rng.below(4)
    };
    for _ in 0..edits {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(8) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = INTERESTING[rng.below(INTERESTING.len())],
            2 => bytes[at] = rng.next() as u8,
            3 => bytes.truncate(at),
            4 => {
                let end = (at + rng.below(16)).min(bytes.len());
                bytes.drain(at..end);
            }
            5 => {
                let extra: Vec<u8> = (0..rng.below(8) + 1).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, extra);
            }
            6 => {
                // A big 16- or 32-bit value: a count, length or index.
                let width = if rng.below(2) == 0 { 2 } else { 4 };
                for b in bytes.iter_mut().skip(at).take(width) {
                    *b = 0xFF;
                }
                if at < bytes.len() {
                    bytes[at] = 0x7F | (rng.next() as u8 & 0x80);
                }
            }
            _ => {
                // Copy a run of bytes from elsewhere (shuffles whole structures).
                let from = rng.below(bytes.len());
                let len = rng.below(32).min(bytes.len() - from).min(bytes.len() - at);
                let run = bytes[from..from + len].to_vec();
                bytes[at..at + len].copy_from_slice(&run);
            }
        }
    }
    bytes
}

/// Runs everything on `bytes`; returns whether it parsed.
fn exercise(bytes: &[u8]) -> bool {
    let class = match ClassFile::parse(bytes) {
        Ok(class) => class,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return false;
        }
    };
    let pool = &class.constant_pool;
    for (index, constant) in pool.iter() {
        let _ = pool.loadable(index);
        match constant {
            Constant::InvokeDynamic { .. } => {
                class.call_site(index).unwrap();
            }
            Constant::Dynamic { .. } => {
                class.dynamic_constant(index).unwrap();
            }
            _ => {}
        }
    }
    for method in &class.methods {
        let Some(code) = &method.code else { continue };
        let _ = code.line_at(0);
        let instructions = match class.decode_method(method) {
            Ok(instructions) => instructions,
            Err(e) => {
                assert!(!e.to_string().is_empty());
                // The raw decoder alone must not panic either.
                let _ = insn::decode(&code.code);
                continue;
            }
        };
        for insn in &instructions {
            let _ = insn.to_string();
            // What decodes has operands that resolve.
            let resolved = match insn.op {
                Op::GetField(i) | Op::PutField(i) | Op::GetStatic(i) | Op::PutStatic(i) => {
                    pool.field_ref(i).map(|_| ())
                }
                Op::InvokeVirtual(i) => pool.method_ref(i).map(|_| ()),
                Op::InvokeSpecial(i) | Op::InvokeStatic(i) => pool.any_method_ref(i).map(|_| ()),
                Op::InvokeInterface { index, .. } => pool.interface_method_ref(index).map(|_| ()),
                Op::InvokeDynamic(i) => class.call_site(i).map(|_| ()),
                Op::New(i) | Op::CheckCast(i) | Op::InstanceOf(i) | Op::ANewArray(i) => {
                    pool.class_name(i).map(|_| ())
                }
                Op::Ldc(i) | Op::Ldc2(i) => pool.loadable(i).map(|_| ()),
                _ => Ok(()),
            };
            if let Err(e) = resolved {
                panic!("{insn} decoded, but its operand does not resolve: {e}");
            }
        }
    }
    // The converter: a module that verifies, or errors; never a panic.
    let env = boot_env();
    match crate::convert::convert(core::slice::from_ref(&class), env, &crate::convert::Options::default()) {
        Ok(m) => {
            if let Err(e) = phantom_vm::verify::verify(&m) {
                panic!("converted module does not verify: {e}");
            }
        }
        Err(errs) => assert!(errs.iter().all(|e| !e.msg.is_empty())),
    }
    true
}

fn boot_env() -> &'static crate::convert::Env {
    static ENV: std::sync::OnceLock<crate::convert::Env> = std::sync::OnceLock::new();
    ENV.get_or_init(crate::convert::Env::boot)
}

#[test]
fn mutated_class_files_never_panic() {
    let mut inputs = std::vec![sample_class()];
    if let Some(classes) = class_files("mutated_class_files_never_panic (javac part)") {
        inputs.extend(
            ["Lambdas", "Switches", "Exceptions", "Fields", "Color"]
                .iter()
                .map(|name| classes[*name].clone()),
        );
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut parsed = 0;
    for input in &inputs {
        assert!(exercise(input), "the unmutated input must parse");
        for _ in 0..4000 {
            if exercise(&mutate(&mut rng, input)) {
                parsed += 1;
            }
        }
    }
    // Many mutants still parse (e.g. a changed constant), so the deeper code
    // (decoding, resolution) is reached, not just the parser's first checks.
    assert!(parsed > inputs.len() * 250, "only {parsed} mutants parsed");
}

#[test]
fn random_code_never_panics_the_decoder() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut decoded = 0;
    for _ in 0..20_000 {
        let len = rng.below(40) + 1;
        // Biased towards small operand bytes, so branches often land inside.
        let code: Vec<u8> = (0..len)
            .map(|_| match rng.below(3) {
                0 => rng.below(8) as u8,
                _ => rng.below(0xCA) as u8,
            })
            .collect();
        if let Ok(instructions) = insn::decode(&code) {
            decoded += 1;
            for i in &instructions {
                assert!((i.offset as usize) < code.len());
                assert!(i
                    .op
                    .targets()
                    .all(|t| instructions.iter().any(|j| j.offset == t)));
            }
        }
    }
    assert!(decoded > 1000, "only {decoded} random codes decoded");
}
