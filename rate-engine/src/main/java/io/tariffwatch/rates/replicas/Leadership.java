package io.tariffwatch.rates.replicas;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which replica writes: the one holding a PostgreSQL advisory lock on a session of its own. The lock goes
 * with the session — at once when the holder's process dies, since the server sees the connection close —
 * and the first replica to ask next takes it. Every takeover advances {@code engine_leadership.epoch};
 * {@link #fence} makes a write transaction fail unless the epoch is still this replica's, so one that lost its
 * session without noticing cannot publish beside the new leader (the takeover's update waits for its open
 * transactions to end, the next ones find another epoch).
 */
@ApplicationScoped
public class Leadership {
    private static final Logger LOG = Logger.getLogger(Leadership.class);
    /** The advisory lock's key: any constant all replicas share ("tariff" in ASCII, then 1). */
    private static final long LOCK_KEY = 0x7461726966660001L;
    private static final int CHECK_SECONDS = 5;

    private final String url;
    private final String username;
    private final String password;
    private final String replica;

    private Connection session;
    private volatile Long epoch;

    Leadership(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
               @ConfigProperty(name = "quarkus.datasource.username") String username,
               @ConfigProperty(name = "quarkus.datasource.password") String password,
               @ConfigProperty(name = "tariffwatch.rates.replica-id") String replica, MeterRegistry meters) {
        meters.gauge("tariffwatch.rates.leading", this, l -> l.leading() ? 1 : 0);
        this.url = url;
        this.username = username;
        this.password = password;
        this.replica = replica;
    }

    /** What {@link #refresh} found. */
    public enum Change { NONE, ACQUIRED, LOST }

    /**
     * Tries to take the lead when not leading; when leading, checks that the lock's session is alive (a
     * replica whose session died has lost the lock, whether or not another took it yet).
     */
    public synchronized Change refresh() {
        if (epoch != null) {
            if (alive()) {
                return Change.NONE;
            }
            LOG.warnf("replica %s lost the lead of epoch %d: its lock session is gone", replica, epoch);
            release();
            return Change.LOST;
        }
        try {
            if (session == null || session.isClosed()) {
                session = open();
            }
            try (PreparedStatement lock = session.prepareStatement("select pg_try_advisory_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (ResultSet r = lock.executeQuery()) {
                    r.next();
                    if (!r.getBoolean(1)) {
                        return Change.NONE;
                    }
                }
            }
            try (PreparedStatement advance = session.prepareStatement("update engine_leadership set epoch = epoch + 1, "
                    + "holder = ?, since = now() where id = 1 returning epoch")) {
                advance.setString(1, replica);
                try (ResultSet r = advance.executeQuery()) {
                    r.next();
                    epoch = r.getLong(1);
                }
            }
            LOG.infof("replica %s leads (epoch %d)", replica, epoch);
            return Change.ACQUIRED;
        } catch (SQLException e) {
            LOG.debugf("replica %s cannot ask for the lead now: %s", replica, e.getMessage());
            release();
            return Change.NONE;
        }
    }

    public boolean leading() {
        return epoch != null;
    }

    /** This replica's name (the lead's holder, its consumer group's suffix). */
    public String replica() {
        return replica;
    }

    /**
     * Called first in every write transaction of the leader: holds the epoch row (for share) until the
     * transaction ends, and fails it with {@link LeadershipLost} if another replica has taken the lead.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fence() {
        Long mine = epoch;
        Number current = (Number) Panache.getEntityManager()
                .createNativeQuery("select epoch from engine_leadership where id = 1 for share").getSingleResult();
        if (mine == null || current.longValue() != mine) {
            throw new LeadershipLost(replica, mine, current.longValue());
        }
    }

    /** Gives up the lead: the session closes, so the lock is free for another replica. */
    public synchronized void release() {
        epoch = null;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debugf("closing the lock session: %s", e.getMessage());
            }
            session = null;
        }
    }

    @PreDestroy
    void stop() {
        release();
    }

    private boolean alive() {
        try {
            return session != null && session.isValid(CHECK_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", username);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", Integer.toString(CHECK_SECONDS));
        p.setProperty("socketTimeout", Integer.toString(3 * CHECK_SECONDS));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "rate-engine lead " + replica);
        Connection c = DriverManager.getConnection(url, p);
        try (Statement s = c.createStatement()) {
            // the server drops a silent client's session (and so its lock) within about half a minute
            s.execute("set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5; set tcp_keepalives_count = 3");
        }
        return c;
    }

    /** The lead moved to another replica while this one was writing. */
    public static final class LeadershipLost extends RuntimeException {
        LeadershipLost(String replica, Long mine, long current) {
            super("replica " + replica + " no longer leads: epoch " + current + ", its own " + mine);
        }

        public LeadershipLost(String replica) {
            super("replica " + replica + " does not lead");
        }
    }
}
