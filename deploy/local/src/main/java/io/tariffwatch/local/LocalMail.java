package io.tariffwatch.local;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.util.MailStreamProvider;

/** A real SMTP server (GreenMail) and a small HTTP inbox to read what it received:
 * {@code GET /api/messages[?to=address]} lists messages as JSON, {@code DELETE /api/messages} empties it. */
final class LocalMail implements AutoCloseable {
    private final int smtpPort;
    private final int apiPort;
    private GreenMail greenMail;
    private HttpServer api;

    LocalMail(int smtpPort, int apiPort) {
        this.smtpPort = smtpPort;
        this.apiPort = apiPort;
    }

    void start() throws IOException {
        // Jakarta Mail finds its stream provider anew for every MIME part it parses, by a ServiceLoader scan of every
        // jar (jakartaee/mail-api#861): a sixth of this server's CPU in the bench's e-mail fan-out. Named as a system
        // property, it is one class lookup instead.
        if (System.getProperty(StreamProvider.class.getName()) == null) {
            System.setProperty(StreamProvider.class.getName(), MailStreamProvider.class.getName());
        }
        greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", apiPort), 0);
        api.createContext("/api/messages", this::handle);
        api.start();
    }

    int smtpPort() {
        return smtpPort;
    }

    int apiPort() {
        return api.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            int status = 200;
            if ("DELETE".equals(exchange.getRequestMethod())) {
                greenMail.purgeEmailFromAllMailboxes();
                body = "{\"deleted\":true}";
            } else if ("GET".equals(exchange.getRequestMethod())) {
                body = messagesJson(queryParam(exchange.getRequestURI().getRawQuery(), "to"));
            } else {
                status = 405;
                body = "{\"error\":\"GET or DELETE\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (MessagingException | FolderException e) {
            throw new IOException(e);
        }
    }

    private String messagesJson(String to) throws MessagingException, IOException {
        List<String> items = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            List<String> recipients = new ArrayList<>();
            for (Address a : m.getAllRecipients()) {
                recipients.add(a.toString());
            }
            if (to != null && recipients.stream().noneMatch(r -> r.equalsIgnoreCase(to))) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            collectBodies(m, text, html);
            items.add("{" + Json.field("messageId", m.getMessageID()) + ","
                    + Json.field("from", m.getFrom() == null ? null : m.getFrom()[0].toString()) + ","
                    + "\"to\":" + Json.array(recipients) + ","
                    + Json.field("subject", m.getSubject()) + ","
                    + Json.field("listUnsubscribe", m.getHeader("List-Unsubscribe", ",")) + ","
                    + Json.field("listUnsubscribePost", m.getHeader("List-Unsubscribe-Post", ",")) + ","
                    + Json.field("text", text.toString()) + ","
                    + Json.field("html", html.toString()) + "}");
        }
        return "[" + String.join(",", items) + "]";
    }

    private static void collectBodies(Part part, StringBuilder text, StringBuilder html)
            throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collectBodies(child, text, html);
            }
        }
    }

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (api != null) {
            api.stop(0);
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
