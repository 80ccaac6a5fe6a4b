package io.tariffwatch.local;

/** Ends this JVM (running its shutdown hooks) when the process that started it is gone, so that a
 * killed test run or local-run script leaves no broker or database behind. */
final class ParentWatch {
    private ParentWatch() {
    }

    static void exitWhenParentDies() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("tariffwatch: parent process " + parent.pid() + " ended, shutting down");
            System.exit(0);
        }));
    }
}
