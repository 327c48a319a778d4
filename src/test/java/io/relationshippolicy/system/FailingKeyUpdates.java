package io.relationshippolicy.system;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The real idempotency-key repository, failing to record a result when the key asks for it: the failure comes after
 * the service has decided, changed state and appended the decision to the log, just before the commit, as a crash
 * there would. Present only in the test that switches it on.
 */
@Singleton
@Requires(property = "test.failing-key-updates", value = "true")
class FailingKeyUpdates implements BeanCreatedEventListener<IdempotencyKeyRepository> {

    static final String PREFIX = "fail-before-commit-";

    @Override
    public IdempotencyKeyRepository onCreated(BeanCreatedEvent<IdempotencyKeyRepository> event) {
        IdempotencyKeyRepository real = event.getBean();
        return (IdempotencyKeyRepository) Proxy.newProxyInstance(IdempotencyKeyRepository.class.getClassLoader(),
                new Class<?>[]{IdempotencyKeyRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("update") && args != null && args.length == 3
                            && args[0] instanceof IdempotencyKeyRow.Key key && key.idempotencyKey().startsWith(PREFIX)) {
                        throw new IllegalStateException("the instance stopped after the decision, before its commit");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
