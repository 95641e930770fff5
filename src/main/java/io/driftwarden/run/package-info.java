/**
 * One run pipeline: admit, inventory, observe and judge, history step, record, enrich, assemble once, publish; with
 * its recipes for audit, the preview and the daemon. Depends on the inputs, the core, the store and the sinks.
 */
package io.driftwarden.run;
