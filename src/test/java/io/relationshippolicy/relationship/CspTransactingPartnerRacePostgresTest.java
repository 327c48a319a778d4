package io.relationshippolicy.relationship;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** The same race on PostgreSQL, where the row lock is PostgreSQL's own SELECT ... FOR UPDATE. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CspTransactingPartnerRacePostgresTest extends CspTransactingPartnerRaceTest implements OnPostgres {
}
