package io.driftwarden.audit;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.Classifier;
import io.driftwarden.collect.FileQuery;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.Drift;
import io.driftwarden.diff.HostDiff;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.inventory.Host;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Standard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource of one host judged live, as an audit would judge it: what `adopt` and `revert` start from,
 * never from a report that may be an hour old.
 */
public record ResourceCheck(
        Host host,
        Resource resource,
        Observation observation,
        List<ClassifiedDrift> drifts,
        List<NotChecked> notChecked) {
    public ResourceCheck {
        drifts = List.copyOf(drifts);
        notChecked = List.copyOf(notChecked);
    }

    /** Why a resource cannot be judged: not declared for the host, a conflict, or the host did not answer. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * This check, its observation completed with an lstat of {@code paths} (no content is read): what a revert must
     * know of the paths it changes that the standard does not declare, such as an exclusive directory's entries.
     */
    public ResourceCheck withStat(HostTransport transport, List<String> paths) {
        if (paths.isEmpty()) {
            return this;
        }
        List<FileQuery> files =
                paths.stream().map(p -> new FileQuery(p, false, false, null)).toList();
        HostObservation seen = transport.observe(
                host, new ObservationRequest(files, List.of(), List.of(), List.of(), false, List.of(), false));
        if (seen instanceof HostObservation.Failed f) {
            throw new Refused(host.name() + ": " + String.join(", ", paths) + " could not be stat'ed (" + f.kind()
                    + ": " + f.message() + ")");
        }
        return new ResourceCheck(
                host,
                resource,
                observation.withFiles(
                        ((HostObservation.Observed) seen).observation().files()),
                drifts,
                notChecked);
    }

    public static ResourceCheck run(
            Host host,
            ResourceId id,
            List<Standard> standards,
            List<ChangeRecord> records,
            DiffEngine engine,
            HostTransport transport,
            Instant now) {
        HostPlan.Resolution res = HostPlan.resolve(standards, host.target());
        res.failure().ifPresent(f -> {
            throw new Refused(
                    host.name() + ": the standards cannot be planned for this host (" + f.kind() + "): " + f.message());
        });
        HostPlan plan = res.plan().at(now);
        Resource r = plan.resources().stream()
                .filter(x -> x.id().equals(id))
                .findFirst()
                .orElseThrow(
                        () -> new Refused(host.name() + ": " + id + " is not declared for this host by any standard"));
        HostPlan one = plan.only(r);
        HostObservation seen = transport.observe(host, RequestPlanner.plan(one, engine));
        if (seen instanceof HostObservation.Failed f) {
            throw new Refused(host.name() + ": " + f.kind() + ": " + f.message());
        }
        Observation o = ((HostObservation.Observed) seen).observation();
        HostDiff diff = engine.diff(host, one, o);
        Classifier classifier = new Classifier(records);
        List<ClassifiedDrift> drifts = new ArrayList<>();
        for (Drift d : diff.drifts()) {
            drifts.add(new ClassifiedDrift(
                    d,
                    classifier.classify(
                            host.name(), host.groups(), d.resource(), d.property(), d.actual(), d.shownActual(), now),
                    now,
                    null));
        }
        return new ResourceCheck(host, r, o, drifts, diff.notChecked());
    }
}
