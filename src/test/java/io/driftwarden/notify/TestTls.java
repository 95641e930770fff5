package io.driftwarden.notify;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test-only TLS identity for "localhost" and 127.0.0.1, made once per JVM with the JDK's keytool (GreenMail reads
 * its keystore once per JVM). {@link #CA} is the certificate the mail client is told to trust.
 */
public final class TestTls {
    public static final Path DIR = Path.of("target", "test-tls").toAbsolutePath();
    public static final Path KEYSTORE = DIR.resolve("server.p12");
    public static final Path CA = DIR.resolve("ca.pem");
    public static final String PASSWORD = "changeit";

    private TestTls() {}

    public static synchronized void ensure() throws Exception {
        if (!Files.exists(CA)) {
            Files.createDirectories(DIR);
            Files.deleteIfExists(KEYSTORE);
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "greenmail",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "30",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore",
                    KEYSTORE.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD);
            run(
                    keytool,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "greenmail",
                    "-keystore",
                    KEYSTORE.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    CA.toString());
        }
        System.setProperty("greenmail.tls.keystore.file", KEYSTORE.toString());
        System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        System.setProperty("greenmail.tls.key.password", PASSWORD);
    }

    public static SSLContext serverContext() throws Exception {
        ensure();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }
}
