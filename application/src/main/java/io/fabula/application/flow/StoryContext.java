package io.fabula.application.flow;

import io.fabula.application.agent.Prompts.Slots;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.stage.Stage;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * What an agent knows about its session, read from the session's events: the seed, the latest proposal
 * of every stage, and from those the prompt slots of one task ({@link io.fabula.application.agent.Prompts}).
 */
record StoryContext(String seed, Map<Stage, String> proposals) {
    private static final Set<EventType> PROPOSALS = EnumSet.of(EventType.CONCEPT_PROPOSED, EventType.THEME_PROPOSED,
            EventType.THEME_REVISED, EventType.WORLD_CREATED, EventType.WORLD_UPDATED, EventType.CHARACTER_CREATED,
            EventType.CHARACTER_UPDATED, EventType.PLOT_CREATED, EventType.DETAILS_COMPLETED);
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    static StoryContext of(List<DomainEvent> history) {
        String seed = null;
        Map<Stage, String> proposals = new EnumMap<>(Stage.class);
        for (DomainEvent event : history) {
            if (event.type() == EventType.STARTED) {
                seed = event.payload().content();
            } else if (PROPOSALS.contains(event.type()) && event.payload().content() != null) {
                proposals.put(event.payload().stage(), event.payload().content());
            }
        }
        if (seed == null) {
            throw new IllegalStateException("the session has no Started event: its history is missing");
        }
        return new StoryContext(seed, proposals);
    }

    /** Chinese when the seed is written in Han characters, English otherwise. */
    Locale locale() {
        return HAN.matcher(seed).find() ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    /** The slots of a task's prompt, retrieval and graph context left for the caller. */
    Map<String, String> slots(CapabilityTask task) {
        Map<String, String> slots = new LinkedHashMap<>();
        slots.put(Slots.SEED, seed);
        String sofar = storySoFar(task.stage());
        if (!sofar.isEmpty()) {
            slots.put(Slots.STORY_SO_FAR, sofar);
        }
        TaskPurpose purpose = task.purpose();
        if (purpose == TaskPurpose.REVIEW || purpose == TaskPurpose.VALIDATE || purpose == TaskPurpose.REVISE) {
            String proposal = purpose == TaskPurpose.REVISE ? null : task.inputs().get("content");
            if (proposal == null) {
                proposal = proposals.get(task.stage());
            }
            if (proposal == null) {
                throw new IllegalStateException("no proposal of " + task.stage() + " to " + purpose.name().toLowerCase(Locale.ROOT));
            }
            slots.put(Slots.PROPOSAL, proposal);
        }
        if (purpose == TaskPurpose.REPLY) {
            slots.put(Slots.MESSAGE, task.inputs().getOrDefault("content", ""));
        }
        StringJoiner feedback = new StringJoiner("\n");
        for (String name : List.of(Attributes.FEEDBACK, Attributes.HINTS, Attributes.REASON)) {
            String value = task.inputs().get(name);
            if (value != null && !value.isBlank()) {
                feedback.add(value);
            }
        }
        if (feedback.length() > 0) {
            slots.put(Slots.FEEDBACK, feedback.toString());
        }
        return slots;
    }

    /** What to look for in the story memory: the text under review, or the seed and the stage to write. */
    String memoryQuery(CapabilityTask task) {
        String proposal = proposals.get(task.stage());
        return proposal != null && task.purpose() != TaskPurpose.GENERATE && task.purpose() != TaskPurpose.REGENERATE
                ? proposal
                : seed + " " + task.stage().name().toLowerCase(Locale.ROOT);
    }

    /** The proposals of the stages before this one, as one JSON object keyed by stage. */
    private String storySoFar(Stage stage) {
        StringJoiner json = new StringJoiner(",\n", "{\n", "\n}");
        json.setEmptyValue("");
        proposals.forEach((earlier, content) -> {
            if (earlier.index() < stage.index()) {
                json.add("\"" + earlier.name() + "\": " + content);
            }
        });
        return json.toString();
    }
}
