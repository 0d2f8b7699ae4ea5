package io.fabula.application.notification;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user's notification settings: the language of their mails and one {@link Preference} per kind a user can
 * choose for. Kinds without a stored choice take {@link Preference#DEFAULT}.
 *
 * @param language {@code en} or {@code zh} (the languages the mail templates exist in)
 */
public record Preferences(String language, Map<NotificationKind, Preference> byKind) {

    /** The kinds a user chooses for; the digest itself is not one of them. */
    public static final Set<NotificationKind> CHOOSABLE = Set.of(NotificationKind.STAGE_AWAITING_REVIEW,
            NotificationKind.SESSION_FINISHED, NotificationKind.SESSION_FAILED, NotificationKind.BUDGET_WARNING);
    public static final Set<String> LANGUAGES = Set.of("en", "zh");

    public Preferences {
        Objects.requireNonNull(language, "language");
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES + ": " + language);
        }
        EnumMap<NotificationKind, Preference> complete = new EnumMap<>(NotificationKind.class);
        for (NotificationKind kind : CHOOSABLE) {
            complete.put(kind, Preference.DEFAULT);
        }
        (byKind == null ? Map.<NotificationKind, Preference>of() : byKind).forEach((kind, preference) -> {
            if (!CHOOSABLE.contains(kind)) {
                throw new IllegalArgumentException("no preference can be set for " + kind);
            }
            complete.put(kind, Objects.requireNonNull(preference, kind.name()));
        });
        byKind = Map.copyOf(complete);
    }

    public static Preferences defaults() {
        return new Preferences("en", Map.of());
    }

    public Preference of(NotificationKind kind) {
        return byKind.getOrDefault(kind, Preference.DEFAULT);
    }
}
