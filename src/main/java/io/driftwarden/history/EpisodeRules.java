package io.driftwarden.history;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunable parts of section 8's episode rules ({@code history.flap_window}, {@code history.resolve_after}).
 * Deliberately no default here: every caller takes them from the config, so a preview, a recorded run and an
 * unrecorded one judge episodes alike.
 *
 * @param flapWindow   an episode reopened this soon after it closed is a flap
 * @param resolveAfter clean runs in a row before the host resolves an episode (1: the first clean run)
 */
public record EpisodeRules(Duration flapWindow, int resolveAfter) {
    public EpisodeRules {
        Objects.requireNonNull(flapWindow, "flapWindow");
        if (flapWindow.isNegative() || resolveAfter < 1) {
            throw new IllegalArgumentException("flap window " + flapWindow + " and resolve after " + resolveAfter
                    + ": need a window >= 0 and at least one clean run");
        }
    }
}
