package io.relationshippolicy.relationship;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** Relationships and grants through their repositories on PostgreSQL. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationshipRepositoriesPostgresTest extends RelationshipRepositoriesTest implements OnPostgres {
}
