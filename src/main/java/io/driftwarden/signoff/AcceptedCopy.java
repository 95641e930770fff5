package io.driftwarden.signoff;

import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The exact bytes of the last accepted bundle, kept in the state directory (until the store keeps them). */
public final class AcceptedCopy {
    private final Path dir;

    public AcceptedCopy(Path stateDir) {
        this.dir = stateDir.resolve("accepted-bundle");
    }

    public Optional<BundleFiles> read() {
        return Files.isDirectory(dir) ? Optional.of(BundleFiles.read(dir, List.of())) : Optional.empty();
    }

    /** Replaces the copy: written beside, then renamed over, so a reader never sees half of it. */
    public void write(BundleFiles bundle) {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        try {
            delete(tmp);
            for (String rel : bundle.paths()) {
                Path p = tmp.resolve(rel);
                Files.createDirectories(p.getParent());
                Files.write(p, bundle.get(rel).orElseThrow());
            }
            Files.createDirectories(tmp);
            Path old = dir.resolveSibling(dir.getFileName() + ".old");
            delete(old);
            if (Files.exists(dir)) {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            delete(old);
        } catch (IOException e) {
            throw new LoadException(dir + ": cannot keep the accepted bundle: " + e.getMessage());
        }
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
