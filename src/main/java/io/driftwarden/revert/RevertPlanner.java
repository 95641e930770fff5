package io.driftwarden.revert;

import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.ConfFile;
import io.driftwarden.collect.FileFact;
import io.driftwarden.diff.Drift;
import io.driftwarden.diff.PersistedSysctl;
import io.driftwarden.revert.Step.Verb;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.standard.VersionRequirement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pure: section 9's revert plan for one resource judged live, or the reason there is none. One property at a
 * time per step; an {@code ensure} drift is put back alone (it hides the other properties). Never removes a
 * directory, never turns a file into a directory or back, never follows a link at the final path component.
 */
public final class RevertPlanner {
    /** A plan, or a refusal that says why and what to do instead. */
    public sealed interface Outcome permits Planned, Refused {}

    public record Planned(RevertPlan plan) implements Outcome {}

    public record Refused(String reason) implements Outcome {}

    private RevertPlanner() {}

    /**
     * @param property only this property, or null for every drifting one
     * @param force    revert approved drift too
     */
    public static Outcome plan(ResourceCheck check, String property, boolean force) {
        String host = check.host().name();
        Resource r = check.resource();
        List<ClassifiedDrift> drifts = check.drifts().stream()
                .filter(d -> property == null
                        || d.drift().property().equals(property)
                        || d.drift().identity().equals(property))
                .toList();
        if (drifts.isEmpty()) {
            String what = property == null ? r.id().toString() : r.id() + " " + property;
            boolean entry = r.exclusive() && property != null && property.startsWith("unmanaged-entry");
            if (property != null && r.property(property).isEmpty() && !entry) {
                return new Refused(host + ": " + what + " is not declared by the standard");
            }
            boolean unchecked = check.notChecked().stream()
                    .anyMatch(n -> property == null || n.property().equals(property));
            return new Refused(host + ": " + what
                    + (unchecked
                            ? " could not be checked ("
                                    + check.notChecked().get(0).why() + "): nothing is reverted blind"
                            : " is compliant: nothing to revert"));
        }
        Optional<ClassifiedDrift> ensure = drifts.stream()
                .filter(d -> d.drift().property().equals("ensure"))
                .findFirst();
        if (ensure.isPresent()) {
            drifts = List.of(ensure.get());
        }
        if (!force) {
            for (ClassifiedDrift d : drifts) {
                if (d.classification().approved()) {
                    return new Refused(host + ": " + r.id() + " " + d.drift().property() + " is approved by "
                            + d.classification().approval() + ": reverting approved drift needs --force");
                }
            }
        }
        List<RevertPlan.Property> props = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Map<Integer, byte[]> content = new HashMap<>();
        Set<String> reverting =
                drifts.stream().map(d -> d.drift().property()).collect(java.util.stream.Collectors.toSet());
        for (ClassifiedDrift cd : drifts) {
            Drift d = cd.drift();
            Optional<String> refusal = steps(check, d, steps, content, reverting);
            if (refusal.isPresent()) {
                return new Refused(host + ": " + r.id() + " " + d.property() + ": " + refusal.get());
            }
            props.add(new RevertPlan.Property(
                    d.property(), shown(d.shownActual()), shown(d.shownExpected()), d.declaredAt()));
        }
        return new Planned(new RevertPlan(host, r.id().toString(), props, steps, content));
    }

    private static String shown(io.driftwarden.standard.Value v) {
        return v == null ? "nothing (missing)" : v.toString();
    }

    private static Optional<String> steps(
            ResourceCheck check, Drift d, List<Step> out, Map<Integer, byte[]> content, Set<String> reverting) {
        Resource r = check.resource();
        String name = r.id().name();
        String want = d.expected().isList()
                ? String.join(",", d.expected().items())
                : d.expected().text();
        switch (r.id().type()) {
            case FILE -> {
                return file(check, d, want, out, content, reverting);
            }
            case PACKAGE -> {
                if (d.property().equals("ensure") && want.equals("absent")) {
                    out.add(Step.of(Verb.APT_REMOVE, "apt-get remove " + name + " (non-interactive)", name));
                } else {
                    // A floor installs the newest candidate of the host's repositories; the re-audit checks it reaches
                    // the floor.
                    String spec = r.property("version")
                            .map(v -> VersionRequirement.of(v.expected().text()))
                            .filter(v -> !v.floor())
                            .map(v -> name + "=" + v.version())
                            .orElse(name);
                    out.add(Step.of(
                            Verb.APT_INSTALL,
                            "apt-get install " + spec + " (non-interactive, from the host's configured"
                                    + " repositories)",
                            spec));
                }
            }
            case SERVICE -> {
                String verb = d.property().equals("running")
                        ? (want.equals("true") ? "start" : "stop")
                        : want.equals("true") ? "enable" : want.equals("masked") ? "mask" : "disable";
                out.add(Step.of(Verb.SYSTEMCTL, "systemctl " + verb + " " + name, verb, name));
            }
            case SYSCTL -> {
                if (d.property().equals("value")) {
                    out.add(Step.of(Verb.SYSCTL_WRITE, "set the running kernel's " + name + " to " + want, name, want));
                } else {
                    return persisted(check, name, want, out, content);
                }
            }
            case USER -> {
                switch (d.property()) {
                    case "ensure" -> {
                        if (want.equals("absent")) {
                            out.add(Step.of(Verb.USERDEL, "userdel " + name + " (home directory kept)", name));
                        } else {
                            List<String> ops = new ArrayList<>();
                            for (String[] f :
                                    new String[][] {{"uid", "-u"}, {"gid", "-g"}, {"home", "-d"}, {"shell", "-s"}}) {
                                r.property(f[0]).ifPresent(p -> {
                                    ops.add(f[1]);
                                    ops.add(p.expected().text());
                                });
                            }
                            ops.add(name);
                            out.add(new Step(Verb.USERADD, ops, "useradd " + String.join(" ", ops)));
                        }
                    }
                    case "groups" ->
                        out.add(Step.of(Verb.USERMOD, "usermod -G " + want + " " + name, "-G", want, name));
                    default -> {
                        String flag = switch (d.property()) {
                            case "uid" -> "-u";
                            case "gid" -> "-g";
                            case "home" -> "-d";
                            default -> "-s";
                        };
                        out.add(Step.of(Verb.USERMOD, "usermod " + flag + " " + want + " " + name, flag, want, name));
                    }
                }
            }
            case GROUP -> {
                if (d.property().equals("ensure")) {
                    if (want.equals("absent")) {
                        out.add(Step.of(Verb.GROUPDEL, "groupdel " + name, name));
                    } else {
                        List<String> ops = new ArrayList<>();
                        r.property("gid").ifPresent(g -> {
                            ops.add("-g");
                            ops.add(g.expected().text());
                        });
                        ops.add(name);
                        out.add(new Step(Verb.GROUPADD, ops, "groupadd " + String.join(" ", ops)));
                    }
                } else {
                    out.add(Step.of(Verb.GROUPMOD, "groupmod -g " + want + " " + name, "-g", want, name));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> file(
            ResourceCheck check,
            Drift d,
            String want,
            List<Step> out,
            Map<Integer, byte[]> content,
            Set<String> reverting) {
        Resource r = check.resource();
        String path = r.id().name();
        FileFact f = check.observation().files().get(path);
        String live = f == null ? "unknown" : f.ensure();
        boolean link = "link".equals(live);
        switch (d.property()) {
            case "ensure" -> {
                if (live.equals("directory")) {
                    return Optional.of(
                            want.equals("absent")
                                    ? "it is a directory: directories are never removed; remove it by hand after review"
                                    : "it is a directory and the standard wants a " + want
                                            + ": file and directory changes are manual");
                }
                if (want.equals("absent")) {
                    out.add(Step.of(
                            Verb.REMOVE,
                            "remove " + path + " (a " + live + "; a link is removed, not followed)",
                            path));
                    return Optional.empty();
                }
                if (!live.equals("absent")) {
                    return Optional.of(
                            "it is a " + live + " and the standard wants a " + want + ": replace it by hand");
                }
                return switch (want) {
                    case "directory" -> {
                        out.add(Step.of(
                                Verb.MKDIR,
                                "create the directory " + path + " " + ownership(r),
                                path,
                                prop(r, "owner", "root"),
                                prop(r, "group", "root"),
                                prop(r, "mode", "0755")));
                        yield Optional.empty();
                    }
                    case "link" ->
                        r.property("target")
                                .map(t -> {
                                    out.add(Step.of(
                                            Verb.LINK,
                                            "create the link " + path + " -> "
                                                    + t.expected().text(),
                                            t.expected().text(),
                                            path));
                                    return Optional.<String>empty();
                                })
                                .orElse(Optional.of("the standard declares no target for the link"));
                    default ->
                        write(
                                r,
                                path,
                                null,
                                prop(r, "owner", "root"),
                                prop(r, "group", "root"),
                                prop(r, "mode", "0644"),
                                d,
                                out,
                                content);
                };
            }
            case "mode" -> {
                if (link) {
                    return Optional.of("the final path component is a symlink: it is never followed; fix it by hand");
                }
                out.add(Step.of(
                        Verb.CHMOD,
                        "chmod " + want + " " + path + " (refused at apply time if it became a link)",
                        want,
                        path));
            }
            case "owner" ->
                out.add(Step.of(
                        Verb.CHOWN, "chown -h " + want + " " + path + " (the link itself if it is one)", want, path));
            case "group" ->
                out.add(Step.of(
                        Verb.CHGRP, "chgrp -h " + want + " " + path + " (the link itself if it is one)", want, path));
            case "target" ->
                out.add(Step.of(
                        Verb.LINK, "point the link " + path + " at " + want + " (replaced atomically)", want, path));
            case "unmanaged-entry" -> {
                // One entry the exclusive directory must not hold; a directory entry is refused at apply time.
                String entry = path + "/" + d.actual().text();
                out.add(Step.of(
                        Verb.REMOVE,
                        "remove " + entry + " (not declared in the exclusive directory " + path
                                + "; a link is removed, not followed; a directory is refused)",
                        entry));
            }
            default -> { // content
                if (link) {
                    return Optional.of("the final path component is a symlink: it is never followed; fix it by hand");
                }
                if (f == null || !"file".equals(f.kind())) {
                    return Optional.of("it is not a regular file on the host: fix it by hand");
                }
                // the rename installs a new inode: it keeps the live owner, group and mode, except those this plan
                // puts back too (a chmod step before it would otherwise be undone)
                return write(
                        r,
                        path,
                        f.sha256(),
                        reverting.contains("owner")
                                ? prop(r, "owner", "root")
                                : f.owner() != null ? f.owner() : "#" + f.uid(),
                        reverting.contains("group")
                                ? prop(r, "group", "root")
                                : f.group() != null ? f.group() : "#" + f.gid(),
                        reverting.contains("mode") ? prop(r, "mode", f.mode()) : f.mode(),
                        d,
                        out,
                        content);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> write(
            Resource r,
            String path,
            String oldSha,
            String owner,
            String group,
            String mode,
            Drift d,
            List<Step> out,
            Map<Integer, byte[]> content) {
        byte[] bytes;
        if (r.property("content").isPresent()) {
            Optional<byte[]> b = r.expectedContent().flatMap(c -> c.bytes());
            if (b.isEmpty()) {
                return Optional.of("the standard gives only a digest of the content, no bytes to write");
            }
            bytes = b.get();
        } else {
            bytes = new byte[0];
        }
        String sha = ResourceParser.sha256(bytes);
        String shownNew = d.property().equals("content")
                ? String.valueOf(d.shownExpected())
                : bytes.length == 0 ? "empty" : "the standard's content";
        content.put(out.size(), bytes);
        out.add(Step.of(
                Verb.WRITE,
                "write " + path + " with " + shownNew + " from the verified bundle"
                        + (oldSha == null ? " (new file)" : ", only if it still has " + String.valueOf(d.shownActual()))
                        + ", owner " + owner + ", group " + group + ", mode " + mode
                        + ": a temporary file renamed over it, no link followed",
                path,
                sha,
                oldSha == null ? "-" : oldSha,
                owner,
                group,
                mode));
        return Optional.empty();
    }

    private static Optional<String> persisted(
            ResourceCheck check, String key, String want, List<Step> out, Map<Integer, byte[]> content) {
        List<ConfFile> files = check.observation().sysctlConf();
        PersistedSysctl.Result now = PersistedSysctl.resolve(files, key);
        String path;
        String text;
        String oldSha;
        if (now.source() == null) {
            path = "/etc/sysctl.d/90-driftwarden-" + key.replaceAll("[^A-Za-z0-9._-]", "_") + ".conf";
            if (files.stream().anyMatch(f -> f.path().equals(path))) {
                return Optional.of(path + " exists but does not set the key: fix it by hand");
            }
            text = "# Written by driftwarden revert: the standard persists " + key + "\n" + key + " = " + want + "\n";
            oldSha = "-";
        } else {
            ConfFile f = files.stream()
                    .filter(x -> x.path().equals(now.source()))
                    .findFirst()
                    .orElseThrow();
            byte[] old = f.content().bytes();
            Optional<String> rewritten = PersistedSysctl.rewrite(new String(old, StandardCharsets.UTF_8), key, want);
            if (rewritten.isEmpty()) {
                return Optional.of("a pattern in " + now.source()
                        + " sets it: rewriting it would change other keys; fix it by hand");
            }
            path = now.source();
            text = rewritten.get();
            oldSha = ResourceParser.sha256(old);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        content.put(out.size(), bytes);
        out.add(Step.of(
                Verb.WRITE,
                "set " + key + " = " + want + " in " + path
                        + (oldSha.equals("-")
                                ? " (new file)"
                                : " (its assignments of the key only, if the file is unchanged)")
                        + ", owner root, group root, mode 0644",
                path,
                ResourceParser.sha256(bytes),
                oldSha,
                "root",
                "root",
                "0644"));
        return Optional.empty();
    }

    private static String prop(Resource r, String p, String fallback) {
        return r.property(p).map(d -> d.expected().text()).orElse(fallback);
    }

    private static String ownership(Resource r) {
        return "(owner " + prop(r, "owner", "root") + ", group " + prop(r, "group", "root") + ", mode "
                + prop(r, "mode", "0755") + ")";
    }
}
