package io.driftwarden.diff;

import java.util.List;

/** All differences and unobservable properties of one host, in resource then property order. */
public record HostDiff(List<Drift> drifts, List<NotChecked> notChecked) {
    public HostDiff {
        drifts = List.copyOf(drifts);
        notChecked = List.copyOf(notChecked);
    }
}
