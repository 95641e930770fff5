package io.driftwarden.admission;

import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.audit.StandardInfo;
import io.driftwarden.bundle.Bundle;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.bundle.BundleLoader;
import io.driftwarden.config.Config;
import io.driftwarden.config.Permissions;
import io.driftwarden.gitsource.GitStandards;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.signoff.Accepted;
import io.driftwarden.signoff.AllowedSigners;
import io.driftwarden.signoff.RollbackRule;
import io.driftwarden.signoff.SignoffVerifier;
import io.driftwarden.signoff.Verdict;
import io.driftwarden.yaml.InputFile;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Admits a bundle: verify first, then parse exactly the verified bytes, refuse a
 * rollback, authorise change records by their own approvers. Unsigned mode skips all of it and says so.
 */
public final class BundleAdmission {
    private BundleAdmission() {}

    /**
     * The standard and the change records for a run that judges hosts once. {@code inventory} is the whole
     * inventory: how many hosts a record reaches decides how many approver keys it needs.
     */
    public static Admitted open(
            Config cfg, Path configFile, boolean unsigned, Instant now, AcceptedRevisions store, Inventory inventory) {
        CheckedOut c = checkedOut(cfg);
        return withRecords(
                admit(c.cfg(), c.warning(), configFile, unsigned, now, store),
                c.cfg(),
                unsigned,
                now,
                store,
                inventory,
                false);
    }

    /**
     * The change records of the current approvals sources, judged after the standard and apart from it: a
     * standard that falls back to its last accepted revision still gets today's records and tombstones.
     */
    private static Admitted withRecords(
            Admitted standard,
            Config cfg,
            boolean unsigned,
            Instant now,
            AcceptedRevisions store,
            Inventory inventory,
            boolean daemon) {
        AllowedSigners signers = unsigned ? null : allowedSigners(cfg.signoff().allowedSigners());
        ApprovalsAdmission.Admission a = daemon
                ? ApprovalsAdmission.admitOrLastGood(cfg, signers, store, inventory, now)
                : ApprovalsAdmission.admit(cfg, signers, store, inventory, now);
        return standard.withApprovals(a.verdicts(), a.good());
    }

    /** The settings with the bundle where this run reads it, and why that is not the remote's newest, if so. */
    private record CheckedOut(Config cfg, String warning) {}

    /** For {@code standards: {git: ...}}: the same settings with the bundle at the tree fetched for this run. */
    private static CheckedOut checkedOut(Config cfg) {
        if (cfg.standardsGit() == null) {
            return new CheckedOut(cfg, null);
        }
        GitStandards.Fetched f = GitStandards.fetch(cfg.standardsGit());
        return new CheckedOut(cfg.withStandards(f.tree()), f.warning());
    }

    private static Admitted admit(
            Config cfg, String fetchWarning, Path configFile, boolean unsigned, Instant now, AcceptedRevisions store) {
        List<String> ignore = cfg.signoff() == null
                ? Config.Signoff.DEFAULT_IGNORE
                : cfg.signoff().ignore();
        if (unsigned) {
            Bundle b = BundleLoader.load(BundleFiles.read(cfg.standards(), ignore));
            return new Admitted(b, RecordVerdicts.NONE, StandardInfo.unsignedRun(), null, null, null, null);
        }
        if (cfg.signoff() == null) {
            throw new LoadException(
                    configFile + ": signoff: required to judge hosts (or run with --insecure-unsigned)");
        }
        Permissions.refuseWritableByOthers(configFile, "the config");
        AllowedSigners signers = allowedSigners(cfg.signoff().allowedSigners());
        BundleFiles files = BundleFiles.read(cfg.standards(), ignore);
        Verdict v = new SignoffVerifier(signers, cfg.signoff().required()).verify(files, now);
        if (!v.verified()) {
            List<String> lines = new ArrayList<>();
            v.problems().forEach(p -> lines.add(cfg.standards() + ": not verified: " + p));
            v.signatures().stream()
                    .filter(c -> !c.counts())
                    .forEach(c -> lines.add(cfg.standards() + ": " + c.file() + ": " + c.problem()));
            throw new LoadException(lines);
        }
        RollbackRule.Decision d = RollbackRule.judge(store.accepted().orElse(null), v.revision(), v.digest());
        if (!d.accepted()) {
            throw new LoadException(cfg.standards() + ": " + d.refusal());
        }
        Bundle bundle = BundleLoader.load(files);
        String problem =
                d.fork() == null ? fetchWarning : fetchWarning == null ? d.fork() : d.fork() + "; " + fetchWarning;
        StandardInfo info = new StandardInfo(v.digest(), v.serial(), true, false, v.signers(), problem);
        Accepted accepted = new Accepted(v.serial(), v.digest());
        return new Admitted(bundle, RecordVerdicts.NONE, info, accepted, files, null, null);
    }

    /**
     * The daemon's admission: the current bundle if it is verified; otherwise the last accepted revision, its
     * kept bytes verified again, with the refusal reported (section 4). Fails only when neither can be used.
     */
    public static Admitted openOrLastAccepted(
            Config configured,
            Path configFile,
            boolean unsigned,
            Instant now,
            AcceptedRevisions store,
            Inventory inventory) {
        CheckedOut c;
        try {
            c = checkedOut(configured);
        } catch (LoadException unreachable) {
            return withRecords(
                    lastAccepted(configured, unreachable, unsigned, now, store),
                    configured,
                    unsigned,
                    now,
                    store,
                    inventory,
                    true);
        }
        Config cfg = c.cfg();
        Admitted standard;
        try {
            standard = admit(cfg, c.warning(), configFile, unsigned, now, store);
        } catch (LoadException refusal) {
            standard = lastAccepted(cfg, refusal, unsigned, now, store);
        }
        return withRecords(standard, cfg, unsigned, now, store, inventory, true);
    }

    private static Admitted lastAccepted(
            Config cfg, LoadException refusal, boolean unsigned, Instant now, AcceptedRevisions store) {
        if (unsigned || cfg.signoff() == null) {
            throw refusal;
        }
        var copy = store.acceptedBytes(cfg.standards());
        if (copy.isEmpty()) {
            throw refusal;
        }
        AllowedSigners signers = allowedSigners(cfg.signoff().allowedSigners());
        Verdict v = new SignoffVerifier(signers, cfg.signoff().required()).verify(copy.get(), now);
        if (!v.verified()) {
            List<String> lines = new ArrayList<>(refusal.problems());
            lines.add("store: the last accepted revision no longer verifies either: " + v.problems());
            throw new LoadException(lines);
        }
        Bundle bundle = BundleLoader.load(copy.get());
        String why = String.join("; ", refusal.problems());
        StandardInfo info = new StandardInfo(
                v.digest(),
                v.serial(),
                false,
                false,
                v.signers(),
                "the current bundle was refused (" + why + "); audited against the last accepted revision " + v.serial()
                        + " " + v.digest());
        // the standard only: records come from the current approvals sources (withRecords)
        return new Admitted(bundle, RecordVerdicts.NONE, info, null, null, refusedDigest(cfg), refusal.problems());
    }

    /** The digest of the refused bundle's SIGNOFF (or of its absence), so one refusal is mailed once. */
    private static String refusedDigest(Config cfg) {
        Path signoff = cfg.standards().resolve(io.driftwarden.signoff.Manifest.SIGNOFF);
        try {
            return Files.exists(signoff)
                    ? "sha256:"
                            + io.driftwarden.standard.ResourceParser.sha256(
                                    InputFile.read(signoff, BundleFiles.MAX_FILE_BYTES, "SIGNOFF"))
                    : "no-signoff";
        } catch (IOException e) {
            return "unreadable-signoff";
        } catch (LoadException e) {
            return "too-large-signoff"; // refused already by BundleFiles; never read into memory here
        }
    }

    public static AllowedSigners allowedSigners(Path file) {
        Permissions.refuseWritableByOthers(file, "allowed_signers");
        try {
            return AllowedSigners.parse(file.toString(), InputFile.read(file, "allowed_signers"));
        } catch (IOException e) {
            throw new LoadException(file + ": cannot read allowed_signers: " + e.getMessage());
        }
    }
}
