package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code standard capture --package-versions}: what each mode writes, and that a standard captured in that mode
 * judges the same host compliant, and an upgrade or a downgrade the way the mode promises.
 */
class CaptureCommandTest {
    @TempDir
    Path dir;

    /** nginx on one architecture; libc6 on two, at different versions (one entry per architecture when pinned). */
    private static String status(String nginx) {
        return """
                Package: nginx
                Status: install ok installed
                Architecture: amd64
                Version: %s

                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Version: 2.36-9+deb12u4

                Package: libc6
                Status: install ok installed
                Architecture: i386
                Version: 2.36-9+deb12u3

                Package: old-tool
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 1.0-1
                """.formatted(nginx);
    }

    private ImageFleet fleet(String nginx) throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", "");
        Path dpkg = Files.createDirectories(dir.resolve("roots/web-1/var/lib/dpkg"));
        Files.writeString(dpkg.resolve("status"), status(nginx));
        return fleet;
    }

    private CliRun capture(ImageFleet fleet, String... mode) {
        String[] args = {
            "standard",
            "capture",
            "--host",
            "web-1",
            "--types",
            "packages",
            "--config",
            fleet.config().toString()
        };
        String[] all = java.util.Arrays.copyOf(args, args.length + mode.length);
        System.arraycopy(mode, 0, all, args.length, mode.length);
        return CliRun.of(all);
    }

    /** Audits web-1 against base.yaml and the captured standard, after its nginx moved to {@code nginx}. */
    private int auditWith(ImageFleet fleet, String captured, String nginx) throws Exception {
        Files.writeString(dir.resolve("standards/captured.yaml"), captured);
        Files.writeString(dir.resolve("roots/web-1/var/lib/dpkg/status"), status(nginx));
        CliRun audit = fleet.audit("--at", "2026-11-23T14:00:00Z");
        assertThat(audit.err()).isEmpty();
        return audit.exit();
    }

    @Test
    void presentByDefaultDemandsOnlyThatEachPackageIsInstalled() throws Exception {
        ImageFleet fleet = fleet("1.22.1-9");
        CliRun capture = capture(fleet);
        assertThat(capture.exit()).as(capture.err()).isZero();
        assertThat(capture.out())
                .contains("  - package: \"libc6\"\n  - package: \"nginx\"\n")
                .doesNotContain("version:")
                .doesNotContain("old-tool")
                .doesNotContain("i386");
        String resources = capture.out().substring(capture.out().indexOf("resources:"));
        assertThat(capture(fleet, "--package-versions", "present").out()).endsWith(resources);
        assertThat(auditWith(fleet, capture.out(), "1.22.1-9")).isZero();
        assertThat(auditWith(fleet, capture.out(), "1.22.1-9+deb12u1"))
                .as("upgraded")
                .isZero();
        assertThat(auditWith(fleet, capture.out(), "1.18.0-6")).as("downgraded").isZero();
    }

    @Test
    void exactPinsTheCapturedVersion() throws Exception {
        ImageFleet fleet = fleet("1:1.22.1-9");
        CliRun capture = capture(fleet, "--package-versions", "exact");
        assertThat(capture.exit()).as(capture.err()).isZero();
        assertThat(capture.out()).contains("""
                  - package: "libc6:amd64"
                    version: "2.36-9+deb12u4"
                  - package: "libc6:i386"
                    version: "2.36-9+deb12u3"
                  - package: "nginx"
                    version: "1:1.22.1-9"
                """);
        assertThat(auditWith(fleet, capture.out(), "1:1.22.1-9")).isZero();
        assertThat(auditWith(fleet, capture.out(), "1:1.22.1-9+deb12u1"))
                .as("upgraded")
                .isEqualTo(2);
        assertThat(auditWith(fleet, capture.out(), "1:1.18.0-6"))
                .as("downgraded")
                .isEqualTo(2);
    }

    @Test
    void floorPinsTheCapturedVersionAsAMinimum() throws Exception {
        ImageFleet fleet = fleet("1:1.22.1-9");
        CliRun capture = capture(fleet, "--package-versions", "floor");
        assertThat(capture.exit()).as(capture.err()).isZero();
        assertThat(capture.out()).contains("""
                  - package: "libc6:amd64"
                    version: ">= 2.36-9+deb12u4"
                  - package: "libc6:i386"
                    version: ">= 2.36-9+deb12u3"
                  - package: "nginx"
                    version: ">= 1:1.22.1-9"
                """);
        assertThat(auditWith(fleet, capture.out(), "1:1.22.1-9")).isZero();
        assertThat(auditWith(fleet, capture.out(), "1:1.22.1-9+deb12u1"))
                .as("upgraded")
                .isZero();
        assertThat(auditWith(fleet, capture.out(), "1:1.22.1-8"))
                .as("downgraded")
                .isEqualTo(2);
        assertThat(auditWith(fleet, capture.out(), "1.99-1"))
                .as("a lower epoch is older")
                .isEqualTo(2);
    }

    @Test
    void anUnknownModeIsAUsageMistake() throws Exception {
        CliRun capture = capture(fleet("1.22.1-9"), "--package-versions", "latest");
        assertThat(capture.exit()).isEqualTo(1);
        assertThat(capture.out()).isEmpty();
        assertThat(capture.err())
                .startsWith("usage: Invalid value for option '--package-versions'")
                .contains("'latest'")
                .endsWith("Try 'driftwarden help standard capture'.\n");
        assertThat(capture.err().lines().count()).isEqualTo(1);
    }
}
