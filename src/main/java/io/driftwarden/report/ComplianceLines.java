package io.driftwarden.report;

import io.driftwarden.audit.Compliance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The board's view of risk as plain lines, for the text report and the digest alike (the HTML report shows the same
 * numbers as tables): compliance strict and with approved exceptions, fleet-wide then per group; the approved
 * exceptions, oldest first.
 */
public final class ComplianceLines {
    private ComplianceLines() {}

    public static List<String> compliance(Compliance c) {
        List<String> out = new ArrayList<>();
        out.add("compliance: " + share(c.fleet()));
        c.groups().forEach(g -> out.add("  group " + Printable.of(g.group()) + ": " + share(g)));
        return out;
    }

    public static List<String> exceptions(Compliance c, Instant now) {
        List<String> out = new ArrayList<>();
        for (Compliance.Carried e : c.exceptions()) {
            out.add(e.record() + ": " + e.drifts() + (e.drifts() == 1 ? " drift" : " drifts") + " on "
                    + String.join(", ", e.hosts().stream().map(Printable::of).toList()) + ", carried "
                    + age(e.age(now))
                    + (e.expires() == null ? "" : ", expires " + e.expires())
                    + (e.ticket() == null ? "" : ", ticket " + Printable.of(e.ticket())));
        }
        return out;
    }

    /** "strict 25% (1 of 4 hosts without drift), with approved exceptions 50% (2 of 4)". */
    public static String share(Compliance.Share s) {
        return "strict " + percent(s.strict()) + " (" + s.compliant() + " of " + s.hosts() + " hosts without drift),"
                + " with approved exceptions " + percent(s.withExceptions()) + " ("
                + (s.compliant() + s.approvedDrift())
                + " of " + s.hosts() + ")";
    }

    /** Whole percent, rounded down, so 99.9 % never reads as 100 %. */
    public static String percent(double ratio) {
        return (long) Math.floor(ratio * 100) + "%";
    }

    /** "3d 4h", "5h 10m", "12m". */
    public static String age(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        return hours > 0 ? hours + "h " + d.toMinutesPart() + "m" : d.toMinutesPart() + "m";
    }
}
