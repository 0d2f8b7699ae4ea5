package io.fabula.adapters.out.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.application.agent.GenerationRequest;
import io.fabula.application.agent.GenerationResult;
import io.fabula.application.agent.TextGenerator;
import io.fabula.application.agent.TokenListener;
import io.fabula.application.agent.TokenUsage;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.failure.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link TextGenerator} without a model or a network, for {@code ./fabula dev}, the demo and the tests:
 * deterministic (the same request always gives the same text), yet varied across seeds, and stage-appropriate.
 *
 * <ul>
 *   <li>Generators (every capability that produces proposals) answer with the stage's structured content as
 *       JSON (docs/generation-format.md): concept, themes, world rules and locations, 3–6 characters with the
 *       eight dimensions, a plot of 8–10 nodes, details. One story per seed idea: every stage of a session
 *       names the same characters, places and rules, and the story passes the story graph's consistency checks.</li>
 *   <li>Judges ({@code review}, {@code factcheck}) answer with a score and the signals of SPEC §4. A seed idea
 *       containing {@value #LOW_QUALITY_MARKER} scores low on purpose (between 2 and 4 overall once graph
 *       consistency is added), so the regeneration path and its dead letter can be driven end to end.</li>
 *   <li>Replies to the writer's messages are a few sentences of prose.</li>
 * </ul>
 * English, or Simplified Chinese for a {@code zh} locale. The text is streamed in small tokens (a word piece,
 * or one Han character) with the configured delay between them, so streaming can be watched and measured.
 * Only used when configured (dev and test); it never stands in for a failing model.
 */
public final class OfflineTextGenerator implements TextGenerator {
    /** Put this anywhere in a seed idea to get low review scores. */
    public static final String LOW_QUALITY_MARKER = "[low-quality]";
    public static final String MODEL = "fabula-offline-1";

    private static final Pattern TOKEN = Pattern.compile("\\s*(?:\\p{IsHan}|[^\\s\\p{IsHan}]{1,5})|\\s+");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Duration tokenDelay;

    /** @param tokenDelay the pause before every token after the first; zero for tests that only want the text */
    public OfflineTextGenerator(Duration tokenDelay) {
        if (tokenDelay == null || tokenDelay.isNegative()) {
            throw new IllegalArgumentException("token delay must be zero or positive");
        }
        this.tokenDelay = tokenDelay;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenListener tokens) {
        long start = System.nanoTime();
        String text = compose(request);
        List<String> pieces = tokens(text);
        StringBuilder streamed = new StringBuilder();
        long firstToken = -1;
        int streamedTokens = 0;
        for (String piece : pieces) {
            if (firstToken >= 0 && !tokenDelay.isZero()) {
                try {
                    Thread.sleep(tokenDelay.toMillis(), tokenDelay.toNanosPart() % 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new GenerationResult.Failed(new Failure.Transient("interrupted while generating offline"),
                            streamed.toString(), usage(request, streamedTokens, start, firstToken));
                }
            }
            if (firstToken < 0) {
                firstToken = System.nanoTime();
            }
            streamed.append(piece);
            streamedTokens++;
            tokens.onToken(piece);
        }
        return new GenerationResult.Generated(text, usage(request, pieces.size(), start, firstToken), false);
    }

    /** The whole answer to a request, without streaming. Deterministic. */
    static String compose(GenerationRequest request) {
        Lexicon words = request.chinese() ? Lexicon.CHINESE : Lexicon.ENGLISH;
        boolean lowQuality = request.seedIdea().toLowerCase(Locale.ROOT).contains(LOW_QUALITY_MARKER);
        String seed = request.seedIdea().replaceAll("(?i)" + Pattern.quote(LOW_QUALITY_MARKER), "").strip();
        if (seed.isEmpty()) {
            seed = request.chinese() ? "一个故事" : "a story";
        }
        long wordingSeed = OfflineStory.hash(String.join("\u0000", request.seedIdea(), request.stage().name(),
                request.capability().name(), request.purpose().name(), request.prompt().user()));
        OfflineStory story = new OfflineStory(words, seed, wordingSeed);
        if (request.capability().produces() == Capability.Produces.REVIEW) {
            return json(review(request, words, lowQuality, new SplittableRandom(wordingSeed)));
        }
        if (request.purpose() == TaskPurpose.REPLY) {
            return reply(story, words, new SplittableRandom(wordingSeed));
        }
        return json(story.stage(request.stage()));
    }

    private static ObjectNode review(GenerationRequest request, Lexicon words, boolean lowQuality, SplittableRandom random) {
        // low: 1.0-2.0 on each signal the review model gives, so with a clean graph (2.5 of the 25 %) the
        // weighted score lands in 3.0-3.5: regenerated three times, then dead-lettered, never dropped at once (< 2.0)
        double judgement = lowQuality ? tenth(1.0 + random.nextDouble()) : tenth(7.5 + 2.0 * random.nextDouble());
        double rules = lowQuality ? tenth(1.0 + random.nextDouble()) : tenth(8.0 + 2.0 * random.nextDouble());
        double intent = lowQuality ? tenth(1.0 + random.nextDouble()) : tenth(7.5 + 2.0 * random.nextDouble());
        ObjectNode root = JSON.createObjectNode();
        root.put("format", OfflineStory.FORMAT);
        root.put("stage", request.stage().name());
        root.put("language", request.chinese() ? "zh" : "en");
        root.put("score", judgement);
        ObjectNode signals = root.putObject("signals");
        signals.put("llm_judgement", judgement);
        signals.put("rule_checks", rules);
        signals.put("intent_similarity", intent);
        List<String> remarks = lowQuality ? words.complaints() : words.praise();
        var findings = root.putArray("findings");
        for (String remark : remarks) {
            findings.addObject().put("severity", lowQuality ? "error" : "info").put("message", remark);
        }
        root.put("summary", remarks.get(random.nextInt(remarks.size())));
        return root;
    }

    private static String reply(OfflineStory story, Lexicon words, SplittableRandom random) {
        String opening = words.replies().get(random.nextInt(words.replies().size()));
        String logline = story.fill(words.loglines().get(random.nextInt(words.loglines().size())), 0, 1, 0);
        String premise = story.fill(words.premises().get(random.nextInt(words.premises().size())), 0, 1, 0);
        return opening + logline + words.separator() + premise;
    }

    /** The text cut the way the offline model streams it: word pieces of up to five characters, Han characters one by one. */
    static List<String> tokens(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() > end) {
                pieces.add(text.substring(end, matcher.start()));
            }
            pieces.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            pieces.add(text.substring(end));
        }
        return pieces;
    }

    private static TokenUsage usage(GenerationRequest request, int tokensOut, long start, long firstToken) {
        return new TokenUsage(request.model().orElse(MODEL), TokenUsage.estimateTokens(request.prompt().system() + request.prompt().user()),
                tokensOut, true, Duration.ofNanos(System.nanoTime() - start),
                firstToken < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstToken - start)));
    }

    private static double tenth(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write generated JSON", e);
        }
    }
}
