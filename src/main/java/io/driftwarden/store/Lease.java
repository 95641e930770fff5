package io.driftwarden.store;

import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One daemon per state directory: an OS lock on {@code state_dir/daemon.lock} (released by the kernel if the
 * process dies), with who holds it written beside for the refusal message.
 */
public final class Lease implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Lease(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Lease acquire(Path stateDir) {
        Path lockFile = stateDir.resolve("daemon.lock");
        Path holder = stateDir.resolve("daemon.holder");
        try {
            Files.createDirectories(stateDir);
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                String who = Files.exists(holder) ? Files.readString(holder, StandardCharsets.UTF_8).strip() : "unknown";
                throw new LoadException(lockFile + ": another daemon holds the lease (" + who + ")");
            }
            Files.writeString(holder, "pid " + ProcessHandle.current().pid() + " on " + InetAddress.getLocalHost().getHostName()
                    + " since " + Instant.now() + "\n", StandardCharsets.UTF_8);
            return new Lease(ch, l);
        } catch (IOException e) {
            throw new LoadException(lockFile + ": cannot take the daemon lease: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the kernel releases the lock with the process anyway
        }
    }
}
