package io.relationshippolicy.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;

/**
 * One running instance of the service on a port of its own, as a deployment would run it: its own
 * application context, connection pool, rules engine and caches. Several of them on one database are a
 * scaled-out installation.
 */
public final class ServiceInstance implements AutoCloseable {

    private final EmbeddedServer server;
    private final HttpClient client;
    private final Api api;

    private ServiceInstance(EmbeddedServer server) {
        this.server = server;
        this.client = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
        this.api = new Api(client);
    }

    /** Starts an instance in the test environment with these properties on top (typically the datasource). */
    public static ServiceInstance start(Map<String, ?> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("micronaut.server.port", -1);
        ApplicationContext context = ApplicationContext.builder().environments("test").deduceEnvironment(false)
                .properties(all).start();
        return new ServiceInstance(context.getBean(EmbeddedServer.class).start());
    }

    public Api api() {
        return api;
    }

    public HttpClient client() {
        return client;
    }

    public int port() {
        return server.getPort();
    }

    public <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    @Override
    public void close() {
        client.close();
        server.getApplicationContext().close();
    }
}
