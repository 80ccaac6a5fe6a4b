package io.tariffwatch.alerts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that misbehaves at the HTTP level, on a real socket: it sends its status line and
 * headers and then either nothing more ({@link Behaviour#STALL}) or an endless chunked body
 * ({@link Behaviour#ENDLESS_BODY}), until it is closed.
 */
public final class MisbehavingReceiver implements AutoCloseable {
    public enum Behaviour { STALL, ENDLESS_BODY }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    public final AtomicInteger requests = new AtomicInteger();
    private volatile boolean open = true;

    public MisbehavingReceiver(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept);
    }

    private static void daemon(Runnable work) {
        Thread t = new Thread(work, "misbehaving-receiver");
        t.setDaemon(true);
        t.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    private void accept() {
        while (open) {
            try {
                Socket s = server.accept();
                connections.add(s);
                daemon(() -> answer(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket socket) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the request's headers; its body is not needed
            }
            requests.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            if (behaviour == Behaviour.STALL) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return; // and never the 1000 bytes
            }
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("400\r\n" + "x".repeat(0x400) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            while (open) {
                out.write(chunk);
                out.flush();
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException e) {
            // the sender gave up on us, which is the point
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
