package io.driftwarden.revert;

import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.PackageFact;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.collect.SysctlFact;
import io.driftwarden.revert.Step.Verb;
import io.driftwarden.standard.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Pure: what puts a revert back, decided BEFORE the revert is applied, from the state it is about to replace (the
 * live facts it was planned from, completed by a stat of every path it touches). A step whose before-state is
 * unknown refuses the whole revert up front: nothing may change a host that its evidence could not undo.
 * A WRITE's undo is guarded by the digest the revert wrote, so a file changed since is left alone. What cannot be
 * undone safely by design is left to the operator, step by step: a directory created, an account deleted, a mask.
 */
public final class UndoPlanner {
    /** The prepared undo, or why the revert must not run. */
    public sealed interface Outcome permits Prepared, Refused {}

    public record Prepared(PreparedUndo undo) implements Outcome {}

    public record Refused(String reason) implements Outcome {}

    /** A before-state that is missing: the revert is refused with this. */
    private static final class Unknown extends Exception {
        Unknown(String message) {
            super(message, null, false, false);
        }
    }

    private UndoPlanner() {}

    /** The paths the plan's file steps change that {@code observed} has no fact for: the pre-check stats them. */
    public static List<String> unobserved(RevertPlan revert, Observation observed) {
        TreeSet<String> out = new TreeSet<>();
        for (Step s : revert.steps()) {
            String path = switch (s.verb()) {
                case WRITE, REMOVE -> s.operands().get(0);
                case CHMOD, CHOWN, CHGRP, LINK -> s.operands().get(1);
                default -> null;
            };
            if (path != null && !observed.files().containsKey(path)) {
                out.add(path);
            }
        }
        return List.copyOf(out);
    }

    public static Outcome prepare(RevertPlan revert, ResourceCheck before) {
        List<PreparedUndo.Inverse> inverses = new ArrayList<>();
        for (int n = 1; n <= revert.steps().size(); n++) {
            Step s = revert.steps().get(n - 1);
            try {
                inverses.add(inverse(s, before));
            } catch (Unknown e) {
                return new Refused("step " + n + " (" + s.shown() + ") could not be undone: " + e.getMessage());
            }
        }
        return new Prepared(new PreparedUndo(revert, inverses));
    }

    private static PreparedUndo.Inverse inverse(Step s, ResourceCheck before) throws Unknown {
        List<String> o = s.operands();
        switch (s.verb()) {
            case CHMOD -> {
                FileFact f = file(before, o.get(1));
                return fixed(Verb.CHMOD, "chmod " + f.mode() + " " + o.get(1), f.mode(), o.get(1));
            }
            case CHOWN -> {
                String owner = owner(file(before, o.get(1)));
                return fixed(Verb.CHOWN, "chown -h " + owner + " " + o.get(1), owner, o.get(1));
            }
            case CHGRP -> {
                String group = group(file(before, o.get(1)));
                return fixed(Verb.CHGRP, "chgrp -h " + group + " " + o.get(1), group, o.get(1));
            }
            case WRITE -> {
                String path = o.get(0);
                if (o.get(2).equals("-")) {
                    return fixed(Verb.REMOVE, "remove " + path + " (the revert created it)", path);
                }
                // a sysctl.d file is stat'ed by the pre-check; should that have failed, the revert's own values
                FileFact f = before.observation().files().get(path);
                boolean seen = f != null && f.observed() && f.mode() != null;
                return new PreparedUndo.Restore(
                        path,
                        o.get(2),
                        o.get(1),
                        seen ? owner(f) : o.get(3),
                        seen ? group(f) : o.get(4),
                        seen ? f.mode() : o.get(5));
            }
            case REMOVE -> {
                return removed(seen(before, o.get(0)));
            }
            case LINK -> {
                String path = o.get(1);
                FileFact f = seen(before, path);
                if ("link".equals(f.kind())) {
                    return fixed(
                            Verb.LINK, "point the link " + path + " at " + f.target() + " again", f.target(), path);
                }
                if ("absent".equals(f.ensure())) {
                    return fixed(Verb.REMOVE, "remove the link " + path + " (the revert created it)", path);
                }
                return new PreparedUndo.Manual("it was a " + f.ensure() + " before: restore it by hand");
            }
            case MKDIR -> {
                return new PreparedUndo.Manual("the revert created a directory; directories are never removed");
            }
            case APT_INSTALL, APT_REMOVE -> {
                String name = s.verb() == Verb.APT_REMOVE ? o.get(0) : o.get(0).split("=", 2)[0];
                Optional<String> version = installed(before, name);
                if (version.isPresent()) {
                    String spec = name + "=" + version.get();
                    return fixed(
                            Verb.APT_INSTALL,
                            "apt-get install " + spec + " (non-interactive, from the host's configured"
                                    + " repositories)",
                            spec);
                }
                return fixed(Verb.APT_REMOVE, "apt-get remove " + name + " (non-interactive)", name);
            }
            case SYSTEMCTL -> {
                String back = switch (o.get(0)) {
                    case "start" -> "stop";
                    case "stop" -> "start";
                    case "enable" -> "disable";
                    case "disable" -> "enable";
                    default -> null;
                };
                if (back == null) {
                    return new PreparedUndo.Manual("systemctl " + o.get(0) + " is not undone automatically");
                }
                return fixed(Verb.SYSTEMCTL, "systemctl " + back + " " + o.get(1), back, o.get(1));
            }
            case SYSCTL_WRITE -> {
                SysctlFact f = before.observation().sysctls().get(o.get(0));
                if (f == null || f.value() == null) {
                    throw new Unknown("the running value of " + o.get(0) + " before the revert is unknown");
                }
                return fixed(
                        Verb.SYSCTL_WRITE,
                        "set the running kernel's " + o.get(0) + " to " + f.value(),
                        o.get(0),
                        f.value());
            }
            case USERMOD, GROUPMOD -> {
                String prop = switch (o.get(0)) {
                    case "-u" -> "uid";
                    case "-g" -> "gid";
                    case "-d" -> "home";
                    case "-s" -> "shell";
                    default -> "groups";
                };
                Value live = actual(before, prop)
                        .orElseThrow(
                                () -> new Unknown("the " + prop + " of " + o.get(2) + " before the revert is unknown"));
                String v = live.isList() ? String.join(",", live.items()) : live.text();
                String cmd = s.verb() == Verb.USERMOD ? "usermod " : "groupmod ";
                return fixed(s.verb(), cmd + o.get(0) + " " + v + " " + o.get(2), o.get(0), v, o.get(2));
            }
            case USERADD -> {
                return fixed(
                        Verb.USERDEL,
                        "userdel " + o.get(o.size() - 1) + " (the revert created it)",
                        o.get(o.size() - 1));
            }
            case GROUPADD -> {
                return fixed(
                        Verb.GROUPDEL,
                        "groupdel " + o.get(o.size() - 1) + " (the revert created it)",
                        o.get(o.size() - 1));
            }
            case USERDEL, GROUPDEL -> {
                return new PreparedUndo.Manual(
                        "a deleted account is recreated by hand (its old entry is in the plan text)");
            }
            default -> { // RESTORE
                return new PreparedUndo.Manual("an undo is not undone; revert again instead");
            }
        }
    }

    /** A removed entry comes back as it was: a link pointing where it did, a file with its bytes, owner and mode. */
    private static PreparedUndo.Inverse removed(FileFact f) throws Unknown {
        if ("link".equals(f.kind())) {
            if (f.target() == null) {
                throw new Unknown("the target of the link " + f.path() + " is unknown");
            }
            return fixed(
                    Verb.LINK, "create the link " + f.path() + " -> " + f.target() + " again", f.target(), f.path());
        }
        if (!"file".equals(f.kind())) {
            // a directory is refused at apply time too; a fifo, socket or device cannot be recreated from kept bytes
            throw new Unknown(f.path() + " is a " + f.ensure() + ": only a regular file or a link is removed and"
                    + " recreated; remove it by hand after review");
        }
        return new PreparedUndo.Restore(f.path(), f.sha256(), "-", owner(f), group(f), f.mode());
    }

    private static PreparedUndo.Fixed fixed(Verb verb, String shown, String... operands) {
        return new PreparedUndo.Fixed(Step.of(verb, shown, operands));
    }

    private static FileFact file(ResourceCheck before, String path) throws Unknown {
        FileFact f = seen(before, path);
        if (!f.observed()) {
            throw new Unknown(path + " was absent before the revert");
        }
        return f;
    }

    /** The fact of {@code path} before the revert, present or absent; unknown when it was not or could not be observed. */
    private static FileFact seen(ResourceCheck before, String path) throws Unknown {
        FileFact f = before.observation().files().get(path);
        if (f == null) {
            throw new Unknown("the state of " + path + " before the revert was not observed");
        }
        if (!f.observed() && !f.status().equals("absent")) {
            throw new Unknown("the state of " + path + " before the revert could not be observed (" + f.status() + ")");
        }
        if (f.observed() && (f.mode() == null || f.uid() == null || f.gid() == null)) {
            throw new Unknown("the owner, group or mode of " + path + " before the revert is unknown");
        }
        return f;
    }

    private static String owner(FileFact f) {
        return f.owner() != null ? f.owner() : "#" + f.uid();
    }

    private static String group(FileFact f) {
        return f.group() != null ? f.group() : "#" + f.gid();
    }

    private static Optional<String> installed(ResourceCheck before, String name) {
        PackageFact p = before.observation().packages().get(name);
        if (p == null) {
            return Optional.empty();
        }
        return p.instances().stream()
                .filter(i -> i.status().startsWith("ii"))
                .map(PackageInstance::version)
                .findFirst();
    }

    private static Optional<Value> actual(ResourceCheck before, String property) {
        return before.drifts().stream()
                .map(ClassifiedDrift::drift)
                .filter(d -> d.property().equals(property))
                .map(d -> d.actual())
                .filter(v -> v != null)
                .findFirst();
    }
}
