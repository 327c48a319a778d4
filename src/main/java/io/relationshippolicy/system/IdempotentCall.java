package io.relationshippolicy.system;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.propagation.PropagatedContextElement;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call its caller made safe to retry with an idempotency key: the key, a fingerprint of what was asked (a retry
 * must ask exactly the same), and the language the caller reads answers in. Whoever receives the request puts it
 * in the propagated context ({@link IdempotencyFilter} does for the API); the one {@link Idempotent} service method
 * the request reaches takes it. Once that method has returned, the call says whether its result was the one
 * remembered from the first call with the key, and in which language that first answer was given, so the answer is
 * rendered as it was then.
 */
public final class IdempotentCall implements PropagatedContextElement {

    private final String key;
    private final String fingerprint;
    private final Locale language;
    private final AtomicBoolean taken = new AtomicBoolean();
    private volatile Locale replayedIn;

    /** {@code fingerprint}: at most 80 characters that differ whenever the request does, such as a digest of it. */
    public IdempotentCall(String key, String fingerprint, Locale language) {
        this.key = key;
        this.fingerprint = fingerprint;
        this.language = language;
    }

    /** The call the current request carries, if it carries a key. */
    public static Optional<IdempotentCall> current() {
        return PropagatedContext.getOrEmpty().find(IdempotentCall.class);
    }

    /**
     * The language the answer to the current request is rendered in: the one {@code acceptLanguage} asks for, or,
     * when the result is replayed for a key, the language of the first answer.
     */
    public static Locale answerLanguage(String acceptLanguage) {
        return current().map(IdempotentCall::answerLanguage).orElseGet(() -> Messages.resolve(acceptLanguage));
    }

    public String key() {
        return key;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** The language the caller asked for. */
    public Locale language() {
        return language;
    }

    public boolean replayed() {
        return replayedIn != null;
    }

    /** The language of the answer: the first answer's when replayed, else the one the caller asked for. */
    public Locale answerLanguage() {
        Locale replayed = replayedIn;
        return replayed != null ? replayed : language;
    }

    /** One request, one state-changing call: a second call with the same key would replay the first one's result. */
    void take(String method) {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException(method + " is a second @Idempotent call for one idempotency key in one request");
        }
    }

    void replayedIn(Locale firstAnswerLanguage) {
        this.replayedIn = firstAnswerLanguage;
    }
}
