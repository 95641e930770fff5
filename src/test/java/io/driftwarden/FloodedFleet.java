package io.driftwarden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Two image hosts under {@code dir}: {@code big}, whose exclusive {@code /etc/cron.d} holds {@code entries}
 * unmanaged entries, and {@code small}, with one ordinary drift (its motd is 0666, the standard wants 0644); the
 * standard in {@code dir/standards/base.yaml}. Returns the inventory lines of both hosts.
 */
public final class FloodedFleet {
    private FloodedFleet() {}

    public static String write(Path dir, int entries) throws IOException {
        Files.writeString(Files.createDirectories(dir.resolve("standards")).resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/cron.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/motd
                    mode: "0644"
                """);
        Path flooded = Files.createDirectories(dir.resolve("roots/big/etc/cron.d"));
        for (int i = 0; i < entries; i++) {
            Files.createFile(flooded.resolve(String.format("job-%06d", i)));
        }
        Files.writeString(dir.resolve("roots/big/etc/motd"), "hi\n");
        Files.createDirectories(dir.resolve("roots/small/etc/cron.d"));
        Path motd = Files.writeString(dir.resolve("roots/small/etc/motd"), "hi\n");
        Files.setPosixFilePermissions(motd, PosixFilePermissions.fromString("rw-rw-rw-"));
        return "  big: {transport: image, root: roots/big}\n  small: {transport: image, root: roots/small}\n";
    }
}
