package io.driftwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our migration of Quartz's tables is the DDL shipped in the Quartz jar on the class path, less DROPs and COMMIT. */
class QuartzDdlTest {
    @Test
    void theQuartzMigrationIsTheShippedPostgresDdlWithoutItsDropsAndCommit() throws Exception {
        String shipped;
        try (InputStream in = org.quartz.impl.jdbcjobstore.PostgreSQLDelegate.class.getResourceAsStream(
                "/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
            assertThat(in).as("the Quartz jar ships tables_postgres.sql").isNotNull();
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> expected = statements(shipped).stream()
                .filter(s -> !s.startsWith("DROP TABLE") && !s.equals("COMMIT"))
                .toList();
        List<String> ours =
                statements(Files.readString(Path.of("src/main/resources/db/quartz-postgresql/V1__quartz_tables.sql")));
        assertThat(expected).as("the shipped script creates the tables").hasSizeGreaterThan(20);
        assertThat(ours).containsExactlyElementsOf(expected);
        assertThat(ours).noneMatch(s -> s.startsWith("DROP") || s.startsWith("COMMIT"));
    }

    /** The statements of a script, comments dropped and whitespace collapsed. */
    private static List<String> statements(String script) {
        String code = script.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + " " + b);
        return java.util.Arrays.stream(code.split(";"))
                .map(s -> s.strip().replaceAll("\\s+", " "))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
