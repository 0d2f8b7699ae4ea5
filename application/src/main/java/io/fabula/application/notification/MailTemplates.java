package io.fabula.application.notification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notification mails in English and Chinese, as templates on the classpath next to this class
 * ({@code templates/<kind>.<en|zh>.txt} and {@code .html}), filled in with {@code {{name}}} placeholders.
 *
 * <p>The first line of a {@code .txt} template is the subject, then one blank line, then the plain-text body.
 * Every value inserted into HTML is escaped, so a session title like {@code <script>} stays text; a value in the
 * subject loses its line breaks (one header line). A value that is a {@code List} renders as one line per item
 * ({@code - item}) in text and one {@code <li>} per item in HTML (the digest). A placeholder without a value is a
 * bug in the caller and fails loudly instead of sending a mail with a hole in it.
 *
 * <p>Rendering lives here, beside the {@link Mailer} port, so the sender hands the port a finished mail and the
 * SMTP adapter stays about SMTP. Immutable and thread-safe; templates are read once, at construction.
 */
public final class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9]*)}}");
    private static final List<String> LANGUAGES = List.of("en", "zh");

    private final Map<NotificationKind, Map<String, Template>> templates = new EnumMap<>(NotificationKind.class);

    private record Template(String subject, String text, String html) { }

    public MailTemplates() {
        for (NotificationKind kind : NotificationKind.values()) {
            Map<String, Template> byLanguage = new HashMap<>();
            for (String language : LANGUAGES) {
                String base = "templates/" + kind.template() + "." + language;
                String text = read(base + ".txt");
                int blank = text.indexOf("\n\n");
                if (blank < 0) {
                    throw new IllegalStateException(base + ".txt must start with a subject line and a blank line");
                }
                byLanguage.put(language, new Template(text.substring(0, blank).strip(), text.substring(blank + 2),
                        read(base + ".html")));
            }
            templates.put(kind, Map.copyOf(byLanguage));
        }
    }

    /**
     * Fills in the template of {@code kind} in the language of {@code locale} (Chinese for any {@code zh} locale,
     * English otherwise).
     *
     * @param values one value per placeholder: a {@code String} (or anything, via {@code toString}), or a
     *               {@code List} for a list of items
     * @throws IllegalArgumentException when a placeholder of the template has no value
     */
    public RenderedMail render(NotificationKind kind, Locale locale, Map<String, ?> values) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(values, "values");
        Template template = templates.get(kind).get(languageOf(locale));
        return new RenderedMail(
                fill(template.subject(), values, Format.SUBJECT),
                fill(template.text(), values, Format.TEXT),
                fill(template.html(), values, Format.HTML));
    }

    /** The language whose templates serve {@code locale}: {@code zh} or {@code en}. */
    public static String languageOf(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? "zh" : "en";
    }

    private enum Format { SUBJECT, TEXT, HTML }

    private static String fill(String template, Map<String, ?> values, Format format) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String name = m.group(1);
            if (!values.containsKey(name) || values.get(name) == null) {
                throw new IllegalArgumentException("no value for {{" + name + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(format(values.get(name), format)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String format(Object value, Format format) {
        if (value instanceof List<?> items) {
            StringBuilder list = new StringBuilder();
            for (Object item : items) {
                switch (format) {
                    case HTML -> list.append("<li>").append(escapeHtml(String.valueOf(item))).append("</li>\n");
                    case TEXT -> list.append("- ").append(String.valueOf(item).strip()).append('\n');
                    case SUBJECT -> list.append(list.length() == 0 ? "" : ", ").append(oneLine(String.valueOf(item)));
                }
            }
            return list.toString();
        }
        String text = String.valueOf(value);
        return switch (format) {
            case HTML -> escapeHtml(text);
            case TEXT -> text;
            case SUBJECT -> oneLine(text);
        };
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** Escapes the five characters that can end a text node or an attribute value in HTML. */
    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String read(String resource) {
        try (InputStream in = MailTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing mail template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mail template " + resource, e);
        }
    }
}
