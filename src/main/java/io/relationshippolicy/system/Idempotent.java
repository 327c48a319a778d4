package io.relationshippolicy.system;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A state-changing service method that an idempotency key makes safe to retry. Called with an
 * {@link IdempotentCall} in the propagated context, the method runs in one transaction with the record of the key,
 * and its result is kept, language-neutral, in that record: the key and what the method changed and logged commit
 * together or not at all. A retry with the key gets the kept result back without running the method; see
 * {@link Idempotency}. Called without one, the method runs as written. The method takes the {@link Requester}
 * the key belongs to, and its result must be serialisable (it is read back as the method's return type).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Around
public @interface Idempotent {
}
