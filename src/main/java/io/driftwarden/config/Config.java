package io.driftwarden.config;

import io.driftwarden.schedule.CronWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The daemon's settings, validated and with every default applied. Paths are already resolved
 * against the config file's directory. {@code approvalsDir}: change records delivered apart from the bundle
 * (null: only the bundle's {@code approvals/}); {@code approvalsGit}: when they are fetched from a repository, whose
 * exported tree is {@code approvalsDir}.
 */
public record Config(
        String instance,
        Path standards,
        Path inventory,
        boolean ansibleInventory,
        Path reportsDir,
        Path hmacKeyFile,
        Store store,
        Signoff signoff,
        Approvals approvals,
        Ssh ssh,
        Reports reports,
        Schedule schedule,
        Http http,
        boolean metricsPerHost,
        History history,
        Email email,
        List<CronWindow> maintenance,
        GitSource standardsGit,
        Path approvalsDir,
        GitSource approvalsGit,
        List<Webhook> webhooks) {
    public Config {
        maintenance = List.copyOf(maintenance);
        webhooks = List.copyOf(webhooks);
    }

    /** The same settings with the bundle read from {@code dir} (the tree a git source exported for this run). */
    public Config withStandards(Path dir) {
        return new Config(
                instance,
                dir,
                inventory,
                ansibleInventory,
                reportsDir,
                hmacKeyFile,
                store,
                signoff,
                approvals,
                ssh,
                reports,
                schedule,
                http,
                metricsPerHost,
                history,
                email,
                maintenance,
                standardsGit,
                approvalsDir,
                approvalsGit,
                webhooks);
    }

    /**
     * {@code standards: {git: URL, ...}}: the bundle is fetched from a repository at each run (null: a directory).
     * Git is transport only: the exported tree is verified by SIGNOFF exactly as a directory is. {@code checkout}
     * holds the local repository and the exported trees; SSH uses {@code knownHosts} and {@code identityFile},
     * HTTPS an optional {@code credentialsFile} in git-credentials form.
     */
    public record GitSource(
            String url,
            String ref,
            Path checkout,
            Path knownHosts,
            Path identityFile,
            Path credentialsFile,
            Duration timeout) {}

    /** The maintenance window open at {@code at}, if any (notifications wait for its end; classification never does). */
    public java.util.Optional<CronWindow> maintenanceAt(java.time.Instant at) {
        return maintenance.stream().filter(w -> w.openAt(at).isPresent()).findFirst();
    }

    /**
     * {@code store}: a JDBC URL (an H2 file path is already resolved against the config file) and how long
     * closed history is kept; open episodes, accepted revisions and the outbox are never pruned.
     */
    public record Store(String url, Duration retention) {
        public static final Duration MIN_RETENTION = Duration.ofDays(90);
    }

    /**
     * {@code history}: an episode reopened within the flap window counts as a flap; {@code resolveAfter} clean runs in
     * a row before the host resolves a drift (1: the first clean run).
     */
    public record History(Duration flapWindow, int resolveAfter) {
        public static final History DEFAULTS = new History(Duration.ofHours(24), 1);
    }

    /** {@code email}: null when the section is absent (no mail). The password comes from a file, never YAML. */
    public record Email(
            String host,
            int port,
            String security,
            String username,
            Path passwordFile,
            Path caFile,
            String from,
            List<String> to,
            MailPolicyName policy,
            long maxBytes,
            Duration timeout,
            Duration retryAfter,
            Duration sendDeadline,
            List<Route> routes,
            Digest digest,
            List<String> reviewers) {
        public Email {
            to = List.copyOf(to);
            routes = List.copyOf(routes);
            reviewers = List.copyOf(reviewers);
        }

        /** Without reviewers: security and approval mails go to {@code to} only. */
        public Email(
                String host,
                int port,
                String security,
                String username,
                Path passwordFile,
                Path caFile,
                String from,
                List<String> to,
                MailPolicyName policy,
                long maxBytes,
                Duration timeout,
                Duration retryAfter,
                Duration sendDeadline,
                List<Route> routes,
                Digest digest) {
            this(
                    host,
                    port,
                    security,
                    username,
                    passwordFile,
                    caFile,
                    from,
                    to,
                    policy,
                    maxBytes,
                    timeout,
                    retryAfter,
                    sendDeadline,
                    routes,
                    digest,
                    List.of());
        }
    }

    /**
     * {@code email.routes}: extra recipients of an immediate report when a notable change is on a host that one of
     * these standards selects or that is in one of these groups.
     */
    public record Route(List<String> standards, List<String> groups, List<String> to) {
        public Route {
            standards = List.copyOf(standards);
            groups = List.copyOf(groups);
            to = List.copyOf(to);
        }
    }

    /** {@code email.digest}: one mail per occurrence of {@code at} to {@code to}, with everything since the last one. */
    public record Digest(List<String> to, CronWindow at) {
        public Digest {
            to = List.copyOf(to);
        }
    }

    /**
     * {@code schedule}: a Quartz cron (seconds first) in a time zone; hosts not started by the deadline are skipped;
     * {@code cluster}: null for one node, else how the nodes sharing the store's PostgreSQL share each run.
     */
    public record Schedule(String cron, ZoneId timeZone, Duration runDeadline, Cluster cluster) {
        public static final Schedule DEFAULTS = new Schedule("0 0 * * * ?", ZoneId.of("UTC"), Duration.ofMinutes(50));

        public Schedule(String cron, ZoneId timeZone, Duration runDeadline) {
            this(cron, timeZone, runDeadline, null);
        }

        public boolean clustered() {
            return cluster != null;
        }
    }

    /**
     * {@code schedule.cluster: true}: each run's hosts split in shards of {@code shardSize}, each held under a lease of
     * {@code shardLease} (renewed a third of the way through, so a dead node's shard is taken over after at most one
     * lease); each node checks in with Quartz every {@code CHECKIN}.
     */
    public record Cluster(Duration shardLease, int shardSize) {
        public static final Cluster DEFAULTS = new Cluster(Duration.ofSeconds(60), 25);
        /** Quartz's cluster check-in: a node silent for this plus Quartz's 7.5 s grace is taken as dead. */
        public static final Duration CHECKIN = Duration.ofMillis(7500);
    }

    /** {@code http}: the metrics listener, and the optional API listener with its bearer token file. */
    public record Http(String listen, String apiListen, Path apiTokenFile) {
        public static final Http DEFAULTS = new Http("127.0.0.1:9464", null, null);
    }

    /**
     * {@code signoff}: null when the section is absent (only allowed with --insecure-unsigned). A record is broad
     * when it reaches more than {@code broadHosts} hosts (or all), is open-ended, approves any property, or names
     * one of {@code protectedResources}; a broad record needs {@code broadApprovalsRequired} approver keys, and
     * with {@code refuseProtected} a record naming a protected resource approves nothing at all.
     * {@code approverAccounts} maps an approver's principal to its host logins (default: the principal's local
     * part), to tell a self-approved drift; with {@code refuseSelfApproved} such a record approves nothing from the
     * next run on.
     */
    public record Signoff(
            Path allowedSigners,
            int required,
            int approvalsRequired,
            List<String> ignore,
            int broadHosts,
            int broadApprovalsRequired,
            List<String> protectedResources,
            boolean refuseProtected,
            Map<String, List<String>> approverAccounts,
            boolean refuseSelfApproved) {
        public static final List<String> DEFAULT_IGNORE = List.of(".git/**");
        public static final int DEFAULT_BROAD_HOSTS = 10;
        public static final int DEFAULT_BROAD_APPROVALS = 2;
        /** What lets someone in or runs as root: a deviation there is never one approver's call. */
        public static final List<String> DEFAULT_PROTECTED = List.of(
                "file:/etc/ssh/sshd_config",
                "file:/etc/ssh/sshd_config.d",
                "file:/etc/ssh/sshd_config.d/**",
                "file:/etc/ssh/authorized_keys/**",
                "file:**/.ssh/authorized_keys*",
                "file:**/.ssh",
                "file:**/.ssh/**",
                "package:openssh-server",
                "package:openssh-server:*",
                "service:ssh.service",
                "service:ssh.socket",
                "service:sshd.service",
                "file:/etc/sudoers",
                "file:/etc/sudoers.d",
                "file:/etc/sudoers.d/**",
                "package:sudo",
                "package:sudo:*",
                "file:/etc/pam.d",
                "file:/etc/pam.d/**",
                "file:/etc/security/**",
                "file:/usr/libexec/driftwarden/**",
                "file:/etc/driftwarden/**",
                "package:driftwarden-probe");

        public Signoff {
            ignore = List.copyOf(ignore);
            protectedResources = List.copyOf(protectedResources);
            approverAccounts = Map.copyOf(approverAccounts);
        }
    }

    /**
     * {@code approvals}: when a record counts as expiring, the longest it may be valid, when an unused one is stale,
     * and the ticket link template ({@code {ticket}} replaced by the percent-encoded ticket; null: none).
     */
    public record Approvals(
            Duration expiringWithin, Duration maxValidity, Duration staleAfter, String ticketUrl, Deadlines deadlines) {
        public static final Approvals DEFAULTS =
                new Approvals(Duration.ofDays(7), Duration.ofDays(90), Duration.ofHours(24), null, null);

        public Approvals(Duration expiringWithin, Duration maxValidity, Duration staleAfter, String ticketUrl) {
            this(expiringWithin, maxValidity, staleAfter, ticketUrl, null);
        }
    }

    /**
     * {@code approvals.remediate_within} and {@code approvals.escalation}: how long unapproved drift may stay open
     * (a default, and per standard), then who hears of it, level by level ({@code after} counted from the deadline),
     * and how often the highest level reached is reminded (zero: never).
     */
    public record Deadlines(
            Duration remediateWithin, Map<String, Duration> perStandard, List<Level> levels, Duration remindEvery) {
        public Deadlines {
            perStandard = Map.copyOf(perStandard);
            levels = List.copyOf(levels);
        }

        /** The time allowed for drift a standard declares (null or unknown standard: the default). */
        public Duration within(String standard) {
            return standard == null ? remediateWithin : perStandard.getOrDefault(standard, remediateWithin);
        }
    }

    /** One escalation level: its name, when it is due after the deadline, and its recipients (empty: email.to). */
    public record Level(String name, Duration after, List<String> to) {
        public Level {
            to = List.copyOf(to);
        }
    }

    /**
     * One outbound webhook endpoint ({@code webhooks[]}): where events go ({@code url}, or {@code urlFile} when the
     * URL itself is a credential, as Slack's is), the body ({@code json} or {@code slack}), whether personal data
     * is left out, the signing secrets (one or two, for rotation), which events, a CA to trust instead of the
     * system's, and the delivery limits.
     */
    public record Webhook(
            String name,
            String url,
            Path urlFile,
            String format,
            boolean minimal,
            List<Secret> secrets,
            List<String> events,
            Path caFile,
            Duration connectTimeout,
            Duration timeout,
            int maxAttempts,
            Duration retryAfter) {
        public Webhook {
            secrets = List.copyOf(secrets);
            events = List.copyOf(events);
        }

        /** Whether this endpoint takes the event ({@code all} takes every one). */
        public boolean wants(String event) {
            return events.contains("all") || events.contains(event);
        }

        @Override
        public String toString() {
            return "webhook " + name; // never the URL or the secrets' paths in a log line
        }
    }

    /** A webhook signing secret: its key id (sent with each signature) and the file holding it. */
    public record Secret(String id, Path file) {}

    /** {@code ssh}: paths resolved against the config file; the passphrase itself is never in YAML. */
    public record Ssh(
            String user,
            int port,
            Path identityFile,
            Path passphraseFile,
            Path knownHosts,
            String proxyJump,
            Duration connectTimeout,
            Duration hostTimeout,
            int concurrency,
            boolean sudo) {
        public static final Ssh DEFAULTS = new Ssh(
                "audit", 22, null, null, null, null, Duration.ofSeconds(10), Duration.ofSeconds(120), 32, false);
    }

    public record Reports(List<String> sensitivePaths, String reportBaseUrl, ZoneId displayTimeZone) {
        public static final List<String> DEFAULT_SENSITIVE = List.of(
                "/etc/shadow",
                "/etc/gshadow",
                "/etc/ssh/ssh_host_*_key",
                "**/*.key",
                "**/.pgpass",
                "**/.htpasswd",
                "/etc/sudoers.d/**");

        public Reports {
            sensitivePaths = List.copyOf(sensitivePaths);
        }
    }
}
