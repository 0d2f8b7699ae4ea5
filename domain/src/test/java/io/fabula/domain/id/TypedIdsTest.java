package io.fabula.domain.id;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class TypedIdsTest {
    private static final String UUID_TEXT = "01956a1e-0000-7000-8000-000000000001";

    @Test
    void uuid_ids_parse_and_print_their_uuid() {
        assertThat(SessionId.of(UUID_TEXT)).hasToString(UUID_TEXT);
        assertThat(UserId.of(UUID_TEXT)).hasToString(UUID_TEXT);
        assertThat(NovelId.of(UUID_TEXT)).hasToString(UUID_TEXT);
        assertThat(EventId.of(UUID_TEXT)).hasToString(UUID_TEXT);
        assertThat(SessionId.of(UUID_TEXT).value().toString()).isEqualTo(UUID_TEXT);
    }

    @Test
    void uuid_ids_refuse_what_is_not_a_uuid() {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionId.of("nope")).withMessageContaining("session id");
        assertThatIllegalArgumentException().isThrownBy(() -> UserId.of(null)).withMessage("user id is required");
        assertThatIllegalArgumentException().isThrownBy(() -> NovelId.of("1-2"));
        assertThatIllegalArgumentException().isThrownBy(() -> EventId.of(""));
        assertThatNullPointerException().isThrownBy(() -> new SessionId(null));
        assertThatNullPointerException().isThrownBy(() -> new UserId(null));
        assertThatNullPointerException().isThrownBy(() -> new NovelId(null));
        assertThatNullPointerException().isThrownBy(() -> new EventId(null));
    }

    @Test
    void text_ids_are_required_and_bounded() {
        assertThat(new CommandId("k-1")).hasToString("k-1");
        assertThat(new CorrelationId("c-1")).hasToString("c-1");
        assertThat(new CausationId("x")).hasToString("x");
        assertThat(CausationId.of(new CommandId("k-1")).value()).isEqualTo("k-1");
        assertThat(new CommandId("k".repeat(CommandId.MAX_LENGTH)).value()).hasSize(200);
        assertThatIllegalArgumentException().isThrownBy(() -> new CommandId(" ")).withMessage("command id is required");
        assertThatIllegalArgumentException().isThrownBy(() -> new CommandId(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new CorrelationId("c".repeat(201)))
                .withMessage("correlation id is longer than 200 characters");
        assertThatIllegalArgumentException().isThrownBy(() -> new CausationId(""));
    }
}
