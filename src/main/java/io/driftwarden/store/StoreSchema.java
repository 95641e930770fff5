package io.driftwarden.store;

import io.driftwarden.yaml.LoadException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The store's schema, in two Flyway histories: driftwarden's own tables (every database), and Quartz's job store
 * tables for the clustered scheduler (PostgreSQL only, so H2 and PostgreSQL stores keep one version number for our
 * tables). Each is refused when newer than this release knows, skipped when current, and migrated otherwise.
 */
final class StoreSchema {
    /** One Flyway history: its table, its scripts, the newest version this release has. */
    record History(String table, String location, int version, boolean postgresOnly) {
        boolean appliesTo(String url) {
            return !postgresOnly || url.startsWith("jdbc:postgresql:");
        }
    }

    static final History TABLES =
            new History("flyway_schema_history", "classpath:db/migration", Store.SCHEMA_VERSION, false);

    /**
     * Quartz's tables: its shipped DDL starts with DROP TABLE, so ours is a migration of its own. Baselined at 0 on a
     * store whose tables already exist (Flyway refuses a non-empty schema without a history), so V1 still runs.
     */
    static final History QUARTZ = new History("flyway_quartz_history", "classpath:db/quartz-postgresql", 1, true);

    static final List<History> ALL = List.of(TABLES, QUARTZ);

    private StoreSchema() {}

    /**
     * Brings the store at {@code url} to this release's schema.
     *
     * @throws LoadException when a history is newer than this release knows
     * @throws org.flywaydb.core.api.FlywayException when a migration fails
     */
    static void migrate(DataSource pool, String url) throws SQLException {
        List<History> histories = ALL.stream().filter(h -> h.appliesTo(url)).toList();
        List<History> behind = new java.util.ArrayList<>();
        try (Connection c = pool.getConnection()) {
            for (History h : histories) { // every refusal before any migration: an older node changes nothing
                refuseNewer(c, h, url);
            }
            for (History h : histories) {
                if (!current(c, h)) {
                    behind.add(h);
                }
            }
        }
        for (History h : behind) {
            Flyway.configure()
                    .dataSource(pool)
                    .table(h.table())
                    .locations(h.location())
                    .baselineOnMigrate(h != TABLES)
                    .baselineVersion("0")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        }
    }

    /**
     * A store migrated by a newer driftwarden is refused: its tables may mean what this version does not know (a new
     * state, a column it would not fill), and Flyway only warns about migrations it does not have. An older node in a
     * rolling upgrade must stop, not write beside the new one.
     */
    private static void refuseNewer(Connection c, History h, String url) {
        int newest;
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT MAX(CAST(\"version\" AS INT)) FROM \"" + h.table() + "\""
                        + " WHERE \"version\" IS NOT NULL AND \"success\"")) {
            newest = rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return; // no history table yet (a new store): nothing newer (the connection is in autocommit)
        }
        if (newest > h.version()) {
            throw new LoadException("store.url " + Store.masked(url) + ": the store's schema"
                    + (h == TABLES ? "" : " (" + h.table() + ")") + " is version " + newest
                    + ", newer than this driftwarden knows (" + h.version()
                    + "): it was upgraded by a newer release; run that release (or newer) against it");
        }
    }

    /**
     * True when every migration up to the history's version is applied and none failed: then Flyway, whose start-up
     * is a quarter of a one-host audit's CPU, has nothing to do. Anything else (no history table yet, an older or a
     * failed schema) goes through Flyway, which migrates or says what is wrong.
     */
    private static boolean current(Connection c, History h) {
        try (var st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT COUNT(*), MAX(CAST(\"version\" AS INT)), MIN(CASE WHEN \"success\" THEN 1 ELSE 0 END)"
                                + " FROM \"" + h.table()
                                + "\" WHERE \"version\" IS NOT NULL AND \"type\" <> 'BASELINE'")) {
            return rs.next() && rs.getInt(1) == h.version() && rs.getInt(2) == h.version() && rs.getInt(3) == 1;
        } catch (SQLException e) {
            return false; // not created yet, or not ours: Flyway decides
        }
    }
}
