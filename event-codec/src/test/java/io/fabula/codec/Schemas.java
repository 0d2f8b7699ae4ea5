package io.fabula.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The published envelope schema, loaded from the codec's own resources. */
final class Schemas {
    static final String ENVELOPE = "/schemas/event-envelope.schema.json";
    private static final JsonSchema SCHEMA = load();

    private Schemas() {
    }

    static Set<ValidationMessage> validate(JsonNode json) {
        return SCHEMA.validate(json);
    }

    private static JsonSchema load() {
        try (InputStream in = Schemas.class.getResourceAsStream(ENVELOPE)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the classpath: " + ENVELOPE);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
