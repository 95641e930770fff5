package io.driftwarden.store;

import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.signoff.Accepted;
import io.driftwarden.standard.ResourceParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Accepted revisions of the bundle (section 4): the highest serial and its SIGNOFF digest for the rollback rule,
 * and each revision's exact bytes, so the daemon can fall back to them and history can tell which files changed.
 */
public final class RevisionStore {
    private RevisionStore() {}

    /** The highest accepted revision, if any. */
    public static Optional<Accepted> accepted(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                        "SELECT serial, digest FROM revisions ORDER BY serial DESC, accepted_at DESC");
                ResultSet rs = st.executeQuery()) {
            return rs.next()
                    ? Optional.of(new Accepted(rs.getLong("serial"), rs.getString("digest")))
                    : Optional.empty();
        }
    }

    /** Keeps a revision and its bytes the first time it is accepted; later calls are no-ops. */
    public static void keep(Connection c, Accepted a, BundleFiles files, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM revisions WHERE digest = ?")) {
            st.setString(1, a.digest());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO revisions (digest, serial, accepted_at) VALUES (?, ?, ?)")) {
            st.setString(1, a.digest());
            st.setLong(2, a.serial());
            Store.set(st, 3, now);
            st.executeUpdate();
        }
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO revision_files (digest, path, sha256, content) VALUES (?, ?, ?, ?)")) {
            for (String p : files.paths()) {
                byte[] b = files.get(p).orElseThrow();
                st.setString(1, a.digest());
                st.setString(2, p);
                st.setString(3, ResourceParser.sha256(b));
                st.setBytes(4, b);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The exact bytes of the highest accepted revision, as a bundle rooted at {@code dir} (for messages only). */
    public static Optional<BundleFiles> acceptedBytes(Connection c, Path dir) throws SQLException {
        Optional<Accepted> a = accepted(c);
        return a.isEmpty() ? Optional.empty() : bytes(c, a.get().digest(), dir);
    }

    /** The exact bytes of a kept revision, by its SIGNOFF digest, as a bundle rooted at {@code dir} (for messages only). */
    public static Optional<BundleFiles> bytes(Connection c, String digest, Path dir) throws SQLException {
        Map<String, byte[]> files = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT path, content FROM revision_files WHERE digest = ?")) {
            st.setString(1, digest);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString("path"), rs.getBytes("content"));
                }
            }
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(new BundleFiles(dir, files, List.of()));
    }

    /** The serial a kept revision was accepted with. */
    public static Optional<Long> serialOf(Connection c, String digest) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT serial FROM revisions WHERE digest = ?")) {
            st.setString(1, digest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Each file's sha256 in every kept revision: revision digest to path to hash. */
    public static Map<String, Map<String, String>> fileHashes(Connection c) throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT digest, path, sha256 FROM revision_files");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString("digest"), d -> new TreeMap<>())
                        .put(rs.getString("path"), rs.getString("sha256"));
            }
        }
        return out;
    }
}
