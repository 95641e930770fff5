package io.driftwarden.cli;

import io.driftwarden.admission.ApprovalsAdmission;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.bundle.Bundle;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.bundle.BundleLoader;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.impact.ImpactReport;
import io.driftwarden.signoff.AllowedSigners;
import io.driftwarden.signoff.BundleDiff;
import io.driftwarden.signoff.Manifest;
import io.driftwarden.signoff.Revision;
import io.driftwarden.signoff.RollbackRule;
import io.driftwarden.signoff.SignatureCheck;
import io.driftwarden.signoff.SignoffVerifier;
import io.driftwarden.signoff.Verdict;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.store.JdbcStorage;
import io.driftwarden.yaml.LoadException;
import io.driftwarden.yaml.Problems;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code standard manifest | verify | diff}: the sign-off of section 4. */
@Command(
        name = "standard",
        description = "Sign-off of the standards bundle.",
        subcommands = {
            StandardCommand.ManifestCmd.class,
            StandardCommand.VerifyCmd.class,
            StandardCommand.DiffCmd.class,
            CaptureCommand.class
        })
public final class StandardCommand {

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--config",
                defaultValue = "driftwarden.yaml",
                description = "config file (default ./driftwarden.yaml)")
        Path config;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        @Override
        public Integer call() {
            try {
                return run(ConfigLoader.load(config));
            } catch (LoadException e) {
                e.problems().forEach(spec.commandLine().getErr()::println);
                return 1;
            } catch (IOException | io.driftwarden.store.StoreException | io.driftwarden.audit.ResourceCheck.Refused e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }

        abstract int run(Config cfg) throws IOException;

        /** One read from the store (created empty on first use). */
        static <T> T storeRead(Config cfg, io.driftwarden.store.Store.Work<T> work) {
            try (io.driftwarden.store.Store store =
                    io.driftwarden.store.Store.open(cfg.store().url())) {
                return store.tx(work);
            }
        }

        /**
         * The inventory a read-only command judges a record's reach on: none when there is no inventory file yet
         * (then no record counts as reaching many hosts; the run itself judges on the real one).
         */
        static io.driftwarden.inventory.Inventory inventoryIfAny(Config cfg) {
            return java.nio.file.Files.exists(cfg.inventory())
                    ? io.driftwarden.run.Inventories.load(cfg)
                    : new io.driftwarden.inventory.Inventory(List.of());
        }

        List<String> ignore(Config cfg) {
            return cfg.signoff() == null
                    ? Config.Signoff.DEFAULT_IGNORE
                    : cfg.signoff().ignore();
        }
    }

    @Command(name = "manifest", description = "Write SIGNOFF and bump REVISION; reviewers then sign SIGNOFF.")
    static final class ManifestCmd extends Base {
        @Override
        int run(Config cfg) throws IOException {
            if (cfg.standardsGit() != null) {
                // the fetched tree is replaced at the next fetch: a manifest belongs in a working copy, then a commit
                throw new io.driftwarden.yaml.LoadException(
                        "standards: a git repository (" + cfg.standardsGit().url()
                                + "): run standard manifest in your working copy, with a config whose standards is that directory");
            }
            Path dir = cfg.standards();
            BundleFiles files = BundleFiles.read(dir, ignore(cfg));
            List<String> bad = Manifest.unlistable(files);
            if (!bad.isEmpty() || !files.irregular().isEmpty()) {
                throw new LoadException(
                        dir + ": cannot be signed: " + (bad.isEmpty() ? "" : "unprintable names " + bad + " ")
                                + (files.irregular().isEmpty() ? "" : "not regular files " + files.irregular()));
            }
            BundleLoader.load(files);
            Revision current = files.get(Revision.FILE)
                    .flatMap(b -> Revision.parse(b, new Problems()))
                    .orElse(null);
            String currentDigest = files.get(Manifest.SIGNOFF)
                    .map(b -> "sha256:" + ResourceParser.sha256(b))
                    .orElse(null);
            var accepted = storeRead(cfg, io.driftwarden.store.RevisionStore::accepted);
            Revision next;
            if (current != null
                    && accepted.isPresent()
                    && current.serial() > accepted.get().serial()) {
                next = new Revision(
                        current.serial(), current.previous(), Instant.now().toString());
            } else {
                next = Revision.next(current, accepted.map(a -> a.digest()).orElse(currentDigest), Instant.now());
            }
            Files.writeString(dir.resolve(Revision.FILE), next.render(), StandardCharsets.UTF_8);
            String manifest = Manifest.render(BundleFiles.read(dir, ignore(cfg)));
            Files.writeString(dir.resolve(Manifest.SIGNOFF), manifest, StandardCharsets.UTF_8);
            out().println("wrote " + dir.resolve(Manifest.SIGNOFF) + ": revision " + next.serial() + ", "
                    + manifest.lines().count() + " files, previous " + next.previous());
            for (String p : files.paths()) {
                if (p.startsWith(Manifest.SIGNOFF + ".") && p.endsWith(".sig") && !p.contains("/")) {
                    Files.delete(dir.resolve(p));
                    out().println("  removed " + p + ": it signed the replaced SIGNOFF and can never count again");
                }
            }
            out().println("each reviewer now runs:  ssh-keygen -Y sign -f KEY -n driftwarden "
                    + dir.resolve(Manifest.SIGNOFF));
            out().println("and renames the output to " + dir.resolve("SIGNOFF.<name>.sig"));
            return 0;
        }
    }

    @Command(name = "verify", description = "Is the bundle signed off? Exit 0 when verified, 1 otherwise.")
    static final class VerifyCmd extends Base {
        @Option(
                names = "--impact",
                description =
                        "per host, what this bundle would make drift or resolve, from the last audits in the store")
        boolean impact;

        @Override
        int run(Config cfg) {
            Instant now = Instant.now();
            PrintWriter out = out();
            if (cfg.signoff() == null) {
                throw new LoadException(config + ": signoff.allowed_signers is needed to count signers");
            }
            AllowedSigners signers =
                    BundleAdmission.allowedSigners(cfg.signoff().allowedSigners());
            signers.problems().forEach(p -> out.println("warning: " + p));
            BundleFiles files = BundleFiles.read(cfg.standards(), ignore(cfg));
            Verdict v = new SignoffVerifier(signers, cfg.signoff().required()).verify(files, now);
            boolean ok = v.verified();
            String rollback = null;
            String fork = null;
            if (ok) {
                var d = RollbackRule.judge(
                        storeRead(cfg, io.driftwarden.store.RevisionStore::accepted)
                                .orElse(null),
                        v.revision(),
                        v.digest());
                rollback = d.refusal();
                fork = d.fork();
                ok = d.accepted();
            }
            out.println((ok ? "VERIFIED" : "NOT VERIFIED") + " " + cfg.standards() + " revision "
                    + (v.serial() == null ? "?" : v.serial()) + " " + (v.digest() == null ? "" : v.digest()));
            out.println("signers: " + v.signers() + " (" + v.signers().size() + " counted, "
                    + cfg.signoff().required() + " required)");
            for (SignatureCheck c : v.signatures()) {
                out.println("  " + c.file() + ": "
                        + (c.counts()
                                ? "ok, " + c.principal() + " (" + c.fingerprint() + ")"
                                : "does not count: " + c.problem()));
            }
            v.problems().forEach(p -> out.println("problem: " + p));
            if (rollback != null) {
                out.println("problem: " + rollback);
            }
            if (fork != null) {
                out.println("flag: " + fork);
            }
            v.warnings().forEach(w -> out.println("warning: " + w));
            if (v.verified()) {
                BundleLoader.load(files);
            }
            // records stand on their own approvers' signatures: listed whatever the standard's verdict, never fatal
            var approvals = ApprovalsAdmission.judge(
                    cfg,
                    signers,
                    storeRead(cfg, io.driftwarden.store.ApprovalsFloorStore::floors),
                    storeRead(cfg, io.driftwarden.store.SelfApprovedStore::all),
                    inventoryIfAny(cfg),
                    now);
            approvals.sources().forEach(s -> out.println(s.summary()));
            approvals.verdicts().forEach(r -> out.println(r.summary()));
            if (impact) {
                out.println("impact of " + cfg.standards() + " per host, judged against its last successful audit:");
                try (io.driftwarden.store.Store store =
                        io.driftwarden.store.Store.open(cfg.store().url())) {
                    new ImpactReport(cfg).print(files, JdbcStorage.lastAudits(store), out);
                }
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "diff", description = "What changed since the accepted revision (what am I signing?).")
    static final class DiffCmd extends Base {
        @Override
        int run(Config cfg) {
            BundleFiles now = BundleFiles.read(cfg.standards(), ignore(cfg));
            var accepted = storeRead(cfg, c -> io.driftwarden.store.RevisionStore.acceptedBytes(c, cfg.standards()));
            PrintWriter out = out();
            if (accepted.isEmpty()) {
                out.println("no accepted revision yet: every file is new");
                now.paths().stream().filter(Manifest::covers).forEach(p -> out.println("+ " + p));
                return 0;
            }
            List<String> files = BundleDiff.files(accepted.get(), now);
            out.println(files.isEmpty() ? "files: unchanged since the accepted revision" : "files:");
            files.forEach(f -> out.println("  " + f));
            Bundle before = BundleLoader.load(accepted.get());
            Bundle after = BundleLoader.load(now);
            List<String> resources = BundleDiff.resources(before, after);
            if (!resources.isEmpty()) {
                out.println("resources:");
                resources.forEach(r -> out.println("  " + r));
            }
            return 0;
        }
    }
}
