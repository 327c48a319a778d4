package io.relationshippolicy.system;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** Idempotency keys through their repository, and their part in the caller's transaction, on PostgreSQL. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyKeyRepositoryPostgresTest extends IdempotencyKeyRepositoryTest implements OnPostgres {
}
