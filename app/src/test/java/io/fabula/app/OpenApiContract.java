package io.fabula.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks live answers against the OpenAPI 3.1 document the server serves: the operation exists, the status
 * is documented (or covered by {@code default}), the content type is one the document names for it, and
 * the body validates against its JSON Schema (2020-12, the dialect of OpenAPI 3.1).
 */
final class OpenApiContract {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonNode document;
    private int checked;

    OpenApiContract(JsonNode document) {
        this.document = document;
    }

    int checked() {
        return checked;
    }

    /** What is wrong with each exchange; empty when all conform. Exchanges with no documented route are skipped. */
    List<String> violations(List<ApiServer.Exchange> exchanges) {
        List<String> wrong = new ArrayList<>();
        for (ApiServer.Exchange exchange : exchanges) {
            Optional<String> template = template(exchange.path());
            if (template.isEmpty()) {
                continue; // an unknown route: its 404 problem is tested on its own
            }
            JsonNode operation = document.get("paths").get(template.get()).get(exchange.method().toLowerCase(Locale.ROOT));
            if (operation == null) {
                continue; // a method the route does not have: 405, tested on its own
            }
            String where = exchange.method() + " " + exchange.path() + " → " + exchange.status();
            JsonNode responses = operation.get("responses");
            JsonNode response = responses.has(String.valueOf(exchange.status())) ? responses.get(String.valueOf(exchange.status()))
                    : responses.get("default");
            if (response == null) {
                wrong.add(where + ": status not documented");
                continue;
            }
            checked++;
            if (exchange.body() == null || exchange.body().isEmpty()) {
                continue;
            }
            String type = exchange.contentType() == null ? "" : exchange.contentType().split(";")[0].strip();
            JsonNode media = response.path("content").get(type);
            if (media == null) {
                wrong.add(where + ": content type " + type + " not documented (" + response.path("content").toString() + ")");
                continue;
            }
            if (!media.has("schema")) {
                continue;
            }
            try {
                JsonNode body = ApiServer.JSON.readTree(exchange.body());
                Set<ValidationMessage> messages = schema(media.get("schema")).validate(body);
                if (!messages.isEmpty()) {
                    wrong.add(where + ": " + messages + " in " + abbreviate(exchange.body()));
                }
            } catch (Exception e) {
                wrong.add(where + ": body is not JSON: " + abbreviate(exchange.body()));
            }
        }
        return wrong;
    }

    private JsonSchema schema(JsonNode schema) {
        ObjectNode root = ApiServer.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        root.putArray("allOf").add(schema);
        return SCHEMAS.getSchema(root);
    }

    /** The document's path template for a concrete path; literal segments beat parameters. */
    Optional<String> template(String path) {
        List<String> matches = new ArrayList<>();
        Iterator<String> names = document.get("paths").fieldNames();
        while (names.hasNext()) {
            String template = names.next();
            String regex = template.replaceAll("\\{[^}]+}", "[^/]+");
            if (path.matches(regex)) {
                matches.add(template);
            }
        }
        return matches.stream().min(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()));
    }

    private static String abbreviate(String text) {
        return text.length() < 300 ? text : text.substring(0, 300) + "…";
    }

}
