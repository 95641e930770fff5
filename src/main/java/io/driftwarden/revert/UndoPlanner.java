package io.driftwarden.revert;

import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.PackageFact;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.collect.SysctlFact;
import io.driftwarden.revert.Step.Verb;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.standard.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: the plan that puts back what a revert changed, made right after the revert from the state it replaced
 * (the live facts it was planned from and the bytes it kept or quarantined). Steps that completed are undone in
 * reverse order. A WRITE's undo is guarded by the digest the revert wrote, so a file changed since is left alone.
 * What cannot be undone safely is refused step by step: a directory created, a user or group deleted, a mask.
 */
public final class UndoPlanner {
    /** The undo plan, and the steps it cannot undo (with why; the operator does those by hand). */
    public record Undo(RevertPlan plan, List<String> manual) {
        public Undo {
            manual = List.copyOf(manual);
        }
    }

    private UndoPlanner() {}

    /**
     * The plan's {@code undoes} is 0 until it is read back from the evidence it belongs to ({@link PlanJson#read}).
     *
     * @param completed   1-based indexes of the revert steps that ran
     * @param kept        bytes the revert replaced or removed, by 1-based step
     * @param quarantined host paths of quarantined copies, by 1-based step
     */
    public static Undo plan(RevertPlan revert, ResourceCheck before, List<Integer> completed,
                            Map<Integer, byte[]> kept, Map<Integer, String> quarantined) {
        List<Step> steps = new ArrayList<>();
        List<RevertPlan.Property> props = new ArrayList<>();
        Map<Integer, byte[]> content = new HashMap<>();
        List<String> manual = new ArrayList<>();
        for (int n = revert.steps().size(); n >= 1; n--) {
            if (!completed.contains(n)) {
                continue;
            }
            Step s = revert.steps().get(n - 1);
            RevertPlan.Property p = revert.properties().get(n - 1);   // the planner makes one step per property
            Optional<String> refused = inverse(s, before, kept.get(n), quarantined.get(n), steps, content);
            if (refused.isPresent()) {
                manual.add("step " + n + " (" + s.shown() + "): " + refused.get());
            } else {
                props.add(new RevertPlan.Property(p.name(), p.standard(), p.live(), "before the revert"));
            }
        }
        return new Undo(new RevertPlan(revert.host(), revert.resource(), props, steps, content, 0L), manual);
    }

    private static Optional<String> inverse(Step s, ResourceCheck before, byte[] kept, String copy, List<Step> out,
                                            Map<Integer, byte[]> content) {
        List<String> o = s.operands();
        switch (s.verb()) {
            case CHMOD -> {
                FileFact f = file(before, o.get(1));
                out.add(Step.of(Verb.CHMOD, "chmod " + f.mode() + " " + o.get(1), f.mode(), o.get(1)));
            }
            case CHOWN -> {
                String owner = owner(file(before, o.get(1)));
                out.add(Step.of(Verb.CHOWN, "chown -h " + owner + " " + o.get(1), owner, o.get(1)));
            }
            case CHGRP -> {
                String group = group(file(before, o.get(1)));
                out.add(Step.of(Verb.CHGRP, "chgrp -h " + group + " " + o.get(1), group, o.get(1)));
            }
            case WRITE -> {
                String path = o.get(0);
                String written = o.get(1);
                String replaced = o.get(2);
                if (replaced.equals("-")) {
                    out.add(Step.of(Verb.REMOVE, "remove " + path + " (the revert created it)", path));
                    return Optional.empty();
                }
                FileFact f = before.observation().files().get(path);
                String owner = f == null ? o.get(3) : owner(f);
                String group = f == null ? o.get(4) : group(f);
                String mode = f == null ? o.get(5) : f.mode();
                return restore(path, replaced, written, owner, group, mode, kept, copy, out, content);
            }
            case REMOVE -> {
                String path = o.get(0);
                FileFact f = file(before, path);
                if ("link".equals(f.kind())) {
                    out.add(Step.of(Verb.LINK, "create the link " + path + " -> " + f.target() + " again", f.target(), path));
                    return Optional.empty();
                }
                return restore(path, f.sha256(), "-", owner(f), group(f), f.mode(), kept, copy, out, content);
            }
            case LINK -> {
                String path = o.get(1);
                FileFact f = file(before, path);
                if ("link".equals(f.kind())) {
                    out.add(Step.of(Verb.LINK, "point the link " + path + " at " + f.target() + " again", f.target(), path));
                } else if ("absent".equals(f.ensure())) {
                    out.add(Step.of(Verb.REMOVE, "remove the link " + path + " (the revert created it)", path));
                } else {
                    return Optional.of("it was a " + f.ensure() + " before: restore it by hand");
                }
            }
            case MKDIR -> {
                return Optional.of("the revert created a directory; directories are never removed");
            }
            case APT_INSTALL, APT_REMOVE -> {
                String name = s.verb() == Verb.APT_REMOVE ? o.get(0) : o.get(0).split("=", 2)[0];
                Optional<String> version = installed(before, name);
                if (version.isPresent()) {
                    String spec = name + "=" + version.get();
                    out.add(Step.of(Verb.APT_INSTALL, "apt-get install " + spec + " (non-interactive, from the host's configured"
                            + " repositories)", spec));
                } else {
                    out.add(Step.of(Verb.APT_REMOVE, "apt-get remove " + name + " (non-interactive)", name));
                }
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
                    return Optional.of("systemctl " + o.get(0) + " is not undone automatically");
                }
                out.add(Step.of(Verb.SYSTEMCTL, "systemctl " + back + " " + o.get(1), back, o.get(1)));
            }
            case SYSCTL_WRITE -> {
                SysctlFact f = before.observation().sysctls().get(o.get(0));
                if (f == null || f.value() == null) {
                    return Optional.of("the running value before the revert is unknown");
                }
                out.add(Step.of(Verb.SYSCTL_WRITE, "set the running kernel's " + o.get(0) + " to " + f.value(), o.get(0), f.value()));
            }
            case USERMOD, GROUPMOD -> {
                String prop = switch (o.get(0)) {
                    case "-u" -> "uid";
                    case "-g" -> "gid";
                    case "-d" -> "home";
                    case "-s" -> "shell";
                    default -> "groups";
                };
                Optional<Value> live = actual(before, prop);
                if (live.isEmpty()) {
                    return Optional.of("the value before the revert is unknown");
                }
                String v = live.get().isList() ? String.join(",", live.get().items()) : live.get().text();
                String cmd = s.verb() == Verb.USERMOD ? "usermod " : "groupmod ";
                out.add(Step.of(s.verb(), cmd + o.get(0) + " " + v + " " + o.get(2), o.get(0), v, o.get(2)));
            }
            case USERADD -> out.add(Step.of(Verb.USERDEL, "userdel " + o.get(o.size() - 1) + " (the revert created it)", o.get(o.size() - 1)));
            case GROUPADD -> out.add(Step.of(Verb.GROUPDEL, "groupdel " + o.get(o.size() - 1) + " (the revert created it)", o.get(o.size() - 1)));
            case USERDEL, GROUPDEL -> {
                return Optional.of("a deleted account is recreated by hand (its old entry is in the plan text)");
            }
            case RESTORE -> {
                return Optional.of("an undo is not undone; revert again instead");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> restore(String path, String oldSha, String guard, String owner, String group, String mode,
                                            byte[] kept, String copy, List<Step> out, Map<Integer, byte[]> content) {
        String when = guard.equals("-") ? " (only if the path is still absent)" : " (only if it still has what the revert wrote)";
        if (kept != null) {
            if (!ResourceParser.sha256(kept).equals(oldSha)) {
                return Optional.of("the kept bytes do not match the digest seen before the revert");
            }
            content.put(out.size(), kept);
            out.add(Step.of(Verb.WRITE, "write " + path + " with the bytes the revert replaced (sha256:" + oldSha + ")" + when
                    + ", owner " + owner + ", group " + group + ", mode " + mode, path, oldSha, guard, owner, group, mode));
            return Optional.empty();
        }
        if (copy != null) {
            out.add(Step.of(Verb.RESTORE, "restore " + path + " from its quarantined copy " + copy + when + ", owner " + owner
                    + ", group " + group + ", mode " + mode, path, oldSha, guard, owner, group, mode, copy));
            return Optional.empty();
        }
        return Optional.of("the replaced bytes were not kept");
    }

    private static FileFact file(ResourceCheck before, String path) {
        FileFact f = before.observation().files().get(path);
        if (f == null) {
            throw new IllegalStateException("no observation of " + path + " before the revert");
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
        return p.instances().stream().filter(i -> i.status().startsWith("ii")).map(PackageInstance::version).findFirst();
    }

    private static Optional<Value> actual(ResourceCheck before, String property) {
        return before.drifts().stream().map(ClassifiedDrift::drift).filter(d -> d.property().equals(property))
                .map(d -> d.actual()).filter(v -> v != null).findFirst();
    }
}
