package io.fabula.adapters.out.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.domain.stage.Stage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One whole story derived from a seed idea: the offline generator's source for every stage. The skeleton
 * (names, ids, places, rules, the order of the plot) depends on the seed and the language only, so every
 * stage of one session tells the same story and later stages can name what earlier ones created
 * ({@code c1}, {@code l2}, {@code r3}, {@code p4}). The wording varies with a second seed (the prompt), so a
 * revision or a regeneration reads differently. Output format: docs/generation-format.md.
 */
final class OfflineStory {
    static final String FORMAT = "fabula.generation/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lexicon words;
    private final String seed;
    private final SplittableRandom wording;
    private final Skeleton skeleton;

    OfflineStory(Lexicon words, String seed, long wordingSeed) {
        this.words = words;
        this.seed = seed;
        this.wording = new SplittableRandom(wordingSeed);
        this.skeleton = new Skeleton(words, new SplittableRandom(hash(seed + "\u0000" + words.language())));
    }

    /** FNV-1a, 64 bit: stable across JVMs and releases (unlike {@code String.hashCode} mixing, it spreads short seeds). */
    static long hash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    ObjectNode stage(Stage stage) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("stage", stage.name());
        root.put("language", words == Lexicon.CHINESE ? "zh" : "en");
        switch (stage) {
            case CONCEPT -> concept(root);
            case THEME -> theme(root);
            case WORLD -> world(root);
            case CHARACTERS -> characters(root);
            case PLOT -> plot(root);
            case DETAILS -> details(root);
        }
        return root;
    }

    private void concept(ObjectNode root) {
        root.put("title", skeleton.title);
        root.put("genre", skeleton.genre);
        root.put("tone", pick(words.tones()));
        root.put("logline", fill(pick(words.loglines()), 0, 1, 0));
        root.put("premise", fill(pick(words.premises()), 0, 1, 0));
        root.put("seed", seed);
        root.put("summary", skeleton.title + " — " + skeleton.genre);
    }

    private void theme(ObjectNode root) {
        ArrayNode themes = root.putArray("themes");
        for (String[] theme : skeleton.themes) {
            themes.addObject().put("name", theme[0]).put("statement", theme[1]);
        }
        root.put("central_question", pick(words.questions()));
        root.put("summary", skeleton.themes.get(0)[0]);
    }

    private void world(ObjectNode root) {
        ObjectNode setting = root.putObject("setting");
        setting.put("era", skeleton.era);
        setting.put("summary", fill(pick(words.placeDescriptions()), 0, 1, 0));
        ArrayNode locations = root.putArray("locations");
        for (int i = 0; i < skeleton.places.size(); i++) {
            locations.addObject().put("id", "l" + (i + 1)).put("name", skeleton.places.get(i))
                    .put("description", skeleton.places.get(i) + words.separator() + pick(words.placeDescriptions()));
        }
        ArrayNode rules = root.putArray("world_rules");
        for (int i = 0; i < skeleton.rules.size(); i++) {
            String[] rule = skeleton.rules.get(i);
            ObjectNode node = rules.addObject().put("id", "r" + (i + 1)).put("name", rule[0]).put("statement", rule[1]);
            node.putArray("requires").add(skeleton.requires.get(i));
            node.putArray("forbids").add(skeleton.forbids.get(i));
            ArrayNode governs = node.putArray("governs");
            skeleton.governs.get(i).forEach(place -> governs.add("l" + (place + 1)));
            node.putArray("conflicts_with");
        }
        root.put("summary", skeleton.era);
    }

    private void characters(ObjectNode root) {
        ArrayNode characters = root.putArray("characters");
        int count = skeleton.names.size();
        for (int i = 0; i < count; i++) {
            int other = (i + 1) % count;
            int home = skeleton.homes.get(i);
            ObjectNode character = characters.addObject()
                    .put("id", "c" + (i + 1))
                    .put("name", skeleton.names.get(i))
                    .put("role", i < words.roles().size() ? words.roles().get(i) : words.roles().get(words.roles().size() - 1));
            character.put("appearance", fill(pick(words.appearances()), i, other, home));
            character.put("personality", fill(pick(words.personalities()), i, other, home));
            character.put("background", fill(pick(words.backgrounds()), i, other, home));
            character.put("motivation", fill(pick(words.motivations()), i, other, home));
            character.put("goal", fill(pick(words.goals()), i, other, home));
            character.put("obstacle", fill(pick(words.obstacles()), i, other, home));
            character.put("arc", fill(pick(words.arcs()), i, other, home));
            character.put("secret", fill(pick(words.secrets()), i, other, home));
            character.put("location", "l" + (home + 1));
            character.putArray("tags").add(skeleton.traits.get(i));
            character.putArray("relations").addObject()
                    .put("to", "c" + (other + 1))
                    .put("type", skeleton.relationTypes.get(i))
                    .put("strength", skeleton.strengths.get(i));
        }
        root.put("summary", String.join(", ", skeleton.names));
    }

    private void plot(ObjectNode root) {
        ArrayNode nodes = root.putArray("plot_nodes");
        int count = skeleton.beats.size();
        int people = skeleton.names.size();
        for (int i = 0; i < count; i++) {
            String[] beat = words.beats().get(skeleton.beats.get(i));
            int who = i % 3 == 2 ? 1 + (i % (people - 1)) : 0; // the protagonist carries most beats
            int other = who == 0 ? 1 + (i % (people - 1)) : 0;
            int place = i % skeleton.places.size();
            ObjectNode node = nodes.addObject()
                    .put("id", "p" + (i + 1))
                    .put("title", beat[0])
                    .put("summary", fill(beat[1], who, other, place))
                    .put("location", "l" + (place + 1));
            node.putArray("characters").add("c" + (who + 1)).add("c" + (other + 1));
            node.putArray("tags").add(act(i, count));
            ArrayNode next = node.putArray("next");
            if (i + 1 < count) {
                next.add("p" + (i + 2));
            }
        }
        root.put("summary", skeleton.title + ": " + count);
    }

    private void details(ObjectNode root) {
        ArrayNode details = root.putArray("details");
        int count = 4 + wording.nextInt(3);
        List<String> pool = new ArrayList<>(words.details());
        for (int i = 0; i < count && !pool.isEmpty(); i++) {
            int place = i % skeleton.places.size();
            String text = fill(pool.remove(wording.nextInt(pool.size())), 0, 1, place);
            ObjectNode detail = details.addObject()
                    .put("id", "d" + (i + 1))
                    .put("kind", words.detailKinds().get(i % words.detailKinds().size()))
                    .put("text", text);
            detail.putArray("refs").add("l" + (place + 1));
        }
        root.put("opening_line", fill(pick(words.openingLines()), 0, 1, 0));
        root.put("summary", root.path("opening_line").asText());
    }

    private static String act(int index, int count) {
        double position = (double) index / (count - 1);
        return position < 0.25 ? "setup" : position < 0.75 ? "confrontation" : position < 1.0 ? "climax" : "resolution";
    }

    String fill(String template, int who, int other, int place) {
        String text = template
                .replace("{seed}", seed)
                .replace("{name}", skeleton.names.get(who))
                .replace("{other}", skeleton.names.get(other % skeleton.names.size()))
                .replace("{place}", skeleton.places.get(place % skeleton.places.size()))
                .replace("{title}", skeleton.title);
        // a seed written in lower case may open the sentence
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private String pick(List<String> options) {
        return options.get(wording.nextInt(options.size()));
    }

    /** Everything that must be the same in every stage of one story. */
    private static final class Skeleton {
        final String title;
        final String genre;
        final String era;
        final List<String[]> themes;
        final List<String> places;
        final List<String[]> rules;
        final List<String> requires = new ArrayList<>();
        final List<String> forbids = new ArrayList<>();
        final List<List<Integer>> governs = new ArrayList<>();
        final List<String> names;
        final List<Integer> homes = new ArrayList<>();
        final List<String> traits = new ArrayList<>();
        final List<String> relationTypes = new ArrayList<>();
        final List<Double> strengths = new ArrayList<>();
        final List<Integer> beats;

        Skeleton(Lexicon words, SplittableRandom random) {
            String separator = words.separator();
            title = one(words.titleHeads(), random) + separator + one(words.titleTails(), random);
            genre = one(words.genres(), random);
            era = one(words.eras(), random);
            themes = some(words.themes(), 2 + random.nextInt(2), random);
            List<String> heads = some(words.placeHeads(), 3 + random.nextInt(2), random);
            places = new ArrayList<>();
            for (String head : heads) {
                places.add(head + separator + one(words.placeKinds(), random));
            }
            rules = some(words.rules(), 3 + random.nextInt(2), random);
            for (int i = 0; i < rules.size(); i++) {
                requires.add(one(words.requirements(), random).toLowerCase(Locale.ROOT));
                forbids.add(one(words.forbiddenActs(), random).toLowerCase(Locale.ROOT));
                // the first rule holds everywhere; the others govern one or two places
                List<Integer> governed = new ArrayList<>();
                if (i > 0) {
                    governed.add(random.nextInt(places.size()));
                    int second = random.nextInt(places.size());
                    if (!governed.contains(second)) {
                        governed.add(second);
                    }
                }
                governs.add(governed);
            }
            int people = 3 + random.nextInt(4);
            List<String> given = some(words.givenNames(), people, random);
            names = new ArrayList<>();
            for (String name : given) {
                names.add(words == Lexicon.CHINESE ? name : name + " " + one(words.familyNames(), random));
            }
            for (int i = 0; i < people; i++) {
                homes.add(i % places.size());
                traits.add(one(words.traits(), random).toLowerCase(Locale.ROOT));
                relationTypes.add(one(words.relationTypes(), random));
                strengths.add(Math.round((0.3 + 0.6 * random.nextDouble()) * 100) / 100.0);
            }
            // 8 to 10 beats in story order, always the first and the last
            int total = words.beats().size();
            int count = 8 + random.nextInt(3);
            List<Integer> middle = new ArrayList<>();
            for (int i = 1; i < total - 1; i++) {
                middle.add(i);
            }
            List<Integer> chosen = some(middle, count - 2, random);
            chosen.sort(Integer::compare);
            beats = new ArrayList<>();
            beats.add(0);
            beats.addAll(chosen);
            beats.add(total - 1);
        }

        private static <T> T one(List<T> options, SplittableRandom random) {
            return options.get(random.nextInt(options.size()));
        }

        private static <T> List<T> some(List<T> options, int count, SplittableRandom random) {
            List<T> pool = new ArrayList<>(options);
            List<T> chosen = new ArrayList<>();
            while (chosen.size() < count && !pool.isEmpty()) {
                chosen.add(pool.remove(random.nextInt(pool.size())));
            }
            return chosen;
        }
    }
}
