package io.driftwarden.cli;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.bundle.ApprovalsReader;
import io.driftwarden.config.Config;
import io.driftwarden.report.AtomicFile;
import io.driftwarden.signoff.ApprovalsIndex;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.store.ApprovalsFloorStore;
import io.driftwarden.yaml.LoadException;
import io.driftwarden.yaml.Problems;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code approvals index}: writes a source's INDEX over every record and tombstone in it, one serial above both
 * the current index and the store's floor, as {@code standard manifest} does for SIGNOFF; an approver then signs
 * it. Refuses to drop a tombstone an earlier index listed (they are kept forever).
 */
@Command(
        name = "index",
        description = "Write the approvals index (serial, previous, the sha256 of every record and tombstone);"
                + " an approver then signs it.")
final class ApprovalsIndexCommand extends StandardCommand.Base {
    @Option(
            names = "--source",
            description = "standards or approvals_dir (default: approvals_dir when configured, else standards)")
    String source;

    @Override
    int run(Config cfg) throws IOException {
        Path dir = ApprovalsCommand.sourceDir(cfg, source);
        String name = ApprovalsCommand.sourceName(cfg, source);
        ApprovalsSource s = name.equals(ApprovalsSource.STANDARDS)
                ? ApprovalsReader.bundle(cfg.standards())
                : ApprovalsReader.dir(dir);
        if (s.failed() && !s.failure().reason().equals("empty")) {
            throw new LoadException(s.location() + ": approvals-source-error: "
                    + s.failure().reason() + ": " + s.failure().message());
        }
        Optional<ApprovalsIndex> current = s.get(ApprovalsIndex.FILE)
                .flatMap(b -> ApprovalsIndex.parse(s.shown(ApprovalsIndex.FILE), b, new Problems()));
        String currentDigest = s.get(ApprovalsIndex.FILE)
                .map(b -> "sha256:" + ResourceParser.sha256(b))
                .orElse(null);
        Optional<IndexFloor> floor =
                Optional.ofNullable(storeRead(cfg, ApprovalsFloorStore::floors).get(name));
        Map<String, String> files = new TreeMap<>();
        s.files().forEach((file, bytes) -> {
            ApprovalFiles.Kind k = ApprovalFiles.kind(file);
            if (k == ApprovalFiles.Kind.RECORD || k == ApprovalFiles.Kind.TOMBSTONE) {
                files.put(file, "sha256:" + ResourceParser.sha256(bytes));
            }
        });
        Set<String> listedBefore = new TreeSet<>();
        current.ifPresent(i -> listedBefore.addAll(i.files().keySet()));
        floor.flatMap(f -> ApprovalsIndex.parse("store", f.index(), new Problems()))
                .ifPresent(i -> listedBefore.addAll(i.files().keySet()));
        List<String> goneTombstones = listedBefore.stream()
                .filter(f -> ApprovalFiles.kind(f) == ApprovalFiles.Kind.TOMBSTONE && !files.containsKey(f))
                .toList();
        if (!goneTombstones.isEmpty()) {
            throw new LoadException(dir + ": the tombstones " + goneTombstones + " were listed by an earlier index"
                    + " and are gone: restore them (a withdrawal is kept forever)");
        }
        PrintWriter out = out();
        s.notes().forEach(n -> out.println("warning: " + n));
        Set<String> tombstoned = new TreeSet<>();
        files.keySet().stream()
                .filter(f -> ApprovalFiles.kind(f) == ApprovalFiles.Kind.TOMBSTONE)
                .forEach(f -> tombstoned.add(ApprovalFiles.stem(f).toLowerCase(java.util.Locale.ROOT)));
        listedBefore.stream()
                .filter(f -> ApprovalFiles.kind(f) == ApprovalFiles.Kind.RECORD && !files.containsKey(f))
                .filter(f -> !tombstoned.contains(ApprovalFiles.stem(f).toLowerCase(java.util.Locale.ROOT)))
                .forEach(f -> out.println("warning: " + f + " was in the last index and is gone without a tombstone:"
                        + " it stops approving; `driftwarden approvals withdraw` says so explicitly"));
        // the store has not seen the current index yet (written since the last run): it is rewritten in place,
        // same serial and previous, so that a second index between two runs is no fork; otherwise one above both
        long floorSerial = floor.map(IndexFloor::serial).orElse(0L);
        ApprovalsIndex next;
        if (current.isPresent() && current.get().serial() >= 1_000_000_000_000L) {
            throw new LoadException(dir + "/INDEX: serial " + current.get().serial() + " is implausibly high; refused");
        }
        if (current.isPresent() && current.get().serial() > floorSerial) {
            next = new ApprovalsIndex(
                    current.get().serial(),
                    current.get().previous(),
                    Instant.now()
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString(),
                    files);
        } else {
            long highest = Math.max(current.map(ApprovalsIndex::serial).orElse(0L), floorSerial);
            if (highest >= 1_000_000_000_000L) {
                throw new LoadException(dir + "/INDEX: serial " + highest + " is implausibly high; refused");
            }
            String previous = floor.map(IndexFloor::digest).orElse(currentDigest);
            next = ApprovalsIndex.next(highest, previous, files, Instant.now());
        }
        // what the signer is about to vouch for, against the index before it
        Map<String, String> before = current.map(ApprovalsIndex::files).orElse(Map.of());
        files.forEach((f, d) -> {
            if (!before.containsKey(f)) {
                out.println("  added   " + f + " " + d);
            } else if (!before.get(f).equals(d)) {
                out.println("  changed " + f + " " + d);
            }
        });
        before.keySet().stream().filter(f -> !files.containsKey(f)).forEach(f -> out.println("  removed " + f));
        Files.createDirectories(dir);
        Path index = dir.resolve(ApprovalsIndex.FILE);
        AtomicFile.write(index, next.render());
        List<Path> stale = new ArrayList<>();
        try (var list = Files.newDirectoryStream(dir, ApprovalsIndex.FILE + ".*.sig")) {
            list.forEach(stale::add);
        }
        for (Path p : stale) {
            Files.delete(p); // they sign the index this one replaces
        }
        long records = files.keySet().stream()
                .filter(f -> ApprovalFiles.kind(f) == ApprovalFiles.Kind.RECORD)
                .count();
        out.println("wrote " + index + ": serial " + next.serial() + ", " + records + " record(s), "
                + (files.size() - records) + " tombstone(s)"
                + (stale.isEmpty() ? "" : "; removed " + stale.size() + " signature(s) of the previous index"));
        out.println("an approver signs it (namespace driftwarden-approval), e.g.:");
        out.println("  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n driftwarden-approval " + index);
        out.println("  mv " + index + ".sig " + index + ".<your-name>.sig");
        out.flush();
        return 0;
    }
}
