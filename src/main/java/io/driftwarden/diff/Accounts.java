package io.driftwarden.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** passwd and group lines as NSS returns them. */
public final class Accounts {
    private Accounts() {}

    public record PasswdEntry(String name, String uid, String gid, String home, String shell) {}

    public record GroupEntry(String name, String gid, List<String> members) {}

    public static Optional<PasswdEntry> passwd(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String[] f = line.split(":", -1);
        return f.length < 7 ? Optional.empty() : Optional.of(new PasswdEntry(f[0], f[2], f[3], f[5], f[6]));
    }

    public static List<GroupEntry> groups(List<String> lines) {
        List<GroupEntry> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(":", -1);
            if (f.length >= 4) {
                List<String> members = f[3].isEmpty() ? List.of() : List.of(f[3].split(","));
                out.add(new GroupEntry(f[0], f[2], members));
            }
        }
        return out;
    }

    /** Supplementary groups: groups whose member list names the user, minus the primary gid's group. */
    public static List<String> supplementary(PasswdEntry user, List<GroupEntry> groups) {
        TreeSet<String> out = new TreeSet<>();
        for (GroupEntry g : groups) {
            if (g.members().contains(user.name()) && !g.gid().equals(user.gid())) {
                out.add(g.name());
            }
        }
        return List.copyOf(out);
    }
}
