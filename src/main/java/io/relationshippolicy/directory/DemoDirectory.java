package io.relationshippolicy.directory;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.system.Database;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small directory loaded on the first start of an empty database, so the README walk-through works
 * at once. Turn it off with {@code POLICY_DEMO_DATA_ENABLED=false}.
 */
@Singleton
@Requires(property = "policy.demo-data.enabled", value = "true", defaultValue = "false")
public class DemoDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDirectory.class);

    private final Database database;
    private final DirectoryStore store;

    public DemoDirectory(Database database, DirectoryStore store) {
        this.database = database;
        this.store = store;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        boolean loaded = database.write(c -> {
            if (store.anyPartner()) {
                return false;
            }
            store.upsertPartner(new Partner("P-CONTOSO", "Contoso Cloud Services", Cloud.PUBLIC, Program.CSP));
            store.upsertPartner(new Partner("P-FABRIKAM", "Fabrikam Resellers", Cloud.PUBLIC, Program.CSP));
            store.upsertPartner(new Partner("P-TAILSPIN", "Tailspin Advisors", Cloud.PUBLIC, Program.NON_CSP));
            store.upsertPartner(new Partner("P-BERLIN", "Berlin Cloud Partner", Cloud.GERMANY, Program.CSP));
            store.upsertCustomer(new Customer("C-NORTHWIND", "Northwind Traders", Cloud.PUBLIC));
            store.upsertCustomer(new Customer("C-MUNICH", "Munich Motors", Cloud.GERMANY));
            store.upsertSubscription(new Subscription("S-M365-001", "C-NORTHWIND", "MICROSOFT_365", "P-CONTOSO"));
            store.upsertSubscription(new Subscription("S-AZURE-001", "C-NORTHWIND", "AZURE", null));
            return true;
        });
        if (loaded) {
            LOG.info("Loaded the demo directory: partners P-CONTOSO, P-FABRIKAM, P-TAILSPIN, P-BERLIN; customers C-NORTHWIND, C-MUNICH");
        }
    }
}
