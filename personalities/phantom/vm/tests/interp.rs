//! The interpreter on small programs written in the assembler.

mod common;
use common::run_main;

#[test]
fn recursive_fib_and_statics() {
    let src = r#"
module t
class T extends java/lang/Object
    field static calls int
    method static fib (I)I regs 3
        getstatic r1, T.calls:int
        iadd r1, r1, #1
        putstatic T.calls:int, r1
        const.i r1, 2
        if.lt r0, r1, small
        isub r1, r0, #1
        call r1, T.fib(I)I, r1, 1
        isub r2, r0, #2
        call r2, T.fib(I)I, r2, 1
        iadd r1, r1, r2
        ret r1
    small:
        ret r0
    end
    method static main ()V regs 2
        const.i r0, 20
        call r0, T.fib(I)I, r0, 1
        call _, phantom/Console.printInt(J)V, r0, 1
        const.s r1, " calls="
        call _, phantom/Console.print(Ljava/lang/String;)V, r1, 1
        getstatic r0, T.calls:int
        call _, phantom/Console.printInt(J)V, r0, 1
        ret
    end
end
"#;
    let (out, status, _) = run_main(src, "T");
    assert_eq!(out, "6765 calls=21891");
    assert_eq!(status, 0);
}

#[test]
fn exceptions_are_caught_and_uncaught_ones_end_the_thread() {
    let src = r#"
module t
class T extends java/lang/Object
    method static div (II)I regs 3
        idiv r2, r0, r1
        ret r2
    end
    method static main ()V regs 4
        .catch try done handler java/lang/ArithmeticException
    try:
        const.i r0, 7
        const.i r1, 0
        call r2, T.div(II)I, r0, 2
    done:
        jmp after
    handler:
        catch r3
        callvirt r3, java/lang/Throwable.getMessage()Ljava/lang/String;, r3, 1
        call _, phantom/Console.println(Ljava/lang/String;)V, r3, 1
    after:
        const.i r0, 3
        newarray.i32 r1, r0
        const.i r0, 5
        aload.i32 r2, r1, r0
        ret
    end
end
"#;
    let (out, status, uncaught) = run_main(src, "T");
    assert_eq!(out, "/ by zero\n");
    assert_eq!(status, 1);
    assert_eq!(
        uncaught.as_deref(),
        Some("java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 3\n\tat T.main(T.java)")
    );
}

#[test]
fn virtual_dispatch_casts_and_null_checks() {
    let src = r#"
module t
class A extends java/lang/Object
    field x int
    method <init> ()V regs 2
        call _, java/lang/Object.<init>()V, r0, 1
        const.i r1, 1
        putfield r0, A.x:int, r1
        ret
    end
    method name ()Ljava/lang/String; regs 2
        const.s r1, "A"
        ret r1
    end
end
class B extends A
    method <init> ()V regs 2
        call _, A.<init>()V, r0, 1
        ret
    end
    method name ()Ljava/lang/String; regs 2
        const.s r1, "B"
        ret r1
    end
end
class T extends java/lang/Object
    method static show (LA;)V regs 2
        callvirt r1, A.name()Ljava/lang/String;, r0, 1
        call _, phantom/Console.print(Ljava/lang/String;)V, r1, 1
        ret
    end
    method static main ()V regs 4
        new r0, A
        call _, A.<init>()V, r0, 1
        new r1, B
        call _, B.<init>()V, r1, 1
        call _, T.show(LA;)V, r0, 1
        call _, T.show(LA;)V, r1, 1
        call _, T.show(LA;)V, r0, 1
        call _, T.show(LA;)V, r1, 1
        getfield r2, r1, A.x:int
        call _, phantom/Console.printInt(J)V, r2, 1
        instanceof r2, r0, B
        call _, phantom/Console.printInt(J)V, r2, 1
        instanceof r2, r1, A
        call _, phantom/Console.printInt(J)V, r2, 1
        checkcast r1, B
        null r3
        checkcast r3, B
        checkcast r0, B
        ret
    end
end
"#;
    let (out, status, uncaught) = run_main(src, "T");
    assert_eq!(out, "ABAB101");
    assert_eq!(status, 1);
    assert_eq!(
        uncaught.as_deref(),
        Some("java.lang.ClassCastException: A cannot be cast to B\n\tat T.main(T.java)")
    );
}

#[test]
fn strings_and_arrays() {
    let src = r#"
module t
class T extends java/lang/Object
    method static main ()V regs 6
        const.s r0, "hello"
        const.s r1, " world"
        callvirt r2, java/lang/String.concat(Ljava/lang/String;)Ljava/lang/String;, r0, 2
        call _, phantom/Console.println(Ljava/lang/String;)V, r2, 1
        callvirt r3, java/lang/String.length()I, r2, 1
        call _, phantom/Console.printInt(J)V, r3, 1
        const.i r3, 4
        callvirt r3, java/lang/String.charAt(I)C, r2, 2
        call _, phantom/Console.printInt(J)V, r3, 1
        callvirt r3, java/lang/String.hashCode()I, r0, 1
        call _, phantom/Console.printInt(J)V, r3, 1
        const.s r4, "hel"
        const.s r5, "lo"
        callvirt r1, java/lang/String.concat(Ljava/lang/String;)Ljava/lang/String;, r4, 2
        callvirt r3, java/lang/Object.equals(Ljava/lang/Object;)Z, r0, 2
        call _, phantom/Console.printInt(J)V, r3, 1
        ; sum of squares in an i64 array
        const.i r0, 100
        newarray.i64 r1, r0
        const.i r2, 0
    fill:
        if.ge r2, r0, filled
        lmul r3, r2, r2
        astore.i64 r1, r2, r3
        ladd r2, r2, #1
        jmp fill
    filled:
        const.i r2, 0
        const.i r4, 0
    sum:
        if.ge r2, r0, done
        aload.i64 r3, r1, r2
        ladd r4, r4, r3
        ladd r2, r2, #1
        jmp sum
    done:
        const.s r5, " "
        call _, phantom/Console.print(Ljava/lang/String;)V, r5, 1
        call _, phantom/Console.printInt(J)V, r4, 1
        ret
    end
end
"#;
    let (out, status, uncaught) = run_main(src, "T");
    assert_eq!(uncaught, None);
    assert_eq!(out, "hello world\n11111991623221 328350");
    assert_eq!(status, 0);
}

#[test]
fn programs_may_reuse_class_names_and_static_synchronized_works() {
    use phantom_vm::asm::assemble;
    use phantom_vm::persist::{memory, TestHost};
    use phantom_vm::world::{State, World};
    let program = |text: &str| {
        format!(
            r#"
module p
class Main extends java/lang/Object
    method static synchronized say ()V regs 1
        const.s r0, "{text}"
        call _, phantom/Console.print(Ljava/lang/String;)V, r0, 1
        ret
    end
    method static main ()V regs 1
        call _, Main.say()V, r0, 0
        call _, Main.say()V, r0, 0
        ret
    end
end
"#
        )
    };
    let mut host = TestHost::default();
    let mut w = World::create(memory(256), &mut host).unwrap();
    let a = w.load_module(&assemble(&program("a")).unwrap()).unwrap();
    let b = w.load_module(&assemble(&program("b")).unwrap()).unwrap();
    let ta = w.spawn_main_in(a, "Main", &[], 0).unwrap();
    let tb = w.spawn_main_in(b, "Main", &[], 0).unwrap();
    common::run_all(&mut w, &mut host, 10_000);
    for t in [ta, tb] {
        assert_eq!(w.threads[t as usize].state, State::Done(0));
    }
    let out = host.output(0);
    assert_eq!(out.matches('a').count(), 2, "{out}");
    assert_eq!(out.matches('b').count(), 2, "{out}");
}
