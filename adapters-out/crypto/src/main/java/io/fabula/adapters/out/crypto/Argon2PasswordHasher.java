package io.fabula.adapters.out.crypto;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.fabula.application.auth.PasswordHasher;

/**
 * Argon2id with OWASP's first recommended parameters (19 MiB, 2 iterations, 1 lane, 16-byte salt,
 * 32-byte hash). The encoded PHC string carries them, so a hash made with other parameters is still
 * verified with its own.
 */
public final class Argon2PasswordHasher implements PasswordHasher {
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_LENGTH = 32;
    private static final int SALT_LENGTH = 16;

    private final Argon2Function function =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH, Argon2.ID);

    @Override
    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_LENGTH).with(function).getResult();
    }

    @Override
    public boolean matches(String password, String encodedHash) {
        if (password == null || encodedHash == null || !encodedHash.startsWith("$argon2id$")) {
            return false;
        }
        try {
            return Password.check(password, encodedHash).with(Argon2Function.getInstanceFromHash(encodedHash));
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
