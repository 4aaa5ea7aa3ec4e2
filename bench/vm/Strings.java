// Strings: build N short strings, append them, count a character.
public class Strings {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (int i = 0; i < n; i++) {
            String s = "item" + i;
            sb.append(s).append(',');
            if (sb.length() > 10000) {
                String all = sb.toString();
                for (int k = 0; k < all.length(); k++) if (all.charAt(k) == '7') count++;
                sb.setLength(0);
            }
        }
        long t1 = System.nanoTime();
        System.out.println("result strings " + count);
        System.out.println("bench strings " + (t1 - t0) / 1e9 + " s");
    }
}
