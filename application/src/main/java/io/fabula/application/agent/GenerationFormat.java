package io.fabula.application.agent;

import io.fabula.domain.stage.Stage;
import java.util.List;
import java.util.Objects;

/**
 * Reads what agents write (docs/generation-format.md): a judge's review and a stage's structured content.
 * Implemented next to the prompts, by the adapter that owns the format.
 */
public interface GenerationFormat {

    /**
     * A judge's answer.
     *
     * @throws IllegalArgumentException when the text is not a review object (a model that did not follow
     *                                  the format: the worker treats it as a Transient failure and retries)
     */
    Review readReview(String text);

    /**
     * Checks a generator's answer for {@code stage} is one structured content object and returns the
     * stage's elements: for PLOT the nodes, each as its JSON object; for every other stage none.
     *
     * @throws IllegalArgumentException when the text is not such an object
     */
    List<String> readProposal(Stage stage, String text);

    /**
     * The three model-given signals of SPEC §4 (0–10 each) and the model's findings, as one line each.
     */
    record Review(double llmJudgement, double ruleChecks, double intentSimilarity, List<String> findings) {
        public Review {
            findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
        }
    }
}
