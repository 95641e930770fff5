package io.driftwarden.config;

import io.driftwarden.schedule.CronCheck;
import io.driftwarden.schedule.CronWindow;
import io.driftwarden.yaml.LoadException;
import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import io.driftwarden.yaml.YNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code driftwarden.yaml}; every violation at once, each with its YAML path; unknown keys are errors. */
public final class ConfigLoader {
    /** Sections whose keys are known but whose features arrive with later versions. */
    private static final Map<String, Set<String>> LATER_SECTIONS = Map.of("alerts", Set.of("runbook_url_prefix"));

    static final String DEFAULT_STORE = "jdbc:h2:file:./var/driftwarden";

    private ConfigLoader() {}

    public static Config load(Path file) {
        return load(file, System.getenv());
    }

    /** Loads {@code file} with {@code DRIFTWARDEN_*} environment overrides applied (security keys excepted). */
    public static Config load(Path file, Map<String, String> env) {
        Path base = file.toAbsolutePath().getParent();
        Problems problems = new Problems();
        Optional<YNode> root = root(file, problems);
        Config config = root.map(n -> EnvOverrides.apply(n, env, problems))
                .flatMap(n -> MapReader.of(n, "", problems))
                .map(r -> read(r, base, problems))
                .orElse(null);
        problems.throwIfAny();
        return config;
    }

    /**
     * The {@code enforce} section of {@code file}, for {@code revert} only (the daemon never calls this). Empty when
     * the section is absent or null. Environment overrides never apply to it.
     */
    public static Optional<Enforce> enforce(Path file) {
        Path base = file.toAbsolutePath().getParent();
        Problems problems = new Problems();
        Optional<Enforce> out = root(file, problems)
                .flatMap(n -> MapReader.of(n, "", problems))
                .flatMap(r -> r.node("enforce"))
                .filter(n -> !(n instanceof YNode.Scalar s
                        && io.driftwarden.yaml.ScalarKind.of(s) == io.driftwarden.yaml.ScalarKind.NULL))
                .flatMap(n -> MapReader.of(n, "enforce", problems))
                .map(m -> {
                    String user = m.optString("user").orElse(Enforce.DEFAULT_USER);
                    Path key = m.optNullableString("identity_file")
                            .map(base::resolve)
                            .map(Path::normalize)
                            .orElse(null);
                    boolean sudo = m.optBool("sudo").orElse(false);
                    String quarantine = m.optString("quarantine_dir").orElse(Enforce.DEFAULT_QUARANTINE);
                    if (!quarantine.startsWith("/") || quarantine.contains("/../") || quarantine.endsWith("/..")) {
                        problems.add(
                                m.keyMark("quarantine_dir"),
                                "enforce.quarantine_dir",
                                "must be an absolute path on the hosts");
                    }
                    if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
                        problems.add(m.keyMark("user"), "enforce.user", "not a login name: '" + user + "'");
                    }
                    m.finish();
                    return new Enforce(user, key, sudo, quarantine);
                });
        problems.throwIfAny();
        return out;
    }

    /** The config file's YAML tree, strictly parsed; a file that cannot be read is one problem line. */
    private static Optional<YNode> root(Path file, Problems problems) {
        byte[] bytes;
        try {
            bytes = io.driftwarden.yaml.InputFile.read(file, "the config");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LoadException(file + ": no such file (the config)");
        } catch (IOException e) {
            throw new LoadException(file + ": cannot read the config: " + e.getMessage());
        }
        return StrictYaml.parse(file.toString(), bytes, problems);
    }

    private static Config read(MapReader r, Path base, Problems problems) {
        String instance = r.optString("instance").orElse("driftwarden");
        StandardsSection.Read std = StandardsSection.read(r, base);
        Path standards = std.dir();
        Path inventory = base.resolve("inventory.yaml").normalize();
        boolean ansible = false;
        var inv = r.node("inventory");
        if (inv.isPresent() && inv.get() instanceof YNode.Map) {
            MapReader m = MapReader.of(inv.get(), "inventory", problems).orElseThrow();
            var path = m.requireString("ansible");
            m.finish();
            if (path.isPresent()) {
                inventory = base.resolve(path.get()).normalize();
                ansible = true;
            }
        } else if (inv.isPresent()) {
            inventory = io.driftwarden.yaml.Values.string(inv.get(), "inventory", problems)
                    .map(base::resolve)
                    .map(Path::normalize)
                    .orElse(inventory);
        }
        Path reportsDir =
                base.resolve(r.optString("reports_dir").orElse("var/reports")).normalize();
        Path hmacKey = base.resolve(r.optString("hmac_key_file").orElse("var/hmac.key"))
                .normalize();
        Config.Store store = r.optMap("store")
                .map(m -> {
                    String url = m.optString("url").orElse(DEFAULT_STORE);
                    Duration retention = duration(m, "retention", Duration.ofDays(400));
                    if (retention.compareTo(Config.Store.MIN_RETENTION) < 0) {
                        m.problems()
                                .add(
                                        m.keyMark("retention"),
                                        "store.retention",
                                        "must be at least 90d: closed drift episodes and"
                                                + " runs are the auditors' evidence");
                    }
                    m.finish();
                    return new Config.Store(StoreUrl.resolve(url, base), retention);
                })
                .orElse(new Config.Store(StoreUrl.resolve(DEFAULT_STORE, base), Duration.ofDays(400)));
        Config.History history = r.optMap("history")
                .map(m -> {
                    Duration flap = duration(m, "flap_window", Config.History.DEFAULTS.flapWindow());
                    int resolveAfter = positive(m, "resolve_after", Config.History.DEFAULTS.resolveAfter());
                    m.finish();
                    return new Config.History(flap, resolveAfter);
                })
                .orElse(Config.History.DEFAULTS);
        Config.Email email =
                r.optMap("email").map(m -> EmailSection.read(m, base)).orElse(null);
        Config.Signoff signoff = r.optMap("signoff")
                .map(s -> {
                    Path signers = s.optNullableString("allowed_signers")
                            .map(base::resolve)
                            .map(Path::normalize)
                            .orElse(null);
                    if (signers == null) {
                        s.problems()
                                .add(
                                        s.mark(),
                                        "signoff.allowed_signers",
                                        "required: the OpenSSH allowed_signers file of the reviewers");
                    }
                    int required = positive(s, "required", 1);
                    int approvalsRequired = positive(s, "approvals_required", 1);
                    List<String> ignore = s.optStringList("ignore").orElse(Config.Signoff.DEFAULT_IGNORE);
                    int broadHosts = (int) range(s, "broad_hosts", Config.Signoff.DEFAULT_BROAD_HOSTS, 1, 100_000);
                    int broadRequired = positive(s, "broad_approvals_required", Config.Signoff.DEFAULT_BROAD_APPROVALS);
                    if (broadRequired < approvalsRequired) {
                        s.problems()
                                .add(
                                        s.keyMark("broad_approvals_required"),
                                        "signoff.broad_approvals_required",
                                        "must be at least approvals_required (" + approvalsRequired + ")");
                    }
                    List<String> protectedResources =
                            s.optStringList("protected_resources").orElse(Config.Signoff.DEFAULT_PROTECTED);
                    for (String p : protectedResources) {
                        if (io.driftwarden.approval.Breadth.Protected.parse(p).isEmpty()) {
                            s.problems()
                                    .add(
                                            s.keyMark("protected_resources"),
                                            "signoff.protected_resources",
                                            "each entry is TYPE:GLOB with a known type (file, package, service,"
                                                    + " sysctl, user, group), got '" + p + "'");
                        }
                    }
                    String mode = s.optString("protected").orElse("two-keys");
                    if (!mode.equals("two-keys") && !mode.equals("refuse")) {
                        s.problems()
                                .add(
                                        s.keyMark("protected"),
                                        "signoff.protected",
                                        "must be two-keys or refuse, got '" + mode + "'");
                    }
                    java.util.Map<String, List<String>> accounts = new java.util.TreeMap<>();
                    s.optMap("approver_accounts").ifPresent(m -> {
                        for (String principal : m.keys()) {
                            accounts.put(principal, m.optStringList(principal).orElse(List.of()));
                        }
                        m.finish();
                    });
                    String self = s.optString("self_approved").orElse("flag");
                    if (!self.equals("flag") && !self.equals("refuse")) {
                        s.problems()
                                .add(
                                        s.keyMark("self_approved"),
                                        "signoff.self_approved",
                                        "must be flag or refuse, got '" + self + "'");
                    }
                    s.finish();
                    return new Config.Signoff(
                            signers,
                            required,
                            approvalsRequired,
                            ignore,
                            broadHosts,
                            broadRequired,
                            protectedResources,
                            mode.equals("refuse"),
                            accounts,
                            self.equals("refuse"));
                })
                .orElse(null);
        Config.Approvals approvals = r.optMap("approvals")
                .map(a -> {
                    var d = Config.Approvals.DEFAULTS;
                    String ticketUrl = a.optNullableString("ticket_url").orElse(null);
                    String bad = ticketUrl == null ? null : io.driftwarden.approval.TicketLink.problem(ticketUrl);
                    if (bad != null) {
                        a.problems().add(a.keyMark("ticket_url"), "approvals.ticket_url", bad);
                    }
                    var out = new Config.Approvals(
                            duration(a, "expiring_within", d.expiringWithin()),
                            duration(a, "max_validity", d.maxValidity()),
                            duration(a, "stale_after", d.staleAfter()),
                            bad == null ? ticketUrl : null,
                            DeadlinesSection.read(a));
                    a.finish();
                    return out;
                })
                .orElse(Config.Approvals.DEFAULTS);
        Config.Ssh ssh = r.optMap("ssh").map(m -> ssh(m, base)).orElse(Config.Ssh.DEFAULTS);
        Config.Reports reports = r.optMap("reports")
                .map(ConfigLoader::reports)
                .orElse(new Config.Reports(Config.Reports.DEFAULT_SENSITIVE, null, ZoneId.of("UTC")));
        Config.Schedule schedule = r.optMap("schedule").map(m -> schedule(m)).orElse(Config.Schedule.DEFAULTS);
        Config.Http http = r.optMap("http")
                .map(m -> {
                    var d = Config.Http.DEFAULTS;
                    String listen = m.optString("listen").orElse(d.listen());
                    String api = m.optNullableString("api_listen").orElse(null);
                    Path token = m.optNullableString("api_token_file")
                            .map(base::resolve)
                            .map(Path::normalize)
                            .orElse(null);
                    for (String a : api == null ? List.of(listen) : List.of(listen, api)) {
                        if (!a.matches("[^:]+:[0-9]{1,5}")) {
                            m.problems().add(m.mark(), "http", "listen addresses are host:port, got '" + a + "'");
                        }
                    }
                    if (api != null && token == null) {
                        m.problems()
                                .add(
                                        m.mark(),
                                        "http.api_token_file",
                                        "required when api_listen is set (the API needs a bearer token)");
                    }
                    m.finish();
                    return new Config.Http(listen, api, token);
                })
                .orElse(Config.Http.DEFAULTS);
        boolean perHost = r.optMap("metrics")
                .map(m -> {
                    boolean v = m.optBool("per_host").orElse(true);
                    m.finish();
                    return v;
                })
                .orElse(true);
        for (var e : LATER_SECTIONS.entrySet()) {
            r.optMap(e.getKey()).ifPresent(section -> {
                for (String k : section.keys()) {
                    if (e.getValue().contains(k)) {
                        section.node(k);
                    }
                }
                section.finish();
            });
        }
        List<CronWindow> maintenance = maintenance(r);
        StandardsSection.Read approvalsFrom = StandardsSection.read(r, base, "approvals_dir", null);
        Path approvalsDir = approvalsDir(r, approvalsFrom.dir(), standards);
        if (approvalsFrom.git() != null
                && std.git() != null
                && approvalsFrom.git().checkout().equals(std.git().checkout())) {
            r.problems()
                    .add(
                            r.keyMark("approvals_dir"),
                            "approvals_dir.checkout",
                            "must differ from standards.checkout: each repository keeps its own");
        }
        List<Config.Webhook> webhooks = WebhooksSection.read(r, base);
        if (approvals.deadlines() != null && email == null && webhooks.isEmpty()) {
            r.problems()
                    .add(
                            r.keyMark("approvals"),
                            "approvals.remediate_within",
                            "escalations need somewhere to go: an email section or webhooks");
        }
        if (schedule.clustered() && !store.url().startsWith("jdbc:postgresql:")) {
            r.problems()
                    .add(
                            r.keyMark("schedule"),
                            "schedule.cluster",
                            "a cluster shares its runs through PostgreSQL: store.url must be a jdbc:postgresql: URL"
                                    + " (H2 is one node's store)");
        }
        r.node("enforce");
        r.finish();
        return new Config(
                instance,
                standards,
                inventory,
                ansible,
                reportsDir,
                hmacKey,
                store,
                signoff,
                approvals,
                ssh,
                reports,
                schedule,
                http,
                perHost,
                history,
                email,
                maintenance,
                StandardsSection.withSshDefaults(std.git(), ssh),
                approvalsDir,
                StandardsSection.withSshDefaults(approvalsFrom.git(), ssh),
                webhooks);
    }

    /** {@code approvals_dir}: records delivered apart from the bundle; never inside it (SIGNOFF would cover them). */
    private static Path approvalsDir(MapReader r, Path dir, Path standards) {
        if (dir != null && standards != null && dir.startsWith(standards)) {
            r.problems()
                    .add(
                            r.keyMark("approvals_dir"),
                            "approvals_dir",
                            "must not be inside standards (" + standards + "): the bundle's own approvals/ is"
                                    + " read already");
        }
        return dir;
    }

    /** {@code maintenance}: named windows, each a Quartz cron start and a duration, in a time zone. */
    private static List<CronWindow> maintenance(MapReader r) {
        List<CronWindow> out = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (MapReader m : r.mapList("maintenance", "{name, cron, duration, time_zone}")) {
            String name = m.requireString("name").orElse("?");
            if (!names.add(name)) {
                m.problems().add(m.keyMark("name"), m.childPath("name"), "window '" + name + "' is defined twice");
            }
            String cron = m.requireString("cron").orElse(null);
            String bad = cron == null ? "required" : CronCheck.problem(cron);
            if (cron != null && bad != null) {
                m.problems().add(m.keyMark("cron"), m.childPath("cron"), bad);
            }
            Duration d = duration(m, "duration", Duration.ZERO);
            if (d.isZero() || d.compareTo(Duration.ofDays(7)) > 0) {
                m.problems().add(m.mark(), m.childPath("duration"), "required, more than 0 and at most 7d");
            }
            ZoneId zone = zone(m, "time_zone");
            m.finish();
            if (bad == null) {
                out.add(new CronWindow(name, cron, d, zone));
            }
        }
        return out;
    }

    static ZoneId zone(MapReader m, String key) {
        return m.optString(key)
                .flatMap(z -> {
                    try {
                        return Optional.of(ZoneId.of(z));
                    } catch (DateTimeException e) {
                        m.problems().add(m.keyMark(key), m.childPath(key), "unknown time zone '" + z + "'");
                        return Optional.empty();
                    }
                })
                .orElse(ZoneId.of("UTC"));
    }

    private static Config.Schedule schedule(MapReader s) {
        var d = Config.Schedule.DEFAULTS;
        String cron = s.optString("cron").orElse(d.cron());
        String problem = io.driftwarden.schedule.CronCheck.problem(cron);
        if (problem != null) {
            s.problems().add(s.keyMark("cron"), "schedule.cron", problem);
        }
        ZoneId zone = zone(s, "time_zone");
        Duration deadline = duration(s, "run_deadline", d.runDeadline());
        Config.Cluster cluster = null;
        if (s.optBool("cluster").orElse(false)) {
            var c = Config.Cluster.DEFAULTS;
            Duration lease = duration(s, "shard_lease", c.shardLease());
            // a dead node's shard is taken over one lease after its last renewal: leave room for that, twice over
            Duration most = deadline.dividedBy(4);
            if (lease.compareTo(Duration.ofSeconds(10)) < 0 || lease.compareTo(most) > 0) {
                s.problems()
                        .add(
                                s.keyMark("shard_lease"),
                                "schedule.shard_lease",
                                "must be between 10s and a quarter of run_deadline (" + most.toSeconds() + "s), got "
                                        + lease.toSeconds() + "s");
                lease = c.shardLease();
            }
            cluster = new Config.Cluster(lease, (int) range(s, "shard_size", c.shardSize(), 1, 10_000));
        } else {
            for (String k : List.of("shard_lease", "shard_size")) {
                if (s.keys().contains(k)) {
                    s.node(k);
                    s.problems().add(s.keyMark(k), "schedule." + k, "only means something with cluster: true");
                }
            }
        }
        s.finish();
        return new Config.Schedule(cron, zone, deadline, cluster);
    }

    private static Config.Ssh ssh(MapReader s, Path base) {
        var d = Config.Ssh.DEFAULTS;
        java.util.function.Function<String, Path> path = k ->
                s.optNullableString(k).map(base::resolve).map(Path::normalize).orElse(null);
        Path identity = path.apply("identity_file");
        Path passphrase = path.apply("passphrase_file");
        Path knownHosts = path.apply("known_hosts");
        String proxyJump = s.optNullableString("proxy_jump").orElse(null);
        var out = new Config.Ssh(
                s.optString("user").orElse(d.user()),
                (int) range(s, "port", d.port(), 1, 65535),
                identity,
                passphrase,
                knownHosts,
                proxyJump,
                duration(s, "connect_timeout", d.connectTimeout()),
                duration(s, "host_timeout", d.hostTimeout()),
                (int) range(s, "concurrency", d.concurrency(), 1, 4096),
                s.optBool("sudo").orElse(d.sudo()));
        s.finish();
        return out;
    }

    private static Config.Reports reports(MapReader s) {
        List<String> paths = s.optStringList("sensitive_paths").orElse(Config.Reports.DEFAULT_SENSITIVE);
        String base = s.optNullableString("report_base_url").orElse(null);
        ZoneId zone = s.optString("display_time_zone")
                .flatMap(z -> {
                    try {
                        return Optional.of(ZoneId.of(z));
                    } catch (DateTimeException e) {
                        s.problems()
                                .add(
                                        s.keyMark("display_time_zone"),
                                        s.childPath("display_time_zone"),
                                        "unknown time zone '" + z + "'");
                        return Optional.empty();
                    }
                })
                .orElse(ZoneId.of("UTC"));
        s.finish();
        return new Config.Reports(paths, base, zone);
    }

    private static int positive(MapReader s, String key, int dflt) {
        return (int) range(s, key, dflt, 1, 100);
    }

    private static long range(MapReader s, String key, long dflt, long min, long max) {
        long v = s.optLong(key).orElse(dflt);
        if (v < min || v > max) {
            s.problems().add(s.keyMark(key), s.childPath(key), "must be between " + min + " and " + max + ", got " + v);
            return dflt;
        }
        return v;
    }

    static Duration duration(MapReader s, String key, Duration dflt) {
        return s.optString(key)
                .flatMap(t -> {
                    Optional<Duration> d = DurationText.parse(t);
                    if (d.isEmpty()) {
                        s.problems()
                                .add(
                                        s.keyMark(key),
                                        s.childPath(key),
                                        "must be a duration like 10s, 50m, 24h or 7d, got '" + t + "'");
                    }
                    return d;
                })
                .orElse(dflt);
    }
}
