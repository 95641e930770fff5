package io.driftwarden.standard;

import java.util.List;
import java.util.Optional;

/**
 * What a package's {@code version} demands: one exact version, or a floor ({@code ">= 1:9.2p1-2+deb12u3"}) that
 * every installed instance must reach, so unattended security updates stay compliant. Both compare the Debian way
 * (deb-version(7)); the canonical text of a floor is {@code ">= "} and the version.
 */
public record VersionRequirement(String version, boolean floor) {
    private static final String FLOOR = ">=";

    /** The requirement written in a standard, or a one-line problem. */
    public static Result parse(String written) {
        String s = written.strip();
        boolean floor = s.startsWith(FLOOR);
        String v = floor ? s.substring(FLOOR.length()).strip() : s;
        if (s.startsWith("<") || s.startsWith(">") && !floor || s.startsWith("=")) {
            return new Result(
                    null, "only an exact version or a floor (\">= VERSION\") is supported, got '" + written + "'");
        }
        if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
            return new Result(
                    null,
                    "must be a Debian version without spaces" + (floor ? " after '>='" : "")
                            + ", e.g. \"1.22.1-9\" or \">= 1:9.2p1-2+deb12u3\"");
        }
        if (!Character.isDigit(v.charAt(v.indexOf(':') + 1))) {
            return new Result(null, "a Debian version's upstream part starts with a digit, got '" + v + "'");
        }
        return new Result(new VersionRequirement(v, floor), null);
    }

    /** The parsed requirement, or why it could not be parsed. */
    public record Result(VersionRequirement requirement, String problem) {
        public Optional<VersionRequirement> ok() {
            return Optional.ofNullable(requirement);
        }
    }

    /** Parses a canonical value already accepted by the loader. */
    public static VersionRequirement of(String canonical) {
        return parse(canonical)
                .ok()
                .orElseThrow(() -> new IllegalArgumentException("not a version requirement: " + canonical));
    }

    public boolean satisfiedBy(String installed) {
        int c = DebianVersion.compare(installed, version);
        return floor ? c >= 0 : c == 0;
    }

    /** Every installed instance must meet it (and there must be one). */
    public boolean satisfiedByAll(List<String> installed) {
        return !installed.isEmpty() && installed.stream().allMatch(this::satisfiedBy);
    }

    public String canonical() {
        return floor ? FLOOR + " " + version : version;
    }

    @Override
    public String toString() {
        return canonical();
    }
}
