package io.safetywatcher.common.codec;

import java.util.function.Function;

/** The outcome of decoding one input: a valid value, or the precise reason it was refused. */
public sealed interface Decoded<T> {

    record Ok<T>(T value) implements Decoded<T> {}

    record Rejected<T>(Rejection rejection) implements Decoded<T> {}

    static <T> Decoded<T> ok(T value) { return new Ok<>(value); }

    static <T> Decoded<T> rejected(Reason reason, String detail) {
        return new Rejected<>(new Rejection(reason, detail));
    }

    default boolean isOk() { return this instanceof Ok; }

    /** The value; throws with the rejection as message when there is none. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("rejected input: " + rejection());
    }

    /** The rejection, or null for a valid value. */
    default Rejection rejection() {
        return this instanceof Rejected<T> r ? r.rejection() : null;
    }

    default <U> Decoded<U> map(Function<T, U> f) {
        return this instanceof Ok<T> ok ? new Ok<>(f.apply(ok.value())) : new Rejected<>(rejection());
    }
}
