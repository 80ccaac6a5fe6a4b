package io.tariffwatch.system.bench;

import java.io.IOException;
import java.io.InputStream;

/** The two reads that the bench's plain-socket HTTP/1.1 client and receiver share. */
final class Http1 {
    private Http1() {
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
