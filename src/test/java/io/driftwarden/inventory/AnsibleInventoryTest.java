package io.driftwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsibleInventoryTest {
    static final InventoryLoader.SshDefaults SSH = new InventoryLoader.SshDefaults("audit", 22);

    @TempDir
    Path dir;

    @Test
    void yamlWithChildrenVarsAndConnection() throws Exception {
        Path f = Files.writeString(dir.resolve("hosts.yml"), """
                all:
                  vars: {ntp: all.example.com, dc: x}
                  hosts:
                    this-box: {ansible_connection: local}
                  children:
                    prod:
                      vars: {dc: fra}
                      children:
                        web:
                          vars: {ntp: web.example.com}
                          hosts:
                            web-1: {ansible_host: 192.0.2.11}
                            web-2: {ansible_host: 192.0.2.12, ansible_port: 2222, ansible_user: audit2, ntp: own.example.com}
                    db:
                      hosts:
                        db-1:
                """);
        Inventory inv = AnsibleInventory.load(f, SSH);
        Host web2 = inv.host("web-2").orElseThrow();
        assertThat(web2.address()).isEqualTo("192.0.2.12");
        assertThat(web2.port()).isEqualTo(2222);
        assertThat(web2.user()).isEqualTo("audit2");
        assertThat(web2.groups()).isEqualTo(Set.of("prod", "web"));
        assertThat(web2.vars()).isEqualTo(Map.of("ntp", "own.example.com", "dc", "fra"));
        Host web1 = inv.host("web-1").orElseThrow();
        assertThat(web1.vars()).containsEntry("ntp", "web.example.com").containsEntry("dc", "fra");
        assertThat(web1.port()).isEqualTo(22);
        Host db1 = inv.host("db-1").orElseThrow();
        assertThat(db1.address()).isEqualTo("db-1");
        assertThat(db1.groups()).containsExactly("db");
        assertThat(db1.vars()).containsEntry("ntp", "all.example.com");
        assertThat(inv.host("this-box").orElseThrow().transport()).isEqualTo(Transport.LOCAL);
    }

    @Test
    void iniWithSectionsVarsAndChildren() throws Exception {
        Path f = Files.writeString(dir.resolve("hosts"), """
                # ungrouped first
                bastion ansible_host=192.0.2.1
                [web]
                web-1 ansible_host=192.0.2.11
                web-2 ansible_host=192.0.2.12 ansible_port=2222 motd="hello world"
                [web:vars]
                ntp=web.example.com
                [prod:children]
                web
                [prod:vars]
                dc=fra
                """);
        Inventory inv = AnsibleInventory.load(f, SSH);
        assertThat(inv.hosts()).extracting(Host::name).containsExactly("bastion", "web-1", "web-2");
        Host web2 = inv.host("web-2").orElseThrow();
        assertThat(web2.groups()).isEqualTo(Set.of("prod", "web"));
        assertThat(web2.vars()).isEqualTo(Map.of("ntp", "web.example.com", "dc", "fra", "motd", "hello world"));
        assertThat(web2.port()).isEqualTo(2222);
        assertThat(inv.host("bastion").orElseThrow().groups()).isEmpty();
    }

    @Test
    void groupVarsAndHostVarsFilesBesideTheInventory() throws Exception {
        Path f = Files.writeString(dir.resolve("hosts"), """
                [web]
                web-1 ansible_host=192.0.2.11 ntp=inline.example.com
                web-2 ansible_host=192.0.2.12
                [web:vars]
                ntp=web.example.com
                dc=inline
                """);
        Files.createDirectories(dir.resolve("group_vars/web"));
        Files.writeString(dir.resolve("group_vars/all.yml"), "ntp: all.example.com\nsyslog: log.example.com\n");
        Files.writeString(dir.resolve("group_vars/web/10-dc.yml"), "dc: fra\n");
        Files.writeString(dir.resolve("group_vars/web/20-dc.yaml"), "dc: ber\n");
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("host_vars/web-1.yml"), "ntp: host.example.com\nnested: {ignored: true}\n");
        Inventory inv = AnsibleInventory.load(f, SSH);
        assertThat(inv.host("web-1").orElseThrow().vars())
                .as("host_vars over inline host vars over group_vars over all")
                .isEqualTo(Map.of("ntp", "host.example.com", "dc", "ber", "syslog", "log.example.com"));
        assertThat(inv.host("web-2").orElseThrow().vars())
                .isEqualTo(Map.of("ntp", "web.example.com", "dc", "ber", "syslog", "log.example.com"));
        Files.writeString(dir.resolve("host_vars/web-2.yml"), "- a list\n");
        assertThatThrownBy(() -> AnsibleInventory.load(f, SSH))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("host_vars/web-2.yml:1:1: Ansible variables are a mapping");
    }

    @Test
    void aPortThatIsNotANumberIsAClearError() throws Exception {
        Path badPort = Files.writeString(dir.resolve("p"), "h ansible_port=ssh\n");
        assertThatThrownBy(() -> AnsibleInventory.load(badPort, SSH))
                .hasMessageContaining("ansible_port is not a number");
    }
}
