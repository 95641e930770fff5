package io.driftwarden.approval;

import java.util.List;

/**
 * The approvals index a source was judged by this run: serial and digest, who signed it, the store's floor it
 * was judged against (null: none yet), {@code fork} when its {@code previous} is not that floor, and the files it
 * lists that are gone ({@code pruned}). {@code keep} is what the store raises its floor to once the run is recorded.
 */
public record IndexState(
        long serial,
        String digest,
        List<String> signers,
        Long floor,
        String fork,
        List<String> pruned,
        IndexFloor keep) {
    public IndexState {
        signers = List.copyOf(signers);
        pruned = List.copyOf(pruned);
    }
}
