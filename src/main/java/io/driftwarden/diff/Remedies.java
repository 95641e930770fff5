package io.driftwarden.diff;

import io.driftwarden.inventory.Host;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import io.driftwarden.standard.VersionRequirement;

/**
 * The shell command an operator would run to bring one property back to the standard. Every operand is
 * POSIX single-quoted after {@code --}. Content and boot configuration go back through the standard: {@code driftwarden
 * revert} where the host's transport can apply changes, by hand where it cannot (never a command that would refuse).
 */
public final class Remedies {
    private Remedies() {}

    public static String of(Host host, Resource r, String property, Value expected) {
        ResourceId id = r.id();
        String n = q(id.name());
        String e = expected.isList() ? String.join(",", expected.items()) : expected.text();
        return switch (id.type()) {
            case FILE -> file(host, r, property, e, n);
            case PACKAGE ->
                switch (property) {
                    case "ensure" -> e.equals("absent") ? "apt-get remove -- " + n : "apt-get install -- " + n;
                    default ->
                        VersionRequirement.of(e).floor()
                                ? "apt-get install --only-upgrade -- " + n
                                : "apt-get install -- " + q(id.name() + "=" + e);
                };
            case SERVICE ->
                switch (property) {
                    case "running" -> "systemctl " + (e.equals("true") ? "start" : "stop") + " -- " + n;
                    default ->
                        "systemctl " + (e.equals("true") ? "enable" : e.equals("masked") ? "mask" : "disable") + " -- "
                                + n;
                };
            case SYSCTL ->
                property.equals("value") ? "sysctl -w -- " + q(id.name() + "=" + e) : revert(host, id, property);
            case USER ->
                switch (property) {
                    case "ensure" -> e.equals("absent") ? "userdel -- " + n : userAdd(r, n);
                    case "uid" -> "usermod -u " + q(e) + " -- " + n;
                    case "gid" -> "usermod -g " + q(e) + " -- " + n;
                    case "home" -> "usermod -d " + q(e) + " -- " + n;
                    case "shell" -> "usermod -s " + q(e) + " -- " + n;
                    default -> "usermod -G " + q(e) + " -- " + n;
                };
            case GROUP ->
                switch (property) {
                    case "ensure" ->
                        e.equals("absent")
                                ? "groupdel -- " + n
                                : "groupadd"
                                        + r.property("gid")
                                                .map(g ->
                                                        " -g " + q(g.expected().text()))
                                                .orElse("") + " -- " + n;
                    default -> "groupmod -g " + q(e) + " -- " + n;
                };
        };
    }

    private static String file(Host host, Resource r, String property, String e, String n) {
        return switch (property) {
            case "ensure" ->
                switch (e) {
                    case "absent" -> "rm -f -- " + n;
                    case "directory" -> "mkdir -- " + n;
                    case "link" ->
                        r.property("target")
                                .map(t -> "ln -s -- " + q(t.expected().text()) + " " + n)
                                .orElse(revert(host, r.id(), property));
                    default -> revert(host, r.id(), property);
                };
            case "owner" -> "chown -h -- " + q(e) + " " + n;
            case "group" -> "chgrp -h -- " + q(e) + " " + n;
            case "mode" -> "chmod " + e + " -- " + n;
            case "target" -> "ln -sfn -- " + q(e) + " " + n;
            default -> revert(host, r.id(), property);
        };
    }

    private static String userAdd(Resource r, String n) {
        StringBuilder b = new StringBuilder("useradd");
        r.property("uid").ifPresent(d -> b.append(" -u ").append(q(d.expected().text())));
        r.property("gid").ifPresent(d -> b.append(" -g ").append(q(d.expected().text())));
        r.property("home").ifPresent(d -> b.append(" -d ").append(q(d.expected().text())));
        r.property("shell")
                .ifPresent(d -> b.append(" -s ").append(q(d.expected().text())));
        return b.append(" -- ").append(n).toString();
    }

    private static String revert(Host host, ResourceId id, String property) {
        if (!host.transport().canApply()) {
            return "restore " + property + " by hand as the standard declares (driftwarden writes to ssh hosts only,"
                    + " this one is " + host.transport().label() + ")";
        }
        return "driftwarden revert --host " + q(host.name()) + " --resource " + q(id.toString()) + " --property "
                + property + " --reason " + q("restore the standard");
    }

    /** POSIX single quotes: the only character needing care inside them is the quote itself. */
    public static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
