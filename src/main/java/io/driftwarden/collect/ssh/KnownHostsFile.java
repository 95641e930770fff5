package io.driftwarden.collect.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;

/**
 * The known_hosts file as last read, with its {@link KnownHostsIndex}: read again when its time or size changes
 * (an operator's edit within the same second changes the size), so one parse and one index per version of the file,
 * shared by the key order and the verifier of one transport.
 */
final class KnownHostsFile {
    private final Path file;
    private final AtomicReference<Read> read = new AtomicReference<>();

    private record Read(FileTime modified, long size, KnownHostsIndex<KnownHostEntry> index) {}

    KnownHostsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The index of the file's current version. */
    KnownHostsIndex<KnownHostEntry> index() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Read last = read.get();
        if (last == null || !last.modified().equals(a.lastModifiedTime()) || last.size() != a.size()) {
            List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
            last = new Read(a.lastModifiedTime(), a.size(), new KnownHostsIndex<>(entries, e -> e));
            read.set(last);
        }
        return last.index();
    }
}
