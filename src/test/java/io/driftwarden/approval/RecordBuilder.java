package io.driftwarden.approval;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Selector;
import io.driftwarden.standard.Value;
import io.driftwarden.yaml.Mark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test-data builder: {@code aRecord("CHG-1").hosts("web-*").allow(...).build()}. */
public final class RecordBuilder {
    private final String id;
    private Instant validFrom = Instant.parse("2026-11-20T00:00:00Z");
    private Instant expires = Instant.parse("2026-11-30T00:00:00Z");
    private Selector selector = new Selector(List.of("web-*"), List.of(), false);
    private final List<Allow> allows = new ArrayList<>();

    private RecordBuilder(String id) {
        this.id = id;
    }

    public static RecordBuilder aRecord(String id) {
        return new RecordBuilder(id);
    }

    public RecordBuilder validFrom(String instant) {
        validFrom = Instant.parse(instant);
        return this;
    }

    public RecordBuilder expires(String instant) {
        expires = Instant.parse(instant);
        return this;
    }

    public RecordBuilder hosts(String... globs) {
        selector = new Selector(List.of(globs), List.of(), false);
        return this;
    }

    public RecordBuilder allow(String resource, String property, String value) {
        allows.add(new Allow(
                ResourceId.parse(resource).orElseThrow(),
                property,
                value == null ? null : Value.of(value),
                new Mark("approvals/" + id + ".yaml", 1, 1)));
        return this;
    }

    public ChangeRecord build() {
        return new ChangeRecord(
                id,
                "test",
                List.of("alice@example.com"),
                validFrom,
                validFrom,
                expires,
                null,
                null,
                selector,
                allows,
                "approvals/" + id + ".yaml");
    }
}
