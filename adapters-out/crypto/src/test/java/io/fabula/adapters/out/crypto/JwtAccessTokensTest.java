package io.fabula.adapters.out.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.auth.AccessTokens;
import io.fabula.application.auth.Identity;
import io.fabula.application.auth.Role;
import io.fabula.domain.id.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwtAccessTokensTest {
    private static final String SECRET = "unit-test-secret-0123456789-0123456789";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final JwtAccessTokens tokens = new JwtAccessTokens(SECRET, "fabula", Duration.ofHours(24));
    private final Identity ada = new Identity(new UserId(UUID.randomUUID()), Role.ADMIN);

    @Test
    void a_token_proves_its_identity_until_it_expires_24_hours_later() {
        AccessTokens.Issued issued = tokens.issue(ada, NOW);

        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(tokens.verify(issued.token(), NOW.plusSeconds(60))).contains(ada);
        assertThat(tokens.verify(issued.token(), NOW.plus(Duration.ofHours(24)))).isEmpty();
    }

    @Test
    void a_token_signed_with_another_key_or_from_another_issuer_is_refused() {
        String otherKey = new JwtAccessTokens("another-secret-0123456789-0123456789", "fabula", Duration.ofHours(1))
                .issue(ada, NOW).token();
        String otherIssuer = new JwtAccessTokens(SECRET, "someone-else", Duration.ofHours(1)).issue(ada, NOW).token();

        assertThat(tokens.verify(otherKey, NOW)).isEmpty();
        assertThat(tokens.verify(otherIssuer, NOW)).isEmpty();
    }

    @Test
    void an_unsigned_token_with_alg_none_is_refused() {
        String[] parts = tokens.issue(ada, NOW).token().split("\\.");
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(header + "." + parts[1] + ".", NOW)).isEmpty();
        assertThat(tokens.verify("garbage", NOW)).isEmpty();
        assertThat(tokens.verify(null, NOW)).isEmpty();
    }

    @Test
    void a_key_shorter_than_256_bits_is_refused_at_start_up() {
        assertThatThrownBy(() -> new JwtAccessTokens("too-short", "fabula", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }
}
