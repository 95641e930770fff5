package io.driftwarden.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.approval.ApprovalFiles.Kind;
import org.junit.jupiter.api.Test;

/** Exactly the approvals files leave SIGNOFF; anything else under approvals/ stays covered. */
class ApprovalFilesTest {
    @Test
    void kindsByName() {
        assertThat(ApprovalFiles.kind("CHG-1.yaml")).isEqualTo(Kind.RECORD);
        assertThat(ApprovalFiles.kind("CHG-1.withdrawn")).isEqualTo(Kind.TOMBSTONE);
        assertThat(ApprovalFiles.kind("INDEX")).isEqualTo(Kind.INDEX);
        assertThat(ApprovalFiles.kind("CHG-1.yaml.carol.sig")).isEqualTo(Kind.SIGNATURE);
        assertThat(ApprovalFiles.kind("INDEX.carol.sig")).isEqualTo(Kind.SIGNATURE);
        assertThat(ApprovalFiles.kind("CHG-1.withdrawn.dave.sig")).isEqualTo(Kind.SIGNATURE);
        for (String other :
                new String[] {"README.md", "x.yml", ".yaml", "CHG-1.yaml.sig", "INDEX.sig", "a/b.yaml", ""}) {
            assertThat(ApprovalFiles.kind(other)).as(other).isEqualTo(Kind.OTHER);
        }
    }

    @Test
    void aSignatureNamesTheFileItSigns() {
        assertThat(ApprovalFiles.signedFile("CHG-1.yaml.carol.sig")).contains("CHG-1.yaml");
        assertThat(ApprovalFiles.signedFile("a.yaml.b.yaml.carol.sig")).contains("a.yaml.b.yaml");
        assertThat(ApprovalFiles.signedFile("CHG-1.withdrawn.x.y.sig")).contains("CHG-1.withdrawn");
        assertThat(ApprovalFiles.signs("CHG-1.yaml.carol.sig", "CHG-1.yaml")).isTrue();
        assertThat(ApprovalFiles.signs("CHG-10.yaml.carol.sig", "CHG-1.yaml")).isFalse();
    }

    @Test
    void exactlyTheApprovalsFilesOfTheBundleAreExcluded() {
        assertThat(ApprovalFiles.inBundle("approvals/CHG-1.yaml")).isTrue();
        assertThat(ApprovalFiles.inBundle("approvals/INDEX")).isTrue();
        assertThat(ApprovalFiles.inBundle("approvals/CHG-1.withdrawn")).isTrue();
        assertThat(ApprovalFiles.inBundle("approvals/README.md")).isFalse();
        assertThat(ApprovalFiles.inBundle("approvals/x.yml")).isFalse();
        assertThat(ApprovalFiles.inBundle("approvals/sub/a.yaml")).isFalse();
        assertThat(ApprovalFiles.inBundle("CHG-1.yaml")).isFalse();
        assertThat(ApprovalFiles.inBundle("files/approvals/CHG-1.yaml")).isFalse();
    }
}
