package io.fabula.application.auth;

/** One-way password hashing with a slow, salted, memory-hard function. */
public interface PasswordHasher {

    /** The encoded hash, with algorithm, parameters and salt, ready to store. */
    String hash(String password);

    /** Whether the password matches the encoded hash; false (never an exception) for a malformed hash. */
    boolean matches(String password, String encodedHash);
}
