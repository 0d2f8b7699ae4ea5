package io.fabula.application.notification;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailTemplatesTest {

    private final MailTemplates templates = new MailTemplates();

    /** Every placeholder any template uses, so each template can be rendered. */
    private static Map<String, Object> allValues() {
        Map<String, Object> values = new HashMap<>();
        values.put("name", "Lin");
        values.put("sessionTitle", "Tide");
        values.put("stage", "WORLD");
        values.put("reason", "the model kept failing");
        values.put("reviewUrl", "https://fabula.example/sessions/1/review");
        values.put("sessionUrl", "https://fabula.example/sessions/1");
        values.put("spentUsd", "40.00");
        values.put("limitUsd", "50.00");
        values.put("percent", "80");
        values.put("budgetUrl", "https://fabula.example/admin/budget");
        values.put("date", "2026-11-23");
        values.put("count", "2");
        values.put("items", List.of("WORLD of Tide awaits your review", "Tide is finished"));
        values.put("appUrl", "https://fabula.example/");
        values.put("unsubscribeUrl", "https://fabula.example/unsubscribe?token=t");
        return values;
    }

    static Stream<Arguments> every_kind_in_every_language() {
        return Arrays.stream(NotificationKind.values())
                .flatMap(kind -> Stream.of(Arguments.of(kind, Locale.ENGLISH), Arguments.of(kind, Locale.SIMPLIFIED_CHINESE)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("every_kind_in_every_language")
    void every_kind_renders_a_one_line_subject_both_bodies_and_the_unsubscribe_link_in_both_languages(
            NotificationKind kind, Locale locale) {
        RenderedMail mail = templates.render(kind, locale, allValues());

        assertThat(mail.subject()).isNotBlank().doesNotContain("\n").doesNotContain("{{");
        assertThat(mail.text()).isNotBlank().doesNotContain("{{").contains("https://fabula.example/unsubscribe?token=t");
        assertThat(mail.html()).startsWith("<!DOCTYPE html>").doesNotContain("{{")
                .contains("href=\"https://fabula.example/unsubscribe?token=t\"")
                .contains("<html lang=\"" + MailTemplates.languageOf(locale) + "\">");
    }

    @Test
    void writes_english_for_english_and_chinese_for_any_chinese_locale() {
        RenderedMail english = templates.render(NotificationKind.SESSION_FINISHED, Locale.ENGLISH, allValues());
        RenderedMail chinese = templates.render(NotificationKind.SESSION_FINISHED, Locale.TRADITIONAL_CHINESE, allValues());

        assertThat(english.subject()).isEqualTo("Fabula: \"Tide\" is finished");
        assertThat(chinese.subject()).isEqualTo("Fabula：《Tide》已完成");
        assertThat(chinese.text()).startsWith("Lin，您好：");
    }

    @Test
    void falls_back_to_english_for_a_language_without_templates() {
        RenderedMail french = templates.render(NotificationKind.SESSION_FINISHED, Locale.FRENCH, allValues());

        assertThat(french.subject()).isEqualTo("Fabula: \"Tide\" is finished");
    }

    @Test
    void escapes_every_value_inserted_into_html_but_not_into_the_plain_text() {
        Map<String, Object> values = allValues();
        values.put("sessionTitle", "<script>alert('x')</script> & \"Tide\"");
        values.put("reason", "<img src=x onerror=alert(1)>");

        RenderedMail mail = templates.render(NotificationKind.SESSION_FAILED, Locale.ENGLISH, values);

        assertThat(mail.html())
                .doesNotContain("<script>").doesNotContain("<img")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Tide&quot;")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(mail.text()).contains("<script>alert('x')</script> & \"Tide\"");
    }

    @Test
    void escapes_a_value_that_tries_to_leave_an_attribute() {
        Map<String, Object> values = allValues();
        values.put("unsubscribeUrl", "https://x.example/\" onclick=\"steal()");

        RenderedMail mail = templates.render(NotificationKind.SESSION_FINISHED, Locale.ENGLISH, values);

        assertThat(mail.html()).contains("href=\"https://x.example/&quot; onclick=&quot;steal()\"");
    }

    @Test
    void keeps_a_value_with_line_breaks_from_adding_a_line_to_the_subject() {
        Map<String, Object> values = allValues();
        values.put("sessionTitle", "Tide\r\nBcc: everyone@example.com");

        RenderedMail mail = templates.render(NotificationKind.SESSION_FINISHED, Locale.ENGLISH, values);

        assertThat(mail.subject()).isEqualTo("Fabula: \"Tide Bcc: everyone@example.com\" is finished");
    }

    @Test
    void renders_the_digest_items_as_lines_in_text_and_as_escaped_list_items_in_html() {
        Map<String, Object> values = allValues();
        values.put("items", List.of("WORLD of <Tide> awaits your review", "Tide is finished"));

        RenderedMail mail = templates.render(NotificationKind.DAILY_DIGEST, Locale.ENGLISH, values);

        assertThat(mail.subject()).isEqualTo("Fabula: your digest for 2026-11-23 (2)");
        assertThat(mail.text()).contains("- WORLD of <Tide> awaits your review\n- Tide is finished\n");
        assertThat(mail.html()).contains("<li>WORLD of &lt;Tide&gt; awaits your review</li>\n<li>Tide is finished</li>");
    }

    @Test
    void refuses_to_render_a_template_with_a_placeholder_left_without_a_value() {
        Map<String, Object> values = allValues();
        values.remove("reviewUrl");

        assertThatThrownBy(() -> templates.render(NotificationKind.STAGE_AWAITING_REVIEW, Locale.ENGLISH, values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{reviewUrl}}");
    }
}
