package io.tariffwatch.ingest.feeds;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.events.PolicyDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Watches the Federal Register (README "Feeds"): presidential documents and the chosen agencies' documents that
 * match the term, from the day after what was read (a cursor per watch), and the public inspection desk of the day.
 * Each new document goes out once on policy.documents and waits as a draft. A failing feed is retried at the next
 * poll (after a 429's Retry-After), and touches nothing else of ingest.
 */
@ApplicationScoped
public class FeedWatcher {
    private static final Logger LOG = Logger.getLogger(FeedWatcher.class);
    static final String SOURCE = "federal-register";

    /** What is watched: the feed name is the cursor's key and the metrics' tag. */
    public enum Watch {
        PRESIDENTIAL("federal-register.presidential"),
        AGENCIES("federal-register.agencies"),
        PUBLIC_INSPECTION("federal-register.public-inspection");

        public final String feed;

        Watch(String feed) {
            this.feed = feed;
        }
    }

    /** What one poll of a watch did. */
    public record PollResult(Watch watch, int pagesRead, int newDocuments, String failure) {
    }

    private final FederalRegister register;
    private final FeedStore store;
    private final FeedsConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<Watch, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<Watch, Instant> lastSuccess = new ConcurrentHashMap<>();

    FeedWatcher(FederalRegister register, FeedStore store, FeedsConfig config, MeterRegistry meters, Clock clock) {
        this.register = register;
        this.store = store;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        for (Watch w : Watch.values()) {
            // seconds since the watch's last successful poll (NaN before its first): the feed's lag
            Gauge.builder("tariffwatch.feeds.lag.seconds", this, fw -> fw.lagSeconds(w)).tag("feed", w.feed)
                    .register(meters);
        }
    }

    /** The last successes stored by earlier runs: the lag is right from the start. */
    void loadLastSuccesses(@Observes StartupEvent start) {
        try {
            for (FeedStore.FeedState s : store.states()) {
                Arrays.stream(Watch.values()).filter(w -> w.feed.equals(s.feed()) && s.lastSuccessAt() != null)
                        .forEach(w -> lastSuccess.putIfAbsent(w, s.lastSuccessAt().toInstant()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("feeds: last successes not loaded (%s); the lag shows from the next poll", e.getMessage());
        }
    }

    double lagSeconds(Watch w) {
        Instant last = lastSuccess.get(w);
        return last == null ? Double.NaN : java.time.Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }

    @Scheduled(every = "${tariffwatch.feeds.interval:5m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = FeedsOff.class)
    void scheduledPoll() {
        pollAll();
    }

    /** One poll of every watch, each on its own: a failure of one leaves the others alone. */
    public Map<Watch, PollResult> pollAll() {
        Map<Watch, PollResult> results = new EnumMap<>(Watch.class);
        for (Watch w : Watch.values()) {
            results.put(w, poll(w));
        }
        return results;
    }

    PollResult poll(Watch watch) {
        Instant now = clock.instant();
        Instant wait = notBefore.get(watch);
        if (wait != null && now.isBefore(wait)) {
            return new PollResult(watch, 0, 0, "waiting until " + wait + " as the feed asked");
        }
        Progress progress = new Progress();
        try {
            if (watch == Watch.PUBLIC_INSPECTION) {
                List<PolicyDocument> docs = register.publicInspection().resultsOrEmpty().stream()
                        .filter(this::watched).map(d -> document(d, PolicyDocument.Stage.PUBLIC_INSPECTION))
                        .filter(Objects::nonNull).toList();
                progress.pages = 1;
                progress.added = store.storePage(watch.feed, docs, null).size();
            } else {
                readPublished(watch, progress);
            }
            notBefore.remove(watch);
            lastSuccess.put(watch, clock.instant());
            meters.counter("tariffwatch.feeds.documents", "feed", watch.feed).increment(progress.added);
            return new PollResult(watch, progress.pages, progress.added, null);
        } catch (FeedFailure.RateLimited e) {
            notBefore.put(watch, now.plus(e.retryAfter));
            return failed(watch, progress, e);
        } catch (RuntimeException e) {
            return failed(watch, progress, e);
        }
    }

    /** How far a poll got: pages read and documents new, also when it fails halfway. */
    private static final class Progress {
        int pages;
        int added;
    }

    private void readPublished(Watch watch, Progress progress) {
        LocalDate since = store.cursor(watch.feed).orElseGet(() ->
                LocalDate.ofInstant(clock.instant().minus(config.firstLookBack()), ZoneOffset.UTC));
        List<String> types = watch == Watch.PRESIDENTIAL ? List.of("PRESDOCU") : List.of();
        List<String> agencies = watch == Watch.AGENCIES ? config.agencies() : List.of();
        for (int page = 1; page <= config.maxPagesPerPoll(); page++) {
            FederalRegisterClient.Page p = register.documents(since, types, agencies, config.term(),
                    config.pageSize(), page);
            List<PolicyDocument> docs = new ArrayList<>();
            LocalDate newest = null;
            for (FederalRegisterClient.Document d : p.resultsOrEmpty()) {
                PolicyDocument doc = document(d, PolicyDocument.Stage.PUBLISHED);
                if (doc != null) {
                    docs.add(doc);
                    newest = newest == null || (d.publicationDate() != null && d.publicationDate().isAfter(newest))
                            ? d.publicationDate() : newest;
                }
            }
            // the page and the cursor's advance in one transaction: a failure after this page reads it again
            progress.added += store.storePage(watch.feed, docs, newest).size();
            progress.pages++;
            if (p.nextPageUrl() == null || p.resultsOrEmpty().isEmpty()) {
                return;
            }
        }
    }

    private PollResult failed(Watch watch, Progress progress, RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.warnf("feed %s: poll failed after %d page(s): %s", watch.feed, progress.pages, why);
        meters.counter("tariffwatch.feeds.failures", "feed", watch.feed).increment();
        try {
            store.failed(watch.feed, why);
        } catch (RuntimeException dbDown) {
            LOG.warnf("feed %s: the failure could not be recorded either: %s", watch.feed, dbDown.getMessage());
        }
        return new PollResult(watch, progress.pages, progress.added, why);
    }

    /** Public inspection has no server-side filter: presidential documents and the watched agencies', on the term. */
    private boolean watched(FederalRegisterClient.Document d) {
        boolean source = "Presidential Document".equalsIgnoreCase(d.type()) || (d.agencies() != null
                && d.agencies().stream().anyMatch(a -> a.slug() != null && config.agencies().contains(a.slug())));
        String text = ((d.title() == null ? "" : d.title()) + " " + (d.summary() == null ? "" : d.summary()))
                .toLowerCase(Locale.ROOT);
        boolean term = Arrays.stream(config.term().toLowerCase(Locale.ROOT).split("[|\"()\\s]+"))
                .filter(w -> !w.isBlank()).anyMatch(text::contains);
        return source && term;
    }

    /** The contract's record of a document; null for an entry without a number (nothing to deduplicate by). */
    private PolicyDocument document(FederalRegisterClient.Document d, PolicyDocument.Stage stage) {
        if (d.documentNumber() == null || d.documentNumber().isBlank() || d.documentNumber().length() > 64) {
            LOG.warnf("feed entry without a usable document number skipped: %s", d.title());
            return null;
        }
        List<String> agencies = d.agencies() == null ? List.of() : d.agencies().stream()
                .map(a -> a.name() != null ? a.name() : a.rawName()).filter(Objects::nonNull).limit(20).toList();
        return new PolicyDocument(PolicyDocument.idOf(SOURCE, d.documentNumber()), d.documentNumber(), stage,
                d.title() == null ? d.documentNumber() : d.title(), d.type(), d.subtype(), d.executiveOrderNumber(),
                agencies, d.publicationDate(), d.signingDate(), d.effectiveOn(), d.filedAt(), d.htmlUrl(), d.pdfUrl(),
                d.citation(), d.summary(), SOURCE, OffsetDateTime.now(clock));
    }
}
