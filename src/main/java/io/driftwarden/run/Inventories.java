package io.driftwarden.run;

import io.driftwarden.config.Config;
import io.driftwarden.inventory.AnsibleInventory;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.inventory.InventoryLoader;
import io.driftwarden.yaml.LoadException;

/** Loads the configured inventory, native or Ansible, with the ssh defaults below it. */
public final class Inventories {
    private Inventories() {}

    public static Inventory load(Config cfg) {
        var defaults =
                new InventoryLoader.SshDefaults(cfg.ssh().user(), cfg.ssh().port());
        return cfg.ansibleInventory()
                ? AnsibleInventory.load(cfg.inventory(), defaults)
                : InventoryLoader.load(cfg.inventory(), defaults);
    }

    /** The {@code --host} a command names, or the one-line error every command gives for a host not in the inventory. */
    public static Host host(Config cfg, String name) {
        return load(cfg).host(name).orElseThrow(() -> unknownHost(cfg, name));
    }

    public static LoadException unknownHost(Config cfg, String name) {
        return new LoadException("--host: no host '" + name + "' in " + cfg.inventory());
    }
}
