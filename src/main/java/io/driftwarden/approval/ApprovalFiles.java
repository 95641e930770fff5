package io.driftwarden.approval;

import java.util.Optional;

/**
 * The names an approvals source holds: records ({@code <id>.yaml}), tombstones ({@code <id>.withdrawn}), the
 * approvals index ({@code INDEX}), and each one's signatures ({@code <file>.<label>.sig}). These, and only these,
 * under a bundle's {@code approvals/} are left out of SIGNOFF: they are trusted by their approvers' own
 * signatures and change without a new revision of the standard. Anything else there stays covered.
 */
public final class ApprovalFiles {
    /** Where a bundle keeps its approvals source. */
    public static final String DIR = "approvals/";

    public static final String INDEX = "INDEX";
    public static final String RECORD_SUFFIX = ".yaml";
    public static final String TOMBSTONE_SUFFIX = ".withdrawn";

    /** What a name in an approvals source is. */
    public enum Kind {
        RECORD,
        TOMBSTONE,
        INDEX,
        SIGNATURE,
        OTHER
    }

    private ApprovalFiles() {}

    /** The kind of one name inside a source (no directories). */
    public static Kind kind(String name) {
        if (name.isEmpty() || name.contains("/")) {
            return Kind.OTHER;
        }
        if (name.equals(INDEX)) {
            return Kind.INDEX;
        }
        if (name.endsWith(".sig")) {
            return signedFile(name).isPresent() ? Kind.SIGNATURE : Kind.OTHER;
        }
        if (name.endsWith(RECORD_SUFFIX) && name.length() > RECORD_SUFFIX.length()) {
            return Kind.RECORD;
        }
        if (name.endsWith(TOMBSTONE_SUFFIX) && name.length() > TOMBSTONE_SUFFIX.length()) {
            return Kind.TOMBSTONE;
        }
        return Kind.OTHER;
    }

    /** For {@code CHG-1.yaml.carol.sig}: {@code CHG-1.yaml}, the file it signs (a record, a tombstone or INDEX). */
    public static Optional<String> signedFile(String sig) {
        if (!sig.endsWith(".sig")) {
            return Optional.empty();
        }
        // the longest signed name that leaves a label of at least one character before ".sig"
        int labelEnd = sig.length() - ".sig".length();
        int best = -1;
        for (String suffix : new String[] {RECORD_SUFFIX + ".", TOMBSTONE_SUFFIX + "."}) {
            for (int at = sig.indexOf(suffix); at >= 0; at = sig.indexOf(suffix, at + 1)) {
                int end = at + suffix.length() - 1;
                if (at > 0 && end + 1 < labelEnd && end > best) {
                    best = end;
                }
            }
        }
        if (best >= 0) {
            return Optional.of(sig.substring(0, best));
        }
        return sig.startsWith(INDEX + ".") && sig.length() > INDEX.length() + 5 ? Optional.of(INDEX) : Optional.empty();
    }

    /** The record id a record or tombstone file names (its stem). */
    public static String stem(String name) {
        return switch (kind(name)) {
            case RECORD -> name.substring(0, name.length() - RECORD_SUFFIX.length());
            case TOMBSTONE -> name.substring(0, name.length() - TOMBSTONE_SUFFIX.length());
            default -> throw new IllegalArgumentException("not a record or tombstone: " + name);
        };
    }

    private static final java.util.regex.Pattern ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Whether a stem is a record id (section 3): what the store keeps and every report prints as is. */
    public static boolean validId(String id) {
        return ID.matcher(id).matches();
    }

    /** Whether a bundle path is one of its approvals files: {@code approvals/<name>}, a known kind, no deeper. */
    public static boolean inBundle(String rel) {
        return rel.startsWith(DIR) && kind(rel.substring(DIR.length())) != Kind.OTHER;
    }

    /** Whether {@code sig} is a signature over {@code file}. */
    public static boolean signs(String sig, String file) {
        return signedFile(sig).filter(file::equals).isPresent();
    }
}
