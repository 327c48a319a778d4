package io.relationshippolicy.support;

import io.micronaut.test.support.TestPropertyProvider;

import java.util.Map;

/**
 * Runs a {@code @MicronautTest} class on PostgreSQL instead of H2: the class gets a database of its own on
 * the shared embedded server. Use it to run an H2 test class on PostgreSQL too:
 * <pre>
 * &#64;MicronautTest(environments = "test", transactional = false)
 * &#64;TestInstance(TestInstance.Lifecycle.PER_CLASS)   // Micronaut reads the properties from the instance
 * class SomeContractPostgresTest extends SomeContractTest implements OnPostgres {
 * }
 * </pre>
 */
public interface OnPostgres extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        return PostgresServer.onSharedServer(getClass().getSimpleName());
    }
}
