package io.driftwarden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.metrics.DriftwardenMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Every deploy artefact is checked by something that can fail. */
class DeployArtifactsTest {
    @Test
    void theSystemdUnitVerifiesCleanly() throws Exception {
        Process p = new ProcessBuilder("systemd-analyze", "verify", "deploy/systemd/driftwarden.service")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).as("systemd-analyze prints what it ignores").isEmpty();
        String unit = Files.readString(Path.of("deploy/systemd/driftwarden.service"));
        assertThat(unit)
                .contains("NoNewPrivileges=yes")
                .contains("ProtectSystem=strict")
                .contains("SuccessExitStatus=143")
                .doesNotContain("\nMemoryDenyWriteExecute=yes");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : new Yaml(new LoaderOptions()).loadAll(Files.readString(Path.of(file)))) {
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesRunsOneReplicaRecreatedWithProbes() throws Exception {
        List<Map<String, Object>> docs = documents("deploy/kubernetes/driftwarden.yaml");
        assertThat(docs)
                .extracting(d -> d.get("kind"))
                .contains("Namespace", "ConfigMap", "Deployment", "Service", "ServiceMonitor", "PersistentVolumeClaim");
        Map<String, Object> dep = docs.stream()
                .filter(d -> d.get("kind").equals("Deployment"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) dep.get("spec");
        assertThat(spec.get("replicas")).isEqualTo(1);
        assertThat(((Map<String, Object>) spec.get("strategy")).get("type")).isEqualTo("Recreate");
        String text = Files.readString(Path.of("deploy/kubernetes/driftwarden.yaml"));
        assertThat(text).contains("path: /healthz").contains("path: /readyz").contains("secretName: driftwarden-ssh");
        new Yaml().load((String) ((Map<String, Object>) docs.get(1).get("data")).get("driftwarden.yaml"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClusterVariantRunsSeveralReplicasOnPostgresql() throws Exception {
        List<Map<String, Object>> docs = documents("deploy/kubernetes/driftwarden-cluster.yaml");
        assertThat(docs)
                .extracting(d -> d.get("kind"))
                .contains("Namespace", "ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceMonitor");
        Map<String, Object> dep = docs.stream()
                .filter(d -> d.get("kind").equals("Deployment"))
                .findFirst()
                .orElseThrow();
        assertThat((Integer) ((Map<String, Object>) dep.get("spec")).get("replicas"))
                .isGreaterThan(1);
        assertThat(Files.readString(Path.of("deploy/kubernetes/driftwarden-cluster.yaml")))
                .contains("path: /readyz")
                .contains("name: PGPASSFILE");
        Map<String, Object> cm = docs.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Path k8s = Files.createTempFile("driftwarden", ".yaml");
        try {
            Files.writeString(k8s, (String) ((Map<String, Object>) cm.get("data")).get("driftwarden.yaml"));
            io.driftwarden.config.Config c = io.driftwarden.config.ConfigLoader.load(k8s, Map.of());
            assertThat(c.schedule().clustered()).isTrue();
            assertThat(c.store().url()).startsWith("jdbc:postgresql:");
        } finally {
            Files.delete(k8s);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePrometheusRuleIsExactlyTheAlertsDirectory() throws Exception {
        Map<String, Object> rule =
                documents("deploy/kubernetes/prometheusrule.yaml").get(0);
        Map<String, Object> alerts = documents("alerts/driftwarden.rules.yml").get(0);
        assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
        assertThat(((Map<String, Object>) rule.get("spec")).get("groups")).isEqualTo(alerts.get("groups"));
    }

    @Test
    void theDashboardQueriesOnlyExportedMetrics() throws Exception {
        String scrape = new DriftwardenMetrics("test", true).scrape();
        Set<String> exported = new TreeSet<>();
        Matcher names = Pattern.compile("(?m)^# TYPE (\\w+) ").matcher(scrape);
        while (names.find()) {
            exported.add(names.group(1));
        }
        exported.addAll(List.of(
                "driftwarden_last_success_timestamp_seconds",
                "driftwarden_oldest_unapproved_drift_timestamp_seconds",
                "driftwarden_host_consecutive_failures")); // present once a run has happened
        JsonNode dash = new ObjectMapper()
                .readTree(Path.of("deploy/grafana/driftwarden-dashboard.json").toFile());
        List<String> used = new ArrayList<>();
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode t : panel.get("targets")) {
                Matcher m = Pattern.compile("driftwarden_\\w+")
                        .matcher(t.get("expr").asText());
                while (m.find()) {
                    used.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
                }
            }
        }
        assertThat(used).isNotEmpty().allSatisfy(n -> assertThat(exported).as(n).contains(n));
        assertThat(dash.get("panels").toString())
                .contains("driftwarden_drifts")
                .contains("driftwarden_drift_events_total")
                .contains("driftwarden_hosts")
                .contains("driftwarden_audit_duration_seconds_bucket")
                .contains("driftwarden_last_success_timestamp_seconds");
    }

    /**
     * Pod Security "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards), checked on every pod
     * template of every manifest, since no validator for it can be installed here; plus what we add: no service
     * account token, a versioned image, a read-only root.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyPodSpecMeetsPodSecurityRestricted() throws Exception {
        String version = Files.readString(Path.of("pom.xml"))
                .replaceFirst("(?s).*?<artifactId>driftwarden</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        List<String> problems = new ArrayList<>();
        int pods = 0;
        try (var files = Files.list(Path.of("deploy/kubernetes"))) {
            for (Path f :
                    files.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
                for (Map<String, Object> d : documents(f.toString())) {
                    Map<String, Object> pod = podSpec(d);
                    if (pod == null) {
                        if ("Namespace".equals(d.get("kind"))) {
                            Map<String, Object> labels =
                                    (Map<String, Object>) ((Map<String, Object>) d.get("metadata")).get("labels");
                            if (labels == null
                                    || !"restricted".equals(labels.get("pod-security.kubernetes.io/enforce"))) {
                                problems.add(f + ": Namespace does not enforce restricted");
                            }
                        }
                        continue;
                    }
                    pods++;
                    problems.addAll(PodSecurity.restricted(f + ": " + d.get("kind"), pod, version));
                }
            }
        }
        assertThat(pods).isPositive();
        assertThat(problems).isEmpty();
        // the checker itself: a privileged, root, token-mounting pod fails on each count
        Map<String, Object> bad = (Map<String, Object>) new Yaml().load("""
                hostNetwork: true
                volumes: [{name: h, hostPath: {path: /}}]
                containers:
                  - name: c
                    image: driftwarden:latest
                    securityContext: {privileged: true, runAsUser: 0, capabilities: {add: [SYS_ADMIN]}}
                """);
        assertThat(PodSecurity.restricted("bad", bad, version)).hasSizeGreaterThanOrEqualTo(9);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(Map<String, Object> d) {
        Object spec = d.get("spec");
        if (!(spec instanceof Map)) {
            return null;
        }
        Map<String, Object> s = (Map<String, Object>) spec;
        if ("Pod".equals(d.get("kind"))) {
            return s;
        }
        Object template = s.get("template");
        if (!(template instanceof Map) && s.get("jobTemplate") instanceof Map<?, ?> jt) {
            template = ((Map<String, Object>) ((Map<String, Object>) jt).get("spec")).get("template");
        }
        return template instanceof Map ? (Map<String, Object>) ((Map<String, Object>) template).get("spec") : null;
    }

    /** The configurations we ship (the .deb's conffile, the Kubernetes ConfigMap's) load as they are. */
    @Test
    @SuppressWarnings("unchecked")
    void theShippedConfigurationsLoad() throws Exception {
        io.driftwarden.config.Config deb =
                io.driftwarden.config.ConfigLoader.load(Path.of("deploy/examples/driftwarden.yaml"), Map.of());
        assertThat(deb.standardsGit()).isNotNull();
        assertThat(deb.standardsGit().checkout()).isEqualTo(Path.of("/var/lib/driftwarden/standards-git"));
        Map<String, Object> cm = documents("deploy/kubernetes/driftwarden.yaml").stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Path k8s = Files.createTempFile("driftwarden", ".yaml");
        try {
            Files.writeString(k8s, (String) ((Map<String, Object>) cm.get("data")).get("driftwarden.yaml"));
            io.driftwarden.config.Config c = io.driftwarden.config.ConfigLoader.load(k8s, Map.of());
            assertThat(c.standardsGit().url()).startsWith("ssh://");
            assertThat(c.standardsGit().knownHosts())
                    .as("the SSH files default to ssh.*")
                    .isEqualTo(Path.of("/etc/driftwarden/ssh/known_hosts"));
        } finally {
            Files.delete(k8s);
        }
    }
}
