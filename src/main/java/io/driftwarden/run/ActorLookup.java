package io.driftwarden.run;

import io.driftwarden.actors.ActorScript;
import io.driftwarden.actors.LogEvents;
import io.driftwarden.actors.PossibleActors;
import io.driftwarden.audit.Audited;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostResult;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.config.Config;
import io.driftwarden.inventory.Host;
import io.driftwarden.standard.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The second, read-only round trip of a run: for each host with drift that opened in this run, the bounded
 * actors script through the audit identity, then the ranked possible actors attached to each such drift. Hosts
 * without new drift are not contacted again; a host that does not answer simply gets no actors.
 */
final class ActorLookup {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ActorLookup.class);
    /** When no clean run is known, the window reaches this far back from the first sighting. */
    static final Duration NO_CLEAN_RUN = Duration.ofHours(24);

    private ActorLookup() {}

    /**
     * @param r     the run
     * @param hosts its hosts with their drifts annotated from history (first seen, last clean)
     * @return the same hosts, those looked up with the possible actors of their new drifts
     */
    static List<HostResult> enrich(Config cfg, Audited r, List<HostResult> hosts) {
        List<HostResult> todo = hosts.stream()
                .filter(h -> h.drifts().stream().anyMatch(d -> opened(r, d)))
                .toList();
        if (todo.isEmpty() || r.preview()) {
            return hosts;
        }
        Map<String, HostResult> done = new java.util.HashMap<>();
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.min(todo.size(), cfg.ssh().concurrency()));
        try (HostTransports t =
                new HostTransports(cfg, todo.stream().map(HostResult::host).toList())) {
            List<Future<HostResult>> futures = new ArrayList<>();
            for (HostResult h : todo) {
                futures.add(pool.submit(() -> lookUp(r, h, t.map().get(h.host().transport()))));
            }
            // one budget for the whole lookup (as many host timeouts as it takes rounds of the pool), not one per host
            // in turn: the report and its mail wait on this
            long rounds =
                    (todo.size() + cfg.ssh().concurrency() - 1) / cfg.ssh().concurrency();
            long until = System.nanoTime() + rounds * (cfg.ssh().hostTimeout().toNanos() + 5_000_000_000L);
            for (Future<HostResult> f : futures) {
                try {
                    HostResult h = f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    done.put(h.host().name(), h);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the daemon is stopping: no more waiting
                    break;
                } catch (Exception e) {
                    f.cancel(true); // a heuristic: the report goes out without this host's actors
                    LOG.debug("possible actors of {} not looked up: {}", f, e.toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return hosts.stream().map(h -> done.getOrDefault(h.host().name(), h)).toList();
    }

    private static boolean opened(Audited r, ClassifiedDrift d) {
        return r.startedAt().equals(d.firstSeen());
    }

    private static HostResult lookUp(Audited r, HostResult h, HostTransport transport) {
        Instant to = r.finishedAt();
        List<ClassifiedDrift> fresh =
                h.drifts().stream().filter(d -> opened(r, d)).toList();
        Instant from =
                fresh.stream().map(ActorLookup::from).min(Instant::compareTo).orElse(to);
        List<String> paths = fresh.stream()
                .filter(d -> d.drift().resource().type() == ResourceType.FILE)
                .map(d -> d.drift().resource().name())
                .distinct()
                .toList();
        Optional<byte[]> out = transport.gather(h.host(), ActorScript.render(from, to, paths));
        if (out.isEmpty()) {
            return h;
        }
        ActorScript.HostLogs logs = ActorScript.parse(out.get());
        List<LogEvents.Event> events = LogEvents.of(logs, to);
        Set<String> own = ownAccounts(h.host());
        return h.mapDrifts(d -> !opened(r, d)
                ? d
                : d.withActors(PossibleActors.rank(
                        d.drift().resource(),
                        from(d),
                        to,
                        events,
                        d.drift().resource().type() == ResourceType.FILE
                                ? logs.files().get(d.drift().resource().name())
                                : null,
                        own)));
    }

    private static Instant from(ClassifiedDrift d) {
        return d.lastCleanAt() != null ? d.lastCleanAt() : d.firstSeen().minus(NO_CLEAN_RUN);
    }

    private static Set<String> ownAccounts(Host h) {
        return h.user() == null ? Set.of() : Set.of(h.user());
    }
}
