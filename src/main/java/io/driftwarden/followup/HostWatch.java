package io.driftwarden.followup;

import io.driftwarden.history.HostMark;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hosts nobody could audit: blocking the auditor must not hide drift. A host that fails is watched silently from
 * its last good audit (or from now, never audited); past the deadline it escalates like overdue drift (see
 * {@link Levels}); audited again it resolves ({@code audited}), removed from the inventory {@code host-removed}.
 * Hosts this run did not try (a {@code --hosts} subset) change nothing.
 */
final class HostWatch {
    private final FollowUpStep step;

    HostWatch(FollowUpStep step) {
        this.step = step;
    }

    void run() {
        var in = step.in();
        Map<String, Stream> streams = step.streams();
        if (in.deadlines() == null) { // no deadline, nothing overdue: hosts are watched no more
            streams.values().removeIf(s -> s.kind() == Stream.Kind.HOST);
            return;
        }
        for (Stream s : List.copyOf(streams.values())) {
            if (s.kind() != Stream.Kind.HOST) {
                continue;
            }
            String host = s.key();
            if (!in.inventory().contains(host)) {
                end(s, "host-removed");
            } else if (Boolean.TRUE.equals(in.audited().get(host))) {
                end(s, "audited");
            }
        }
        Map<String, HostMark> marks = in.history().next().hosts();
        new TreeMap<>(in.audited()).forEach((host, ok) -> {
            boolean watched = streams.values().stream()
                    .anyMatch(s -> s.kind() == Stream.Kind.HOST && s.key().equals(host));
            if (ok || watched || !in.inventory().contains(host)) {
                return;
            }
            HostMark m = marks.get(host);
            Instant since = m == null || m.lastOkAt() == null ? in.now() : m.lastOkAt();
            Stream s = new Stream(
                    Ids.host(in.instance(), host, since),
                    Stream.Kind.HOST,
                    host,
                    since,
                    since,
                    null,
                    0,
                    null,
                    0,
                    Stream.State.WATCHING,
                    null,
                    null,
                    null);
            streams.put(s.id(), s);
        });
    }

    private void end(Stream s, String cause) {
        if (s.state() == Stream.State.OPEN) { // a host that never escalated leaves no event
            Map<String, Object> d = new TreeMap<>();
            d.put("host", s.key());
            d.put("cause", cause);
            step.emit(s, "resolved", d);
        }
        step.streams().remove(s.id());
    }
}
