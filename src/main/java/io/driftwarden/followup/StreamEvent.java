package io.driftwarden.followup;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event of a stream: its sequence number (1, 2, ... per stream, no gaps when issued), the event name, when (the
 * run's start), the run, a delivery id every node and every restored copy of the store computes alike, and what a
 * receiver needs to act on it ({@code data}: strings, numbers, booleans and lists of strings, sorted by name; never
 * a file's content, a diff or a log line).
 */
public record StreamEvent(
        String streamId,
        Stream.Kind kind,
        long seq,
        String event,
        Instant at,
        String runId,
        String deliveryId,
        Map<String, Object> data) {
    public StreamEvent {
        data = Collections.unmodifiableMap(new TreeMap<>(data));
    }
}
