package io.relationshippolicy.authorization;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** The authorization contract on PostgreSQL: the same tests, the same migrations and SQL as on H2. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationContractPostgresTest extends AuthorizationContractTest implements OnPostgres {
}
