package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;
import io.tariffwatch.events.Json;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in a real browser (Debian's Chromium through Playwright) in front of the whole system with the demo
 * loaded: every page loads without console errors or failed requests, the map and charts hold the rate API's figures,
 * the HS lookup, "as known on", a subscription made in the form that receives a webhook, and pages that still render
 * when the rate engine is down. Screenshots of each page go to target/screenshots (the README's come from there).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TARIFFWATCH_CHROMIUM", "/usr/bin/chromium"));
    private static final String PUBLISHER_KEY = "dashboard-test-publisher-key";
    private static final String READER_KEY = "dashboard-test-reader-key";
    private static final ObjectMapper JSON = Json.mapper();
    private static final Path SCREENSHOTS = TariffWatchSystem.ROOT.resolve("system-tests/target/screenshots");

    private static TariffWatchSystem system;
    private static ServiceProcess ingest;
    private static ServiceProcess rates;
    private static ServiceProcess dashboard;
    private static ServiceProcess alerts;
    private static WebhookReceiver receiver;
    private static Playwright playwright;
    private static Browser browser;

    private Page page;
    private final List<String> problems = new ArrayList<>();

    private static boolean browserPresent() {
        return Files.isExecutable(CHROMIUM);
    }

    @BeforeAll
    static void startEverything() throws Exception {
        if (!browserPresent()) {
            return; // each test says why it does not run (a failed assumption here would read as "0 tests")
        }
        system = TariffWatchSystem.start("dashboard");
        receiver = new WebhookReceiver();
        ingest = system.service("policy-ingest", "ingest", Map.of("TARIFFWATCH_PUBLISHER_KEY", PUBLISHER_KEY,
                "TARIFFWATCH_READER_KEY", READER_KEY));
        rates = system.service("rate-engine", "rates", Map.of());
        alerts = system.service("alert-service", "alerts", Map.of(
                "TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        // the dashboard has no database; the datasource variables the harness sets are not read
        dashboard = system.service("dashboard", "alerts", Map.of(
                "TARIFFWATCH_DASHBOARD_RATES_URL", rates.url(""),
                "TARIFFWATCH_DASHBOARD_ALERTS_URL", alerts.url(""),
                "TARIFFWATCH_DASHBOARD_INGEST_URL", ingest.url(""),
                "TARIFFWATCH_DASHBOARD_INGEST_KEY", READER_KEY,
                "TARIFFWATCH_DASHBOARD_CALL_TIMEOUT", "2s"));
        String seed = Files.readString(TariffWatchSystem.ROOT.resolve("deploy/local/demo/seed-2025-05.json"));
        HttpResponse<String> loaded = SystemHttp.send("POST", ingest.url("/api/v1/policy-events/batch"), PUBLISHER_KEY, seed);
        assertTrue(loaded.statusCode() == 202 || loaded.statusCode() == 200, loaded.body());
        await().atMost(Duration.ofSeconds(90)).until(() -> additional("US", "CN", "at=2025-04-12") == 145.0
                && additional("CN", "US", "at=2025-04-13") == 125.0);
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Closing.all(browser, playwright, receiver, system);
    }

    @BeforeEach
    void openPage() {
        if (!browserPresent()) {
            String why = "no browser at " + CHROMIUM + " (apt-get install chromium; .ci/run installs it)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
        page.setDefaultTimeout(20_000);
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                problems.add("console: " + m.text());
            }
        });
        page.onPageError(e -> problems.add("script error: " + e));
        page.onResponse(r -> {
            if (r.status() >= 400) {
                problems.add(r.status() + " " + r.url());
            }
        });
    }

    private void open(String path) {
        page.navigate(dashboard.url(path));
        page.waitForLoadState(LoadState.NETWORKIDLE);
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(false));
    }

    private static double additional(String imposer, String partner, String query) throws Exception {
        HttpResponse<String> r = SystemHttp.send("GET", rates.url("/api/v1/rates/" + imposer + "/" + partner + "?" + query), null, null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()).get("additional").asDouble() : -1;
    }

    @Test
    @Order(1)
    void everyPageLoadsWithoutConsoleErrorsOrFailedRequests() throws Exception {
        Map<String, String> pages = new HashMap<>(Map.of(
                "now", "/?at=2025-04-08",
                "map", "/map?imposer=US&at=2025-04-12",
                "pair", "/pair/US/CN?at=2025-04-12",
                "measures", "/measures?imposer=US&partner=CN",
                "alerts", "/alerts"));
        for (Map.Entry<String, String> p : pages.entrySet()) {
            long start = System.nanoTime();
            open(p.getValue());
            assertTrue(page.title().contains("TariffWatch"), p.getKey() + ": " + page.title());
            assertEquals(0, page.locator(".unavailable").count(), p.getKey() + " says a service is unavailable");
            screenshot(p.getKey());
            System.out.printf("dashboard page %s loaded in %d ms%n", p.getKey(), (System.nanoTime() - start) / 1_000_000);
            assertEquals(List.of(), page.evaluate("() => [...document.querySelectorAll('input:not([type=hidden]), select')]"
                    + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.name || e.id)"),
                    p.getKey() + ": every field has a label");
            page.keyboard().press("Tab");
            assertEquals("skip", page.evaluate("() => document.activeElement.className"), p.getKey() + ": keyboard first");
        }
        // figures for the README (printed, not asserted: speed is the benchmark's business): a second, warm load
        for (Map.Entry<String, String> p : pages.entrySet()) {
            long start = System.nanoTime();
            open(p.getValue());
            long browser = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            SystemHttp.send("GET", dashboard.url(p.getValue()), null, null);
            System.out.printf("dashboard page %s warm: %d ms in the browser to network idle, %d ms for its HTML%n",
                    p.getKey(), browser, (System.nanoTime() - start) / 1_000_000);
        }
        // on a phone: one column, nothing wider than the screen (tables scroll inside their frames)
        page.setViewportSize(390, 844);
        for (String path : pages.values()) {
            open(path);
            assertEquals(Boolean.TRUE, page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"),
                    path + " fits a phone's width");
        }
        open("/pair/US/CN?at=2025-04-12");
        screenshot("pair-phone");
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(2)
    void theNowPageTellsWhatCameAndWhatIsComing() throws Exception {
        open("/?at=2025-04-08");
        // ahead of 8 April: the country rates of 9 April were coming, China's among them
        String move = "%s%% → %s%%".formatted(percent(additional("US", "CN", "at=2025-04-08")),
                percent(additional("US", "CN", "at=2025-04-09T12:00:00Z")));
        List<String> coming = page.locator("#upcoming li").allTextContents();
        assertTrue(coming.stream().anyMatch(l -> l.strip().startsWith("in 1 day") && l.contains("from China moves: " + move)),
                move + " in " + String.join("\n", coming));
        List<String> latest = page.locator("#latest tbody tr").allTextContents();
        assertTrue(latest.stream().anyMatch(l -> l.contains("5 April 2025") && l.contains("partners")
                && l.contains("0% → 10%")), "the baseline on many partners is one line: " + String.join("\n", latest));
        assertEquals(List.of(), problems);
    }

    private static String percent(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Double> mapData() {
        List<Map<String, Object>> data = (List<Map<String, Object>>) page.evaluate(
                "() => echarts.getInstanceByDom(document.getElementById('world-map')).getOption().series[0].data");
        Map<String, Double> byCode = new HashMap<>();
        // the map series lists every region of the map; those without a figure have no value
        data.stream().filter(d -> d.get("value") != null)
                .forEach(d -> byCode.put((String) d.get("name"), ((Number) d.get("value")).doubleValue()));
        return byCode;
    }

    @Test
    @Order(3)
    void theMapHoldsEveryPartnersHeadlineOfTheDayItIsMovedTo() throws Exception {
        open("/map?imposer=US&at=2025-04-12");
        page.waitForFunction("() => document.getElementById('world-map').dataset.loadedAt === '2025-04-12||US'");
        Map<String, Double> onTheTwelfth = mapData();
        JsonNode headlines = JSON.readTree(SystemHttp.send("GET", rates.url("/api/v1/rates/US?at=2025-04-12"), null, null).body());
        assertEquals(headlines.get("partners").size(), onTheTwelfth.size());
        for (JsonNode p : headlines.get("partners")) {
            assertEquals(p.get("additional").asDouble(), onTheTwelfth.get(p.get("partner").asText()), p.toString());
        }
        assertEquals(145.0, onTheTwelfth.get("CN"));
        assertEquals(10.0, onTheTwelfth.get("JP"), "Japan during the pause");

        // time travel: the day after the pause ran out
        page.locator("#at").fill("2025-07-10");
        page.locator("#at").dispatchEvent("change");
        page.waitForFunction("() => document.getElementById('world-map').dataset.loadedAt === '2025-07-10||US'");
        assertEquals(additional("US", "JP", "at=2025-07-10"), mapData().get("JP"));
        assertEquals(24.0, mapData().get("JP"));
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(4)
    void thePairPageLooksUpHsCodesChartsByMeasureAndRedrawsAsKnownOnADay() throws Exception {
        open("/pair/US/CN?at=2025-04-12");
        assertEquals("145%", page.locator("#duty-h + .duty .additional").textContent().strip());
        assertEquals("125%", page.locator("#reverse-h + .duty .additional").textContent().strip(), "CN → US beside it");

        page.locator("#hs").fill("8517.13");
        page.locator("#lookup-h ~ form button").click();
        page.waitForSelector("#lookup-result .duty");
        assertEquals("20%", page.locator("#lookup-result .additional").textContent().strip(),
                "smartphones from China left the reciprocal tariff");

        @SuppressWarnings("unchecked")
        List<String> series = (List<String>) page.evaluate("() => echarts.getInstanceByDom(document.getElementById('pair-chart'))"
                + ".getOption().series.map(s => s.id)");
        assertTrue(series.containsAll(List.of("US-IEEPA-FENTANYL", "US-IEEPA-RECIPROCAL", "additional")), series.toString());
        Number atTheDay = (Number) page.evaluate("() => { const s = echarts.getInstanceByDom(document.getElementById('pair-chart'))"
                + ".getOption().series.find(x => x.id === 'additional').data;"
                + " return s.filter(p => new Date(p[0]) <= new Date('2025-04-12T00:00:00Z')).pop()[1]; }");
        assertEquals(145.0, atTheDay.doubleValue());
        screenshot("pair-lookup");

        // as the world knew it on 8 April: the 125% was not announced yet
        page.locator("#pair-known-at").fill("2025-04-08");
        page.locator("#pair-controls button").click();
        page.waitForLoadState(LoadState.NETWORKIDLE);
        double known = additional("US", "CN", "at=2025-04-12&knownAt=2025-04-08");
        assertNotEquals(145.0, known);
        assertEquals(new BigDecimal(page.locator("#duty-h + .duty .additional").textContent().strip().replace("%", ""))
                .doubleValue(), known);
        assertTrue(page.url().contains("knownAt=2025-04-08"), page.url());
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(5)
    void aSubscriptionMadeInTheFormReceivesAWebhookAndShowsItsDeliveryLog() throws Exception {
        open("/alerts");
        // validates as you type
        page.locator("#target").fill("not a url");
        assertFalse(page.locator("#target-error").textContent().isBlank(), "a bad target is flagged at once");
        page.locator("#f-partners").fill("ZZ");
        page.locator("#target").fill(receiver.url());
        page.locator("#subscribe button[type=submit]").click();
        page.waitForSelector("#subscribe-problem");
        assertTrue(page.locator("#subscribe-problem li[data-pointer='/filters/partners/0']").count() == 1,
                page.locator("#subscribe-problem").textContent());

        page.locator("#f-partners").fill("CN");
        page.locator("#f-imposers").fill("US");
        page.locator("#subscribe button[type=submit]").click();
        page.waitForSelector("#subscribed");
        String id = page.locator("#subscribed-id").textContent().strip();
        String token = page.locator("#subscribed-token").textContent().strip();
        assertTrue(page.locator("#subscribed-secret").textContent().startsWith("whsec_"));
        screenshot("alerts-subscribed");

        int before = receiver.received.size();
        String geneva = """
                {"id":"dash-us-cn-geneva-10","kind":"CUT","imposer":"US","targets":["CN"],
                 "measure":{"id":"US-IEEPA-RECIPROCAL","authority":"IEEPA (EO 14298)"},"rate":10,
                 "effectiveFrom":"2025-05-14T00:01:00-04:00","headline":"Geneva: the reciprocal tariff on China to 10%"}""";
        assertEquals(202, SystemHttp.send("POST", ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, geneva).statusCode());
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received.size() > before);
        JsonNode hook = JSON.readTree(receiver.received.get(receiver.received.size() - 1).body());
        assertEquals("CN", hook.at("/data/partner").asText());
        assertEquals("dash-us-cn-geneva-10", hook.at("/data/cause/eventId").asText());
        assertEquals(additional("US", "CN", "at=2025-05-15"), hook.at("/data/newRate").asDouble());

        page.locator("#manage-id").fill(id);
        page.locator("#manage-token").fill(token);
        page.locator("#manage button[type=submit]").click();
        page.waitForSelector("#sub-status");
        assertEquals("ACTIVE", page.locator("#sub-status").textContent().strip());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            page.reload();
            return page.locator("#deliveries tbody tr").count() >= 1;
        });
        assertTrue(page.locator("#deliveries").textContent().contains("DELIVERED"), page.locator("#deliveries").textContent());
        assertEquals("CN", page.locator("#f-partners").inputValue(), "the filter form holds the current filters");
        assertEquals("US", page.locator("#f-imposers").inputValue());

        int beforeTest = receiver.received.size();
        page.locator("#test-form button").click();
        page.waitForSelector("#manage-message");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() > beforeTest);
        JsonNode test = JSON.readTree(receiver.received.get(receiver.received.size() - 1).body());
        assertEquals("webhook.test", test.get("type").asText());
        assertEquals(id, test.at("/data/subscriptionId").asText());
        screenshot("alerts-manage");

        page.onDialog(dialog -> dialog.accept());
        page.locator("#delete-form button").click();
        page.waitForSelector("#manage-message");
        assertEquals("Deleted.", page.locator("#manage-message").textContent().strip());
        assertEquals(404, SystemHttp.send("GET", alerts.url("/api/v1/subscriptions/" + id), token, null).statusCode());
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(6)
    void withTheRateEngineDownThePagesStillRenderAndSayWhatIsMissing() throws Exception {
        rates.close();
        for (String path : List.of("/", "/map?imposer=US", "/pair/US/CN", "/measures")) {
            HttpResponse<String> r = SystemHttp.send("GET", dashboard.url(path), null, null);
            assertEquals(200, r.statusCode(), path);
        }
        open("/pair/US/CN?at=2025-04-12");
        assertTrue(page.locator(".unavailable").first().textContent().contains("the rate engine is unavailable"),
                page.locator("main").textContent());
        open("/alerts");
        assertEquals(0, page.locator(".unavailable").count(), "the alerts page needs no rate engine");
        open("/pair/US/CN?hs=12x");
        assertEquals(400, SystemHttp.send("GET", dashboard.url("/pair/US/CN?hs=12x"), null, null).statusCode());
        assertTrue(page.locator("#bad-parameter").textContent().contains("'hs'"));
    }
}
