package io.fabula.application.agent;

import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.stage.Stage;

import java.util.Locale;
import java.util.Map;

/**
 * The prompt templates, one per capability and stage (and purpose where it changes the task), with slots
 * a worker fills: the seed, earlier stages' locked content, feedback, and the context the story memory
 * (retrieval) and the story graph (facts) supply.
 *
 * <p>Contract: {@link #compose} is pure and thread-safe; the same arguments give the same prompt.
 * Every template exists for every capability/purpose/stage combination the orchestration table can produce.
 */
public interface Prompts {

    /** The slots every template knows; templates may use others, documented in the template itself. */
    final class Slots {
        /** the writer's seed idea (required) */
        public static final String SEED = "seed";
        /** the language to write in, e.g. "English" (filled by {@link Prompts#compose} from the locale) */
        public static final String LANGUAGE = "language";
        /** the locked content of the earlier stages, as JSON (optional) */
        public static final String STORY_SO_FAR = "story_so_far";
        /** the proposal to review or revise (required for REVIEW, VALIDATE, REVISE) */
        public static final String PROPOSAL = "proposal";
        /** the writer's or the reviewer's feedback, or the writer's hints (optional) */
        public static final String FEEDBACK = "feedback";
        /** the writer's message in the stage's conversation (required for REPLY) */
        public static final String MESSAGE = "message";
        /** passages from the novel's vector memory (optional; empty when vector search is off) */
        public static final String RETRIEVAL_CONTEXT = "retrieval_context";
        /** facts and consistency findings from the story graph (optional; empty when validation is off) */
        public static final String GRAPH_FACTS = "graph_facts";

        private Slots() {
        }
    }

    /**
     * The prompt for one task.
     *
     * @param slots the slot values; a blank or absent optional slot drops the template's section for it
     * @throws IllegalArgumentException when a slot the template needs has no value (a bug in the caller)
     */
    Prompt compose(Capability capability, TaskPurpose purpose, Stage stage, Locale locale, Map<String, String> slots);
}
