package io.driftwarden.diff;

import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.Observation;
import io.driftwarden.inventory.Host;
import io.driftwarden.standard.Declared;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceType;
import io.driftwarden.standard.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure: a host's plan and its observation in, its drifts and unobservable properties out. */
public final class DiffEngine {
    private final Sensitivity sensitivity;
    private final ContentHasher hasher;

    public DiffEngine(Sensitivity sensitivity, ContentHasher hasher) {
        this.sensitivity = sensitivity;
        this.hasher = hasher;
    }

    public HostDiff diff(Host host, HostPlan plan, Observation observation) {
        List<Drift> drifts = new ArrayList<>();
        List<NotChecked> notChecked = new ArrayList<>();
        for (Resource r : plan.resources()) {
            boolean sensitive = isSensitive(r);
            for (Map.Entry<String, Outcome> e :
                    PropertyEvaluator.evaluate(r, observation).entrySet()) {
                Declared d = r.property(e.getKey()).orElseThrow();
                if (e.getValue() instanceof Outcome.NotChecked n) {
                    notChecked.add(new NotChecked(r.id(), d.property(), n.why()));
                } else if (e.getValue() instanceof Outcome.Drifted x) {
                    drifts.add(drift(host, r, d, x, sensitive, observation));
                }
            }
        }
        Exclusivity.directories(plan, observation, drifts, notChecked);
        Exclusivity.accounts(plan, observation, drifts, notChecked);
        return new HostDiff(drifts, notChecked);
    }

    /** Sensitive files never show content digests or diffs. */
    public boolean isSensitive(Resource r) {
        return r.id().type() == ResourceType.FILE && sensitivity.isSensitive(r.id().name(), r.sensitive());
    }

    /** Whether a path (one no resource declares, such as an entry of an exclusive directory) is sensitive by default. */
    public boolean isSensitivePath(String path) {
        return sensitivity.isSensitive(path, null);
    }

    private Drift drift(Host host, Resource r, Declared d, Outcome.Drifted x, boolean sensitive, Observation o) {
        boolean hide = sensitive && d.property().equals("content");
        Value shownExpected = hide ? Value.of(hasher.display(d.expected().text())) : d.expected();
        Value shownActual =
                hide && x.actual() != null ? Value.of(hasher.display(x.actual().text())) : x.actual();
        String diff = null;
        if (d.property().equals("content") && !sensitive) {
            FileFact f = o.files().get(r.id().name());
            var expected = r.expectedContent().flatMap(c -> c.bytes());
            if (f != null && f.content() != null && expected.isPresent()) {
                diff = UnifiedDiff.of(r.id().name(), expected.get(), f.content().bytes())
                        .orElse(null);
            }
        }
        return new Drift(
                r.id(),
                d.property(),
                d.expected(),
                x.actual(),
                shownExpected,
                shownActual,
                d.at().shortForm(),
                Remedies.of(host, r, d.property(), d.expected()),
                diff,
                x.note());
    }
}
