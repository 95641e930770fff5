package io.driftwarden.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle file is size-checked before it is read: a huge one is one line naming it, never an OutOfMemoryError. */
class BundleFilesTest {
    static final long MIB = 1024 * 1024;

    @TempDir
    Path std;

    @BeforeEach
    void base() throws Exception {
        Files.writeString(std.resolve("base.yaml"), "standard: base\nresources:\n  - group: root\n    gid: 0\n");
    }

    /** A sparse file: its size costs no disk, and reading it whole would need {@code bytes} of heap. */
    static Path sparse(Path p, long bytes) throws Exception {
        Files.createDirectories(p.getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    @Test
    void aHugeFileIsRefusedUnreadWithOneLineNamingIt() throws Exception {
        Path huge = sparse(std.resolve("files/core.dump"), 3L * 1024 * MIB);
        assertThatThrownBy(() -> BundleFiles.read(std, List.of()))
                .isInstanceOf(LoadException.class)
                .satisfies(
                        e -> assertThat(((LoadException) e).problems())
                                .containsExactly(
                                        huge
                                                + ": a bundle file is 3221225472 bytes, over the 4194304-byte limit; refused without reading it"));
    }

    @Test
    void theCapIsFourMebibytesPerFile() throws Exception {
        sparse(std.resolve("files/big"), 4 * MIB);
        assertThat(BundleFiles.read(std, List.of()).get("files/big"))
                .hasValueSatisfying(b -> assertThat(b).hasSize((int) (4 * MIB)));
        Path over = sparse(std.resolve("files/big"), 4 * MIB + 1);
        assertThatThrownBy(() -> BundleFiles.read(std, List.of()))
                .hasMessage(over
                        + ": a bundle file is 4194305 bytes, over the 4194304-byte limit; refused without reading it");
    }

    @Test
    void manyFilesUnderTheCapStillMeetTheBundlesTotalCap() throws Exception {
        for (int i = 0; i < 17; i++) {
            sparse(std.resolve("files/part" + (char) ('a' + i)), 4 * MIB);
        }
        assertThatThrownBy(() -> BundleFiles.read(std, List.of()))
                .isInstanceOf(LoadException.class)
                .hasMessageEndingWith(": with this file the bundle is larger than 67108864 bytes; refused");
    }

    @Test
    void aPathLongerThanTheStoreKeepsIsRefused() throws Exception {
        Path deep = std.resolve("files");
        for (int i = 0; i < 5; i++) {
            deep = deep.resolve(Character.toString('a' + i).repeat(200));
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("x"), "x");
        assertThatThrownBy(() -> BundleFiles.read(std, List.of()))
                .isInstanceOf(LoadException.class)
                .hasMessage(std.resolve("files/" + "a".repeat(54)) + "...: the path in the bundle is 1012 characters,"
                        + " more than the 1000 the store keeps");
    }
}
