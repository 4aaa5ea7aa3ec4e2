package java.util;

/** Base64 encoding (RFC 4648 basic and URL-safe alphabets, and MIME lines of 76). */
public class Base64 {
    private Base64() {}

    private static final char[] BASIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    public static Encoder getEncoder() { return new Encoder(false, -1, true); }
    public static Encoder getUrlEncoder() { return new Encoder(true, -1, true); }
    public static Encoder getMimeEncoder() { return new Encoder(false, 76, true); }

    public static Encoder getMimeEncoder(int lineLength, byte[] lineSeparator) {
        for (byte b : lineSeparator) {
            if (b >= 0 && b < 128 && (Character.isLetterOrDigit(b) || b == '+' || b == '/' || b == '=')) {
                throw new IllegalArgumentException("Illegal base64 line separator character 0x" + Integer.toString(b, 16));
            }
        }
        return new Encoder(false, lineLength / 4 * 4, true);
    }

    public static Decoder getDecoder() { return new Decoder(false, false); }
    public static Decoder getUrlDecoder() { return new Decoder(true, false); }
    public static Decoder getMimeDecoder() { return new Decoder(false, true); }

    public static class Encoder {
        private final boolean url;
        private final int lineMax;
        private final boolean padding;

        private Encoder(boolean url, int lineMax, boolean padding) {
            this.url = url;
            this.lineMax = lineMax;
            this.padding = padding;
        }

        public byte[] encode(byte[] src) {
            String s = encodeToString(src);
            byte[] b = new byte[s.length()];
            for (int i = 0; i < b.length; i++) b[i] = (byte) s.charAt(i);
            return b;
        }

        public int encode(byte[] src, byte[] dst) {
            byte[] r = encode(src);
            if (dst.length < r.length) throw new IllegalArgumentException("Output byte array is too small for encoding all input bytes");
            System.arraycopy(r, 0, dst, 0, r.length);
            return r.length;
        }

        public String encodeToString(byte[] src) {
            char[] alpha = url ? URL : BASIC;
            StringBuilder sb = new StringBuilder((src.length + 2) / 3 * 4);
            int line = 0;
            for (int i = 0; i < src.length; i += 3) {
                if (lineMax > 0 && line == lineMax) {
                    sb.append("\r\n");
                    line = 0;
                }
                int b0 = src[i] & 0xff;
                int b1 = i + 1 < src.length ? src[i + 1] & 0xff : 0;
                int b2 = i + 2 < src.length ? src[i + 2] & 0xff : 0;
                int n = Math.min(3, src.length - i);
                sb.append(alpha[b0 >> 2]);
                sb.append(alpha[((b0 & 3) << 4) | (b1 >> 4)]);
                if (n > 1) sb.append(alpha[((b1 & 0xf) << 2) | (b2 >> 6)]);
                else if (padding) sb.append('=');
                if (n > 2) sb.append(alpha[b2 & 0x3f]);
                else if (padding) sb.append('=');
                line += 4;
            }
            return sb.toString();
        }

        public Encoder withoutPadding() { return new Encoder(url, lineMax, false); }
    }

    public static class Decoder {
        private final boolean url;
        private final boolean mime;

        private Decoder(boolean url, boolean mime) {
            this.url = url;
            this.mime = mime;
        }

        private int value(int c) {
            if (c >= 'A' && c <= 'Z') return c - 'A';
            if (c >= 'a' && c <= 'z') return c - 'a' + 26;
            if (c >= '0' && c <= '9') return c - '0' + 52;
            if (c == (url ? '-' : '+')) return 62;
            if (c == (url ? '_' : '/')) return 63;
            return -1;
        }

        public byte[] decode(String src) {
            byte[] b = new byte[src.length()];
            for (int i = 0; i < b.length; i++) b[i] = (byte) src.charAt(i);
            return decode(b);
        }

        public byte[] decode(byte[] src) {
            byte[] out = new byte[src.length / 4 * 3 + 3];
            int n = 0;
            int bits = 0, nbits = 0;
            int i = 0;
            int pad = 0;
            for (; i < src.length; i++) {
                int c = src[i] & 0xff;
                if (c == '=') {
                    pad = 1;
                    break;
                }
                int v = value(c);
                if (v < 0) {
                    if (mime) continue;
                    throw new IllegalArgumentException("Illegal base64 character " + Integer.toString(src[i], 16));
                }
                bits = (bits << 6) | v;
                nbits += 6;
                if (nbits >= 8) {
                    nbits -= 8;
                    out[n++] = (byte) (bits >> nbits);
                    bits &= (1 << nbits) - 1;
                }
            }
            if (pad == 1) {
                // "==" after 2 chars of a unit, "=" after 3; nothing may follow.
                int chars = nbits == 4 ? 2 : nbits == 2 ? 3 : -1;
                if (chars == 2) {
                    if (i + 1 >= src.length || src[i + 1] != '=') throw new IllegalArgumentException("Input byte array has wrong 4-byte ending unit");
                    i += 2;
                } else if (chars == 3) {
                    i += 1;
                } else {
                    throw new IllegalArgumentException("Input byte array has wrong 4-byte ending unit");
                }
                if (!mime && i < src.length) throw new IllegalArgumentException("Input byte array has incorrect ending byte at " + i);
                nbits = 0;
            }
            if (nbits == 6) throw new IllegalArgumentException("Last unit does not have enough valid bits");
            return Arrays.copyOf(out, n);
        }

        public int decode(byte[] src, byte[] dst) {
            byte[] r = decode(src);
            if (dst.length < r.length) throw new IllegalArgumentException("Output byte array is too small for decoding all input bytes");
            System.arraycopy(r, 0, dst, 0, r.length);
            return r.length;
        }
    }
}
