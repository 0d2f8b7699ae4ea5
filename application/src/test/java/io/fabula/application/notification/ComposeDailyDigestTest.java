package io.fabula.application.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.switches.Switch;
import io.fabula.domain.id.UserId;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the digest is composed and what it asks the store for (the grouping itself is tested on PostgreSQL). */
class ComposeDailyDigestTest {

    record Call(UserId user, LocalDate day, Instant cutoff, boolean includeImmediate) { }

    private final List<Call> calls = new ArrayList<>();
    private final RecordingSwitches switches = new RecordingSwitches();
    private final DigestStore store = new DigestStore() {
        @Override
        public List<UserId> usersWithWaitingMail(Instant cutoff, boolean includeImmediate) {
            return List.of(Fixtures.LIN);
        }

        @Override
        public Optional<NewNotification> compose(UserId user, LocalDate day, Instant cutoff, boolean includeImmediate,
                                                 Composer compose) {
            calls.add(new Call(user, day, cutoff, includeImmediate));
            Recipient lin = new Recipient(user, "Lin", new Preferences("en", Map.of()));
            return Optional.of(compose.digest(lin, List.of(Fixtures.mail(NotificationKind.SESSION_FINISHED, cutoff))));
        }
    };
    private final NotificationPolicy policy = new NotificationPolicy(new Links(URI.create("https://fabula.example/")),
            Fixtures::nextId);

    private ComposeDailyDigest at(String instant) {
        return new ComposeDailyDigest(store, policy, switches, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), 8);
    }

    @Test
    void nothing_is_composed_before_the_digest_hour() {
        assertThat(at("2026-11-23T07:59:59Z").handle()).isZero();
        assertThat(calls).isEmpty();
    }

    @Test
    void from_the_digest_hour_the_days_digest_groups_what_waited_until_now() {
        assertThat(at("2026-11-23T08:00:00Z").handle()).isEqualTo(1);
        assertThat(calls).containsExactly(new Call(Fixtures.LIN, LocalDate.parse("2026-11-23"),
                Instant.parse("2026-11-23T08:00:00Z"), false));
    }

    @Test
    void a_process_composes_a_day_once_and_the_next_day_again() {
        Instant[] now = {Instant.parse("2026-11-23T09:00:00Z")};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        ComposeDailyDigest digest = new ComposeDailyDigest(store, policy, switches, clock, 8);

        digest.handle();
        digest.handle();
        now[0] = Instant.parse("2026-11-24T08:30:00Z");
        digest.handle();

        assertThat(calls).extracting(Call::day)
                .containsExactly(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-24"));
    }

    @Test
    void with_IMMEDIATE_ENABLED_off_immediate_mails_go_into_the_digest_too() {
        switches.set(Switch.IMMEDIATE_ENABLED, false);
        at("2026-11-23T10:00:00Z").handle();
        assertThat(calls).singleElement().extracting(Call::includeImmediate).isEqualTo(true);
    }
}
