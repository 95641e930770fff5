package io.driftwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing of a host longer than the store keeps of it (host VARCHAR(255), address 1000, groups 4000) loads. */
class HostLimitsTest {
    static final InventoryLoader.SshDefaults SSH = new InventoryLoader.SshDefaults("audit", 22);

    @TempDir
    Path dir;

    List<String> problems(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("inventory.yaml"), yaml);
        try {
            InventoryLoader.load(f, SSH);
            return List.of();
        } catch (LoadException e) {
            return e.problems();
        }
    }

    @Test
    void aHostNameLongerThanTheStoreKeepsIsALoadErrorNamingFileAndLine() throws Exception {
        String f = dir.resolve("inventory.yaml").toString();
        assertThat(problems("hosts:\n  " + "h".repeat(253) + ": {transport: local}\n"))
                .isEmpty();
        assertThat(problems("hosts:\n  ok: {transport: local}\n  " + "h".repeat(300) + ": {transport: local}\n"))
                .containsExactly(f + ":3:305: hosts." + "h".repeat(40) + "... (300 characters): a host name is at most"
                        + " 253 characters, this one has 300");
    }

    @Test
    void anAddressRootOrGroupsLongerThanTheStoreKeepsAreLoadErrors() throws Exception {
        String f = dir.resolve("inventory.yaml").toString();
        String groups = "[" + String.join(", ", java.util.Collections.nCopies(401, "g".repeat(9))) + "]";
        assertThat(problems("hosts:\n  a: {address: " + "a".repeat(995) + "}\n  b: {transport: image, root: "
                        + "r".repeat(1000) + "}\n  c: {groups: " + groups + "}\n"))
                .containsExactly(
                        f + ":2:7: hosts.a.address: at most 994 characters, this one has 995",
                        f + ":3:25: hosts.b.root: at most 994 characters, this one has 1000",
                        f
                                + ":4:7: hosts.c.groups: the group names together are at most 4000 characters, these have 4009");
    }

    @Test
    void anAnsibleHostNameIsHeldToTheSameRules() throws Exception {
        Path ini = Files.writeString(dir.resolve("hosts"), "[web]\nweb-1\n" + "w".repeat(254) + "\n");
        assertThatThrownBy(() -> AnsibleInventory.load(ini, SSH))
                .isInstanceOf(LoadException.class)
                .hasMessage(ini + ":3:1: " + "w".repeat(40)
                        + "... (254 characters): a host name is at most 253 characters," + " this one has 254");
        Path yml = Files.writeString(dir.resolve("hosts.yml"), "all:\n  hosts:\n    \"web\\u200B1\": {}\n");
        assertThatThrownBy(() -> AnsibleInventory.load(yml, SSH))
                .isInstanceOf(LoadException.class)
                .hasMessage(yml + ":3:5: web\\u200B1: host names are letters, digits, '.', '_' and '-'");
    }

    @Test
    void aHugeInventoryIsRefusedUnreadInEitherFormat() throws Exception {
        for (String name : List.of("inventory.yaml", "hosts", "group_vars/web.yml")) {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            try (var raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(3L << 30);
            }
        }
        assertThatThrownBy(() -> InventoryLoader.load(dir.resolve("inventory.yaml"), SSH))
                .hasMessage(
                        dir.resolve("inventory.yaml")
                                + ": the inventory is 3221225472 bytes, over the 4194304-byte limit; refused without reading it");
        assertThatThrownBy(() -> AnsibleInventory.load(dir.resolve("hosts"), SSH))
                .hasMessage(
                        dir.resolve("hosts")
                                + ": the Ansible inventory is 3221225472 bytes, over the 4194304-byte limit; refused without reading it");
        Path ini = Files.writeString(dir.resolve("small"), "[web]\nweb-1\n");
        assertThatThrownBy(() -> AnsibleInventory.load(ini, SSH))
                .hasMessage(
                        dir.resolve("group_vars/web.yml")
                                + ": an Ansible variables file is 3221225472 bytes, over the 4194304-byte limit; refused without reading it");
    }
}
