package io.driftwarden.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SBOMs name every library the fat jar bundles, at the version bundled, and nothing of the tests. */
class SbomIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJarAndImageSbomsListEveryBundledLibrary() throws Exception {
        // two independent views of what is bundled: the runtime artefacts license-maven-plugin resolved for NOTICE,
        // and the pom.properties inside the fat jar (not every library carries one; some carry their modules')
        Set<String> resolved = noticed(Path.of("target/generated-sources/license/NOTICE"));
        assertThat(resolved).hasSizeGreaterThan(20).anyMatch(s -> s.startsWith("org.postgresql:postgresql:"));
        Set<String> inJar = versioned(Path.of("target/driftwarden.jar"));
        assertThat(inJar).anyMatch(s -> s.startsWith("org.apache.sshd:sshd-core:"));
        for (String kind : new String[] {"jar", "image"}) {
            JsonNode bom = JSON.readTree(sbom(kind).toFile());
            assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
            assertThat(bom.path("metadata").path("component").path("type").asText())
                    .isEqualTo(kind.equals("jar") ? "application" : "container");
            Set<String> listed = new TreeSet<>();
            for (JsonNode c : bom.path("components")) {
                listed.add(c.path("group").asText() + ":" + c.path("name").asText() + ":"
                        + c.path("version").asText());
            }
            assertThat(listed).as(kind + " SBOM").containsAll(resolved);
            for (String gav : inJar) {
                String[] g = gav.split(":");
                assertThat(listed)
                        .as(kind + " SBOM lists %s or the artefact that embeds it", gav)
                        .anyMatch(l -> l.equals(gav) || l.startsWith(g[0] + ":") && l.endsWith(":" + g[2]));
            }
            assertThat(listed)
                    .as("no test library")
                    .noneMatch(s -> s.startsWith("org.junit")
                            || s.startsWith("org.assertj")
                            || s.startsWith("org.testcontainers"));
            for (JsonNode c : bom.path("components")) {
                assertThat(c.path("licenses").size())
                        .as(kind + " SBOM: licence of " + c.path("name").asText())
                        .isPositive();
            }
        }
    }

    static Path sbom(String kind) throws Exception {
        try (Stream<Path> s = Files.list(Path.of("target/release"))) {
            return s.filter(p -> p.getFileName().toString().endsWith("." + kind + ".cdx.json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " SBOM in target/release"));
        }
    }

    /** group:artifact:version of every library the NOTICE lists ("  - g:a:v (url)"). */
    static Set<String> noticed(Path notice) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String l : Files.readAllLines(notice)) {
            if (l.startsWith("  - ")) {
                out.add(l.substring(4).split(" ")[0]);
            }
        }
        return out;
    }

    /** group:artifact:version of every pom.properties the jar carries, ours excepted. */
    static Set<String> versioned(Path jar) throws Exception {
        Set<String> out = new TreeSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (var e : java.util.Collections.list(j.entries())) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (var in = j.getInputStream(e)) {
                        p.load(in);
                    }
                    String gav = p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":"
                            + p.getProperty("version");
                    if (!gav.startsWith("io.driftwarden:")) {
                        out.add(gav);
                    }
                }
            }
        }
        return out;
    }
}
