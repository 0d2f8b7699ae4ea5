package io.fabula.application.session;

import static io.fabula.application.session.Writer.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request hash that tells an honest retry (same hash) from a reused Idempotency-Key (another hash). */
class CommandFingerprintTest {
    private final Writer writer = new Writer();

    @Test
    void is_the_same_whatever_the_order_of_the_payload_fields_and_the_form_of_a_whole_number() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("stage", "CONCEPT");
        one.put("score", 9);
        one.put("findings", List.of("vivid", "short"));
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("findings", List.of("vivid", "short"));
        other.put("score", 9.0);
        other.put("stage", "concept");

        assertThat(fingerprint(new CommandRequest("RecordReview", one)))
                .isEqualTo(fingerprint(new CommandRequest("RecordReview", other)))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void ignores_the_metadata_an_honest_retry_may_change() {
        SessionCommand first = command(request("SubmitMessage", "text", "hello"), writer.meta("a", 1));
        SessionCommand retried = command(request("SubmitMessage", "text", "hello"), writer.meta("b", ExpectedVersion.any()));

        assertThat(CommandTable.fingerprint(first)).isEqualTo(CommandTable.fingerprint(retried));
    }

    @Test
    void changes_with_every_field_the_type_the_session_and_the_sender() {
        String base = fingerprint(request("RecordReview", "stage", "CONCEPT", "score", 9, "findings", List.of("a")));

        assertThat(List.of(
                fingerprint(request("RecordReview", "stage", "THEME", "score", 9, "findings", List.of("a"))),
                fingerprint(request("RecordReview", "stage", "CONCEPT", "score", 9.5, "findings", List.of("a"))),
                fingerprint(request("RecordReview", "stage", "CONCEPT", "score", 9, "findings", List.of("a", "b"))),
                fingerprint(request("RecordReview", "stage", "CONCEPT", "score", 9, "findings", List.of())),
                CommandTable.fingerprint(command(request("RecordReview", "stage", "CONCEPT", "score", 9,
                        "findings", List.of("a")), new Writer().meta("k", 1)))))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
        assertThat(fingerprint(request("SubmitMessage", "text", "a\"b")))
                .isNotEqualTo(fingerprint(request("SubmitMessage", "text", "a\\\"b")));
    }

    @Test
    void is_stable_across_releases_for_the_same_request() {
        Writer fixed = new Writer();
        SessionCommand command = command(request("SubmitMessage", "text", "hello"), fixed.meta("k", 1));
        String expected = sha256("fabula-command/1\n\"SubmitMessage\"\n" + fixed.session + "\n" + fixed.user
                + "\n{\"text\":\"hello\"}");

        assertThat(CommandTable.fingerprint(command)).isEqualTo(expected);
    }

    private String fingerprint(CommandRequest request) {
        return CommandTable.fingerprint(command(request, writer.meta("k", 1)));
    }

    private static SessionCommand command(CommandRequest request, io.fabula.domain.session.CommandMeta meta) {
        return request.toCommand(meta);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
