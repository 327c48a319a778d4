package io.relationshippolicy.system;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** Idempotency keys on PostgreSQL, where concurrent retries meet at the key's primary key. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyKeyContractPostgresTest extends IdempotencyKeyContractTest implements OnPostgres {
}
