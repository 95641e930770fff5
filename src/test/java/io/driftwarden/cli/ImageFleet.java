package io.driftwarden.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A small image fleet in a directory, audited through the real CLI with an unsigned bundle: web-1 is an image root
 * whose {@code /etc/motd} mode the standard pins to 0644 and whose {@code /etc/issue} content it declares; extra
 * config lines (history, email) go into driftwarden.yaml as given.
 */
final class ImageFleet {
    final Path dir;

    ImageFleet(Path dir, String inventoryExtra, String configExtra) throws IOException {
        this.dir = dir;
        Path std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/motd
                    mode: "0644"
                  - file: /etc/issue
                    content: "Debian GNU/Linux 12\\n"
                """);
        Path etc = Files.createDirectories(dir.resolve("roots/web-1/etc"));
        Files.writeString(etc.resolve("motd"), "hello\n");
        Files.writeString(etc.resolve("issue"), "Debian GNU/Linux 12\n");
        mode("0644");
        Files.writeString(
                dir.resolve("inventory.yaml"),
                "hosts:\n  web-1: {transport: image, root: roots/web-1}\n" + inventoryExtra);
        Files.writeString(
                config(),
                "instance: prod\nstandards: standards\ninventory: inventory.yaml\nreports_dir: reports\n"
                        + "hmac_key_file: state/key\nstore: {url: \"jdbc:h2:file:./state/driftwarden\"}\n"
                        + configExtra);
    }

    Path config() {
        return dir.resolve("driftwarden.yaml");
    }

    /** Sets web-1's /etc/motd mode (0644 is what the standard wants). */
    ImageFleet mode(String octal) throws IOException {
        String rwx = "";
        for (char c : octal.substring(1).toCharArray()) {
            int v = c - '0';
            rwx += ((v & 4) != 0 ? "r" : "-") + ((v & 2) != 0 ? "w" : "-") + ((v & 1) != 0 ? "x" : "-");
        }
        Files.setPosixFilePermissions(dir.resolve("roots/web-1/etc/motd"), PosixFilePermissions.fromString(rwx));
        return this;
    }

    void issue(String content) throws IOException {
        Files.writeString(dir.resolve("roots/web-1/etc/issue"), content);
    }

    CliRun audit(String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "audit";
        args[1] = "--config";
        args[2] = config().toString();
        args[3] = "--insecure-unsigned";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.of(args);
    }
}
