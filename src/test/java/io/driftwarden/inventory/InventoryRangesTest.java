package io.driftwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host ranges in both inventory formats: names, addresses in step, and one-line errors naming file, line and entry. */
class InventoryRangesTest {
    static final InventoryLoader.SshDefaults SSH = AnsibleInventoryTest.SSH;

    @TempDir
    Path dir;

    @Test
    void anAnsibleIniEntryStandsForEveryHostOfItsRanges() throws Exception {
        Path f = Files.writeString(dir.resolve("hosts"), """
                [web]
                web[01:03].example.com ansible_host=192.0.2.[11:13] ansible_port=2222 tier=front
                [db]
                db-[a:c]
                web01.example.com
                [prod:children]
                web
                """);
        Inventory inv = AnsibleInventory.load(f, SSH);
        assertThat(inv.hosts())
                .extracting(Host::name)
                .containsExactly("db-a", "db-b", "db-c", "web01.example.com", "web02.example.com", "web03.example.com");
        assertThat(inv.hosts())
                .filteredOn(h -> h.name().startsWith("web"))
                .extracting(Host::address)
                .containsExactly("192.0.2.11", "192.0.2.12", "192.0.2.13");
        Host web2 = inv.host("web02.example.com").orElseThrow();
        assertThat(web2.port()).isEqualTo(2222);
        assertThat(web2.vars()).containsEntry("tier", "front");
        assertThat(web2.groups()).isEqualTo(Set.of("prod", "web"));
        assertThat(inv.host("web01.example.com").orElseThrow().groups())
                .as("listed in two groups: a member of each")
                .isEqualTo(Set.of("db", "prod", "web"));
        assertThat(inv.host("db-b").orElseThrow().address()).isEqualTo("db-b");
    }

    @Test
    void anAnsibleYamlEntryExpandsToo() throws Exception {
        Path f = Files.writeString(dir.resolve("hosts.yml"), """
                all:
                  children:
                    web:
                      hosts:
                        web[1:5:2]: {ansible_host: "10.0.[1:5:2].1"}
                        edge-[a:b]-[1:2]:
                """);
        Inventory inv = AnsibleInventory.load(f, SSH);
        assertThat(inv.hosts())
                .extracting(Host::name)
                .containsExactly("edge-a-1", "edge-a-2", "edge-b-1", "edge-b-2", "web1", "web3", "web5");
        assertThat(inv.host("web3").orElseThrow().address()).isEqualTo("10.0.3.1");
        assertThat(inv.host("edge-b-1").orElseThrow().groups()).containsExactly("web");
    }

    @Test
    void ansibleRangeMistakesNameTheFileLineAndEntry() throws Exception {
        assertThat(iniProblem("[web]\nweb[3:1]\n")).isEqualTo(":2:1: host entry web[3:1]: [3:1] starts after it ends");
        assertThat(iniProblem("[web]\n\nweb[a:3]\n"))
                .isEqualTo(":3:1: host entry web[a:3]: [a:3] mixes a letter and a number");
        assertThat(iniProblem("web[1:3 ansible_port=22\n"))
                .isEqualTo(":1:1: host entry web[1:3: a '[' without its ']'");
        assertThat(iniProblem("h[0:10000]\n"))
                .isEqualTo(":1:1: host entry h[0:10000]: [0:10000] expands to more than"
                        + " 10000 hosts; split it into several entries");
        assertThat(iniProblem("[web]\nweb[1:3] ansible_host=192.0.2.10\n"))
                .startsWith(
                        ":2:1: host entry web[1:3]:" + " ansible_host: 192.0.2.10 would be the address of all 3 hosts");
        assertThat(iniProblem("[web]\nweb[1:3] ansible_host=10.0.0.[1:2]\n"))
                .isEqualTo(
                        ":2:1: host entry web[1:3]:"
                                + " ansible_host: 10.0.0.[1:2] does not expand in step with the name: its ranges have [2] values, the name's [3]");
        assertThat(iniProblem("[web]\nweb2\nweb[1:3]\n"))
                .isEqualTo(":3:1: host entry web[1:3]: duplicate host web2" + " (first at " + dir.resolve("hosts")
                        + ":2:1)");
        Path yml = Files.writeString(dir.resolve("hosts.yml"), "web:\n  hosts:\n    web[1:2]:\n    web[2:3]:\n");
        assertThatThrownBy(() -> AnsibleInventory.load(yml, SSH))
                .isInstanceOf(LoadException.class)
                .hasMessage(yml + ":4:5: host entry web[2:3]: duplicate host web2 (first at " + yml + ":3:5)");
    }

    @Test
    void aNativeEntryExpandsWithItsAddressAndRootInStep() throws Exception {
        Inventory inv = nativeInventory("""
                defaults: {user: audit}
                hosts:
                  web[01:03]: {address: "192.0.2.[11:13]", port: 2222, groups: [web], vars: {ntp: ntp1}}
                  cache-[a:b]: {groups: [cache]}
                  golden-[1:2]: {transport: image, root: "images/web[1:2]"}
                  this-box: {transport: local}
                """);
        assertThat(inv.hosts())
                .extracting(Host::name)
                .containsExactly("cache-a", "cache-b", "golden-1", "golden-2", "this-box", "web01", "web02", "web03");
        Host web3 = inv.host("web03").orElseThrow();
        assertThat(web3.address()).isEqualTo("192.0.2.13");
        assertThat(web3.port()).isEqualTo(2222);
        assertThat(web3.groups()).containsExactly("web");
        assertThat(web3.vars()).containsEntry("ntp", "ntp1");
        assertThat(inv.host("cache-b").orElseThrow().address()).isEqualTo("cache-b");
        Host golden2 = inv.host("golden-2").orElseThrow();
        assertThat(golden2.transport()).isEqualTo(Transport.IMAGE);
        assertThat(golden2.rootAsWritten()).isEqualTo("images/web2");
        assertThat(golden2.root())
                .isEqualTo(dir.resolve("images/web2").toAbsolutePath().normalize());
    }

    @Test
    void nativeRangeMistakesAreLoadProblemsNamingFileLineAndEntry() throws Exception {
        String f = dir.resolve("inventory.yaml").toString();
        assertThat(nativeProblems("""
                hosts:
                  web[5:1]: {}
                  web[1:2]: {address: 192.0.2.10}
                  db[1:2]: {address: "10.0.0.[1:3]"}
                  img[1:2]: {transport: image, root: images/one}
                  app[01:10]: {}
                  app[9:11]: {}
                  app10: {}
                """))
                .containsExactly(
                        f + ":2:3: hosts.web[5:1]: [5:1] starts after it ends",
                        f
                                + ":3:14: hosts.web[1:2].address: 192.0.2.10 would be the address of all 2 hosts: give it ranges in"
                                + " step with the name's (e.g. 192.0.2.[11:13] for web[01:03]), or list the hosts",
                        f
                                + ":4:13: hosts.db[1:2].address: 10.0.0.[1:3] does not expand in step with the name: its ranges have"
                                + " [3] values, the name's [2]",
                        f
                                + ":5:32: hosts.img[1:2].root: images/one would be the address of all 2 hosts: give it ranges in step"
                                + " with the name's (e.g. 192.0.2.[11:13] for web[01:03]), or list the hosts",
                        f + ":7:3: hosts.app[9:11]: duplicate host app10 (first at " + f + ":6:3)",
                        f + ":8:3: hosts.app10: duplicate host app10 (first at " + f + ":6:3)");
        assertThat(nativeProblems("hosts:\n  web[1:3]x_: {}\n  ok[1:2]: {}\n")).isEmpty();
    }

    private String iniProblem(String ini) throws Exception {
        Path f = Files.writeString(dir.resolve("hosts"), ini);
        try {
            AnsibleInventory.load(f, SSH);
            throw new AssertionError("loaded: " + ini);
        } catch (LoadException e) {
            assertThat(e.problems()).hasSize(1);
            assertThat(e.getMessage()).startsWith(f.toString());
            return e.getMessage().substring(f.toString().length());
        }
    }

    private Inventory nativeInventory(String yaml) throws Exception {
        return InventoryLoader.load(Files.writeString(dir.resolve("inventory.yaml"), yaml), SSH);
    }

    private List<String> nativeProblems(String yaml) throws Exception {
        try {
            nativeInventory(yaml);
            return List.of();
        } catch (LoadException e) {
            return e.problems();
        }
    }
}
