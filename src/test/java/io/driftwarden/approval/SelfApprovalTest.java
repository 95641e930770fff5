package io.driftwarden.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The approver who probably made the drift: the only approver among the actors, or the only actor an approver. */
class SelfApprovalTest {
    @Test
    void theOnlyApproverAmongTheActorsIsSelfApproved() {
        assertThat(SelfApproval.selfApproved(List.of("carol@example.com"), List.of("carol", "bob"), Map.of()))
                .isTrue();
        assertThat(SelfApproval.selfApproved(List.of("carol@example.com"), List.of("bob"), Map.of()))
                .isFalse();
    }

    @Test
    void theOnlyActorAmongSeveralApproversIsSelfApproved() {
        assertThat(SelfApproval.selfApproved(
                        List.of("carol@example.com", "dave@example.com"), List.of("dave"), Map.of()))
                .isTrue();
        assertThat(SelfApproval.selfApproved(
                        List.of("carol@example.com", "dave@example.com"), List.of("dave", "erin"), Map.of()))
                .as("two approvers, two actors: the second key is someone else's judgement")
                .isFalse();
    }

    @Test
    void accountsMapAPrincipalToItsLogins() {
        Map<String, List<String>> accounts = Map.of("carol@example.com", List.of("cbrown", "root-carol"));
        assertThat(SelfApproval.selfApproved(List.of("carol@example.com"), List.of("cbrown"), accounts))
                .isTrue();
        assertThat(SelfApproval.selfApproved(List.of("carol@example.com"), List.of("carol"), accounts))
                .as("the mapping replaces the local-part default")
                .isFalse();
        assertThat(SelfApproval.selfApproved(List.of(), List.of("carol"), Map.of()))
                .isFalse();
        assertThat(SelfApproval.selfApproved(List.of("carol@example.com"), List.of(), Map.of()))
                .isFalse();
    }
}
