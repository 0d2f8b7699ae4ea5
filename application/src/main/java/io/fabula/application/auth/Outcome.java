package io.fabula.application.auth;

import io.fabula.domain.failure.Failure;
import java.util.Objects;

/** The answer of an account use case: the value asked for, or the failure why not (nothing written). */
public sealed interface Outcome<T> {

    record Ok<T>(T value) implements Outcome<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Refused<T>(Failure failure) implements Outcome<T> {
        public Refused {
            Objects.requireNonNull(failure, "failure");
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> refused(Failure failure) {
        return new Refused<>(failure);
    }
}
