package io.tariffwatch.system;

/** What a test class started, stopped in order after its tests; what never started (null) is skipped. */
final class Closing {
    private Closing() {
    }

    static void all(AutoCloseable... started) throws Exception {
        for (AutoCloseable c : started) {
            if (c != null) {
                c.close();
            }
        }
    }
}
