package io.driftwarden.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwarden.approval.Classification;
import io.driftwarden.approval.NearMiss;
import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.approval.SourceState;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.Compliance;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.RunReport;
import io.driftwarden.audit.StandardInfo;
import io.driftwarden.diff.Drift;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.standard.Value;
import java.time.Instant;
import java.util.List;

/**
 * The machine contract: {@code driftwarden.report/v1}, fields in a fixed order. Additions keep the schema name (readers
 * ignore fields they do not know); {@code events}, the changes since the previous run, came last.
 */
public final class JsonReport implements ReportWriter {
    public static final String SCHEMA = "driftwarden.report/v1";
    public static final JsonReport WRITER = new JsonReport();
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    @Override
    public void write(RunReport report, java.io.OutputStream out) throws java.io.IOException {
        java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
        write(report, w);
        w.flush();
    }

    /**
     * Writes the report to {@code out} one host at a time: only one host's tree is in memory at once, so the
     * report of a large fleet costs the heap one host (at most {@link io.driftwarden.audit.DriftCap#PER_HOST}
     * drifts), not the whole document. Same bytes as one tree written with the mapper's indentation.
     */
    private static void write(RunReport report, java.io.Writer out) throws java.io.IOException {
        AuditResult r = report.result();
        try (com.fasterxml.jackson.core.JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            fields(g, head(r));
            fields(g, compliance(report));
            g.writeArrayFieldStart("hosts");
            for (HostResult h : r.hosts()) {
                MAPPER.writeTree(g, host(h));
            }
            g.writeEndArray();
            fields(g, tail(r, report.links()));
            fields(g, events(report.events()));
            g.writeEndObject();
        }
        out.write("\n");
    }

    private static void fields(com.fasterxml.jackson.core.JsonGenerator g, ObjectNode n) throws java.io.IOException {
        for (var e : n.properties()) {
            g.writeFieldName(e.getKey());
            MAPPER.writeTree(g, e.getValue());
        }
    }

    /** The fields before {@code hosts}. */
    private static ObjectNode head(AuditResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("instance", r.instance());
        root.put("run_id", r.runId());
        root.put("started_at", time(r.startedAt()));
        root.put("finished_at", time(r.finishedAt()));
        root.put("evaluated_at", time(r.evaluatedAt()));
        root.put("preview", r.preview());
        root.set("standard", standard(r.standard()));
        root.set("summary", summary(r));
        return root;
    }

    /** The board's view of risk: compliance strict and with approved exceptions, and the exceptions by age. */
    private static ObjectNode compliance(RunReport report) {
        Compliance c = report.compliance();
        Instant now = report.result().evaluatedAt();
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode n = root.putObject("compliance");
        n.set("fleet", share(c.fleet()));
        ArrayNode groups = n.putArray("groups");
        c.groups().forEach(g -> groups.add(share(g)));
        ArrayNode ex = n.putArray("exceptions");
        for (Compliance.Carried e : c.exceptions()) {
            ObjectNode x = ex.addObject();
            x.put("record", e.record());
            x.put("drifts", e.drifts());
            strings(x.putArray("hosts"), e.hosts());
            x.put("oldest_first_seen", time(e.oldestFirstSeen()));
            x.put("approved_at", time(e.approvedAt()));
            x.put("expires", time(e.expires()));
            x.put("age_seconds", e.age(now).toSeconds());
            x.put("url", report.link(e.record()).orElse(null));
        }
        return root;
    }

    private static ObjectNode share(Compliance.Share s) {
        ObjectNode n = MAPPER.createObjectNode();
        if (s.group() != null) {
            n.put("group", s.group());
        }
        n.put("hosts", s.hosts());
        n.put("compliant", s.compliant());
        n.put("approved_drift", s.approvedDrift());
        n.put("strict", Math.round(s.strict() * 10000) / 10000.0);
        n.put("with_exceptions", Math.round(s.withExceptions() * 10000) / 10000.0);
        return n;
    }

    /** The fields after {@code hosts}. */
    private static ObjectNode tail(AuditResult r, java.util.Map<String, String> links) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("approvals", approvals(r.approvals(), links));
        ArrayNode inv = root.putArray("inventory_changes");
        for (var c : r.inventoryChanges()) {
            ObjectNode n = inv.addObject();
            n.put("host", c.host());
            n.put("change", c.change());
            if (!c.fields().isEmpty()) {
                ObjectNode f = n.putObject("fields");
                new java.util.TreeMap<>(c.fields()).forEach((k, v) -> strings(f.putArray(k), v));
            }
            strings(n.putArray("flags"), c.flags());
        }
        ArrayNode reverts = root.putArray("reverts");
        for (var v : r.reverts()) {
            ObjectNode n = reverts.addObject();
            n.put("evidence", v.evidence());
            n.put("at", time(v.at()));
            n.put("host", v.host());
            n.put("resource", v.resource());
            n.put("operator", v.operator());
            n.put("reason", v.reason());
            n.put("change", v.change());
            n.put("outcome", v.outcome());
            if (v.undoes() == null) {
                n.putNull("undoes");
            } else {
                n.put("undoes", v.undoes());
            }
        }
        return root;
    }

    /** What changed since the previous run, as the HTML report's first section shows it. */
    private static ObjectNode events(List<DriftEvent> events) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("events");
        for (DriftEvent e : events.stream()
                .sorted(java.util.Comparator.comparing(DriftEvent::key).thenComparing(DriftEvent::event))
                .toList()) {
            ObjectNode n = list.addObject();
            n.put("event", e.event().label());
            n.put("host", e.key().host());
            n.put("resource", e.key().resource());
            n.put("property", e.key().property());
            n.put("classification", e.classification());
            n.put("detail", e.detail());
        }
        return root;
    }

    private static ObjectNode standard(StandardInfo s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("revision", s.revision());
        if (s.serial() == null) {
            n.putNull("serial");
        } else {
            n.put("serial", s.serial());
        }
        n.put("verified", s.verified());
        n.put("unsigned", s.unsigned());
        strings(n.putArray("signers"), s.signers());
        n.put("problem", s.problem());
        return n;
    }

    private static ObjectNode summary(AuditResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("hosts", r.hosts().size());
        for (HostStatus s : List.of(
                HostStatus.COMPLIANT,
                HostStatus.APPROVED_DRIFT,
                HostStatus.UNAPPROVED_DRIFT,
                HostStatus.INCOMPLETE,
                HostStatus.UNCOVERED,
                HostStatus.FAILED)) {
            n.put(s.label(), r.count(s));
        }
        ObjectNode d = n.putObject("drifts");
        d.put("approved", r.drifts(true));
        d.put("unapproved", r.drifts(false));
        d.put("elided", r.hosts().stream().mapToLong(HostResult::elidedCount).sum());
        n.put("not_checked", r.notChecked());
        return n;
    }

    private static ObjectNode host(HostResult h) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("host", h.host().name());
        n.put("address", h.host().shownAddress());
        n.put("transport", h.host().transport().label());
        n.put("status", h.status().label());
        if (h.observed() == null) {
            n.putNull("observed");
        } else {
            ObjectNode o = n.putObject("observed");
            o.put("hostname", h.observed().hostname());
            o.put("machine_id", h.observed().machineId());
            o.put("os_release", h.observed().osRelease());
            o.put("host_key_sha256", h.observed().hostKeySha256());
        }
        if (h.error() == null) {
            n.putNull("error");
        } else {
            ObjectNode e = n.putObject("error");
            e.put("kind", h.error().kind().label());
            e.put("message", h.error().message());
        }
        strings(n.putArray("standards"), h.standards());
        ArrayNode drifts = n.putArray("drifts");
        h.drifts().forEach(d -> drifts.add(drift(d)));
        ArrayNode elided = n.putArray("elided"); // beyond the per-host cap: counted here, not listed
        for (var e : h.elided()) {
            ObjectNode x = elided.addObject();
            x.put("resource", e.resource().toString());
            x.put("property", e.property());
            x.put("classification", e.approved() ? "approved" : "unapproved");
            x.put("count", e.count());
        }
        ArrayNode nc = n.putArray("not_checked");
        for (NotChecked c : h.notChecked()) {
            ObjectNode x = nc.addObject();
            x.put("resource", c.resource().toString());
            x.put("property", c.property());
            x.put("why", c.why());
        }
        ArrayNode ov = n.putArray("overrides");
        for (var o : h.overrides()) {
            ObjectNode x = ov.addObject();
            x.put("resource", o.resource().toString());
            x.put("property", o.property());
            x.put("expected", o.winner().expected().toString());
            x.put("declared_at", o.winner().at().shortForm());
            x.put("overridden", o.overridden().expected().toString());
            x.put("overridden_at", o.overridden().at().shortForm());
        }
        return n;
    }

    private static ObjectNode drift(ClassifiedDrift cd) {
        Drift d = cd.drift();
        Classification c = cd.classification();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("resource", d.resource().toString());
        n.put("property", d.property());
        value(n, "expected", d.shownExpected());
        value(n, "actual", d.shownActual());
        if (d.actual() == null) {
            n.put("actual_state", "missing");
        }
        n.put("classification", c.classification());
        n.put("reason", c.reason());
        n.put("approval", c.approval());
        strings(n.putArray("also_approved_by"), c.alsoApprovedBy());
        ArrayNode near = n.putArray("near_misses");
        for (NearMiss m : c.nearMisses()) {
            ObjectNode x = near.addObject();
            x.put("id", m.id());
            x.put("state", m.state());
            x.put("verdict", m.verdict());
            x.put("in_scope", m.inScope());
        }
        n.put("declared_at", d.declaredAt());
        n.put("first_seen", time(cd.firstSeen()));
        n.put("last_clean_at", time(cd.lastCleanAt()));
        n.put("flapped", cd.flap() != null); // reopened within history.flap_window (a hotfix re-applied, say)
        n.put("previous_closed_at", cd.flap() == null ? null : time(cd.flap().previousClosedAt()));
        n.put("remedy", d.remedy());
        n.put("diff", d.diff());
        n.put("note", d.note());
        ArrayNode evidence = n.putArray("evidence"); // possible actors: a heuristic, ranked
        for (var a : cd.actors()) {
            ObjectNode x = evidence.addObject();
            x.put("kind", a.kind());
            x.put("user", a.user());
            x.put("at", time(a.at()));
            x.put("detail", a.detail());
            x.put("source", a.source());
        }
        return n;
    }

    private static ObjectNode approvals(ApprovalSummary a, java.util.Map<String, String> links) {
        ObjectNode n = MAPPER.createObjectNode();
        strings(n.putArray("active"), a.active());
        strings(n.putArray("expired"), a.expired());
        strings(n.putArray("not_yet_valid"), a.notYetValid());
        strings(n.putArray("expiring"), a.expiring());
        strings(n.putArray("open_ended"), a.openEnded());
        strings(n.putArray("in_use"), a.inUse());
        strings(n.putArray("unused"), a.unused());
        ObjectNode since = n.putObject("unused_since");
        a.unusedSince().forEach((id, t) -> since.put(id, t.toString()));
        strings(n.putArray("stale"), a.stale());
        strings(n.putArray("overdue"), a.overdue());
        strings(n.putArray("unauthorised"), a.unauthorised());
        RecordVerdicts v = a.verdicts();
        strings(n.putArray("withdrawn"), v.withdrawn());
        strings(n.putArray("signer_expiring"), v.flagged(RecordVerdict.SIGNER_EXPIRING));
        strings(n.putArray("self_approved"), v.flagged(RecordVerdict.SELF_APPROVED));
        ObjectNode refused = n.putObject("refused");
        for (RecordVerdict r : v.refused()) {
            ObjectNode x = refused.putObject(r.id());
            x.put("reason", r.reason());
            x.put("source", r.source());
            x.put("problem", r.problem());
        }
        n.put("memory", v.memory());
        ArrayNode sources = n.putArray("sources");
        for (SourceState s : v.sources()) {
            ObjectNode x = sources.addObject();
            x.put("name", s.name());
            x.put("location", s.location());
            x.put("status", s.failed() ? "error" : "ok");
            x.put("reason", s.failed() ? s.failure().reason() : null);
            x.put("problem", s.failed() ? s.error() : null);
            if (s.index() == null) {
                x.putNull("index");
            } else {
                ObjectNode i = x.putObject("index");
                i.put("serial", s.index().serial());
                i.put("digest", s.index().digest());
                strings(i.putArray("signers"), s.index().signers());
                if (s.index().floor() == null) {
                    i.putNull("floor");
                } else {
                    i.put("floor", s.index().floor());
                }
                i.put("fork", s.index().fork());
                strings(i.putArray("pruned"), s.index().pruned());
            }
            strings(x.putArray("notes"), s.notes());
        }
        ObjectNode records = n.putObject("records");
        for (RecordVerdict r : v.verdicts()) {
            ObjectNode x = records.putObject(r.id());
            x.put("status", r.status().label());
            x.put("reason", r.reason());
            x.put("source", r.source());
            x.put("sha256", r.sha256());
            x.put("ticket", r.record() == null ? null : r.record().ticket());
            x.put("url", links.get(r.id()));
            x.put("quorum", r.quorum());
            ArrayNode signers = x.putArray("signers");
            r.signers()
                    .forEach(s ->
                            signers.addObject().put("principal", s.principal()).put("fingerprint", s.fingerprint()));
            strings(x.putArray("flags"), r.flags());
        }
        return n;
    }

    private static void value(ObjectNode n, String key, Value v) {
        if (v == null) {
            n.putNull(key);
        } else if (v.isList()) {
            strings(n.putArray(key), v.items());
        } else {
            n.put(key, v.text());
        }
    }

    private static void strings(ArrayNode a, List<String> items) {
        items.forEach(a::add);
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
