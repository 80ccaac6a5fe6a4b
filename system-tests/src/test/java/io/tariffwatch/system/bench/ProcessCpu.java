package io.tariffwatch.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc}: a figure per unit of work, steadier than a rate on shared cores
 * whose speed moves by a quarter between runs.
 */
public final class ProcessCpu {
    /** Linux's {@code USER_HZ}, the unit of {@code /proc/<pid>/stat}'s times. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** User and system CPU seconds of one process. */
    public static double seconds(long pid) throws IOException {
        long[] t = times(pid);
        return (t[0] + t[1]) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of a PostgreSQL server: the postmaster's own, those of its backends that ended (added to it as
     * they are reaped) and those of the backends alive now.
     */
    public static double postgresSeconds(Path dataDirectory) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        long[] own = times(postmaster);
        long ticks = own[0] + own[1] + own[2] + own[3];
        for (ProcessHandle backend : ProcessHandle.of(postmaster).map(p -> p.children().toList())
                .orElseThrow(() -> new IOException("PostgreSQL's postmaster " + postmaster + " is not running"))) {
            try {
                long[] b = times(backend.pid());
                ticks += b[0] + b[1];
            } catch (IOException ended) {
                // ended since it was listed: its time is now the postmaster's
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of the one process below {@code ancestor} (a child, or a child's child) whose command line names
     * {@code mainClass}: a JVM the ancestor started, such as the broker the infrastructure's JVM runs.
     */
    public static double descendantSeconds(long ancestor, String mainClass) throws IOException {
        ProcessHandle parent = ProcessHandle.of(ancestor)
                .orElseThrow(() -> new IOException("process " + ancestor + " is not running"));
        for (ProcessHandle p : parent.descendants().toList()) {
            try {
                if (Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).contains(mainClass)) {
                    return seconds(p.pid());
                }
            } catch (IOException ended) {
                // ended since it was listed
            }
        }
        throw new IOException("no process running " + mainClass + " below " + ancestor);
    }

    /** utime, stime, cutime, cstime: fields 14–17 of {@code stat}, counted after the command's closing parenthesis
     * (a command may contain spaces). */
    private static long[] times(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14])};
    }
}
