package io.driftwarden.history;

import io.driftwarden.audit.Audited;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Pure: the drift episodes of section 8 carried from one run to the next. An episode opens in the first run that
 * sees a drift and closes at the first successful audit that sees the property compliant (by host), when a new
 * revision changed the file that demanded it (by standard), when the host leaves the inventory, or when no standard
 * selects the host any more (unaudited: nothing judges it, and the report says so). Failed hosts,
 * {@code not_checked} properties and hosts outside a {@code --hosts} subset neither open nor close anything.
 *
 * @param recentlyClosed when each recently closed drift closed, kept for the flap window only
 */
public record RunHistory(
        Map<DriftKey, OpenDrift> open,
        Map<String, HostMark> hosts,
        Map<DriftKey, Instant> recentlyClosed,
        Instant lastRun,
        Instant lastSuccess) {
    public static final RunHistory EMPTY = new RunHistory(Map.of(), Map.of(), Map.of(), null, null);

    public RunHistory {
        open = Map.copyOf(open);
        hosts = Map.copyOf(hosts);
        recentlyClosed = Map.copyOf(recentlyClosed);
    }

    /** The next history, the events that lead to it, and the episodes it closed. */
    public record Step(RunHistory next, List<DriftEvent> events, List<ClosedEpisode> closed) {
        /** Each host as reports show it: every drift's first sighting, last clean run and flap taken from its episode. */
        public List<HostResult> annotate(List<HostResult> hosts) {
            return hosts.stream()
                    .map(h -> h.mapDrifts(d -> {
                        OpenDrift o = next.open().get(key(h, d));
                        return o == null
                                ? d
                                : new ClassifiedDrift(
                                        d.drift(),
                                        d.classification(),
                                        o.firstSeen(),
                                        o.lastCleanAt(),
                                        d.actors(),
                                        o.flap() ? new ClassifiedDrift.Flap(o.previousClosedAt()) : null);
                    }))
                    .toList();
        }
    }

    /**
     * @param inventory every host of the inventory now (a drift on a host that left it is resolved)
     * @param success   whether the run completed (sets last success)
     * @param rules     the flap window, and the clean runs in a row before the host resolves an episode (a drift seen
     *                  again before then continues its episode, with no event)
     */
    public Step advance(
            Audited r, Set<String> inventory, boolean success, EpisodeRules rules, RevisionChanges changes) {
        Instant now = r.startedAt();
        Duration flapWindow = rules.flapWindow();
        String revision = r.standard() == null ? null : r.standard().revision();
        Map<String, HostResult> observed = r.hosts().stream()
                .filter(HostResult::auditedOk)
                .collect(Collectors.toMap(h -> h.host().name(), h -> h));
        Set<String> uncovered = r.hosts().stream()
                .filter(h -> h.status() == HostStatus.UNCOVERED)
                .map(h -> h.host().name())
                .collect(Collectors.toSet());
        Map<DriftKey, OpenDrift> next = new HashMap<>(); // Map.copyOf drops any order anyway
        List<DriftEvent> events = new ArrayList<>();
        List<ClosedEpisode> closed = new ArrayList<>();
        for (HostResult h : observed.values().stream()
                .sorted((a, b) -> a.host().name().compareTo(b.host().name()))
                .toList()) {
            for (ClassifiedDrift d : h.drifts()) {
                DriftKey k = key(h, d);
                String c = d.classification().classification();
                String shown = d.drift().shownActual() == null
                        ? null
                        : d.drift().shownActual().toString();
                String declaredAt = d.drift().declaredAt();
                OpenDrift before = open.get(k);
                OpenDrift.Sighting seen =
                        new OpenDrift.Sighting(c, shown, d.classification().approval(), declaredAt, revision);
                if (before == null) {
                    Instant closedAt = recentlyClosed.get(k);
                    boolean flap = closedAt != null && !closedAt.isBefore(now.minus(flapWindow));
                    events.add(new DriftEvent(DriftEvent.Kind.APPEARED, k, c, flap ? "flap" : null));
                    Instant lastClean = lastClean(k.host(), OpenDrift.fileOf(declaredAt), revision, changes);
                    next.put(k, OpenDrift.opened(k, seen, now, lastClean, r.runId(), flap ? closedAt : null));
                    continue;
                }
                if (!before.classification().equals(c)) {
                    events.add(new DriftEvent(DriftEvent.Kind.RECLASSIFIED, k, c, before.classification()));
                }
                if (!Objects.equals(before.actual(), shown)) {
                    events.add(new DriftEvent(DriftEvent.Kind.VALUE_CHANGED, k, c, before.actual()));
                }
                next.put(k, before.seenAgain(seen, now));
            }
        }
        for (OpenDrift o : open.values()) {
            if (next.containsKey(o.key())) {
                continue;
            }
            HostResult h = observed.get(o.key().host());
            String resolvedBy = null;
            if (h != null && !notChecked(h, o.key()) && !elided(h, o.key())) {
                resolvedBy = changes.fileChanged(o.revision(), revision, o.declaringFile()) ? "standard" : "host";
            } else if (h == null && !inventory.contains(o.key().host())) {
                resolvedBy = "inventory";
            } else if (h == null && uncovered.contains(o.key().host())) {
                resolvedBy = "unaudited"; // no standard selects the host any more: nothing judges it, so say so
            }
            if ("host".equals(resolvedBy) && o.cleanRuns() + 1 < rules.resolveAfter()) {
                next.put(o.key(), o.cleanAgain());
            } else if (resolvedBy == null) {
                next.put(o.key(), o);
            } else {
                events.add(new DriftEvent(DriftEvent.Kind.RESOLVED, o.key(), o.classification(), resolvedBy));
                closed.add(new ClosedEpisode(o, now, r.runId(), resolvedBy));
            }
        }
        return new Step(
                new RunHistory(
                        next,
                        marks(r, inventory, revision),
                        recent(closed, next, now, flapWindow),
                        now,
                        success ? now : lastSuccess),
                events,
                closed);
    }

    private Instant lastClean(String host, String file, String revision, RevisionChanges changes) {
        HostMark m = hosts.get(host);
        if (m == null || m.lastOkAt() == null) {
            return null;
        }
        return changes.fileChanged(m.lastOkRevision(), revision, file) ? null : m.lastOkAt();
    }

    private Map<String, HostMark> marks(Audited r, Set<String> inventory, String revision) {
        Map<String, HostMark> out = new TreeMap<>(hosts);
        out.keySet().retainAll(inventory);
        for (HostResult h : r.hosts()) {
            HostMark m = out.getOrDefault(h.host().name(), new HostMark(null, null, 0));
            if (h.auditedOk()) {
                out.put(h.host().name(), new HostMark(r.startedAt(), revision, 0));
            } else {
                out.put(
                        h.host().name(),
                        new HostMark(
                                m.lastOkAt(),
                                m.lastOkRevision(),
                                h.status() == HostStatus.FAILED ? m.consecutiveFailures() + 1 : 0));
            }
        }
        return out;
    }

    private Map<DriftKey, Instant> recent(
            List<ClosedEpisode> closed, Map<DriftKey, OpenDrift> next, Instant now, Duration window) {
        Map<DriftKey, Instant> out = new TreeMap<>(recentlyClosed);
        closed.forEach(c -> out.put(c.episode().key(), c.closedAt()));
        out.keySet().removeAll(next.keySet());
        out.values().removeIf(t -> t.isBefore(now.minus(window)));
        return out;
    }

    private static boolean notChecked(HostResult h, DriftKey k) {
        return h.notChecked().stream().anyMatch(n -> covers(n.resource(), n.property(), k));
    }

    /** Beyond the report cap this run: still drifting as far as we know, so the episode stays open. */
    private static boolean elided(HostResult h, DriftKey k) {
        return h.elided().stream().anyMatch(e -> covers(e.resource(), e.property(), k));
    }

    /** Whether {@code property} of {@code resource} is the episode's, or contains it ({@code unmanaged-entry/NAME}). */
    private static boolean covers(io.driftwarden.standard.ResourceId resource, String property, DriftKey k) {
        return resource.toString().equals(k.resource())
                && (property.equals(k.property()) || k.property().startsWith(property + "/"));
    }

    static DriftKey key(HostResult h, ClassifiedDrift d) {
        return new DriftKey(
                h.host().name(), d.drift().resource().toString(), d.drift().identity());
    }

    /** Consecutive failed runs per host (for the unreachable alert). */
    public Map<String, Integer> consecutiveFailures() {
        Map<String, Integer> out = new TreeMap<>();
        hosts.forEach((h, m) -> out.put(h, m.consecutiveFailures()));
        return out;
    }

    /** When the oldest open unapproved drift was first seen, if any. */
    public Optional<Instant> oldestUnapproved() {
        return open.values().stream()
                .filter(o -> o.current() && o.classification().equals("unapproved"))
                .map(OpenDrift::firstSeen)
                .min(Instant::compareTo);
    }
}
