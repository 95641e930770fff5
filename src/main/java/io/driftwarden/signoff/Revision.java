package io.driftwarden.signoff;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code REVISION}: serial (+1 per signed revision), the previous SIGNOFF's digest (or none), when. */
public record Revision(long serial, String previous, String created) {
    public static final String FILE = "REVISION";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public static Optional<Revision> parse(byte[] bytes, Problems problems) {
        int before = problems.size(); // counted before parsing: a tree with YAML problems is no revision
        return StrictYaml.parse(FILE, bytes, problems)
                .flatMap(n -> MapReader.of(n, "", problems))
                .flatMap(r -> {
                    long serial = serial(r, problems);
                    String previous = previous(r, problems);
                    String created = r.requireString("created").orElse("");
                    r.finish();
                    return problems.size() > before
                            ? Optional.empty()
                            : Optional.of(new Revision(serial, previous, created));
                });
    }

    /** {@code serial}: a positive integer (REVISION and the approvals index chain the same way). */
    static long serial(MapReader r, Problems problems) {
        long serial = r.optLong("serial").orElse(0L);
        if (serial < 1) {
            problems.add(r.keyMark("serial"), "serial", "must be a positive integer");
        }
        return serial;
    }

    /** {@code previous}: the digest before it, {@code sha256:<64 hex>}, or {@code none}. */
    static String previous(MapReader r, Problems problems) {
        String previous = r.requireString("previous").orElse("none");
        if (!previous.equals("none") && !DIGEST.matcher(previous).matches()) {
            problems.add(r.keyMark("previous"), "previous", "must be sha256:<64 hex> or none");
        }
        return previous;
    }

    public String render() {
        return "# Written by `driftwarden standard manifest`; covered by SIGNOFF.\nserial: " + serial + "\nprevious: "
                + (previous.equals("none") ? "none" : "\"" + previous + "\"") + "\ncreated: \"" + created + "\"\n";
    }

    public static Revision next(Revision current, String currentDigest, Instant now) {
        long serial = current == null ? 1 : current.serial() + 1;
        return new Revision(serial, currentDigest == null ? "none" : currentDigest, now.toString());
    }
}
