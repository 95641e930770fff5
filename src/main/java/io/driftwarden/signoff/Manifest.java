package io.driftwarden.signoff;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.standard.ResourceParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIGNOFF: {@code sha256sum} lines {@code <64 hex>  <path>} for every regular file of the bundle except
 * SIGNOFF, {@code *.sig} and exactly the approvals files under {@code approvals/} (they are trusted by their
 * approvers' own signatures), sorted by UTF-8 bytes, so that {@code sha256sum -c SIGNOFF} agrees.
 */
public final class Manifest {
    public static final String SIGNOFF = "SIGNOFF";
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (.+)");

    private Manifest() {}

    /** Whether SIGNOFF lists this file. */
    public static boolean covers(String rel) {
        return !rel.equals(SIGNOFF) && !rel.endsWith(".sig") && !ApprovalFiles.inBundle(rel);
    }

    public static String render(BundleFiles bundle) {
        StringBuilder b = new StringBuilder();
        for (String rel : bundle.paths()) {
            if (covers(rel)) {
                b.append(ResourceParser.sha256(bundle.get(rel).orElseThrow()))
                        .append("  ")
                        .append(rel)
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** Paths the manifest cannot list faithfully (sha256sum would escape them). */
    public static List<String> unlistable(BundleFiles bundle) {
        return bundle.paths().stream()
                .filter(p -> p.chars().anyMatch(c -> c < 0x20 || c == '\\' || c == 0x7f))
                .toList();
    }

    /** Parses SIGNOFF into path -> digest; malformed lines are problems. */
    public static Map<String, String> parse(byte[] signoff, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = new String(signoff, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches()) {
                problems.add("SIGNOFF:" + (i + 1) + ": not a '<sha256>  <path>' line");
            } else if (out.put(m.group(2), m.group(1)) != null) {
                problems.add("SIGNOFF:" + (i + 1) + ": " + m.group(2) + " is listed twice");
            }
        }
        return out;
    }

    /** Lines of an older SIGNOFF that list approvals files: ignored, and worth a `standard manifest`. */
    public static List<String> staleLines(Map<String, String> listed) {
        return listed.keySet().stream()
                .filter(ApprovalFiles::inBundle)
                .map(p -> "SIGNOFF lists " + p + ", which is an approvals file and no longer covered (ignored;"
                        + " run `driftwarden standard manifest` and sign again to drop the line)")
                .toList();
    }

    /** Exactly which files changed, appeared or vanished since SIGNOFF was written. */
    public static List<String> compare(Map<String, String> listed, BundleFiles bundle) {
        List<String> problems = new ArrayList<>();
        for (var e : listed.entrySet()) {
            if (ApprovalFiles.inBundle(e.getKey())) {
                continue; // an older SIGNOFF that still lists approvals files: see staleLines
            }
            var bytes = bundle.get(e.getKey());
            if (bytes.isEmpty()) {
                problems.add("vanished: " + e.getKey()
                        + (bundle.irregular().contains(e.getKey()) ? " (now not a regular file)" : ""));
            } else if (!ResourceParser.sha256(bytes.get()).equals(e.getValue())) {
                problems.add("changed: " + e.getKey());
            }
        }
        for (String rel : bundle.paths()) {
            if (covers(rel) && !listed.containsKey(rel)) {
                problems.add("appeared: " + rel);
            }
        }
        for (String rel : bundle.irregular()) {
            if (!listed.containsKey(rel)) {
                problems.add("not a regular file: " + rel + " (links and special files are refused)");
            }
        }
        return problems;
    }
}
