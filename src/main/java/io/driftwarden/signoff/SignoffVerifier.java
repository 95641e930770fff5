package io.driftwarden.signoff;

import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.yaml.Problems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: checks a bundle's SIGNOFF against its files and counts its signers (once per distinct key, for the
 * key's single literal principal in allowed_signers, at the real clock).
 */
public final class SignoffVerifier {
    private final AllowedSigners signers;
    private final int required;

    public SignoffVerifier(AllowedSigners signers, int required) {
        this.signers = signers;
        this.required = required;
    }

    public Verdict verify(BundleFiles bundle, Instant now) {
        List<String> problems = new ArrayList<>();
        Optional<byte[]> signoff = bundle.get(Manifest.SIGNOFF);
        if (signoff.isEmpty()) {
            return new Verdict(
                    false,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(
                            "not signed off: no SIGNOFF (run `driftwarden standard manifest`, then have reviewers sign it)"));
        }
        String digest = "sha256:" + ResourceParser.sha256(signoff.get());
        Map<String, String> listed = Manifest.parse(signoff.get(), problems);
        problems.addAll(Manifest.compare(listed, bundle));
        Revision revision = revision(bundle, listed, problems);
        List<SignatureCheck> checks = new ArrayList<>();
        Set<SshPublicKey> counted = new HashSet<>();
        Set<String> names = new TreeSet<>();
        for (String rel : bundle.paths()) {
            if (rel.startsWith(Manifest.SIGNOFF + ".") && rel.endsWith(".sig") && !rel.contains("/")) {
                SignatureCheck c = check(
                        rel, bundle.get(rel).orElseThrow(), signoff.get(), AllowedSigners.Role.REVIEWER, now, counted);
                checks.add(c);
                if (c.counts()) {
                    names.add(c.principal());
                }
            }
        }
        if (counted.size() < required) {
            problems.add("signed by " + counted.size() + " counted signer(s) " + names + ", " + required + " required");
        }
        return new Verdict(
                problems.isEmpty(),
                digest,
                revision,
                List.copyOf(names),
                checks,
                problems,
                Manifest.staleLines(listed));
    }

    private static Revision revision(BundleFiles bundle, Map<String, String> listed, List<String> problems) {
        Optional<byte[]> bytes = bundle.get(Revision.FILE);
        if (bytes.isEmpty() || !listed.containsKey(Revision.FILE)) {
            problems.add("REVISION is missing or not listed in SIGNOFF");
            return null;
        }
        Problems p = new Problems();
        Optional<Revision> r = Revision.parse(bytes.get(), p);
        problems.addAll(p.lines());
        return r.orElse(null);
    }

    /**
     * Verifies one signature file over {@code signed} in the role's namespace; a key already counted is reported,
     * not counted again.
     */
    SignatureCheck check(
            String file,
            byte[] sigBytes,
            byte[] signed,
            AllowedSigners.Role role,
            Instant now,
            Set<SshPublicKey> counted) {
        SshSig sig;
        try {
            sig = SshSig.parse(sigBytes);
        } catch (SshFormatException e) {
            return new SignatureCheck(file, null, null, "unparseable: " + e.getMessage(), null);
        }
        String fp = sig.publicKey().fingerprint();
        String bad = sig.verify(signed, role.namespace());
        if (bad != null) {
            return new SignatureCheck(file, fp, null, bad, null);
        }
        AllowedSigners.Principal p = signers.principalFor(sig.publicKey(), role, now);
        if (!p.counts()) {
            return new SignatureCheck(file, fp, null, p.refusal(), sig.publicKey());
        }
        if (!counted.add(sig.publicKey())) {
            return new SignatureCheck(
                    file, fp, p.name(), "same key as another signature: counted once", sig.publicKey());
        }
        return new SignatureCheck(file, fp, p.name(), null, sig.publicKey());
    }
}
