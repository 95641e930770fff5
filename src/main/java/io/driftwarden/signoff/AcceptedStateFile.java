package io.driftwarden.signoff;

import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remembers the highest accepted revision in a small file in the state directory, until the store keeps
 * it. Written atomically (temp file, then rename), so a crash never leaves half a state.
 */
public final class AcceptedStateFile {
    private static final Pattern FORM = Pattern.compile("serial=(\\d+)\ndigest=(sha256:[0-9a-f]{64})\n");
    private final Path file;

    public AcceptedStateFile(Path stateDir) {
        this.file = stateDir.resolve("accepted-revision");
    }

    public Optional<Accepted> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Matcher m = FORM.matcher(Files.readString(file, StandardCharsets.UTF_8));
            if (!m.matches()) {
                throw new LoadException(file + ": unreadable accepted-revision state; restore it or remove it knowingly");
            }
            return Optional.of(new Accepted(Long.parseLong(m.group(1)), m.group(2)));
        } catch (IOException e) {
            throw new LoadException(file + ": cannot read: " + e.getMessage());
        }
    }

    public void write(Accepted a) {
        try {
            io.driftwarden.store.AtomicFile.write(file, "serial=" + a.serial() + "\ndigest=" + a.digest() + "\n");
        } catch (IOException e) {
            throw new LoadException(file + ": cannot write: " + e.getMessage());
        }
    }
}
