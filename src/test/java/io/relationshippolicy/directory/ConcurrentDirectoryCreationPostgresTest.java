package io.relationshippolicy.directory;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** The same race on PostgreSQL, where a failed insert would otherwise abort the whole transaction. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentDirectoryCreationPostgresTest extends ConcurrentDirectoryCreationTest implements OnPostgres {
}
