//! A tiny class-file assembler for tests: builds class files byte by byte, so
//! tests can make exactly the (well- or ill-formed) structure they need
//! without `javac`.

use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

use crate::mutf8;

/// A class being assembled. Pool entries are added on demand and shared.
pub struct ClassBuilder {
    pub major: u16,
    pub minor: u16,
    pub access: u16,
    pool: Vec<u8>,
    count: u16,
    interned: BTreeMap<Vec<u8>, u16>,
    this_class: u16,
    super_class: u16,
    fields: Vec<Vec<u8>>,
    methods: Vec<Vec<u8>>,
    attributes: Vec<Vec<u8>>,
}

/// An attribute: its name and contents.
pub fn attribute(b: &mut ClassBuilder, name: &str, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(b.utf8(name).to_be_bytes());
    out.extend((data.len() as u32).to_be_bytes());
    out.extend(data);
    out
}

impl ClassBuilder {
    /// A public class `name` extending `super_name` (none for `""`), version 61.
    pub fn new(name: &str, super_name: &str) -> Self {
        let mut b = ClassBuilder {
            major: 61,
            minor: 0,
            access: 0x0021,
            pool: Vec::new(),
            count: 1,
            interned: BTreeMap::new(),
            this_class: 0,
            super_class: 0,
            fields: Vec::new(),
            methods: Vec::new(),
            attributes: Vec::new(),
        };
        b.this_class = b.class(name);
        if !super_name.is_empty() {
            b.super_class = b.class(super_name);
        }
        b
    }

    /// Adds (or finds) the entry with these bytes; `slots` is 2 for long/double.
    pub fn entry(&mut self, bytes: Vec<u8>, slots: u16) -> u16 {
        if let Some(&index) = self.interned.get(&bytes) {
            return index;
        }
        let index = self.count;
        self.count += slots;
        self.pool.extend(&bytes);
        self.interned.insert(bytes, index);
        index
    }

    pub fn utf8(&mut self, s: &str) -> u16 {
        let encoded = mutf8::encode(s);
        let mut bytes = vec![1];
        bytes.extend((encoded.len() as u16).to_be_bytes());
        bytes.extend(encoded);
        self.entry(bytes, 1)
    }

    fn ref_entry(&mut self, tag: u8, a: u16, b: u16) -> u16 {
        let mut bytes = vec![tag];
        bytes.extend(a.to_be_bytes());
        bytes.extend(b.to_be_bytes());
        self.entry(bytes, 1)
    }

    fn one_ref(&mut self, tag: u8, a: u16) -> u16 {
        let mut bytes = vec![tag];
        bytes.extend(a.to_be_bytes());
        self.entry(bytes, 1)
    }

    pub fn class(&mut self, name: &str) -> u16 {
        let name = self.utf8(name);
        self.one_ref(7, name)
    }

    pub fn int(&mut self, v: i32) -> u16 {
        let mut bytes = vec![3];
        bytes.extend(v.to_be_bytes());
        self.entry(bytes, 1)
    }

    pub fn long(&mut self, v: i64) -> u16 {
        let mut bytes = vec![5];
        bytes.extend(v.to_be_bytes());
        self.entry(bytes, 2)
    }

    pub fn name_and_type(&mut self, name: &str, descriptor: &str) -> u16 {
        let name = self.utf8(name);
        let descriptor = self.utf8(descriptor);
        self.ref_entry(12, name, descriptor)
    }

    fn member(&mut self, tag: u8, class: &str, name: &str, descriptor: &str) -> u16 {
        let class = self.class(class);
        let nat = self.name_and_type(name, descriptor);
        self.ref_entry(tag, class, nat)
    }

    pub fn field_ref(&mut self, class: &str, name: &str, descriptor: &str) -> u16 {
        self.member(9, class, name, descriptor)
    }

    pub fn method_ref(&mut self, class: &str, name: &str, descriptor: &str) -> u16 {
        self.member(10, class, name, descriptor)
    }

    /// A `CONSTANT_InvokeDynamic` naming bootstrap method `bootstrap`.
    pub fn invoke_dynamic(&mut self, bootstrap: u16, name: &str, descriptor: &str) -> u16 {
        let nat = self.name_and_type(name, descriptor);
        self.ref_entry(18, bootstrap, nat)
    }

    pub fn field(&mut self, access: u16, name: &str, descriptor: &str, attributes: Vec<Vec<u8>>) {
        let member = self.member_info(access, name, descriptor, attributes);
        self.fields.push(member);
    }

    pub fn raw_method(
        &mut self,
        access: u16,
        name: &str,
        descriptor: &str,
        attributes: Vec<Vec<u8>>,
    ) {
        let member = self.member_info(access, name, descriptor, attributes);
        self.methods.push(member);
    }

    /// A method with a `Code` attribute; `handlers` are (start, end, handler,
    /// catch-type index).
    pub fn method(
        &mut self,
        access: u16,
        name: &str,
        descriptor: &str,
        max_locals: u16,
        code: &[u8],
        handlers: &[(u16, u16, u16, u16)],
    ) {
        let code = self.code_attribute(max_locals, code, handlers, Vec::new());
        self.raw_method(access, name, descriptor, vec![code]);
    }

    pub fn code_attribute(
        &mut self,
        max_locals: u16,
        code: &[u8],
        handlers: &[(u16, u16, u16, u16)],
        attributes: Vec<Vec<u8>>,
    ) -> Vec<u8> {
        let mut data = Vec::new();
        data.extend(16u16.to_be_bytes());
        data.extend(max_locals.to_be_bytes());
        data.extend((code.len() as u32).to_be_bytes());
        data.extend(code);
        data.extend((handlers.len() as u16).to_be_bytes());
        for &(s, e, h, c) in handlers {
            for v in [s, e, h, c] {
                data.extend(v.to_be_bytes());
            }
        }
        data.extend((attributes.len() as u16).to_be_bytes());
        for a in attributes {
            data.extend(a);
        }
        attribute(self, "Code", &data)
    }

    fn member_info(
        &mut self,
        access: u16,
        name: &str,
        descriptor: &str,
        attributes: Vec<Vec<u8>>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(access.to_be_bytes());
        out.extend(self.utf8(name).to_be_bytes());
        out.extend(self.utf8(descriptor).to_be_bytes());
        out.extend((attributes.len() as u16).to_be_bytes());
        for a in attributes {
            out.extend(a);
        }
        out
    }

    pub fn class_attribute(&mut self, attribute: Vec<u8>) {
        self.attributes.push(attribute);
    }

    pub fn build(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(0xCAFE_BABEu32.to_be_bytes());
        out.extend(self.minor.to_be_bytes());
        out.extend(self.major.to_be_bytes());
        out.extend(self.count.to_be_bytes());
        out.extend(&self.pool);
        out.extend(self.access.to_be_bytes());
        out.extend(self.this_class.to_be_bytes());
        out.extend(self.super_class.to_be_bytes());
        out.extend(0u16.to_be_bytes());
        for list in [&self.fields, &self.methods, &self.attributes] {
            out.extend((list.len() as u16).to_be_bytes());
            for item in list {
                out.extend(item);
            }
        }
        out
    }
}

/// A small but varied class, `t/Sample`: a constant field, a constructor, a
/// method with a loop, a switch and an exception handler.
pub fn sample_class() -> Vec<u8> {
    let mut b = ClassBuilder::new("t/Sample", "java/lang/Object");
    let int_value = b.int(42);
    let cv = attribute(&mut b, "ConstantValue", &int_value.to_be_bytes());
    b.field(0x0019, "ANSWER", "I", vec![cv]);
    b.field(0x0002, "count", "J", Vec::new());
    let init = b.method_ref("java/lang/Object", "<init>", "()V");
    let [ih, il] = init.to_be_bytes();
    // aload_0; invokespecial Object.<init>; return
    b.method(0x0001, "<init>", "()V", 1, &[0x2A, 0xB7, ih, il, 0xB1], &[]);
    let count = b.field_ref("t/Sample", "count", "J");
    let [ch, cl] = count.to_be_bytes();
    let big = b.long(1 << 40);
    let [bh, bl] = big.to_be_bytes();
    let exception = b.class("java/lang/Exception");
    let code = [
        0x03, // 0: iconst_0
        0x3C, // 1: istore_1
        0x1B, // 2: iload_1
        0xAA, // 3: tableswitch (no padding: 4 is aligned)
        0, 0, 0, 28, // default -> 31
        0, 0, 0, 0, // low 0
        0, 0, 0, 1, // high 1
        0, 0, 0, 21, // 0 -> 24
        0, 0, 0, 28,   // 1 -> 31
        0x2A, // 24: aload_0
        0x14, bh, bl, // 25: ldc2_w 1 << 40
        0xB5, ch, cl,   // 28: putfield count
        0x00, // 31: nop
        0x84, 1, 1,    // 32: iinc 1 1
        0x1B, // 35: iload_1
        0x10, 10, // 36: bipush 10
        0xA1, 0xFF, 0xF9, // 38: if_icmplt 31
        0xB1, // 41: return
        0x4D, // 42: astore_2 (the handler)
        0xB1, // 43: return
    ];
    b.method(0x0001, "run", "()V", 3, &code, &[(24, 31, 42, exception)]);
    b.raw_method(0x0401, "shape", "(IJ[Ljava/lang/String;)D", Vec::new());
    let source = b.utf8("Sample.java");
    let sf = attribute(&mut b, "SourceFile", &source.to_be_bytes());
    b.class_attribute(sf);
    b.build()
}
