package io.relationshippolicy.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.DatabaseMetaData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Reports in /health (open without a token) whether the database answers, and which product and version it
 * is; unlike the framework's indicator it never shows the JDBC URL, which names hosts and databases.
 */
@Singleton
@Readiness
@Replaces(JdbcIndicator.class)
public class DatabaseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Database database;

    public DatabaseHealthIndicator(Database database, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.database = database;
        this.executorService = executor;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            database.read(c -> {
                DatabaseMetaData meta = c.getMetaData();
                details.put("database", meta.getDatabaseProductName());
                details.put("version", meta.getDatabaseProductVersion());
                if (!c.isValid(2)) {
                    throw new java.sql.SQLException("the connection did not answer");
                }
                return null;
            });
            healthStatus = HealthStatus.UP;
        } catch (RuntimeException unreachable) {
            healthStatus = HealthStatus.DOWN;
            details.clear();
            details.put("error", "the database does not answer; decisions are refused with 503 until it does");
        }
        return details;
    }

    @Override
    protected String getName() {
        return "jdbc";
    }
}
