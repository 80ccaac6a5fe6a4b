package io.tariffwatch.system.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The reads that the bench's plain-socket HTTP/1.1 client and receiver share. */
final class Http1 {
    private Http1() {
    }

    /**
     * A request's or a response's head, as far as the bench reads it.
     *
     * @param startLine the request line or the status line
     * @param contentLength -1 when none was given
     * @param names those of the names asked for that its headers have, lower case
     */
    record Head(String startLine, long contentLength, boolean chunked, boolean keepAlive, Set<String> names) {
        /** @param wanted header names to look for, lower case (none: nothing allocated per head) */
        static Head read(InputStream in, Set<String> wanted) throws IOException {
            String startLine = line(in);
            long length = -1;
            boolean chunked = false;
            boolean keepAlive = true;
            Set<String> names = wanted.isEmpty() ? Set.of() : new HashSet<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase(Locale.ROOT);
                int colon = lower.indexOf(':');
                String name = colon > 0 ? lower.substring(0, colon).trim() : "";
                if (wanted.contains(name)) {
                    names.add(name);
                }
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    keepAlive = false;
                }
            }
            return new Head(startLine, length, chunked, keepAlive, names);
        }
    }

    /** One line of a head, without its CR LF; every byte of a head is ASCII. */
    static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** Reads and drops {@code n} bytes of a body. */
    static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }
}
