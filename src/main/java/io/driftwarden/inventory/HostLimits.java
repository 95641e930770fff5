package io.driftwarden.inventory;

import io.driftwarden.standard.Names;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a host entry may hold, in either inventory format: a name plain to read in a report, and nothing longer
 * than the store keeps of it (V1__history.sql), which would otherwise fail every run at record time, not here.
 */
final class HostLimits {
    /** A DNS name's longest form; the store's host columns are VARCHAR(255). */
    static final int MAX_NAME = 253;
    /** inventory_snapshot.address is VARCHAR(1000) and holds "ADDRESS:PORT", or an image root as written. */
    static final int MAX_ADDRESS = 1000 - ":65535".length();
    /** inventory_snapshot.groups_text is VARCHAR(4000) and holds the groups joined by ','. */
    static final int MAX_GROUPS_TEXT = 4000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private HostLimits() {}

    /** Why {@code name} cannot be a host's name, if it cannot. */
    static Optional<String> nameProblem(String name) {
        if (name.length() > MAX_NAME) {
            return Optional.of("a host name is at most " + MAX_NAME + " characters, this one has " + name.length());
        }
        if (!NAME.matcher(name).matches()) { // printable ASCII only: no invisible character can pass
            return Optional.of("host names are letters, digits, '.', '_' and '-'");
        }
        return Optional.empty();
    }

    /** Why an address or an image root (as written) is too long to keep, if it is. */
    static Optional<String> addressProblem(String address) {
        return address.length() <= MAX_ADDRESS
                ? Optional.empty()
                : Optional.of("at most " + MAX_ADDRESS + " characters, this one has " + address.length());
    }

    /** Why a host's groups are too many to keep, if they are. */
    static Optional<String> groupsProblem(Collection<String> groups) {
        int length = String.join(",", groups).length();
        return length <= MAX_GROUPS_TEXT
                ? Optional.empty()
                : Optional.of("the group names together are at most " + MAX_GROUPS_TEXT + " characters, these have "
                        + length);
    }

    /** The name as an error line shows it: a name too long to store is cut, so the line stays one readable line. */
    static String shown(String name) {
        return Names.shown(
                name.length() <= 64 ? name : name.substring(0, 40) + "... (" + name.length() + " characters)");
    }
}
