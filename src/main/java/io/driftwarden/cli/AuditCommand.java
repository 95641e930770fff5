package io.driftwarden.cli;

import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.report.AtomicFile;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.report.JsonReport;
import io.driftwarden.report.ReportWriter;
import io.driftwarden.report.TextReport;
import io.driftwarden.run.HostSubset;
import io.driftwarden.run.RunPipeline;
import io.driftwarden.store.JdbcStorage;
import io.driftwarden.store.Store;
import io.driftwarden.store.StoreException;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit}: one noop run now; exit codes follow Puppet's --detailed-exitcodes (0, 2, 4, 6; 1 = no run). */
@Command(name = "audit", description = "Run one noop audit now and report.")
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            description = "config file (default ./driftwarden.yaml)",
            defaultValue = "driftwarden.yaml")
    Path config;

    @Option(names = "--hosts", split = ",", description = "only hosts matching these globs")
    List<String> hosts;

    @Option(names = "--format", defaultValue = "text", description = "text, json or html (stdout or --output)")
    String format;

    @Option(names = "--output", description = "write the formatted report here instead of stdout")
    Path output;

    @Option(names = "--at", description = "classify at this RFC 3339 instant; a preview that writes nothing")
    String at;

    @Option(names = "--insecure-unsigned", description = "audit an unsigned bundle (demos only; reports say UNSIGNED)")
    boolean insecureUnsigned;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!List.of("text", "json", "html").contains(format)) {
            err.println("--format: must be text, json or html, got '" + format + "'");
            return 1;
        }
        Instant preview = null;
        if (at != null) {
            try {
                preview = OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                err.println("--at: must be an RFC 3339 instant with an offset, like 2026-11-23T14:00:00Z, got '" + at
                        + "'");
                return 1;
            }
        }
        Config cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (LoadException e) {
            e.problems().forEach(err::println);
            return 1;
        }
        try (Store store = Store.open(cfg.store().url())) {
            RunPipeline pipeline =
                    new RunPipeline(cfg, config, insecureUnsigned, JdbcStorage.forRuns(store), Clock.systemUTC(), null);
            HostSubset subset = new HostSubset(hosts);
            RunPipeline.Completed run = preview == null ? pipeline.audit(subset) : pipeline.preview(subset, preview);
            if (run.unwritten().isPresent()) {
                if (run.unwritten().get() instanceof IOException e) {
                    throw e; // said below, as any report that cannot be written
                }
                throw (RuntimeException) run.unwritten().get();
            }
            ReportWriter writer = switch (format) {
                case "json" -> JsonReport.WRITER;
                case "html" -> HtmlReport.EVERYTHING;
                default -> TextReport.EVERYTHING;
            };
            if (output != null) {
                AtomicFile.write(
                        output, out -> writer.write(run.report(), out)); // whole or not at all, even on a full disk
            } else {
                spec.commandLine().getOut().print(writer.render(run.report()));
                spec.commandLine().getOut().flush();
            }
            return run.report().result().exitCode();
        } catch (LoadException e) {
            e.problems().forEach(err::println);
            return 1;
        } catch (StoreException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(e.getMessage() + ": cannot write the report");
            return 1;
        }
    }
}
