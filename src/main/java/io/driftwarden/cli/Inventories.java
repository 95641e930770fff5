package io.driftwarden.cli;

import io.driftwarden.config.Config;
import io.driftwarden.inventory.AnsibleInventory;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.inventory.InventoryLoader;

/** Loads the configured inventory, native or Ansible, with the ssh defaults below it. */
final class Inventories {
    private Inventories() {}

    static Inventory load(Config cfg) {
        var defaults = new InventoryLoader.SshDefaults(cfg.ssh().user(), cfg.ssh().port());
        return cfg.ansibleInventory() ? AnsibleInventory.load(cfg.inventory(), defaults)
                : InventoryLoader.load(cfg.inventory(), defaults);
    }
}
