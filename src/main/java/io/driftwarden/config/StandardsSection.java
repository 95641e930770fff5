package io.driftwarden.config;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Values;
import io.driftwarden.yaml.YNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads {@code standards}: a directory ({@code standards: DIR}), or a git repository
 * ({@code standards: {git: URL, ref, checkout, known_hosts, identity_file, credentials_file, timeout}}).
 */
final class StandardsSection {
    /** What a URL may start with: what JGit fetches over without a local git binary, and nothing that runs commands. */
    private static final Pattern SCHEMES =
            Pattern.compile("(https://|ssh://|file://|http://(localhost|127\\.[0-9.]+|\\[::1\\])[:/]).*"
                    + "|[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:.+");

    /** {@code user:password@} in an http(s) URL. */
    private static final Pattern USERINFO = Pattern.compile("^https?://[^/@]*:[^/@]*@");
    /** A branch or tag name without revision syntax ({@code ~ ^ : @{ ..}); a commit is 40 hex digits, which fits. */
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/+-]{0,199}");

    /** The directory the bundle is read from (for git: where the fetched tree is exported), and the git source. */
    record Read(Path dir, Config.GitSource git) {}

    private StandardsSection() {}

    static Read read(MapReader r, Path base) {
        return read(r, base, "standards", "standards");
    }

    /**
     * A directory, or {@code {git: URL, ref, checkout, ...}} under {@code key} ({@code standards}, or
     * {@code approvals_dir} for change records delivered from their own repository); {@code dflt} null: absent is
     * none.
     */
    static Read read(MapReader r, Path base, String key, String dflt) {
        var node = r.node(key);
        if (node.isEmpty() || !(node.get() instanceof YNode.Map)) {
            String dir = node.flatMap(n -> Values.string(n, key, r.problems())).orElse(dflt);
            return new Read(dir == null ? null : base.resolve(dir).normalize(), null);
        }
        MapReader m = MapReader.of(node.get(), key, r.problems()).orElseThrow();
        String url = m.requireString("git").orElse("");
        if (!url.isEmpty() && !SCHEMES.matcher(url).matches()) {
            m.problems()
                    .add(
                            m.keyMark("git"),
                            key + ".git",
                            "must be an https://, ssh://, user@host:path or file:// URL"
                                    + " (http:// only to loopback), got '" + url + "'");
        } else if (USERINFO.matcher(url).find()) {
            // a token in the URL would be logged and mailed with every message that names the remote
            m.problems()
                    .add(
                            m.keyMark("git"),
                            key + ".git",
                            "carries a password or token: put it in " + key + ".credentials_file instead");
        }
        String ref = m.optString("ref").orElse("main");
        if (!REF.matcher(ref).matches()
                || ref.contains("..")
                || ref.contains("//")
                || ref.endsWith(".lock")
                || ref.endsWith("/")) {
            m.problems().add(m.keyMark("ref"), key + ".ref", "must be a branch, tag or commit name, got '" + ref + "'");
        }
        Path checkout = m.requireString("checkout")
                .map(base::resolve)
                .map(Path::normalize)
                .orElse(base);
        Path knownHosts = path(m, "known_hosts", base);
        Path identity = path(m, "identity_file", base);
        Path credentials = path(m, "credentials_file", base);
        Duration timeout = ConfigLoader.duration(m, "timeout", Duration.ofSeconds(60));
        m.finish();
        // the bundle a run admits is the tree exported for the fetched commit: <checkout>/tree links to it
        return new Read(
                checkout.resolve("tree"),
                new Config.GitSource(url, ref, checkout, knownHosts, identity, credentials, timeout));
    }

    /** The SSH files default to the audit's own ({@code ssh.known_hosts}, {@code ssh.identity_file}). */
    static Config.GitSource withSshDefaults(Config.GitSource g, Config.Ssh ssh) {
        if (g == null) {
            return null;
        }
        return new Config.GitSource(
                g.url(),
                g.ref(),
                g.checkout(),
                g.knownHosts() != null ? g.knownHosts() : ssh.knownHosts(),
                g.identityFile() != null ? g.identityFile() : ssh.identityFile(),
                g.credentialsFile(),
                g.timeout());
    }

    private static Path path(MapReader m, String key, Path base) {
        return m.optString(key).map(base::resolve).map(Path::normalize).orElse(null);
    }
}
