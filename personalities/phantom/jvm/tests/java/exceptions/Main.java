public class Main {
    static class MyException extends Exception {
        final int code;
        MyException(String msg, int code) { super(msg); this.code = code; }
    }

    static class Wrapped extends RuntimeException {
        Wrapped(String msg, Throwable cause) { super(msg, cause); }
    }

    static class Resource implements AutoCloseable {
        final String name;
        Resource(String name) { this.name = name; System.out.println("open " + name); }
        public void close() { System.out.println("close " + name); }
    }

    static int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }

    static void thrower(int kind) throws MyException {
        switch (kind) {
            case 0: throw new MyException("custom", 7);
            case 1: throw new IllegalStateException("bad state");
            case 2: { int[] a = new int[2]; a[5] = 1; }
            case 3: { Object o = "s"; Integer i = (Integer) o; }
            case 4: { String s = null; s.length(); }
            case 5: throw new Wrapped("outer", new RuntimeException("inner"));
            case 6: { int x = 0; System.out.println(10 / x); }
            case 7: { Object[] arr = new String[1]; arr[0] = Integer.valueOf(1); }
            case 8: { int[] neg = new int[-1]; }
            case 9: Integer.parseInt("12x");
            default: System.out.println("no throw");
        }
    }

    static String finallyOrder() {
        StringBuilder sb = new StringBuilder();
        try {
            try {
                sb.append("try ");
                throw new RuntimeException("x");
            } finally {
                sb.append("inner-finally ");
            }
        } catch (RuntimeException e) {
            sb.append("catch ");
        } finally {
            sb.append("outer-finally");
        }
        return sb.toString();
    }

    @SuppressWarnings("finally")
    static int finallyReturn() {
        try {
            return 1;
        } finally {
            System.out.println("finally runs before return");
        }
    }

    public static void main(String[] args) {
        for (int i : new int[] { 5, -1, 3 }) {
            try {
                System.out.println("abc".charAt(i));
            } catch (StringIndexOutOfBoundsException e) {
                System.out.println(e);
            }
        }
        for (int k = 0; k <= 10; k++) {
            try {
                thrower(k);
            } catch (MyException e) {
                System.out.println("MyException " + e.getMessage() + " " + e.code);
            } catch (ArrayIndexOutOfBoundsException | ClassCastException e) {
                System.out.println("multi " + e.getClass().getSimpleName());
            } catch (ArithmeticException e) {
                System.out.println(e);
            } catch (Wrapped e) {
                System.out.println(e.getMessage() + " caused by " + e.getCause().getMessage() + " / " + e.getCause());
            } catch (NullPointerException e) {
                System.out.println("NPE");
            } catch (NumberFormatException e) {
                System.out.println(e);
            } catch (RuntimeException e) {
                System.out.println("runtime " + e);
            } finally {
                System.out.println("finally " + k);
            }
        }
        System.out.println(finallyOrder());
        System.out.println(finallyReturn());
        try (Resource a = new Resource("A"); Resource b = new Resource("B")) {
            System.out.println("body");
            throw new IllegalArgumentException("in body");
        } catch (IllegalArgumentException e) {
            System.out.println("caught " + e.getMessage());
        }
        try {
            depth(1_000_000);
        } catch (StackOverflowError e) {
            System.out.println("stack overflow caught");
        }
        Throwable t = new Exception("top", new Error("root"));
        System.out.println(t + " <- " + t.getCause());
        System.out.println(new RuntimeException().getMessage() + " " + new RuntimeException((String) null));
        try {
            throw new UnsupportedOperationException("nope");
        } catch (Exception e) {
            System.out.println(e instanceof RuntimeException ? "unchecked " + e.getMessage() : "checked");
        }
        int result = 0;
        for (int i = 0; i < 5; i++) {
            try {
                if (i % 2 == 0) continue;
                result += i;
            } finally {
                result += 100;
            }
        }
        System.out.println(result);
        String s = null;
        try {
            synchronized (Main.class) {
                s.length();
            }
        } catch (NullPointerException e) {
            System.out.println("NPE out of synchronized");
        }
        throw new IllegalStateException("uncaught at the end");
    }
}
