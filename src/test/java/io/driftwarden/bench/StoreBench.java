package io.driftwarden.bench;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.Runs;
import io.driftwarden.history.RunHistory;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.store.HistoryStore;
import io.driftwarden.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Storing one run of 1,000 hosts x 50 drifts (the first run opens 50,000 episodes; the next one changes nothing),
 * and rendering its HTML. Usage: StoreBench [h2|postgres URL] (medians of 5, after 2 warm-up rounds).
 */
public final class StoreBench {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0
                ? args[0]
                : "jdbc:h2:file:" + Files.createTempDirectory("dw-bench").resolve("db");
        List<HostResult> hosts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int h = 0; h < 1000; h++) {
            ClassifiedDrift[] drifts = new ClassifiedDrift[50];
            for (int d = 0; d < 50; d++) {
                drifts[d] = Runs.drift("file:/etc/app/conf-" + (d % 10) + "-" + d, d % 3 == 0 ? "0640" : "0644");
            }
            hosts.add(Runs.ok(String.format("web-%04d", h), drifts));
            names.add(String.format("web-%04d", h));
        }
        int warmup = 2;
        long[] first = new long[5 + warmup];
        long[] steady = new long[5 + warmup];
        long[] html = new long[5 + warmup];
        for (int i = 0; i < first.length; i++) {
            // H2 with the options the daemon uses (auto-server, a CHECKPOINT after each commit): what a run really
            // costs
            String u = url.startsWith("jdbc:h2")
                    ? io.driftwarden.config.StoreUrl.resolve(
                            url.replaceFirst("^(jdbc:h2:file:[^;]*)", "$1" + i), Path.of("/"))
                    : url;
            if (u.startsWith("jdbc:postgresql")) {
                try (var c = java.sql.DriverManager.getConnection(u);
                        var st = c.createStatement()) {
                    st.execute("DROP SCHEMA public CASCADE");
                    st.execute("CREATE SCHEMA public");
                }
            }
            try (Store store = Store.open(u)) {
                AuditResult r1 = Runs.run("r1-" + i, Runs.hour(0), "r1", hosts.toArray(HostResult[]::new));
                AuditResult r2 = Runs.run("r2-" + i, Runs.hour(1), "r1", hosts.toArray(HostResult[]::new));
                AuditResult[] shown = new AuditResult[1];
                first[i] = time(() -> shown[0] = record(store, r1, names));
                steady[i] = time(() -> record(store, r2, names));
                html[i] = time(() -> HtmlReport.EVERYTHING
                        .render(io.driftwarden.audit.RunReport.of(shown[0]))
                        .length());
            }
        }
        System.out.printf(
                "%s: store first run (50,000 episodes opened) median %d ms; steady run median %d ms; HTML median %d ms%n",
                Store.masked(url), median(first, warmup), median(steady, warmup), median(html, warmup));
    }

    static AuditResult record(Store store, AuditResult r, Set<String> names) {
        return store.tx(c -> {
            Store.lockRuns(c);
            HistoryStore.Loaded loaded = HistoryStore.load(c);
            RunHistory.Step step = loaded.history()
                    .advance(
                            r,
                            names,
                            true,
                            io.driftwarden.audit.Runs.DAY,
                            io.driftwarden.history.RevisionChanges.UNKNOWN);
            AuditResult shown = Runs.shown(step, r);
            HistoryStore.save(c, loaded, r, "success", step);
            return shown;
        });
    }

    static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The median of the runs after the JIT warm-up ones (a daemon runs hourly in a warm JVM). */
    static long median(long[] v, int skip) {
        long[] s = Arrays.copyOfRange(v, skip, v.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
