package io.relationshippolicy.system;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the {@value Idempotency#HEADER} header on a route whose service call is {@link Idempotent}; the header
 * is read by {@link IdempotencyFilter}, not by the controller ({@link OpenApiAnswers} gives it its schema).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Parameter(in = ParameterIn.HEADER, name = Idempotency.HEADER,
        description = "Makes a retry safe: 1 to 255 visible ASCII characters, such as a UUID per operation. A retry with the "
                + "same key and request gets the original answer (header Idempotent-Replayed: true) and changes nothing; the "
                + "same key with another request is a 409.")
public @interface IdempotencyKeyHeader {
}
