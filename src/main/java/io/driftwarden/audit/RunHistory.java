package io.driftwarden.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Pure: carries open drifts and per-host failure counts from one run to the next. Only hosts observed in
 * this run can open or close a drift: a failed host, or one outside a --hosts subset, keeps what it had.
 */
public record RunHistory(Map<DriftKey, OpenDrift> open, Map<String, Integer> consecutiveFailures,
                         Instant lastRun, Instant lastSuccess) {
    public static final RunHistory EMPTY = new RunHistory(Map.of(), Map.of(), null, null);

    public RunHistory {
        open = Map.copyOf(open);
        consecutiveFailures = Map.copyOf(consecutiveFailures);
    }

    /** The next history and the events that lead to it. */
    public record Step(RunHistory next, List<DriftEvent> events) {}

    /**
     * @param inventory every host of the inventory now (a drift on a host that left it is resolved)
     * @param success   whether the run completed (sets last success)
     */
    public Step advance(AuditResult r, Set<String> inventory, boolean success) {
        Set<String> observed = r.hosts().stream().filter(HostResult::auditedOk).map(h -> h.host().name())
                .collect(Collectors.toSet());
        Map<DriftKey, OpenDrift> next = new TreeMap<>();
        List<DriftEvent> events = new ArrayList<>();
        for (HostResult h : r.hosts()) {
            if (!observed.contains(h.host().name())) {
                continue;
            }
            for (ClassifiedDrift d : h.drifts()) {
                DriftKey k = new DriftKey(h.host().name(), d.drift().resource().toString(), d.drift().property());
                String c = d.classification().classification();
                OpenDrift before = open.get(k);
                if (before == null) {
                    events.add(new DriftEvent("appeared", k, c));
                    next.put(k, new OpenDrift(k, c, r.startedAt()));
                } else {
                    if (!before.classification().equals(c)) {
                        events.add(new DriftEvent("reclassified", k, c));
                    }
                    next.put(k, new OpenDrift(k, c, before.firstSeen()));
                }
            }
        }
        for (OpenDrift o : open.values()) {
            String host = o.key().host();
            if (observed.contains(host) || !inventory.contains(host)) {
                if (!next.containsKey(o.key())) {
                    events.add(new DriftEvent("resolved", o.key(), o.classification()));
                }
            } else {
                next.put(o.key(), o);
            }
        }
        Map<String, Integer> failures = new TreeMap<>(consecutiveFailures);
        failures.keySet().retainAll(inventory);
        for (HostResult h : r.hosts()) {
            failures.put(h.host().name(), h.status() == HostStatus.FAILED ? failures.getOrDefault(h.host().name(), 0) + 1 : 0);
        }
        return new Step(new RunHistory(next, failures, r.startedAt(), success ? r.startedAt() : lastSuccess), events);
    }

    /** When the oldest open unapproved drift was first seen, if any. */
    public java.util.Optional<Instant> oldestUnapproved() {
        return open.values().stream().filter(o -> o.classification().equals("unapproved")).map(OpenDrift::firstSeen)
                .min(Instant::compareTo);
    }
}
