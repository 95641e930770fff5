package io.driftwarden.approval;

import java.util.List;

/**
 * What this run makes of one change record: {@code effective} (it may approve), {@code refused} (with a named
 * reason: it approves nothing) or {@code withdrawn} (a tombstone ended it). {@code record} is null when the file
 * could not be parsed. {@code signers} are the approver keys that counted; {@code quorum} how many were needed.
 */
public record RecordVerdict(
        String id,
        String source,
        String file,
        String sha256,
        Status status,
        String reason,
        List<String> problems,
        List<Signer> signers,
        int quorum,
        List<String> flags,
        ChangeRecord record) {
    public enum Status {
        EFFECTIVE,
        REFUSED,
        WITHDRAWN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Named refusals (the report's {@code approvals.refused[id].reason}). */
    public static final String INVALID = "invalid";

    public static final String ID_MISMATCH = "id-mismatch";
    public static final String DUPLICATE_ID = "duplicate-id";
    public static final String CASE_DUPLICATE_ID = "case-duplicate-id";
    public static final String APPROVED_IN_FUTURE = "approved-in-future";
    public static final String OUTSIDE_KEY_VALIDITY = "outside-key-validity";
    public static final String UNAUTHORISED = "unauthorised";
    public static final String NOT_IN_INDEX = "not-in-index";
    public static final String PROTECTED = "protected";
    public static final String SELF_APPROVED_REFUSAL = "self-approved";

    /** Flag: fewer counted keys than the quorum stay valid until the record expires. */
    public static final String SIGNER_EXPIRING = "signer-expiring";
    /** Flag: the record's approver is also the drift's probable actor (or its only one). */
    public static final String SELF_APPROVED = "self-approved";

    /** One counted approver key. */
    public record Signer(String principal, String fingerprint) {}

    public RecordVerdict {
        problems = List.copyOf(problems);
        signers = List.copyOf(signers);
        flags = List.copyOf(flags);
    }

    public boolean effective() {
        return status == Status.EFFECTIVE;
    }

    public RecordVerdict refused(String why, String problem) {
        List<String> more = new java.util.ArrayList<>(problems);
        more.add(problem);
        return new RecordVerdict(id, source, file, sha256, Status.REFUSED, why, more, signers, quorum, flags, record);
    }

    public RecordVerdict withFlag(String flag) {
        if (flags.contains(flag)) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(flags);
        more.add(flag);
        return new RecordVerdict(id, source, file, sha256, status, reason, problems, signers, quorum, more, record);
    }

    public RecordVerdict withQuorum(int needed) {
        return new RecordVerdict(id, source, file, sha256, status, reason, problems, signers, needed, flags, record);
    }

    public RecordVerdict withdrawn(String problem) {
        List<String> more = new java.util.ArrayList<>(problems);
        more.add(problem);
        return new RecordVerdict(
                id, source, file, sha256, Status.WITHDRAWN, null, more, signers, quorum, flags, record);
    }

    /** One line for people: {@code record CHG-1 (standards): effective, signed by [...] (1 of 1 required)}. */
    public String summary() {
        String head = "record " + id + " (" + source + "): ";
        String who = signers.stream().map(Signer::principal).toList() + " (" + signers.size() + " of " + quorum
                + " required)";
        return switch (status) {
            case EFFECTIVE ->
                head + "effective" + (quorum == 0 ? " (unsigned mode: taken as written)" : ", signed by " + who)
                        + (flags.isEmpty() ? "" : " [" + String.join(", ", flags) + "]")
                        + (problems.isEmpty() ? "" : "; " + problem());
            case REFUSED -> head + "REFUSED " + reason + " (approves nothing): " + problem();
            case WITHDRAWN -> head + "withdrawn: " + problem();
        };
    }

    public String problem() {
        return String.join("; ", problems);
    }
}
