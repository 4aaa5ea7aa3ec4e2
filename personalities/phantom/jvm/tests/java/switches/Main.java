public class Main {
    enum Color { RED, GREEN, BLUE, YELLOW }

    static String day(int d) {
        switch (d) {
            case 1: return "Mon";
            case 2: return "Tue";
            case 3: return "Wed";
            case 6:
            case 7: return "weekend";
            default: return "?";
        }
    }

    static int sparse(int x) {
        switch (x) {
            case -1000: return 1;
            case 0: return 2;
            case 99999: return 3;
            case Integer.MAX_VALUE: return 4;
            default: return 0;
        }
    }

    static String str(String s) {
        switch (s) {
            case "apple": return "fruit";
            case "carrot": return "vegetable";
            case "Aa": return "Aa";
            case "BB": return "BB (same hash as Aa)";
            default: return "unknown";
        }
    }

    static String color(Color c) {
        switch (c) {
            case RED: return "warm";
            case BLUE: return "cold";
            default: return "other";
        }
    }

    static int arrow(Color c) {
        return switch (c) {
            case RED, YELLOW -> 1;
            case GREEN -> 2;
            case BLUE -> {
                int x = 3;
                yield x * 10;
            }
        };
    }

    static String expr(Object o) {
        String kind = switch (o.toString().length()) {
            case 0 -> "empty";
            case 1, 2 -> "short";
            default -> "long";
        };
        return kind;
    }

    static int fallthrough(int n) {
        int r = 0;
        switch (n) {
            case 1: r += 1;
            case 2: r += 2;
            case 3: r += 3; break;
            case 4: r += 4;
        }
        return r;
    }

    public static void main(String[] args) {
        for (int i = 0; i <= 8; i++) System.out.print(day(i) + " ");
        System.out.println();
        System.out.println(sparse(-1000) + " " + sparse(0) + " " + sparse(99999) + " " + sparse(Integer.MAX_VALUE) + " " + sparse(5));
        for (String s : new String[] {"apple", "carrot", "Aa", "BB", "kiwi"}) System.out.print(str(s) + "; ");
        System.out.println();
        for (Color c : Color.values()) System.out.print(color(c) + " " + arrow(c) + " ");
        System.out.println();
        System.out.println(expr("") + " " + expr("ab") + " " + expr("abcdef"));
        for (int i = 0; i <= 5; i++) System.out.print(fallthrough(i) + " ");
        System.out.println();
        char grade = 'B';
        switch (grade) {
            case 'A' -> System.out.println("excellent");
            case 'B', 'C' -> System.out.println("good");
            default -> System.out.println("hmm");
        }
        String cmd = "stop";
        String res = switch (cmd) {
            case "go" -> "going";
            case "stop" -> "stopping";
            default -> throw new IllegalArgumentException(cmd);
        };
        System.out.println(res);
        long big = 3;
        switch ((int) big) {
            case 3 -> System.out.println("three");
            default -> System.out.println("not three");
        }
        try {
            Color.valueOf("PURPLE");
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
    }
}
