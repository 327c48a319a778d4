package io.relationshippolicy.policy;

import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every command written into the decision log reads back as the same command, and the input of an entry
 * logged before commands had types (the shape the services wrote by hand) decodes and encodes to the very
 * same map, so stored entries keep their bytes, their hashes and their replay.
 */
class CommandCodecTest {

    private static final Partner CONTOSO = new Partner("P-CONTOSO", "Contoso", Cloud.PUBLIC, Program.CSP);
    private static final Partner TAILSPIN = new Partner("P-TAILSPIN", "Tailspin", Cloud.PUBLIC, Program.NON_CSP);
    private static final CustomerWorld WORLD = new CustomerWorld(new Customer("C-NORTHWIND", "Northwind", Cloud.PUBLIC),
            List.of(CONTOSO, TAILSPIN),
            List.of(Relationship.active("P-CONTOSO", "C-NORTHWIND")),
            List.of(new Grant("P-CONTOSO", "C-NORTHWIND", "AZURE", true, true)),
            List.of(new Subscription("S-1", "C-NORTHWIND", "AZURE", "P-CONTOSO")));

    private static List<PolicyCommand> commands() {
        return List.of(
                new PolicyCommand.IssueLink(CONTOSO),
                new PolicyCommand.CheckEmail(CONTOSO, "sha256:masked", true),
                new PolicyCommand.Accept(RelationshipPolicy.acceptanceFacts(WORLD, TAILSPIN), TAILSPIN, "http://x/accept?l=1",
                        LinkStatus.VALID, true, List.of("AZURE", "INTUNE")),
                new PolicyCommand.Accept(RelationshipPolicy.acceptanceFacts(WORLD, null), null, "garbage", LinkStatus.MALFORMED, false,
                        List.of("AZURE")),
                new PolicyCommand.RemoveDelegatedAdmin(RelationshipPolicy.removalFacts(WORLD), "P-CONTOSO", List.of("AZURE"), true),
                new PolicyCommand.RemoveDelegatedAdmin(RelationshipPolicy.removalFacts(WORLD), null, List.of(), false),
                new PolicyCommand.Renegotiate(WORLD, "P-CONTOSO", Side.CUSTOMER),
                new PolicyCommand.Authorize(WORLD, CONTOSO, new AuthorizationRequest("P-CONTOSO", "C-NORTHWIND", Action.BILLING, null, "S-1")));
    }

    @Test
    void everyCommandReadsBackAsItWasWritten() {
        for (PolicyCommand command : commands()) {
            Map<String, Object> input = CommandCodec.encode(command);
            PolicyCommand read = CommandCodec.decode(command.kind(), input);
            assertEquals(input, CommandCodec.encode(read), command.kind().name());
            assertEquals(command.kind(), read.kind());
        }
    }

    @Test
    void anInputLoggedBeforeCommandsHadTypesKeepsItsShape() {
        // as the authorization service wrote it by hand
        Map<String, Object> legacy = WorldCodec.map("request", WorldCodec.map("partnerId", "P-CONTOSO", "customerId", "C-NORTHWIND",
                        "action", "BILLING", "service", null, "subscriptionId", "S-1"),
                "facts", WorldCodec.encode(WORLD));
        assertEquals(legacy, CommandCodec.encode(CommandCodec.decode(DecisionKind.AUTHORIZATION, legacy)));
        // as the acceptance service wrote it by hand
        Map<String, Object> accepted = WorldCodec.map("request", WorldCodec.map("customerId", "C-NORTHWIND", "link", "http://x",
                        "linkStatus", "VALID", "partnerId", "P-TAILSPIN", "actorIsCustomerAdmin", true, "services", List.of("AZURE")),
                "facts", WorldCodec.encode(RelationshipPolicy.acceptanceFacts(WORLD, TAILSPIN)));
        assertEquals(accepted, CommandCodec.encode(CommandCodec.decode(DecisionKind.ACCEPTANCE, accepted)));
        // as the renegotiation service wrote it by hand
        Map<String, Object> renegotiated = WorldCodec.map("request", WorldCodec.map("customerId", "C-NORTHWIND", "partnerId", "P-CONTOSO",
                "side", "PARTNER", "terminate", true), "facts", WorldCodec.encode(WORLD));
        assertEquals(renegotiated, CommandCodec.encode(CommandCodec.decode(DecisionKind.RENEGOTIATION, renegotiated)));
    }

    @Test
    void anInputThatCannotBeReadSaysWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(DecisionKind.AUTHORIZATION,
                WorldCodec.map("request", WorldCodec.map("partnerId", "P-GONE", "customerId", "C-NORTHWIND", "action", "BILLING"),
                        "facts", WorldCodec.encode(WORLD))));
        assertEquals("the recorded facts do not hold partner P-GONE", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(DecisionKind.LINK_ISSUED, Map.of("request", Map.of())));
    }
}
