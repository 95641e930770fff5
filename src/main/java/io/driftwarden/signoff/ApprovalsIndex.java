package io.driftwarden.signoff;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import io.driftwarden.yaml.YNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An approvals source's {@code INDEX}, signed by an approver: its serial (+1 each time), the digest of the
 * index before it, and the sha256 of every record and tombstone it holds. With the store's floor (the highest
 * serial seen) it makes a rolled-back, pruned or force-pushed source detectable; signatures over records are not
 * listed, so a second approver can sign later without a new index.
 */
public record ApprovalsIndex(long serial, String previous, String created, Map<String, String> files) {
    public static final String FILE = ApprovalFiles.INDEX;
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ApprovalsIndex {
        TreeMap<String, String> sorted = new TreeMap<>(ResourceId.Utf8Order::compare);
        sorted.putAll(files);
        files = Collections.unmodifiableMap(sorted);
    }

    public static Optional<ApprovalsIndex> parse(String shown, byte[] bytes, Problems problems) {
        int before = problems.size();
        return StrictYaml.parse(shown, bytes, problems)
                .flatMap(n -> MapReader.of(n, "", problems))
                .flatMap(r -> {
                    long serial = Revision.serial(r, problems);
                    String previous = Revision.previous(r, problems);
                    String created = r.requireString("created").orElse("");
                    Map<String, String> files = new TreeMap<>();
                    Optional<YNode> listed = r.node("files");
                    if (listed.isEmpty()) {
                        problems.add(r.mark(), "files", "required key is missing (write {} for an empty source)");
                    } else {
                        MapReader.of(listed.get(), "files", problems).ifPresent(m -> {
                            for (String name : m.keys()) {
                                ApprovalFiles.Kind kind = ApprovalFiles.kind(name);
                                String digest = m.requireString(name).orElse("");
                                if (kind != ApprovalFiles.Kind.RECORD && kind != ApprovalFiles.Kind.TOMBSTONE) {
                                    problems.add(
                                            m.keyMark(name),
                                            m.childPath(name),
                                            "lists only records (<id>.yaml) and tombstones (<id>.withdrawn)");
                                } else if (!DIGEST.matcher(digest).matches()) {
                                    problems.add(m.keyMark(name), m.childPath(name), "must be sha256:<64 hex>");
                                } else {
                                    files.put(name, digest);
                                }
                            }
                            m.finish();
                        });
                    }
                    r.finish();
                    return problems.size() > before
                            ? Optional.empty()
                            : Optional.of(new ApprovalsIndex(serial, previous, created, files));
                });
    }

    public String render() {
        StringBuilder b = new StringBuilder(
                "# Written by `driftwarden approvals index`; sign it: ssh-keygen -Y sign -n driftwarden-approval\n");
        b.append("serial: ").append(serial).append('\n');
        b.append("previous: ")
                .append(previous.equals("none") ? "none" : "\"" + previous + "\"")
                .append('\n');
        b.append("created: \"").append(created).append("\"\n");
        if (files.isEmpty()) {
            b.append("files: {}\n");
        } else {
            b.append("files:\n");
            files.forEach((name, digest) -> b.append("  \"")
                    .append(name)
                    .append("\": \"")
                    .append(digest)
                    .append("\"\n"));
        }
        return b.toString();
    }

    /** The next index over {@code files}: one serial above both the current index and the store's floor. */
    public static ApprovalsIndex next(
            long highestSerial, String previousDigest, Map<String, String> files, Instant now) {
        return new ApprovalsIndex(
                highestSerial + 1,
                previousDigest == null ? "none" : previousDigest,
                now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                files);
    }
}
