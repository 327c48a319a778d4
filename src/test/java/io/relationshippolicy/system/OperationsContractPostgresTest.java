package io.relationshippolicy.system;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** Health and the OpenAPI document with the service on PostgreSQL. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsContractPostgresTest extends OperationsContractTest implements OnPostgres {
}
