package io.driftwarden.audit;

import java.util.List;

/** Which revision of the standard a run used and whether it was verified (section 4); unsigned runs say so. */
public record StandardInfo(
        String revision, Long serial, boolean verified, boolean unsigned, List<String> signers, String problem) {
    public StandardInfo {
        signers = List.copyOf(signers);
    }

    public static StandardInfo unsignedRun() {
        return new StandardInfo(
                null,
                null,
                false,
                true,
                List.of(),
                "UNSIGNED: run with --insecure-unsigned; the standard and change records are taken as written");
    }
}
