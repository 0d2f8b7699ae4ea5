package io.fabula.application.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.stage.Stage;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which events notify, and which rows a notification becomes under each preference. */
class NotificationPolicyTest {

    private final NotificationPolicy policy = new NotificationPolicy(new Links(URI.create("https://fabula.example")),
            Fixtures::nextId);

    private static DomainEvent event(EventType type, Stage stage, Map<String, String> attributes) {
        return new DomainEvent(new EventId(Fixtures.nextId()), type, Fixtures.TIDE, 7, new CorrelationId("c-1"),
                new CausationId("cmd-1"), Instant.parse("2026-11-23T09:00:00Z"),
                new EventPayload(Fixtures.TIDE, new NovelId(UUID.randomUUID()), Fixtures.LIN, stage, null, 8.5, attributes),
                EventMetadata.current("/fabula/test", null));
    }

    private static Recipient lin(String language, Map<NotificationKind, Preference> preferences) {
        return new Recipient(Fixtures.LIN, "Lin", new Preferences(language, preferences));
    }

    private static Trigger awaitingReview() {
        return new Trigger(NotificationKind.STAGE_AWAITING_REVIEW, Fixtures.LIN, Fixtures.TIDE, Stage.WORLD, null);
    }

    @Nested
    class which_events_notify {

        @Test
        void a_review_that_passed_the_quality_gate_means_the_stage_awaits_the_writer() {
            Optional<Trigger> trigger = Trigger.of(event(EventType.REVIEW_COMPLETED, Stage.THEME,
                    Map.of(Attributes.VERDICT, "PROPOSE", Attributes.BAND, "PROPOSED")));
            assertThat(trigger).hasValue(new Trigger(NotificationKind.STAGE_AWAITING_REVIEW, Fixtures.LIN, Fixtures.TIDE,
                    Stage.THEME, ""));
        }

        @Test
        void the_world_stage_review_is_its_validation_event() {
            assertThat(Trigger.of(event(EventType.WORLD_VALIDATION_COMPLETED, Stage.WORLD,
                    Map.of(Attributes.VERDICT, "PROPOSE")))).map(Trigger::kind).hasValue(NotificationKind.STAGE_AWAITING_REVIEW);
        }

        @Test
        void a_review_that_sends_the_proposal_back_notifies_nobody() {
            assertThat(Trigger.of(event(EventType.REVIEW_COMPLETED, Stage.THEME, Map.of(Attributes.VERDICT, "REVISE"))))
                    .isEmpty();
            assertThat(Trigger.of(event(EventType.REVIEW_COMPLETED, Stage.THEME, Map.of(Attributes.VERDICT, "REGENERATE"))))
                    .isEmpty();
        }

        @Test
        void a_finished_session_notifies() {
            assertThat(Trigger.of(event(EventType.FINISHED, Stage.DETAILS, Map.of()))).map(Trigger::kind)
                    .hasValue(NotificationKind.SESSION_FINISHED);
        }

        @Test
        void a_failed_session_notifies_with_its_reason() {
            assertThat(Trigger.of(event(EventType.FAILED, Stage.PLOT,
                    Map.of(Attributes.REASON, "3 regenerations scored below 4.0", Attributes.FAILURE_KIND, "QUALITY_REJECTED"))))
                    .hasValueSatisfying(trigger -> {
                        assertThat(trigger.kind()).isEqualTo(NotificationKind.SESSION_FAILED);
                        assertThat(trigger.reason()).isEqualTo("3 regenerations scored below 4.0");
                    });
        }

        @ParameterizedTest
        @EnumSource(value = EventType.class, names = {"REVIEW_COMPLETED", "WORLD_VALIDATION_COMPLETED", "FINISHED", "FAILED"},
                mode = EnumSource.Mode.EXCLUDE)
        void no_other_event_notifies(EventType type) {
            Map<String, String> attributes = type == EventType.REGENERATION_REQUESTED
                    ? Map.of(Attributes.ATTEMPT, "1") : Map.of();
            assertThat(Trigger.of(event(type, Stage.THEME, attributes))).isEmpty();
        }
    }

    @Nested
    class preferences_decide_the_rows {

        @Test
        void by_default_a_writer_gets_an_in_app_notification_and_an_immediate_mail() {
            List<NewNotification> rows = policy.forSession(awaitingReview(), lin("en", Map.of()), Optional.of("Tide"));

            assertThat(rows).extracting(NewNotification::channel, NewNotification::delivery)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Channel.IN_APP, Delivery.IMMEDIATE),
                            org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, Delivery.IMMEDIATE));
            assertThat(rows).extracting(NewNotification::id).doesNotHaveDuplicates();
        }

        @Test
        void a_writer_who_chose_the_digest_for_a_kind_gets_the_mail_in_the_digest() {
            List<NewNotification> rows = policy.forSession(awaitingReview(),
                    lin("en", Map.of(NotificationKind.STAGE_AWAITING_REVIEW, new Preference(Delivery.DIGEST, true))),
                    Optional.of("Tide"));

            assertThat(rows).filteredOn(row -> row.channel() == Channel.EMAIL).singleElement()
                    .extracting(NewNotification::delivery).isEqualTo(Delivery.DIGEST);
        }

        @Test
        void a_writer_who_turned_mail_off_for_a_kind_gets_it_in_app_only() {
            List<NewNotification> rows = policy.forSession(awaitingReview(),
                    lin("en", Map.of(NotificationKind.STAGE_AWAITING_REVIEW, new Preference(Delivery.IMMEDIATE, false))),
                    Optional.of("Tide"));

            assertThat(rows).extracting(NewNotification::channel).containsExactly(Channel.IN_APP);
        }

        @Test
        void a_preference_for_one_kind_leaves_the_others_at_their_default() {
            Recipient recipient = lin("en", Map.of(NotificationKind.SESSION_FINISHED, new Preference(Delivery.IMMEDIATE, false)));
            assertThat(policy.forSession(awaitingReview(), recipient, Optional.of("Tide"))).hasSize(2);
        }

        @Test
        void the_digest_itself_is_not_a_kind_one_can_choose_for() {
            assertThatThrownBy(() -> new Preferences("en",
                    Map.of(NotificationKind.DAILY_DIGEST, new Preference(Delivery.IMMEDIATE, true))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DAILY_DIGEST");
        }

        @Test
        void only_english_and_chinese_are_languages() {
            assertThatThrownBy(() -> new Preferences("fr", Map.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class texts {

        @Test
        void the_in_app_title_and_the_mail_values_name_the_stage_and_the_session() {
            NewNotification row = policy.forSession(awaitingReview(), lin("en", Map.of()), Optional.of("Tide")).get(0);

            assertThat(row.title()).isEqualTo("Stage WORLD of \"Tide\" awaits your review");
            assertThat(row.params()).containsEntry("name", "Lin").containsEntry("sessionTitle", "Tide")
                    .containsEntry("reviewUrl", "https://fabula.example/sessions/" + Fixtures.TIDE + "/review?stage=world")
                    .containsEntry("unsubscribeUrl", "https://fabula.example/settings/notifications");
            new MailTemplates().render(row.kind(), java.util.Locale.ENGLISH, row.params()); // every placeholder has a value
        }

        @Test
        void a_chinese_writer_gets_chinese_texts_and_stage_names() {
            NewNotification row = policy.forSession(awaitingReview(), lin("zh", Map.of()), Optional.of("潮汐")).get(0);

            assertThat(row.title()).isEqualTo("《潮汐》的「世界观」阶段等待您的审阅");
            assertThat(row.language()).isEqualTo("zh");
        }

        @Test
        void a_long_seed_idea_is_shortened_to_one_line_for_the_title() {
            String seed = "A lighthouse keeper\nfinds a map that redraws itself every night, and follows it across a sea";
            NewNotification row = policy.forSession(awaitingReview(), lin("en", Map.of()), Optional.of(seed)).get(0);

            assertThat(row.params().get("sessionTitle").toString()).hasSize(NotificationPolicy.MAX_TITLE)
                    .startsWith("A lighthouse keeper finds").endsWith("…").doesNotContain("\n");
        }

        @Test
        void without_a_known_seed_the_session_is_called_your_session() {
            NewNotification row = policy.forSession(awaitingReview(), lin("en", Map.of()), Optional.empty()).get(0);
            assertThat(row.title()).contains("\"your session\"");
        }

        @Test
        void a_failed_session_carries_its_reason_into_the_body_and_the_mail() {
            Trigger failed = new Trigger(NotificationKind.SESSION_FAILED, Fixtures.LIN, Fixtures.TIDE, Stage.PLOT, "the model kept failing");
            NewNotification row = policy.forSession(failed, lin("en", Map.of()), Optional.of("Tide")).get(1);

            assertThat(row.body()).isEqualTo("the model kept failing");
            new MailTemplates().render(row.kind(), java.util.Locale.ENGLISH, row.params());
        }

        @Test
        void the_budget_warning_states_the_percentage_spent() {
            Recipient admin = lin("en", Map.of());
            NewNotification row = policy.forBudgetWarning(admin, new BigDecimal("40.5"), new BigDecimal("50")).get(1);

            assertThat(row.title()).isEqualTo("81 % of today's LLM budget is spent");
            assertThat(row.params()).containsEntry("spentUsd", "40.50").containsEntry("limitUsd", "50.00");
            new MailTemplates().render(row.kind(), java.util.Locale.ENGLISH, row.params());
        }

        @Test
        void the_digest_lists_every_waiting_title_and_renders_in_both_languages() {
            NewNotification digest = policy.digest(lin("zh", Map.of()), LocalDate.parse("2026-11-23"),
                    List.of("《潮汐》已完成", "《潮汐》的「情节」阶段等待您的审阅"));

            assertThat(digest.kind()).isEqualTo(NotificationKind.DAILY_DIGEST);
            assertThat(digest.channel()).isEqualTo(Channel.EMAIL);
            assertThat(digest.params()).containsEntry("count", "2");
            RenderedMail mail = new MailTemplates().render(digest.kind(), java.util.Locale.CHINESE, digest.params());
            assertThat(mail.text()).contains("- 《潮汐》已完成");
        }
    }
}
