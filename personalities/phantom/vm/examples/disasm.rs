//! Prints a module (`.phm`) as assembler text: `cargo run --example disasm -- FILE.phm`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: disasm FILE.phm");
    let bytes = std::fs::read(&path).expect("reading the module");
    let m = phantom_vm::module::Module::decode(&bytes).unwrap_or_else(|e| panic!("{e}"));
    print!("{}", phantom_vm::asm::disassemble(&m));
}
