/**
 * Native and Ansible inventories into hosts, the limits on what a host entry may hold, and what changed between
 * two runs' inventories. Depends on standard and yaml.
 */
package io.driftwarden.inventory;
