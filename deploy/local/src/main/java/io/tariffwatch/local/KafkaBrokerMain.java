package io.tariffwatch.local;

import java.io.PrintStream;

/** Entry point of the broker JVM: formats the KRaft log directory if needed, then runs the broker.
 * Arguments: the cluster id and the server.properties path. */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: KafkaBrokerMain <cluster-id> <server.properties>");
        }
        ParentWatch.exitWhenParentDies();
        PrintStream out = System.out;
        int formatted = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", args[0], "-c", args[1], "--ignore-formatted"}, out);
        if (formatted != 0) {
            System.err.println("tariffwatch: formatting the KRaft log directory failed: " + formatted);
            System.exit(formatted);
        }
        kafka.Kafka.main(new String[] {args[1]});
    }
}
