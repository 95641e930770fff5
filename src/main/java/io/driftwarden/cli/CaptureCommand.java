package io.driftwarden.cli;

import io.driftwarden.capture.StandardCapture;
import io.driftwarden.collect.FileQuery;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.config.Config;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.inventory.Host;
import io.driftwarden.run.HostTransports;
import io.driftwarden.run.Inventories;
import io.driftwarden.standard.Names;
import io.driftwarden.yaml.LoadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code standard capture --host H}: a standard describing a host as it is, for a team's first standard. */
@Command(name = "capture", description = "Print a standard describing a host as it is (review it before signing).")
final class CaptureCommand extends StandardCommand.Base {
    @Option(names = "--host", required = true, description = "inventory host to describe")
    String host;

    @Option(names = "--types", split = ",", description = "files,packages,services,sysctl,users (default all)")
    List<String> types;

    @Option(
            names = "--paths",
            split = ",",
            description = "files to describe (default: a set of usual configuration files)")
    List<String> paths;

    @Option(
            names = "--package-versions",
            defaultValue = "present",
            converter = VersionsWord.class,
            paramLabel = "MODE",
            description = "what captured packages demand of their version: present (default: installed, any version),"
                    + " exact (the captured version) or floor (at least the captured version, \">= VERSION\")")
    StandardCapture.PackageVersions packageVersions;

    /** A word that is not a mode is a usage mistake, like any other bad option value. */
    static final class VersionsWord implements CommandLine.ITypeConverter<StandardCapture.PackageVersions> {
        @Override
        public StandardCapture.PackageVersions convert(String word) {
            try {
                return StandardCapture.PackageVersions.of(word);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    int run(Config cfg) {
        Set<String> wanted = types == null ? StandardCapture.TYPES : Set.copyOf(types);
        for (String t : wanted) {
            if (!StandardCapture.TYPES.contains(t)) {
                throw new LoadException("--types: unknown type '" + t + "' (files, packages, services, sysctl, users)");
            }
        }
        Host h = Inventories.host(cfg, host);
        List<FileQuery> files = new ArrayList<>();
        if (wanted.contains("files")) {
            for (String p : paths == null ? StandardCapture.DEFAULT_PATHS : paths) {
                if (!Names.isNormalAbsolutePath(p)) {
                    throw new LoadException("--paths: not an absolute normalized path: " + p);
                }
                files.add(new FileQuery(p, true, false, null));
            }
        }
        ObservationRequest request = new ObservationRequest(
                files,
                List.of(),
                List.of(),
                List.of(),
                wanted.contains("sysctl"),
                List.of(),
                wanted.contains("users"),
                new ObservationRequest.Inventorying(
                        wanted.contains("packages"), wanted.contains("users"), wanted.contains("services")));
        try (HostTransports t = new HostTransports(cfg, List.of(h))) {
            HostObservation seen = t.map().get(h.transport()).observe(h, request);
            if (seen instanceof HostObservation.Failed f) {
                throw new LoadException(host + ": " + f.kind() + ": " + f.message());
            }
            out().print(StandardCapture.render(
                    host,
                    ((HostObservation.Observed) seen).observation(),
                    wanted,
                    new Sensitivity(cfg.reports().sensitivePaths()),
                    Instant.now(),
                    packageVersions));
            out().flush();
        }
        return 0;
    }
}
