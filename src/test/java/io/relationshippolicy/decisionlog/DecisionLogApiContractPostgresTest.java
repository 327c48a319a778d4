package io.relationshippolicy.decisionlog;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** The decision log's API contract on PostgreSQL, where its queries are written differently to keep their plans. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionLogApiContractPostgresTest extends DecisionLogApiContractTest implements OnPostgres {
}
