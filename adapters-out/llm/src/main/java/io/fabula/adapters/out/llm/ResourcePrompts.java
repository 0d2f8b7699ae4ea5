package io.fabula.adapters.out.llm;

import io.fabula.application.agent.Prompt;
import io.fabula.application.agent.Prompts;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.stage.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Prompts} from the templates on the classpath, {@code prompts/<capability>/<stage>.txt} with
 * {@code prompts/<capability>/default.txt} as the fallback; replies to the writer's messages use
 * {@code prompts/reply/...} whichever capability answers. Templates are read once and cached.
 * Besides the caller's slots every template gets {@code {{language}}} and {@code {{stage}}}.
 */
public final class ResourcePrompts implements Prompts {
    private static final String ROOT = "prompts/";

    private final Map<String, PromptTemplate> cache = new ConcurrentHashMap<>();

    @Override
    public Prompt compose(Capability capability, TaskPurpose purpose, Stage stage, Locale locale, Map<String, String> slots) {
        Map<String, String> all = new HashMap<>(slots);
        all.put(Slots.LANGUAGE, "zh".equals(locale.getLanguage()) ? "Simplified Chinese (简体中文)" : "English");
        all.put("stage", stage.name().toLowerCase(Locale.ROOT));
        return template(capability, purpose, stage).render(all);
    }

    PromptTemplate template(Capability capability, TaskPurpose purpose, Stage stage) {
        String folder = purpose == TaskPurpose.REPLY ? "reply" : capability.name().toLowerCase(Locale.ROOT);
        String specific = ROOT + folder + "/" + stage.name().toLowerCase(Locale.ROOT) + ".txt";
        String fallback = ROOT + folder + "/default.txt";
        return cache.computeIfAbsent(specific + "|" + fallback, key -> read(specific).or(() -> read(fallback))
                .orElseThrow(() -> new IllegalStateException("no prompt template " + specific + " nor " + fallback)));
    }

    private static Optional<PromptTemplate> read(String resource) {
        try (InputStream in = ResourcePrompts.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty()
                    : Optional.of(PromptTemplate.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template " + resource, e);
        }
    }
}
