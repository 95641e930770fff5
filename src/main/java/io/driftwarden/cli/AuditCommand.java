package io.driftwarden.cli;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.report.JsonReport;
import io.driftwarden.report.TextReport;
import io.driftwarden.standard.Glob;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.driftwarden.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit}: one noop run now; exit codes follow Puppet's --detailed-exitcodes (0, 2, 4, 6; 1 = no run). */
@Command(name = "audit", description = "Run one noop audit now and report.")
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "config file (default ./driftwarden.yaml)", defaultValue = "driftwarden.yaml")
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
                err.println("--at: must be an RFC 3339 instant with an offset, like 2026-11-23T14:00:00Z, got '" + at + "'");
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
            Clock clock = Clock.systemUTC();
            TrustedBundle.Admitted admitted = TrustedBundle.open(cfg, config, insecureUnsigned, clock.instant(), store);
            Inventory inventory = Inventories.load(cfg);
            if (hosts != null && inventory.hosts().stream().noneMatch(h -> subset().test(h.name()))) {
                err.println("--hosts: " + String.join(",", hosts) + " matches no host of " + cfg.inventory());
                return 1;
            }
            AuditResult result = RunComposer.run(cfg, admitted, inventory, subset(), preview, clock, null, store);
            io.driftwarden.history.RunHistory.Step step;
            java.time.Instant previousRun = null;
            if (!result.preview()) {
                RunRecorder.Recorded recorded = RunRecorder.record(store, cfg, admitted, result, inventory,
                        io.driftwarden.metrics.RunOutcome.of(result));
                result = ActorLookup.enrich(cfg, recorded.result());   // the second, read-only round trip
                step = recorded.step();
                previousRun = recorded.previousRun();
            } else {   // a preview writes nothing: the changes are computed against the stored history, not saved
                step = RunRecorder.preview(store, cfg, result, inventory);
            }
            var ctx = io.driftwarden.report.ReportContext.of(step.events(), admitted.records(), cfg.reports().displayTimeZone());
            String json = format.equals("json") ? JsonReport.render(result) : null;
            if (!result.preview()) {
                RunMailer mailer = new RunMailer(cfg, store, clock, null);
                mailer.afterRun(result, step, ctx, previousRun);   // queued first: an unwritable report still reaches the board
                AuditResult recorded = result;
                try {
                    io.driftwarden.store.AtomicFile.write(cfg.reportsDir().resolve(result.runId() + ".json"),
                            json != null ? out -> out.write(json) : out -> JsonReport.write(recorded, out));
                } catch (IOException | RuntimeException e) {
                    store.tx(c -> {   // recorded but unreported: history must say failed, not healthy
                        io.driftwarden.store.HistoryStore.markFailed(c, recorded.runId());
                        return null;
                    });
                    mailer.drain();
                    throw e;
                }
                mailer.drain();   // a one-off run sends before it exits, each mail within email.send_deadline
            }
            String rendered = switch (format) {
                case "json" -> json;
                case "html" -> HtmlReport.render(result, ctx);
                default -> TextReport.render(result);
            };
            if (output != null) {
                io.driftwarden.store.AtomicFile.write(output, rendered);   // whole or not at all, even on a full disk
            } else {
                spec.commandLine().getOut().print(rendered);
                spec.commandLine().getOut().flush();
            }
            return result.exitCode();
        } catch (LoadException e) {
            e.problems().forEach(err::println);
            return 1;
        } catch (io.driftwarden.store.StoreException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(e.getMessage() + ": cannot write the report");
            return 1;
        }
    }

    private Predicate<String> subset() {
        if (hosts == null || hosts.isEmpty()) {
            return h -> true;
        }
        return h -> hosts.stream().anyMatch(g -> Glob.matches(g.strip(), h));
    }

}
