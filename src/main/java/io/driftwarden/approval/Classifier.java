package io.driftwarden.approval;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pure: classifies one drift against the change records at one instant by section 3's five rules, first
 * that applies: active match, expired match, not-yet-valid match, active mismatch, no approval.
 */
public final class Classifier {
    private static final Comparator<ChangeRecord> BY_ID =
            (a, b) -> io.driftwarden.standard.ResourceId.Utf8Order.compare(a.id(), b.id());
    private static final Comparator<ChangeRecord> LATEST_EXPIRY =
            Comparator.comparing(ChangeRecord::expires).reversed().thenComparing(BY_ID);
    private static final Comparator<ChangeRecord> SOONEST_START =
            Comparator.comparing(ChangeRecord::validFrom).thenComparing(BY_ID);

    private final List<ChangeRecord> records;

    /** @param records the authorised records only: an unauthorised record approves nothing */
    public Classifier(List<ChangeRecord> records) {
        this.records = List.copyOf(records);
    }

    /**
     * @param actual      the canonical live value (null when missing)
     * @param shownActual the displayed form (the hmac of a sensitive file's digest); records may pin either
     */
    public Classification classify(
            String host,
            Set<String> groups,
            ResourceId resource,
            String property,
            Value actual,
            Value shownActual,
            Instant now) {
        List<ChangeRecord> activeMatch = new ArrayList<>();
        List<ChangeRecord> expiredMatch = new ArrayList<>();
        List<ChangeRecord> futureMatch = new ArrayList<>();
        List<ChangeRecord> activeMismatch = new ArrayList<>();
        List<NearMiss> near = new ArrayList<>();
        for (ChangeRecord r : records) {
            Optional<Allow> allow = r.allowFor(resource, property);
            if (allow.isEmpty()) {
                continue;
            }
            boolean match = matches(allow.get(), actual, shownActual);
            RecordState state = r.state(now);
            boolean inScope = r.selects(host, groups);
            near.add(new NearMiss(r.id(), state.label(), match ? "match" : "mismatch", inScope));
            if (!inScope) {
                continue;
            }
            switch (state) {
                case ACTIVE -> (match ? activeMatch : activeMismatch).add(r);
                case EXPIRED -> {
                    if (match) {
                        expiredMatch.add(r);
                    }
                }
                case NOT_YET_VALID -> {
                    if (match) {
                        futureMatch.add(r);
                    }
                }
            }
        }
        near.sort((a, b) -> io.driftwarden.standard.ResourceId.Utf8Order.compare(a.id(), b.id()));
        if (!activeMatch.isEmpty()) {
            activeMatch.sort(LATEST_EXPIRY);
            List<String> others = activeMatch.stream()
                    .skip(1)
                    .map(ChangeRecord::id)
                    .sorted(io.driftwarden.standard.ResourceId.Utf8Order::compare)
                    .toList();
            return new Classification("approved", null, activeMatch.get(0).id(), others, near);
        }
        if (!expiredMatch.isEmpty()) {
            return unapproved(
                    "approval-expired", expiredMatch.stream().min(LATEST_EXPIRY).orElseThrow(), near);
        }
        if (!futureMatch.isEmpty()) {
            return unapproved(
                    "not-yet-valid", futureMatch.stream().min(SOONEST_START).orElseThrow(), near);
        }
        if (!activeMismatch.isEmpty()) {
            return unapproved(
                    "value-mismatch", activeMismatch.stream().min(LATEST_EXPIRY).orElseThrow(), near);
        }
        return new Classification("unapproved", "no-approval", null, List.of(), near);
    }

    private static Classification unapproved(String reason, ChangeRecord named, List<NearMiss> near) {
        return new Classification("unapproved", reason, named.id(), List.of(), near);
    }

    static boolean matches(Allow allow, Value actual, Value shownActual) {
        if (allow.openEnded()) {
            return true;
        }
        return allow.value().equals(actual)
                || (shownActual != null && allow.value().equals(shownActual));
    }
}
