package io.driftwarden.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.driftwarden.audit.HostResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A host's result as it travels from the node that observed it to the node that finalises the run: JSON of the
 * result's own values (record components only, no type names, so nothing in a row can choose a class to build).
 * Not a published format: both ends are the same release, which the store's schema check ensures.
 */
public final class ResultCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("instants")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return Instant.parse(p.getValueAsString());
                        }
                    }))
            .build();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private ResultCodec() {}

    public static byte[] write(HostResult r) {
        try {
            return JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException("host " + r.host().name() + ": cannot encode its result", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a host result of this release */
    public static HostResult read(byte[] bytes) {
        try {
            return JSON.readValue(bytes, HostResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a host result of this release: " + e.getMessage(), e);
        }
    }
}
