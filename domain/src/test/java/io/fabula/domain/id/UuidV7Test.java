package io.fabula.domain.id;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UuidV7Test {
    private static final Instant NOW = Instant.parse("2025-03-01T09:30:00.123Z");

    @Test
    void lays_out_the_timestamp_version_and_variant_of_rfc_9562() {
        UUID uuid = UuidV7.of(NOW.toEpochMilli(), -1L, -1L);

        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
        assertThat(uuid.getMostSignificantBits() & 0x0FFFL).isEqualTo(0x0FFFL);
        assertThat(uuid.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL).isEqualTo(0x3FFF_FFFF_FFFF_FFFFL);
    }

    @Test
    void uses_only_the_random_bits_it_has_room_for() {
        UUID uuid = UuidV7.of(1L, 0L, 0L);

        assertThat(uuid).isEqualTo(UUID.fromString("00000000-0001-7000-8000-000000000000"));
    }

    @Test
    void the_same_clock_and_seed_give_the_same_ids() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        UuidV7 one = new UuidV7(clock, new SplittableRandom(1));
        UuidV7 other = new UuidV7(clock, new SplittableRandom(1));

        assertThat(one.get()).isEqualTo(other.get());
        assertThat(one.nextEventId()).isEqualTo(other.nextEventId()).isNotNull();
    }

    @Test
    void ids_created_later_sort_later() {
        UUID earlier = new UuidV7(Clock.fixed(NOW, ZoneOffset.UTC), new SplittableRandom(3)).get();
        UUID later = new UuidV7(Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC), new SplittableRandom(4)).get();

        assertThat(earlier.toString()).isLessThan(later.toString());
    }

    @Test
    void refuses_a_timestamp_outside_48_bits() {
        assertThatIllegalArgumentException().isThrownBy(() -> UuidV7.of(-1L, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> UuidV7.of(1L << 48, 0, 0));
        assertThat(UuidV7.of((1L << 48) - 1, 0, 0).version()).isEqualTo(7);
        assertThat(UuidV7.of(0L, 0, 0)).isEqualTo(new UUID(0x7000L, 0x8000_0000_0000_0000L));
    }

    @Test
    void the_secure_generator_shared_by_eight_threads_never_repeats_an_id() throws Exception {
        UuidV7 ids = UuidV7.secure(Clock.fixed(NOW, ZoneOffset.UTC));
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        seen.add(ids.get());
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(seen).hasSize(80_000);
        assertThat(seen).allSatisfy(uuid -> assertThat(uuid.version()).isEqualTo(7));
    }
}
