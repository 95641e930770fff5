package io.driftwarden.collect.ssh;

import io.driftwarden.collect.FailureKind;
import io.driftwarden.collect.HostIdentity;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.collect.ProbeFormatException;
import io.driftwarden.collect.ProbeOutputParser;
import io.driftwarden.collect.ProbeScript;
import io.driftwarden.inventory.Host;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Observes a host over SSH with one shared MINA client: one session, one exec of the fixed probe, bounded
 * in time and output. Failures are values: unreachable, host_key, auth, timeout, probe.
 */
public final class SshTransport implements HostTransport, AutoCloseable {
    public static final long MAX_OUTPUT = 256L * 1024 * 1024;
    public static final String PINNED_PATH = "/usr/libexec/driftwarden/probe";
    /** The first line the pinned probe must print: its version and the sha256 of exactly this version's copy. */
    static final String PINNED_HEADER = "DRIFTWARDEN-PROBE " + ProbeScript.VERSION + " "
            + io.driftwarden.standard.ResourceParser.sha256(ProbeScript.pinned().getBytes(StandardCharsets.UTF_8));

    private final SshClient client;
    private final SshSettings settings;
    private final FileKeyPairProvider keys;
    private final AgentSocket agent;
    private final StrictKnownHosts knownHosts;
    private final Handshake handshakes;
    /** Hosts of one standard mostly get the same request: its script is built once (bounded for the daemon). */
    private final java.util.Map<ObservationRequest, ProbeScript> scripts =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SshTransport(SshSettings settings) {
        this.settings = settings;
        this.client = SshClient.setUpDefaultClient();
        client.setKeyExchangeFactories(KexPreference.factories());
        SessionFacts facts = new SessionFacts();
        KnownHostsFile knownHostsFile = new KnownHostsFile(settings.knownHosts());
        this.knownHosts = new StrictKnownHosts(knownHostsFile, facts);
        client.setServerKeyVerifier(knownHosts);
        client.setGlobalRequestHandlers(HostKeysAnnouncement.clientHandlers());
        client.addSessionListener(new HostKeyOrder(knownHostsFile));
        this.handshakes = new Handshake(facts, knownHosts);
        client.addSessionListener(handshakes);
        if (settings.identityFile() != null) {
            keys = new FileKeyPairProvider(settings.identityFile());
            if (settings.passphrase() != null) {
                String pass = new String(settings.passphrase());
                keys.setPasswordFinder(FilePasswordProvider.of(pass));
            }
            client.setKeyIdentityProvider(keys);
            agent = null;
        } else {
            keys = null;
            agent = new AgentSocket(settings.agentSocket());
            client.setKeyIdentityProvider(org.apache.sshd.common.keyprovider.KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            client.setAgentFactory(agent);
        }
        client.setUserInteraction(null);
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, settings.hostTimeout());
        client.start();
    }

    @Override
    public HostObservation observe(Host host, ObservationRequest request) {
        if (scripts.size() > 256) {
            scripts.clear();
        }
        ProbeScript script = scripts.computeIfAbsent(request, ProbeScript::of);
        long deadline = System.nanoTime() + settings.hostTimeout().toNanos();
        Opened o = open(host, deadline);
        if (o.failed() != null) {
            return o.failed();
        }
        try (ClientSession session = o.session()) {
            return run(session, script, deadline);
        } catch (IOException e) {
            HostObservation.Failed hostKey = knownHosts.refused(o.session(), e, describe(e));
            return hostKey != null ? hostKey : new HostObservation.Failed(FailureKind.UNREACHABLE, describe(e));
        }
    }

    /**
     * What a command run over ssh gave: its exit status and output, or ({@code failed}) why it never ran.
     * {@code exit} is null when the channel closed without an exit status (the host dropped it or timed out).
     */
    public record Exec(HostObservation.Failed failed, Integer exit, byte[] out, String err, boolean timedOut) {
        static Exec notRun(HostObservation.Failed f) {
            return new Exec(f, null, new byte[0], "", false);
        }
    }

    /**
     * Runs {@code command} with {@code stdin}, bounded by the host timeout and {@link #MAX_OUTPUT}. Used by
     * {@code revert} with the enforce identity; the command is fixed text, data travels in stdin only.
     */
    public Exec exec(Host host, String command, byte[] stdin) {
        long deadline = System.nanoTime() + settings.hostTimeout().toNanos();
        Opened o = open(host, deadline);
        if (o.failed() != null) {
            return Exec.notRun(o.failed());
        }
        Bounded out = new Bounded(MAX_OUTPUT);
        Bounded err = new Bounded(64 * 1024);
        try (ClientSession session = o.session();
                ChannelExec channel = session.createExecChannel(command)) {
            boolean finished = runToEnd(channel, stdin, out, err, deadline);
            return new Exec(
                    null, channel.getExitStatus(), out.toByteArray(), err.toString(StandardCharsets.UTF_8), !finished);
        } catch (IOException e) {
            // the session was up: the command may have run in part, which the caller must say
            return new Exec(null, null, out.toByteArray(), describe(e), false);
        }
    }

    @Override
    public java.util.Optional<byte[]> gather(Host host, String script) {
        Exec e = exec(host, "/bin/sh -s", script.getBytes(StandardCharsets.UTF_8));
        return e.failed() == null && Integer.valueOf(0).equals(e.exit())
                ? java.util.Optional.of(e.out())
                : java.util.Optional.empty();
    }

    /** The SHA256 fingerprint of the key this transport authenticates with (for the agent: the key it last signed with). */
    public String identityFingerprint() {
        if (agent != null) {
            return agent.signedWith();
        }
        try {
            for (java.security.KeyPair kp : keys.loadKeys(null)) {
                return KeyUtils.getFingerPrint(kp.getPublic());
            }
        } catch (RuntimeException e) {
            return "unreadable key: " + String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", "?");
        }
        return null;
    }

    private record Opened(ClientSession session, HostObservation.Failed failed) {}

    /** Connects and authenticates, or says why not: unreachable, host_key, auth. */
    private Opened open(Host host, long deadline) {
        ClientSession session;
        String where = host.address() + ":" + host.port();
        long handshakeBy = System.nanoTime() + settings.connectTimeout().toNanos(); // TCP, versions and keys
        try {
            session = connect(host);
        } catch (IOException e) {
            return new Opened(null, new HostObservation.Failed(FailureKind.UNREACHABLE, where + ": " + describe(e)));
        }
        HostObservation.Failed handshake =
                handshakes.await(session, remaining(Math.min(handshakeBy, deadline)), settings.connectTimeout(), where);
        if (handshake != null) {
            session.close(true);
            return new Opened(null, handshake);
        }
        try {
            session.auth().verify(remaining(deadline));
            return new Opened(session, null);
        } catch (IOException e) {
            HostObservation.Failed hostKey = knownHosts.refused(
                    session,
                    e,
                    "host key of " + host.address() + ":" + host.port() + " did not validate; nothing was run");
            try {
                session.close();
            } catch (IOException ignored) {
                // closing a session that failed to authenticate; the failure below says why
            }
            if (hostKey != null) {
                return new Opened(null, hostKey);
            }
            if (String.valueOf(e.getMessage())
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("timeout")) {
                // a peer that stalls after the key exchange: it did not refuse us, it stopped answering
                return new Opened(
                        null,
                        new HostObservation.Failed(
                                FailureKind.TIMEOUT,
                                where + ": authentication did not finish within" + " ssh.host_timeout ("
                                        + settings.hostTimeout().toSeconds() + "s)"));
            }
            String who = settings.identityFile() != null
                    ? "public key of " + settings.identityFile().getFileName()
                    : "the keys of the ssh-agent at " + settings.agentSocket();
            return new Opened(
                    null,
                    new HostObservation.Failed(
                            FailureKind.AUTH, who + " refused for user " + user(host) + " (" + describe(e) + ")"));
        }
    }

    private String user(Host host) {
        return settings.user() != null ? settings.user() : host.user();
    }

    private ClientSession connect(Host host) throws IOException {
        HostConfigEntry entry = new HostConfigEntry(host.address(), host.address(), host.port(), user(host));
        if (settings.proxyJump() != null) {
            entry.setProxyJump(settings.proxyJump());
        }
        org.apache.sshd.common.AttributeRepository context = org.apache.sshd.common.AttributeRepository.ofKeyValuePair(
                HostKeyOrder.TARGET,
                new org.apache.sshd.common.util.net.SshdSocketAddress(host.address(), host.port()));
        return client.connect(entry, context, null)
                .verify(settings.connectTimeout())
                .getSession();
    }

    private HostObservation run(ClientSession session, ProbeScript script, long deadline) throws IOException {
        String command = settings.sudo() ? "sudo -n " + PINNED_PATH : "/bin/sh -s";
        String stdin = settings.sudo() ? script.requestLines() : script.text();
        Bounded out = new Bounded(MAX_OUTPUT);
        Bounded err = new Bounded(64 * 1024);
        try (ChannelExec channel = session.createExecChannel(command)) {
            if (!runToEnd(channel, stdin.getBytes(StandardCharsets.UTF_8), out, err, deadline)) {
                return new HostObservation.Failed(
                        FailureKind.TIMEOUT,
                        "probe did not finish within " + settings.hostTimeout().toSeconds() + "s");
            }
            if (out.overflowed()) {
                return new HostObservation.Failed(FailureKind.PROBE, "probe output exceeds " + MAX_OUTPUT + " bytes");
            }
            byte[] output = out.toByteArray();
            if (settings.sudo()) {
                int nl = indexOf(output, (byte) '\n');
                String first = nl < 0 ? "" : new String(output, 0, nl, StandardCharsets.US_ASCII);
                if (!first.equals(PINNED_HEADER)) {
                    String stderr = err.toString(StandardCharsets.UTF_8).strip();
                    return new HostObservation.Failed(
                            FailureKind.PROBE,
                            PINNED_PATH + " is not the probe this version expects ("
                                    + (first.startsWith("DRIFTWARDEN-PROBE ")
                                            ? "it says '" + first.replaceAll("[^ -~]", "?") + "'"
                                            : stderr.isEmpty()
                                                    ? "no answer"
                                                    : stderr.lines()
                                                            .findFirst()
                                                            .orElse("")
                                                            .replaceAll("\\p{Cntrl}", "?"))
                                    + ", expected '" + PINNED_HEADER
                                    + "'); install the driftwarden-probe package of this version");
                }
                output = java.util.Arrays.copyOfRange(output, nl + 1, output.length);
            }
            Observation o;
            try {
                o = ProbeOutputParser.parse(output, script.items());
            } catch (ProbeFormatException e) {
                String stderr = err.toString(StandardCharsets.UTF_8).strip();
                return new HostObservation.Failed(
                        FailureKind.PROBE,
                        e.getMessage() + " (exit " + channel.getExitStatus() + ")"
                                + (stderr.isEmpty()
                                        ? ""
                                        : ": "
                                                + stderr.lines()
                                                        .findFirst()
                                                        .orElse("")
                                                        .replaceAll("\\p{Cntrl}", "?")));
            }
            PublicKey key = session.getServerKey();
            HostIdentity id = o.identity();
            return new HostObservation.Observed(o.withIdentity(new HostIdentity(
                    id.hostname(), id.machineId(), id.osRelease(), key == null ? null : KeyUtils.getFingerPrint(key))));
        }
    }

    /**
     * Opens {@code channel}, writes {@code stdin} and its end, and waits for the channel to close; false when the
     * deadline came first. Stdin is written on the calling thread (MINA's {@code setIn} starts a pump thread per
     * channel); a host whose window stays shut until the deadline times out the write (the channel's wait for
     * window space, set before it opened).
     */
    private static boolean runToEnd(
            ChannelExec channel, byte[] stdin, OutputStream out, OutputStream err, long deadline) throws IOException {
        channel.setOut(out);
        channel.setErr(err);
        CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(channel, remaining(deadline));
        channel.open().verify(remaining(deadline));
        try (OutputStream in = channel.getInvertedIn()) {
            in.write(stdin);
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
        return channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), remaining(deadline))
                .contains(ClientChannelEvent.CLOSED);
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }

    private String describe(IOException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        String m = String.valueOf(t.getMessage());
        if (m.toLowerCase(java.util.Locale.ROOT).contains("timeout") || m.contains("timed out")) {
            return "connect timed out after " + settings.connectTimeout().toSeconds() + "s";
        }
        return m.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (RuntimeException e) {
            // stopping is best effort at shutdown; sessions are already closed
        }
    }

    /** Keeps at most {@code cap} bytes and notes whether more came. */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final long cap;
        private boolean overflow;

        Bounded(long cap) {
            this.cap = cap;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            long room = cap - buf.size();
            if (len > room) {
                overflow = true;
            }
            buf.write(b, off, (int) Math.max(0, Math.min(len, room)));
        }

        synchronized boolean overflowed() {
            return overflow;
        }

        synchronized byte[] toByteArray() {
            return buf.toByteArray();
        }

        synchronized String toString(java.nio.charset.Charset cs) {
            return buf.toString(cs);
        }
    }
}
