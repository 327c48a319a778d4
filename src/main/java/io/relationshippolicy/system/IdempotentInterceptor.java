package io.relationshippolicy.system;

import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import jakarta.inject.Singleton;

import java.util.Optional;

/** The advice of {@link Idempotent}: a call that carries a key goes through {@link Idempotency#once}. */
@Singleton
@InterceptorBean(Idempotent.class)
class IdempotentInterceptor implements MethodInterceptor<Object, Object> {

    private final Idempotency idempotency;

    IdempotentInterceptor(Idempotency idempotency) {
        this.idempotency = idempotency;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        Optional<IdempotentCall> call = IdempotentCall.current();
        if (call.isEmpty()) {
            return context.proceed();
        }
        String method = context.getDeclaringType().getSimpleName() + "." + context.getMethodName();
        call.get().take(method);
        return idempotency.once(requester(context, method), call.get(), context.getReturnType().asArgument(), context::proceed);
    }

    private static Requester requester(MethodInvocationContext<Object, Object> context, String method) {
        for (Object argument : context.getParameterValues()) {
            if (argument instanceof Requester requester) {
                return requester;
            }
        }
        throw new IllegalStateException(method + " is @Idempotent but names no Requester: whose key would it be?");
    }
}
