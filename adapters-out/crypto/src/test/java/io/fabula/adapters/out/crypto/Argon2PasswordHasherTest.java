package io.fabula.adapters.out.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest {
    private final Argon2PasswordHasher hasher = new Argon2PasswordHasher();

    @Test
    void a_password_is_stored_as_a_salted_argon2id_hash_that_only_it_matches() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$").doesNotContain("correct horse battery");
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash);
        assertThat(hasher.matches("correct horse battery", hash)).isTrue();
        assertThat(hasher.matches("correct horse batterY", hash)).isFalse();
    }

    @Test
    void a_malformed_hash_matches_nothing_instead_of_throwing() {
        assertThat(hasher.matches("x", "$argon2id$garbage")).isFalse();
        assertThat(hasher.matches("x", "plain")).isFalse();
        assertThat(hasher.matches(null, null)).isFalse();
    }
}
