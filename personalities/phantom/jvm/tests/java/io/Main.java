import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.stream.*;

public class Main {
    static String report(Exception e) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        pw.printf("%s: %s%n", e.getClass().getSimpleName(), e.getMessage());
        pw.flush();
        return sw.toString().trim();
    }

    public static void main(String[] args) throws IOException {
        StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw)) {
            pw.println("header");
            pw.printf("%-5s|%5.1f|%03d%n", "ab", 2.25, 7);
            pw.print(42);
            pw.print(' ');
            pw.print(true);
            pw.println();
            pw.append("tail").append('!').write(" raw");
        }
        System.out.print(sw);
        System.out.println("[" + sw.getBuffer().length() + "]");
        System.out.println(report(new IllegalStateException("bad state")));

        BufferedReader br = new BufferedReader(new StringReader("first line\nsecond\r\nthird\r\n\nlast"));
        String line;
        int n = 0;
        while ((line = br.readLine()) != null) System.out.println(++n + ": [" + line + "]");
        System.out.println(br.readLine());
        System.out.println(new BufferedReader(new StringReader("a\nbb\nccc")).lines().map(String::length).collect(Collectors.toList()));
        BufferedReader marks = new BufferedReader(new StringReader("abcdef"));
        char[] two = new char[2];
        marks.read(two);
        marks.mark(10);
        int c1 = marks.read();
        marks.reset();
        System.out.println(new String(two) + (char) c1 + (char) marks.read() + " " + marks.skip(2) + " " + (char) marks.read() + " " + marks.read() + " " + marks.ready());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true);
        ps.println("to bytes: é");
        ps.printf("%d+%d%n", 1, 2);
        ps.write('Z');
        ps.flush();
        byte[] raw = bytes.toByteArray();
        System.out.println(raw.length + " " + bytes.size() + " [" + bytes.toString().replace("\n", "|") + "] " + new String(raw, StandardCharsets.UTF_8).length());
        ByteArrayInputStream in = new ByteArrayInputStream("héllo\nwörld".getBytes(StandardCharsets.UTF_8));
        System.out.println(in.available() + " " + (char) in.read() + " " + in.skip(2));
        BufferedReader fromBytes = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        System.out.println("[" + fromBytes.readLine() + "][" + fromBytes.readLine() + "][" + fromBytes.readLine() + "]");
        System.out.println(Arrays.toString("Aé".getBytes(StandardCharsets.ISO_8859_1)) + " " + Arrays.toString("Aé".getBytes("UTF-8")) + " " + new String(new byte[] {72, 105}, "US-ASCII") + " " + StandardCharsets.UTF_8 + " " + StandardCharsets.UTF_8.name());
        try {
            "x".getBytes("NO-SUCH-CHARSET");
        } catch (UnsupportedEncodingException e) {
            System.out.println("unsupported " + e.getMessage());
        }

        PrintWriter out = new PrintWriter(System.out);
        out.println("through PrintWriter");
        out.printf("%s and %s%n", "buffered", "flushed");
        out.flush();
        BufferedWriter bw = new BufferedWriter(new OutputStreamWriter(System.out));
        bw.write("through BufferedWriter");
        bw.newLine();
        bw.write("ok", 0, 2);
        bw.newLine();
        bw.flush();
        PrintWriter auto = new PrintWriter(System.out, true);
        auto.println("autoflush line");
        System.out.write("bytes to System.out\n".getBytes(StandardCharsets.UTF_8));
        System.out.write('.');
        System.out.println();
        System.out.append("append ").append('c').append("xyz", 1, 2).println();

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("stdin: " + stdin.readLine());
        Scanner sc = new Scanner(System.in);
        System.out.println("scanner: " + sc.hasNext() + " " + sc.hasNextLine());
        System.out.println(System.in.read() + " " + System.in.readAllBytes().length);

        StringReader sr = new StringReader("transfer me");
        StringWriter target = new StringWriter();
        long moved = sr.transferTo(target);
        System.out.println(moved + " " + target);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        long copied = new ByteArrayInputStream(new byte[] {1, 2, 3, 4}).transferTo(sink);
        System.out.println(copied + " " + Arrays.toString(sink.toByteArray()) + " " + Arrays.toString(new ByteArrayInputStream(new byte[] {9, 8, 7}).readNBytes(2)));
        Writer w = new StringWriter();
        w.write("abc", 1, 2);
        w.write(new char[] {'x', 'y'});
        w.write('!');
        System.out.println(w);
        try {
            BufferedReader closed = new BufferedReader(new StringReader("x"));
            closed.close();
            closed.readLine();
        } catch (IOException e) {
            System.out.println("IOException: " + e.getMessage());
        }
        try (Stream<String> s = new BufferedReader(new StringReader("p\nq")).lines()) {
            System.out.println(s.collect(Collectors.joining("+")));
        }
        PrintWriter check = new PrintWriter(new StringWriter());
        check.close();
        check.println("after close");
        System.out.println("checkError " + check.checkError());
    }
}
