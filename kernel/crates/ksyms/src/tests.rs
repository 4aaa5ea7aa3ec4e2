extern crate std;

use super::*;
use alloc::string::ToString;
use alloc::vec;
use std::format;

const TABLE: &[u8] = b"\
ffffffff80000000 100 _start
ffffffff80000100 0 early_label
ffffffff80000200 80 phantom_kernel::main
ffffffff80000280 20 <phantom_kernel::Foo as core::fmt::Debug>::fmt
ffffffff80001000 1000 big_function
ffffffff80001800 10 inner_helper
";

#[test]
fn finds_the_containing_symbol_with_offset() {
    assert_eq!(lookup(TABLE, 0xffffffff80000000), Some(("_start", 0)));
    assert_eq!(lookup(TABLE, 0xffffffff800000ff), Some(("_start", 0xff)));
    assert_eq!(
        lookup(TABLE, 0xffffffff80000234),
        Some(("phantom_kernel::main", 0x34))
    );
    assert_eq!(
        lookup(TABLE, 0xffffffff80000281),
        Some(("<phantom_kernel::Foo as core::fmt::Debug>::fmt", 1))
    );
}

#[test]
fn size_zero_symbol_covers_up_to_the_next_symbol() {
    assert_eq!(lookup(TABLE, 0xffffffff80000100), Some(("early_label", 0)));
    assert_eq!(
        lookup(TABLE, 0xffffffff800001ff),
        Some(("early_label", 0xff))
    );
}

#[test]
fn gaps_and_out_of_range_addresses_give_none() {
    assert_eq!(lookup(TABLE, 0), None);
    assert_eq!(lookup(TABLE, 0xffffffff7fffffff), None);
    // Past the end of main's sized neighbour, before big_function.
    assert_eq!(lookup(TABLE, 0xffffffff800002a0), None);
    assert_eq!(lookup(TABLE, 0xffffffff80002000), None);
    assert_eq!(lookup(TABLE, u64::MAX), None);
    assert_eq!(lookup(b"", 0x1000), None);
}

#[test]
fn innermost_sized_symbol_wins() {
    assert_eq!(lookup(TABLE, 0xffffffff80001804), Some(("inner_helper", 4)));
    // Past the inner symbol but still inside the outer one.
    assert_eq!(
        lookup(TABLE, 0xffffffff80001900),
        Some(("big_function", 0x900))
    );
}

#[test]
fn sized_symbol_beats_a_later_size_zero_label() {
    let table = b"0000000000001000 100 func\n0000000000001010 0 label_inside\n";
    assert_eq!(lookup(table, 0x1020), Some(("func", 0x20)));
    assert_eq!(lookup(table, 0x1100), Some(("label_inside", 0xf0)));
}

#[test]
fn first_line_wins_among_equal_addresses() {
    let table = b"0000000000001000 10 alias_a\n0000000000001000 10 alias_b\n";
    assert_eq!(lookup(table, 0x1004), Some(("alias_a", 4)));
}

#[test]
fn malformed_lines_are_skipped() {
    let table: &[u8] = b"\
00000000000050 8 short_address
garbage line here
0000000000001000
0000000000001000 10
0000000000001000 10 
zzzzzzzzzzzzzzzz 10 bad_addr
0000000000002000 xx bad_size
00000000000000001000 10 too_many_digits
0000000000003000 10 \xff\xfe
\n\n
0000000000004000 10 good\r
";
    assert_eq!(lookup(table, 0x1004), None);
    assert_eq!(lookup(table, 0x2004), None);
    assert_eq!(lookup(table, 0x3004), None);
    assert_eq!(lookup(table, 0x4004), Some(("good", 4)));
    assert_eq!(lookup(table, 0x50), Some(("short_address", 0)));
}

#[test]
fn no_trailing_newline_and_uppercase_hex() {
    assert_eq!(
        lookup(b"00000000000ABC00 1F last", 0xabc1e),
        Some(("last", 0x1e))
    );
}

#[test]
fn huge_sizes_do_not_overflow() {
    let table = b"ffffffffffffff00 ffffffffffffffff everything\n";
    assert_eq!(lookup(table, u64::MAX), Some(("everything", 0xff)));
    assert_eq!(lookup(table, 0), None);
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for len in 0..300 {
        let bytes: alloc::vec::Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Bias towards the table alphabet so some lines parse.
                b"0123456789abcdef \n\x00\xff"[(x % 20) as usize]
            })
            .collect();
        let _ = lookup(&bytes, x);
        let _ = lookup(&bytes, 0);
        let _ = lookup(&bytes, u64::MAX);
    }
}

#[test]
fn write_table_sorts_and_formats() {
    let mut syms = vec![
        (0xffffffff80000200, 0x80, "phantom_kernel::main".to_string()),
        (0xffffffff80000000, 0x100, "_start".to_string()),
        (0x1000, 0, "label".to_string()),
    ];
    let text = write_table(&mut syms);
    assert_eq!(
        text,
        "0000000000001000 0 label\n\
         ffffffff80000000 100 _start\n\
         ffffffff80000200 80 phantom_kernel::main\n"
    );
    assert_eq!(syms[0].2, "label");
}

#[test]
fn write_table_drops_size_zero_duplicates_and_exact_duplicates() {
    let mut syms = vec![
        (0x2000, 0, "section_start".to_string()),
        (0x2000, 0x40, "func".to_string()),
        (0x2000, 0x40, "func".to_string()),
        (0x2000, 0x40, "folded_twin".to_string()),
        (0x3000, 0, "b_label".to_string()),
        (0x3000, 0, "a_label".to_string()),
        (0x4000, 0x10, String::new()),
    ];
    let text = write_table(&mut syms);
    assert_eq!(
        text,
        "0000000000002000 40 folded_twin\n\
         0000000000002000 40 func\n\
         0000000000003000 0 a_label\n"
    );
    assert_eq!(syms.len(), 3);
}

#[test]
fn write_table_sanitises_names() {
    let mut syms = vec![(0x10, 1, "evil\nname\t".to_string())];
    assert_eq!(write_table(&mut syms), "0000000000000010 1 evil?name?\n");
    assert_eq!(write_table(&mut vec![]), "");
}

#[test]
fn round_trip_through_lookup() {
    let mut syms: alloc::vec::Vec<(u64, u64, String)> = (0..200u64)
        .rev()
        .map(|i| {
            (
                0xffff_8000_0000_0000 + i * 0x100,
                0x80,
                format!("f{i} with spaces"),
            )
        })
        .collect();
    let text = write_table(&mut syms);
    for i in 0..200u64 {
        let base = 0xffff_8000_0000_0000 + i * 0x100;
        let name = format!("f{i} with spaces");
        assert_eq!(
            lookup(text.as_bytes(), base + 0x7f),
            Some((name.as_str(), 0x7f))
        );
        assert_eq!(lookup(text.as_bytes(), base + 0x80), None);
    }
    assert_eq!(symbols(text.as_bytes()).count(), 200);
}

#[test]
fn parse_line_fields() {
    assert_eq!(
        parse_line(b"00000000deadbeef 10 a b"),
        Some(Symbol {
            addr: 0xdeadbeef,
            size: 0x10,
            name: "a b"
        })
    );
    assert_eq!(parse_line(b""), None);
    assert_eq!(parse_line(b" 10 name"), None);
}
