package io.driftwarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwarden.config.Config;
import io.driftwarden.history.Episode;
import io.driftwarden.report.Printable;
import io.driftwarden.run.Inventories;
import io.driftwarden.store.HistoryQuery;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code history --host H [--resource R]}: the drift episodes of section 8, newest last, with their events. */
@Command(
        name = "history",
        description = "Drift episodes of one host (first seen, last clean, resolved by, flaps, value changes).")
public final class HistoryCommand extends StandardCommand.Base {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--host", required = true, description = "the host's inventory name")
    String host;

    @Option(names = "--resource", description = "only this resource identity, e.g. file:/etc/ssh/sshd_config")
    String resource;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    String format;

    @Override
    int run(Config cfg) throws java.io.IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new LoadException("--format: must be text or json, got '" + format + "'");
        }
        List<Episode> episodes = storeRead(cfg, c -> HistoryQuery.episodes(c, host, resource));
        // a misspelt host must not read as a clean one; a host that left the inventory keeps its history
        if (episodes.isEmpty()
                && Inventories.load(cfg).host(host).isEmpty()
                && (resource == null
                        || storeRead(cfg, c -> HistoryQuery.episodes(c, host, null))
                                .isEmpty())) {
            throw Inventories.unknownHost(cfg, host);
        }
        PrintWriter out = out();
        if (format.equals("json")) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(episodes)));
            return 0;
        }
        if (episodes.isEmpty()) {
            out.println("no drift episodes for " + Printable.of(host)
                    + (resource == null ? "" : " " + Printable.of(resource)));
            return 0;
        }
        for (Episode e : episodes) {
            out.println(Printable.of(e.resource()) + " " + e.property() + ": " + e.classification()
                    + (e.approval() == null ? "" : " by " + e.approval())
                    + (e.closedAt() == null
                            ? " (OPEN)"
                            : " (resolved by " + e.resolvedBy() + " at " + e.closedAt() + ")")
                    + (e.flap() ? " FLAP" : ""));
            out.println("  actual " + Printable.of(String.valueOf(e.actual())) + ", declared at " + e.declaredAt());
            out.println("  first seen " + e.firstSeen() + ", last clean "
                    + (e.lastCleanAt() == null ? "unknown" : e.lastCleanAt()) + ", last seen " + e.lastSeen()
                    + (e.valueChanges() > 0 ? ", " + e.valueChanges() + " value changes" : ""));
            for (Episode.Event v : e.events()) {
                out.println("    " + v.at() + " " + v.runId() + " " + v.event() + " " + v.classification()
                        + (v.detail() == null ? "" : " (" + Printable.of(v.detail()) + ")"));
            }
        }
        return 0;
    }

    private static ObjectNode json(List<Episode> episodes) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", "driftwarden.history/v1");
        ArrayNode list = root.putArray("episodes");
        for (Episode e : episodes) {
            ObjectNode n = list.addObject();
            n.put("host", e.host());
            n.put("resource", e.resource());
            n.put("property", e.property());
            n.put("classification", e.classification());
            n.put("approval", e.approval());
            n.put("actual", e.actual());
            n.put("declared_at", e.declaredAt());
            n.put("first_seen", time(e.firstSeen()));
            n.put("last_clean_at", time(e.lastCleanAt()));
            n.put("last_seen", time(e.lastSeen()));
            n.put("value_changes", e.valueChanges());
            n.put("flap", e.flap());
            n.put("closed_at", time(e.closedAt()));
            n.put("resolved_by", e.resolvedBy());
            ArrayNode ev = n.putArray("events");
            for (Episode.Event v : e.events()) {
                ObjectNode x = ev.addObject();
                x.put("at", time(v.at()));
                x.put("run_id", v.runId());
                x.put("event", v.event());
                x.put("classification", v.classification());
                x.put("detail", v.detail());
            }
        }
        return root;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
