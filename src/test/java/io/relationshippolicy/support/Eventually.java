package io.relationshippolicy.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something the service does in the background (a watcher, a reconnect, a check under way), asking
 * every 100 ms, and fails the test naming what it waited for once its patience runs out.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 100;

    private Eventually() {
    }

    public static void eventually(Duration patience, String what, BooleanSupplier condition) {
        eventually(patience, what, condition::getAsBoolean, ok -> ok);
    }

    /** The first value of {@code probe} that {@code accepted}, asked until {@code patience} runs out. */
    public static <T> T eventually(Duration patience, String what, Supplier<T> probe, Predicate<T> accepted) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            T value = probe.get();
            if (accepted.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + patience.toSeconds() + " s waiting for " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
