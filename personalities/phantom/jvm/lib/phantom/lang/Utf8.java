package phantom.lang;

/** UTF-8 for String.getBytes and new String(byte[]). */
final class Utf8 {
    private Utf8() {}

    static byte[] encode(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int c = Character.codePointAt(s, i);
            if (c >= 0x10000) i++;
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        }
        byte[] b = new byte[n];
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            int c = Character.codePointAt(s, i);
            if (c >= 0x10000) i++;
            if (c < 0x80) {
                b[k++] = (byte) c;
            } else if (c < 0x800) {
                b[k++] = (byte) (0xc0 | c >> 6);
                b[k++] = (byte) (0x80 | c & 0x3f);
            } else if (c < 0x10000) {
                b[k++] = (byte) (0xe0 | c >> 12);
                b[k++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[k++] = (byte) (0x80 | c & 0x3f);
            } else {
                b[k++] = (byte) (0xf0 | c >> 18);
                b[k++] = (byte) (0x80 | c >> 12 & 0x3f);
                b[k++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[k++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return b;
    }

    static String decode(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = off, end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            int need = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
            if (need < 0) {
                sb.append('\ufffd');
                i++;
                continue;
            }
            int cp = need == 0 ? c : c & (0x3f >> need);
            boolean ok = true;
            for (int k = 1; k <= need; k++) {
                if (i + k >= end || (b[i + k] & 0xc0) != 0x80) {
                    ok = false;
                    break;
                }
                cp = cp << 6 | b[i + k] & 0x3f;
            }
            if (!ok) {
                sb.append('\ufffd');
                i++;
                continue;
            }
            sb.appendCodePoint(cp);
            i += need + 1;
        }
        return sb.toString();
    }
}
