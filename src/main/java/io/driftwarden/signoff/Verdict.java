package io.driftwarden.signoff;

import java.util.List;

/**
 * The sign-off verdict on a bundle. Verified = every listed file matches, nothing unlisted, a valid
 * REVISION, and at least the required number of counted signers. {@code problems} says exactly why not;
 * {@code warnings} what is worth fixing but does not fail it.
 */
public record Verdict(
        boolean verified,
        String digest,
        Revision revision,
        List<String> signers,
        List<SignatureCheck> signatures,
        List<String> problems,
        List<String> warnings) {
    public Verdict {
        signers = List.copyOf(signers);
        signatures = List.copyOf(signatures);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public Verdict(
            boolean verified,
            String digest,
            Revision revision,
            List<String> signers,
            List<SignatureCheck> signatures,
            List<String> problems) {
        this(verified, digest, revision, signers, signatures, problems, List.of());
    }

    public Long serial() {
        return revision == null ? null : revision.serial();
    }
}
