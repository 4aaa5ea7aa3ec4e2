import java.util.ArrayList;

/**
 * A persistent notebook reached from POSIX with `phantom call`: `main`
 * makes one and makes it the world's root (and keeps it in a static field);
 * its methods are then called by name from the shell, across reboots.
 */
public class Notes {
    static Notes book;
    private final ArrayList<String> items = new ArrayList<>();

    public int add(String item) {
        items.add(item);
        return items.size();
    }

    public String get(int i) {
        return items.get(i);
    }

    public int size() {
        return items.size();
    }

    public String all() {
        return String.join(",", items);
    }

    public boolean has(String item) {
        return items.contains(item);
    }

    public long total(long a, long b) {
        return a + b + items.size();
    }

    public void print() {
        for (String s : items) {
            System.out.println("- " + s);
        }
    }

    public static void main(String[] args) {
        book = new Notes();
        phantom.System.setRoot(book);
        System.out.println("notes ready");
    }
}
