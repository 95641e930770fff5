package io.driftwarden.run;

import io.driftwarden.admission.Admitted;
import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.audit.Audited;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.HostResult;
import io.driftwarden.config.Config;
import io.driftwarden.followup.FollowUpStep;
import io.driftwarden.followup.Seen;
import io.driftwarden.history.RunHistory;
import io.driftwarden.standard.Standard;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The follow-through's inputs, gathered from the run: what it saw of each drift (shown values only), which hosts it
 * audited, the records' expiries, the changes of what is approved, and the config's deadlines.
 */
final class FollowUpInputs {
    private FollowUpInputs() {}

    /** Whether the run follows anything through: deadlines or webhooks are configured. */
    static boolean wanted(Config cfg) {
        return cfg.approvals().deadlines() != null || !cfg.webhooks().isEmpty();
    }

    static FollowUpStep.Inputs of(
            Config cfg,
            Admitted admitted,
            Audited r,
            RunHistory.Step step,
            Set<String> inventory,
            List<ApprovalChanges.Change> recordChanges) {
        Map<String, String> standardOfFile = new HashMap<>();
        for (Standard s : admitted.bundle().standards()) {
            standardOfFile.put(s.file(), s.name());
        }
        Map<DriftKey, Seen> seen = new HashMap<>();
        Map<String, Boolean> audited = new TreeMap<>();
        for (HostResult h : r.hosts()) {
            audited.put(h.host().name(), h.auditedOk());
            String hostname = h.observed() == null ? null : h.observed().hostname();
            for (ClassifiedDrift d : h.drifts()) {
                String declaredAt = d.drift().declaredAt();
                String file = declaredAt == null ? null : declaredAt.replaceFirst(":[0-9]+$", "");
                seen.put(
                        new DriftKey(
                                h.host().name(),
                                d.drift().resource().toString(),
                                d.drift().identity()),
                        new Seen(
                                d.classification().classification(),
                                d.classification().reason(),
                                d.classification().approval(),
                                shown(d.drift().shownExpected()),
                                shown(d.drift().shownActual()),
                                declaredAt,
                                file == null ? null : standardOfFile.get(file),
                                hostname));
            }
        }
        Map<String, Instant> expires = new TreeMap<>();
        for (ChangeRecord c : admitted.records()) {
            expires.put(c.id(), c.expires());
        }
        Map<String, Instant> expiring = new TreeMap<>();
        for (String id : r.approvals().expiring()) {
            if (expires.containsKey(id)) {
                expiring.put(id, expires.get(id));
            }
        }
        return new FollowUpStep.Inputs(
                cfg.instance(),
                r.runId(),
                r.startedAt(),
                step,
                seen,
                audited,
                inventory,
                expires,
                expiring,
                recordChanges,
                cfg.approvals().deadlines(),
                cfg.history().flapWindow());
    }

    /** Each event, once per webhook endpoint that takes it, with its full payload (minimal mode applies at sending). */
    static List<WebhookQueue.Queued> queued(Config cfg, FollowUpStep.Step step) {
        List<WebhookQueue.Queued> out = new java.util.ArrayList<>();
        String base = cfg.reports().reportBaseUrl();
        for (var e : step.events()) {
            String payload = null;
            for (Config.Webhook w : cfg.webhooks()) {
                if (w.wants(e.event())) {
                    if (payload == null) {
                        payload = io.driftwarden.notify.webhook.WebhookPayload.json(
                                cfg.instance(),
                                e,
                                base == null ? null : base.replaceAll("/+$", "") + "/" + e.runId() + ".json");
                    }
                    out.add(new WebhookQueue.Queued(
                            w.name(), e.deliveryId(), e.streamId(), e.seq(), e.event(), payload));
                }
            }
        }
        return out;
    }

    private static String shown(Object v) {
        return v == null ? null : v.toString();
    }
}
