package io.driftwarden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;

/**
 * A fleet of simulated Debian hosts for the cluster benchmark ({@code src/bench/cluster.sh}), in a JVM of its own: one
 * MINA SSH server listening on every loopback address, which tells its "hosts" apart by the address of 127.0.0.0/8
 * a client reached it on. Each host has its own ed25519 host key (in a hashed known_hosts it writes), takes only
 * public-key login with the audit key, and offers only what Debian 12's OpenSSH negotiates with driftwarden
 * ({@code curve25519-sha256}, {@code ssh-ed25519}). It answers the probe with the output recorded from a real container
 * host, patched per host: its own host name and machine id, and on every 20th host (5 %) a file mode that drifts.
 * Anything else sent to it (the possible-actors lookup) exits 127 with nothing. It prints its own CPU time every
 * ten seconds, and its set-up's, so a benchmark can show what the simulator cost beside what it measured.
 *
 * <p>Usage: {@code HostSimulator PORT HOSTS RECORDED_OUTPUT AUDIT_KEY.pub OUT_DIR}; writes {@code OUT_DIR/known_hosts}
 * and {@code OUT_DIR/inventory-N.yaml} (N = HOSTS, and 1000 for a warm-up when HOSTS is larger), then prints
 * {@code READY}.
 */
public final class HostSimulator {
    /** Every this-many-th host drifts (a file's mode), from the first: 5 %. */
    static final int DRIFT_EVERY = 20;

    private final byte[] recorded;
    private final KeyPair[] keys;
    private final PublicKey audit;
    private final ExecutorService commands = Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "sim-command");
        t.setDaemon(true);
        return t;
    });

    private HostSimulator(byte[] recorded, KeyPair[] keys, PublicKey audit) {
        this.recorded = recorded;
        this.keys = keys;
        this.audit = audit;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int hosts = Integer.parseInt(args[1]);
        byte[] recorded = Files.readAllBytes(Path.of(args[2]));
        PublicKey audit = PublicKeyEntry.parsePublicKeyEntry(
                        Files.readString(Path.of(args[3])).strip())
                .resolvePublicKey(null, null, null);
        Path out = Path.of(args[4]);
        KeyPair[] keys = new KeyPair[hosts];
        for (int i = 0; i < hosts; i++) {
            keys[i] = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        }
        writeFleet(out, keys, port);
        HostSimulator sim = new HostSimulator(recorded, keys, audit);
        SshServer server = sim.server(port);
        server.start();
        System.out.println("setup-cpu-ms " + cpuMillis());
        System.out.println("READY");
        System.out.flush();
        while (true) {
            Thread.sleep(10_000);
            System.out.println("cpu-ms " + cpuMillis());
            System.out.flush();
        }
    }

    private SshServer server(int port) {
        SshServer sshd = ServerBuilder.builder()
                .keyExchangeFactories(NamedFactory.setUpTransformedFactories(
                        false, List.of(BuiltinDHFactories.curve25519), ServerBuilder.DH2KEX))
                .signatureFactories(List.of(BuiltinSignatures.ed25519))
                .build();
        sshd.setHost("0.0.0.0"); // every 127/8 address reaches it; a session on any other address is closed at once
        sshd.setPort(port);
        sshd.setKeyPairProvider(new KeyPairProvider() {
            @Override
            public Iterable<KeyPair> loadKeys(SessionContext session) {
                int i = host(((ServerSession) session).getIoSession().getLocalAddress());
                return i < 0 ? List.of() : List.of(keys[i]);
            }
        });
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, audit));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new Probe(command));
        return sshd;
    }

    /** The host a loopback address stands for (127.1.B.C: B * 250 + C - 1), or -1. */
    static int host(SocketAddress local) {
        if (!(local instanceof InetSocketAddress a)) {
            return -1;
        }
        byte[] b = a.getAddress().getAddress();
        if (b.length != 4 || b[0] != 127 || b[1] != 1) {
            return -1;
        }
        return (b[2] & 0xff) * 250 + (b[3] & 0xff) - 1;
    }

    static String address(int host) {
        return "127.1." + host / 250 + "." + (host % 250 + 1);
    }

    /** One exec: reads the script to its end, answers the probe with this host's output, anything else with 127. */
    private final class Probe implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private org.apache.sshd.server.ExitCallback exit;

        Probe(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {}

        @Override
        public void setExitCallback(org.apache.sshd.server.ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, org.apache.sshd.server.Environment env) {
            int host = host(channel.getSession().getIoSession().getLocalAddress());
            commands.execute(() -> {
                try {
                    byte[] script = in.readAllBytes();
                    if (host < 0
                            || !command.equals("/bin/sh -s")
                            || !new String(script, 0, Math.min(64, script.length), StandardCharsets.US_ASCII)
                                    .startsWith("# driftwarden probe ")) {
                        exit.onExit(127);
                        return;
                    }
                    out.write(output(host));
                    out.flush();
                    exit.onExit(0);
                } catch (IOException e) {
                    exit.onExit(1, e.getMessage());
                }
            });
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }

    /** The recorded output as this host would print it: its name and machine id; a drifting mode on every 20th. */
    byte[] output(int host) {
        String text = new String(recorded, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        lines.remove(lines.size() - 1); // the END line, made again below
        String[] h = lines.get(0).split(" ");
        h[2] = "sim-" + host;
        h[3] = String.format("%032x", host + 1);
        lines.set(0, String.join(" ", h));
        if (host % DRIFT_EVERY == 0) {
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split(" ");
                if (f[0].equals("F") && f.length > 4 && f[2].equals("ok")) {
                    f[4] = f[4].equals("666") ? "644" : "666"; // a hotfix: world-writable
                    lines.set(i, String.join(" ", f));
                    break;
                }
            }
        }
        String body = String.join("\n", lines) + "\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (body + "END " + lines.size() + " " + sha256(b) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeFleet(Path out, KeyPair[] keys, int port) throws Exception {
        Files.createDirectories(out);
        SecureRandom random = new SecureRandom();
        Mac mac = Mac.getInstance("HmacSHA1");
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            byte[] salt = new byte[20];
            random.nextBytes(salt);
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            byte[] hash = mac.doFinal(("[" + address(i) + "]:" + port).getBytes(StandardCharsets.US_ASCII));
            known.append("|1|")
                    .append(Base64.getEncoder().encodeToString(salt))
                    .append('|')
                    .append(Base64.getEncoder().encodeToString(hash))
                    .append(' ')
                    .append(PublicKeyEntry.toString(keys[i].getPublic()))
                    .append('\n');
        }
        Files.writeString(out.resolve("known_hosts"), known);
        for (int n : keys.length > 1000 ? new int[] {1000, keys.length} : new int[] {keys.length}) {
            StringBuilder inv = new StringBuilder("hosts:\n");
            for (int i = 0; i < n; i++) {
                inv.append(String.format("  sim-%05d: {address: %s, port: %d}%n", i, address(i), port));
            }
            Files.writeString(out.resolve("inventory-" + n + ".yaml"), inv);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }
}
