package io.driftwarden.followup;

import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.config.Config;
import io.driftwarden.history.OpenDrift;
import io.driftwarden.history.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure: one run's follow-through. From the streams the store kept and the run's history step, the next streams and
 * the events they issue, in a fixed order so the same inputs give the same sequence numbers and ids: streams past the
 * flap window end; episodes resolve (with the cause), open or flap, change value; unaudited hosts; record events;
 * then each deadline level newly due, once. A flap or a brief revert keeps the stream, so its deadline never resets.
 */
public final class FollowUpStep {
    /** The run as the follow-through needs it. {@code before} null: the store never tracked streams (a baseline). */
    public record Inputs(
            String instance,
            String runId,
            Instant now,
            RunHistory.Step history,
            Map<DriftKey, Seen> seen,
            Map<String, Boolean> audited,
            Set<String> inventory,
            Map<String, Instant> recordExpires,
            Map<String, Instant> expiring,
            List<ApprovalChanges.Change> recordChanges,
            Config.Deadlines deadlines,
            Duration flapWindow) {}

    /** The next streams, the events in (stream, seq) order, the escalations and reminders to mail, the overdue counts. */
    public record Step(FollowUp next, List<StreamEvent> events, List<Escalation> escalations, Overdue overdue) {
        public Step {
            events = List.copyOf(events);
            escalations = List.copyOf(escalations);
        }
    }

    private final Inputs in;
    private final Map<String, Stream> streams;
    private final List<StreamEvent> events = new ArrayList<>();
    private final Set<String> openedNow = new HashSet<>();

    private FollowUpStep(FollowUp before, Inputs in) {
        this.in = in;
        this.streams = new HashMap<>(before.streams());
    }

    public static Step advance(FollowUp before, Inputs in) {
        FollowUpStep s = new FollowUpStep(before == null ? FollowUp.NONE : before, in);
        s.expire();
        s.episodes(before == null);
        new HostWatch(s).run();
        s.records();
        List<Escalation> escalations = new Levels(s).run();
        List<StreamEvent> sorted = new ArrayList<>(s.events);
        sorted.sort(Comparator.comparing(StreamEvent::streamId).thenComparingLong(StreamEvent::seq));
        FollowUp next = new FollowUp(s.streams);
        return new Step(next, sorted, escalations, Overdue.of(next, s.deadlines(next)));
    }

    Inputs in() {
        return in;
    }

    Map<String, Stream> streams() {
        return streams;
    }

    /** The deadline of each open stream that has one. */
    Map<String, Instant> deadlines(FollowUp f) {
        Map<String, Instant> out = new TreeMap<>();
        if (in.deadlines() != null) {
            f.all().stream()
                    .filter(x -> x.anchor() != null)
                    .forEach(x -> out.put(x.id(), x.anchor().plus(in.deadlines().within(x.standard()))));
        }
        return out;
    }

    /** Issues the stream's next event. */
    void emit(Stream s, String event, Map<String, Object> data) {
        Stream issued = s.issued(s.seq() + 1);
        streams.put(s.id(), issued);
        events.add(new StreamEvent(
                s.id(),
                s.kind(),
                issued.seq(),
                event,
                in.now(),
                in.runId(),
                Ids.delivery(s.id(), event, issued.seq()),
                data));
    }

    /** Resolved streams past the flap window end: the next drift of their key is a new stream. */
    private void expire() {
        streams.values()
                .removeIf(s -> s.state() == Stream.State.RESOLVED
                        && s.resolvedAt() != null
                        && s.resolvedAt().isBefore(in.now().minus(in.flapWindow())));
    }

    private void episodes(boolean baseline) {
        for (DriftEvent e : in.history().events()) {
            String key = key(e.key());
            Stream s = streams.values().stream()
                    .filter(x -> x.kind() == Stream.Kind.EPISODE && x.key().equals(key))
                    .findFirst()
                    .orElse(null);
            boolean unapproved = "unapproved".equals(e.classification());
            switch (e.event()) {
                case RESOLVED -> {
                    if (s != null && s.state() == Stream.State.OPEN) {
                        resolve(s, e.key(), cause(e.detail()));
                    }
                }
                case RECLASSIFIED -> {
                    if (!unapproved && s != null && s.state() == Stream.State.OPEN) {
                        resolve(s, e.key(), "approved");
                    } else if (unapproved) {
                        open(s, e.key());
                    }
                }
                case APPEARED -> {
                    if (unapproved) {
                        open(s, e.key());
                    }
                }
                case VALUE_CHANGED -> {
                    if (s != null && s.state() == Stream.State.OPEN && !openedNow.contains(s.id())) {
                        Map<String, Object> d = facts(e.key());
                        d.put("previous_actual", e.detail());
                        emit(streams.get(s.id()), "value_changed", d);
                    }
                }
            }
        }
        if (baseline) {
            // the store never followed these: each open unapproved episode starts its stream from when it was first
            // seen
            for (OpenDrift o : in.history().next().open().values()) {
                if (o.current()
                        && o.classification().equals("unapproved")
                        && !find(Stream.Kind.EPISODE, key(o.key()))) {
                    Stream s = newEpisode(o.key(), o.firstSeen(), anchor(o.key(), o.firstSeen()));
                    Map<String, Object> d = facts(o.key());
                    d.put("baseline", true);
                    emit(s, "unapproved_opened", d);
                }
            }
        }
        // the standard that declares each open drift may change between runs: its deadline follows it
        for (Stream s : List.copyOf(streams.values())) {
            if (s.kind() == Stream.Kind.EPISODE && s.state() == Stream.State.OPEN) {
                Seen seen = in.seen().get(driftKey(s.key()));
                if (seen != null && seen.standard() != null && !seen.standard().equals(s.standard())) {
                    streams.put(s.id(), s.withStandard(seen.standard()));
                }
            }
        }
    }

    private void open(Stream s, DriftKey k) {
        if (s != null && s.state() == Stream.State.OPEN) {
            return;
        }
        if (s != null) { // resolved within the flap window: the same ticket, the same deadline
            Stream back = s.reopened();
            streams.put(s.id(), back);
            emit(back, "flapped", facts(k));
            return;
        }
        Stream fresh = newEpisode(k, in.now(), anchor(k, in.now()));
        openedNow.add(fresh.id());
        emit(fresh, "unapproved_opened", facts(k));
    }

    /**
     * When the deadline clock starts for a drift that turns unapproved now: {@code otherwise}, or, when a record covered
     * it until it expired, at that expiry (or when the drift began, if later).
     */
    private Instant anchor(DriftKey k, Instant otherwise) {
        Seen seen = in.seen().get(k);
        if (seen == null || !"approval-expired".equals(seen.reason()) || seen.approval() == null) {
            return otherwise;
        }
        OpenDrift o = in.history().next().open().get(k);
        Instant expires = in.recordExpires().getOrDefault(seen.approval(), otherwise);
        return o != null && o.firstSeen() != null && o.firstSeen().isAfter(expires) ? o.firstSeen() : expires;
    }

    private Stream newEpisode(DriftKey k, Instant openedAt, Instant anchor) {
        Seen seen = in.seen().get(k);
        Stream s = new Stream(
                Ids.episode(in.instance(), k.host(), k.resource(), k.property(), openedAt),
                Stream.Kind.EPISODE,
                key(k),
                openedAt,
                anchor,
                seen == null ? null : seen.standard(),
                0,
                null,
                0,
                Stream.State.OPEN,
                null,
                null,
                null);
        streams.put(s.id(), s);
        return s;
    }

    private void resolve(Stream s, DriftKey k, String cause) {
        Map<String, Object> d = facts(k);
        d.put("cause", cause);
        emit(s, "resolved", d);
        Stream done = streams.get(s.id());
        if (cause.equals("approved") || cause.equals("folded-in")) {
            streams.remove(s.id()); // a signed decision ends the stream for good
        } else {
            streams.put(s.id(), done.resolved(cause, in.now()));
        }
    }

    private void records() {
        for (ApprovalChanges.Change c : in.recordChanges()) {
            Stream s = recordStream(c.id());
            Map<String, Object> d = new TreeMap<>();
            d.put("record", c.id());
            d.put("sha256", c.sha256());
            d.put("source", c.source());
            d.put("reason", c.reason());
            d.put("hosts", c.hosts().stream().limit(50).toList());
            d.put("hosts_count", (long) c.hosts().size());
            d.put("signers", c.signers().stream().map(x -> x.principal()).toList());
            emit(s, "record_" + c.event(), d);
        }
        in.expiring().forEach((id, expires) -> {
            Stream s = recordStream(id);
            if (!expires.toString().equals(s.marker())) {
                Map<String, Object> d = new TreeMap<>();
                d.put("record", id);
                d.put("expires", expires.toString());
                emit(s, "record_expiring", d);
                streams.put(s.id(), streams.get(s.id()).marked(expires.toString()));
            }
        });
    }

    private Stream recordStream(String id) {
        String sid = Ids.record(in.instance(), id);
        return streams.computeIfAbsent(
                sid,
                k -> new Stream(
                        sid,
                        Stream.Kind.RECORD,
                        id,
                        in.now(),
                        null,
                        null,
                        0,
                        null,
                        0,
                        Stream.State.OPEN,
                        null,
                        null,
                        null));
    }

    private boolean find(Stream.Kind kind, String key) {
        return streams.values().stream()
                .anyMatch(s -> s.kind() == kind && s.key().equals(key));
    }

    /** What a receiver is told of a drift: its key and, when this run saw it, its verdict and shown values. */
    Map<String, Object> facts(DriftKey k) {
        Map<String, Object> d = new TreeMap<>();
        d.put("host", k.host());
        d.put("resource", k.resource());
        d.put("property", k.property());
        Seen s = in.seen().get(k);
        if (s != null) {
            d.put("classification", s.classification());
            d.put("reason", s.reason());
            d.put("approval", s.approval());
            d.put("expected", s.expected());
            d.put("actual", s.actual());
            d.put("declared_at", s.declaredAt());
            d.put("standard", s.standard());
            d.put("observed_hostname", s.observedHostname());
        } else {
            OpenDrift o = in.history().next().open().get(k);
            if (o != null) {
                d.put("actual", o.actual());
                d.put("declared_at", o.declaredAt());
            }
        }
        d.values().removeIf(java.util.Objects::isNull);
        return d;
    }

    private static String cause(String resolvedBy) {
        return switch (resolvedBy == null ? "" : resolvedBy) {
            case "standard" -> "folded-in";
            case "inventory" -> "host-removed";
            case "unaudited" -> "host-unaudited";
            default -> "reverted";
        };
    }

    /** The unit separator (U+001F) joins the parts: no name may hold a control character, and a database takes it. */
    static String key(DriftKey k) {
        return k.host() + SEP + k.resource() + SEP + k.property();
    }

    private static final String SEP = "\u001f";

    static DriftKey driftKey(String key) {
        String[] p = key.split(SEP, 3);
        return new DriftKey(p[0], p[1], p[2]);
    }
}
