package io.tariffwatch.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free ports for listeners started later, distinct within this process: a port closed here may be offered again at
 * once, and a broker once got one port for both its listeners and failed to start.
 */
public final class FreePorts {
    /** The ports handed out so far (a few per run: one per listener). */
    private static final Set<Integer> PICKED = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port nothing listens on now and this process has not handed out before. */
    public static int pick() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (PICKED.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
