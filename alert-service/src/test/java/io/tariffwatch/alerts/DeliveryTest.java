package io.tariffwatch.alerts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tariffwatch.events.Json;
import io.tariffwatch.alerts.delivery.email.AlertText;
import io.tariffwatch.events.PolicyDocument;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.tariffwatch.alerts.digest.DigestJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tariffwatch.alerts.alerts.Alert;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Subscriptions and deliveries with a real broker, PostgreSQL, SMTP server and HTTP receivers. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class DeliveryTest {

    /** {@code condition} holds throughout {@code period}: nothing more arrives meanwhile. */
    static void holdsFor(Duration period, Callable<Boolean> condition) {
        await().during(period).atMost(period.plusSeconds(5)).until(condition);
    }

    static JsonPath subscribe(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/subscriptions")
                .then().statusCode(201).extract().jsonPath();
    }

    static JsonPath subscribeWebhook(String url, String partner) {
        return subscribe("{\"channel\":\"webhook\",\"target\":\"" + url + "\",\"filters\":{\"partners\":[\"" + partner + "\"]}}");
    }

    /** A rate change on a pair of its own, so that tests do not see each other's alerts. */
    static String rateChange(String imposer, String partner, double previous, double next) {
        return """
                {"id":"%s","imposer":"%s","partner":"%s","product":"*","previousRate":%s,"newRate":%s,"delta":%s,
                 "effectiveFrom":"2025-04-10T04:01:00Z","retroactive":true,
                 "cause":{"eventId":"ev-%s","kind":"HIKE","measureId":"M","stage":"ENACTED","headline":"h"},
                 "components":[{"measureId":"M","authority":"Authority","rate":%s,"state":"ACTIVE"}],
                 "computedAt":"2026-01-01T00:00:00Z"}"""
                .formatted(UUID.randomUUID(), imposer, partner, previous, next, next - previous, partner, next);
    }

    static void publish(String change) {
        KafkaTestClient.send(Topics.RATE_CHANGES, "key", change);
    }

    static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheAlertOnTheFourthAttemptWithTheSameIdAndValidSignatures() throws Exception {
        try (TestReceiver receiver = new TestReceiver(500, 503, 502)) {
            JsonPath s = subscribe("""
                    {"channel":"webhook","target":"%s","filters":{"partners":["AR"]}}""".formatted(receiver.url()));
            publish(rateChange("BR", "AR", 0, 20));
            await().atMost(Duration.ofSeconds(40)).until(() -> receiver.requests.size() >= 4);
            holdsFor(Duration.ofMillis(2500), () -> receiver.requests.size() == 4);
            assertEquals(List.of(500, 503, 502, 200), receiver.requests.stream().map(TestReceiver.Request::answered).toList());
            String id = receiver.requests.get(0).headers().get("webhook-id");
            for (TestReceiver.Request r : receiver.requests) {
                assertEquals(id, r.headers().get("webhook-id"));
                assertEquals(sign(s.getString("secret"), id, r.headers().get("webhook-timestamp"), r.body()),
                        r.headers().get("webhook-signature"));
            }
            JsonNode body = Json.mapper().readTree(receiver.requests.get(3).body());
            assertEquals("tariff.rate.changed", body.get("type").asText());
            assertEquals("AR", body.at("/data/partner").asText());

            given().header("Authorization", "Bearer " + s.getString("token"))
                    .get("/api/v1/subscriptions/" + s.getString("id") + "/deliveries").then().statusCode(200)
                    .body("size()", equalTo(4))
                    .body("[0].outcome", equalTo("DELIVERED")).body("[0].attempt", equalTo(4))
                    .body("[3].statusCode", equalTo(500)).body("[3].outcome", equalTo("RETRY"));

            // manual retry sends the same alert again, same id
            given().header("Authorization", "Bearer " + s.getString("token"))
                    .post("/api/v1/subscriptions/" + s.getString("id") + "/deliveries/" + id + "/retry")
                    .then().statusCode(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests.size() == 5);
            assertEquals(id, receiver.requests.get(4).headers().get("webhook-id"));
        }
    }

    @Test
    void aTestWebhookIsSignedLoggedAndRefusedForEmailAndDisabledSubscriptions() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            JsonPath s = subscribeWebhook(receiver.url(), "PY");
            String auth = "Bearer " + s.getString("token");
            double testsBefore = meters.counter("tariffwatch.alerts.created", "type", "webhook.test").count();
            given().post("/api/v1/subscriptions/" + s.getString("id") + "/test").then().statusCode(401);
            String sourceId = given().header("Authorization", auth).post("/api/v1/subscriptions/" + s.getString("id") + "/test")
                    .then().statusCode(202).extract().path("sourceId");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests.size() >= 1);
            TestReceiver.Request r = receiver.requests.get(0);
            assertEquals(sign(s.getString("secret"), r.headers().get("webhook-id"), r.headers().get("webhook-timestamp"),
                    r.body()), r.headers().get("webhook-signature"));
            JsonNode body = Json.mapper().readTree(r.body());
            assertEquals("webhook.test", body.get("type").asText());
            assertEquals(s.getString("id"), body.at("/data/subscriptionId").asText());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", auth)
                    .get("/api/v1/subscriptions/" + s.getString("id") + "/deliveries").then()
                    .body("[0].sourceId", equalTo(sourceId)).body("[0].type", equalTo("webhook.test"))
                    .body("[0].outcome", equalTo("DELIVERED")));
            assertEquals(testsBefore + 1, meters.counter("tariffwatch.alerts.created", "type", "webhook.test").count(),
                    "the service's own alerts are counted by type too");

            JsonPath mail = subscribe("{\"channel\":\"email\",\"target\":\"tester@example.com\"}");
            given().header("Authorization", "Bearer " + mail.getString("token"))
                    .post("/api/v1/subscriptions/" + mail.getString("id") + "/test").then().statusCode(409)
                    .body("detail", equalTo("only webhook subscriptions have a receiver to test"));
        }
    }

    @Test
    void aDocumentGivesOneAlertToEachSubscriberWhoAsksForDocumentsHoweverOftenItArrives() throws Exception {
        try (TestReceiver asks = new TestReceiver(); TestReceiver doesNot = new TestReceiver()) {
            subscribe("{\"channel\":\"webhook\",\"target\":\"" + asks.url() + "\",\"filters\":{\"kinds\":[\"DOCUMENT\"]}}");
            // asks for everything of the US, documents not named: rate changes of other tests are of other imposers
            subscribe("{\"channel\":\"webhook\",\"target\":\"" + doesNot.url() + "\",\"filters\":{\"imposers\":[\"US\"]}}");
            String number = "2025-" + (10000 + Math.abs(UUID.randomUUID().hashCode() % 80000));
            String document = """
                    {"id":"%s","documentNumber":"%s","stage":"PUBLIC_INSPECTION","title":"Adjusting Imports of Copper",
                     "type":"Presidential Document","subtype":"Proclamation","publicationDate":"2025-05-30",
                     "htmlUrl":"https://www.federalregister.gov/public-inspection/%s","source":"federal-register",
                     "seenAt":"2025-05-28T12:00:00Z"}""".formatted(PolicyDocument.idOf("federal-register", number), number, number);
            KafkaTestClient.send(Topics.POLICY_DOCUMENTS, number, document);
            KafkaTestClient.send(Topics.POLICY_DOCUMENTS, number, document);
            await().atMost(Duration.ofSeconds(30)).until(() -> asks.requests.size() >= 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> asks.requests.size() == 1 && doesNot.requests.isEmpty());
            JsonNode body = Json.mapper().readTree(asks.requests.get(0).body());
            assertEquals("policy.document", body.get("type").asText());
            assertEquals(number, body.at("/data/documentNumber").asText());
            assertEquals("New proclamation filed for public inspection: Adjusting Imports of Copper, to be published on "
                    + "30 May 2025: https://www.federalregister.gov/public-inspection/" + number,
                    AlertText.document(Json.mapper().readValue(document, PolicyDocument.class)));
        }
    }

    @Test
    void aRetryAfterHeaderIsHonoured() throws Exception {
        try (TestReceiver receiver = new TestReceiver(503)) {
            receiver.retryAfter = "4";
            subscribeWebhook(receiver.url(), "VE");
            publish(rateChange("BR", "VE", 0, 10));
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests.size() >= 2);
            long waited = receiver.requests.get(1).atMillis() - receiver.requests.get(0).atMillis();
            assertTrue(waited >= 3900, "the retry came " + waited + " ms later; the schedule alone says 1 s");
            assertEquals(200, receiver.requests.get(1).answered());
        }
    }

    @Test
    void aReceiverAnswering410DisablesTheSubscription() throws Exception {
        try (TestReceiver receiver = new TestReceiver(410)) {
            JsonPath s = subscribe("""
                    {"channel":"webhook","target":"%s","filters":{"partners":["UY"]}}""".formatted(receiver.url()));
            publish(rateChange("BR", "UY", 0, 10));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().header("Authorization", "Bearer " + s.getString("token"))
                            .get("/api/v1/subscriptions/" + s.getString("id")).then()
                            .body("status", equalTo("DISABLED")));
            publish(rateChange("BR", "UY", 10, 30));
            holdsFor(Duration.ofMillis(3000), () -> receiver.requests.size() == 1);
        }
    }

    @Test
    void aRedeliveredRateChangeGivesNoSecondAlert() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            subscribe("""
                    {"channel":"webhook","target":"%s","filters":{"partners":["PY"]}}""".formatted(receiver.url()));
            String change = rateChange("BR", "PY", 0, 15);
            publish(change);
            publish(change);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests.size() >= 1);
            holdsFor(Duration.ofMillis(3000), () -> receiver.requests.size() == 1);
        }
    }

    @Test
    void webhooksToInternalAddressesAreRefusedAtSubscription() {
        for (String target : List.of("http://169.254.169.254/", "https://10.0.0.1/", "https://localhost/")) {
            given().contentType(ContentType.JSON).body("{\"channel\":\"webhook\",\"target\":\"" + target + "\"}")
                    .post("/api/v1/subscriptions").then().statusCode(422).contentType("application/problem+json")
                    .body("errors.pointer", hasItem("/target"));
        }
    }

    @Test
    void anEmailSubscriptionGetsNothingBeforeConfirmationAlertsAfterAndNothingAfterUnsubscribe() throws Exception {
        String address = "trader-" + UUID.randomUUID() + "@example.com";
        JsonPath s = subscribe("""
                {"channel":"email","target":"%s","filters":{"partners":["CL"]}}""".formatted(address));
        assertEquals("PENDING_CONFIRMATION", s.getString("status"));
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 1);
        publish(rateChange("BR", "CL", 0, 12));
        // only the confirmation before confirming
        holdsFor(Duration.ofMillis(3000), () -> mails(address).size() == 1);

        String text = mails(address).get(0).get("text").asText();
        // a mail gateway following the link (GET) gets the page with the button, and confirms nothing
        given().get(link(text, "confirm")).then().statusCode(200).contentType("text/html")
                .body(org.hamcrest.Matchers.containsString("<form method=\"post\""));
        given().header("Authorization", "Bearer " + s.getString("token")).get("/api/v1/subscriptions/" + s.getString("id"))
                .then().body("status", equalTo("PENDING_CONFIRMATION"));
        given().post(link(text, "confirm")).then().statusCode(200);
        publish(rateChange("BR", "CL", 12, 40));
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 2);
        JsonNode alert = mails(address).get(1);
        assertTrue(alert.get("text").asText().contains("12% → 40% (+28 points)"), alert.toString());
        assertTrue(alert.get("html").asText().contains("Unsubscribe"), alert.toString());
        assertEquals("List-Unsubscribe=One-Click", alert.get("listUnsubscribePost").asText());

        String unsubscribe = alert.get("listUnsubscribe").asText().replaceAll("[<>]", "");
        given().post(URI.create(unsubscribe).getRawPath() + "?" + URI.create(unsubscribe).getRawQuery())
                .then().statusCode(200);
        publish(rateChange("BR", "CL", 40, 60));
        holdsFor(Duration.ofMillis(3000), () -> mails(address).size() == 2);
    }

    @Test
    void theSigningSecretAndTheTokenAreShownOnceAtCreationAndInNoListing() {
        JsonPath s = subscribeWebhook("http://127.0.0.1:9/hooks", "MA");
        assertTrue(s.getString("secret").startsWith("whsec_"));
        assertTrue(!s.getString("token").isBlank());
        JsonPath read = given().header("Authorization", "Bearer " + s.getString("token"))
                .get("/api/v1/subscriptions/" + s.getString("id")).then().statusCode(200).extract().jsonPath();
        assertTrue(read.get("secret") == null, "no secret after creation");
        assertTrue(read.get("token") == null, "no token after creation");
        List<java.util.Map<String, Object>> all = given().header("Authorization", "Bearer test-admin-key")
                .get("/api/v1/subscriptions").then().statusCode(200).extract().jsonPath().getList("$");
        assertTrue(all.stream().anyMatch(v -> s.getString("id").equals(v.get("id"))));
        assertTrue(all.stream().noneMatch(v -> v.containsKey("secret") || v.containsKey("token")), "no secrets in the listing");
    }

    @Test
    void aRotatedSecretSignsAtOnceAndTheOldOneSignsBesideItDuringTheGrace() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            JsonPath s = subscribeWebhook(receiver.url(), "KN");
            String old = s.getString("secret");
            String path = "/api/v1/subscriptions/" + s.getString("id") + "/secret";
            given().post(path).then().statusCode(401);
            JsonPath rotated = given().header("Authorization", "Bearer " + s.getString("token")).post(path)
                    .then().statusCode(200).extract().jsonPath();
            String fresh = rotated.getString("secret");
            assertTrue(fresh.startsWith("whsec_") && !fresh.equals(old), fresh);
            Duration grace = Duration.between(java.time.Instant.now(),
                    java.time.OffsetDateTime.parse(rotated.getString("previousSecretValidUntil")).toInstant());
            assertTrue(grace.compareTo(Duration.ofHours(23)) > 0 && grace.compareTo(Duration.ofHours(25)) < 0, grace.toString());
            JsonPath read = given().header("Authorization", "Bearer " + s.getString("token"))
                    .get("/api/v1/subscriptions/" + s.getString("id")).then().statusCode(200).extract().jsonPath();
            assertTrue(read.get("secret") == null, "the new secret is shown once too");

            publish(rateChange("BR", "KN", 0, 12));
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.requests.isEmpty());
            TestReceiver.Request r = receiver.requests.get(0);
            String id = r.headers().get("webhook-id");
            String timestamp = r.headers().get("webhook-timestamp");
            assertEquals(sign(fresh, id, timestamp, r.body()) + " " + sign(old, id, timestamp, r.body()),
                    r.headers().get("webhook-signature"), "new first, then the old one");

            JsonPath mail = subscribe("{\"channel\":\"email\",\"target\":\"rotate@example.com\"}");
            given().header("Authorization", "Bearer " + mail.getString("token"))
                    .post("/api/v1/subscriptions/" + mail.getString("id") + "/secret").then().statusCode(409);
        }
    }

    @Test
    void reEnablingAnUnsubscribedEmailSubscriptionNeedsTheAddressToConsentAgain() throws Exception {
        String address = "again-" + UUID.randomUUID() + "@example.com";
        JsonPath s = subscribe("{\"channel\":\"email\",\"target\":\"" + address + "\",\"filters\":{\"partners\":[\"PE\"]}}");
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 1);
        given().post(link(mails(address).get(0).get("text").asText(), "confirm")).then().statusCode(200);
        publish(rateChange("BR", "PE", 0, 12));
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 2);
        String unsubscribe = mails(address).get(1).get("listUnsubscribe").asText().replaceAll("[<>]", "");
        given().post(URI.create(unsubscribe).getRawPath() + "?" + URI.create(unsubscribe).getRawQuery()).then().statusCode(200);

        // whoever holds the management token re-enables it: the address is asked again, and mailed nothing else
        given().header("Authorization", "Bearer " + s.getString("token")).contentType(ContentType.JSON)
                .body("{\"status\":\"ACTIVE\"}").patch("/api/v1/subscriptions/" + s.getString("id"))
                .then().statusCode(200).body("status", equalTo("PENDING_CONFIRMATION"));
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 3);
        JsonNode again = mails(address).get(2);
        assertEquals("Confirm your TariffWatch alerts", again.get("subject").asText());
        publish(rateChange("BR", "PE", 12, 30));
        // no alert before the new consent
        holdsFor(Duration.ofMillis(3000), () -> mails(address).size() == 3);

        given().post(link(again.get("text").asText(), "confirm")).then().statusCode(200);
        publish(rateChange("BR", "PE", 30, 45));
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 4);
        assertTrue(mails(address).get(3).get("text").asText().contains("30% → 45%"), mails(address).get(3).toString());
    }

    @Inject
    DigestJob digests;

    @Test
    void aDailyDigestGroupsTheDaysAlertsIntoOneEmail() throws Exception {
        String address = "digest-" + UUID.randomUUID() + "@example.com";
        JsonPath s = subscribe("{\"channel\":\"email\",\"target\":\"" + address
                + "\",\"filters\":{\"partners\":[\"BO\"]},\"digest\":\"daily\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 1);
        given().post(link(mails(address).get(0).get("text").asText(), "confirm")).then().statusCode(200);
        publish(rateChange("BR", "BO", 0, 10));
        publish(rateChange("BR", "BO", 10, 25));
        publish(rateChange("BR", "BO", 25, 5));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", "Bearer " + s.getString("token"))
                .get("/api/v1/subscriptions/" + s.getString("id") + "/deliveries").jsonPath()
                .getList("findAll { it.alertStatus == 'HELD' }").size() == 3);
        // nothing but the confirmation before the digest
        holdsFor(Duration.ofMillis(2000), () -> mails(address).size() == 1);

        digests.run();
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 2);
        JsonNode digest = mails(address).get(1);
        assertEquals("TariffWatch daily digest: 3 alerts", digest.get("subject").asText());
        String text = digest.get("text").asText();
        assertTrue(text.contains("0% → 10%") && text.contains("10% → 25%") && text.contains("25% → 5% (−20 points)"), text);
        digests.run();
        // a second run has nothing to send
        holdsFor(Duration.ofMillis(2000), () -> mails(address).size() == 2);
    }

    @Test
    void aDigestIsForEmailOnly() {
        given().contentType(ContentType.JSON)
                .body("{\"channel\":\"webhook\",\"target\":\"http://127.0.0.1:1/x\",\"digest\":\"daily\"}")
                .post("/api/v1/subscriptions").then().statusCode(422).body("errors[0].rule", equalTo("email-only"));
    }

    @Test
    void aSubscriptionFailingLongerThanTheLimitIsDisabledAndItsContactToldOnlyOnceTheContactConfirmed() throws Exception {
        String contact = "ops-" + UUID.randomUUID() + "@example.com";
        String unconfirmed = "unconfirmed-" + UUID.randomUUID() + "@example.com";
        Integer[] failures = new Integer[12];
        java.util.Arrays.fill(failures, 500);
        try (TestReceiver receiver = new TestReceiver(failures); TestReceiver other = new TestReceiver(failures)) {
            JsonPath s = subscribe("{\"channel\":\"webhook\",\"target\":\"" + receiver.url() + "\",\"contact\":\""
                    + contact + "\",\"filters\":{\"partners\":[\"EC\"]}}");
            JsonPath t = subscribe("{\"channel\":\"webhook\",\"target\":\"" + other.url() + "\",\"contact\":\""
                    + unconfirmed + "\",\"filters\":{\"partners\":[\"EC\"]}}");
            assertEquals(false, s.getBoolean("contactConfirmed"));
            // each contact is asked first; one confirms (a GET of the link changes nothing), the other never does
            await().atMost(Duration.ofSeconds(60)).until(() -> mails(contact).size() == 1 && mails(unconfirmed).size() == 1);
            assertEquals("Confirm TariffWatch notices to this address", mails(contact).get(0).get("subject").asText());
            String confirm = link(mails(contact).get(0).get("text").asText(), "confirm-contact");
            given().get(confirm).then().statusCode(200);
            given().header("Authorization", "Bearer " + s.getString("token")).get("/api/v1/subscriptions/" + s.getString("id"))
                    .then().body("contactConfirmed", equalTo(false));
            given().post(confirm.replaceAll("token=.*", "token=forged")).then().statusCode(404);
            given().post(confirm).then().statusCode(200);
            given().header("Authorization", "Bearer " + s.getString("token")).get("/api/v1/subscriptions/" + s.getString("id"))
                    .then().body("contactConfirmed", equalTo(true));

            publish(rateChange("BR", "EC", 0, 10));
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests.size() >= 2 && other.requests.size() >= 2);
            // past the disable-after of the test profile (15 s): time itself is what this waits for
            await().pollDelay(Duration.ofMillis(15_500)).atMost(Duration.ofSeconds(20)).until(() -> true);
            publish(rateChange("BR", "EC", 10, 20));
            for (JsonPath sub : List.of(s, t)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        given().header("Authorization", "Bearer " + sub.getString("token"))
                                .get("/api/v1/subscriptions/" + sub.getString("id")).then()
                                .body("status", equalTo("DISABLED"))
                                .body("disabledReason", startsWith("every delivery failed")));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> mails(contact).size() == 2);
            assertTrue(mails(contact).get(1).get("text").asText().contains(s.getString("id")));
            // an unconfirmed contact gets nothing but the question
            holdsFor(Duration.ofMillis(2000), () -> mails(unconfirmed).size() == 1);
        }
    }

    @Test
    void aSuccessEndsTheFailingStreakSoThatALaterFailureStartsANewOne() throws Exception {
        // the first alert fails once and then arrives; the second fails after the disable-after (15 s) has passed
        // since that first failure: a new streak, not one that began before the success
        try (TestReceiver receiver = new TestReceiver(500, 200, 500, 500, 500, 500, 500)) {
            JsonPath s = subscribeWebhook(receiver.url(), "BZ");
            publish(rateChange("BR", "BZ", 0, 10));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests.size() >= 2);
            assertEquals(List.of(500, 200), receiver.requests.stream().map(TestReceiver.Request::answered).toList());
            // past the disable-after of the test profile since the first failure: time itself is what this waits for
            await().pollDelay(Duration.ofMillis(15_500)).atMost(Duration.ofSeconds(20)).until(() -> true);
            publish(rateChange("BR", "BZ", 10, 20));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests.size() >= 4);
            holdsFor(Duration.ofMillis(2000), () -> "ACTIVE".equals(given()
                    .header("Authorization", "Bearer " + s.getString("token"))
                    .get("/api/v1/subscriptions/" + s.getString("id")).then().statusCode(200)
                    .extract().jsonPath().getString("status")));
        }
    }

    private static JsonPath deliveries(JsonPath s) {
        return given().header("Authorization", "Bearer " + s.getString("token"))
                .get("/api/v1/subscriptions/" + s.getString("id") + "/deliveries").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void confirmationEmailsToOneAddressAreLimitedAndNotResentByHand() throws Exception {
        String address = "limited-" + UUID.randomUUID() + "@example.com";
        String body = "{\"channel\":\"email\",\"target\":\"" + address.toUpperCase(java.util.Locale.ROOT) + "\"}";
        JsonPath first = subscribe(body);
        for (int i = 1; i < 5; i++) {
            subscribe(body.replace("LIMITED", "limited"));
        }
        given().contentType(ContentType.JSON).body(body).post("/api/v1/subscriptions").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json").body("status", equalTo(429));
        // asking again through an existing subscription counts the same
        given().header("Authorization", "Bearer " + first.getString("token")).contentType(ContentType.JSON)
                .body("{\"status\":\"ACTIVE\"}").patch("/api/v1/subscriptions/" + first.getString("id")).then().statusCode(429);
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(address).size() == 5);
        String alertId = given().header("Authorization", "Bearer " + first.getString("token"))
                .get("/api/v1/subscriptions/" + first.getString("id") + "/deliveries").then().statusCode(200)
                .extract().path("[0].alertId");
        given().header("Authorization", "Bearer " + first.getString("token"))
                .post("/api/v1/subscriptions/" + first.getString("id") + "/deliveries/" + alertId + "/retry")
                .then().statusCode(409);
        holdsFor(Duration.ofMillis(2000), () -> mails(address).size() == 5);
    }

    @Test
    void aReceiverThatStallsAfterItsHeadersCostsOnlyItsOwnDeliveries() throws Exception {
        try (MisbehavingReceiver stalled = new MisbehavingReceiver(MisbehavingReceiver.Behaviour.STALL);
             TestReceiver healthy = new TestReceiver()) {
            JsonPath stalling = subscribeWebhook(stalled.url(), "GY");
            subscribeWebhook(healthy.url(), "SR");
            for (int i = 0; i < 8; i++) { // more than the per-receiver cap, queued first
                publish(rateChange("BR", "GY", i, i + 1));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stalled.requests.get() >= 1);
            for (int i = 0; i < 3; i++) {
                publish(rateChange("BR", "SR", i, i + 1));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> healthy.requests.size() == 3);

            // the stalled attempts end at the deadline, as retries, and never more than the cap at once
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(stalling).getList("findAll { it.outcome == 'RETRY' }").size() >= 4);
            List<String> errors = deliveries(stalling).getList("findAll { it.outcome == 'RETRY' }.error");
            assertTrue(errors.stream().allMatch(e -> e.equals("no complete answer within PT2S")), errors.toString());
        }
    }

    @Test
    void aReceiverStreamingAnEndlessAnswerIsReadOnlyAsFarAsItsStatus() throws Exception {
        try (MisbehavingReceiver endless = new MisbehavingReceiver(MisbehavingReceiver.Behaviour.ENDLESS_BODY)) {
            JsonPath s = subscribeWebhook(endless.url(), "GF");
            publish(rateChange("BR", "GF", 0, 5));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath log = deliveries(s);
                assertEquals(List.of("DELIVERED"), log.getList("outcome"));
                assertEquals(List.of(200), log.getList("statusCode"));
            });
        }
    }

    @Inject
    MeterRegistry meters;

    @Test
    void anAlertInFlightIsNeitherRequeuedByHandNorRecordedByAnAttemptWhoseLeaseRanOut() throws Exception {
        try (MisbehavingReceiver stalled = new MisbehavingReceiver(MisbehavingReceiver.Behaviour.STALL)) {
            JsonPath s = subscribeWebhook(stalled.url(), "FK");
            publish(rateChange("BR", "FK", 0, 5));
            await().atMost(Duration.ofSeconds(30)).until(() -> stalled.requests.get() == 1);
            String alertId = deliveries(s).getString("[0].alertId");
            given().header("Authorization", "Bearer " + s.getString("token"))
                    .post("/api/v1/subscriptions/" + s.getString("id") + "/deliveries/" + alertId + "/retry")
                    .then().statusCode(409).contentType("application/problem+json");

            // the first lease runs out while its attempt still waits, and another lease holds the alert (as another
            // instance's claim would): the attempt's outcome is late whether its deadline comes before this instance
            // claims the alert again or after (with the old lease left in place, a loaded machine had reached the
            // test profile's 2 s deadline first, and the outcome was recorded under the lease it still matched)
            double fencedBefore = meters.counter("tariffwatch.deliveries.fenced").count();
            QuarkusTransaction.requiringNew().run(() -> Alert.update("nextAttemptAt = ?1, leaseId = ?2 where id = ?3",
                    OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), UUID.randomUUID(), UUID.fromString(alertId)));
            await().atMost(Duration.ofSeconds(10)).until(() -> stalled.requests.get() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("tariffwatch.deliveries.fenced").count() == fencedBefore + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !deliveries(s).getList("findAll { it.attempt > 0 }").isEmpty());
            List<Integer> attempts = deliveries(s).getList("attempt");
            assertEquals(attempts.stream().distinct().count(), attempts.size(), "one record per attempt: " + attempts);
            assertEquals(1, attempts.get(attempts.size() - 1), "the late outcome of the first lease was not recorded as an attempt");
        }
    }

    private static String link(String text, String kind) {
        Matcher m = Pattern.compile("http://\\S+(/api/v1/subscriptions/\\S+/" + kind + "\\?token=\\S+)").matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    static List<JsonNode> mails(String address) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(LocalInfraTestResource.infra().mailApiUrl() + "?to=" + address)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> list = new ArrayList<>();
        Json.mapper().readTree(r.body()).forEach(list::add);
        return list;
    }
}
